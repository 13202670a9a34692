// What `cilium bpf endpoint list` says, as the parser (src/parsers/cilium-bpf-endpoints.ts) reads it.

export interface BpfEndpoint {
  ip: string;
  localhost: boolean;
  id?: number;
  securityId?: number;
  line: number;
}

export interface CiliumBpfEndpointList {
  format: 'cilium-bpf-endpoint-list';
  style: 'recent' | 'legacy';
  endpoints: BpfEndpoint[];
}
