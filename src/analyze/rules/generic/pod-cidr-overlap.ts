// Detects duplicate or overlapping node podCIDRs, podCIDRs overlapping node or Service addresses,
// and nodes without a podCIDR where the CNI needs one (flannel).
// https://kubernetes.io/docs/concepts/cluster-administration/networking/
import type { Evidence } from '../../../model/report.js';
import { listNames } from '../../facts.js';
import { parseCidr, parseIp, type Cidr } from '../../net.js';
import { defineRule } from '../../rule.js';

export default defineRule({
  meta: {
    id: 'pod-cidr-overlap',
    title: 'Node pod CIDRs overlap or are missing',
    area: 'generic',
    severity: 'critical',
    urgency: 'immediate',
    answers: 'pod-to-pod',
    description: 'Duplicate or overlapping spec.podCIDR(s) between nodes; pod CIDRs overlapping node InternalIPs or Service ClusterIPs; nodes without a podCIDR where the CNI needs one (flannel); CIDRNotAvailable events.',
    rationale: 'Overlapping ranges hand the same pod IP to two nodes (traffic goes to the wrong pod) or shadow node/Service addresses; a node without a podCIDR cannot start flannel at all.',
    evidence: 'spec.podCIDR of the nodes in cluster/nodes.json, and CIDRNotAvailable events.',
    actions: [
      { title: 'Fix the allocation: kube-controller-manager --allocate-node-cidrs=true with a --cluster-cidr large enough for all nodes', commands: ['kubectl get nodes -o custom-columns=NAME:.metadata.name,PODCIDR:.spec.podCIDR', 'kubectl -n kube-system get pod -l component=kube-controller-manager -o yaml | grep -E "cluster-cidr|node-cidr-mask|allocate-node-cidrs"'], risk: 'safe' },
      { title: 'Recreate the affected nodes so they get a fresh, unique podCIDR (podCIDR is immutable) — downtime for their pods', commands: ['kubectl drain <node> --ignore-daemonsets --delete-emptydir-data', 'kubectl delete node <node>', '# re-join the node'], risk: 'downtime' },
    ],
    docs: ['https://kubernetes.io/docs/concepts/cluster-administration/networking/', 'https://github.com/flannel-io/flannel/blob/master/Documentation/troubleshooting.md'],
    explains: ['flannel-subnet-missing', 'flannel-lease-failure', 'cni-sandbox-failures', 'pod-routing-failure'],
  },
  requires: ['nodes', 'events'],
  check(ctx) {
    const drafts = [];
    const cidrs: { node: string; cidr: Cidr; n: (typeof ctx.data.nodes)[number] }[] = [];
    for (const n of ctx.data.nodes) for (const c of n.podCIDRs) {
      const cidr = parseCidr(c);
      if (cidr) cidrs.push({ node: n.name, cidr, n });
    }
    const pairs: string[] = [];
    const nodes = new Set<string>();
    const evidence: Evidence[] = [];
    // Overlapping pairs in the order a pairwise scan would list them (by i, then j), found with a sort
    // and sweep instead: pairwise comparison is quadratic, seconds at thousands of nodes.
    for (const [i, js] of overlappingPairs(cidrs.map((c) => c.cidr))) {
      for (const j of js) {
        const a = cidrs[i]!;
        const b = cidrs[j]!;
        if (a.node === b.node) continue;
        pairs.push(`${a.node} ${a.cidr.text} ${a.cidr.text === b.cidr.text ? '=' : '∩'} ${b.node} ${b.cidr.text}`);
        for (const x of [a, b]) if (!nodes.has(x.node)) {
          nodes.add(x.node);
          if (evidence.length < 4) evidence.push(ctx.facts.evidence.node(x.n, x.cidr.text, `podCIDR ${x.cidr.text}`));
        }
      }
      if (pairs.length > 50) break;
    }
    if (pairs.length) {
      drafts.push({ key: 'overlap', scope: { kind: 'nodes' as const, names: [...nodes].sort() }, summary: `Node pod CIDRs overlap: ${listNames(pairs, 4)}.`, evidence });
    }
    const shadowed: string[] = [];
    const shadowEv: Evidence[] = [];
    const shadowNodes = new Set<string>();
    const addresses = new AddressIndex([
      ...ctx.data.nodes.flatMap((m) => m.internalIPs.map((ip) => ({ ip, what: `node ${m.name}` }))),
      ...ctx.data.services.flatMap((s) => s.clusterIPs.map((ip) => ({ ip, what: `Service ${s.namespace}/${s.name}` }))),
    ]);
    for (const { node, cidr, n } of cidrs) {
      const hit = addresses.firstIn(cidr);
      if (hit) {
        shadowed.push(`${node} ${cidr.text} contains ${hit.what} (${hit.ip})`);
        shadowNodes.add(node);
        if (shadowEv.length < 4) shadowEv.push(ctx.facts.evidence.node(n, cidr.text, `podCIDR ${cidr.text}`));
      }
    }
    if (shadowed.length) {
      drafts.push({ key: 'shadow', scope: { kind: 'nodes' as const, names: [...shadowNodes].sort() }, summary: `Pod CIDRs overlap node or Service addresses: ${listNames(shadowed, 3)}.`, evidence: shadowEv });
    }
    const cidrEvents = ctx.facts.eventsOfKind('cidr-not-available');
    const needPodCidr = ctx.plugins.has('flannel');
    const without = needPodCidr ? ctx.data.nodes.filter((n) => !n.podCIDRs.length) : [];
    if (without.length || cidrEvents.length) {
      const names = [...new Set([...without.map((n) => n.name), ...cidrEvents.map((e) => ctx.facts.nodeOfEvent(e.event)).filter((x): x is string => !!x)])].sort();
      drafts.push({
        key: 'missing',
        title: 'Nodes have no podCIDR',
        scope: { kind: 'nodes' as const, names },
        summary: `${listNames(names)} ${names.length === 1 ? 'has' : 'have'} no podCIDR${needPodCidr ? ', which flannel needs to acquire a lease' : ''}${cidrEvents.length ? `; kube-controller-manager reports CIDRNotAvailable: the cluster CIDR has no range left for them` : ''}.`,
        evidence: [...without.slice(0, 3).map((n) => ctx.facts.evidence.node(n, '"spec"', 'spec.podCIDR is not set')), ...cidrEvents.slice(0, 2).map((e) => ctx.facts.evidence.event(e.event))],
      });
    }
    return drafts;
  },
});

