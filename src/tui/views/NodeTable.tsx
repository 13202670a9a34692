// Nodes: ready, podCIDR, CNI agent, BGP/health, findings. Enter filters the findings to a node.
import { Box, Text } from 'ink';
import type { NodeSummary } from '../../model/report.js';
import { clean, fit } from '../format.js';

export function NodeTable({ nodes, selected, width, height }: { nodes: NodeSummary[]; selected: number; width: number; height: number }) {
  const nameW = Math.min(28, Math.max(6, ...nodes.map((n) => n.name.length)) + 1);
  const head = `  ${'NODE'.padEnd(nameW)} ${'READY'.padEnd(8)} ${'PODCIDR'.padEnd(18)} ${'FINDINGS'.padEnd(9)} AGENT / NETWORK`;
  const rows = Math.max(1, height - 1);
  const start = Math.min(Math.max(0, selected - Math.floor(rows / 2)), Math.max(0, nodes.length - rows));
  return (
    <Box flexDirection="column">
      <Text bold wrap="truncate-end">{fit(head, width)}</Text>
      {nodes.length === 0 && <Text>The bundle names no nodes.</Text>}
      {nodes.slice(start, start + rows).map((n, i) => {
        const idx = start + i;
        const line = `${idx === selected ? '›' : ' '} ${fit(clean(n.name), nameW).padEnd(nameW)} ${n.ready.padEnd(8)} ${(n.podCIDRs.join(',') || '—').padEnd(18)} ${String(n.findings.length).padEnd(9)} ${clean(n.agent ?? '—')}${n.network ? ` · ${clean(n.network)}` : ''}`;
        return (
          <Text key={n.name} inverse={idx === selected} color={n.ready === 'True' ? undefined : 'red'} wrap="truncate-end">
            {fit(line, width)}
          </Text>
        );
      })}
    </Box>
  );
}
