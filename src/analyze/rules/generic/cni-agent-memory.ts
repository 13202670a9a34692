// Detects CNI agents using more than 2 GiB per node, and agent containers without a memory limit.
// https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/
import { listNames } from '../../facts.js';
import { defineRule } from '../../rule.js';

const HIGH_USAGE = 2 * 1024 ** 3;
const OPENSHIFT_PLATFORM = /^openshift-/;

export default defineRule({
  meta: {
    id: 'cni-agent-memory',
    title: 'CNI agent memory is unbounded or high',
    area: 'generic',
    severity: 'medium',
    urgency: 'days',
    answers: null,
    description: 'CNI agent pods using more than 2 GiB (from `kubectl top pods`), or agent containers without a memory limit (not for OpenShift\'s operator-managed agents in openshift-* namespaces, which set requests and, by the platform\'s convention, no limits).',
    rationale: 'An agent without a limit can take a node\'s memory when it leaks; one above 2 GiB is on its way to an OOM kill or node pressure.',
    evidence: 'cluster/top-pods.txt and the container resources of the agent DaemonSet in cluster/daemonsets.json.',
    actions: [
      { title: 'Set a memory request and limit on the agent containers (through the CNI\'s Helm values or operator)', commands: ['kubectl -n <namespace> set resources daemonset/<cni-daemonset> -c <container> --requests=memory=<req> --limits=memory=<limit>'], risk: 'disruptive' },
    ],
    docs: ['https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/'],
  },
  requires: ['top-pods', 'daemonsets'],
  check(ctx) {
    const drafts = [];
    const agentPods = new Map<string, string | undefined>();
    for (const w of ctx.facts.plugins.workloads) for (const p of w.pods) agentPods.set(`${p.namespace}/${p.name}`, p.nodeName);
    const heavy = (ctx.data.topPods?.rows ?? []).filter((r) => agentPods.has(`${r.namespace}/${r.pod}`) && r.memoryBytes > HIGH_USAGE);
    if (heavy.length && ctx.data.topPods) {
      const nodes = [...new Set(heavy.map((r) => agentPods.get(`${r.namespace}/${r.pod}`)).filter((n): n is string => !!n))].sort();
      drafts.push({
        key: 'usage',
        scope: nodes.length ? { kind: 'nodes' as const, names: nodes } : { kind: 'pods' as const, names: heavy.map((r) => `${r.namespace}/${r.pod}`) },
        summary: `${heavy.length} agent pod(s) use more than 2 GiB: ${listNames(heavy.map((r) => `${r.pod} ${(r.memoryBytes / 1024 ** 3).toFixed(1)} GiB`))}.`,
        evidence: heavy.slice(0, 5).map((r) => ctx.facts.evidence.line(ctx.data.topPods!.path, r.line)),
      });
    }
    const unlimited: string[] = [];
    const evidence = [];
    for (const w of ctx.facts.plugins.workloads) {
      const ds = w.daemonSet;
      if (!ds || !w.agent.plugins.length) continue;
      // OpenShift's own components set memory requests and, by the platform's convention, no limits
      // (openshift/enhancements CONVENTIONS.md, "Resources and Limits"): their operator would undo
      // one. A missing limit there is the design, not advice to give.
      if (OPENSHIFT_PLATFORM.test(ds.namespace)) continue;
      for (const c of ds.containers) {
        if (!c.memoryLimit) {
          unlimited.push(`${ds.namespace}/${ds.name} container ${c.name}`);
          evidence.push(ctx.facts.evidence.workload(ds, `"name": "${c.name}"`, `container ${c.name} has no resources.limits.memory`));
        }
      }
    }
    if (unlimited.length) {
      drafts.push({
        key: 'no-limit',
        scope: { kind: 'cluster' as const },
        summary: `${unlimited.length} agent container(s) have no memory limit: ${listNames(unlimited)}.`,
        evidence: evidence.slice(0, 5),
      });
    }
    return drafts;
  },
});
