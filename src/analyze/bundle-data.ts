// What the analyzer knows after reading a bundle: typed records, never raw JSON. Rules are pure
// functions of this value.
import type { Manifest, ManifestCommand } from '../bundle/layout.js';
import type { BundleSource } from '../bundle/source.js';
import type { BundleFormat, ToolError } from '../import/formats.js';
import { emptyCniResources, type CniResources } from '../model/cni-resources.js';
import type { ClusterOutputSpec, NodeOutputSpec } from '../cni/descriptor.js';
import { PodIndex } from './pod-index.js';
import type { ConfigMapRecord, CustomList, EndpointSliceRecord, EventRecord, NamespaceRecord, NetworkPolicyRecord, NodeRecord, PodRecord, ServiceRecord, WorkloadRecord } from '../model/k8s.js';
import type { CniConfigFile } from '../model/outputs/cni-config.js';
import type { FlannelSubnetEnv } from '../model/outputs/flannel-subnet-env.js';
import type { LinkList } from '../model/outputs/ip-link.js';
import type { RouteTable } from '../model/outputs/ip-route.js';
import type { LsListing } from '../model/outputs/ls-la.js';
import type { KeptText } from '../bundle/kept-text.js';
import type { MountTable } from '../model/outputs/proc-mounts.js';
import type { Unrecognised } from '../model/outputs/text.js';
import type { SignatureMatch } from '../parsers/signatures.js';

export interface BundleFile {
  path: string;
  size: number;
  /** Text kept for evidence excerpts (small files only). */
  text?: string;
  /** A List's text kept for excerpts, deflated by blocks of lines (it may be tens of MB). */
  kept?: KeptText;
}

/** The whole kept text of a file, inflated if need be (viewers; evidence reads lines). */
export function keptTextOf(file: BundleFile | undefined): string | undefined {
  return file?.text ?? file?.kept?.toString();
}

/** A file that could not be read or interpreted: what, where, and why. */
export interface ReadProblem {
  file?: string;
  message: string;
  line?: number;
  column?: number;
  /** The whole archive could not be read past this point. */
  archive?: boolean;
}

export interface RejectedEntry {
  path: string;
  reason: string;
}

export interface Parsed<T> {
  path: string;
  result: T | Unrecognised;
}

export interface NodeCniConfig extends CniConfigFile {
  path: string;
}

export interface NodeData {
  name: string;
  dir: string;
  cniConfigs: NodeCniConfig[];
  lsCniConf?: Parsed<LsListing>;
  lsCniBin?: Parsed<LsListing>;
  ipRoute?: Parsed<RouteTable>;
  ipLink?: Parsed<LinkList>;
  procMounts?: Parsed<MountTable>;
  flannelSubnetEnv?: Parsed<FlannelSubnetEnv>;
  bridgeFdbFlannel?: { path: string; entries: number };
}

export interface LogMatch {
  line: number;
  text: string;
  match: SignatureMatch;
}

export interface LogFile {
  path: string;
  namespace: string;
  pod: string;
  container: string;
  previous: boolean;
  lineCount: number;
  matches: LogMatch[];
  /** The last lines of the log (for the reason a container died). */
  tail: { line: number; text: string }[];
}

export interface ProbeResult {
  path: string;
  scheduled?: boolean;
  sandboxCreated?: boolean;
  sandboxSeconds?: number;
  dns?: { ok: boolean; output: string };
  egress?: { ok: boolean; output: string; target?: string };
  error?: string;
}


export interface ManifestInfo {
  path: string;
  manifest?: Manifest;
  /** Commands, even when the manifest as a whole failed strict validation. */
  commands: (ManifestCommand & { line?: number })[];
  formatVersion?: number;
}

