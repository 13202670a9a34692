// Detects kube-router BGP sessions that are not Established: `gobgp neighbor` rows in another state
// (Active/"never" is TCP 179 never connecting), a node with no BGP neighbor at all in a cluster of
// several, and GoBGP refusing a peer it has no configuration for (signature KR-01). Names both ends.
// https://github.com/cloudnativelabs/kube-router/blob/master/docs/bgp.md
import { GOBGP_NEIGHBOR, KUBE_ROUTER_BGP_PORT } from '../../../cni/kube-router.js';
import type { Evidence } from '../../../model/report.js';
import { isEstablished } from '../../../parsers/kube-router.js';
import { isRecognised, nodeOutputs } from '../../bundle-data.js';
import { listNames } from '../../facts.js';
import { defineRule } from '../../rule.js';

const STATE_MEANING: Record<string, string> = {
  Idle: 'the session is not trying (a configuration error, or GoBGP backing off after one)',
  Connect: `TCP ${KUBE_ROUTER_BGP_PORT} to the peer does not connect (a firewall or security group, or the peer is down)`,
  Active: `TCP ${KUBE_ROUTER_BGP_PORT} to the peer does not connect (a firewall or security group, or the peer is down)`,
  OpenSent: 'TCP is up but the peer has not answered the BGP OPEN (AS mismatch, or the peer has no configuration for this node)',
  OpenConfirm: "waiting for the peer's KEEPALIVE after OPEN",
};

interface Down {
  node: string;
  peer: string;
  peerNode?: string;
  state: string;
  never: boolean;
  ev: Evidence;
}