/** Pairs (i < j) of overlapping ranges, grouped by i in ascending order, j ascending within a group. */
export function overlappingPairs(ranges: Cidr[]): [number, number[]][] {
  const order = ranges.map((_, i) => i).sort((x, y) => {
    const a = ranges[x]!;
    const b = ranges[y]!;
    return a.family - b.family || (a.start < b.start ? -1 : a.start > b.start ? 1 : 0) || (a.end > b.end ? -1 : a.end < b.end ? 1 : 0);
  });
  const byFirst = new Map<number, number[]>();
  // CIDRs nest or are disjoint, so the ranges still open at a range's start all contain it.
  const open: number[] = [];
  for (const k of order) {
    const r = ranges[k]!;
    while (open.length) {
      const top = ranges[open.at(-1)!]!;
      if (top.family === r.family && top.end >= r.start) break;
      open.pop();
    }
    for (const o of open) {
      const [i, j] = o < k ? [o, k] : [k, o];
      byFirst.set(i, [...(byFirst.get(i) ?? []), j]);
    }
    open.push(k);
  }
  return [...byFirst.entries()].sort((a, b) => a[0] - b[0]).map(([i, js]) => [i, js.sort((a, b) => a - b)]);
}

/** Addresses sorted once, so "the first listed address inside this range" is a binary search. */
export class AddressIndex<T extends { ip: string }> {
  private readonly sorted: { family: 4 | 6; value: bigint; index: number }[];
  constructor(private readonly items: T[]) {
    this.sorted = items
      .map((x, index) => ({ p: parseIp(x.ip), index }))
      .filter((x): x is { p: NonNullable<ReturnType<typeof parseIp>>; index: number } => !!x.p)
      .map(({ p, index }) => ({ family: p.family, value: p.value, index }))
      .sort((a, b) => a.family - b.family || (a.value < b.value ? -1 : a.value > b.value ? 1 : a.index - b.index));
  }
  firstIn(cidr: Cidr): T | undefined {
    let lo = 0;
    let hi = this.sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const m = this.sorted[mid]!;
      if (m.family < cidr.family || (m.family === cidr.family && m.value < cidr.start)) lo = mid + 1;
      else hi = mid;
    }
    let best: number | undefined;
    for (let k = lo; k < this.sorted.length; k++) {
      const m = this.sorted[k]!;
      if (m.family !== cidr.family || m.value > cidr.end) break;
      if (best === undefined || m.index < best) best = m.index;
    }
    return best === undefined ? undefined : this.items[best];
  }
}
