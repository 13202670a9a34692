// The first screen: the four answers of the emergency matrix and the root cause to fix first (enter
// opens it), then counts by severity, CNI detected, agents, NotReady nodes, collection gaps.
import { Box, Text } from 'ink';
import type { Report } from '../../model/report.js';
import { isCollectionGap, MATRIX_VERDICT_LABELS, SEVERITIES, VERDICTS, verdictLabel } from '../../model/report.js';
import { clean, fit, SEVERITY_STYLE } from '../format.js';

const TONE_COLOR = { critical: 'red', high: 'yellow', ok: 'green', info: 'gray' } as const;

export function Summary({ report, width, height }: { report: Report; width: number; height: number }) {
  const t = report.triage;
  const v = { text: verdictLabel(t.podNetwork.verdict, true), color: TONE_COLOR[VERDICTS[t.podNetwork.verdict].tone] };
  const lines: { text: string; color?: string; bold?: boolean }[] = [];
  const questionWidth = Math.max(...t.matrix.map((r) => r.question.length));
  for (const r of t.matrix) {
    const label = MATRIX_VERDICT_LABELS[r.verdict];
    lines.push({ text: `${r.question.padEnd(questionWidth)}  ${label.label.toUpperCase().padEnd(7)}  ${clean(r.summary)}`, color: TONE_COLOR[label.tone], bold: r.verdict === 'failing' });
  }
  const top = t.topRootCause;
  const number = top ? report.findings.findIndex((f) => f.id === top.finding) + 1 : 0;
  lines.push({ text: top ? `Fix first: #${number} ${clean(top.title)} — ${clean(top.scope)}   (enter opens it)` : 'Fix first: nothing — no finding explains a failure or a risk above.', bold: true, color: top ? 'red' : 'green' });
  lines.push({ text: '' });
  lines.push({ text: `Can new pods get a network? ${v.text}`, color: v.color, bold: true });
  lines.push({ text: clean(t.podNetwork.summary) });
  lines.push({ text: '' });
  lines.push({ text: `Findings: ${SEVERITIES.map((s) => `${SEVERITY_STYLE[s].symbol} ${report.counts[s]} ${s}`).join('  ')}`, bold: true });
  lines.push({ text: `CNI: ${report.bundle.plugins.map((p) => `${p.name}${p.version ? ` ${p.version}` : ''}`).join(', ') || 'none detected'}   Kubernetes: ${report.bundle.kubernetesVersion ?? 'unknown'}` });
  lines.push({ text: '' });
  lines.push({ text: 'CNI agents', bold: true });
  if (!t.agents.length) lines.push({ text: '  none found in the bundle' });
  for (const a of t.agents) {
    lines.push({ text: `  ${clean(a.summary)}`, color: a.ready < a.desired || a.problems.length ? 'red' : 'green' });
    for (const p of a.problems.slice(0, 3)) lines.push({ text: `    ${clean(p)}` });
  }
  lines.push({ text: 'NotReady nodes', bold: true });
  if (!t.notReadyNodes.length) lines.push({ text: '  none' });
  for (const n of t.notReadyNodes.slice(0, 5)) lines.push({ text: `  ${clean(n.name)}: ${clean(n.reason)}${n.networkRelated ? ' (network plugin)' : ''}`, color: 'red' });
  const gaps = report.findings.filter(isCollectionGap);
  const skipped = report.ruleRuns.filter((r) => r.skip === 'data-not-collected');
  lines.push({ text: 'Collection gaps', bold: true });
  if (!gaps.length && !skipped.length) lines.push({ text: '  none' });
  for (const g of gaps) lines.push({ text: `  ${clean(g.summary)}` });
  if (skipped.length) lines.push({ text: `  ${skipped.length} rule(s) had no data: ${skipped.map((r) => r.ruleId).join(', ')}` });
  for (const w of report.bundle.warnings) lines.push({ text: `Warning: ${clean(w)}`, color: 'yellow' });
  return (
    <Box flexDirection="column">
      {lines.slice(0, height).map((l, i) => (
        <Text key={i} color={l.color} bold={l.bold} wrap="truncate-end">
          {fit(l.text, width)}
        </Text>
      ))}
    </Box>
  );
}
