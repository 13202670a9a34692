// Bundles as people hand them over after re-packing them by hand: a zip made with `zip -r`, Finder
// or Explorer (directory entries, __MACOSX/, .DS_Store), a tar made on a Mac (`._name` AppleDouble
// entries, one before the top directory itself), a tar never compressed, and compressions that
// cni-doctor does not decode. Each reads as the bundle it wraps, or is refused saying what to do.
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createWriteStream } from 'node:fs';
import { createGzip } from 'node:zlib';
import tar from 'tar-stream';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../src/model/report.js';
import { openBundle } from '../../src/bundle/source.js';
import { analyze, packBundle, SAMPLES } from '../helpers/bundles.js';
import { zip, type ZipEntry } from '../helpers/zip.js';

const tmp = mkdtempSync(path.join(tmpdir(), 'cni-doctor-repacked-'));
const SAMPLE = path.join(SAMPLES, 'calico-bgp-down');
const APPLE_DOUBLE = Buffer.from([0x00, 0x05, 0x16, 0x07, 0x00, 0x02, 0x00, 0x00, ...Buffer.from('Mac OS X        ')]);

/** The sample's files, depth first and sorted, with their directories (as `zip -r` lists them). */
function sampleEntries(): { name: string; dir: boolean; data?: Buffer }[] {
  const out: { name: string; dir: boolean; data?: Buffer }[] = [];
  const walk = (rel: string) => {
    for (const name of readdirSync(path.join(SAMPLE, rel)).sort()) {
      const r = rel ? `${rel}/${name}` : name;
      if (statSync(path.join(SAMPLE, r)).isDirectory()) {
        out.push({ name: `${r}/`, dir: true });
        walk(r);
      } else out.push({ name: r, dir: false, data: readFileSync(path.join(SAMPLE, r)) });
    }
  };
  walk('');
  return out;
}

async function writeTar(file: string, entries: { name: string; dir?: boolean; data?: Buffer }[], gzip: boolean) {
  const pack = tar.pack();
  const done = gzip ? pipeline(pack, createGzip(), createWriteStream(file)) : pipeline(pack, createWriteStream(file));
  for (const e of entries) {
    if (e.dir) pack.entry({ name: e.name, type: 'directory' });
    else pack.entry({ name: e.name, mode: 0o644 }, e.data ?? Buffer.alloc(0));
  }
  pack.finalize();
  await done;
}

/** What the user reads, without what legitimately differs between packagings. */
const findings = (r: Report) => r.findings.map((f) => `${f.ruleId} ${f.severity} ${f.summary}`);

let reference: Report;
beforeAll(async () => {
  const file = path.join(tmp, 'reference.tar.gz');
  await packBundle(SAMPLE, file, 'bundle');
  reference = (await analyze(file)).report;
  expect(reference.findings.length).toBeGreaterThan(2);
});

