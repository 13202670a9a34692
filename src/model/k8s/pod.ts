// The typed record of a Pod, as the loader reduces it at the edge (src/bundle/k8s.ts).

export interface ContainerRecord {
  name: string;
  init: boolean;
  ready: boolean;
  restartCount: number;
  waitingReason?: string;
  waitingMessage?: string;
  terminatedReason?: string;
  lastTerminatedReason?: string;
  lastExitCode?: number;
  /** When the previous instance ended (ISO), to tell fresh crashes from old reboots. */
  lastFinishedAt?: string;
  memoryLimit?: string;
  image?: string;
}

export interface PodRecord {
  namespace: string;
  name: string;
  /** The bundle file it was read from (a foreign bundle has several per kind). */
  file: string;
  line: number;
  nodeName?: string;
  phase: string;
  hostNetwork: boolean;
  podIPs: string[];
  labels: Record<string, string>;
  ownerKind?: string;
  ownerName?: string;
  containers: ContainerRecord[];
  /** True when a container is waiting in ContainerCreating (sandbox not yet created). */
  containerCreating: boolean;
  creationTimestamp?: string;
}
