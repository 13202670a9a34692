// The typed record of a custom resource, as the loader reduces it at the edge (src/bundle/k8s.ts).

/** A custom resource, kept loosely: rules read `spec`/`status` through their own small schemas. */
export interface CustomObjectRecord {
  name: string;
  namespace?: string;
  line: number;
  labels: Record<string, string>;
  spec: unknown;
  status: unknown;
  raw: Record<string, unknown>;
}
