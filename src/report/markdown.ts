// Markdown for a ticket: triage first, then the ranked findings with evidence in fenced blocks and
// actions with their risk in words, then what the bundle could not show. A pure function of a Report.
import { isCollectionGap, MATRIX_VERDICT_LABELS, verdictLabel, type Action, type Finding, type Report } from '../model/report.js';
import { oneLine, visibleControls } from './sanitize.js';

/** Escapes untrusted inline text so it cannot become markup, links, HTML or table cells. */
export function mdText(text: string): string {
  return oneLine(text)
    .replace(/[\\`*_[\]<>|~&]/g, (c) => (c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '&' ? '&amp;' : `\\${c}`))
    // Block markers only start a block when a space, the end or more of the marker follows: "2.8.1"
    // (a version) is text, "2. x" would be a list item.
    // CommonMark escapes only punctuation: "2\\." (not "\\2.") keeps a list marker literal.
    .replace(/^(\s*)(\d*)([#+=.)-])(?=\s|$|[#=-])/, (m, space: string, digits: string, mark: string) => (digits || /[#+=-]/.test(mark) ? `${space}${digits}\\${mark}` : m));
}

/** A fenced block whose fence is longer than any backtick run inside, so content cannot close it. */
export function fence(content: string, lang = ''): string {
  const body = visibleControls(content).replace(/\n+$/, '');
  const longest = Math.max(0, ...[...body.matchAll(/`+/g)].map((m) => m[0].length));
  const f = '`'.repeat(Math.max(3, longest + 1));
  return `${f}${lang}\n${body}\n${f}`;
}

const SEVERITY_LABEL: Record<Finding['severity'], string> = { critical: 'CRITICAL', high: 'HIGH', medium: 'MEDIUM', low: 'LOW', info: 'INFO' };

export function riskLabel(risk: Action['risk']): string {
  return risk === 'downtime' ? 'DOWNTIME — stops workloads' : risk === 'disruptive' ? 'disruptive — restarts components' : 'safe — read-only or additive';
}

function findingNumber(report: Report): Map<string, number> {
  return new Map(report.findings.map((f, i) => [f.id, i + 1]));
}

function renderFinding(f: Finding, n: number, numbers: Map<string, number>): string {
  const out: string[] = [];
  out.push(`### ${n}. [${SEVERITY_LABEL[f.severity]}] ${mdText(f.title)}`, '');
  const scopeNames = f.scope.names.length ? ` (${f.scope.names.slice(0, 8).map(mdText).join(', ')}${f.scope.names.length > 8 ? ', …' : ''})` : '';
  out.push(
    `**Severity:** ${f.severity} · **Urgency:** ${f.urgency ?? 'n/a'} · **Scope:** ${mdText(f.scope.text)}${scopeNames} · **Rule:** \`${f.ruleId}\`${f.plugin ? ` · **Plugin:** ${f.plugin}` : ''}`,
    '',
  );
  const refs = (ids: string[]) => ids.map((id) => (numbers.has(id) ? `#${numbers.get(id)} (\`${id}\`)` : `\`${id}\``)).join(', ');
  if (f.causedBy.length) out.push(`**Symptom of:** ${refs(f.causedBy)}`, '');
  if (f.explains.length) out.push(`**${f.rootCause ? 'Root cause' : 'Cause'} of:** ${refs(f.explains)}`, '');
  if (f.rootCause && !f.explains.length && f.severity !== 'info') out.push('**Root cause** (no other finding explains it)', '');
  out.push(mdText(f.summary), '');
  if (f.evidence.length) {
    out.push('**Evidence**', '');
    for (const e of f.evidence) {
      out.push(`- \`${oneLine(e.file).replace(/`/g, "'")}\`${e.line ? ` line ${e.line}` : ''}${e.note ? ` — ${mdText(e.note)}` : ''}`);
      if (e.excerpt !== undefined) out.push('', fence(e.excerpt).replace(/^/gm, '  '), '');
    }
    out.push('');
  }
  if (f.actions.length) {
    out.push('**Actions** (first = primary, last = fallback)', '');
    f.actions.forEach((a, i) => {
      const label = a.risk === 'downtime' ? '**DOWNTIME:** ' : '';
      out.push(`${i + 1}. ${label}${mdText(a.title)} — risk: ${riskLabel(a.risk)}`);
      if (a.commands.length) out.push('', fence(a.commands.join('\n'), 'sh').replace(/^/gm, '   '), '');
    });
    out.push('');
  }
  if (f.docs.length) out.push(`**Docs:** ${f.docs.map((d) => `<${d.replace(/[<>\s]/g, '')}>`).join(' · ')}`, '');
  return out.join('\n');
}

