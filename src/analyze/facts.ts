// Derived views of the bundle that several rules share, computed once, plus the helpers that turn
// records into evidence pointers ({ file, line, excerpt }).
import { CLUSTER_LISTS, NODE_FILES, nodeFilePath, type ClusterListName, type NodeFileName } from '../bundle/layout.js';
import type { EventRecord, NodeRecord, PodRecord, WorkloadRecord } from '../model/k8s.js';
import type { Evidence } from '../model/report.js';
import type { BundleData, LogFile, LogMatch, NodeCniConfig, NodeData } from './bundle-data.js';
import { parseSandboxMessage, type SandboxFailure } from '../parsers/sandbox-message.js';
import { CNI_CONFIG_EXTENSIONS } from '../parsers/cni-config.js';
import { detectPlugins, type PluginDetection } from './plugins.js';
import { controlPlaneOfPod } from '../cni/index.js';
import { calicoBlocks, calicoPools, type PoolUsage } from './derived/calico-ipam.js';
import { ciliumStatuses, type CiliumNodeStatus } from './derived/cilium.js';
import { findCoreDns, type CoreDns } from './derived/coredns.js';
import { flannelNetConf, flannelNodes, type FlannelNetConf } from './derived/flannel.js';
import { confDir, type ConfDir } from './derived/node-configs.js';
import type { PodIndex, PodSummary } from './pod-index.js';
import { matchSignature, type SignatureKind, type SignatureMatch } from '../parsers/signatures.js';

const MAX_EXCERPT = 600;

export interface SandboxEvent {
  event: EventRecord;
  failure: SandboxFailure;
  node?: string;
  pod: string;
}

export interface Facts {
  plugins: PluginDetection;
  /** When the bundle was collected (manifest createdAt, else the newest event), as epoch ms. */
  collectedAt: number | undefined;
  nodeByName: Map<string, NodeRecord>;
  /** Every node name the bundle knows (nodes.json, node directories, pod placements), sorted. */
  nodeNames: string[];
  /** Every pod, reduced to where it runs, its phase and IPs (full records only for some: data.pods). */
  pods: PodIndex;
  /** Node of a pod, if the bundle places it. */
  nodeOfPod(namespace: string, name: string): string | undefined;
  /** Agent pods of one CNI agent (by AGENTS id: calico, cilium, flannel, aws-vpc-cni, …). */
  agentPods(agentId: string): PodRecord[];
  /** Pods of that plugin's control plane (CniDescriptor.controlPlane), in bundle order. */
  controlPlanePods(agentId: string): PodRecord[];
  /** Nodes that run a pod of that agent. */
  agentNodes(agentId: string): string[];
  sandboxFailures: SandboxEvent[];
  eventMatches: { event: EventRecord; match: SignatureMatch }[];
  logMatches(kind: SignatureKind): { log: LogFile; m: LogMatch }[];
  eventsOfKind(kind: SignatureKind): { event: EventRecord; match: SignatureMatch }[];
  activeConfig(nd: NodeData): NodeCniConfig | undefined;
  /** Node an event is about: the reporter's host, or the node of the pod it names. */
  nodeOfEvent(e: EventRecord): string | undefined;
  /** An event's message as a reader needs it: a sandbox failure's own plugin error, clipped. */
  shortMessage(e: EventRecord, max?: number): string;
  // Derived views several rules, the triage and the IP usage read: each computed once, on first use.
  /** Calico IPAM blocks (calicoctl's table, else the ipamblocks CRDs). */
  calicoBlocks(): readonly PoolUsage[];
  /** Calico IP pools with their usage. */
  calicoPools(): readonly PoolUsage[];
  /** Recognised in-agent `cilium status` outputs, per node. */
  ciliumStatuses(): readonly CiliumNodeStatus[];
  coreDns(): Readonly<CoreDns>;
  /** flannel's net-conf.json, when its ConfigMap holds a readable one. */
  flannelNetConf(): FlannelNetConf | undefined;
  /** Nodes that run flannel: a flannel agent pod or a flannel config. */
  flannelNodes(): ReadonlySet<string>;
  /** What a node's /etc/cni/net.d holds (copied files and listing). */
  confDir(nd: NodeData): Readonly<ConfDir>;
  evidence: EvidenceHelpers;
  /** Where the bundle contract puts things, so that rules name files without importing the layout. */
  paths: {
    /** The cluster Lists without which most rules cannot run. */
    coreLists: readonly { list: ClusterListName; file: string }[];
    nodeFile(node: string, file: NodeFileName): string;
  };
}

/** A value computed on first use, then kept. */
function once<T>(compute: () => T): () => T {
  let done = false;
  let value: T;
  return () => {
    if (!done) {
      value = compute();
      done = true;
    }
    return value;
  };
}

