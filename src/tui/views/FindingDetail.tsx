// One finding: summary, scope, causes/symptoms, actions with commands and risk, and the evidence
// list (selectable: enter opens the evidence viewer).
import { Box, Text } from 'ink';
import type { Finding } from '../../model/report.js';
import { clean, fit, SEVERITY_STYLE } from '../format.js';

function wrap(text: string, width: number): string[] {
  const out: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if ((line + ' ' + word).trim().length > width && line) {
      out.push(line);
      line = word;
    } else line = `${line} ${word}`.trim();
  }
  if (line) out.push(line);
  return out.flatMap((l) => (l.length > width ? [fit(l, width)] : [l]));
}

export function FindingDetail({ finding, evidenceIndex, width, height }: { finding: Finding; evidenceIndex: number; width: number; height: number }) {
  const s = SEVERITY_STYLE[finding.severity];
  type Line = { text: string; color?: string; bold?: boolean; inverse?: boolean };
  const lines: Line[] = [];
  lines.push({ text: `${s.symbol} ${finding.severity.toUpperCase()} · urgency ${finding.urgency ?? 'n/a'} · ${clean(finding.scope.text)}${finding.scope.names.length ? `: ${clean(finding.scope.names.slice(0, 6).join(', '))}` : ''}`, color: s.color, bold: true });
  lines.push({ text: clean(finding.title), bold: true });
  if (finding.causedBy.length) lines.push({ text: `Symptom of: ${finding.causedBy.join(', ')}`, color: 'yellow' });
  if (finding.explains.length) lines.push({ text: `${finding.rootCause ? 'Root cause' : 'Cause'} of: ${finding.explains.join(', ')}`, color: 'red' });
  for (const l of wrap(clean(finding.summary), width)) lines.push({ text: l });
  lines.push({ text: 'Evidence (enter opens):', bold: true });
  finding.evidence.forEach((e, i) => {
    lines.push({ text: `${i === evidenceIndex ? '›' : ' '} ${clean(e.file)}${e.line ? `:${e.line}` : ''}${e.note ? ` — ${clean(e.note)}` : ''}`, inverse: i === evidenceIndex });
  });
  lines.push({ text: 'Actions (first = primary, last = fallback):', bold: true });
  finding.actions.forEach((a, i) => {
    lines.push({ text: `${i + 1}. ${a.risk === 'downtime' ? 'DOWNTIME: ' : ''}${clean(a.title)} [risk: ${a.risk}]`, color: a.risk === 'downtime' ? 'red' : undefined });
    for (const c of a.commands) lines.push({ text: `   $ ${clean(c)}`, color: 'cyan' });
  });
  // Keep the selected evidence line on screen.
  const evidenceLine = lines.findIndex((l) => l.inverse);
  const start = evidenceLine >= height ? evidenceLine - height + 2 : 0;
  return (
    <Box flexDirection="column">
      {lines.slice(start, start + height).map((l, i) => (
        <Text key={i} color={l.color} bold={l.bold} inverse={l.inverse} wrap="truncate-end">
          {fit(l.text, width)}
        </Text>
      ))}
    </Box>
  );
}
