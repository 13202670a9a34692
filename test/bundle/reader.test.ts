// Bundles from strangers: no traversal, no links followed, bounded inflation, truncated archives
// reported, and what could be read is still analyzed.
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createWriteStream } from 'node:fs';
import { createGzip, gzipSync } from 'node:zlib';
import tar from 'tar-stream';
import { describe, expect, it } from 'vitest';
import { loadBundle } from '../../src/analyze/load.js';
import { BundleOpenError, checkEntryPath, openBundle, DEFAULT_LIMITS } from '../../src/bundle/source.js';
import { WHOLE_ENTRY_BYTES, WholeEntry } from '../../src/bundle/entries.js';
import { analyze, packBundle, SAMPLES } from '../helpers/bundles.js';
import { zip } from '../helpers/zip.js';

const tmp = mkdtempSync(path.join(tmpdir(), 'cni-doctor-reader-'));

async function makeTar(file: string, entries: { name: string; type?: 'file' | 'symlink' | 'link' | 'character-device' | 'directory'; content?: string; linkname?: string }[]) {
  const pack = tar.pack();
  const done = pipeline(pack, createGzip(), createWriteStream(file));
  for (const e of entries) {
    if (e.type && e.type !== 'file') pack.entry({ name: e.name, type: e.type, linkname: e.linkname, devmajor: 1, devminor: 3 });
    else pack.entry({ name: e.name }, e.content ?? '');
  }
  pack.finalize();
  await done;
}

describe('entry paths', () => {
  it.each([
    ['/etc/passwd', 'absolute path'],
    ['C:\\Windows\\x', 'absolute path'],
    ['bundle/../../etc/cron.d/x', 'path contains ".."'],
    ['bundle\\..\\..\\x', 'path contains ".."'],
  ])('rejects %s', (name, reason) => {
    expect(checkEntryPath(name)).toEqual({ ok: false, reason });
  });
  it('normalises harmless ./ and double slashes', () => {
    expect(checkEntryPath('./b//cluster/./nodes.json')).toEqual({ ok: true, path: 'b/cluster/nodes.json' });
  });
});

