// About a minute of seeded mutational fuzzing over the sample bundles (scripts/fuzz/fuzz.ts says what
// is mutated and what each case must end in). `npm run fuzz -- --runs N` runs it as long as asked.
import { mkdirSync, mkdtempSync, readFileSync, lstatSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { bigList, fuzz, prng } from '../scripts/fuzz/fuzz.js';
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

describe('the fuzzer itself', () => {
  // It runs as root in CI: a List that an earlier mutation turned into a link to /etc/passwd was once
  // written through (34 MB of JSON over the machine's passwd), and a link to /dev/zero read forever.
  it('replaces a List that is a link instead of reading or writing through it', () => {
    const root = mkdtempSync(path.join(tmpdir(), 'fuzz-link-'));
    try {
      const outside = path.join(root, 'outside.txt');
      writeFileSync(outside, 'precious\n');
      const bundle = path.join(root, 'bundle');
      mkdirSync(path.join(bundle, 'cluster'), { recursive: true });
      symlinkSync(outside, path.join(bundle, 'cluster/pods.json'));
      symlinkSync(outside, path.join(bundle, 'cluster/events.json'));
      const what = bigList(prng(7), bundle);
      expect(readFileSync(outside, 'utf8')).toBe('precious\n');
      const written = what.split(' ')[0]!;
      expect(lstatSync(path.join(bundle, written)).isFile()).toBe(true);
      expect(lstatSync(path.join(bundle, written)).size).toBeGreaterThan(32 * 1024 * 1024);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
