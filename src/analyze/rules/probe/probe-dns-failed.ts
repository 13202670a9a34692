// Detects that the probe pod's in-cluster DNS lookup failed.
// https://kubernetes.io/docs/tasks/administer-cluster/dns-debugging-resolution/
import { clip } from '../../facts.js';
import { defineRule } from '../../rule.js';

export default defineRule({
  meta: {
    id: 'probe-dns-failed',
    title: 'A test pod could not resolve in-cluster names',
    area: 'probe',
    severity: 'critical',
    urgency: 'immediate',
    answers: 'dns',
    description: 'The probe pod\'s lookup of kubernetes.default.svc.cluster.local failed.',
    rationale: 'Pods cannot find Services: most applications fail at startup or on their next connection.',
    evidence: 'The dns section of probe/result.json with its raw output.',
    actions: [
      { title: 'Check the DNS NetworkPolicies and CoreDNS (see dns-blocked-by-policy, coredns-unhealthy)', commands: ['kubectl get networkpolicy -A', 'kubectl -n kube-system get pods -l k8s-app=kube-dns -o wide', 'kubectl -n kube-system logs -l k8s-app=kube-dns --tail=50'], risk: 'safe' },
    ],
    docs: ['https://kubernetes.io/docs/tasks/administer-cluster/dns-debugging-resolution/'],
  },
  requires: ['probe'],
  check(ctx) {
    const p = ctx.data.probe;
    if (!p?.dns || p.dns.ok) return [];
    return [
      {
        scope: { kind: 'cluster' },
        summary: `The probe pod could not resolve kubernetes.default.svc.cluster.local: "${clip(p.dns.output.trim().split('\n')[0] ?? '', 200)}".`,
        evidence: [ctx.facts.evidence.line(p.path, undefined, clip(p.dns.output.trim(), 400), 'probe DNS lookup output')],
      },
    ];
  },
});
