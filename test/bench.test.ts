// A tiny-scale run of the benchmark, so `npm run bench` keeps working. No timing is asserted: figures
// depend on the machine. What is asserted is that every command ran and was measured.
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkTargets, formatTable, formatTargets, runBench, type BenchResult } from '../scripts/bench.js';
import { GENERATOR_VERSION } from '../scripts/gen-bundle.js';

describe('npm run bench (tiny size)', () => {
  it('generates and caches the bundle, measures gzip, analyze json and analyze html, and tabulates them', async () => {
    const cache = mkdtempSync(path.join(tmpdir(), 'cni-doctor-bench-'));
    const result = await runBench({ sizes: ['tiny'], runs: 1, cacheDir: cache, serve: true });
    expect(readdirSync(cache)).toEqual([`bench-${GENERATOR_VERSION}-6n-60p-40e.tar.gz`]);
    const [size] = result.sizes;
    expect(size?.measurements.map((m) => m.command)).toEqual(['gzip -dc', 'analyze json', 'analyze html', 'serve: kubectl get pods -A', 'collect --max-nodes 20']);
    for (const m of size!.measurements) {
      expect(m.wallSeconds).toHaveLength(1);
      expect(m.peakRssMB).toBeGreaterThan(0);
    }
    // A Node process analysing a bundle is never smaller than gzip: a sanity check that %M was read per command.
    expect(size!.measurements[1]!.peakRssMB).toBeGreaterThan(size!.measurements[0]!.peakRssMB);
    const table = formatTable(result);
    expect(table.split('\n')).toHaveLength(7);
    expect(table).toMatch(/^\| cni-doctor \| varied \| tiny .*\| collect --max-nodes 20 +\| [\d.]+ +\| — +\| \d+ +\|$/m);
    expect(table).toMatch(/^\| cni-doctor \| varied \| tiny \| 6 +\| 60 +\| 40 +\|.*analyze html/m);
    // A second run takes the bundle from the cache.
    await runBench({ sizes: ['tiny'], runs: 1, cacheDir: cache, serve: false });
    expect(existsSync(path.join(cache, `bench-${GENERATOR_VERSION}-6n-60p-40e.tar.gz`))).toBe(true);
  }, 120_000);

  it('measures the second generator shape (--shapes), cached under its own name, and the shape packs smaller', async () => {
    const cache = mkdtempSync(path.join(tmpdir(), 'cni-doctor-bench-'));
    const result = await runBench({ sizes: ['small'], runs: 1, shapes: ['varied', 'repetitive'], cacheDir: cache, serve: false });
    expect(readdirSync(cache).sort()).toEqual([`bench-${GENERATOR_VERSION}-50n-1500p-2000e.tar.gz`, `bench-${GENERATOR_VERSION}-repetitive-50n-1500p-2000e.tar.gz`]);
    expect(result.sizes.map((x) => [x.shape, x.pods])).toEqual([['varied', 1500], ['repetitive', 1500]]);
    expect(result.sizes[1]!.bundleBytes).toBeLessThan(result.sizes[0]!.bundleBytes);
    expect(formatTable(result)).toMatch(/^\| cni-doctor \| repetitive \| small /m);
  }, 120_000);

  it('measures the cluster of another CNI (--cni), cached under its own name', async () => {
    const cache = mkdtempSync(path.join(tmpdir(), 'cni-doctor-bench-'));
    const result = await runBench({ sizes: ['tiny'], runs: 1, cni: 'weave', cacheDir: cache, serve: false });
    expect(readdirSync(cache)).toEqual([`bench-${GENERATOR_VERSION}-weave-6n-60p-40e.tar.gz`]);
    expect(result.sizes[0]!.measurements.map((m) => m.command)).toEqual(['gzip -dc', 'analyze json', 'analyze html']);
    for (const m of result.sizes[0]!.measurements) expect(m.peakRssMB).toBeGreaterThan(0);
  }, 120_000);

  it('measures a troubleshoot bundle and a cilium sysdump zip against their own floors, without serve', async () => {
    const cache = mkdtempSync(path.join(tmpdir(), 'cni-doctor-bench-'));
    const result = await runBench({ sizes: ['tiny'], formats: ['troubleshoot', 'cilium-sysdump'], runs: 1, cacheDir: cache, serve: true });
    expect(readdirSync(cache).sort()).toEqual([`cilium-sysdump-bench-${GENERATOR_VERSION}-6n-60p-40e.zip`, `support-bundle-bench-${GENERATOR_VERSION}-6n-60p-40e.tar.gz`]);
    expect(result.sizes.map((s) => [s.format, s.measurements.map((m) => m.command)])).toEqual([
      ['troubleshoot', ['gzip -dc', 'analyze json', 'analyze html']],
      ['cilium-sysdump', ['unzip -p', 'analyze json', 'analyze html']],
    ]);
    for (const s of result.sizes) for (const m of s.measurements) expect(m.peakRssMB).toBeGreaterThan(0);
    const table = formatTable(result);
    expect(table).toMatch(/^\| cilium-sysdump \| varied \| tiny \| 6 +\| 60 +\| 40 +\| [\d.]+ MB \| unzip -p/m);
    expect(table).toMatch(/^\| troubleshoot +\| varied \| tiny .*\| analyze json/m);
  }, 120_000);

  it('checks a foreign format\'s large size against the 400 MB stream target only', () => {
    const machine = { cpus: 2, cpuModel: 'x', node: 'v20', totalMemoryMB: 1 };
    const large = (rss: number) => ({
      size: 'large' as const, format: 'cilium-sysdump' as const, shape: 'varied' as const, nodes: 1, pods: 1, events: 1, bundleBytes: 1,
      measurements: [
        { command: 'unzip -p' as const, wallSeconds: [1], medianSeconds: 1, peakRssMB: 2, ratioToFloor: 1 },
        { command: 'analyze json' as const, wallSeconds: [40], medianSeconds: 40, peakRssMB: rss, ratioToFloor: 40 },
        { command: 'analyze html' as const, wallSeconds: [40], medianSeconds: 40, peakRssMB: 390, ratioToFloor: 40 },
      ],
    });
    expect(formatTargets(checkTargets({ machine, runs: 1, sizes: [large(410)] })).split('\n')).toEqual([
      'NOT MET  cilium-sysdump large: analyze json peak RSS ≤ 400 MB: 410 MB',
      'met      cilium-sysdump large: analyze html peak RSS ≤ 400 MB: 390 MB',
    ]);
  });

  it('checks the targets on the large size of each shape against its tenth, and says which are not met', () => {
    const size = (name: 'tenth' | 'large', json: [number, number], html: [number, number], shape: 'varied' | 'repetitive' = 'varied') => ({
      size: name, format: 'cni-doctor' as const, shape, nodes: 1, pods: 1, events: 1, bundleBytes: 1,
      measurements: [
        { command: 'gzip -dc' as const, wallSeconds: [1], medianSeconds: 1, peakRssMB: 2, ratioToFloor: 1 },
        { command: 'analyze json' as const, wallSeconds: [json[0]], medianSeconds: json[0], peakRssMB: json[1], ratioToFloor: json[0] },
        { command: 'analyze html' as const, wallSeconds: [html[0]], medianSeconds: html[0], peakRssMB: html[1], ratioToFloor: html[0] },
      ],
    });
    const machine = { cpus: 2, cpuModel: 'x', node: 'v20', totalMemoryMB: 1 };
    const good: BenchResult = { machine, runs: 1, sizes: [size('tenth', [5, 230], [5, 230]), size('large', [1.9, 290], [2.0, 295])] };
    expect(checkTargets(good).map((c) => c.met)).toEqual([true, true, true, true, true, true]);
    const bad: BenchResult = { machine, runs: 1, sizes: [size('tenth', [5, 200], [5, 210]), size('large', [2.1, 280], [1.9, 310]), size('tenth', [5, 200], [5, 200], 'repetitive'), size('large', [3.6, 410], [3.5, 290], 'repetitive')] };
    const text = formatTargets(checkTargets(bad));
    expect(text).toContain('NOT MET  large: analyze json ≤ 2.0× gzip -dc: 2.1×');
    expect(text).toContain('met      large: analyze html ≤ 2.0× gzip -dc: 1.9×');
    expect(text).toContain("NOT MET  large: analyze html peak RSS ≤ 1.3× the tenth's: 1.48×");
    expect(text).toContain('NOT MET  large: analyze html peak RSS ≤ 300 MB: 310 MB');
    // The second shape is checked on its own, against its own tenth.
    expect(text).toContain('NOT MET  large repetitive: analyze json ≤ 2.0× gzip -dc: 3.6×');
    expect(text).toContain("NOT MET  large repetitive: analyze json peak RSS ≤ 1.3× the tenth's: 2.05×");
    expect(text).toContain('met      large repetitive: analyze html peak RSS ≤ 300 MB: 290 MB');
    expect(checkTargets(bad)).toHaveLength(12);
    expect(formatTargets(checkTargets({ machine, runs: 1, sizes: [size('tenth', [1, 1], [1, 1])] }))).toMatch(/not checked/);
  });
});

