// A bundle packed as .tar.xz (some users and tools recompress with xz): detected from its magic
// bytes, read with the same guarantees as a .tar.gz — the real troubleshoot baseline gives the same
// report either way; a truncated or corrupt xz stream yields what was read and says so; an xz bomb
// is stopped by the same inflation limits.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { loadBundle } from '../src/analyze/load.js';
import { openBundle } from '../src/bundle/source.js';
import { analyze, SHARED } from './helpers/bundles.js';

const tmp = mkdtempSync(path.join(tmpdir(), 'cni-doctor-xz-'));
const BASELINE = path.join(SHARED, 'foreign/troubleshoot/ci-k3s-2025-v0.123/baseline.tar.gz');

function xz(input: Buffer, level = '-6'): Buffer {
  const r = spawnSync('xz', [level, '-c'], { input, maxBuffer: 1024 ** 3 });
  if (r.status !== 0) throw new Error(`xz failed: ${r.stderr}`);
  return r.stdout;
}

describe('.tar.xz bundles', () => {
  const tarBytes = gunzipSync(readFileSync(BASELINE));
  const file = path.join(tmp, 'support-bundle.tar.xz');
  writeFileSync(file, xz(tarBytes));

  it('reads the real troubleshoot bundle recompressed with xz to the same report as its .tar.gz', async () => {
    const [gz, x] = await Promise.all([analyze(BASELINE), analyze(file)]);
    expect(x.report.bundle.origin.format).toBe('troubleshoot');
    expect(x.report.bundle.counts).toEqual(gz.report.bundle.counts);
    expect(x.report.findings).toEqual(gz.report.findings);
    expect(x.data.problems).toEqual([]);
  });

  it('says a truncated xz stream is truncated, after the entries it could read', async () => {
    const whole = readFileSync(file);
    const cut = path.join(tmp, 'cut.tar.xz');
    writeFileSync(cut, whole.subarray(0, Math.floor(whole.length * 0.6)));
    const data = await loadBundle(await openBundle(cut));
    expect(data.files.size).toBeGreaterThan(0);
    expect(data.problems.find((p) => p.archive)?.message).toMatch(/the archive is truncated after entry ".+": the xz stream ends early/);
  });

  it('says a corrupt xz stream is corrupt', async () => {
    const whole = Buffer.from(readFileSync(file));
    for (let i = 4096; i < 4196; i++) whole[i] = whole[i]! ^ 0x5a;
    const bad = path.join(tmp, 'bad.tar.xz');
    writeFileSync(bad, whole);
    const data = await loadBundle(await openBundle(bad));
    expect(data.problems.find((p) => p.archive)?.message).toMatch(/the archive is corrupt .*: the xz data is corrupt|the archive is truncated/);
  });

  it('stops an xz bomb at the inflation ratio', async () => {
    // 64 MiB of zeros in one tar entry: xz makes ~10 KiB of it.
    const header = Buffer.alloc(512);
    header.write('bundle/cluster/pods.json', 0);
    header.write('0000644\0', 100);
    header.write('0000000\0', 108);
    header.write('0000000\0', 116);
    header.write(`${(64 * 1024 ** 2).toString(8).padStart(11, '0')}\0`, 124);
    header.write('00000000000\0', 136);
    header.write('        ', 148);
    header.write('0', 156);
    header.write('ustar\0' + '00', 257);
    let sum = 0;
    for (const b of header) sum += b;
    header.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148);
    const bomb = path.join(tmp, 'bomb.tar.xz');
    writeFileSync(bomb, xz(Buffer.concat([header, Buffer.alloc(64 * 1024 ** 2), Buffer.alloc(1024)]), '-9'));
    const limits = { maxEntryBytes: 1024 ** 3, maxTotalBytes: 1024 ** 3, maxEntries: 10, maxRatio: 200, ratioCheckAfterBytes: 1024 ** 2 };
    const data = await loadBundle(await openBundle(bomb, limits));
    expect(data.problems.find((p) => p.archive)?.message).toMatch(/mark of a decompression bomb/);
  });
});
