// Detects CNI configs that are empty, or whose mode grants no read permission.
// https://github.com/containernetworking/cni/blob/main/SPEC.md#configuration-format
import type { Evidence } from '../../../model/report.js';
import { listNames } from '../../facts.js';
import { defineRule } from '../../rule.js';
import { isConfigName } from '../../derived/node-configs.js';

export default defineRule({
  meta: {
    id: 'cni-config-unreadable',
    title: 'A CNI config is empty or not readable',
    area: 'config',
    severity: 'high',
    urgency: 'minutes',
    answers: 'new-pods',
    description: 'A config in /etc/cni/net.d that is empty (0 bytes: `unexpected end of JSON input`), or whose mode grants no read permission at all (root runtimes read it through DAC override, rootless runtimes and LSM-confined ones cannot), or a directory named like a config.',
    rationale: 'An empty file is usually an installer interrupted mid-write; if it sorts first, containerd fails on it and the node loses pod networking.',
    evidence: 'The entry in nodes/<node>/ls-etc-cni-net.d.txt (size and mode) or the empty copied file.',
    actions: [
      { title: 'Remove the empty file (or fix its mode), then restart the CNI agent on the node so it rewrites its config', commands: ['# on the node: ls -la /etc/cni/net.d; rm /etc/cni/net.d/<file>   # or: chmod 644', 'kubectl -n <namespace> delete pod -l <cni-agent-label> --field-selector spec.nodeName=<node>'], risk: 'disruptive' },
    ],
    docs: ['https://github.com/containernetworking/cni/blob/main/SPEC.md#configuration-format'],
    explains: ['cni-sandbox-failures', 'node-not-ready', 'cni-config-missing'],
  },
  requires: ['node-cni-configs'],
  check(ctx) {
    const groups = new Map<string, { nodes: string[]; evidence: Evidence[]; problem: string }>();
    const add = (file: string, problem: string, node: string, ev: Evidence) => {
      const key = `${file}|${problem}`;
      const g = groups.get(key) ?? { nodes: [], evidence: [], problem };
      if (!g.nodes.includes(node)) g.nodes.push(node);
      if (g.evidence.length < 3) g.evidence.push(ev);
      groups.set(key, g);
    };
    for (const nd of ctx.data.nodeData.values()) {
      const dir = ctx.facts.confDir(nd);
      for (const e of dir.listing?.entries ?? []) {
        if (!isConfigName(e.name)) continue;
        if (e.type === 'directory') add(e.name, 'is a directory, not a file', nd.name, ctx.facts.evidence.line(dir.listing!.path, e.line));
        else if (e.type === 'file' && e.size === 0) add(e.name, 'is empty (0 bytes)', nd.name, ctx.facts.evidence.line(dir.listing!.path, e.line));
        else if (e.type === 'file' && !e.readable) add(e.name, `has mode ${e.mode}: no read permission`, nd.name, ctx.facts.evidence.line(dir.listing!.path, e.line));
      }
      for (const c of nd.cniConfigs) {
        if (c.considered && c.empty) add(c.fileName, 'is empty (0 bytes)', nd.name, ctx.facts.evidence.line(c.path, undefined, undefined, `${c.size} bytes`));
      }
    }
    return [...groups.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([key, g]) => {
      const [file] = key.split('|');
      const nodes = g.nodes.sort();
      const first = nodes.map((n) => ctx.facts.confDir(ctx.data.nodeData.get(n)!).names[0]).every((w) => w === file);
      return {
        key: `${file}`,
        scope: { kind: 'nodes' as const, names: nodes },
        summary: `${file} on ${listNames(nodes)} ${g.problem}${g.problem.startsWith('is empty') ? '; libcni fails on it with "unexpected end of JSON input"' : ''}.${first ? ' It sorts first, so the runtime tries it before any other config.' : ''}`,
        evidence: g.evidence,
      };
    });
  },
});
