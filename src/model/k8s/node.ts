// The typed record of a Node, as the loader reduces it at the edge (src/bundle/k8s.ts).

export interface NodeCondition {
  status: string;
  reason: string;
  message: string;
  lastTransitionTime?: string;
}

export interface NodeRecord {
  name: string;
  /** The bundle file it was read from (a foreign bundle has several per kind). */
  file: string;
  line: number;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  podCIDRs: string[];
  internalIPs: string[];
  ready?: NodeCondition;
  networkUnavailable?: NodeCondition;
  kernelVersion?: string;
  osImage?: string;
  containerRuntimeVersion?: string;
  kubeletVersion?: string;
  architecture?: string;
  maxPods?: number;
  providerID?: string;
  instanceType?: string;
  taints: string[];
}
