// Detects NetworkPolicies whose egress isolates pods without allowing UDP and TCP 53 to the cluster
// DNS, default-deny egress, and policies that isolate CoreDNS ingress.
// https://kubernetes.io/docs/concepts/services-networking/network-policies/
import type { NetworkPolicyRecord, PolicyPeer, PolicyPort } from '../../../model/k8s.js';
import type { Evidence, Severity } from '../../../model/report.js';
import { listNames } from '../../facts.js';
import { containsIp, parseCidr } from '../../net.js';
import { defineRule } from '../../rule.js';
import { describeSelector, isEmptySelector, matchesSelector } from '../../selectors.js';
import { type CoreDns } from '../../derived/coredns.js';

function portAllows(ports: PolicyPort[] | undefined, protocol: 'UDP' | 'TCP'): boolean {
  if (!ports) return true;
  return ports.some((p) => {
    if ((p.protocol || 'TCP').toUpperCase() !== protocol) return false;
    if (p.port === undefined) return true;
    if (typeof p.port === 'string') return /^(dns|dns-tcp|domain|53)$/i.test(p.port);
    return p.port === 53 || (p.endPort !== undefined && p.port <= 53 && 53 <= p.endPort);
  });
}

function peerReachesDns(peer: PolicyPeer, dns: CoreDns, nsLabels: (ns: string) => Record<string, string> | undefined, policyNs: string): boolean {
  if (peer.ipBlock) {
    const block = parseCidr(peer.ipBlock.cidr);
    const targets = [...(dns.service?.clusterIPs ?? []), ...dns.pods.flatMap((p) => p.podIPs)];
    return !!block && targets.some((ip) => containsIp(block, ip) && !peer.ipBlock!.except.some((e) => { const c = parseCidr(e); return c && containsIp(c, ip); }));
  }
  // namespaceSelector absent: the policy's own namespace.
  const nsOk = peer.namespaceSelector
    ? (() => {
        const labels = nsLabels(dns.namespace) ?? { 'kubernetes.io/metadata.name': dns.namespace };
        return matchesSelector(peer.namespaceSelector, labels);
      })()
    : policyNs === dns.namespace;
  if (!nsOk) return false;
  return !peer.podSelector || matchesSelector(peer.podSelector, dns.labels);
}

