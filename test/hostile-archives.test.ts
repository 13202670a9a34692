// Archives built to hurt the reader: a decompression bomb and an entry past the per-entry limit.
// Each must end in a report of what could be read and a statement of what was cut, quickly.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { loadBundle } from '../src/analyze/load.js';
import { DEFAULT_LIMITS, MemorySource, openBundle } from '../src/bundle/source.js';
import { TextMap, TextSet, V8_CONTENT_HASHED } from '../src/analyze/text-map.js';
import { REPO, SAMPLES, scenarioFiles } from './helpers/bundles.js';
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

describe('budgets a hostile bundle cannot spend', () => {
  // 20 KB texts of one length that differ only near their end: V8 hashes a string that long by its
  // length, so in a plain Map each insert compared the text with every earlier one (42 s for 5,000).
  const longTexts = (n: number) => {
    const base = 'default via 10.0.0.1 dev eth0\n'.repeat(700);
    return Array.from({ length: n }, (_, i) => `${base}10.0.0.0/24 dev cali${String(i).padStart(6, '0')}\n`);
  };

  it('TextMap keys long texts by content, not length: distinct texts stay distinct, equal ones meet, a digest is not a short key', { timeout: 30_000 }, () => {
    const texts = longTexts(5000);
    expect(new Set(texts.map((t) => t.length)).size).toBe(1);
    expect(texts[0]!.length).toBeGreaterThan(V8_CONTENT_HASHED);
    const map = new TextMap<number>();
    texts.forEach((t, i) => map.set(t, i));
    expect(map.size).toBe(5000);
    expect(texts.every((t, i) => map.get(`${t}`) === i)).toBe(true);
    // The same content in a new string finds the entry.
    expect(map.get(texts[4321]!.slice(0, 10) + texts[4321]!.slice(10))).toBe(4321);
    expect(map.has(`${texts[0]!}x`)).toBe(false);
    // A short text spelled like a long one's digest is its own key.
    const digest = createHash('sha256').update(texts[7]!).digest('base64');
    expect(map.get(digest)).toBeUndefined();
    map.set(digest, -1);
    expect(map.get(texts[7]!)).toBe(7);
    expect(map.get(digest)).toBe(-1);
    const set = new TextSet();
    for (const t of [...texts.slice(0, 10), ...texts.slice(0, 10), 'a', 'a']) set.add(t);
    expect(set.size).toBe(11);
  });

  it('an entry name longer than any path is rejected by name, and the rest is read', async () => {
    const files = scenarioFiles('calico-missing-portmap', { [`nodes/${'n'.repeat(5000)}/ip-route.txt`]: 'default via 10.0.0.1 dev eth0\n' });
    const data = await loadBundle(new MemorySource(files));
    expect(data.rejected.map((r) => [r.path.length, r.reason])).toEqual([[5000 + 'nodes//ip-route.txt'.length, 'name longer than 4096 characters']]);
    expect(data.nodes.length).toBeGreaterThan(0);
    expect([...data.nodeData.keys()].sort()).toEqual(['cp-1', 'worker-1', 'worker-2']);
  });

  it('stops holding the text of small files at the budget: later files are not read, one problem says which, duplicates are still read, the reference path agrees', async () => {
    const texts = longTexts(40);
    const extra: Record<string, string> = {};
    texts.forEach((t, i) => (extra[`nodes/zz-${String(i).padStart(4, '0')}/ip-route.txt`] = t));
    // After the budget is spent: the same text as the first extra node's, so free to hold.
    extra['nodes/zzz-same/ip-route.txt'] = texts[0]!;
    const files = scenarioFiles('calico-missing-portmap', extra);
    const budget = 200 * 1024;
    const shared = await loadBundle(new MemorySource(files), { smallTextBudget: budget });
    const reference = await loadBundle(new MemorySource(files), { smallTextBudget: budget, reference: true });
    const problems = shared.problems.filter((p) => /budget/.test(p.message));
    expect(problems).toHaveLength(1);
    expect(reference.problems).toEqual(shared.problems);
    const first = problems[0]!;
    const read = texts.map((_, i) => shared.nodeData.get(`zz-${String(i).padStart(4, '0')}`)?.ipRoute !== undefined);
    const firstUnread = read.indexOf(false);
    // About 200 KB of 21 KB texts: some read (the scenario's own small files came first), the rest not.
    expect(firstUnread).toBeGreaterThan(3);
    expect(read.slice(firstUnread).every((r) => !r)).toBe(true);
    expect(first.file).toBe(`nodes/zz-${String(firstUnread).padStart(4, '0')}/ip-route.txt`);
    // Everything after it in the bundle is unread too: the rest of the extra nodes and the plugins' outputs.
    const later = Object.keys(files).filter((f) => f > first.file! && f !== 'nodes/zzz-same/ip-route.txt').length;
    expect(first.message).toBe(
      `not read: the budget for the text of small files across the bundle (204800 bytes) was spent here, and ${later} later file(s) were not read either (${Object.keys(files).filter((f) => f > first.file! && f !== 'nodes/zzz-same/ip-route.txt').sort().slice(0, 3).join(', ')}, …). A real bundle holds far less (about 30 MB at 5,000 nodes); if this one is real, analyze its nodes in parts`,
    );
    expect(shared.nodeData.get('zzz-same')?.ipRoute).toBeDefined();
    expect(shared.files.get(first.file!)?.text).toBeUndefined();
  });

  it('a bundle of 300 distinct 1 MiB files (a few KB packed) is read up to the 256 MiB budget and the report says what was not', { timeout: 120_000 }, () => {
    const dir = path.join(SAMPLES, 'calico-missing-portmap');
    const names = spawnSync('find', ['.', '-type', 'f', '!', '-name', 'expected.yaml'], { cwd: dir, encoding: 'utf8' }).stdout.trim().split('\n').map((f) => f.slice(2)).sort();
    const sample = gzipSync(Buffer.concat(names.map((f) => tarFile(`b/${f}`, readFileSync(path.join(dir, f))))));
    // Each file: a unique first line, then the same MiB less that line (compressed once, reused).
    const size = 1024 * 1024;
    const head = (i: number) => `file ${String(i).padStart(10, '0')}\n`;
    const body = gzipSync(Buffer.alloc(size - head(0).length, 'x'), { level: 9 });
    const members = [sample];
    for (let i = 0; i < 300; i++) members.push(gzipSync(Buffer.concat([tarHeader(`b/zz/f-${String(i).padStart(4, '0')}.txt`, size), Buffer.from(head(i))])), body);
    members.push(gzipSync(Buffer.alloc(1024)));
    const file = path.join(tmp, 'many-small.tar.gz');
    writeFileSync(file, Buffer.concat(members));
    expect(Buffer.concat(members).length).toBeLessThan(2 * 1024 * 1024);
    const r = spawnSync(process.execPath, [BIN, 'analyze', file, '--format', 'json'], { encoding: 'utf8', cwd: tmp, maxBuffer: 64 * 1024 * 1024 });
    expect(r.status).toBe(0);
    const report = JSON.parse(r.stdout);
    // The sample's diagnosis is intact: its files came first.
    expect(report.findings.map((f: { ruleId: string }) => f.ruleId)).toContain('cni-binary-missing');
    const gap = report.findings.find((f: { ruleId: string; summary: string }) => f.ruleId === 'bundle-collection-gap' && /could not be read/.test(f.summary));
    expect(gap.summary).toMatch(/zz\/f-02\d\d\.txt \(not read: the budget for the text of small files across the bundle \(256 MiB\) was spent here, and \d+ later file/);
    const unreadLater = Number(/and (\d+) later file/.exec(gap.summary)![1]);
    const firstUnread = Number(/zz\/f-(\d+)\.txt \(not read/.exec(gap.summary)![1]);
    expect(firstUnread + 1 + unreadLater).toBe(300);
  });
});

describe('what a big log keeps', () => {
  it('keeps a matched line, not the 512 KB chunk it was decoded in: 200 matches in 10 logs of 20 MiB hold a few MB', () => {
    // 10 calico-node logs, each 20 times: 1 MiB of ordinary lines, then one a signature matches.
    const filler = '2024-03-01 10:00:00.000 [INFO][90] felix/int_dataplane.go 1234: Finished applying updates to dataplane.\n';
    const mib = Buffer.from(filler.repeat(Math.floor((1024 * 1024) / filler.length)));
    const error = Buffer.from('2024-03-01 10:00:01.000 [ERROR][90] felix/health.go 1: plugin type="calico" failed (add): error getting ClusterInformation: connection is unauthorized: Unauthorized\n');
    const dir = path.join(SAMPLES, 'calico-missing-portmap');
    const names = spawnSync('find', ['.', '-type', 'f', '!', '-name', 'expected.yaml'], { cwd: dir, encoding: 'utf8' }).stdout.trim().split('\n').map((f) => f.slice(2)).sort();
    const members = [gzipSync(Buffer.concat(names.map((f) => tarFile(`b/${f}`, readFileSync(path.join(dir, f))))))];
    const mibPacked = gzipSync(mib, { level: 9 });
    const errorPacked = gzipSync(error);
    const size = 20 * (mib.length + error.length);
    for (let i = 0; i < 10; i++) {
      members.push(gzipSync(tarHeader(`b/logs/kube-system/calico-node-big${i}/calico-node.log`, size)));
      for (let k = 0; k < 20; k++) members.push(mibPacked, errorPacked);
      members.push(gzipSync(Buffer.alloc((512 - (size % 512)) % 512)));
    }
    members.push(gzipSync(Buffer.alloc(1024)));
    const file = path.join(tmp, 'big-logs.tar.gz');
    writeFileSync(file, Buffer.concat(members));
    const script = `const { analyzePath } = await import(${JSON.stringify(path.join(REPO, 'dist/analyze/index.js'))});
const { data } = await analyzePath(${JSON.stringify(file)}, { toolVersion: 'test' });
globalThis.gc(); globalThis.gc();
const big = data.logs.filter((l) => l.pod.startsWith('calico-node-big'));
console.log(JSON.stringify({ heapMB: process.memoryUsage().heapUsed / 2 ** 20, logs: big.length, matches: big.reduce((n, l) => n + l.matches.length, 0), text: big[0].matches[0].text }));`;
    const r = spawnSync(process.execPath, ['--expose-gc', '--input-type=module', '-e', script], { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
    expect(r.stderr).toBe('');
    const out = JSON.parse(r.stdout);
    expect(out.logs).toBe(10);
    expect(out.matches).toBe(200);
    expect(out.text).toBe(error.toString().trimEnd());
    // Each match kept its chunk before: ≈ 100 MB more than the analysis of the sample alone.
    expect(out.heapMB).toBeLessThan(60);
  });
});

describe('the budget for log lines', () => {
  it('keeps no more log lines than its budget: later logs are counted but their lines not kept, and one problem says from where', async () => {
    const line = `2024-03-01 10:00:01.000 [ERROR][90] felix/health.go 1: plugin type="calico" failed (add): error getting ClusterInformation: connection is unauthorized: Unauthorized ${'x'.repeat(2000)}\n`;
    const extra: Record<string, string> = {};
    for (let i = 0; i < 12; i++) extra[`logs/kube-system/zz-${String(i).padStart(2, '0')}/calico-node.log`] = `first\n${line.repeat(30)}last line ${i}\n`;
    const files = scenarioFiles('calico-missing-portmap', extra);
    const whole = await loadBundle(new MemorySource(files));
    const budget = 100 * 1024;
    const cut = await loadBundle(new MemorySource(files), { logTextBudget: budget });
    expect((await loadBundle(new MemorySource(files), { logTextBudget: budget, reference: true })).problems).toEqual(cut.problems);
    const logOf = (data: typeof cut, pod: string) => data.logs.find((l) => l.pod === pod)!;
    // The sample's own logs come first and are whole.
    for (const l of whole.logs.filter((x) => !x.pod.startsWith('zz-'))) expect(logOf(cut, l.pod)).toEqual(l);
    const ours = Array.from({ length: 12 }, (_, i) => logOf(cut, `zz-${String(i).padStart(2, '0')}`));
    // Every log is still read and counted.
    expect(ours.map((l) => l.lineCount)).toEqual(Array(12).fill(32));
    const firstCut = ours.findIndex((l) => l.tail.length === 0);
    expect(firstCut).toBeGreaterThan(0);
    expect(ours.slice(0, firstCut).every((l) => l.tail.length === 8 && l.matches.length === 20)).toBe(true);
    expect(ours.slice(firstCut + 1).every((l) => l.tail.length === 0 && l.matches.length === 0)).toBe(true);
    const problems = cut.problems.filter((p) => /budget for log lines/.test(p.message));
    expect(problems).toHaveLength(1);
    expect(problems[0]!.file).toBe(`logs/kube-system/zz-${String(firstCut).padStart(2, '0')}/calico-node.log`);
    expect(problems[0]!.message).toMatch(new RegExp(`^matched and last lines not kept: the budget for log lines held across the bundle \\(102400 bytes\\) was spent here, and the lines of ${11 - firstCut} later log file\\(s\\) were not kept either \\(logs/kube-system/zz-${String(firstCut + 1).padStart(2, '0')}/calico-node.log, `));
    // Held text stays within the budget.
    const held = cut.logs.reduce((n, l) => n + l.matches.reduce((m, x) => m + x.text.length, 0) + l.tail.reduce((m, t) => m + t.text.length, 0), 0);
    expect(held).toBeLessThanOrEqual(budget);
    expect(whole.problems.filter((p) => /budget/.test(p.message))).toEqual([]);
  });
});

describe('the budget for events rules read', () => {
  it('keeps no more Warning events than its budget: all are counted, later ones not kept, one problem says from where, the reference path agrees', async () => {
    const sample = scenarioFiles('calico-missing-portmap');
    const list = JSON.parse(sample['cluster/events.json']!.toString());
    const extra = Array.from({ length: 60 }, (_, i) => ({
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: `zz-${i}`, namespace: 'shop', creationTimestamp: '2026-11-27T10:05:00Z' },
      type: 'Warning',
      reason: 'BackOff',
      message: `Back-off restarting failed container ${i} ${'x'.repeat(4000)}`,
      count: 1,
      lastTimestamp: '2026-11-27T10:05:00Z',
      involvedObject: { kind: 'Pod', name: `p-${i}`, namespace: 'shop' },
      source: { component: 'kubelet', host: 'worker-1' },
    }));
    const files = { ...sample, 'cluster/events.json': JSON.stringify({ ...list, items: [...list.items, ...extra] }, null, 4) };
    const whole = await loadBundle(new MemorySource(files));
    const budget = 100 * 1024;
    const cut = await loadBundle(new MemorySource(files), { eventTextBudget: budget });
    const reference = await loadBundle(new MemorySource(files), { eventTextBudget: budget, reference: true });
    expect(reference.problems).toEqual(cut.problems);
    expect(cut.eventCount).toBe(whole.eventCount);
    expect(cut.eventCount).toBe(list.items.length + 60);
    const kept = (data: typeof cut) => data.events.filter((e) => e.objectName.startsWith('p-')).map((e) => e.objectName);
    expect(kept(whole)).toHaveLength(60);
    const n = kept(cut).length;
    // ≈ 100 KB of 4 KB messages, after the sample's own events.
    expect(n).toBeGreaterThan(15);
    expect(n).toBeLessThan(26);
    expect(kept(cut)).toEqual(kept(whole).slice(0, n));
    expect(kept(reference)).toEqual(kept(cut));
    // The sample's own events are all kept.
    expect(cut.events.filter((e) => !e.objectName.startsWith('p-'))).toEqual(whole.events.filter((e) => !e.objectName.startsWith('p-')));
    const problems = cut.problems.filter((p) => /budget for their text/.test(p.message));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ file: 'cluster/events.json', line: whole.events.find((e) => e.objectName === `p-${n}`)!.line });
    expect(problems[0]!.message).toBe(`${60 - n} event(s) that rules read one by one (Warning, sandbox and CIDR events), from this one on, were counted but not kept: the budget for their text across the bundle (102400 bytes) was spent here. A real bundle holds a few MB of them; if this one is real, analyze its events in parts`);
    expect(whole.problems.filter((p) => /budget/.test(p.message))).toEqual([]);
  });
});
