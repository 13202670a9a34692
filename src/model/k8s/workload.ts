// The typed record of a DaemonSet and Deployment, as the loader reduces it at the edge (src/bundle/k8s.ts).

export interface WorkloadContainer {
  name: string;
  image: string;
  env: Record<string, string>;
  /** command then args, the strings among them. */
  args: string[];
  memoryLimit?: string;
}

export interface WorkloadRecord {
  kind: 'DaemonSet' | 'Deployment';
  namespace: string;
  name: string;
  /** The bundle file it was read from (a foreign bundle has several per kind). */
  file: string;
  line: number;
  labels: Record<string, string>;
  selector: Record<string, string>;
  desired: number;
  ready: number;
  available: number;
  containers: WorkloadContainer[];
  initContainers: WorkloadContainer[];
  hostPaths: string[];
  /** Line of each env var name in the file, for evidence. */
  text?: string;
}