export default defineRule({
  meta: {
    id: 'dns-blocked-by-policy',
    title: 'NetworkPolicies block DNS',
    area: 'dns',
    severity: 'critical',
    urgency: 'immediate',
    answers: 'dns',
    description: 'NetworkPolicies whose egress isolates pods without allowing both UDP and TCP 53 to the cluster DNS (CoreDNS pods, their namespace, or the kube-dns Service IP); default-deny egress; namespaceSelectors that do not match kube-system\'s labels; policies that isolate CoreDNS ingress.',
    rationale: 'Every lookup from the selected pods times out (`connection timed out; no servers could be reached`) while CoreDNS itself looks healthy; apps crash on startup lookups.',
    evidence: 'The policies in cluster/networkpolicies.json, with the namespaces\' labels from cluster/namespaces.json.',
    actions: [
      { title: 'Add a DNS egress allow rule in each affected namespace (UDP and TCP 53 to kube-dns)', commands: ['kubectl -n <namespace> apply -f - <<EOF\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: allow-dns-egress}\nspec:\n  podSelector: {}\n  policyTypes: [Egress]\n  egress:\n  - to:\n    - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: kube-system}}\n      podSelector: {matchLabels: {k8s-app: kube-dns}}\n    ports: [{protocol: UDP, port: 53}, {protocol: TCP, port: 53}]\nEOF'], risk: 'safe' },
      { title: 'Emergency: delete the blocking policy (removes its protection too)', commands: ['kubectl -n <namespace> delete networkpolicy <name>'], risk: 'disruptive' },
    ],
    docs: ['https://kubernetes.io/docs/concepts/services-networking/network-policies/', 'https://kubernetes.io/docs/tasks/administer-cluster/dns-debugging-resolution/'],
    explains: ['probe-dns-failed'],
  },
  requires: ['networkpolicies'],
  check(ctx) {
    const dns = ctx.facts.coreDns();
    const nsLabels = (ns: string) => ctx.data.namespaces.find((n) => n.name === ns)?.labels;
    const byNs = new Map<string, NetworkPolicyRecord[]>();
    for (const p of ctx.data.networkPolicies) byNs.set(p.namespace, [...(byNs.get(p.namespace) ?? []), p]);
    const blocked: { ns: string; severity: Severity; why: string; ev: Evidence[] }[] = [];
    for (const [ns, policies] of [...byNs.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) {
      const egressPolicies = policies.filter((p) => p.policyTypes.includes('Egress'));
      if (!egressPolicies.length) continue;
      const pods = ctx.data.pods.filter((p) => p.namespace === ns && !p.hostNetwork);
      // Groups of pods to check: each isolating policy's selection.
      for (const iso of egressPolicies) {
        const selected = pods.filter((p) => matchesSelector(iso.podSelector, p.labels));
        if (pods.length && !selected.length) continue;
        const sample = selected[0]?.labels ?? (isEmptySelector(iso.podSelector) ? {} : undefined);
        // Every egress rule of every policy selecting the same pods counts (policies are additive).
        const applying = egressPolicies.filter((p) => (sample ? matchesSelector(p.podSelector, sample) : p === iso));
        const rules = applying.flatMap((p) => p.egress.map((r) => ({ p, r })));
        const reaches = (proto: 'UDP' | 'TCP') =>
          rules.some(({ p, r }) => portAllows(r.ports, proto) && (!r.peers || r.peers.some((peer) => peerReachesDns(peer, dns, nsLabels, p.namespace))));
        const udp = reaches('UDP');
        const tcp = reaches('TCP');
        if (udp && tcp) continue;
        const defaultDeny = !iso.egress.length;
        const why = !udp && !tcp
          ? `${defaultDeny ? 'default-deny egress ' : ''}policy ${iso.name} (pods: ${describeSelector(iso.podSelector)}) leaves no egress to the cluster DNS on port 53${rules.some((x) => x.r.peers?.some((pp) => pp.namespaceSelector)) ? ' (a namespaceSelector does not match the labels of ' + dns.namespace + ')' : ''}`
          : `policy ${iso.name} allows DNS over ${udp ? 'UDP' : 'TCP'} only; ${udp ? 'TCP' : 'UDP'} 53 is blocked (large answers and TCP fallback fail)`;
        const line = ctx.facts.evidence.line(iso.file, iso.line, undefined, `NetworkPolicy ${ns}/${iso.name}: policyTypes ${iso.policyTypes.join(', ')}`);
        blocked.push({ ns, severity: !udp ? 'critical' : 'medium', why, ev: [line] });
        break;
      }
    }
    // Policies isolating CoreDNS ingress without allowing port 53 from everywhere.
    const dnsIngress = (byNs.get(dns.namespace) ?? []).filter((p) => p.policyTypes.includes('Ingress') && matchesSelector(p.podSelector, dns.labels));
    if (dnsIngress.length) {
      const open = (proto: 'UDP' | 'TCP') => dnsIngress.some((p) => p.ingress.some((r) => portAllows(r.ports, proto) && (!r.peers || r.peers.some((peer) => peer.namespaceSelector && isEmptySelector(peer.namespaceSelector) && (!peer.podSelector || isEmptySelector(peer.podSelector))) || r.peers.some((peer) => peer.ipBlock && /\/0$/.test(peer.ipBlock.cidr)))));
      if (!open('UDP')) {
        blocked.push({
          ns: dns.namespace,
          severity: 'critical',
          why: `ingress policy ${dnsIngress.map((p) => p.name).join(', ')} isolates the CoreDNS pods without allowing port 53 from all namespaces`,
          ev: dnsIngress.slice(0, 2).map((p) => ctx.facts.evidence.line(p.file, p.line, undefined, `NetworkPolicy ${p.namespace}/${p.name} selects CoreDNS`)),
        });
      }
    }
    if (!blocked.length) return [];
    const severity: Severity = blocked.some((b) => b.severity === 'critical') ? 'critical' : 'medium';
    const namespaces = [...new Set(blocked.map((b) => b.ns))].sort();
    return [
      {
        severity,
        scope: { kind: 'namespaces', names: namespaces },
        summary: `DNS is blocked by NetworkPolicy in ${listNames(namespaces)}: ${listNames(blocked.map((b) => `${b.ns}: ${b.why}`), 3)}.`,
        evidence: blocked.slice(0, 5).flatMap((b) => b.ev),
      },
    ];
  },
});
