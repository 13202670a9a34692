// Detects "no route to host" in events and logs, and node routing tables without routes to the
// other nodes' pod CIDRs (data paths that route each node's podCIDR on the host: flannel,
// kube-router, kindnet — CniDescriptor.routesPerNode).
// https://github.com/flannel-io/flannel/blob/master/Documentation/troubleshooting.md
import type { Evidence } from '../../../model/report.js';
import { isRecognised } from '../../bundle-data.js';
import { listNames } from '../../facts.js';
import { CidrCover, parseCidr } from '../../net.js';
import { defineRule } from '../../rule.js';
import { restartAgentOnNodesAction } from '../../agent-actions.js';
import { cniById } from '../../../cni/index.js';

export default defineRule({
  meta: {
    id: 'pod-routing-failure',
    title: 'Pod traffic between nodes has no route',
    area: 'generic',
    severity: 'high',
    urgency: 'immediate',
    answers: 'pod-to-pod',
    description: "`no route to host` in events and logs; node routing tables without routes to other nodes' pod CIDRs where the plugin routes each node's podCIDR on the host (flannel, kube-router, kindnet).",
    rationale: 'Pods on different nodes cannot reach each other (nor, often, CoreDNS and the API server): the overlay or BGP routes are missing.',
    evidence: 'The `no route to host` lines, and nodes/<node>/ip-route.txt compared with the podCIDRs in cluster/nodes.json.',
    actions: [
      { title: 'Check the CNI\'s route distribution: BGP sessions (Calico) or VXLAN/leases (Flannel)', commands: ['kubectl -n <namespace> exec <calico-node-pod> -- calicoctl node status', 'kubectl -n kube-flannel logs <kube-flannel-pod> --tail=100'], risk: 'safe' },
      { title: 'Restart the CNI agent on the nodes with missing routes', commands: ['kubectl -n <namespace> delete pod -l <cni-agent-label> --field-selector spec.nodeName=<node>'], risk: 'disruptive' },
    ],
    docs: ['https://github.com/flannel-io/flannel/blob/master/Documentation/troubleshooting.md', 'https://docs.tigera.io/calico/latest/operations/troubleshoot/troubleshooting'],
  },
  requires: ['events', 'logs', 'node-ip-route'],
  check(ctx) {
    const drafts = [];
    const events = ctx.facts.eventsOfKind('no-route-to-host');
    const logs = ctx.facts.logMatches('no-route-to-host');
    if (events.length || logs.length) {
      const nodes = [...new Set(events.map((e) => ctx.facts.nodeOfEvent(e.event)).filter((n): n is string => !!n))].sort();
      const evidence: Evidence[] = [
        ...events.slice(0, 3).map((e) => ctx.facts.evidence.event(e.event)),
        ...logs.slice(0, 3).map((l) => ctx.facts.evidence.log(l.log, l.m, `${l.log.namespace}/${l.log.pod} ${l.log.container}`)),
      ];
      drafts.push({
        key: 'no-route',
        scope: nodes.length ? { kind: 'nodes' as const, names: nodes } : { kind: 'cluster' as const },
        summary: `"no route to host" appears in ${events.length} event(s) and ${logs.length} log line(s)${logs.length ? ` (${listNames([...new Set(logs.map((l) => `${l.log.namespace}/${l.log.pod}`))], 3)})` : ''}: traffic to another node or pod has no route.`,
        evidence,
      });
    }
    // Route table check, for plugins that route each node's podCIDR on the host (Calico routes its
    // own blocks, not podCIDRs; Cilium may tunnel).
    const routing = ctx.facts.plugins.detected.map((p) => cniById(p.id)).filter((d) => !!d?.routesPerNode);
    if (routing.length && !ctx.plugins.has('calico')) {
      const podCidrs = ctx.data.nodes.flatMap((n) => n.podCIDRs.map((c) => ({ node: n.name, cidr: parseCidr(c) }))).filter((x) => x.cidr?.family === 4);
      // Per node, how many routes it lacks and the first few (a cluster of thousands of nodes whose
      // routes are all gone would otherwise hold n² strings).
      const missing: { node: string; lacks: string[]; count: number }[] = [];
      const evidence: Evidence[] = [];
      for (const nd of ctx.data.nodeData.values()) {
        if (!isRecognised(nd.ipRoute)) continue;
        const routes = nd.ipRoute.result.routes.filter((r) => r.dst !== 'default').map((r) => ({ r, c: parseCidr(r.dst) }));
        const cover = new CidrCover();
        for (const x of routes) if (x.c) cover.add(x.c);
        const lacks: string[] = [];
        let count = 0;
        for (const pc of podCidrs) {
          if (pc.node === nd.name || cover.covers(pc.cidr!)) continue;
          count++;
          if (lacks.length < 3) lacks.push(`${pc.cidr!.text} (${pc.node})`);
        }
        const wide = ctx.plugins.has('flannel') ? routes.find((x) => x.r.dev === 'flannel.1' && x.r.scope === 'link' && !x.r.via && x.c && x.c.prefix < 24) : undefined;
        const more = count > lacks.length ? ` and ${count - lacks.length} more` : '';
        if (count) {
          missing.push({ node: nd.name, lacks, count });
          evidence.push(ctx.facts.evidence.line(nd.ipRoute.path, undefined, undefined, `${nd.name} has no route for ${lacks.join(', ')}${more}`));
        } else if (wide) {
          missing.push({ node: nd.name, lacks: [], count: 0 });
          evidence.push(ctx.facts.evidence.line(nd.ipRoute.path, wide.r.line, undefined, `${nd.name}: one whole-cluster route on flannel.1 instead of one "via … onlink" route per node (old flannel or wrong backend config)`));
        }
      }
      if (missing.length) {
        const names = missing.map((m) => m.node).sort();
        drafts.push({
          key: 'routes',
          scope: { kind: 'nodes' as const, names },
          summary: `${names.length} node(s) lack per-node routes to other nodes' pod CIDRs: ${listNames(missing.map((m) => (m.count ? `${m.node} misses ${m.lacks.join(', ')}${m.count > m.lacks.length ? ` and ${m.count - m.lacks.length} more` : ''}` : `${m.node} has only a whole-cluster flannel.1 route`)), 4)}. ${listNames(routing.map((d) => d!.name))} routes each node's podCIDR on the host: pods there cannot reach pods on those nodes.`,
          evidence: evidence.slice(0, 6),
          actions: [
            { title: `See how ${listNames(routing.map((d) => d!.name))} distributes the routes`, commands: routing.flatMap((d) => d!.routesPerNode!.check), risk: 'safe' as const },
            restartAgentOnNodesAction(ctx, names),
          ],
        });
      }
    }
    return drafts;
  },
});