describe('tar.gz bundles', () => {
  it('reports absolute, "..", link and device entries as bundle-unsafe-entry and reads the rest', async () => {
    const file = path.join(tmp, 'hostile.tar.gz');
    await makeTar(file, [
      { name: 'b/', type: 'directory' },
      { name: 'b/cluster/nodes.json', content: JSON.stringify({ items: [{ metadata: { name: 'n1' }, status: { conditions: [{ type: 'Ready', status: 'True' }] } }] }) },
      { name: '/etc/evil', content: 'x' },
      { name: 'b/../../escape.txt', content: 'x' },
      { name: 'b/nodes/n1/etc-cni-net.d/10-x.conflist', type: 'symlink', linkname: '/etc/shadow' },
      { name: 'b/nodes/n1/ls-opt-cni-bin.txt', type: 'link', linkname: 'b/cluster/nodes.json' },
      { name: 'b/dev-null', type: 'character-device' },
    ]);
    const { report, data } = await analyze(file);
    expect(data.nodes.map((n) => n.name)).toEqual(['n1']);
    const unsafe = report.findings.find((f) => f.ruleId === 'bundle-unsafe-entry');
    expect(unsafe?.evidence.map((e) => [e.file, e.note])).toEqual([
      ['/etc/evil', 'rejected: absolute path'],
      ['b/../../escape.txt', 'rejected: path contains ".."'],
      ['dev-null', 'rejected: character device'],
      ['nodes/n1/etc-cni-net.d/10-x.conflist', 'rejected: symbolic link (links are never followed) to /etc/shadow'],
      ['nodes/n1/ls-opt-cni-bin.txt', 'rejected: hard link (links are never followed) to b/cluster/nodes.json'],
    ]);
    // Nothing was written anywhere: the tool never extracts.
    expect(() => readFileSync(path.join(tmp, '..', 'escape.txt'))).toThrow();
  });

  it('reports a truncated archive and still analyzes the entries before the cut', async () => {
    const full = path.join(tmp, 'full.tar.gz');
    await packBundle(path.join(SAMPLES, 'calico-missing-portmap'), full);
    const bytes = readFileSync(full);
    const cut = path.join(tmp, 'truncated.tar.gz');
    writeFileSync(cut, bytes.subarray(0, Math.floor(bytes.length * 0.6)));
    const { report } = await analyze(cut);
    expect(report.bundle.warnings.join(' ')).toMatch(/archive could not be read completely: the archive is truncated after entry/);
    const gap = report.findings.find((f) => f.id === 'bundle-collection-gap:archive' || (f.ruleId === 'bundle-collection-gap' && /truncated/.test(f.summary)));
    expect(gap?.summary).toMatch(/Findings cover only the entries read before that point/);
    expect(report.bundle.counts.files).toBeGreaterThan(5);
  });

  it('hands small entries on whole (WholeEntry) and big ones as streams, the same bytes either way', async () => {
    const file = path.join(tmp, 'whole.tar.gz');
    const small = 'default via 10.0.0.1 dev eth0\n'.repeat(40);
    const big = 'x'.repeat(WHOLE_ENTRY_BYTES) + '\n';
    await makeTar(file, [
      { name: 'b/nodes/n1/ip-route.txt', content: small },
      { name: 'b/nodes/n1/empty.txt', content: '' },
      { name: 'b/nodes/n1/big.txt', content: big },
    ]);
    const seen: { path: string; whole: boolean; bytes?: string; streamed: string }[] = [];
    for await (const ev of (await openBundle(file)).events()) {
      if (ev.type !== 'file') continue;
      const whole = ev.stream instanceof WholeEntry;
      const bytes = ev.stream instanceof WholeEntry ? ev.stream.bytes.toString() : undefined;
      const chunks: Buffer[] = [];
      for await (const c of ev.stream) chunks.push(c as Buffer);
      seen.push({ path: ev.path, whole, ...(bytes !== undefined ? { bytes } : {}), streamed: Buffer.concat(chunks).toString() });
    }
    expect(seen).toEqual([
      { path: 'nodes/n1/ip-route.txt', whole: true, bytes: small, streamed: small },
      { path: 'nodes/n1/empty.txt', whole: true, bytes: '', streamed: '' },
      { path: 'nodes/n1/big.txt', whole: false, streamed: big },
    ]);
  });

  it('in a zip too: small entries whole, big ones streamed, the same bytes; a small entry that lies about its size errors when read', async () => {
    const file = path.join(tmp, 'whole.zip');
    const small = 'default via 10.0.0.1 dev eth0\n'.repeat(40);
    const big = 'y'.repeat(WHOLE_ENTRY_BYTES) + '\n';
    writeFileSync(file, zip([
      { name: 'b/nodes/n1/ip-route.txt', data: small },
      { name: 'b/nodes/n1/empty.txt', data: '', method: 0 },
      { name: 'b/nodes/n1/big.txt', data: big },
      { name: 'b/nodes/n1/lies.txt', data: 'z'.repeat(100), declaredSize: 10 },
    ]));
    const seen: string[] = [];
    for await (const ev of (await openBundle(file)).events()) {
      if (ev.type !== 'file') continue;
      const chunks: Buffer[] = [];
      try {
        for await (const c of ev.stream) chunks.push(c as Buffer);
        const text = Buffer.concat(chunks).toString();
        const same = ev.stream instanceof WholeEntry ? ev.stream.bytes.toString() === text : 'streamed';
        seen.push(`${ev.path} ${text.length} ${same}`);
      } catch (err) {
        seen.push(`${ev.path} error ${(err as Error).message}`);
      }
    }
    expect(seen).toEqual([
      `nodes/n1/ip-route.txt ${small.length} true`,
      'nodes/n1/empty.txt 0 true',
      `nodes/n1/big.txt ${big.length} streamed`,
      expect.stringMatching(/^nodes\/n1\/lies.txt error too many bytes in the stream/),
    ]);
  });

  it('a cut inside a small entry: its stream gives what was read, then the error, and the archive says it is truncated', async () => {
    const file = path.join(tmp, 'cut-small.tar.gz');
    // Incompressible text, so that half of the gzip stream ends inside this entry.
    const text = randomBytes(120 * 1024).toString('base64');
    await makeTar(file, [
      { name: 'b/nodes/n1/ip-route.txt', content: 'default via 10.0.0.1 dev eth0\n' },
      { name: 'b/nodes/n1/proc-mounts.txt', content: text },
    ]);
    const bytes = readFileSync(file);
    const cut = path.join(tmp, 'cut-small-cut.tar.gz');
    writeFileSync(cut, bytes.subarray(0, Math.floor(bytes.length / 2)));
    const events: string[] = [];
    for await (const ev of (await openBundle(cut)).events()) {
      if (ev.type === 'problem') events.push(`problem: ${ev.message}`);
      if (ev.type !== 'file') continue;
      const chunks: Buffer[] = [];
      try {
        for await (const c of ev.stream) chunks.push(c as Buffer);
        events.push(`${ev.path}: ${Buffer.concat(chunks).length} bytes`);
      } catch (err) {
        const got = Buffer.concat(chunks).toString();
        expect(text.startsWith(got)).toBe(true);
        events.push(`${ev.path}: error ${(err as Error).message}`);
      }
    }
    expect(events).toEqual([
      'nodes/n1/ip-route.txt: 30 bytes',
      'nodes/n1/proc-mounts.txt: error Unexpected end of data',
      expect.stringMatching(/^problem: the archive is truncated after entry "b\/nodes\/n1\/proc-mounts.txt": the gzip stream ends early/),
    ]);
    // Through the loader (as before small entries were read whole): the truncation, the cut file's
    // read error, what its partial text gave; the file before the cut is read.
    const data = await loadBundle(await openBundle(cut));
    expect(data.problems.map((p) => `${p.file}: ${p.message}`)).toEqual([
      expect.stringMatching(/^b\/nodes\/n1\/proc-mounts.txt: the archive is truncated after entry/),
      'nodes/n1/proc-mounts.txt: Unexpected end of data',
      expect.stringMatching(/^nodes\/n1\/proc-mounts.txt: unrecognised format/),
    ]);
    expect(data.nodeData.get('n1')?.ipRoute).toBeDefined();
  });

  it('refuses a file that is neither gzip nor zip with a clear error', async () => {
    const file = path.join(tmp, 'not-a-bundle.tar.gz');
    writeFileSync(file, '{"this": "is JSON"}');
    await expect(openBundle(file)).rejects.toThrow(BundleOpenError);
    await expect(openBundle(file)).rejects.toThrow(/neither a gzip, xz nor zip file/);
    await expect(openBundle(path.join(tmp, 'missing.tgz'))).rejects.toThrow(/no such file or directory/);
  });

  it('stops inflating an entry at the cap (gzip bomb) and says so', async () => {
    const file = path.join(tmp, 'bomb.tar.gz');
    const pack = tar.pack();
    pack.entry({ name: 'b/logs/kube-system/calico-node-x/calico-node.log' }, Buffer.alloc(4 * 1024 * 1024, 'A'));
    pack.entry({ name: 'b/cluster/nodes.json' }, '{"items":[{"metadata":{"name":"n1"}}]}');
    pack.finalize();
    const chunks: Buffer[] = [];
    for await (const c of pack) chunks.push(c as Buffer);
    writeFileSync(file, gzipSync(Buffer.concat(chunks)));
    expect(readFileSync(file).length).toBeLessThan(64 * 1024);
    const data = await loadBundle(await openBundle(file, { ...DEFAULT_LIMITS, maxEntryBytes: 1024 * 1024 }));
    expect(data.problems.map((p) => p.message).join('\n')).toMatch(/inflates past the limit of 1048576 bytes/);
    expect(data.nodes.map((n) => n.name)).toEqual(['n1']);
  });
});

