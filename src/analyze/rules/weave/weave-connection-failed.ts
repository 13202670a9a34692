// Detects Weave Net peers that are not connected: `weave status connections` rows that are not
// established (the router's own address, "cannot connect to ourself", is not a failure), links over
// the slow `sleeve` path where fastdp is expected, and `weave status` with fewer peers than nodes.
// https://github.com/weaveworks/weave/blob/master/site/troubleshooting.md
import { WEAVE_CONNECTIONS, WEAVE_STATUS } from '../../../cni/weave.js';
import type { Evidence } from '../../../model/report.js';
import { isRecognised, nodeOutputs } from '../../bundle-data.js';
import { listNames } from '../../facts.js';
import { defineRule } from '../../rule.js';

export default defineRule({
  meta: {
    id: 'weave-connection-failed',
    title: 'Weave Net peers are not connected',
    area: 'weave',
    severity: 'high',
    urgency: 'immediate',
    answers: 'pod-to-pod',
    plugin: 'weave',
    description: '`weave status connections` with connections not `established` (failed, retrying, pending, connecting), or `sleeve` where `fastdp` is expected (WEAVE_NO_FASTDP not set); `weave status` with fewer peers than nodes. The router\'s own address ("cannot connect to ourself") is not a failure.',
    rationale: 'Pods on two nodes talk only over the weave connection between them: a failed connection splits the pod network, and sleeve carries traffic through user space at a fraction of fastdp\'s speed.',
    evidence: 'The rows of plugins/weave/status-connections/<node>.txt and the Connections / Peers lines of plugins/weave/status/<node>.txt.',
    actions: [
      { title: 'Open TCP 6783 and UDP 6783-6784 between all nodes (security groups, host firewalls), then check the connections again', commands: ['kubectl -n kube-system exec <weave-net-pod> -c weave -- /home/weave/weave --local status connections'], risk: 'safe' },
      { title: 'Reset weave on the failing node (its pods lose their network until they are recreated)', commands: ['kubectl -n kube-system exec <weave-net-pod> -c weave -- /home/weave/weave --local reset', 'kubectl -n kube-system delete pod <weave-net-pod>'], risk: 'downtime' },
    ],
    docs: ['https://github.com/weaveworks/weave/blob/master/site/troubleshooting.md', 'https://github.com/weaveworks/weave/blob/master/site/faq.md'],
    explains: ['pod-routing-failure', 'probe-dns-failed', 'coredns-unhealthy'],
  },
  requires: [WEAVE_CONNECTIONS, WEAVE_STATUS],
  check(ctx) {
    const noFastdp = ctx.facts.plugins.workloads.some((w) => w.agent.id === 'weave' && w.daemonSet?.containers.some((c) => c.env.WEAVE_NO_FASTDP !== undefined && c.env.WEAVE_NO_FASTDP !== ''));
    const nodeOfIp = new Map(ctx.data.nodes.flatMap((n) => n.internalIPs.map((ip) => [ip, n.name] as const)));
    const failed: { node: string; text: string; ev: Evidence }[] = [];
    const sleeve: { node: string; text: string; ev: Evidence }[] = [];
    const nodes = new Set<string>();
    for (const [node, parsed] of nodeOutputs(ctx.data, WEAVE_CONNECTIONS)) {
      if (!isRecognised(parsed)) continue;
      for (const c of parsed.result.connections) {
        if (c.self) continue;
        const peerNode = c.peer?.nickname || nodeOfIp.get(c.address.replace(/:\d+$/, ''));
        const who = `${node} ${c.direction === 'out' ? '→' : '←'} ${peerNode ? `${peerNode} (${c.address})` : c.address}`;
        if (peerNode && ctx.facts.nodeByName.has(peerNode) && c.state !== 'established') nodes.add(peerNode);
        if (c.state !== 'established') {
          failed.push({ node, text: `${who} ${c.state}${c.info ? `: ${c.info.replace(/, retry: .*$/, '')}` : ''}`, ev: ctx.facts.evidence.line(parsed.path, c.line) });
          nodes.add(node);
        } else if (c.dataPath === 'sleeve' && !noFastdp) {
          sleeve.push({ node, text: who, ev: ctx.facts.evidence.line(parsed.path, c.line) });
          nodes.add(node);
        }
      }
    }
    const fewPeers: { node: string; text: string; ev: Evidence }[] = [];
    // The nodes weave should run on: its DaemonSet's desired count, else the Linux nodes.
    const ds = ctx.facts.plugins.workloads.find((w) => w.agent.id === 'weave')?.daemonSet;
    const nodeCount = ds?.desired || ctx.data.nodes.filter((n) => n.labels['kubernetes.io/os'] !== 'windows').length;
    for (const [node, parsed] of nodeOutputs(ctx.data, WEAVE_STATUS)) {
      if (!isRecognised(parsed)) continue;
      const s = parsed.result;
      const bad = Object.entries(s.connections?.byState ?? {}).filter(([state, n]) => state !== 'established' && n > 0);
      // The connections table, where collected, already names them one by one.
      if (bad.length && s.connections && !failed.some((f) => f.node === node)) {
        fewPeers.push({ node, text: `${node}: ${bad.map(([state, n]) => `${n} ${state}`).join(', ')} of ${s.connections.total} connections`, ev: ctx.facts.evidence.line(parsed.path, s.connections.line) });
        nodes.add(node);
      }
      if (s.peers && nodeCount > 1 && s.peers.count < nodeCount) {
        fewPeers.push({ node, text: `${node} knows ${s.peers.count} peer(s) of ${nodeCount} nodes`, ev: ctx.facts.evidence.line(parsed.path, s.peers.line) });
        nodes.add(node);
      }
    }
    if (!failed.length && !sleeve.length && !fewPeers.length) return [];
    const parts: string[] = [];
    if (failed.length) parts.push(`${failed.length} weave connection(s) are not established: ${listNames(failed.map((f) => f.text), 4)}.`);
    if (fewPeers.length) parts.push(`${listNames(fewPeers.map((f) => f.text), 4)}.`);
    if (sleeve.length) parts.push(`${sleeve.length} connection(s) run over sleeve, the slow user-space path, where fastdp is expected: ${listNames(sleeve.map((s) => s.text), 3)} (UDP 6784 blocked, or encryption without fastdp support).`);
    if (failed.some((f) => /seeded by different peers/.test(f.text))) parts.push('"IP allocation was seeded by different peers": two groups of peers each formed their own IPAM ring; the smaller group must drop its IPAM data (weave reset) to join.');
    else if (failed.length) parts.push('Pods on these nodes cannot reach pods on the peers named: open TCP 6783 and UDP 6783-6784 between the nodes.');
    const severity = failed.length || fewPeers.length ? undefined : ('medium' as const);
    return [{ scope: { kind: 'nodes', names: [...nodes].sort() }, severity, summary: parts.join(' '), evidence: [...failed.slice(0, 4), ...fewPeers.slice(0, 2), ...sleeve.slice(0, 2)].map((x) => x.ev) }];
  },
});
