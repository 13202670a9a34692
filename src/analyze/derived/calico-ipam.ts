// Calico IPAM utilization from `calicoctl ipam show [--show-blocks]` or the ipamblocks CRDs.
import type { BundleData } from '../bundle-data.js';
import { isRecognised, clusterOutput } from '../bundle-data.js';
import { parseCidr } from '../net.js';
import { CALICO_IPAM, CALICO_IPAM_BLOCKS } from '../../cni/calico.js';

export interface PoolUsage {
  cidr: string;
  total: number;
  inUse: number;
  percent: number;
  file: string;
  line?: number;
  /** Node that owns a block (from the CRD's affinity), when known. */
  node?: string;
}

export function calicoBlocks(data: BundleData): PoolUsage[] {
  const shown = clusterOutput(data, CALICO_IPAM_BLOCKS);
  if (isRecognised(shown) && shown.result.blocks.length) {
    return shown.result.blocks.map((b) => ({ cidr: b.cidr, total: b.total, inUse: b.inUse, percent: b.usedPercent, file: shown.path, line: b.line }));
  }
  const crd = data.calico.ipamBlocks;
  if (!crd) return [];
  const out: PoolUsage[] = [];
  for (const block of crd.items) {
    const cidr = parseCidr(block.cidr);
    const total = block.allocations?.length ?? (cidr ? Number(cidr.end - cidr.start + 1n) : 0);
    const inUse = (block.allocations ?? []).filter((a) => a !== null).length;
    out.push({
      cidr: block.cidr,
      total,
      inUse,
      percent: total ? (inUse / total) * 100 : 0,
      file: block.file,
      line: block.line,
      node: block.affinity?.startsWith('host:') ? block.affinity.slice(5) : undefined,
    });
  }
  return out;
}

export function calicoPools(data: BundleData, blocks: readonly PoolUsage[]): PoolUsage[] {
  for (const shown of [clusterOutput(data, CALICO_IPAM), clusterOutput(data, CALICO_IPAM_BLOCKS)]) {
    if (isRecognised(shown) && shown.result.pools.length) {
      return shown.result.pools.map((p) => ({ cidr: p.cidr, total: p.total, inUse: p.inUse, percent: p.usedPercent, file: shown.path, line: p.line }));
    }
  }
  // From the CRDs: pool size against the allocations of the blocks inside it.
  const pools = data.calico.ipPools;
  if (!pools || !blocks.length) return [];
  const out: PoolUsage[] = [];
  for (const item of pools.items) {
    if (item.cidr === undefined || item.disabled) continue;
    const pool = parseCidr(item.cidr);
    if (!pool) continue;
    const total = Number(pool.end - pool.start + 1n);
    const inUse = blocks.filter((b) => {
      const c = parseCidr(b.cidr);
      return c && c.family === pool.family && c.start >= pool.start && c.end <= pool.end;
    }).reduce((s, b) => s + b.inUse, 0);
    out.push({ cidr: item.cidr, total, inUse, percent: total ? (inUse / total) * 100 : 0, file: item.file, line: item.line });
  }
  return out;
}