/** The matrix as a table (question, answer, time to impact, what the bundle shows, first step), then the top root cause. */
function renderMatrix(t: Report['triage'], numbers: Map<string, number>): string[] {
  const refs = (ids: string[]) => (ids.length ? ` (${ids.slice(0, 4).map((id) => (numbers.has(id) ? `#${numbers.get(id)}` : `\`${id}\``)).join(', ')}${ids.length > 4 ? ', …' : ''})` : '');
  // In a table cell a pipe ends the cell even inside a code span: GFM reads "\|" there as the pipe.
  const code = (c: string) => `\`${oneLine(c).replace(/`/g, "'").replace(/\|/g, '\\|')}\``;
  const step = (a: Action | null) => (a ? `${a.risk === 'downtime' ? '**DOWNTIME:** ' : ''}${mdText(a.title)}${a.commands[0] ? `: ${code(a.commands[0])}` : ''}` : '—');
  const out = ['| Question | Answer | Impact in | What the bundle shows | First step | Fallback |', '| --- | --- | --- | --- | --- | --- |'];
  for (const r of t.matrix) out.push(`| ${mdText(r.question)} | **${MATRIX_VERDICT_LABELS[r.verdict].label.toUpperCase()}** | ${r.timeToImpact} | ${mdText(r.summary)}${refs(r.findings)} | ${step(r.action)} | ${step(r.fallback)} |`);
  out.push('');
  const top = t.topRootCause;
  out.push(top ? `**Fix first:** ${numbers.has(top.finding) ? `#${numbers.get(top.finding)} — ` : ''}${mdText(top.sentence)}` : '**Fix first:** nothing — no finding explains a failure or a risk above.');
  return out;
}

