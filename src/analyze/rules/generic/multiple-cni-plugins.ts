// Detects more than one CNI agent installed, or configs of several plugins on the nodes.
// https://kubernetes.io/docs/concepts/extend-kubernetes/compute-storage-net/network-plugins/
import type { Evidence } from '../../../model/report.js';
import { listNames } from '../../facts.js';
import { defineRule } from '../../rule.js';
import { chainedPlugins, chainMembers, cniById, configOwner } from '../../../cni/index.js';

export default defineRule({
  meta: {
    id: 'multiple-cni-plugins',
    title: 'More than one CNI plugin is installed',
    area: 'generic',
    severity: 'high',
    urgency: 'minutes',
    answers: 'new-pods',
    description: 'More than one CNI agent DaemonSet, or CNI configs of several plugins on the nodes (leftovers of a migration). Chains the installed plugins configured (Cilium over aws-cni, Canal), a meta-plugin beside its delegates (Multus) and agents that run beside another by design (Azure CNS under Cilium, GKE\'s netd beside anetd or Calico) are designs, not conflicts.',
    rationale: 'Only the first config in /etc/cni/net.d is used; a leftover plugin can silently win on some nodes, fight over routes and iptables, or come back after a reboot.',
    evidence: 'The agent DaemonSets in cluster/daemonsets.json and the config files of each node.',
    actions: [
      { title: 'Remove the leftover plugin\'s DaemonSet and its config on every node, then restart the remaining agent', commands: ['kubectl -n <namespace> delete daemonset <leftover-daemonset>', '# on each node: rm /etc/cni/net.d/<leftover-config>', 'kubectl -n <namespace> rollout restart daemonset/<cni-daemonset>'], risk: 'disruptive' },
    ],
    docs: ['https://kubernetes.io/docs/concepts/extend-kubernetes/compute-storage-net/network-plugins/', 'https://docs.cilium.io/en/stable/installation/k8s-install-migration/'],
    explains: ['cni-config-conflict', 'cni-sandbox-failures'],
  },
  requires: ['daemonsets', 'pods', 'node-cni-configs'],
  check(ctx) {
    const evidence: Evidence[] = [];
    // Calico with CALICO_NETWORKING_BACKEND=none enforces policy only (e.g. on EKS beside aws-node).
    const policyOnly = (w: (typeof ctx.facts.plugins.workloads)[number]) => w.agent.id === 'calico' && w.daemonSet?.containers.some((c) => c.env.CALICO_NETWORKING_BACKEND === 'none');
    // A meta-plugin (Multus) sits beside the plugin it delegates to by design.
    const agents = ctx.facts.plugins.workloads.filter((w) => (w.daemonSet?.desired ?? w.pods.length) > 0 && !policyOnly(w) && !w.agent.meta);
    const agentIds = [...new Set(agents.map((w) => w.agent.id))].sort();
    // Canal bundles calico and flannel; Cilium may chain onto aws-cni or flannel.
    const chaining = [...ctx.data.nodeData.values()].some((nd) => nd.cniConfigs.some((c) => chainedPlugins(c.plugins.map((p) => p.type))));
    // An agent that runs beside another by design (Azure's CNS under Cilium, GKE's netd) is the same data path.
    const besideByDesign = (id: string) => cniById(id)?.coexistsWith?.some((other) => other !== id && agentIds.includes(other)) ?? false;
    const distinctDataPaths = agentIds.filter((id) => !(chaining && id !== 'cilium' && agentIds.includes('cilium')) && !besideByDesign(id));
    const nodeOwners = new Map<string, Set<string>>();
    for (const nd of ctx.data.nodeData.values()) {
      const owners = new Set<string>();
      const files = nd.cniConfigs.length
        ? nd.cniConfigs.filter((c) => c.considered).map((c) => ({ name: c.fileName, types: c.plugins.map((p) => p.type), path: c.path, line: 1 }))
        : nd.lsCniConf && 'entries' in nd.lsCniConf.result
          ? nd.lsCniConf.result.entries.filter((e) => /\.(conf|conflist|json)$/.test(e.name)).map((e) => ({ name: e.name, types: [], path: nd.lsCniConf!.path, line: e.line }))
          : [];
      const perOwner = new Map<string, (typeof files)[number]>();
      // The plugins the node's chained configs join: their own configs beside the chain are its base.
      const chained = new Set(files.flatMap((f) => [...chainMembers(f.types)]));
      for (const f of files) {
        if (chainedPlugins(f.types)) {
          owners.add('cilium');
          continue;
        }
        const o = configOwner(f.name, f.types);
        if (o && (chained.has(o) || cniById(o)?.meta)) continue;
        if (o) {
          owners.add(o);
          if (!perOwner.has(o)) perOwner.set(o, f);
        }
      }
      if (owners.size > 1) {
        nodeOwners.set(nd.name, owners);
        for (const f of perOwner.values()) if (evidence.length < 6) evidence.push(ctx.facts.evidence.line(f.path, f.path.endsWith('.txt') ? f.line : undefined, undefined, `${nd.name}: ${f.name} belongs to ${configOwner(f.name, f.types)}`));
      }
    }
    const multiAgents = distinctDataPaths.length > 1 && !(distinctDataPaths.length === 2 && distinctDataPaths.includes('canal'));
    if (!multiAgents && !nodeOwners.size) return [];
    if (multiAgents) {
      for (const w of agents) if (w.daemonSet) evidence.unshift(ctx.facts.evidence.workload(w.daemonSet, undefined, `${w.agent.name} agent DaemonSet ${w.daemonSet.namespace}/${w.daemonSet.name}`));
    }
    const nodes = [...nodeOwners.keys()].sort();
    const parts = [];
    if (multiAgents) parts.push(`${distinctDataPaths.length} CNI agents are deployed (${agents.map((w) => `${w.agent.name} ${w.daemonSet ? `${w.daemonSet.namespace}/${w.daemonSet.name}` : ''}`.trim()).join('; ')})`);
    if (nodes.length) parts.push(`${nodes.length} node(s) hold configs of more than one plugin (${listNames(nodes.map((n) => `${n}: ${[...nodeOwners.get(n)!].sort().join(' + ')}`), 3)})`);
    return [
      {
        scope: nodes.length ? { kind: 'nodes', names: nodes } : { kind: 'cluster' },
        summary: `${parts.join('; ')}. Only the first config by file name is used, so the leftover decides on some nodes.`,
        evidence: evidence.slice(0, 8),
      },
    ];
  },
});
