// The typed record of a Service and EndpointSlice, as the loader reduces it at the edge (src/bundle/k8s.ts).

export interface ServiceRecord {
  namespace: string;
  name: string;
  line: number;
  clusterIPs: string[];
  selector: Record<string, string>;
  labels: Record<string, string>;
}

export interface EndpointSliceRecord {
  namespace: string;
  name: string;
  service?: string;
  line: number;
  ready: number;
  notReady: number;
}
