// What cni-doctor knows of one CNI plugin, as data: how its agents are recognised, what the
// collector runs in its agent pod and where each output goes in the bundle, which parser reads each
// output, and which rules it turns on. The collector's command list, serve's exec replay, the
// loader's dispatch and the plugin detection are all derived from these descriptors (src/cni/index.ts).
//
// Descriptors import the bundle contract, the parsers and the model; nothing above them.
import { encodePathSegment } from '../bundle/layout.js';
import type { CniResources } from '../model/cni-resources.js';
import type { Symptom } from '../model/report.js';
import type { CustomList } from '../model/k8s/custom-object.js';
import type { Unrecognised } from '../model/outputs/text.js';

/** Plugins that have rules of their own (a rule's `meta.plugin`). */
export type PluginId = 'calico' | 'cilium' | 'flannel' | 'aws-vpc-cni' | 'weave' | 'antrea' | 'kube-router' | 'ovn-kubernetes' | 'multus';

/**
 * `plugins/<dir>/<node><ext>`: one file per node, parsed into T. The analyzer keeps outputs by their
 * spec (nodeOutputs(data, spec) gives them typed), so a new output needs no new field anywhere.
 */
export interface NodeOutputSpec<T = unknown> {
  /** Unique among outputs, e.g. `calico/node-status`. */
  id: string;
  dir: string;
  ext: string;
  /** A text parser (an unrecognised format is its own result), or JSON.parse for `json` outputs. */
  parse: (text: string) => T | Unrecognised;
  /** JSON: text that does not parse is a read problem ("not valid JSON") rather than unrecognised. */
  json?: boolean;
  /** Only this plugin produces the file, so its presence shows the plugin (bundles without DaemonSets). */
  showsPlugin?: boolean;
  /**
   * What the output tells for a row of the emergency matrix (report.triage.matrix), in words: a
   * row with nothing that tells is "unknown", not "ok" (BGP status tells whether pods on different
   * nodes reach each other; IPAM figures whether IP space is left).
   */
  tells?: { symptom: Symptom; what: string }[];
}

export interface ClusterOutputSpec<T = unknown> {
  id: string;
  path: string;
  parse: (text: string) => T | Unrecognised;
}

/** A command run on a node, in a pod that can see the host (the agent's, or a debug pod). */
export interface NodeCommand {
  argv: readonly string[];
  /** The bundle file its output goes to. */
  output: (node: string) => string;
  /** The commands (normalised to single spaces) that `serve` answers from that file. */
  replays: RegExp;
  /** A missing binary is not a gap: the next command (`orElse`) is tried instead. */
  orElse?: NodeCommand;
  /** The container of the agent pod to run it in, where it is not the agent's own (antrea-ovs for ovs-vsctl). */
  container?: RegExp;
  /** An exit status other than 0 whose output is still the answer (calicoctl exits 1 with a status). */
  keepOutput?: (stdout: string) => boolean;
}

/** A cluster-wide command of the plugin's own tool: local (same kubeconfig) first, else in an agent pod. */
export interface ClusterCommand {
  argv: readonly string[];
  output: string;
  replays: RegExp;
}

