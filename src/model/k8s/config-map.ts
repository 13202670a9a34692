// The typed record of a ConfigMap, as the loader reduces it at the edge (src/bundle/k8s.ts).

export interface ConfigMapRecord {
  namespace: string;
  name: string;
  /** The bundle file it was read from (a foreign bundle has several per kind). */
  file: string;
  line: number;
  data: Record<string, string>;
  text?: string;
}
