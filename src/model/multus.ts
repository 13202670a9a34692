// Multus' NetworkAttachmentDefinitions (k8s.cni.cncf.io/v1), typed at load time (src/cni/multus.ts).
// https://github.com/k8snetworkplumbingwg/multi-net-spec

export interface NetworkAttachment {
  name: string;
  namespace: string;
  file: string;
  line: number;
  /** The delegate's plugin types: the config's `type`, or each of its `plugins`. */
  types: string[];
  /** What is wrong with spec.config, when Multus could not use it (not JSON, no type). */
  configError?: string;
  /** No spec.config: Multus reads a file of that name from its conf dir instead. */
  fromFile: boolean;
}

export interface MultusResources {
  networkAttachments?: { path: string; items: NetworkAttachment[] };
}
