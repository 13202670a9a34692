// Detects flannel VXLAN nodes without a working flannel.1 device (missing, down, empty FDB) and
// VXLAN errors in flanneld logs. https://github.com/flannel-io/flannel/blob/master/Documentation/backends.md#vxlan
import type { Evidence } from '../../../model/report.js';
import { isRecognised } from '../../bundle-data.js';
import { listNames } from '../../facts.js';
import { defineRule } from '../../rule.js';

export default defineRule({
  meta: {
    id: 'flannel-vxlan-unhealthy',
    title: 'flannel VXLAN device is missing or broken',
    area: 'flannel',
    severity: 'high',
    urgency: 'immediate',
    answers: 'pod-to-pod',
    plugin: 'flannel',
    description: 'No `flannel.1` device (or one that is down) on a flannel node using the VXLAN backend, an empty forwarding database for it while there are other nodes, or VXLAN errors (`VXLAN init: operation not supported`, `failed to add vxlanRoute`) in flanneld logs.',
    rationale: 'flannel.1 carries all pod traffic between nodes: without it (or its FDB entries) pods on this node cannot reach pods elsewhere.',
    evidence: 'nodes/<node>/ip-link.txt, nodes/<node>/bridge-fdb-flannel.1.txt and kube-flannel logs.',
    actions: [
      { title: 'Restart kube-flannel on the node', commands: ['kubectl -n kube-flannel delete pod -l app=flannel --field-selector spec.nodeName=<node>'], risk: 'disruptive' },
      { title: 'If the kernel lacks VXLAN: load the module (modprobe vxlan) or install the distribution\'s extra modules; open UDP 8472 between nodes', commands: ['# on the node: modprobe vxlan && lsmod | grep vxlan'], risk: 'safe' },
    ],
    docs: ['https://github.com/flannel-io/flannel/blob/master/Documentation/backends.md#vxlan', 'https://github.com/flannel-io/flannel/blob/master/Documentation/troubleshooting.md'],
    explains: ['pod-routing-failure'],
  },
  requires: ['node-ip-link', 'logs'],
  check(ctx) {
    const conf = ctx.facts.flannelNetConf();
    const vxlan = !conf || conf.backend === 'vxlan';
    const onFlannel = ctx.facts.flannelNodes();
    const problems = new Map<string, { why: string; ev: Evidence }>();
    if (vxlan) {
      for (const nd of ctx.data.nodeData.values()) {
        if (!onFlannel.has(nd.name) || !isRecognised(nd.ipLink)) continue;
        const dev = nd.ipLink.result.links.find((l) => l.name === 'flannel.1');
        if (!dev) problems.set(nd.name, { why: 'no flannel.1 device', ev: ctx.facts.evidence.line(nd.ipLink.path, undefined, undefined, `${nd.name}: ${nd.ipLink.result.links.length} links, none named flannel.1`) });
        else if (!dev.flags.includes('UP')) problems.set(nd.name, { why: 'flannel.1 is down', ev: ctx.facts.evidence.line(nd.ipLink.path, dev.line) });
        else if (nd.bridgeFdbFlannel && nd.bridgeFdbFlannel.entries === 0 && ctx.facts.nodeNames.length > 1) problems.set(nd.name, { why: 'flannel.1 has an empty forwarding database', ev: ctx.facts.evidence.line(nd.bridgeFdbFlannel.path, undefined, undefined, 'no FDB entries for the other nodes') });
      }
    }
    for (const l of ctx.facts.logMatches('flannel-vxlan-failure')) {
      const node = ctx.facts.nodeOfPod(l.log.namespace, l.log.pod) ?? `(pod ${l.log.pod})`;
      if (!problems.has(node)) problems.set(node, { why: `flanneld: "${l.m.match.text}"`, ev: ctx.facts.evidence.log(l.log, l.m) });
    }
    if (!problems.size) return [];
    const names = [...problems.keys()].sort();
    return [
      {
        scope: { kind: 'nodes', names: names.filter((n) => !n.startsWith('(')) },
        summary: `flannel's VXLAN datapath is broken on ${listNames(names.map((n) => `${n} (${problems.get(n)!.why})`), 4)}.`,
        evidence: names.slice(0, 5).map((n) => problems.get(n)!.ev),
      },
    ];
  },
});
