// Detects IP pools whose ipipMode/vxlanMode disagree, and encapsulation configured without its tunnel
// device on nodes (tunl0 for IPIP, vxlan.calico for VXLAN).
// https://docs.tigera.io/calico/latest/networking/configuring/vxlan-ipip
import type { Evidence } from '../../../model/report.js';
import { isRecognised } from '../../bundle-data.js';
import { listNames } from '../../facts.js';
import { defineRule } from '../../rule.js';


const on = (mode: string | undefined) => !!mode && mode !== 'Never';

export default defineRule({
  meta: {
    id: 'calico-encapsulation-mismatch',
    title: 'Calico encapsulation is inconsistent',
    area: 'calico',
    severity: 'high',
    urgency: 'immediate',
    answers: 'pod-to-pod',
    plugin: 'calico',
    description: 'Enabled IP pools whose ipipMode/vxlanMode disagree (or a pool with both on), or encapsulation configured without its tunnel device on nodes (no tunl0 for IPIP, no vxlan.calico for VXLAN).',
    rationale: 'Nodes that encapsulate differently, or lack the tunnel device, drop each other\'s pod traffic: cross-node connectivity breaks for some pods only.',
    evidence: 'The IP pools in cluster/custom/ippools.crd.projectcalico.org.json and nodes/<node>/ip-link.txt.',
    actions: [{ title: 'Make the pools consistent (one mode for all), then restart calico-node so tunnels are created', commands: ['calicoctl get ippool -o wide', 'calicoctl patch ippool <name> -p \'{"spec":{"ipipMode":"Never","vxlanMode":"Always"}}\'', 'kubectl -n <namespace> rollout restart daemonset/calico-node'], risk: 'disruptive' }],
    docs: ['https://docs.tigera.io/calico/latest/networking/configuring/vxlan-ipip', 'https://docs.tigera.io/calico/latest/reference/resources/ippool'],
    explains: ['pod-routing-failure'],
  },
  requires: ['calico-ippools'],
  check(ctx) {
    const crd = ctx.data.calico.ipPools;
    if (!crd) return [];
    const pools = crd.items.filter((p) => !p.disabled).map((p) => ({ item: p, spec: p }));
    const drafts = [];
    // IPIP carries IPv4 only: compare the modes of pools of the same address family.
    const family = (cidr?: string) => (cidr?.includes(':') ? 6 : 4);
    const modes = new Set(pools.filter((p) => family(p.spec.cidr) === 4).map((p) => `ipip=${p.spec.ipipMode ?? 'Never'},vxlan=${p.spec.vxlanMode ?? 'Never'}`));
    for (const p of pools.filter((x) => family(x.spec.cidr) === 6)) modes.add(`v6:vxlan=${p.spec.vxlanMode ?? 'Never'}`);
    const v6Modes = new Set([...modes].filter((m) => m.startsWith('v6:')));
    const v4Count = modes.size - v6Modes.size;
    const both = pools.filter((p) => on(p.spec.ipipMode) && on(p.spec.vxlanMode));
    if (v4Count > 1 || v6Modes.size > 1 || both.length) {
      drafts.push({
        key: 'pools',
        scope: { kind: 'cluster' as const },
        summary: both.length
          ? `IP pool ${both.map((p) => p.item.name).join(', ')} enables both IPIP and VXLAN, which Calico rejects ("ipipMode and vxlanMode cannot both be enabled").`
          : `Enabled IP pools use different encapsulation: ${listNames(pools.map((p) => `${p.item.name} (ipipMode ${p.spec.ipipMode ?? 'Never'}, vxlanMode ${p.spec.vxlanMode ?? 'Never'})`), 4)}.`,
        evidence: pools.slice(0, 4).map((p) => ctx.facts.evidence.line(p.item.file, p.item.line, undefined, `IPPool ${p.item.name}`)),
      });
    }
    const wantIpip = pools.some((p) => on(p.spec.ipipMode));
    const wantVxlan = pools.some((p) => on(p.spec.vxlanMode));
    const lacking: string[] = [];
    const evidence: Evidence[] = [];
    for (const nd of ctx.data.nodeData.values()) {
      if (!isRecognised(nd.ipLink)) continue;
      const names = new Set(nd.ipLink.result.links.map((l) => l.name));
      const miss = [wantIpip && !names.has('tunl0') ? 'tunl0' : '', wantVxlan && !names.has('vxlan.calico') ? 'vxlan.calico' : ''].filter(Boolean);
      if (miss.length) {
        lacking.push(`${nd.name} (no ${miss.join(', ')})`);
        if (evidence.length < 4) evidence.push(ctx.facts.evidence.line(nd.ipLink.path, undefined, undefined, `${nd.name}: no ${miss.join(' or ')} device`));
      }
    }
    if (lacking.length) {
      drafts.push({
        key: 'devices',
        scope: { kind: 'nodes' as const, names: lacking.map((l) => l.split(' ')[0]!).sort() },
        summary: `The pools use ${[wantIpip ? 'IPIP' : '', wantVxlan ? 'VXLAN' : ''].filter(Boolean).join(' and ')}, but ${listNames(lacking, 4)} lack the tunnel device.`,
        evidence: [...evidence, ctx.facts.evidence.line(pools[0]?.item.file ?? crd.path, pools[0]?.item.line, undefined, 'IP pool encapsulation')],
      });
    }
    return drafts;
  },
});
