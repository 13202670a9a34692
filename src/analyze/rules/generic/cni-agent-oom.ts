// Detects CNI agent containers whose last termination was OOMKilled.
// https://kubernetes.io/docs/tasks/configure-pod-container/assign-memory-resource/
import { listNames } from '../../facts.js';
import { defineRule } from '../../rule.js';

export default defineRule({
  meta: {
    id: 'cni-agent-oom',
    title: 'CNI agent containers are killed for running out of memory',
    area: 'generic',
    severity: 'high',
    urgency: 'hours',
    answers: 'new-pods',
    description: 'CNI agent containers whose current or last termination reason is OOMKilled.',
    rationale: 'Each OOM kill restarts the agent: the datapath is reprogrammed, new pods wait, and a limit that is too low turns into a crash loop as the cluster grows.',
    evidence: 'lastState.terminated.reason of the agent containers in cluster/pods.json.',
    actions: [
      { title: 'Raise the memory limit of the agent container', commands: ['kubectl -n <namespace> set resources daemonset/<cni-daemonset> -c <container> --limits=memory=<new-limit>'], risk: 'disruptive' },
      { title: 'Find what grows: agent metrics, map sizes (Cilium: `cilium-dbg status --verbose` BPF Maps), log volume', commands: ['kubectl -n <namespace> top pod -l <cni-agent-label> --containers'], risk: 'safe' },
    ],
    docs: ['https://kubernetes.io/docs/tasks/configure-pod-container/assign-memory-resource/#exceed-a-container-s-memory-limit', 'https://docs.cilium.io/en/stable/operations/troubleshooting/'],
    explains: ['cni-agent-unhealthy'],
  },
  requires: ['pods'],
  check(ctx) {
    const hits: { pod: string; node?: string; container: string; limit?: string; p: (typeof ctx.data.pods)[number] }[] = [];
    for (const w of ctx.facts.plugins.workloads) {
      for (const p of w.pods) {
        for (const c of p.containers) {
          if (c.lastTerminatedReason === 'OOMKilled' || c.terminatedReason === 'OOMKilled') {
            hits.push({ pod: `${p.namespace}/${p.name}`, node: p.nodeName, container: c.name, limit: c.memoryLimit, p });
          }
        }
      }
    }
    if (!hits.length) return [];
    const nodes = [...new Set(hits.map((h) => h.node).filter((n): n is string => !!n))].sort();
    const limits = [...new Set(hits.map((h) => h.limit ?? 'no limit'))].sort();
    return [
      {
        scope: { kind: 'nodes', names: nodes },
        summary: `${hits.length} agent container(s) were OOMKilled (${listNames(hits.map((h) => `${h.pod}/${h.container}`))}); memory limit ${limits.join(', ')}.`,
        evidence: hits.slice(0, 5).map((h) => ctx.facts.evidence.pod(h.p, 'OOMKilled', `${h.container} in ${h.pod} was OOMKilled`)),
        actions: undefined,
      },
    ];
  },
});
