// Detects CNI configs that do not parse as JSON (with line and column), start with a byte-order
// mark, or lack cniVersion/name/type-or-plugins. CRLF alone is not a cause: JSON treats CR as space.
// https://github.com/containernetworking/cni/blob/main/SPEC.md#configuration-format
import type { Evidence } from '../../../model/report.js';
import { listNames } from '../../facts.js';
import { defineRule } from '../../rule.js';

export default defineRule({
  meta: {
    id: 'cni-config-invalid',
    title: 'A CNI config file is invalid',
    area: 'config',
    severity: 'critical',
    urgency: 'minutes',
    answers: 'new-pods',
    description: 'A file in /etc/cni/net.d that does not parse as JSON (line and column reported), starts with a UTF-8/UTF-16 byte-order mark, lacks cniVersion, name, or type/plugins, or still holds template placeholders. Empty files are reported by cni-config-unreadable.',
    rationale: 'containerd loads only the first config by name and fails if it is broken (no fall-through), so one bad file disables pod networking on the node; CRI-O and dockershim skip it and may use a stale one instead.',
    evidence: 'The config file itself, at the line and column of the error.',
    actions: [
      { title: 'Fix or remove the file, then restart the CNI agent on the node', commands: ['# on the node: jq . /etc/cni/net.d/<file>   (shows the error position)', "# remove a BOM: sed -i '1s/^\\xEF\\xBB\\xBF//' /etc/cni/net.d/<file>", 'kubectl -n <namespace> delete pod -l <cni-agent-label> --field-selector spec.nodeName=<node>'], risk: 'disruptive' },
    ],
    docs: ['https://github.com/containernetworking/cni/blob/main/SPEC.md#configuration-format', 'https://www.rfc-editor.org/rfc/rfc8259#section-2'],
    explains: ['cni-sandbox-failures', 'node-not-ready', 'cni-config-missing'],
  },
  requires: ['node-cni-configs'],
  check(ctx) {
    // One finding per (file name, problem), across the nodes that share it.
    const groups = new Map<string, { nodes: string[]; evidence: Evidence[]; summary: string }>();
    for (const nd of ctx.data.nodeData.values()) {
      const runtime = ctx.facts.nodeByName.get(nd.name)?.containerRuntimeVersion ?? '';
      const active = ctx.facts.activeConfig(nd);
      for (const c of nd.cniConfigs) {
        if (!c.considered || c.empty) continue;
        let problem: string | undefined;
        let ev: Evidence | undefined;
        if (c.parseError) {
          problem = c.bom ? `starts with a ${c.bom} byte-order mark` : `is not valid JSON`;
          ev = ctx.facts.evidence.line(c.path, c.parseError.line, undefined, `line ${c.parseError.line}, column ${c.parseError.column}: ${c.parseError.message}`);
          const libcni = c.parseError.libcniMessage ? ` libcni reports \`${c.parseError.libcniMessage}\`.` : '';
          const crlf = c.crlf ? ' (It also has CRLF line endings; those are legal JSON whitespace and not the cause.)' : '';
          problem += ` (line ${c.parseError.line}, column ${c.parseError.column}: ${c.parseError.message}).${libcni}${crlf}`;
        } else if (c.missingFields.length) {
          problem = `lacks ${c.missingFields.join(', ')}.`;
          ev = ctx.facts.evidence.line(c.path, 1, undefined, `missing ${c.missingFields.join(', ')}`);
        } else if (c.placeholders.length) {
          problem = `still holds unrendered template placeholders (${c.placeholders.join(', ')}): the installer copied the raw template.`;
          ev = ctx.facts.evidence.line(c.path, undefined, undefined, `placeholders ${c.placeholders.join(', ')}`);
        }
        if (!problem || !ev) continue;
        const effect =
          active?.fileName === c.fileName
            ? /containerd/.test(runtime)
              ? ' It is the first config by name, so containerd stops at it and pod networking on the node is down.'
              : ' It is the first config by name; the runtime cannot use it.'
            : ` It is shadowed by ${active?.fileName ?? 'another file'}; CRI-O and dockershim skip it, containerd only reads the first file.`;
        const key = `${c.fileName}|${problem}`;
        const g = groups.get(key) ?? { nodes: [], evidence: [], summary: `${c.fileName} ${problem}${effect}` };
        g.nodes.push(nd.name);
        if (g.evidence.length < 3) g.evidence.push(ev);
        groups.set(key, g);
      }
    }
    return [...groups.entries()]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([key, g]) => ({
        key: `${key.split('|')[0]}`,
        scope: { kind: 'nodes' as const, names: g.nodes.sort() },
        summary: `On ${listNames(g.nodes)}: ${g.summary}`,
        evidence: g.evidence,
      }));
  },
});
