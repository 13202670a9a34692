// Detects BGP sessions that are not Established (calicoctl node status / birdcl show protocols) and
// calico-node readiness failures "BGP not established with …", explaining the BGP state.
// https://docs.tigera.io/calico/latest/networking/configuring/bgp
import type { Evidence } from '../../../model/report.js';
import { isRecognised, nodeOutputs } from '../../bundle-data.js';
import { listNames } from '../../facts.js';
import { defineRule } from '../../rule.js';
import { BIRD_PROTOCOLS, CALICO_NODE_STATUS } from '../../../cni/calico.js';

const STATE_MEANING: Record<string, string> = {
  Idle: 'the session is not even trying (config error, or BIRD gave up after an error)',
  Connect: 'TCP 179 to the peer does not connect (blocked by a firewall, or the peer is down)',
  Active: 'TCP 179 to the peer does not connect (blocked by a firewall, or the peer is down)',
  OpenSent: 'TCP is up but the peer has not answered the BGP OPEN (AS or router-id mismatch, MD5 password)',
  OpenConfirm: 'waiting for the peer\'s KEEPALIVE after OPEN',
  Passive: 'waiting for the peer to connect in',
};

interface Down {
  node: string;
  peer: string;
  peerNode?: string;
  state: string;
  detail: string;
  ev: Evidence;
}

export default defineRule({
  meta: {
    id: 'calico-bgp-peer-down',
    title: 'Calico BGP sessions are down',
    area: 'calico',
    severity: 'critical',
    urgency: 'immediate',
    answers: 'pod-to-pod',
    plugin: 'calico',
    description: 'A BGP peer not Established in `calicoctl node status` or `birdcl show protocols`, or calico-node readiness failures `BGP not established with …`. Explains the state: Idle/Connect/Active mean TCP 179 blocked or the peer down; names both ends.',
    rationale: 'Without BGP the nodes do not learn each other\'s pod routes: pods on different nodes cannot talk, and calico-node stays unready.',
    evidence: 'The peer rows in plugins/calico/node-status/<node>.txt or birdcl-protocols/<node>.txt, and Unhealthy events of calico-node.',
    actions: [
      { title: 'Open TCP 179 between all nodes (security groups, host firewalls) and check the peer configuration', commands: ['kubectl -n <namespace> exec <calico-node-pod> -c calico-node -- birdcl -s /var/run/calico/bird.ctl show protocols all', 'calicoctl get bgppeers -o wide', 'calicoctl get bgpconfiguration default -o yaml'], risk: 'safe' },
      { title: 'Restart calico-node on both ends of the failing sessions', commands: ['kubectl -n <namespace> delete pod -l k8s-app=calico-node --field-selector spec.nodeName=<node>'], risk: 'disruptive' },
    ],
    docs: ['https://docs.tigera.io/calico/latest/networking/configuring/bgp', 'https://docs.tigera.io/calico/latest/operations/troubleshoot/troubleshooting#bgp'],
    explains: ['pod-routing-failure'],
  },
  requires: ['calico-node-status', 'events'],
  check(ctx) {
    const byIp = new Map<string, string>();
    for (const n of ctx.data.nodes) {
      for (const ip of n.internalIPs) byIp.set(ip, n.name);
      const a = n.annotations['projectcalico.org/IPv4Address']?.split('/')[0];
      if (a) byIp.set(a, n.name);
    }
    const down: Down[] = [];
    const notRunning: { node: string; ev: Evidence }[] = [];
    const nodesWithTable = new Set<string>();
    for (const [node, parsed] of nodeOutputs(ctx.data, CALICO_NODE_STATUS)) {
      if (!isRecognised(parsed)) continue;
      const s = parsed.result;
      if (s.processRunning === false) notRunning.push({ node, ev: ctx.facts.evidence.line(parsed.path, s.processLine) });
      for (const e of s.errors) notRunning.push({ node, ev: ctx.facts.evidence.line(parsed.path, e.line) });
      if (s.peers.length) nodesWithTable.add(node);
      const established = s.peers.filter((p) => p.bgpState === 'Established').length;
      for (const p of s.peers) {
        if (p.bgpState === 'Established') continue;
        if (p.bgpState === 'Passive' && established > 0) continue;
        down.push({ node, peer: p.address, peerNode: byIp.get(p.address), state: p.bgpState ?? p.state, detail: p.detail, ev: ctx.facts.evidence.line(parsed.path, p.line) });
      }
    }
    for (const [node, parsed] of nodeOutputs(ctx.data, BIRD_PROTOCOLS)) {
      if (!isRecognised(parsed) || nodesWithTable.has(node)) continue;
      const bgp = parsed.result.protocols.filter((p) => p.proto === 'BGP');
      const established = bgp.filter((p) => p.bgpState === 'Established').length;
      for (const p of bgp) {
        if (p.bgpState === 'Established') continue;
        if (p.bgpState === 'Passive' && established > 0) continue;
        const peer = p.peerAddress ?? p.name;
        down.push({ node, peer, peerNode: byIp.get(peer), state: p.bgpState ?? p.state, detail: p.detail, ev: ctx.facts.evidence.line(parsed.path, p.line) });
      }
    }
    const readiness = ctx.facts.eventsOfKind('bgp-not-established');
    if (!down.length && !notRunning.length && !readiness.length) return [];
    const nodes = new Set<string>();
    for (const d of down) {
      nodes.add(d.node);
      if (d.peerNode) nodes.add(d.peerNode);
    }
    for (const r of notRunning) nodes.add(r.node);
    for (const r of readiness) {
      const n = ctx.facts.nodeOfEvent(r.event);
      if (n) nodes.add(n);
    }
    const states = [...new Set(down.map((d) => d.state))];
    const explain = states.map((s) => (STATE_MEANING[s] ? `${s}: ${STATE_MEANING[s]}` : undefined)).filter(Boolean);
    const sessions = down.map((d) => `${d.node} → ${d.peer}${d.peerNode ? ` (${d.peerNode})` : ''} ${d.state}${d.detail ? ` "${d.detail}"` : ''}`);
    const docker0 = [...down.map((d) => d.peer), ...readiness.map((r) => r.match.groups.peers ?? '')].some((p) => /\b172\.17\.0\.1\b/.test(p));
    const parts: string[] = [];
    if (sessions.length) parts.push(`${sessions.length} BGP session(s) are not Established: ${listNames(sessions, 4)}.`);
    if (explain.length) parts.push(`${explain.join('; ')}.`);
    if (notRunning.length) parts.push(`calico-node/BIRD is not running on ${listNames([...new Set(notRunning.map((r) => r.node))])}.`);
    if (readiness.length) parts.push(`calico-node readiness fails: "${readiness[0]!.match.text}".`);
    if (docker0) parts.push('Peer 172.17.0.1 is the docker0 bridge address: IP autodetection picked the wrong interface (set IP_AUTODETECTION_METHOD).');
    return [
      {
        scope: { kind: 'nodes', names: [...nodes].sort() },
        summary: parts.join(' '),
        evidence: [...down.slice(0, 4).map((d) => d.ev), ...notRunning.slice(0, 2).map((r) => r.ev), ...readiness.slice(0, 2).map((r) => ctx.facts.evidence.event(r.event))],
      },
    ];
  },
});
