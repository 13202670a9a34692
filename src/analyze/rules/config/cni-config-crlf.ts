// Detects CRLF line endings in CNI configs — and says what is true: JSON accepts CR as whitespace
// (RFC 8259 §2), so this is hygiene, not the cause of a failure. A BOM is (cni-config-invalid).
// https://www.rfc-editor.org/rfc/rfc8259#section-2
import { listNames } from '../../facts.js';
import { defineRule } from '../../rule.js';

export default defineRule({
  meta: {
    id: 'cni-config-crlf',
    title: 'A CNI config has Windows (CRLF) line endings',
    area: 'config',
    severity: 'low',
    urgency: 'days',
    answers: 'new-pods',
    description: 'CRLF line endings in a CNI config. JSON accepts CR as whitespace, so they do not break parsing; the finding is about hygiene (and hints that the file was edited by hand on Windows, where a BOM is the real danger).',
    rationale: 'Field guides often blame CRLF for CNI parse failures; libcni (Go encoding/json) parses such files fine. Knowing that saves a wrong fix.',
    evidence: 'The first CRLF line of the config file.',
    actions: [{ title: 'Convert to LF when convenient', commands: ["# on the node: sed -i 's/\\r$//' /etc/cni/net.d/<file>"], risk: 'safe' }],
    docs: ['https://www.rfc-editor.org/rfc/rfc8259#section-2'],
  },
  requires: ['node-cni-configs'],
  check(ctx) {
    const byFile = new Map<string, { nodes: string[]; path: string; line: number; count: number }>();
    for (const nd of ctx.data.nodeData.values()) {
      for (const c of nd.cniConfigs) {
        if (!c.considered || !c.crlf) continue;
        const g = byFile.get(c.fileName) ?? { nodes: [], path: c.path, line: c.crlf.firstLine, count: c.crlf.count };
        g.nodes.push(nd.name);
        byFile.set(c.fileName, g);
      }
    }
    return [...byFile.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([file, g]) => ({
      key: file,
      scope: { kind: 'nodes' as const, names: g.nodes.sort() },
      summary: `${file} on ${listNames(g.nodes)} has CRLF line endings (${g.count} lines). JSON treats CR as whitespace, so this does not stop the runtime from parsing it; convert to LF for hygiene.`,
      evidence: [ctx.facts.evidence.line(g.path, g.line, undefined, 'line ends in CR LF')],
    }));
  },
});
