// The typed record of a Namespace, as the loader reduces it at the edge (src/bundle/k8s.ts).

export interface NamespaceRecord {
  name: string;
  labels: Record<string, string>;
}