export default defineRule({
  meta: {
    id: 'kube-router-bgp-peer-down',
    title: 'kube-router BGP sessions are down',
    area: 'kube-router',
    severity: 'critical',
    urgency: 'immediate',
    answers: 'pod-to-pod',
    plugin: 'kube-router',
    description: 'A `gobgp neighbor` peer not Established (Active / Connect / Idle / OpenSent, "never" up), a node whose neighbor table is empty in a cluster of several nodes, or kube-router logging "Can\'t find configuration for a new passive connection" (a peer it refuses). Names both ends and what the state means.',
    rationale: 'kube-router routes each node\'s pod CIDR to the other nodes over BGP: a node without its sessions neither learns nor announces those routes, so pods on different nodes cannot talk.',
    evidence: 'The rows of plugins/kube-router/gobgp-neighbor/<node>.txt and the kube-router logs.',
    actions: [
      { title: `Open TCP ${KUBE_ROUTER_BGP_PORT} between all nodes (security groups, host firewalls) and check both ends agree on the peer AS`, commands: ['kubectl -n kube-system exec <kube-router-pod> -- gobgp neighbor', 'kubectl -n kube-system exec <kube-router-pod> -- gobgp neighbor <peer-ip>', 'kubectl get nodes -o custom-columns=NAME:.metadata.name,ASN:.metadata.annotations.kube-router\\.io/node\\.asn'], risk: 'safe' },
      { title: 'Restart kube-router on both ends of the failing sessions (routes are re-announced when it is back)', commands: ['kubectl -n kube-system delete pod -l k8s-app=kube-router --field-selector spec.nodeName=<node>'], risk: 'disruptive' },
    ],
    docs: ['https://github.com/cloudnativelabs/kube-router/blob/master/docs/bgp.md', 'https://github.com/cloudnativelabs/kube-router/blob/master/docs/pod-toolbox.md'],
    explains: ['pod-routing-failure', 'probe-dns-failed'],
  },
  requires: [GOBGP_NEIGHBOR],
  check(ctx) {
    const byIp = new Map<string, string>();
    for (const n of ctx.data.nodes) for (const ip of n.internalIPs) byIp.set(ip, n.name);
    const down: Down[] = [];
    const empty: { node: string; ev: Evidence }[] = [];
    const routers = ctx.facts.plugins.workloads.filter((w) => w.agent.id === 'kube-router');
    const namespace = routers[0]?.daemonSet?.namespace ?? routers[0]?.pods[0]?.namespace ?? 'kube-system';
    const routerNodes = new Set(routers.flatMap((w) => w.pods.map((p) => p.nodeName).filter((n): n is string => !!n)));
    const tables = nodeOutputs(ctx.data, GOBGP_NEIGHBOR);
    const meshSize = Math.max(routerNodes.size, tables.size);
    for (const [node, parsed] of tables) {
      if (!isRecognised(parsed)) continue;
      const { neighbors, headerLine } = parsed.result;
      if (!neighbors.length && meshSize > 1) empty.push({ node, ev: ctx.facts.evidence.line(parsed.path, headerLine) });
      for (const nb of neighbors) {
        if (isEstablished(nb.state)) continue;
        down.push({ node, peer: nb.address || 'a peer', peerNode: byIp.get(nb.address), state: nb.state, never: /^never$/i.test(nb.upDown), ev: ctx.facts.evidence.line(parsed.path, nb.line) });
      }
    }
    const refused = ctx.facts.logMatches('kube-router-bgp').filter((h) => h.m.match.signature.id === 'KR-01');
    if (!down.length && !empty.length && !refused.length) return [];

    const nodes = new Set<string>();
    for (const d of down) {
      nodes.add(d.node);
      if (d.peerNode) nodes.add(d.peerNode);
    }
    for (const e of empty) nodes.add(e.node);
    const refusedFrom = new Map<string, { node?: string; peer: string; peerNode?: string }>();
    for (const h of refused) {
      const node = ctx.facts.nodeOfPod(h.log.namespace, h.log.pod);
      const peer = h.m.match.groups.peer ?? '';
      if (node) nodes.add(node);
      if (byIp.get(peer)) nodes.add(byIp.get(peer)!);
      refusedFrom.set(`${node}→${peer}`, { node, peer, peerNode: byIp.get(peer) });
    }
    const sessions = down.map((d) => `${d.node} → ${d.peer}${d.peerNode ? ` (${d.peerNode})` : ''} ${d.state}${d.never ? ', never up' : ''}`);
    const states = [...new Set(down.map((d) => d.state))];
    const explain = states.map((s) => (STATE_MEANING[s] ? `${s}: ${STATE_MEANING[s]}` : undefined)).filter(Boolean);
    const parts: string[] = [];
    if (sessions.length) parts.push(`${sessions.length} BGP session(s) are not Established: ${listNames(sessions, 4)}.`);
    if (explain.length) parts.push(`${explain.join('; ')}.`);
    // One node at an end of every failing session is where to look first (its firewall, its agent).
    const common = down.length > 1 ? [...nodes].filter((n) => down.every((d) => d.node === n || d.peerNode === n)) : [];
    if (common.length === 1) parts.push(`Every failing session has ${common[0]} at one end: start with its firewall and its kube-router.`);
    if (empty.length) parts.push(`${listNames(empty.map((e) => e.node))} ${empty.length === 1 ? 'has' : 'have'} no BGP neighbor at all in a mesh of ${meshSize} nodes: ${empty.length === 1 ? 'it announces' : 'they announce'} no pod route and learn${empty.length === 1 ? 's' : ''} none.`);
    if (refusedFrom.size) {
      const r = [...refusedFrom.values()].map((x) => `${x.node ?? 'a node'} refuses ${x.peer}${x.peerNode ? ` (${x.peerNode})` : ''}`);
      parts.push(`kube-router refuses BGP connections it has no configuration for: ${listNames(r, 3)} (the two ends disagree on who their peers are; restart kube-router on the refusing node so it re-reads the node list).`);
    }
    const names = [...nodes].sort();
    const restart = names.slice(0, 5).map((n) => `kubectl -n ${namespace} delete pod -l k8s-app=kube-router --field-selector spec.nodeName=${n}`);
    const firstPeer = down.find((d) => d.peer !== 'a peer')?.peer;
    return [
      {
        scope: { kind: 'nodes', names },
        summary: `${parts.join(' ')} Pods on these nodes cannot reach pods on the others until the sessions are up.`,
        evidence: [...down.slice(0, 4).map((d) => d.ev), ...empty.slice(0, 2).map((e) => e.ev), ...refused.slice(0, 2).map((h) => ctx.facts.evidence.log(h.log, h.m, `${h.log.pod}/${h.log.container}`))],
        actions: [
          { title: `Open TCP ${KUBE_ROUTER_BGP_PORT} between these nodes and check both ends agree on the peer AS`, commands: [`kubectl -n ${namespace} exec <kube-router-pod> -- gobgp neighbor${firstPeer ? ` ${firstPeer}` : ''}`, 'kubectl get nodes -o custom-columns=NAME:.metadata.name,ASN:.metadata.annotations.kube-router\\.io/node\\.asn'], risk: 'safe' },
          { title: 'Restart kube-router on both ends of the failing sessions', commands: restart, risk: 'disruptive' },
        ],
      },
    ];
  },
});
