// Every pod of a bundle, reduced as it streams past to what rules ask of pods in bulk: where it runs,
// its phase, its IPs and the line it starts on. A 150,000-pod bundle holds 150,000 full PodRecords
// only if something keeps them; this index keeps a few columns instead, and the loader keeps full
// records only for the pods rules read field by field (see retainsFullRecord).
import type { PodRecord } from '../model/k8s.js';
import { agentOfPod, controlPlaneOfPod } from '../cni/index.js';
import { TextMap } from './text-map.js';

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

/** a.b.c.d with each part 0–255 in decimal without leading zeros, as a number; anything else undefined. */
export function ipv4ToNumber(ip: string): number | undefined {
  // By hand: a regex and four Number() calls per pod were 70 ms of the main thread at 150,000 pods.
  let value = 0;
  let part = 0;
  let digits = 0;
  let parts = 0;
  for (let i = 0; i <= ip.length; i++) {
    const c = i < ip.length ? ip.charCodeAt(i) : DOT;
    if (c >= ZERO && c <= ZERO + 9) {
      // A leading zero is allowed only as the whole part.
      if (digits === 1 && part === 0) return undefined;
      part = part * 10 + (c - ZERO);
      if (++digits > 3) return undefined;
      continue;
    }
    if (c !== DOT || digits === 0 || part > 255 || ++parts > 4) return undefined;
    value = value * 256 + part;
    part = 0;
    digits = 0;
  }
  return parts === 4 ? value : undefined;
}

const ZERO = 0x30;
const DOT = 0x2e;

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
  private byKey?: PodTable;
  private byNode?: Map<number, number[]>;
  private byName?: PodTable;

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
    // 255.255.255.255 has NO_IPV4's bits: such a pod keeps its address in the side table too.
    if ((v4 === undefined || v4 === NO_IPV4) && p.podIPs.length) this.otherIps.set(i, [...p.podIPs]);
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
    const ns = this.namespaces.find(namespace);
    if (ns === undefined) return undefined;
    // Later pods replace earlier ones with the same key: the last one wins.
    this.byKey ??= new PodTable(this.size, (i) => hashName(this.names[i]!, this.namespaceIds.get(i)), (a, b) => this.names[a] === this.names[b] && this.namespaceIds.get(a) === this.namespaceIds.get(b), 'last');
    const i = this.byKey.find(hashName(name, ns), (j) => this.names[j] === name && this.namespaceIds.get(j) === ns);
    if (i === undefined) return undefined;
    const nodeId = this.nodeIds.get(i);
    return nodeId >= 0 ? this.nodeNames.values[nodeId] : undefined;
  }

  /** The first pod of that name in any namespace (for files named after a pod alone). */
  findByName(name: string): { namespace: string; node?: string } | undefined {
    this.byName ??= new PodTable(this.size, (i) => hashName(this.names[i]!, 0), (a, b) => this.names[a] === this.names[b], 'first');
    const i = this.byName.find(hashName(name, 0), (j) => this.names[j] === name);
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

/** FNV-1a of a pod's name, mixed with a number (its namespace's id, or 0). */
function hashName(name: string, mix: number): number {
  let h = 0x811c9dc5 ^ Math.imul(mix, 0x9e3779b1);
  for (let k = 0; k < name.length; k++) h = Math.imul(h ^ name.charCodeAt(k), 0x01000193);
  return h >>> 0;
}

/**
 * Pod indexes by key in an open-addressing table: 8 bytes a pod where a Map of Maps cost about 50
 * (7 MB at 150,000 pods) and took 100 ms to build. A key appears once: pods with the same key as an
 * earlier one replace it ('last') or are left out ('first'), as Map.set in file order would have it.
 */
class PodTable {
  private readonly slots: Int32Array;
  private readonly mask: number;

  constructor(count: number, hashOf: (i: number) => number, sameKey: (a: number, b: number) => boolean, wins: 'first' | 'last') {
    let size = 16;
    while (size < count * 2) size *= 2;
    this.slots = new Int32Array(size).fill(-1);
    this.mask = size - 1;
    for (let i = 0; i < count; i++) {
      for (let s = hashOf(i) & this.mask; ; s = (s + 1) & this.mask) {
        const j = this.slots[s]!;
        if (j < 0) {
          this.slots[s] = i;
          break;
        }
        if (sameKey(i, j)) {
          if (wins === 'last') this.slots[s] = i;
          break;
        }
      }
    }
  }

  find(hash: number, matches: (i: number) => boolean): number | undefined {
    for (let s = hash & this.mask; ; s = (s + 1) & this.mask) {
      const j = this.slots[s]!;
      if (j < 0) return undefined;
      if (matches(j)) return j;
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
  // A TextMap: a bundle's namespace and node names are its own to choose, long ones included.
  private readonly ids = new TextMap<number>();
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
