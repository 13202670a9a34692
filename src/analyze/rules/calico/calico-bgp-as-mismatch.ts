// Detects AS numbers that cannot form the configured peering: BGPPeer asNumber different from the
// peer node's AS, and `Bad peer AS` in BIRD output or logs.
// https://docs.tigera.io/calico/latest/reference/resources/bgppeer
import type { Evidence } from '../../../model/report.js';
import { isRecognised, nodeOutputs } from '../../bundle-data.js';
import { listNames } from '../../facts.js';
import { defineRule } from '../../rule.js';
import { BIRD_PROTOCOLS, CALICO_NODE_STATUS } from '../../../cni/calico.js';

const DEFAULT_AS = 64512;

export default defineRule({
  meta: {
    id: 'calico-bgp-as-mismatch',
    title: 'BGP AS numbers do not match',
    area: 'calico',
    severity: 'high',
    urgency: 'immediate',
    answers: 'pod-to-pod',
    plugin: 'calico',
    description: 'AS numbers that cannot form the configured peering (a BGPPeer whose asNumber differs from the AS of the node at peerIP, from node annotations, Node spec or the global BGPConfiguration, default 64512), or `Bad peer AS` in BIRD output, events and logs.',
    rationale: 'The peer rejects the OPEN message, so the session never establishes and routes are not exchanged.',
    evidence: 'The BGPPeer and BGPConfiguration resources, node AS annotations, and the `Bad peer AS` lines.',
    actions: [{ title: 'Fix the AS numbers so each BGPPeer names the AS its peer really uses', commands: ['calicoctl get bgpconfiguration default -o yaml', 'calicoctl get bgppeers -o yaml', 'calicoctl patch bgppeer <name> -p \'{"spec":{"asNumber":<as>}}\''], risk: 'disruptive' }],
    docs: ['https://docs.tigera.io/calico/latest/reference/resources/bgppeer', 'https://docs.tigera.io/calico/latest/reference/resources/bgpconfig'],
    explains: ['calico-bgp-peer-down'],
  },
  requires: ['calico-node-status', 'calico-bgp-config', 'logs', 'events'],
  check(ctx) {
    const evidence: Evidence[] = [];
    const problems: string[] = [];
    const nodes = new Set<string>();
    for (const [node, parsed] of nodeOutputs(ctx.data, CALICO_NODE_STATUS)) {
      if (!isRecognised(parsed)) continue;
      for (const p of parsed.result.peers) if (/Bad peer AS/i.test(p.detail)) {
        problems.push(`${node} → ${p.address}: "${p.info}"`);
        nodes.add(node);
        evidence.push(ctx.facts.evidence.line(parsed.path, p.line));
      }
    }
    for (const [node, parsed] of nodeOutputs(ctx.data, BIRD_PROTOCOLS)) {
      if (!isRecognised(parsed)) continue;
      for (const p of parsed.result.protocols) if (/Bad peer AS/i.test(p.detail)) {
        problems.push(`${node} → ${p.peerAddress ?? p.name}: "${p.info}"`);
        nodes.add(node);
        evidence.push(ctx.facts.evidence.line(parsed.path, p.line));
      }
    }
    for (const l of ctx.facts.logMatches('bgp-bad-peer-as').slice(0, 3)) {
      problems.push(`${l.log.pod}: "${l.m.match.text}"`);
      evidence.push(ctx.facts.evidence.log(l.log, l.m));
    }
    // Static: BGPPeer.asNumber against the AS of the node it points at.
    const globalAs = ctx.data.calico.bgpConfigurations?.items.find((c) => c.asNumber)?.asNumber ?? DEFAULT_AS;
    const asOf = new Map<string, { node: string; as: number }>();
    for (const n of ctx.data.nodes) {
      const ann = Number(n.annotations['projectcalico.org/ASNumber']);
      const as = Number.isFinite(ann) && ann > 0 ? ann : globalAs;
      for (const ip of n.internalIPs) asOf.set(ip, { node: n.name, as });
      const a = n.annotations['projectcalico.org/IPv4Address']?.split('/')[0];
      if (a) asOf.set(a, { node: n.name, as });
    }
    const peers = ctx.data.calico.bgpPeers;
    for (const item of peers?.items ?? []) {
      if (!item.peerIP || item.asNumber === undefined) continue;
      const ip = item.peerIP.replace(/:\d+$/, '');
      const target = asOf.get(ip);
      if (target && target.as !== item.asNumber) {
        problems.push(`BGPPeer ${item.name} expects AS ${item.asNumber} at ${ip}, but node ${target.node} uses AS ${target.as}`);
        nodes.add(target.node);
        evidence.push(ctx.facts.evidence.line(item.file, item.line, undefined, `BGPPeer ${item.name}: peerIP ${ip}, asNumber ${item.asNumber}`));
      }
    }
    if (!problems.length) return [];
    return [
      {
        scope: nodes.size ? { kind: 'nodes', names: [...nodes].sort() } : { kind: 'cluster' },
        summary: `BGP peers disagree on AS numbers: ${listNames(problems, 3)}.`,
        evidence: evidence.slice(0, 6),
      },
    ];
  },
});
