// The documentation page of a rule, generated from its metadata so the docs cannot drift from the
// code: docs/rules/<id>.md (written by `npm run gen:docs`, checked by the conformance test).
import type { Rule } from './rule.js';
import { RULES } from './rules/index.js';

const RISK = { safe: 'safe', disruptive: 'disruptive (restarts components)', downtime: '**DOWNTIME** (stops workloads)' } as const;

export function ruleDoc(rule: Rule): string {
  const m = rule.meta;
  const lines = [
    `# \`${m.id}\`: ${m.title}`,
    '',
    '| Severity | Urgency | Plugin | Area | Matrix row |',
    '| --- | --- | --- | --- | --- |',
    `| ${m.severity} | ${m.urgency ?? '—'} | ${m.plugin ?? 'any'} | ${m.area} | ${m.answers ?? '—'} |`,
    '',
    '## What it detects',
    '',
    m.description,
    '',
    '## Why it matters',
    '',
    m.rationale,
    '',
    '## Evidence',
    '',
    m.evidence,
    '',
    '## How to fix',
    '',
    ...m.actions.flatMap((a, i) => [
      `${i + 1}. ${a.title} — risk: ${RISK[a.risk]}${i === 0 ? ' (primary action)' : i === m.actions.length - 1 && m.actions.length > 1 ? ' (fallback)' : ''}`,
      ...(a.commands.length ? ['', '   ```sh', ...a.commands.flatMap((c) => c.split('\n')).map((c) => `   ${c}`), '   ```', ''] : []),
    ]),
    '',
    '## Upstream documentation',
    '',
    ...m.docs.map((d) => `- <${d}>`),
    '',
  ];
  if (m.explains?.length) lines.push('## Related rules', '', `Findings of ${m.explains.map((e) => `[\`${e}\`](${e}.md)`).join(', ')} on the same nodes are reported as symptoms of this rule's findings.`, '');
  return `${lines.join('\n').replace(/\n{3,}/g, '\n\n')}`;
}

export function rulesIndex(rules: readonly Rule[] = RULES): string {
  const sorted = [...rules].sort((a, b) => (a.meta.id < b.meta.id ? -1 : 1));
  return [
    '# Rules',
    '',
    'Every diagnosis comes from one of these rules. Ids are stable. Generated from the rule metadata (`npm run gen:docs`).',
    '',
    '| Rule | Severity | Urgency | Plugin | Detects |',
    '| --- | --- | --- | --- | --- |',
    ...sorted.map((r) => `| [\`${r.meta.id}\`](${r.meta.id}.md) | ${r.meta.severity} | ${r.meta.urgency ?? '—'} | ${r.meta.plugin ?? 'any'} | ${r.meta.title} |`),
    '',
  ].join('\n');
}
