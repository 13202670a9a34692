// Warning events in time order, filterable by reason (f cycles) and text (/).
import { Box, Text } from 'ink';
import type { TimelineEvent } from '../../model/report.js';
import { clean, fit } from '../format.js';

export function Timeline({ events, selected, width, height, filterText }: { events: TimelineEvent[]; selected: number; width: number; height: number; filterText: string }) {
  const rows = Math.max(1, height - 1);
  const start = Math.min(Math.max(0, selected - Math.floor(rows / 2)), Math.max(0, events.length - rows));
  return (
    <Box flexDirection="column">
      <Text dimColor wrap="truncate-end">{fit(`${events.length} warning event(s)${filterText ? ` — ${filterText}` : ''}`, width)}</Text>
      {events.length === 0 && <Text>No warning events match.</Text>}
      {events.slice(start, start + rows).map((e, i) => {
        const idx = start + i;
        const line = `${idx === selected ? '›' : ' '} ${(e.time ?? '—').replace('T', ' ').replace('Z', '')} ${clean(e.reason)} ×${e.count} ${clean(e.object)}: ${clean(e.message)}`;
        return (
          <Text key={`${e.line}-${idx}`} inverse={idx === selected} wrap="truncate-end">
            {fit(line, width)}
          </Text>
        );
      })}
    </Box>
  );
}
