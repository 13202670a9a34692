// A bundle file scrolled to the cited line: the line highlighted, a few lines of context above.
import { Box, Text } from 'ink';
import type { Evidence } from '../../model/report.js';
import { clean, fit } from '../format.js';

export function EvidenceView({ evidence, text, top, width, height }: { evidence: Evidence; text: string | undefined; top: number; width: number; height: number }) {
  const header = `${clean(evidence.file)}${evidence.line ? ` line ${evidence.line}` : ''}${evidence.note ? ` — ${clean(evidence.note)}` : ''}`;
  if (text === undefined) {
    return (
      <Box flexDirection="column">
        <Text bold wrap="truncate-end">{fit(header, width)}</Text>
        <Text>The file's text is not available in this bundle view (binary, too large, or a rejected entry).</Text>
        {evidence.excerpt !== undefined && <Text>Excerpt: {fit(clean(evidence.excerpt), width - 9)}</Text>}
      </Box>
    );
  }
  const lines = text.split('\n');
  const numWidth = String(lines.length).length;
  const textWidth = Math.max(10, width - numWidth - 2);
  // Long lines wrap (a log line's cause is often at its end); scrolling moves by file line.
  const rows: { key: string; n: number; gutter: string; text: string; cited: boolean }[] = [];
  for (let i = top; i < lines.length && rows.length < height - 1; i++) {
    const n = i + 1;
    const cited = n === evidence.line;
    const chars = [...clean(lines[i]!)];
    const chunks = chars.length ? Array.from({ length: Math.ceil(chars.length / textWidth) }, (_, c) => chars.slice(c * textWidth, (c + 1) * textWidth).join('')) : [''];
    chunks.forEach((chunk, c) => rows.push({ key: `${n}.${c}`, n, gutter: c === 0 ? `${String(n).padStart(numWidth)}${cited ? '▶' : '│'}` : `${' '.repeat(numWidth)}┆`, text: chunk, cited }));
  }
  return (
    <Box flexDirection="column">
      <Text bold wrap="truncate-end">{fit(`${header} (${lines.length} lines)`, width)}</Text>
      {rows.slice(0, height - 1).map((r) => (
        <Text key={r.key} inverse={r.cited} color={r.cited ? 'yellow' : undefined} wrap="truncate-end">
          {fit(`${r.gutter} ${r.text}`, width)}
        </Text>
      ))}
    </Box>
  );
}

/** The first line shown so the cited line sits a few lines below the top. */
export function initialTop(evidence: Evidence, context = 3): number {
  return Math.max(0, (evidence.line ?? 1) - 1 - context);
}