/** CNI custom resources (BundleData.calico …) come from CniResources: see src/model/cni-resources.ts. */
export interface BundleData extends CniResources {
  location: string;
  kind: BundleSource['kind'];
  files: Map<string, BundleFile>;
  problems: ReadProblem[];
  rejected: RejectedEntry[];
  /** Links the bundle's tool makes by design (aliases of files in the bundle): not read, not hostile. */
  aliases: { path: string; target: string }[];
  /** What a desktop added when it re-packed the bundle (__MACOSX/, ._name, .DS_Store): not read, not hostile. */
  ignored: { path: string; reason: string }[];
  /** The archive read as the bundle, when the file named held only it (a bundle zipped again for a ticket). */
  wrapped?: string;
  /** What the producing tool of a foreign bundle recorded as failed to collect (its own error records). */
  toolErrors: (ToolError & { file: string })[];
  /** Which tool made the bundle (cni-doctor, or the foreign format it was imported from). */
  origin: {
    format: BundleFormat; tool: string; version?: string; lacks: string[]; absentLists: string[];
    /** Lists printed by kubectl ≤ 1.10 from the server's internal types, read through the field-name map. */
    internalTypeFiles?: string[];
  };
  manifest?: ManifestInfo;
  serverVersion?: string;
  /** Which cluster Lists were present (even if empty). */
  lists: Set<string>;
  nodes: NodeRecord[];
  /** Full records of the pods rules read field by field (see pod-index.ts); every pod is in podIndex. */
  pods: PodRecord[];
  podIndex: PodIndex;
  /** Events rules read (warnings, sandbox and CIDR failures); every event is counted in eventCount. */
  events: EventRecord[];
  eventCount: number;
  /** Newest time of any event (epoch ms), or 0. */
  newestEventTime: number;
  daemonSets: WorkloadRecord[];
  deployments: WorkloadRecord[];
  services: ServiceRecord[];
  endpointSlices: EndpointSliceRecord[];
  networkPolicies: NetworkPolicyRecord[];
  configMaps: ConfigMapRecord[];
  namespaces: NamespaceRecord[];
  custom: Map<string, CustomList>;
  topPods?: { path: string; rows: { namespace: string; pod: string; cpu: string; memoryBytes: number; line: number }[] };
  nodeData: Map<string, NodeData>;
  /** Outputs of the CNIs' node commands by output id, then node (read them with nodeOutputs()). */
  nodeOutputs: Map<string, Map<string, Parsed<unknown>>>;
  /** Outputs of the CNIs' cluster-wide commands by output id (read them with clusterOutput()). */
  clusterOutputs: Map<string, Parsed<unknown>>;
  logs: LogFile[];
  probe?: ProbeResult;
}

export function emptyBundleData(location: string, kind: BundleData['kind']): BundleData {
  return {
    location,
    kind,
    files: new Map(),
    problems: [],
    rejected: [],
    aliases: [],
    ignored: [],
    toolErrors: [],
    origin: { format: 'cni-doctor', tool: 'cni-doctor', lacks: [], absentLists: [] },
    lists: new Set(),
    nodes: [],
    pods: [],
    podIndex: new PodIndex(),
    events: [],
    eventCount: 0,
    newestEventTime: 0,
    daemonSets: [],
    deployments: [],
    services: [],
    endpointSlices: [],
    networkPolicies: [],
    configMaps: [],
    namespaces: [],
    custom: new Map(),
    ...emptyCniResources(),
    nodeData: new Map(),
    nodeOutputs: new Map(),
    clusterOutputs: new Map(),
    logs: [],
  };
}

export function isRecognised<T>(p: Parsed<T> | undefined): p is { path: string; result: T } {
  return !!p && (p.result as Unrecognised).format !== 'unrecognised';
}

const NONE: ReadonlyMap<string, never> = new Map<string, never>();

/** A CNI's per-node output, by node, typed by its spec (src/cni/). */
export function nodeOutputs<T>(data: Pick<BundleData, 'nodeOutputs'>, spec: NodeOutputSpec<T>): ReadonlyMap<string, Parsed<T>> {
  return (data.nodeOutputs.get(spec.id) as Map<string, Parsed<T>> | undefined) ?? NONE;
}

/** A CNI's cluster-wide output, typed by its spec. */
export function clusterOutput<T>(data: Pick<BundleData, 'clusterOutputs'>, spec: ClusterOutputSpec<T>): Parsed<T> | undefined {
  return data.clusterOutputs.get(spec.id) as Parsed<T> | undefined;
}
