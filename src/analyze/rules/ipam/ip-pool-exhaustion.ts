// Detects IP allocation failures and pools at or above 80 % utilization (Calico IPAM, Cilium IPAM,
// host-local pod CIDRs, OVN-Kubernetes node subnets). https://kubernetes.io/docs/concepts/cluster-administration/networking/
import type { Action, Evidence, Severity } from '../../../model/report.js';
import { isRecognised, nodeOutputs } from '../../bundle-data.js';
import { listNames } from '../../facts.js';
import { parseCidr, usableHostAddresses } from '../../net.js';
import { defineRule } from '../../rule.js';
import { ovnNodeSubnetUsage, usesHostLocalPodCidrs } from '../../usage.js';
import { OVN_NODE_SUBNETS_ANNOTATION } from '../../../cni/ovn-kubernetes.js';
import { CILIUM_STATUS } from '../../../cni/cilium.js';

const HIGH = 80;

const FREE_ADDRESSES: Action = { title: 'Free addresses: delete completed/evicted pods and release leaked reservations', commands: ['kubectl delete pods -A --field-selector=status.phase=Succeeded', 'kubectl delete pods -A --field-selector=status.phase=Failed', '# Calico: calicoctl ipam check, then calicoctl ipam release --from-report=<report>', '# host-local: compare /var/lib/cni/networks/<net>/ with the pods running on the node'], risk: 'safe' };
const EXPAND_POD_CIDR: Action = { title: 'Expand the pod CIDR (add an IP pool / a larger cluster CIDR) — can require node replacement (downtime risk)', commands: ['# Calico: calicoctl create -f <new-ippool.yaml>', '# kubeadm/kube-controller-manager: --cluster-cidr, then recreate nodes'], risk: 'downtime' };
const AWS_PREFIX_DELEGATION: Action = { title: 'AWS: enable prefix delegation to get 16 addresses per slot', commands: ['kubectl set env daemonset aws-node -n kube-system ENABLE_PREFIX_DELEGATION=true'], risk: 'disruptive' };

/**
 * The steps for the plugin whose IPAM failed, by the signature that matched: each IPAM runs out in
 * its own way (Azure's node share of the VNet subnet, a whereabouts range, a node's podCIDR).
 */
const ACTIONS_BY_SIGNATURE: Record<string, Action[]> = {
  // Azure CNI: v1 pre-assigns max-pods secondary IPs per node NIC from the VNet subnet; with CNS
  // (dynamic allocation, overlay) the node's NodeNetworkConfig says what it was given.
  'AZ-01': [
    { title: 'Azure: see what the node was given and what the subnet has left', commands: ['kubectl get nodenetworkconfigs -n kube-system -o wide', 'az network vnet subnet show -g <resource-group> --vnet-name <vnet> -n <subnet> --query "{prefix: addressPrefix, used: length(ipConfigurations)}"', '# pods on the node against its --max-pods: kubectl get pods -A -o wide --field-selector spec.nodeName=<node>'], risk: 'safe' },
    FREE_ADDRESSES,
    { title: 'Azure: add a node pool on a larger subnet (or move to Azure CNI Overlay, where pods no longer take VNet addresses) — new nodes, pods rescheduled (downtime risk)', commands: ['az aks nodepool add -g <resource-group> --cluster-name <cluster> -n <pool> --vnet-subnet-id <larger-subnet-id> --max-pods <n>', '# then cordon and drain the nodes of the exhausted pool'], risk: 'downtime' },
  ],
  // whereabouts: the range is the NetworkAttachmentDefinition's; leaked reservations stay in its IPPool.
  'WH-01': [
    { title: 'whereabouts: release reservations of pods that are gone (the ip-reconciler CronJob does this)', commands: ['kubectl get ippools.whereabouts.cni.cncf.io -A -o yaml', 'kubectl -n kube-system create job --from=cronjob/ip-reconciler ip-reconciler-now'], risk: 'safe' },
    { title: "Widen the range in the NetworkAttachmentDefinition's ipam config (pods already attached keep their addresses)", commands: ['kubectl -n <namespace> edit network-attachment-definitions <name>'], risk: 'disruptive' },
  ],
};

