// CidrCover answers "does some route contain this podCIDR" as the pairwise check would, in time
// independent of the number of routes.
import { describe, expect, it } from 'vitest';
import { CidrCover, contains, parseCidr, type Cidr } from '../src/analyze/net.js';
import { prng } from '../scripts/fuzz/fuzz.js';

describe('CidrCover', () => {
  it('agrees with the pairwise containment check on random IPv4 and IPv6 CIDRs', () => {
    const rnd = prng(4242);
    const v4 = () => parseCidr(`10.${Math.floor(rnd() * 4)}.${Math.floor(rnd() * 8)}.${Math.floor(rnd() * 256)}/${8 + Math.floor(rnd() * 25)}`)!;
    const v6 = () => parseCidr(`fd00:${Math.floor(rnd() * 3).toString(16)}::${Math.floor(rnd() * 65536).toString(16)}/${96 + Math.floor(rnd() * 33)}`)!;
    let agreedTrue = 0;
    for (let round = 0; round < 40; round++) {
      const routes: Cidr[] = Array.from({ length: 30 }, () => (rnd() < 0.5 ? v4() : v6()));
      const cover = new CidrCover();
      for (const r of routes) cover.add(r);
      for (let k = 0; k < 50; k++) {
        const inner = rnd() < 0.5 ? v4() : v6();
        const expected = routes.some((r) => contains(r, inner));
        expect(cover.covers(inner), `${inner.text} in [${routes.map((r) => r.text).join(' ')}]`).toBe(expected);
        if (expected) agreedTrue++;
      }
    }
    // Both answers were reached often enough for the agreement to mean something.
    expect(agreedTrue).toBeGreaterThan(100);
  });

  it('does not cover across families, nor a wider CIDR with a narrower one', () => {
    const cover = new CidrCover();
    cover.add(parseCidr('10.244.1.0/24')!);
    expect(cover.covers(parseCidr('10.244.1.0/24')!)).toBe(true);
    expect(cover.covers(parseCidr('10.244.1.128/25')!)).toBe(true);
    expect(cover.covers(parseCidr('10.244.0.0/16')!)).toBe(false);
    expect(cover.covers(parseCidr('::ffff:a0f4:100/120')!)).toBe(false);
  });
});
