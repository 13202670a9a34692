// pod-cidr-overlap finds overlaps with a sort-and-sweep and addresses with a binary search, so that
// thousands of nodes are not a quadratic scan. These check both against the obvious pairwise
// definitions on many generated layouts (nested, duplicate, disjoint, mixed families).
import { describe, expect, it } from 'vitest';
import { AddressIndex, overlappingPairs } from '../src/analyze/rules/generic/pod-cidr-overlap.js';
import { containsIp, overlaps, parseCidr, type Cidr } from '../src/analyze/net.js';

/** Deterministic pseudo-random numbers (mulberry32), so a failure reproduces. */
function rng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function layout(seed: number, n: number): Cidr[] {
  const r = rng(seed);
  return Array.from({ length: n }, () => {
    if (r() < 0.1) return parseCidr(`fd00:${Math.floor(r() * 4).toString(16)}::/${48 + Math.floor(r() * 3) * 8}`)!;
    const prefix = [16, 20, 24, 24, 24, 26][Math.floor(r() * 6)]!;
    return parseCidr(`10.${Math.floor(r() * 3)}.${Math.floor(r() * 12)}.${Math.floor(r() * 4) * 64}/${prefix}`)!;
  });
}

describe('pod-cidr-overlap at scale', () => {
  it('lists exactly the overlapping pairs a pairwise scan finds, in the same order', () => {
    for (let seed = 1; seed <= 200; seed++) {
      const ranges = layout(seed, 1 + (seed % 40));
      const expected: [number, number[]][] = [];
      for (let i = 0; i < ranges.length; i++) {
        const js = [];
        for (let j = i + 1; j < ranges.length; j++) if (overlaps(ranges[i]!, ranges[j]!)) js.push(j);
        if (js.length) expected.push([i, js]);
      }
      expect(overlappingPairs(ranges), `seed ${seed}`).toEqual(expected);
    }
  });

  it('finds the first listed address inside a range, as a linear scan would', () => {
    for (let seed = 1; seed <= 100; seed++) {
      const r = rng(seed * 7);
      const items = Array.from({ length: 30 }, (_, k) => ({ ip: r() < 0.1 ? 'not-an-ip' : `10.${Math.floor(r() * 3)}.${Math.floor(r() * 12)}.${Math.floor(r() * 256)}`, what: `item ${k}` }));
      const index = new AddressIndex(items);
      for (const cidr of layout(seed, 20)) {
        expect(index.firstIn(cidr), `seed ${seed} ${cidr.text}`).toBe(items.find((x) => containsIp(cidr, x.ip)));
      }
    }
  });
});
