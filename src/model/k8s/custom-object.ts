// The typed record of a custom resource, as the loader reduces it at the edge (src/bundle/k8s.ts).

/** A custom resource, kept loosely; the CRDs a CNI's rules read are typed from it at load time (src/cni/). */
export interface CustomObjectRecord {
  name: string;
  namespace?: string;
  /** The bundle file it was read from (a foreign bundle has several per kind). */
  file: string;
  line: number;
  labels: Record<string, string>;
  spec: unknown;
  status: unknown;
  raw: Record<string, unknown>;
}

/** The objects of one `cluster/custom/<resource>.json` List. */
export interface CustomList {
  path: string;
  items: CustomObjectRecord[];
}
