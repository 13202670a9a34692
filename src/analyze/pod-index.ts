// Every pod of a bundle, reduced as it streams past to what rules ask of pods in bulk: where it runs,
// its phase, its IPs and the line it starts on. A 150,000-pod bundle holds 150,000 full PodRecords
// only if something keeps them; this index keeps a few columns instead, and the loader keeps full
// records only for the pods rules read field by field (see retainsFullRecord).
import type { PodRecord } from '../bundle/k8s.js';
import { AGENTS } from './plugins.js';

/** What the index knows of one pod. */
export interface PodSummary {
  namespace: string;
  name: string;
  nodeName?: string;
  line: number;
  phase: string;
  hostNetwork: boolean;
  podIPs: string[];
  containerCreating: boolean;
}

const PHASES = ['Pending', 'Running', 'Succeeded', 'Failed', 'Unknown'];
const HOST_NETWORK = 1;
const CONTAINER_CREATING = 2;

export class PodIndex {
  private readonly keys: string[] = [];
  private readonly nodeIds: number[] = [];
  private readonly lines: number[] = [];
  private readonly flags: number[] = [];
  private readonly phases: number[] = [];
  /** Pod IPs joined by a space ('' for none): one string per pod instead of an array. */
  private readonly ips: string[] = [];
  private readonly nodeNames: string[] = [];
  private readonly nodeIdByName = new Map<string, number>();
  private readonly otherPhases: string[] = [];
  private byKey?: Map<string, number>;
  private byNode?: Map<number, number[]>;

  get size(): number {
    return this.keys.length;
  }

  add(p: PodRecord): void {
    this.byKey = undefined;
    this.byNode = undefined;
    this.keys.push(`${p.namespace}/${p.name}`);
    let nodeId = -1;
    if (p.nodeName) {
      nodeId = this.nodeIdByName.get(p.nodeName) ?? -1;
      if (nodeId < 0) {
        nodeId = this.nodeNames.length;
        this.nodeNames.push(p.nodeName);
        this.nodeIdByName.set(p.nodeName, nodeId);
      }
    }
    this.nodeIds.push(nodeId);
    this.lines.push(p.line);
    this.flags.push((p.hostNetwork ? HOST_NETWORK : 0) | (p.containerCreating ? CONTAINER_CREATING : 0));
    let phase = PHASES.indexOf(p.phase);
    if (phase < 0) {
      phase = PHASES.length + this.otherPhases.indexOf(p.phase);
      if (phase < PHASES.length) {
        phase = PHASES.length + this.otherPhases.length;
        this.otherPhases.push(p.phase);
      }
    }
    this.phases.push(phase);
    this.ips.push(p.podIPs.join(' '));
  }

  /** Node names pods are scheduled on, in order of first appearance. */
  nodes(): readonly string[] {
    return this.nodeNames;
  }

  summary(i: number): PodSummary {
    const key = this.keys[i]!;
    const slash = key.indexOf('/');
    const nodeId = this.nodeIds[i]!;
    const phase = this.phases[i]!;
    const summary: PodSummary = {
      namespace: key.slice(0, slash),
      name: key.slice(slash + 1),
      line: this.lines[i]!,
      phase: phase < PHASES.length ? PHASES[phase]! : this.otherPhases[phase - PHASES.length]!,
      hostNetwork: (this.flags[i]! & HOST_NETWORK) !== 0,
      podIPs: this.ips[i] ? this.ips[i]!.split(' ') : [],
      containerCreating: (this.flags[i]! & CONTAINER_CREATING) !== 0,
    };
    if (nodeId >= 0) summary.nodeName = this.nodeNames[nodeId];
    return summary;
  }

  /** Node of the pod "namespace/name"; the last one wins if a bundle lists a pod twice. */
  nodeOf(key: string): string | undefined {
    if (!this.byKey) {
      this.byKey = new Map();
      for (let i = 0; i < this.keys.length; i++) this.byKey.set(this.keys[i]!, i);
    }
    const i = this.byKey.get(key);
    if (i === undefined) return undefined;
    const nodeId = this.nodeIds[i]!;
    return nodeId >= 0 ? this.nodeNames[nodeId] : undefined;
  }

  /** Pods scheduled on `node`, in file order. */
  onNode(node: string): PodSummary[] {
    const nodeId = this.nodeIdByName.get(node);
    if (nodeId === undefined) return [];
    if (!this.byNode) {
      this.byNode = new Map();
      for (let i = 0; i < this.nodeIds.length; i++) {
        const n = this.nodeIds[i]!;
        if (n < 0) continue;
        let list = this.byNode.get(n);
        if (!list) this.byNode.set(n, (list = []));
        list.push(i);
      }
    }
    return (this.byNode.get(nodeId) ?? []).map((i) => this.summary(i));
  }

  /** Pods that hold (or are about to hold) a pod-network IP on `node`: Running or Pending, not hostNetwork. */
  podNetworkCount(node: string): number {
    return this.onNode(node).filter((p) => !p.hostNetwork && (p.phase === 'Running' || p.phase === 'Pending')).length;
  }

  /** Pods in `file order` for which `test` holds. */
  filter(test: (p: PodSummary) => boolean): PodSummary[] {
    const out: PodSummary[] = [];
    for (let i = 0; i < this.keys.length; i++) {
      const s = this.summary(i);
      if (test(s)) out.push(s);
    }
    return out;
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
  if (p.ownerKind === 'DaemonSet' && AGENTS.some((a) => a.workloadNames.test(p.ownerName ?? ''))) return true;
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
