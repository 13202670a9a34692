// Detects nodes whose active CNI configs differ in content (beyond node-specific fields).
// https://www.cni.dev/docs/spec/
import { createHash } from 'node:crypto';
import type { Evidence } from '../../../model/report.js';
import { listNames } from '../../facts.js';
import { defineRule } from '../../rule.js';

export default defineRule({
  meta: {
    id: 'cni-config-drift',
    title: 'Nodes run different CNI configs',
    area: 'config',
    severity: 'medium',
    urgency: 'hours',
    description: 'Nodes whose active CNI config (file name or content hash, node-specific fields such as nodename, subnet and kubeconfig blanked) differs from the others.',
    rationale: 'Drift means some nodes were configured by hand or by an older installer: behaviour differs per node and the next restart may change it.',
    evidence: 'The active config file of one node in each group.',
    actions: [{ title: 'Reconcile through the CNI installer (restart the DaemonSet) instead of editing nodes', commands: ['kubectl -n <namespace> rollout restart daemonset/<cni-daemonset>'], risk: 'disruptive' }],
    docs: ['https://www.cni.dev/docs/spec/'],
  },
  requires: ['node-cni-configs'],
  check(ctx) {
    const groups = new Map<string, { nodes: string[]; file: string; path: string }>();
    for (const nd of ctx.data.nodeData.values()) {
      const active = ctx.facts.activeConfig(nd);
      if (!active?.normalized) continue;
      const hash = createHash('sha256').update(`${active.fileName}\n${active.normalized}`).digest('hex').slice(0, 12);
      const g = groups.get(hash) ?? { nodes: [], file: active.fileName, path: active.path };
      g.nodes.push(nd.name);
      groups.set(hash, g);
    }
    if (groups.size < 2) return [];
    const sorted = [...groups.entries()].sort(([ha, a], [hb, b]) => b.nodes.length - a.nodes.length || (ha < hb ? -1 : 1));
    const evidence: Evidence[] = sorted.slice(0, 4).map(([hash, g]) => ctx.facts.evidence.line(g.path, undefined, undefined, `variant ${hash} (${g.file}) on ${g.nodes.length} node(s): ${listNames(g.nodes.sort(), 3)}`));
    const minority = sorted.slice(1).flatMap(([, g]) => g.nodes).sort();
    return [
      {
        scope: { kind: 'nodes', names: minority },
        summary: `${groups.size} different active CNI configs across ${sorted.reduce((s, [, g]) => s + g.nodes.length, 0)} nodes; the majority variant (${sorted[0]![1].file}) is on ${sorted[0]![1].nodes.length} node(s), ${listNames(minority)} differ.`,
        evidence,
      },
    ];
  },
});
