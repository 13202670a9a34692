// A tiny-scale run of the benchmark, so `npm run bench` keeps working. No timing is asserted: figures
// depend on the machine. What is asserted is that every command ran and was measured.
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatTable, runBench } from '../scripts/bench.js';
import { GENERATOR_VERSION } from '../scripts/gen-bundle.js';

describe('npm run bench (tiny size)', () => {
  it('generates and caches the bundle, measures gzip, analyze json and analyze html, and tabulates them', async () => {
    const cache = mkdtempSync(path.join(tmpdir(), 'cni-doctor-bench-'));
    const result = await runBench({ sizes: ['tiny'], runs: 1, cacheDir: cache });
    expect(readdirSync(cache)).toEqual([`bench-${GENERATOR_VERSION}-6n-60p-40e.tar.gz`]);
    const [size] = result.sizes;
    expect(size?.measurements.map((m) => m.command)).toEqual(['gzip -dc', 'analyze json', 'analyze html']);
    for (const m of size!.measurements) {
      expect(m.wallSeconds).toHaveLength(1);
      expect(m.peakRssMB).toBeGreaterThan(0);
    }
    // A Node process analysing a bundle is never smaller than gzip: a sanity check that %M was read per command.
    expect(size!.measurements[1]!.peakRssMB).toBeGreaterThan(size!.measurements[0]!.peakRssMB);
    const table = formatTable(result);
    expect(table.split('\n')).toHaveLength(5);
    expect(table).toMatch(/^\| tiny \| 6 +\| 60 +\| 40 +\|.*analyze html/m);
    // A second run takes the bundle from the cache.
    await runBench({ sizes: ['tiny'], runs: 1, cacheDir: cache });
    expect(existsSync(path.join(cache, `bench-${GENERATOR_VERSION}-6n-60p-40e.tar.gz`))).toBe(true);
  }, 60_000);
});
