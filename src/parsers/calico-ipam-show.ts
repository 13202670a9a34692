// `calicoctl ipam show [--show-blocks]` (calicoctl/commands/ipam/show.go, cni-signatures.md C-06).
// Counts are printed with %.5g, so large pools appear in exponent form (1.6777e+07).
import { splitLines, tableCells, unrecognised } from './text.js';
import type { Unrecognised } from '../model/outputs/text.js';
import type { IpamRow, CalicoIpamShow } from '../model/outputs/calico-ipam-show.js';

function count(cell: string): number | undefined {
  const m = /^([\d.]+(?:e[+-]?\d+)?)/i.exec(cell.trim());
  if (!m) return undefined;
  const v = Number.parseFloat(m[1]!);
  return Number.isFinite(v) ? v : undefined;
}

export function parseCalicoIpamShow(text: string): CalicoIpamShow | Unrecognised {
  const result: CalicoIpamShow = { format: 'calicoctl-ipam-show', pools: [], blocks: [] };
  let columns: string[] | undefined;
  for (const { n, text: line } of splitLines(text)) {
    const cells = tableCells(line);
    if (!cells) continue;
    if (cells.some((c) => /^grouping$/i.test(c))) {
      columns = cells.map((c) => c.toUpperCase());
      continue;
    }
    if (!columns) continue;
    const get = (name: string) => cells[columns!.indexOf(name)] ?? '';
    const grouping = get('GROUPING');
    if (grouping !== 'IP Pool' && grouping !== 'Block') continue;
    const total = count(get('IPS TOTAL'));
    const inUse = count(get('IPS IN USE'));
    const free = count(get('IPS FREE'));
    if (total === undefined || inUse === undefined) continue;
    const row: IpamRow = {
      grouping,
      cidr: get('CIDR'),
      total,
      inUse,
      free: free ?? total - inUse,
      usedPercent: total > 0 ? (inUse / total) * 100 : 0,
      line: n,
    };
    (grouping === 'IP Pool' ? result.pools : result.blocks).push(row);
  }
  if (!columns) return unrecognised('no `calicoctl ipam show` table (header with GROUPING, CIDR, IPS TOTAL) was found');
  return result;
}