export function renderMarkdown(report: Report): string {
  const b = report.bundle;
  const t = report.triage;
  const numbers = findingNumber(report);
  const out: string[] = [];
  out.push(`# cni-doctor report: ${mdText(b.context ?? b.source)}`, '');
  // The four answers of the emergency matrix, and the root cause to fix first, before anything else.
  out.push(...renderMatrix(t, numbers), '');
  out.push('| | |', '| --- | --- |');
  out.push(`| Bundle | ${mdText(b.source)} (${b.packaging}${b.formatVersion !== null ? `, format v${b.formatVersion}` : ''}${b.origin.format !== 'cni-doctor' ? `, made by ${mdText(b.origin.tool)}${b.origin.version ? ` ${mdText(b.origin.version)}` : ''}` : ''}) |`);
  out.push(`| Collected | ${b.createdAt ? mdText(b.createdAt) : 'unknown'}${b.collector ? ` by ${mdText(b.collector)}` : ''} |`);
  out.push(`| Kubernetes | ${b.kubernetesVersion ? mdText(b.kubernetesVersion) : 'unknown'} |`);
  out.push(`| CNI | ${b.plugins.length ? b.plugins.map((p) => `${mdText(p.name)}${p.version ? ` ${mdText(p.version)}` : ''}`).join(', ') : 'none detected'} |`);
  out.push(`| Contents | ${b.counts.nodes} nodes, ${b.counts.pods} pods, ${b.counts.events} events, ${b.counts.files} files |`);
  const sev = (['critical', 'high', 'medium', 'low', 'info'] as const).map((s) => `${report.counts[s]} ${s}`).join(', ');
  out.push(`| Findings | ${sev} |`, '');
  for (const w of b.warnings) out.push(`> **Warning:** ${mdText(w)}`, '');

  out.push('## Triage', '');
  out.push(`**Can new pods get a network?** ${verdictLabel(t.podNetwork.verdict, true)}. ${mdText(t.podNetwork.summary)}`, '');
  out.push('**CNI agents:**', '');
  if (t.agents.length) {
    for (const a of t.agents) {
      out.push(`- ${mdText(a.summary)}`);
      for (const p of a.problems.slice(0, 5)) out.push(`  - ${mdText(p)}`);
    }
  } else out.push('- No CNI agent DaemonSet or pods found in the bundle.');
  out.push('');
  out.push(`**NotReady nodes:** ${t.notReadyNodes.length ? '' : 'none'}`, '');
  for (const n of t.notReadyNodes) out.push(`- ${mdText(n.name)}: ${mdText(n.reason)}${n.networkRelated ? ' (network plugin)' : ''}${n.message ? ` — ${mdText(n.message.slice(0, 200))}` : ''}`);
  if (t.notReadyNodes.length) out.push('');
  out.push(`**Most recent error events:** ${t.recentErrors.length ? '' : 'none'}`, '');
  if (t.recentErrors.length) {
    out.push('| Time | Object | Reason | Count | Message |', '| --- | --- | --- | --- | --- |');
    for (const e of t.recentErrors) out.push(`| ${e.time ? mdText(e.time) : '—'} | ${mdText(`${e.namespace}/${e.object}`)} | ${mdText(e.reason)} | ${e.count} | ${mdText(e.message.slice(0, 160))} |`);
    out.push('');
  }

  const findings = report.findings.filter((f) => !isCollectionGap(f));
  out.push(`## Findings (${findings.length})`, '');
  if (!findings.length) out.push('No problems found in what the bundle contains. See the collection gaps below for what it does not contain.', '');
  for (const f of findings) out.push(renderFinding(f, numbers.get(f.id)!, numbers));

  out.push('## Collection gaps', '');
  const gaps = report.findings.filter(isCollectionGap);
  const skipped = report.ruleRuns.filter((r) => r.skip === 'data-not-collected');
  if (!gaps.length && !skipped.length) out.push('None: every command succeeded and every rule had its data.', '');
  for (const f of gaps) out.push(renderFinding(f, numbers.get(f.id)!, numbers));
  if (skipped.length) {
    out.push('Rules that could not run because their data is not in the bundle:', '');
    for (const r of skipped) out.push(`- \`${r.ruleId}\`: ${mdText(r.reason ?? '')}`);
    out.push('');
  }
  const runs = report.ruleRuns;
  const count = (s: string) => runs.filter((r) => r.status === s).length;
  out.push('## Rules run', '');
  out.push(`${runs.length} rules: ${count('fired')} fired, ${count('passed')} passed, ${count('skipped')} skipped, ${count('errored')} errored.`, '');
  for (const r of runs.filter((x) => x.status === 'errored')) out.push(`- \`${r.ruleId}\` errored: ${mdText(r.reason ?? '')} (the other rules ran)`);
  const pluginSkips = runs.filter((r) => r.skip === 'plugin-not-detected');
  if (pluginSkips.length) out.push(`Skipped because their plugin is not in use: ${pluginSkips.map((r) => `\`${r.ruleId}\``).join(', ')}.`, '');
  out.push('', `<sub>cni-doctor ${mdText(report.tool.version)} · report schema v${report.schemaVersion}</sub>`, '');
  return out.join('\n').replace(/\n{3,}/g, '\n\n');
}