export interface EvidenceHelpers {
  /** A line of a bundle file, with its text as the excerpt unless one is given. */
  line(file: string, line?: number, excerpt?: string, note?: string): Evidence;
  event(e: EventRecord, note?: string): Evidence;
  node(n: NodeRecord, needle?: string, note?: string): Evidence;
  pod(p: Pick<PodSummary, 'namespace' | 'name' | 'file' | 'line'>, needle?: string, note?: string): Evidence;
  workload(w: WorkloadRecord, needle?: string, note?: string): Evidence;
  log(log: LogFile, m: { line: number; text: string }, note?: string): Evidence;
}

export function clip(text: string, max = MAX_EXCERPT): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

function lineText(data: BundleData, file: string, line: number): string | undefined {
  const f = data.files.get(file);
  if (f?.kept) return f.kept.line(line)?.replace(/\r$/, '');
  const text = f?.text;
  if (text === undefined) return undefined;
  let start = 0;
  for (let n = 1; n < line; n++) {
    const nl = text.indexOf('\n', start);
    if (nl < 0) return undefined;
    start = nl + 1;
  }
  const end = text.indexOf('\n', start);
  return text.slice(start, end < 0 ? undefined : end).replace(/\r$/, '');
}

/** Line of `needle` at or after `from` in a kept file (for fields inside a List item). */
function findLine(data: BundleData, file: string, from: number, needle: string, within = 400): number | undefined {
  const f = data.files.get(file);
  if (f?.kept) return f.kept.findLine(from, needle, within);
  const text = f?.text;
  if (text === undefined) return undefined;
  let start = 0;
  for (let n = 1; n < from; n++) {
    const nl = text.indexOf('\n', start);
    if (nl < 0) return undefined;
    start = nl + 1;
  }
  let n = from;
  while (n < from + within) {
    const end = text.indexOf('\n', start);
    const lt = text.slice(start, end < 0 ? undefined : end);
    if (lt.includes(needle)) return n;
    if (end < 0) return undefined;
    start = end + 1;
    n++;
  }
  return undefined;
}

