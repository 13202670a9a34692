// Detects nodes whose Ready condition is not True, and says when the reason is the network plugin.
// https://kubernetes.io/docs/reference/node/node-status/#condition
import { countText, listNames } from '../../facts.js';
import { defineRule } from '../../rule.js';
import { restartAgentAction } from '../../agent-actions.js';
import { NETWORK_NOT_READY } from '../../../parsers/signatures.js';


export default defineRule({
  meta: {
    id: 'node-not-ready',
    title: 'Nodes are NotReady',
    area: 'generic',
    severity: 'critical',
    urgency: 'minutes',
    answers: 'new-pods',
    description: "Nodes whose Ready condition is not True; names the reason and says when it is the network plugin (NetworkPluginNotReady, 'cni config uninitialized', 'cni plugin not initialized').",
    rationale: 'A NotReady node gets no new pods and, after the eviction timeout, loses the ones it has; when the reason is the CNI, every node that restarts can follow.',
    evidence: "The Ready condition of each node in cluster/nodes.json, with the kubelet's message.",
    actions: [
      { title: 'Read the kubelet message and the CNI agent on the node', commands: ['kubectl describe node <node>', 'kubectl get pods -A -o wide --field-selector spec.nodeName=<node>'], risk: 'safe' },
      { title: 'If the reason is the network plugin: restart the CNI DaemonSet', commands: ['kubectl -n <namespace> rollout restart daemonset/<cni-daemonset>'], risk: 'disruptive' },
    ],
    docs: ['https://kubernetes.io/docs/reference/node/node-status/#condition', 'https://kubernetes.io/docs/tasks/debug/debug-cluster/'],
  },
  requires: ['nodes'],
  check(ctx) {
    const notReady = ctx.data.nodes.filter((n) => n.ready?.status !== 'True');
    if (!notReady.length) return [];
    const network = notReady.filter((n) => NETWORK_NOT_READY.test(`${n.ready?.reason} ${n.ready?.message}`));
    const other = notReady.filter((n) => !network.includes(n));
    const total = ctx.data.nodes.length;
    const drafts = [];
    if (network.length) {
      const names = network.map((n) => n.name).sort();
      drafts.push({
        key: 'network',
        title: 'Nodes are NotReady because the container network plugin is not ready',
        scope: { kind: 'nodes' as const, names },
        summary: `${countText(names.length, total, 'node')} NotReady because the runtime reports the network plugin not ready (${listNames(names)}): "${network[0]!.ready?.message.slice(0, 200)}".`,
        evidence: network.slice(0, 5).map((n) => ctx.facts.evidence.node(n, 'NetworkReady=false', `Ready=${n.ready?.status} reason ${n.ready?.reason || '(none)'}`)),
        actions: [
          { title: 'Look at the CNI agent pod on those nodes and at /etc/cni/net.d', commands: names.slice(0, 3).flatMap((n) => [`kubectl get pods -A -o wide --field-selector spec.nodeName=${n}`]), risk: 'safe' as const },
          restartAgentAction(ctx),
        ],
      });
    }
    if (other.length) {
      const names = other.map((n) => n.name).sort();
      const reasons = [...new Set(other.map((n) => n.ready ? n.ready.reason || n.ready.status : 'no Ready condition'))].sort();
      drafts.push({
        key: 'other',
        scope: { kind: 'nodes' as const, names },
        summary: `${countText(names.length, total, 'node')} NotReady (${listNames(names)}), reason ${reasons.join(', ')}${other[0]!.ready?.message ? `: "${other[0]!.ready.message.slice(0, 200)}"` : ''}. Not attributed to the network plugin.`,
        evidence: other.slice(0, 5).map((n) => ctx.facts.evidence.node(n, '"type": "Ready"', `Ready=${n.ready?.status ?? 'missing'} ${n.ready?.reason ?? ''}`.trim())),
        actions: [
          { title: 'Find why the kubelet stopped reporting', commands: names.slice(0, 3).map((n) => `kubectl describe node ${n}`), risk: 'safe' as const },
        ],
      });
    }
    return drafts;
  },
});
