// Every pod of a bundle, reduced as it streams past to what rules ask of pods in bulk: where it runs,
// its phase, its IPs and the line it starts on. A 150,000-pod bundle holds 150,000 full PodRecords
// only if something keeps them; this index keeps a few columns instead, and the loader keeps full
// records only for the pods rules read field by field (see retainsFullRecord).
import type { PodRecord } from '../model/k8s.js';
import { agentOfPod, controlPlaneOfPod } from '../cni/index.js';

/** What the index knows of one pod. */
export interface PodSummary {
  namespace: string;
  name: string;
  nodeName?: string;
  /** The bundle file the pod was read from. */
  file: string;
  line: number;
  phase: string;
  hostNetwork: boolean;
  podIPs: string[];
  containerCreating: boolean;
}

const PHASES = ['Pending', 'Running', 'Succeeded', 'Failed', 'Unknown'];
const HOST_NETWORK = 0x80;
const CONTAINER_CREATING = 0x40;
const PHASE_MASK = 0x3f;
const NO_IPV4 = 0xffffffff;

/** An Int32Array/Uint32Array that grows: 4 bytes a pod instead of a JS array's 8 or more. */
class Column<T extends Int32Array | Uint32Array | Uint8Array> {
  length = 0;
  constructor(
    public values: T,
    private readonly make: (n: number) => T,
  ) {}
  push(v: number): void {
    if (this.length === this.values.length) {
      const bigger = this.make(Math.max(1024, this.values.length * 2));
      bigger.set(this.values);
      this.values = bigger;
    }
    this.values[this.length++] = v;
  }
  get(i: number): number {
    return this.values[i]!;
  }
}

function ipv4ToNumber(ip: string): number | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(ip);
  if (!m) return undefined;
  const parts = [m[1], m[2], m[3], m[4]].map(Number);
  if (parts.some((p) => p > 255) || m.slice(1).some((p) => p!.length > 1 && p!.startsWith('0'))) return undefined;
  return ((parts[0]! << 24) >>> 0) + (parts[1]! << 16) + (parts[2]! << 8) + parts[3]!;
}