export function computeFacts(data: BundleData): Facts {
  const plugins = detectPlugins(data);
  const nodeByName = new Map(data.nodes.map((n) => [n.name, n]));
  const pods = data.podIndex;
  const nodeOfPod = (namespace: string, name: string) => pods.nodeOf(namespace, name);
  const names = new Set<string>([...nodeByName.keys(), ...data.nodeData.keys()]);
  if (!data.nodes.length) for (const k of pods.nodes()) names.add(k);
  const nodeNames = [...names].sort();

  const nodeOfEvent = (e: EventRecord): string | undefined => {
    if (e.objectKind === 'Node') return e.objectName;
    const podNode = e.objectKind === 'Pod' ? nodeOfPod(e.objectNamespace ?? e.namespace, e.objectName) : undefined;
    return podNode ?? (e.sourceHost && (nodeByName.size === 0 || nodeByName.has(e.sourceHost)) ? e.sourceHost : undefined);
  };

  const sandboxFailures: SandboxEvent[] = [];
  const sandboxOfEvent = new Map<EventRecord, SandboxFailure>();
  const eventMatches: Facts['eventMatches'] = [];
  for (const e of data.events) {
    if (e.reason === 'FailedCreatePodSandBox') {
      const failure = parseSandboxMessage(e.message);
      sandboxOfEvent.set(e, failure);
      sandboxFailures.push({ event: e, failure, node: nodeOfEvent(e), pod: `${e.objectNamespace ?? e.namespace}/${e.objectName}` });
      if (failure.signature) eventMatches.push({ event: e, match: failure.signature });
      continue;
    }
    if (e.type !== 'Warning' && !/CIDRNotAvailable/.test(e.reason)) continue;
    const match = matchSignature(e.message) ?? (e.reason === 'CIDRNotAvailable' ? matchSignature(e.reason) : undefined);
    if (match) eventMatches.push({ event: e, match });
  }

  const logIndex = new Map<SignatureKind, { log: LogFile; m: LogMatch }[]>();
  for (const log of data.logs) {
    for (const m of log.matches) {
      const kind = m.match.signature.kind;
      let list = logIndex.get(kind);
      if (!list) logIndex.set(kind, (list = []));
      list.push({ log, m });
    }
  }

  const evidence: EvidenceHelpers = {
    line(file, line, excerpt, note) {
      const ev: Evidence = { file };
      if (line !== undefined) ev.line = line;
      const text = excerpt ?? (line !== undefined ? lineText(data, file, line) : undefined);
      if (text !== undefined) ev.excerpt = clip(text);
      if (note) ev.note = note;
      return ev;
    },
    event(e, note) {
      const who = `${e.objectKind || 'object'} ${e.objectNamespace ?? e.namespace}/${e.objectName}`;
      return evidence.line(e.file, e.line, clip(e.message), note ?? `${e.type} ${e.reason} on ${who}${e.count > 1 ? ` (×${e.count})` : ''}${e.time ? ` at ${e.time}` : ''}`);
    },
    node(n, needle, note) {
      const file = n.file;
      const line = needle ? findLine(data, file, n.line, needle) ?? n.line : n.line;
      return evidence.line(file, line, undefined, note ?? `node ${n.name}`);
    },
    pod(p: PodSummary, needle?: string, note?: string) {
      const file = p.file;
      const line = needle ? findLine(data, file, p.line, needle) ?? p.line : p.line;
      const ev = evidence.line(file, line, undefined, note ?? `pod ${p.namespace}/${p.name}`);
      return ev;
    },
    workload(w, needle, note) {
      const file = w.file;
      const line = needle ? findLine(data, file, w.line, needle, 2000) ?? w.line : w.line;
      return evidence.line(file, line, undefined, note ?? `${w.kind} ${w.namespace}/${w.name}`);
    },
    log(log, m, note) {
      return evidence.line(log.path, m.line, m.text, note);
    },
  };

  const created = Date.parse(data.manifest?.manifest?.createdAt ?? '');
  const newestEvent = data.newestEventTime;
  const collectedAt = !Number.isNaN(created) ? created : newestEvent || undefined;

  const blocks = once(() => calicoBlocks(data));
  const agentNodes = (id: string) => [...new Set(plugins.workloads.filter((w) => w.agent.id === id).flatMap((w) => w.pods.map((p) => p.nodeName).filter((n): n is string => !!n)))].sort();
  const confDirs = new Map<NodeData, ConfDir>();

  return {
    plugins,
    collectedAt,
    nodeByName,
    nodeNames,
    pods,
    nodeOfPod,
    agentPods: (id) => plugins.workloads.filter((w) => w.agent.id === id).flatMap((w) => w.pods),
    controlPlanePods: (id) => data.pods.filter((p) => controlPlaneOfPod(p)?.id === id),
    agentNodes,
    sandboxFailures,
    eventMatches,
    logMatches: (kind) => logIndex.get(kind) ?? [],
    eventsOfKind: (kind) => eventMatches.filter((x) => x.match.signature.kind === kind),
    activeConfig: (nd) =>
      nd.cniConfigs
        .filter((c) => c.considered && CNI_CONFIG_EXTENSIONS.some((ext) => c.fileName.endsWith(ext)))
        .sort((a, b) => (a.fileName < b.fileName ? -1 : a.fileName > b.fileName ? 1 : 0))[0],
    nodeOfEvent,
    shortMessage(e, max = 300) {
      let text = e.message;
      if (e.reason === 'FailedCreatePodSandBox') {
        const f = sandboxOfEvent.get(e) ?? parseSandboxMessage(e.message);
        if (f.network) text = `${f.pluginType ? `plugin ${f.pluginType}: ` : ''}${f.pluginError}`;
      }
      return text.length > max ? `${text.slice(0, max)}…` : text;
    },
    calicoBlocks: blocks,
    calicoPools: once(() => calicoPools(data, blocks())),
    ciliumStatuses: once(() => ciliumStatuses(data)),
    coreDns: once(() => findCoreDns(data)),
    flannelNetConf: once(() => flannelNetConf(data)),
    flannelNodes: once(() => flannelNodes(data, agentNodes('flannel'))),
    confDir(nd) {
      let dir = confDirs.get(nd);
      if (!dir) confDirs.set(nd, (dir = confDir(nd)));
      return dir;
    },
    evidence,
    paths: {
      coreLists: (['nodes', 'pods', 'events', 'daemonsets'] as const).map((list) => ({ list, file: CLUSTER_LISTS[list] })),
      nodeFile: (node, file) => nodeFilePath(node, NODE_FILES[file]),
    },
  };
}

/** "3 of 12 nodes" style counts. */
export function countText(count: number, total: number | undefined, noun: string): string {
  const plural = count === 1 && (total === undefined || total === 1) ? noun : `${noun}s`;
  return total !== undefined && total > 0 ? `${count} of ${total} ${plural}` : `${count} ${plural}`;
}

export function listNames(names: string[], max = 5): string {
  const sorted = [...names];
  if (sorted.length <= max) return sorted.join(', ');
  return `${sorted.slice(0, max).join(', ')} and ${sorted.length - max} more`;
}
