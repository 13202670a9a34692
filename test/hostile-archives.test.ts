// Archives built to hurt the reader: a decompression bomb and an entry past the per-entry limit.
// Each must end in a report of what could be read and a statement of what was cut, quickly.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { loadBundle } from '../src/analyze/load.js';
import { DEFAULT_LIMITS, openBundle } from '../src/bundle/source.js';
import { REPO, SAMPLES } from './helpers/bundles.js';
import { zip } from './helpers/zip.js';

const tmp = mkdtempSync(path.join(tmpdir(), 'cni-doctor-hostile-'));
const BIN = path.join(REPO, 'bin/cni-doctor.js');

/** A ustar header for a regular file of `size` bytes (size in the octal field, GNU base-256 past 8 GiB is not needed). */
function tarHeader(name: string, size: number): Buffer {
  const h = Buffer.alloc(512);
  h.write(name, 0, 100, 'utf8');
  h.write('0000644\0', 100);
  h.write('0000000\0', 108);
  h.write('0000000\0', 116);
  h.write(`${size.toString(8).padStart(11, '0')}\0`, 124);
  h.write('00000000000\0', 136);
  h.write('        ', 148);
  h.write('0', 156);
  h.write('ustar\0', 257);
  h.write('00', 263);
  let sum = 0;
  for (const b of h) sum += b;
  h.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148);
  return h;
}

function tarFile(name: string, content: Buffer): Buffer {
  const pad = (512 - (content.length % 512)) % 512;
  return Buffer.concat([tarHeader(name, content.length), content, Buffer.alloc(pad)]);
}

/**
 * The bomb of the issue, small on disk: the sample's nodes.json, then `cluster/pods.json` of
 * `gib` GiB of NUL bytes. The zeros are one compressed MiB repeated as gzip members (a gzip file
 * may hold many), so the archive is a few MB and takes milliseconds to build.
 */
function bomb(gib: number): Buffer {
  const nodes = readFileSync(path.join(SAMPLES, 'calico-missing-portmap/cluster/nodes.json'));
  const head = gzipSync(Buffer.concat([tarFile('b/cluster/nodes.json', nodes), tarHeader('b/cluster/pods.json', gib * 1024 ** 3)]), { level: 9 });
  const mib = gzipSync(Buffer.alloc(1024 * 1024), { level: 9 });
  return Buffer.concat([head, ...Array.from({ length: gib * 1024 }, () => mib)]);
}

describe('hostile archives', () => {
  it('a decompression bomb (4 GiB of NUL bytes in pods.json) gives a report of what was read and says the rest was cut, in bounded time', () => {
    const file = path.join(tmp, 'bomb.tar.gz');
    writeFileSync(file, bomb(4));
    const started = Date.now();
    const r = spawnSync(process.execPath, [BIN, 'analyze', file, '--format', 'json'], { encoding: 'utf8', cwd: tmp, maxBuffer: 64 * 1024 * 1024 });
    expect(r.status).toBe(0);
    // Bounded time: the ratio guard stops after ~512 MiB, long before 4 GiB (a generous bound).
    expect(Date.now() - started).toBeLessThan(60_000);
    const report = JSON.parse(r.stdout);
    // What could be read is there: the three nodes of nodes.json.
    expect(report.bundle.counts.nodes).toBe(3);
    expect(report.bundle.warnings.join(' ')).toMatch(/decompression bomb.*"b\/cluster\/pods\.json"/);
    expect(r.stderr).toMatch(/cni-doctor: warning: .*decompression bomb/);
    const gaps = report.findings.filter((f: { ruleId: string }) => f.ruleId === 'bundle-collection-gap').map((f: { summary: string }) => f.summary);
    expect(gaps.join('\n')).toMatch(/decompression bomb.*Findings cover only the entries read before that point/);
    expect(r.stderr).not.toMatch(/\n\s+at .+:\d+:\d+\)?\n/);
  });

  it('an entry past the per-entry limit is cut, said so, and the entries after it are still read', async () => {
    const big = Buffer.alloc(3 * 1024 * 1024, 0x20);
    const nodes = readFileSync(path.join(SAMPLES, 'calico-missing-portmap/cluster/nodes.json'));
    const file = path.join(tmp, 'big-entry.tar.gz');
    writeFileSync(file, gzipSync(Buffer.concat([tarFile('b/cluster/pods.json', big), tarFile('b/cluster/nodes.json', nodes), Buffer.alloc(1024)])));
    const data = await loadBundle(await openBundle(file, { ...DEFAULT_LIMITS, maxEntryBytes: 1024 * 1024 }));
    expect(data.problems.map((p) => `${p.file}: ${p.message}`).join('\n')).toMatch(/cluster\/pods\.json: .*inflates past the limit of 1048576 bytes/);
    expect(data.nodes).toHaveLength(3);
  });
});

