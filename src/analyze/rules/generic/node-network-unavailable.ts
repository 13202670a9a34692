// Detects nodes with the NetworkUnavailable condition True (the scheduler taints them).
// https://kubernetes.io/docs/reference/node/node-status/#condition
import { countText, listNames } from '../../facts.js';
import { defineRule } from '../../rule.js';
import { restartAgentOnNodesAction } from '../../agent-actions.js';

export default defineRule({
  meta: {
    id: 'node-network-unavailable',
    title: 'Nodes report NetworkUnavailable',
    area: 'generic',
    severity: 'critical',
    urgency: 'minutes',
    answers: 'new-pods',
    description: 'Node condition NetworkUnavailable=True (set by the CNI agent or the cloud route controller).',
    rationale: 'The node.kubernetes.io/network-unavailable taint keeps new pods off these nodes, independently of Ready.',
    evidence: 'The NetworkUnavailable condition in cluster/nodes.json.',
    actions: [
      { title: 'Restart the CNI agent on those nodes (it clears the condition when it comes up)', commands: ['kubectl -n <namespace> delete pod -l <cni-agent-label> --field-selector spec.nodeName=<node>'], risk: 'disruptive' },
    ],
    docs: ['https://kubernetes.io/docs/reference/node/node-status/#condition', 'https://kubernetes.io/docs/reference/labels-annotations-taints/#node-kubernetes-io-network-unavailable'],
  },
  requires: ['nodes'],
  check(ctx) {
    const hit = ctx.data.nodes.filter((n) => n.networkUnavailable?.status === 'True');
    if (!hit.length) return [];
    const names = hit.map((n) => n.name).sort();
    const c = hit[0]!.networkUnavailable!;
    return [
      {
        scope: { kind: 'nodes', names },
        summary: `${countText(names.length, ctx.data.nodes.length, 'node')} report NetworkUnavailable=True (${listNames(names)}), reason ${c.reason || '(none)'}${c.message ? `: "${c.message}"` : ''}; the scheduler keeps new pods off them.`,
        evidence: hit.slice(0, 5).map((n) => ctx.facts.evidence.node(n, '"NetworkUnavailable"', `NetworkUnavailable=True reason ${n.networkUnavailable?.reason || '(none)'}`)),
        actions: [restartAgentOnNodesAction(ctx, names)],
      },
    ];
  },
});
