// Detects Calico IPAM blocks above 80 % utilization.
// https://docs.tigera.io/calico/latest/reference/calicoctl/ipam/show
import { listNames } from '../../facts.js';
import { defineRule } from '../../rule.js';

const HIGH = 80;

export default defineRule({
  meta: {
    id: 'calico-ipam-blocks-high',
    title: 'Calico IPAM blocks are nearly full',
    area: 'ipam',
    severity: 'medium',
    urgency: 'hours',
    answers: 'ip-space',
    plugin: 'calico',
    description: 'Calico IPAM blocks (default /26, one or more per node) above 80 % utilization, from `calicoctl ipam show --show-blocks` or the ipamblocks CRDs.',
    rationale: 'A node whose blocks are full must claim a new block or borrow addresses; with strictAffinity or an exhausted pool, new pods on that node fail. Full blocks with few running pods point at leaked IPs.',
    evidence: 'The block rows of plugins/calico/ipam-show-blocks.txt or the ipamblocks CRDs.',
    actions: [
      { title: 'Find and release leaked addresses', commands: ['calicoctl ipam check --show-problem-ips -o /tmp/ipam-report.json', 'calicoctl ipam release --from-report=/tmp/ipam-report.json'], risk: 'safe' },
    ],
    docs: ['https://docs.tigera.io/calico/latest/reference/calicoctl/ipam/show', 'https://docs.tigera.io/calico/latest/reference/calicoctl/ipam/check'],
  },
  requires: ['calico-ipam'],
  check(ctx) {
    const blocks = ctx.facts.calicoBlocks();
    const full = blocks.filter((b) => b.percent > HIGH).sort((a, b) => b.percent - a.percent || (a.cidr < b.cidr ? -1 : 1));
    if (!full.length) return [];
    const nodes = [...new Set(full.map((b) => b.node).filter((n): n is string => !!n))].sort();
    return [
      {
        scope: nodes.length ? { kind: 'nodes', names: nodes } : { kind: 'cluster' },
        summary: `${full.length} of ${blocks.length} Calico IPAM blocks are above ${HIGH} %: ${listNames(full.map((b) => `${b.cidr} ${b.inUse}/${b.total}${b.node ? ` (${b.node})` : ''}`), 4)}.`,
        evidence: full.slice(0, 5).map((b) => ctx.facts.evidence.line(b.file, b.line)),
      },
    ];
  },
});
