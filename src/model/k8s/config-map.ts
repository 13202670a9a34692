// The typed record of a ConfigMap, as the loader reduces it at the edge (src/bundle/k8s.ts).

export interface ConfigMapRecord {
  namespace: string;
  name: string;
  line: number;
  data: Record<string, string>;
  text?: string;
}
