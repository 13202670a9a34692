// Detects degraded Cilium health: cluster health below all nodes reachable, failing controllers, a
// health daemon that is not Ok, and pod IPs missing from the endpoint map.
// https://docs.cilium.io/en/stable/operations/troubleshooting/#cluster-connectivity-health
import type { Evidence } from '../../../model/report.js';
import { isRecognised, nodeOutputs } from '../../bundle-data.js';
import { listNames } from '../../facts.js';
import { defineRule } from '../../rule.js';
import { CILIUM_BPF_ENDPOINTS } from '../../../cni/cilium.js';

export default defineRule({
  meta: {
    id: 'cilium-health-degraded',
    title: 'Cilium health is degraded',
    area: 'cilium',
    severity: 'high',
    urgency: 'immediate',
    answers: 'pod-to-pod',
    plugin: 'cilium',
    description: 'cilium status: `Cluster health` below all nodes reachable, failing controllers (consecutive failures > 0), `Cilium health daemon` not Ok; pod IPs on a node missing from its `cilium bpf endpoint list`.',
    rationale: 'Unreachable health endpoints mean the inter-node datapath (VXLAN 8472 / Geneve 6081 / TCP 4240) is broken for some pairs of nodes; failing controllers leave endpoints or policy out of sync.',
    evidence: 'The Cluster health and Controller Status sections of plugins/cilium/status/<node>.txt, and the endpoint list.',
    actions: [
      { title: 'Run the connectivity test and look at the failing controllers and unreachable nodes', commands: ['cilium connectivity test', 'kubectl -n kube-system exec <cilium-pod> -c cilium-agent -- cilium-dbg status --verbose', 'kubectl -n kube-system exec <cilium-pod> -c cilium-agent -- cilium-health status --probe'], risk: 'safe' },
      { title: 'Open UDP 8472 (VXLAN) / 6081 (Geneve) and TCP 4240 between nodes; restart the agent on nodes with failing controllers', commands: ['kubectl -n kube-system delete pod -l k8s-app=cilium --field-selector spec.nodeName=<node>'], risk: 'disruptive' },
    ],
    docs: ['https://docs.cilium.io/en/stable/operations/troubleshooting/#cluster-connectivity-health', 'https://docs.cilium.io/en/stable/operations/system_requirements/#firewall-rules'],
    explains: ['pod-routing-failure'],
  },
  requires: ['cilium-status'],
  check(ctx) {
    const problems: string[] = [];
    const evidence: Evidence[] = [];
    const nodes = new Set<string>();
    for (const { node, path, status } of ctx.facts.ciliumStatuses()) {
      const h = status.clusterHealth;
      if (h && h.reachable < h.total) {
        problems.push(`${node}: ${h.reachable}/${h.total} nodes reachable${h.unreachableNodes.length ? ` (unreachable: ${listNames(h.unreachableNodes.map((u) => u.name), 3)})` : ''}`);
        nodes.add(node);
        evidence.push(ctx.facts.evidence.line(path, h.line));
        for (const u of h.unreachableNodes.slice(0, 1)) evidence.push(ctx.facts.evidence.line(path, u.line));
      }
      const c = status.controllers;
      if (c && (c.healthy < c.total || c.failing.length)) {
        problems.push(`${node}: ${c.healthy}/${c.total} controllers healthy${c.failing.length ? ` (failing: ${listNames(c.failing.map((f) => `${f.name} "${f.message.slice(0, 80)}"`), 2)})` : ''}`);
        nodes.add(node);
        evidence.push(ctx.facts.evidence.line(path, c.failing[0]?.line ?? c.line));
      }
      const hd = status.healthDaemon;
      if (hd && hd.state !== 'Ok' && hd.state !== 'Disabled') {
        problems.push(`${node}: health daemon ${hd.raw}`);
        nodes.add(node);
        evidence.push(ctx.facts.evidence.line(path, hd.line));
      }
    }
    // Endpoint map against the pods the API says run on the node.
    for (const [node, parsed] of nodeOutputs(ctx.data, CILIUM_BPF_ENDPOINTS)) {
      if (!isRecognised(parsed)) continue;
      const ips = new Set(parsed.result.endpoints.map((e) => e.ip));
      const pods = ctx.facts.pods.onNode(node).filter((p) => !p.hostNetwork && p.phase === 'Running' && p.podIPs.length);
      const missing = pods.filter((p) => !p.podIPs.some((ip) => ips.has(ip)));
      if (pods.length && missing.length) {
        problems.push(`${node}: ${missing.length} running pod IP(s) missing from the BPF endpoint map (${listNames(missing.map((p) => `${p.namespace}/${p.name} ${p.podIPs[0]}`), 3)})`);
        nodes.add(node);
        evidence.push(ctx.facts.evidence.line(parsed.path, 1, undefined, `${parsed.result.endpoints.length} entries; ${missing[0]!.podIPs[0]} absent`));
      }
    }
    if (!problems.length) return [];
    return [
      {
        scope: { kind: 'nodes', names: [...nodes].sort() },
        summary: `Cilium health is degraded: ${listNames(problems, 3)}.`,
        evidence: evidence.slice(0, 6),
      },
    ];
  },
});