describe('zip archives', () => {
  const nodes = readFileSync(path.join(SAMPLES, 'calico-missing-portmap/cluster/nodes.json'));
  const analyzeZip = (name: string, bytes: Buffer) => {
    const file = path.join(tmp, name);
    writeFileSync(file, bytes);
    return spawnSync(process.execPath, [BIN, 'analyze', file, '--format', 'json'], { encoding: 'utf8', cwd: tmp, maxBuffer: 64 * 1024 * 1024 });
  };

  it('a zipped bundle directory gives the report of the directory', () => {
    const dir = path.join(SAMPLES, 'calico-missing-portmap');
    const files = spawnSync('find', ['.', '-type', 'f'], { cwd: dir, encoding: 'utf8' }).stdout.trim().split('\n').map((f) => f.slice(2)).sort();
    const r = analyzeZip('bundle.zip', zip(files.map((f) => ({ name: `cni-doctor-x/${f}`, data: readFileSync(path.join(dir, f)) }))));
    expect(r.status).toBe(0);
    const fromZip = JSON.parse(r.stdout);
    const fromDir = JSON.parse(spawnSync(process.execPath, [BIN, 'analyze', dir, '--format', 'json'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }).stdout);
    expect(fromZip.bundle.packaging).toBe('zip');
    expect(fromZip.findings).toEqual(fromDir.findings);
    expect(fromZip.bundle.counts).toEqual(fromDir.bundle.counts);
  });

  it('rejects traversal, absolute names, links, devices, encrypted and unknown entries by name, and reads the rest', async () => {
    const bytes = zip([
      { name: 'b/cluster/nodes.json', data: nodes },
      { name: 'b/../../etc/cron.d/evil', data: 'x' },
      { name: '/etc/passwd', data: 'x' },
      { name: 'b/nodes/n1/etc-cni-net.d/99-evil.conflist', data: '/etc/shadow', mode: 0o120777, method: 0 },
      { name: 'b/nodes/n1/dev', data: '', mode: 0o020644, method: 0 },
      { name: 'b/logs/kube-system/p/c.log', data: 'secret', flags: 1 },
      { name: 'b/cluster/events.json', data: '{}', method: 12 },
    ]);
    const r = analyzeZip('hostile.zip', bytes);
    expect(r.status).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.bundle.counts.nodes).toBe(3);
    const unsafe = report.findings.find((f: { ruleId: string }) => f.ruleId === 'bundle-unsafe-entry');
    expect(unsafe.scope.names).toEqual(['/etc/passwd', 'b/../../etc/cron.d/evil', 'cluster/events.json', 'logs/kube-system/p/c.log', 'nodes/n1/dev', 'nodes/n1/etc-cni-net.d/99-evil.conflist']);
    const data = await loadBundle(await openBundle(path.join(tmp, 'hostile.zip')));
    expect(Object.fromEntries(data.rejected.map((x) => [x.path, x.reason]))).toEqual({
      '/etc/passwd': 'absolute path',
      'b/../../etc/cron.d/evil': 'path contains ".."',
      'cluster/events.json': 'compression method 12 is not supported (only stored and deflate)',
      'logs/kube-system/p/c.log': 'encrypted entry (a bundle is never encrypted entry by entry)',
      'nodes/n1/dev': 'character device',
      'nodes/n1/etc-cni-net.d/99-evil.conflist': 'symbolic link (links are never followed) to /etc/shadow',
    });
  });

  it('stops a bomb by what it declares, before inflating it, and an entry that inflates past its declared size', () => {
    // 3.75 GiB declared from a few bytes: rejected without reading.
    const bomb = analyzeZip('bomb.zip', zip([{ name: 'b/cluster/nodes.json', data: nodes }, { name: 'b/cluster/pods.json', data: Buffer.alloc(1024), declaredSize: 0xf0000000 }]));
    expect(bomb.status).toBe(0);
    const report = JSON.parse(bomb.stdout);
    expect(report.bundle.counts.nodes).toBe(3);
    expect(JSON.stringify(report.findings)).toMatch(/pods\.json.*mark of a decompression bomb/);
    // 1 MiB of zeros declared as 100 bytes: yauzl holds the entry to what it declared.
    const liar = analyzeZip('liar.zip', zip([{ name: 'b/cluster/nodes.json', data: nodes }, { name: 'b/cluster/pods.json', data: Buffer.alloc(1024 * 1024), declaredSize: 100 }]));
    expect(liar.status).toBe(0);
    const lr = JSON.parse(liar.stdout);
    expect(lr.bundle.counts.nodes).toBe(3);
    expect(JSON.stringify(lr.findings)).toMatch(/cluster\/pods\.json/);
    expect(liar.stderr).not.toMatch(/internal error|\n\s+at /);
  });

  it('says a truncated zip cannot be read (exit 3), with what to do', () => {
    const whole = zip([{ name: 'b/cluster/nodes.json', data: nodes }]);
    const r = analyzeZip('cut.zip', whole.subarray(0, Math.floor(whole.length / 2)));
    expect(r.status).toBe(3);
    expect(r.stderr).toMatch(/cannot read the bundle .*cut\.zip: .*zip archive could not be read: .*central directory/);
    expect(r.stderr).toMatch(/\nCheck that the file is a complete/);
  });
});
