// Calico IPAM utilization from `calicoctl ipam show [--show-blocks]` or the ipamblocks CRDs.
import { z } from 'zod';
import type { BundleData } from '../bundle-data.js';
import { isRecognised } from '../bundle-data.js';
import { parseCidr } from '../net.js';

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

const BlockSpec = z.object({
  cidr: z.string(),
  affinity: z.string().nullable().optional().catch(undefined),
  allocations: z.array(z.number().nullable()).optional().catch(undefined),
  unallocated: z.array(z.number()).optional().catch(undefined),
});

export function calicoBlocks(data: BundleData): PoolUsage[] {
  const shown = data.calicoIpamShowBlocks;
  if (isRecognised(shown) && shown.result.blocks.length) {
    return shown.result.blocks.map((b) => ({ cidr: b.cidr, total: b.total, inUse: b.inUse, percent: b.usedPercent, file: shown.path, line: b.line }));
  }
  const crd = data.custom.get('ipamblocks.crd.projectcalico.org');
  if (!crd) return [];
  const out: PoolUsage[] = [];
  for (const item of crd.items) {
    const spec = BlockSpec.safeParse(item.spec);
    if (!spec.success) continue;
    const cidr = parseCidr(spec.data.cidr);
    const total = spec.data.allocations?.length ?? (cidr ? Number(cidr.end - cidr.start + 1n) : 0);
    const inUse = (spec.data.allocations ?? []).filter((a) => a !== null).length;
    out.push({
      cidr: spec.data.cidr,
      total,
      inUse,
      percent: total ? (inUse / total) * 100 : 0,
      file: crd.path,
      line: item.line,
      node: spec.data.affinity?.startsWith('host:') ? spec.data.affinity.slice(5) : undefined,
    });
  }
  return out;
}

export function calicoPools(data: BundleData, blocks: readonly PoolUsage[]): PoolUsage[] {
  for (const shown of [data.calicoIpamShow, data.calicoIpamShowBlocks]) {
    if (isRecognised(shown) && shown.result.pools.length) {
      return shown.result.pools.map((p) => ({ cidr: p.cidr, total: p.total, inUse: p.inUse, percent: p.usedPercent, file: shown.path, line: p.line }));
    }
  }
  // From the CRDs: pool size against the allocations of the blocks inside it.
  const pools = data.custom.get('ippools.crd.projectcalico.org');
  if (!pools || !blocks.length) return [];
  const out: PoolUsage[] = [];
  for (const item of pools.items) {
    const spec = z.object({ cidr: z.string(), disabled: z.boolean().optional().catch(undefined) }).safeParse(item.spec);
    if (!spec.success || spec.data.disabled) continue;
    const pool = parseCidr(spec.data.cidr);
    if (!pool) continue;
    const total = Number(pool.end - pool.start + 1n);
    const inUse = blocks.filter((b) => {
      const c = parseCidr(b.cidr);
      return c && c.family === pool.family && c.start >= pool.start && c.end <= pool.end;
    }).reduce((s, b) => s + b.inUse, 0);
    out.push({ cidr: spec.data.cidr, total, inUse, percent: total ? (inUse / total) * 100 : 0, file: pools.path, line: item.line });
  }
  return out;
}