export interface CniDescriptor {
  /** Stable id (reports, the rules' plugin filter, bundle paths). */
  id: string;
  name: string;
  /** Plugins whose rules apply where this agent runs (canal is Calico policy + Flannel networking). */
  plugins: PluginId[];
  agent: {
    /** DaemonSet (or owner) names of the agent. */
    workloadNames: RegExp;
    /** Agent images, for DaemonSets with other names. */
    image: RegExp;
    /** The agent container, for versions, memory and where to exec. */
    container: RegExp;
  };
  /**
   * The plugin's cluster-wide pods (not one per node): OVN's databases and ovnkube-master /
   * ovnkube-control-plane. Matched on the owner's name (a Deployment's ReplicaSet starts with it) in
   * the plugin's namespaces or kube-system; the collector takes their logs, the loader keeps them whole.
   */
  controlPlane?: { workloadNames: RegExp };
  /** CNI config `type`s that belong to this plugin. */
  configTypes: string[];
  /**
   * The data path routes each other node's podCIDR on the host (flannel, kube-router, kindnet): a
   * routing table without such a route is a broken path (pod-routing-failure). `check` are the
   * commands that show how the routes are distributed (leases, BGP sessions, the agent's log).
   */
  routesPerNode?: { check: string[] };
  /**
   * IPAM `type`s its plugin serves itself rather than by running a binary of that name (azure-vnet
   * asks azure-cns over HTTP): no binary is missing when none is in the bin dir.
   */
  inProcessIpam?: string[];
  /** Conventional config file names, for a listing without contents. */
  configFileName?: RegExp;
  /**
   * A meta-plugin (Multus): it hands every pod to other plugins' configs (its delegates), so its
   * agent and config sit beside another plugin's by design and are never a second data path.
   */
  meta?: boolean;
  /**
   * Agents this one runs beside by design, one data path between them: Azure's CNS serves the
   * addresses of Azure CNI powered by Cilium, GKE's netd runs beside anetd (Dataplane V2) and
   * beside Calico (GKE's network policy). Never a second plugin in multiple-cni-plugins.
   */
  coexistsWith?: string[];
  /** Plugin types this one chains onto (Cilium on aws-cni, flannel…): one data path, not two. */
  chainsOnto?: string[];
  /** Keys of its CNI config that its agent writes from an environment variable (so a report names the setting to change). */
  configEnv?: Record<string, { env: string; default?: string }>;
  /**
   * Readiness-probe failures of its agent that report a dataplane failure rather than the agent's
   * own: the agent is then a symptom of that failure, which `rule` finds (calico-node not ready
   * because BGP is not established is a BGP failure, not an agent failure).
   */
  readinessCauses?: { pattern: RegExp; rule: string; failure: string }[];
  /** Namespaces whose ConfigMaps the collector reads. */
  namespaces: string[];
  /** API groups of its custom resources, collected where their CRDs exist. */
  customGroups: string[];
  nodeOutputs: NodeOutputSpec[];
  clusterOutputs: ClusterOutputSpec[];
  /** Run in this plugin's own agent pod on each selected node. */
  agentCommands: NodeCommand[];
  /** Run on every selected node of a cluster where one of `plugins` is present, in whatever agent pod is there. */
  hostCommands: NodeCommand[];
  /** Cluster-wide commands (see ClusterCommand); `execIn` names the agents whose pods have the tool. */
  clusterCommands: ClusterCommand[];
  execIn: string[];
  /** Types its custom resources once the bundle is read; what is not a readable object is a problem. */
  readResources?: (custom: ReadonlyMap<string, CustomList>, problem: (p: { file: string; line: number; message: string }) => void) => Partial<CniResources>;
}

type Optional = 'plugins' | 'configTypes' | 'namespaces' | 'customGroups' | 'nodeOutputs' | 'clusterOutputs' | 'agentCommands' | 'hostCommands' | 'clusterCommands' | 'execIn';

/** A descriptor with the lists it does not need left empty. */
export function defineCni(d: Omit<CniDescriptor, Optional> & Partial<Pick<CniDescriptor, Optional>>): CniDescriptor {
  return {
    plugins: [],
    configTypes: [],
    namespaces: [],
    customGroups: [],
    nodeOutputs: [],
    clusterOutputs: [],
    agentCommands: [],
    hostCommands: [],
    clusterCommands: [],
    execIn: [],
    ...d,
  };
}

/** `plugins/<dir>/<node><ext>` of a per-node output. */
export function nodeOutputPath(spec: Pick<NodeOutputSpec, 'dir' | 'ext'>, node: string): string {
  return `${spec.dir}${encodePathSegment(node)}${spec.ext}`;
}

export type ParsedOutput<T> = T | Unrecognised;
