// Detects "forbidden" / "Unauthorized" answers to CNI agents or the CNI plugin (token rotation,
// deleted service account, RBAC lost in an upgrade).
// https://kubernetes.io/docs/reference/access-authn-authz/rbac/
import type { Evidence } from '../../../model/report.js';
import { listNames } from '../../facts.js';
import { defineRule } from '../../rule.js';

export default defineRule({
  meta: {
    id: 'cni-rbac-denied',
    title: 'The API server refuses the CNI agent or plugin (forbidden / Unauthorized)',
    area: 'generic',
    severity: 'critical',
    urgency: 'minutes',
    answers: 'new-pods',
    description: '`forbidden` / `Unauthorized` errors from CNI agents (their logs) or the CNI plugin (sandbox events), e.g. after an upgrade or a token rotation.',
    rationale: 'An agent that cannot read its resources stops programming the network; a plugin whose kubeconfig token is rejected fails every pod sandbox on the node.',
    evidence: 'The sandbox events and agent log lines carrying the refusal.',
    actions: [
      { title: 'Restore the CNI service account\'s ClusterRole/ClusterRoleBinding from the CNI\'s manifest, and check the token', commands: ['kubectl auth can-i --list --as=system:serviceaccount:<namespace>:<cni-serviceaccount>', 'kubectl apply -f <cni-manifest-rbac.yaml>'], risk: 'safe' },
      { title: 'Restart the agent so install-cni rewrites the plugin kubeconfig with a fresh token', commands: ['kubectl -n <namespace> rollout restart daemonset/<cni-daemonset>'], risk: 'disruptive' },
    ],
    docs: ['https://kubernetes.io/docs/reference/access-authn-authz/rbac/', 'https://docs.tigera.io/calico/latest/operations/troubleshoot/troubleshooting'],
    explains: ['cni-sandbox-failures', 'cni-agent-unhealthy'],
  },
  requires: ['events', 'logs'],
  check(ctx) {
    const agentPods = new Set(ctx.facts.plugins.workloads.flatMap((w) => w.pods.map((p) => `${p.namespace}/${p.name}`)));
    const isAgentLog = (ns: string, pod: string) => agentPods.has(`${ns}/${pod}`) || /calico|cilium|flannel|aws-node|canal|weave|antrea/.test(pod);
    const logs = ctx.facts.logMatches('rbac-denied').filter((x) => isAgentLog(x.log.namespace, x.log.pod));
    const sandbox = ctx.facts.sandboxFailures.filter((f) => f.failure.signature?.signature.kind === 'rbac-denied');
    if (!logs.length && !sandbox.length) return [];
    const nodes = new Set<string>();
    for (const f of sandbox) if (f.node) nodes.add(f.node);
    for (const l of logs) {
      const node = ctx.facts.nodeOfPod(l.log.namespace, l.log.pod);
      if (node) nodes.add(node);
    }
    const evidence: Evidence[] = [
      ...sandbox.slice(0, 3).map((f) => ctx.facts.evidence.event(f.event)),
      ...logs.slice(0, 3).map((l) => ctx.facts.evidence.log(l.log, l.m, `${l.log.namespace}/${l.log.pod} ${l.log.container}`)),
    ];
    const who = [...new Set(logs.map((l) => `${l.log.namespace}/${l.log.pod}`))];
    return [
      {
        scope: nodes.size ? { kind: 'nodes', names: [...nodes].sort() } : { kind: 'cluster' },
        summary: `The API server refuses the CNI: ${sandbox.length ? `${sandbox.length} sandbox failure(s) end in "${sandbox[0]!.failure.signature!.text}"` : ''}${sandbox.length && logs.length ? '; ' : ''}${logs.length ? `${logs.length} log line(s) of ${listNames(who, 3)} say "${logs[0]!.m.match.text}"` : ''}.`,
        evidence,
      },
    ];
  },
});
