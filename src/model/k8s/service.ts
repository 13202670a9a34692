// The typed record of a Service and EndpointSlice, as the loader reduces it at the edge (src/bundle/k8s.ts).

export interface ServiceRecord {
  namespace: string;
  name: string;
  /** The bundle file it was read from (a foreign bundle has several per kind). */
  file: string;
  line: number;
  clusterIPs: string[];
  selector: Record<string, string>;
  labels: Record<string, string>;
}

export interface EndpointSliceRecord {
  namespace: string;
  name: string;
  service?: string;
  /** The bundle file it was read from (a foreign bundle has several per kind). */
  file: string;
  line: number;
  ready: number;
  notReady: number;
}
