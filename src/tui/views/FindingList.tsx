// The ranked findings, one line each: severity symbol and label (readable without colour), root
// cause / symptom marker, title and scope.
import { Box, Text } from 'ink';
import type { Finding } from '../../model/report.js';
import { clean, fit, relationMark, SEVERITY_STYLE } from '../format.js';

export function FindingList({ findings, selected, width, height, filterText }: { findings: Finding[]; selected: number; width: number; height: number; filterText: string }) {
  const rows = Math.max(1, height - 1);
  const start = Math.min(Math.max(0, selected - Math.floor(rows / 2)), Math.max(0, findings.length - rows));
  return (
    <Box flexDirection="column">
      <Text dimColor wrap="truncate-end">
        {fit(`${findings.length} finding(s)${filterText ? ` — ${filterText}` : ''}`, width)}
      </Text>
      {findings.length === 0 && <Text>No findings match.</Text>}
      {findings.slice(start, start + rows).map((f, i) => {
        const idx = start + i;
        const s = SEVERITY_STYLE[f.severity];
        const line = `${idx === selected ? '›' : ' '} ${s.symbol} ${s.label} ${relationMark(f)} ${clean(f.title)} · ${clean(f.scope.text)}`;
        return (
          <Text key={f.id} color={s.color} inverse={idx === selected} wrap="truncate-end">
            {fit(line, width)}
          </Text>
        );
      })}
    </Box>
  );
}
