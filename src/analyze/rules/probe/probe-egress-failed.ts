// Detects that the probe pod resolved in-cluster names but could not reach an external address.
// https://kubernetes.io/docs/concepts/cluster-administration/networking/
import { clip } from '../../facts.js';
import { defineRule } from '../../rule.js';

export default defineRule({
  meta: {
    id: 'probe-egress-failed',
    title: 'A test pod cannot reach outside the cluster',
    area: 'probe',
    severity: 'high',
    urgency: 'immediate',
    answers: 'pod-to-pod',
    description: 'The probe pod reached in-cluster DNS but not an external address: egress or masquerading (SNAT) is broken.',
    rationale: 'Pods cannot reach external APIs, registries or databases, while in-cluster traffic works — usually masquerade/SNAT settings of the CNI or an egress firewall.',
    evidence: 'The egress section of probe/result.json with its raw output.',
    actions: [
      { title: 'Check the CNI\'s masquerade/SNAT settings and egress firewalls', commands: ['# Calico: calicoctl get ippool -o yaml | grep natOutgoing', '# Cilium: cilium-dbg status | grep Masquerading', '# AWS: kubectl -n kube-system get ds aws-node -o yaml | grep -A1 EXTERNALSNAT'], risk: 'safe' },
    ],
    docs: ['https://docs.tigera.io/calico/latest/networking/configuring/workloads-outside-cluster', 'https://docs.cilium.io/en/stable/network/concepts/masquerading/'],
  },
  requires: ['probe'],
  check(ctx) {
    const p = ctx.data.probe;
    if (!p?.egress || p.egress.ok || (p.dns && !p.dns.ok)) return [];
    return [
      {
        scope: { kind: 'cluster' },
        summary: `The probe pod resolved in-cluster names but could not reach ${p.egress.target ?? 'the external address'}: "${clip(p.egress.output.trim().split('\n')[0] ?? '', 200)}".`,
        evidence: [ctx.facts.evidence.line(p.path, undefined, clip(p.egress.output.trim(), 400), 'probe egress check output')],
      },
    ];
  },
});