function numberToIpv4(n: number): string {
  return `${n >>> 24}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;
}

/**
 * Columns, one entry per pod in file order. A pod costs about 70 bytes: its name, and 4-byte
 * numbers for namespace, node, line, flags and IPv4 address; names of namespaces, nodes and phases
 * are stored once. Pods with other IPs (IPv6, several) keep them in a side table.
 */
export class PodIndex {
  private readonly names: string[] = [];
  private readonly namespaceIds = new Column(new Uint32Array(0), (n) => new Uint32Array(n));
  private readonly nodeIds = new Column(new Int32Array(0), (n) => new Int32Array(n));
  private readonly lines = new Column(new Uint32Array(0), (n) => new Uint32Array(n));
  /** A native bundle has one pods file; a foreign one, one per namespace. */
  private readonly fileIds = new Column(new Uint32Array(0), (n) => new Uint32Array(n));
  private readonly files = new Interned();
  private readonly flags = new Column(new Uint8Array(0), (n) => new Uint8Array(n));
  private readonly ipv4 = new Column(new Uint32Array(0), (n) => new Uint32Array(n));
  private readonly otherIps = new Map<number, string[]>();
  private readonly namespaces = new Interned();
  private readonly nodeNames = new Interned();
  private readonly phases = new Interned(PHASES);
  private byKey?: Map<number, Map<string, number>>;
  private byNode?: Map<number, number[]>;
  private byName?: Map<string, number>;

  get size(): number {
    return this.names.length;
  }

  add(p: PodSummary): void {
    this.byKey = undefined;
    this.byNode = undefined;
    this.byName = undefined;
    const i = this.names.length;
    this.names.push(p.name);
    this.namespaceIds.push(this.namespaces.id(p.namespace));
    this.nodeIds.push(p.nodeName ? this.nodeNames.id(p.nodeName) : -1);
    this.lines.push(p.line);
    this.fileIds.push(this.files.id(p.file));
    // More than 63 distinct phases would be a hostile bundle: they all read as Unknown.
    const phase = this.phases.id(p.phase);
    this.flags.push((phase <= PHASE_MASK ? phase : PHASES.indexOf('Unknown')) | (p.hostNetwork ? HOST_NETWORK : 0) | (p.containerCreating ? CONTAINER_CREATING : 0));
    const v4 = p.podIPs.length === 1 ? ipv4ToNumber(p.podIPs[0]!) : undefined;
    this.ipv4.push(v4 ?? NO_IPV4);
    if (v4 === undefined && p.podIPs.length) this.otherIps.set(i, [...p.podIPs]);
  }

  /** Node names pods are scheduled on, in order of first appearance. */
  nodes(): readonly string[] {
    return this.nodeNames.values;
  }

  summary(i: number): PodSummary {
    const nodeId = this.nodeIds.get(i);
    const flags = this.flags.get(i);
    const v4 = this.ipv4.get(i);
    const summary: PodSummary = {
      namespace: this.namespaces.values[this.namespaceIds.get(i)]!,
      name: this.names[i]!,
      file: this.files.values[this.fileIds.get(i)]!,
      line: this.lines.get(i),
      phase: this.phases.values[flags & PHASE_MASK]!,
      hostNetwork: (flags & HOST_NETWORK) !== 0,
      podIPs: v4 !== NO_IPV4 ? [numberToIpv4(v4)] : [...(this.otherIps.get(i) ?? [])],
      containerCreating: (flags & CONTAINER_CREATING) !== 0,
    };
    if (nodeId >= 0) summary.nodeName = this.nodeNames.values[nodeId];
    return summary;
  }

  /** Node of a pod; the last one wins if a bundle lists a pod twice. */
  nodeOf(namespace: string, name: string): string | undefined {
    if (!this.byKey) {
      this.byKey = new Map();
      for (let i = 0; i < this.names.length; i++) {
        const ns = this.namespaceIds.get(i);
        let names = this.byKey.get(ns);
        if (!names) this.byKey.set(ns, (names = new Map()));
        names.set(this.names[i]!, i);
      }
    }
    const ns = this.namespaces.find(namespace);
    const i = ns === undefined ? undefined : this.byKey.get(ns)?.get(name);
    if (i === undefined) return undefined;
    const nodeId = this.nodeIds.get(i);
    return nodeId >= 0 ? this.nodeNames.values[nodeId] : undefined;
  }

  /** The first pod of that name in any namespace (for files named after a pod alone). */
  findByName(name: string): { namespace: string; node?: string } | undefined {
    if (!this.byName) {
      this.byName = new Map();
      for (let i = this.names.length - 1; i >= 0; i--) this.byName.set(this.names[i]!, i);
    }
    const i = this.byName.get(name);
    if (i === undefined) return undefined;
    const nodeId = this.nodeIds.get(i);
    return { namespace: this.namespaces.values[this.namespaceIds.get(i)]!, ...(nodeId >= 0 ? { node: this.nodeNames.values[nodeId]! } : {}) };
  }

  /** Pods scheduled on `node`, in file order. */
  onNode(node: string): PodSummary[] {
    return this.indicesOnNode(node).map((i) => this.summary(i));
  }

  private indicesOnNode(node: string): readonly number[] {
    const nodeId = this.nodeNames.find(node);
    if (nodeId === undefined) return [];
    if (!this.byNode) {
      this.byNode = new Map();
      for (let i = 0; i < this.size; i++) {
        const n = this.nodeIds.get(i);
        if (n < 0) continue;
        let list = this.byNode.get(n);
        if (!list) this.byNode.set(n, (list = []));
        list.push(i);
      }
    }
    return this.byNode.get(nodeId) ?? [];
  }

  /** Pods that hold (or are about to hold) a pod-network IP on `node`: Running or Pending, not hostNetwork. */
  podNetworkCount(node: string): number {
    // From the flags column: called once per node by several rules, it must not build summaries.
    const running = this.phases.find('Running');
    const pending = this.phases.find('Pending');
    let count = 0;
    for (const i of this.indicesOnNode(node)) {
      const flags = this.flags.get(i);
      const phase = flags & PHASE_MASK;
      if (!(flags & HOST_NETWORK) && (phase === running || phase === pending)) count++;
    }
    return count;
  }

  /**
   * Pods, in file order, for which `test` holds. `test` sees one view that moves from pod to pod
   * and reads the columns as it is asked (a summary per pod would be 150,000 objects of garbage on a
   * big bundle): it must not keep the view. The pods it accepts are returned as summaries.
   */
  filter(test: (p: Readonly<PodSummary>) => boolean): PodSummary[] {
    const out: PodSummary[] = [];
    const view = new PodView(this);
    for (let i = 0; i < this.size; i++) {
      view.at = i;
      if (test(view)) out.push(this.summary(i));
    }
    return out;
  }

  /** One field of pod `i`, for PodView. */
  field<K extends keyof PodSummary>(i: number, key: K): PodSummary[K] {
    switch (key) {
      case 'namespace':
        return this.namespaces.values[this.namespaceIds.get(i)] as PodSummary[K];
      case 'name':
        return this.names[i] as PodSummary[K];
      case 'nodeName': {
        const nodeId = this.nodeIds.get(i);
        return (nodeId >= 0 ? this.nodeNames.values[nodeId] : undefined) as PodSummary[K];
      }
      case 'file':
        return this.files.values[this.fileIds.get(i)] as PodSummary[K];
      case 'line':
        return this.lines.get(i) as PodSummary[K];
      case 'phase':
        return this.phases.values[this.flags.get(i) & PHASE_MASK] as PodSummary[K];
      case 'hostNetwork':
        return ((this.flags.get(i) & HOST_NETWORK) !== 0) as PodSummary[K];
      case 'containerCreating':
        return ((this.flags.get(i) & CONTAINER_CREATING) !== 0) as PodSummary[K];
      default:
        return this.summary(i)[key];
    }
  }
}

/** A pod of the index seen through its columns, for PodIndex.filter: it moves, so it is never kept. */
class PodView implements Readonly<PodSummary> {
  at = 0;
  constructor(private readonly index: PodIndex) {}
  get namespace(): string {
    return this.index.field(this.at, 'namespace');
  }
  get name(): string {
    return this.index.field(this.at, 'name');
  }
  get nodeName(): string | undefined {
    return this.index.field(this.at, 'nodeName');
  }
  get file(): string {
    return this.index.field(this.at, 'file');
  }
  get line(): number {
    return this.index.field(this.at, 'line');
  }
  get phase(): string {
    return this.index.field(this.at, 'phase');
  }
  get hostNetwork(): boolean {
    return this.index.field(this.at, 'hostNetwork');
  }
  get podIPs(): string[] {
    return this.index.field(this.at, 'podIPs');
  }
  get containerCreating(): boolean {
    return this.index.field(this.at, 'containerCreating');
  }
}

/** Strings stored once, each with a small integer id. */
class Interned {
  readonly values: string[] = [];
  private readonly ids = new Map<string, number>();
  constructor(initial: readonly string[] = []) {
    for (const v of initial) this.id(v);
  }
  id(value: string): number {
    let id = this.ids.get(value);
    if (id === undefined) {
      id = this.values.length;
      this.values.push(value);
      this.ids.set(value, id);
    }
    return id;
  }
  find(value: string): number | undefined {
    return this.ids.get(value);
  }
}

const DNS_HINT = /coredns|kube-dns|dns/;

/**
 * Which pods the loader keeps as full records, beside the index. Rules read these field by field:
 * CNI agent pods (health, OOM, memory, logs), everything in kube-system and anything that looks
 * like cluster DNS (CoreDNS health, DNS policy targets). The loader also keeps the first pod of
 * each distinct label set per namespace, which is all a NetworkPolicy selector can tell apart.
 */
export function retainsFullRecord(p: PodRecord): boolean {
  if (p.namespace === 'kube-system') return true;
  if (agentOfPod(p) || controlPlaneOfPod(p)) return true;
  if (DNS_HINT.test(p.ownerName ?? '')) return true;
  for (const v of Object.values(p.labels)) if (DNS_HINT.test(v)) return true;
  return false;
}

/** Key under which a pod stands for every pod with the same namespace and labels. */
export function labelSetKey(p: PodRecord): string {
  const keys = Object.keys(p.labels).sort();
  let out = p.namespace;
  for (const k of keys) out += `\u0000${k}\u0001${p.labels[k]}`;
  return out;
}
