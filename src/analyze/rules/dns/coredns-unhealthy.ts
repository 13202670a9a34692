// Detects an unavailable CoreDNS: deployment not available, pods not ready, errors in its logs.
// https://kubernetes.io/docs/tasks/administer-cluster/dns-debugging-resolution/
import type { Evidence } from '../../../model/report.js';
import { listNames } from '../../facts.js';
import { defineRule } from '../../rule.js';

export default defineRule({
  meta: {
    id: 'coredns-unhealthy',
    title: 'CoreDNS is not healthy',
    area: 'dns',
    severity: 'critical',
    urgency: 'immediate',
    answers: 'dns',
    description: 'The CoreDNS deployment not available, CoreDNS pods not ready, or `[ERROR]` / `i/o timeout` / loop / API-unreachable lines in its logs.',
    rationale: 'Cluster DNS is how every pod finds every Service: when CoreDNS is down or cannot reach its upstream or the API, lookups fail cluster-wide.',
    evidence: 'The CoreDNS Deployment and pods, and its log lines.',
    actions: [
      { title: 'Restart CoreDNS', commands: ['kubectl -n kube-system rollout restart deployment/coredns', 'kubectl -n kube-system rollout status deployment/coredns'], risk: 'disruptive' },
      { title: 'If it cannot reach the API or its upstream: check the NetworkPolicies and the node network (see the other findings)', commands: ['kubectl -n kube-system logs -l k8s-app=kube-dns --tail=50', 'kubectl get networkpolicy -A'], risk: 'safe' },
    ],
    docs: ['https://kubernetes.io/docs/tasks/administer-cluster/dns-debugging-resolution/', 'https://coredns.io/plugins/loop/#troubleshooting'],
  },
  requires: ['deployments', 'pods', 'logs'],
  check(ctx) {
    const dns = ctx.facts.coreDns();
    const problems: string[] = [];
    const evidence: Evidence[] = [];
    const d = dns.deployment;
    if (d && d.available < d.desired) {
      problems.push(`deployment ${d.namespace}/${d.name} has ${d.available}/${d.desired} available`);
      evidence.push(ctx.facts.evidence.workload(d, '"availableReplicas"', `${d.available}/${d.desired} available`));
    }
    const notReady = dns.pods.filter((p) => p.phase !== 'Succeeded' && p.containers.some((c) => !c.init && !c.ready));
    if (notReady.length) {
      problems.push(`${notReady.length} pod(s) not ready (${listNames(notReady.map((p) => `${p.name}${p.containers.find((c) => c.waitingReason)?.waitingReason ? ` ${p.containers.find((c) => c.waitingReason)!.waitingReason}` : ''}`), 3)})`);
      for (const p of notReady.slice(0, 2)) evidence.push(ctx.facts.evidence.pod(p, '"ready": false', `${p.namespace}/${p.name} not ready`));
    }
    const dnsPodNames = new Set(dns.pods.map((p) => `${p.namespace}/${p.name}`));
    const isDnsLog = (ns: string, pod: string) => dnsPodNames.has(`${ns}/${pod}`) || /^(coredns|kube-dns)-/.test(pod);
    for (const kind of ['coredns-loop', 'coredns-api-unreachable', 'coredns-upstream-timeout'] as const) {
      const hits = ctx.facts.logMatches(kind).filter((l) => isDnsLog(l.log.namespace, l.log.pod));
      if (!hits.length) continue;
      problems.push(`${hits.length} log line(s): ${hits[0]!.m.match.signature.meaning}`);
      for (const h of hits.slice(0, 2)) evidence.push(ctx.facts.evidence.log(h.log, h.m, `${h.log.pod}`));
    }
    if (!problems.length) return [];
    // Only log lines, and every replica ready: CoreDNS works, but something upstream or on the way to
    // the API fails now and then (or did at startup).
    const logsOnly = !(d && d.available < d.desired) && !notReady.length;
    return [
      {
        ...(logsOnly ? { severity: 'medium' as const, urgency: 'hours' as const, title: 'CoreDNS is ready but logs errors' } : {}),
        scope: { kind: 'cluster' },
        nodes: [...new Set(dns.pods.map((p) => p.nodeName).filter((n): n is string => !!n))].sort(),
        summary: `CoreDNS is not healthy: ${problems.join('; ')}.`,
        evidence: evidence.slice(0, 6),
      },
    ];
  },
});