describe('directory bundles', () => {
  it('does not follow symbolic links, and reports them', async () => {
    const dir = path.join(tmp, 'dir-bundle');
    mkdirSync(path.join(dir, 'nodes/n1/etc-cni-net.d'), { recursive: true });
    symlinkSync('/etc/passwd', path.join(dir, 'nodes/n1/etc-cni-net.d/10-evil.conflist'));
    symlinkSync('/', path.join(dir, 'nodes/n1/rootfs'));
    const { report, data } = await analyze(dir);
    expect(data.files.size).toBe(0);
    expect(report.findings.find((f) => f.ruleId === 'bundle-unsafe-entry')?.scope.names).toEqual(['nodes/n1/etc-cni-net.d/10-evil.conflist', 'nodes/n1/rootfs']);
  });

  it('analyzes an empty directory and a bundle with only manifest.json, saying what is missing', async () => {
    const empty = path.join(tmp, 'empty');
    mkdirSync(empty);
    const e = await analyze(empty);
    expect(e.report.bundle.warnings).toContain('The bundle contains no files.');
    expect(e.report.triage.podNetwork.verdict).toBe('unknown');
    const only = path.join(tmp, 'only-manifest');
    mkdirSync(only);
    writeFileSync(path.join(only, 'manifest.json'), readFileSync(path.join(SAMPLES, 'healthy-calico', 'manifest.json')));
    const m = await analyze(only);
    expect(m.report.bundle.context).toBe('prod-eu1');
    const lost = m.report.findings.find((f) => f.id.endsWith('lost-files'));
    expect(lost?.summary).toMatch(/50 file\(s\) the manifest records as collected are not in the bundle: cluster\/version.json/);
    expect(m.report.ruleRuns.filter((r) => r.status === 'skipped').length).toBeGreaterThan(30);
  });

  it('reads a manifest that is invalid JSON or from a newer format, and says so', async () => {
    const bad = path.join(tmp, 'bad-manifest');
    mkdirSync(bad);
    writeFileSync(path.join(bad, 'manifest.json'), '{\n  "format": "cni-doctor-bundle",\n  "formatVersion": 1,\n}\n');
    const b = await analyze(bad);
    expect(b.data.problems[0]).toMatchObject({ file: 'manifest.json', line: 4, column: 1 });
    const newer = path.join(tmp, 'newer');
    mkdirSync(newer);
    writeFileSync(path.join(newer, 'manifest.json'), JSON.stringify({ format: 'cni-doctor-bundle', formatVersion: 7, createdAt: 'x', collector: { name: 'c', version: '9' }, cluster: { context: 'k', serverVersion: null }, options: {}, redaction: { applied: true, replacements: 0 }, commands: [], shinyNewField: true }));
    const n = await analyze(newer);
    expect(n.report.bundle.warnings.join(' ')).toMatch(/format version 7, newer than this analyzer knows \(1\)/);
  });
});
