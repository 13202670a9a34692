// About a minute of seeded mutational fuzzing over the sample bundles (scripts/fuzz/fuzz.ts says what
// is mutated and what each case must end in). `npm run fuzz -- --runs N` runs it as long as asked.
import { describe, expect, it } from 'vitest';
import { fuzz } from '../scripts/fuzz/fuzz.js';
import { SAMPLES } from './helpers/bundles.js';

describe('fuzzing the reader', () => {
  it('every damaged bundle, packed or not, ends in a report or a clear error: no stack trace, no hang, bounded memory', async () => {
    const lines: string[] = [];
    const result = await fuzz({ seed: 20261202, runs: 400, budgetMs: 50_000, samples: SAMPLES, caseTimeoutMs: 20_000, log: (l) => lines.push(l) });
    expect(lines).toEqual([]);
    expect(result.failures).toEqual([]);
    // It really ran, and reached both outcomes.
    expect(result.cases).toBeGreaterThan(40);
    expect(result.byExit['0']).toBeGreaterThan(10);
    expect(result.peakRss).toBeLessThan(2 * 1024 ** 3);
  }, 120_000);
});
