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
    answers: 'new-pods',
    description: 'Nodes whose CNI config of a given name differs in content from the same file on the other nodes (node-specific fields such as nodename, subnet, mtu and kubeconfig blanked).',
    rationale: 'Drift means some nodes were configured by hand or by an older installer: behaviour differs per node and the next restart may change it.',
    evidence: 'The config file of one node per variant.',
    actions: [{ title: 'Reconcile through the CNI installer (restart the DaemonSet) instead of editing nodes', commands: ['kubectl -n <namespace> rollout restart daemonset/<cni-daemonset>'], risk: 'disruptive' }],
    docs: ['https://www.cni.dev/docs/spec/'],
  },
  requires: ['node-cni-configs'],
  check(ctx) {
    // Compare configs of the same file name across nodes: different winners are cni-config-conflict's job.
    const byFile = new Map<string, Map<string, { nodes: string[]; path: string }>>();
    for (const nd of ctx.data.nodeData.values()) {
      for (const c of nd.cniConfigs) {
        if (!c.considered || !c.normalized) continue;
        const hash = createHash('sha256').update(c.normalized).digest('hex').slice(0, 12);
        const variants = byFile.get(c.fileName) ?? new Map();
        const v = variants.get(hash) ?? { nodes: [], path: c.path };
        v.nodes.push(nd.name);
        variants.set(hash, v);
        byFile.set(c.fileName, variants);
      }
    }
    const drafts = [];
    for (const [file, variants] of [...byFile.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) {
      if (variants.size < 2) continue;
      const sorted = [...variants.entries()].sort(([ha, a], [hb, b]) => b.nodes.length - a.nodes.length || (ha < hb ? -1 : 1));
      const [, majority] = sorted[0]!;
      const clear = majority.nodes.length > sorted[1]![1].nodes.length;
      const differing = (clear ? sorted.slice(1) : sorted).flatMap(([, v]) => v.nodes).sort();
      const evidence: Evidence[] = sorted.slice(0, 4).map(([hash, v]) => ctx.facts.evidence.line(v.path, undefined, undefined, `variant ${hash} on ${v.nodes.length} node(s): ${listNames(v.nodes.sort(), 3)}`));
      const total = sorted.reduce((s, [, v]) => s + v.nodes.length, 0);
      drafts.push({
        key: file,
        scope: { kind: 'nodes' as const, names: differing },
        summary: clear
          ? `${file} differs between nodes (${variants.size} variants on ${total} nodes, node-specific fields ignored): ${listNames(differing)} ${differing.length === 1 ? 'differs' : 'differ'} from the ${majority.nodes.length} node(s) that agree.`
          : `${file} has ${variants.size} different contents on ${total} nodes (node-specific fields ignored) and no majority variant.`,
        evidence,
      });
    }
    return drafts;
  },
});