export default defineRule({
  meta: {
    id: 'ip-pool-exhaustion',
    title: 'Pod IP addresses are running out',
    area: 'ipam',
    severity: 'critical',
    urgency: 'hours',
    answers: 'ip-space',
    description: 'IP allocation failures in events and logs (`no IP addresses available`, `failed to assign an IP address`, `range is full`, Calico `Unable to autoassign`, Azure CNI `No available addresses` / `not enough IPs available`, whereabouts `Could not allocate IP in range`), with the steps of the IPAM that failed, and pools at or above 80 %: Calico pools (`calicoctl ipam show` or the IPAM CRDs), Cilium per-node IPAM (`cilium status`), pods per node against the node\'s podCIDR (host-local) or against its OVN-Kubernetes subnet (`k8s.ovn.org/node-subnets`, less the gateway and management-port addresses). Critical when allocations fail, high at 80 %.',
    rationale: 'When a pool or a node\'s range is full, new pods on it fail to start: scale-ups and rollouts stall, and replacements for crashed pods never come.',
    evidence: 'The allocation-failure events, the pool rows of the IPAM outputs, and pod counts per node.',
    actions: [FREE_ADDRESSES, AWS_PREFIX_DELEGATION, EXPAND_POD_CIDR],
    docs: ['https://docs.tigera.io/calico/latest/networking/ipam/ip-autoassignment', 'https://docs.cilium.io/en/stable/network/concepts/ipam/', 'https://www.cni.dev/plugins/current/ipam/host-local/', 'https://learn.microsoft.com/en-us/azure/aks/azure-cni-overview', 'https://github.com/k8snetworkplumbingwg/whereabouts'],
    explains: ['cni-sandbox-failures'],
  },
  requires: ['events', 'logs', 'calico-ipam', 'cilium-status', 'pods'],
  check(ctx) {
    const drafts = [];
    const failures = [...ctx.facts.eventsOfKind('ip-exhausted'), ...ctx.facts.eventsOfKind('aws-subnet-exhausted')];
    const logFailures = ctx.facts.logMatches('ip-exhausted');
    if (failures.length || logFailures.length) {
      const nodes = [...new Set(failures.map((f) => ctx.facts.nodeOfEvent(f.event)).filter((n): n is string => !!n))].sort();
      const sig = (failures[0] ?? logFailures[0]!.m).match;
      const own = ACTIONS_BY_SIGNATURE[sig.signature.id];
      drafts.push({
        key: 'failures',
        title: 'IP address allocation is failing',
        scope: nodes.length ? { kind: 'nodes' as const, names: nodes } : { kind: 'cluster' as const },
        summary: `IP allocation failed ${failures.reduce((s, f) => s + f.event.count, 0) + logFailures.length} time(s)${nodes.length ? ` on ${listNames(nodes)}` : ''}: "${sig.text}" — ${sig.signature.meaning}.`,
        evidence: [...failures.slice(0, 3).map((f) => ctx.facts.evidence.event(f.event)), ...logFailures.slice(0, 2).map((l) => ctx.facts.evidence.log(l.log, l.m))],
        ...(own ? { actions: own } : {}),
      });
    }
    // Utilization at or above 80 %.
    const high: { label: string; percent: number; ev: Evidence; node?: string }[] = [];
    for (const p of ctx.facts.calicoPools()) {
      if (p.percent >= HIGH) high.push({ label: `Calico pool ${p.cidr} ${p.inUse}/${p.total} (${p.percent.toFixed(0)} %)`, percent: p.percent, ev: ctx.facts.evidence.line(p.file, p.line) });
    }
    for (const [node, parsed] of nodeOutputs(ctx.data, CILIUM_STATUS)) {
      if (!isRecognised(parsed) || parsed.result.format !== 'cilium-status' || !parsed.result.ipam) continue;
      const { used, total, line } = parsed.result.ipam;
      const pct = total ? (used / total) * 100 : 0;
      if (pct >= HIGH) high.push({ label: `${node} Cilium IPAM ${used}/${total} (${pct.toFixed(0)} %)`, percent: pct, ev: ctx.facts.evidence.line(parsed.path, line), node });
    }
    // OVN-Kubernetes: pods per node against the subnet its cluster manager gave the node (an annotation).
    const ovn = ovnNodeSubnetUsage(ctx.data, ctx.facts);
    for (const u of ovn) {
      const pct = u.total ? (u.used / u.total) * 100 : 0;
      if (pct >= HIGH) high.push({ label: `${u.node.name} ${u.used} pods in OVN subnet ${u.cidr.text} (${u.total} usable, ${pct.toFixed(0)} %)`, percent: pct, ev: ctx.facts.evidence.node(u.node, OVN_NODE_SUBNETS_ANNOTATION, `${OVN_NODE_SUBNETS_ANNOTATION} ${u.cidr.text}`), node: u.node.name });
    }
    // host-local style: pods per node against the node's podCIDR (not for Calico's, AWS's or OVN's IPAM, which ignore it).
    if (!ctx.plugins.has('aws-vpc-cni') && !ctx.plugins.has('ovn-kubernetes') && usesHostLocalPodCidrs(ctx.data, ctx.facts)) {
      for (const n of ctx.data.nodes) {
        const cidr = n.podCIDRs.map(parseCidr).find((c) => c?.family === 4);
        if (!cidr) continue;
        const usable = usableHostAddresses(cidr);
        const pods = ctx.facts.pods.podNetworkCount(n.name);
        const pct = usable ? (pods / usable) * 100 : 0;
        if (pct >= HIGH) high.push({ label: `${n.name} ${pods} pods in ${cidr.text} (${usable} usable, ${pct.toFixed(0)} %)`, percent: pct, ev: ctx.facts.evidence.node(n, cidr.text, `podCIDR ${cidr.text}`), node: n.name });
      }
    }
    if (high.length) {
      high.sort((a, b) => b.percent - a.percent || (a.label < b.label ? -1 : 1));
      const nodes = high.map((h) => h.node).filter((n): n is string => !!n).sort();
      const severity: Severity = 'high';
      drafts.push({
        key: 'utilization',
        title: 'IP pools are at or above 80 % utilization',
        severity,
        // A warning: allocations still succeed (the matrix's IP-space row is at risk, not failing).
        atRisk: true,
        scope: nodes.length ? { kind: 'nodes' as const, names: nodes } : { kind: 'cluster' as const },
        summary: `${high.length} pool(s) at or above ${HIGH} %: ${listNames(high.map((h) => h.label), 4)}.`,
        evidence: high.slice(0, 5).map((h) => h.ev),
      });
    }
    return drafts;
  },
});
