// Pieces several rules share: the agent workload to name in commands, scopes, common actions.
import type { Action } from '../model/report.js';
import type { RuleContext } from './rule.js';
import type { AgentWorkload } from '../cni/index.js';

/** Agents whose restart can mend the data path: every plugin's, kindnet's and Azure's too, not a meta-plugin's. */
const dataPathAgent = (w: AgentWorkload) => w.agent.plugins.length > 0 || !w.agent.meta;

/** The CNI agent DaemonSets, as "namespace/name", for commands. Falls back to a placeholder. */
export function agentRefs(ctx: RuleContext): { namespace: string; name: string }[] {
  const refs = ctx.facts.plugins.workloads
    .filter(dataPathAgent)
    .map((w) => ({ namespace: w.daemonSet?.namespace ?? w.pods[0]?.namespace ?? 'kube-system', name: w.daemonSet?.name ?? w.pods[0]?.ownerName ?? '' }))
    .filter((r) => r.name);
  return refs;
}

export function restartAgentAction(ctx: RuleContext, title = 'Restart the CNI DaemonSet so its installer rewrites configs and binaries'): Action {
  const refs = agentRefs(ctx);
  const commands = refs.length
    ? refs.flatMap((r) => [`kubectl -n ${r.namespace} rollout restart daemonset/${r.name}`, `kubectl -n ${r.namespace} rollout status daemonset/${r.name} --timeout=5m`])
    : ['kubectl get daemonsets -A | grep -Ei "calico|canal|cilium|anetd|flannel|aws-node|azure-cns|weave|antrea|kube-router|kindnet|ovnkube|sdn"', 'kubectl -n <namespace> rollout restart daemonset/<cni-daemonset>'];
  return { title, commands, risk: 'disruptive' };
}

export function restartAgentOnNodesAction(ctx: RuleContext, nodes: string[]): Action {
  const ref = agentRefs(ctx)[0];
  const selector = selectorHint(ctx);
  const commands = nodes
    .slice(0, 10)
    .map((n) => `kubectl -n ${ref?.namespace ?? '<namespace>'} delete pod -l ${selector} --field-selector spec.nodeName=${n}`);
  if (nodes.length > 10) commands.push(`# … and the same for the other ${nodes.length - 10} nodes`);
  return { title: `Restart the CNI agent pod on ${nodes.length === 1 ? 'that node' : 'those nodes'}`, commands, risk: 'disruptive' };
}

/** A label selector for the agent pods, from the DaemonSet's selector. */
export function selectorHint(ctx: RuleContext): string {
  const w = ctx.facts.plugins.workloads.find((x) => dataPathAgent(x) && x.daemonSet);
  const sel = w?.daemonSet?.selector ?? {};
  const parts = Object.entries(sel).map(([k, v]) => `${k}=${v}`);
  return parts.length ? parts.sort().join(',') : 'k8s-app=<cni-agent>';
}

export function nuclearResetAction(): Action {
  return {
    title: 'Last resort — nuclear CNI reset: drain each node, remove CNI state, reinstall the CNI (DOWNTIME for every pod on the node)',
    commands: [
      'kubectl drain <node> --ignore-daemonsets --delete-emptydir-data',
      '# on the node: rm -rf /etc/cni/net.d/* /var/lib/cni/ && ip link delete cni0; ip link delete flannel.1; ip link delete tunl0',
      'kubectl -n <namespace> delete pod -l <cni-agent-label> --field-selector spec.nodeName=<node>',
      'kubectl uncordon <node>',
    ],
    risk: 'downtime',
  };
}

export function agentPodsOnNode(w: AgentWorkload, node: string) {
  return w.pods.filter((p) => p.nodeName === node);
}