describe('a bundle re-packed by hand', () => {
  it('as a zip with directory entries (zip -r, Finder, Explorer), under its folder: read as the bundle', async () => {
    const file = path.join(tmp, 'zip-r.zip');
    const entries: ZipEntry[] = [{ name: 'bundle/', data: '' }, ...sampleEntries().map((e) => ({ name: `bundle/${e.name}`, data: e.data ?? '' }))];
    writeFileSync(file, zip(entries));
    const { report, data } = await analyze(file);
    expect(report.bundle.packaging).toBe('zip');
    expect(findings(report)).toEqual(findings(reference));
    expect(data.files.has('cluster/pods.json')).toBe(true);
    expect(report.bundle.warnings.join('\n')).not.toMatch(/no manifest/);
  });

  it("zipped in macOS Finder (__MACOSX/ beside the folder, .DS_Store, ._name files): those are left unread and said, not taken for unsafe entries", async () => {
    const file = path.join(tmp, 'finder.zip');
    const entries: ZipEntry[] = [
      { name: 'bundle/', data: '' },
      ...sampleEntries().map((e) => ({ name: `bundle/${e.name}`, data: e.data ?? '' })),
      { name: 'bundle/.DS_Store', data: 'Bud1' },
      { name: 'bundle/cluster/._pods.json', data: APPLE_DOUBLE },
      { name: '__MACOSX/', data: '' },
      { name: '__MACOSX/bundle/', data: '' },
      { name: '__MACOSX/bundle/cluster/._nodes.json', data: APPLE_DOUBLE },
    ];
    writeFileSync(file, zip(entries));
    const { report, data } = await analyze(file);
    expect(findings(report)).toEqual(findings(reference));
    expect(report.findings.map((f) => f.ruleId)).not.toContain('bundle-unsafe-entry');
    expect(data.ignored.map((i) => i.path)).toEqual(['__MACOSX/bundle/cluster/._nodes.json', 'bundle/.DS_Store', 'bundle/cluster/._pods.json']);
    expect([...data.files.keys()].filter((p) => /DS_Store|\._|__MACOSX/.test(p))).toEqual([]);
    const warning = report.bundle.warnings.find((w) => w.includes('re-packed'));
    expect(warning).toMatch(/^3 entries of the archive were added by a desktop that re-packed the bundle \(/);
    expect(warning).toContain('__MACOSX/');
    expect(warning).toContain('.DS_Store');
  });

  it('tarred on a Mac (an AppleDouble entry before the top folder and beside each file): read as the bundle', async () => {
    const file = path.join(tmp, 'mac.tar.gz');
    const entries: { name: string; dir?: boolean; data?: Buffer }[] = [
      { name: '._bundle', data: APPLE_DOUBLE },
      { name: 'bundle/', dir: true },
      ...sampleEntries().flatMap((e): { name: string; dir?: boolean; data?: Buffer }[] => (e.dir ? [{ name: `bundle/${e.name}`, dir: true }] : [{ name: `bundle/${path.posix.dirname(e.name) === '.' ? '' : `${path.posix.dirname(e.name)}/`}._${path.posix.basename(e.name)}`, data: APPLE_DOUBLE }, { name: `bundle/${e.name}`, data: e.data }])),
    ];
    await writeTar(file, entries, true);
    const { report, data } = await analyze(file);
    expect(findings(report)).toEqual(findings(reference));
    expect(data.ignored.length).toBe(entries.filter((e) => path.posix.basename(e.name).startsWith('._')).length);
    expect(report.findings.map((f) => f.ruleId)).not.toContain('bundle-unsafe-entry');
  });

  it('as a tar never compressed (tar cf): read as the bundle, packaging "tar"; cut short, it says the tar ends early', async () => {
    const file = path.join(tmp, 'plain.tar');
    await writeTar(file, [{ name: 'bundle/', dir: true }, ...sampleEntries().map((e) => ({ ...e, name: `bundle/${e.name}` }))], false);
    const { report } = await analyze(file);
    expect(report.bundle.packaging).toBe('tar');
    expect(findings(report)).toEqual(findings(reference));

    const cut = path.join(tmp, 'cut.tar');
    const bytes = readFileSync(file);
    writeFileSync(cut, bytes.subarray(0, Math.floor(bytes.length / 2) + 100));
    const partial = await analyze(cut);
    expect(partial.report.bundle.warnings.join('\n')).toMatch(/The archive could not be read completely: the archive is truncated after entry "[^"]+": the tar ends early/);
    expect(partial.data.files.size).toBeGreaterThan(0);
  });

  it('zipped again for a ticket (a zip or a tar.gz whose only file is the bundle .tar.gz): the inner archive is read as the bundle, and said', async () => {
    const inner = readFileSync(path.join(tmp, 'reference.tar.gz'));
    const asZip = path.join(tmp, 'ticket.zip');
    writeFileSync(asZip, zip([{ name: 'attachments/', data: '' }, { name: 'attachments/cni-doctor-bundle.tar.gz', data: inner, method: 0 }]));
    const asTar = path.join(tmp, 'ticket.tar.gz');
    await writeTar(asTar, [{ name: 'cni-doctor-bundle.tgz', data: inner }], true);
    for (const [file, packaging, wrapped] of [[asZip, 'zip', 'cni-doctor-bundle.tar.gz'], [asTar, 'tar.gz', 'cni-doctor-bundle.tgz']] as const) {
      const { report, data } = await analyze(file);
      expect(report.bundle.packaging).toBe(packaging);
      expect(findings(report)).toEqual(findings(reference));
      expect(data.wrapped).toBe(wrapped);
      expect(report.bundle.warnings).toContain(`${file} holds one file, the archive ${wrapped}: that archive was read as the bundle.`);
    }
  });

  it('a foreign bundle zipped again (a cilium sysdump .zip inside a .tar.gz) is read through its importer', async () => {
    const dir = path.join(SAMPLES, 'foreign-sysdump-cilium-broken');
    const direct = (await analyze(dir)).report;
    const entries: ZipEntry[] = [];
    const walk = (rel: string) => {
      for (const name of readdirSync(path.join(dir, rel)).sort()) {
        const r = rel ? `${rel}/${name}` : name;
        if (statSync(path.join(dir, r)).isDirectory()) walk(r);
        else entries.push({ name: `cilium-sysdump-20261127-101500/${r}`, data: readFileSync(path.join(dir, r)) });
      }
    };
    walk('');
    const file = path.join(tmp, 'sysdump-in-tar.tar.gz');
    await writeTar(file, [{ name: 'cilium-sysdump-20261127-101500.zip', data: zip(entries) }], true);
    const { report } = await analyze(file);
    expect(report.bundle.origin.format).toBe('cilium-sysdump');
    expect(findings(report)).toEqual(findings(direct));
  });

  it('an archive beside other files is a file of the bundle, not a wrapper; a wrapper inside a wrapper is opened once only', async () => {
    const inner = readFileSync(path.join(tmp, 'reference.tar.gz'));
    const beside = path.join(tmp, 'beside.tar.gz');
    await writeTar(beside, [{ name: 'old-bundle.tar.gz', data: inner }, { name: 'notes.txt', data: Buffer.from('see ticket\n') }], true);
    const a = await analyze(beside);
    expect(a.data.wrapped).toBeUndefined();
    expect([...a.data.files.keys()].sort()).toEqual(['notes.txt', 'old-bundle.tar.gz']);
    expect(a.report.findings.map((f) => f.ruleId)).toContain('bundle-collection-gap');

    const twice = path.join(tmp, 'twice.zip');
    writeFileSync(twice, zip([{ name: 'ticket.zip', data: zip([{ name: 'bundle.tar.gz', data: inner, method: 0 }]), method: 0 }]));
    const b = await analyze(twice);
    expect(b.data.wrapped).toBe('ticket.zip');
    expect([...b.data.files.keys()]).toEqual(['bundle.tar.gz']);
  });

  it.each([
    ['bzip2', Buffer.from('BZh91AY&SY'), /compressed with bzip2 .*which cni-doctor does not read/, /bunzip2 -k /],
    ['zstd', Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 0x04, 0x00]), /compressed with zstd /, /zstd -d /],
    ['7-Zip', Buffer.from([0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c, 0, 4]), /compressed with 7-Zip /, /7z x /],
  ])('compressed with %s: refused, naming the compression and the command that decompresses it', async (_name, magic, message, hint) => {
    const file = path.join(tmp, `bundle-${_name}`);
    writeFileSync(file, Buffer.concat([magic, Buffer.alloc(600, 0x41)]));
    const err = await openBundle(file).then(
      () => undefined,
      (e: Error & { hint?: string }) => e,
    );
    expect(err?.message).toMatch(message);
    expect(err?.hint).toMatch(hint);
  });
});
