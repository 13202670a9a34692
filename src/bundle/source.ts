// Read-only access to the entries of a bundle, whatever its packaging. Entries are produced one at a
// time as streams so that a tar.gz is never extracted and a 1 GB file is never held whole.
import { createReadStream, promises as fs } from 'node:fs';
import path from 'node:path';
import { Duplex, PassThrough, Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { createGunzip } from 'node:zlib';
import tar from 'tar-stream';
import { BundleOpenError, capEntry, checkEntryPath, DEFAULT_LIMITS, desktopMetadata, EntryTooLargeError, readWholeEntry, TopLevel, WHOLE_ENTRY_BYTES, type BundleEvent, type BundleLimits, type BundleSource } from './entries.js';
import { ZipSource } from './zip-source.js';

export { BundleOpenError, capEntry, checkEntryPath, DEFAULT_LIMITS, EntryTooLargeError, TopLevel, type BundleEvent, type BundleLimits, type BundleSource } from './entries.js';

export async function openBundle(location: string, limits: BundleLimits = DEFAULT_LIMITS): Promise<BundleSource> {
  let stat;
  try {
    stat = await fs.stat(location);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new BundleOpenError(
      code === 'ENOENT' ? `no such file or directory: ${location}` : `cannot open ${location}: ${(err as Error).message}`,
      'Pass the path of a bundle directory or of a .tar.gz, .tar.xz, .tar or .zip bundle file.',
    );
  }
  if (stat.isDirectory()) return new DirectorySource(location, limits);
  if (stat.isFile()) {
    const fd = await fs.open(location, 'r');
    const head = Buffer.alloc(TAR_MAGIC_OFFSET + TAR_MAGIC.length);
    try {
      await fd.read(head, 0, head.length, 0);
    } finally {
      await fd.close();
    }
    // FD 37 7A 58 5A 00: an xz stream (a .tar.xz, as some tools and users pack a bundle).
    // Not unwrapped: the xz decoder (one WebAssembly instance) never resumes after a stream is
    // abandoned, and the look at the first entry abandons one. A .tar.xz is what tools write, not a re-packing.
    if (head.subarray(0, XZ_MAGIC.length).equals(XZ_MAGIC)) return new TarGzSource(location, limits, undefined, 'xz');
    // PK\x03\x04 (an entry) or PK\x05\x06 (an empty archive): a zip, whatever its name says.
    if (head[0] === 0x50 && head[1] === 0x4b) {
      return unwrapped(new ZipSource(location, limits), limits);
    }
    // "ustar" at byte 257 of the first header: a tar that was never compressed (`tar cf`), POSIX or GNU.
    if (head.subarray(TAR_MAGIC_OFFSET).equals(TAR_MAGIC)) return unwrapped(new TarGzSource(location, limits, undefined, 'none'), limits);
    if ((head[0] !== 0x1f || head[1] !== 0x8b) && (await looksLikeDocumentStream(location))) return new SingleFileSource(location, stat.size, limits);
    if (head[0] !== 0x1f || head[1] !== 0x8b) {
      const other = UNREAD_COMPRESSIONS.find((c) => head.subarray(0, c.magic.length).equals(c.magic));
      if (other) {
        throw new BundleOpenError(
          `${location} is compressed with ${other.name} (it starts with ${other.magicText}), which cni-doctor does not read`,
          `Decompress it first (${other.command} ${location}) and pass what that gives: a .tar, or a directory once unpacked.`,
        );
      }
      throw new BundleOpenError(
        `${location} is neither a gzip, xz nor zip file nor a tar (it starts with none of 1f 8b, fd 37 7a 58 5a 00 and "PK", and has no "ustar" at byte 257), nor a stream of Kubernetes JSON documents`,
        'A bundle file is a tar (.tar.gz, .tar.xz or plain .tar) or a .zip. If it was unpacked, pass the directory instead.',
      );
    }
    return unwrapped(new TarGzSource(location, limits), limits);
  }
  throw new BundleOpenError(`${location} is neither a directory nor a regular file`, 'Pass a bundle directory or .tar.gz file.');
}

/** An archive's name, and how it is compressed (a wrapped bundle is told by its name: see unwrapped()). */
const WRAPPED_ARCHIVE: { name: RegExp; kind: TarCompression | 'zip' }[] = [
  { name: /\.(tar\.gz|tgz)$/i, kind: 'gzip' },
  { name: /\.(tar\.xz|txz)$/i, kind: 'xz' },
  { name: /\.tar$/i, kind: 'none' },
  { name: /\.zip$/i, kind: 'zip' },
];
/** Most bytes of a wrapped zip held in memory to read it (its directory is at its end). */
const MAX_WRAPPED_ZIP_BYTES = 512 * 1024 * 1024;

/**
 * An archive whose only file is another archive — a bundle zipped again to attach it to a ticket
 * (`zip ticket.zip bundle.tar.gz`), tarred again, or zipped in a folder — is read as the archive it
 * wraps (`wrapped` names it). Whether it is alone is known from a zip's directory; a tar is read
 * past its first file only when that file is an archive at its root (rarely a bundle's first entry),
 * so other bundles cost nothing. An archive beside other files is a file of the bundle, as before.
 * One level only: an archive inside the wrapped one is a file like any other.
 */
async function unwrapped(outer: TarGzSource | ZipSource, limits: BundleLimits): Promise<BundleSource> {
  let only: string | undefined;
  let files = 0;
  for await (const ev of outer.events()) {
    if (ev.type !== 'file') continue;
    // Only counted here: a damaged entry's error is said when the bundle is read for real.
    ev.stream.on('error', () => undefined);
    ev.stream.resume();
    files++;
    if (files === 1) {
      if (ev.path.includes('/') || !WRAPPED_ARCHIVE.some((a) => a.name.test(ev.path))) return outer;
      only = ev.path;
    } else return outer;
  }
  return files === 1 && only ? new WrappedSource(outer, only, limits) : outer;
}

/** The archive `wrapped`, the only file of `outer`, read as the bundle (see unwrapped()). */
export class WrappedSource implements BundleSource {
  constructor(
    private readonly outer: TarGzSource | ZipSource,
    readonly wrapped: string,
    private readonly limits: BundleLimits,
  ) {}

  get kind(): BundleSource['kind'] {
    return this.outer.kind;
  }

  get location(): string {
    return this.outer.location;
  }

  async *events(): AsyncGenerator<BundleEvent> {
    for await (const ev of this.outer.events()) {
      if (ev.type !== 'file') {
        yield ev;
        continue;
      }
      const kind = WRAPPED_ARCHIVE.find((a) => a.name.test(ev.path))?.kind ?? 'gzip';
      let inner: BundleSource;
      if (kind === 'zip') {
        const chunks: Buffer[] = [];
        let total = 0;
        try {
          for await (const c of ev.stream) {
            total += (c as Buffer).length;
            if (total > MAX_WRAPPED_ZIP_BYTES) throw new Error(`it is larger than ${MAX_WRAPPED_ZIP_BYTES} bytes, more than a zip inside an archive may be`);
            chunks.push(c as Buffer);
          }
        } catch (err) {
          ev.stream.resume();
          yield { type: 'problem', path: ev.path, message: `the bundle ${ev.path}, the only file of ${this.outer.location}, could not be read: ${(err as Error).message}`, fatal: true };
          continue;
        }
        inner = new ZipSource(ev.path, this.limits, Buffer.concat(chunks));
      } else {
        inner = new TarGzSource(ev.path, this.limits, () => ev.stream, kind);
      }
      yield* inner.events();
    }
  }
}

/** Where a tar header holds its format's magic, and the magic (POSIX `ustar\0`, GNU `ustar `: the first five bytes). */
const TAR_MAGIC_OFFSET = 257;
const TAR_MAGIC = Buffer.from('ustar');

/** Compressions a bundle is sometimes handed over in that cni-doctor does not decode: said by name, with the command that does. */
const UNREAD_COMPRESSIONS = [
  { name: 'bzip2', magic: Buffer.from('BZh'), magicText: '"BZh"', command: 'bunzip2 -k' },
  { name: 'zstd', magic: Buffer.from([0x28, 0xb5, 0x2f, 0xfd]), magicText: '28 b5 2f fd', command: 'zstd -d' },
  { name: '7-Zip', magic: Buffer.from([0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c]), magicText: '"7z" bc af 27 1c', command: '7z x' },
  { name: 'RAR', magic: Buffer.from('Rar!'), magicText: '"Rar!"', command: 'unrar x' },
  { name: 'lz4', magic: Buffer.from([0x04, 0x22, 0x4d, 0x18]), magicText: '04 22 4d 18', command: 'lz4 -d' },
];

// ---------------------------------------------------------------------------------------------

/** A file of JSON documents (what `kubectl cluster-info dump` prints): `{` first, a Kubernetes kind soon after. */
async function looksLikeDocumentStream(location: string): Promise<boolean> {
  const fd = await fs.open(location, 'r');
  try {
    const head = Buffer.alloc(4096);
    const { bytesRead } = await fd.read(head, 0, head.length, 0);
    const text = head.subarray(0, bytesRead).toString('utf8');
    return /^\s*\{/.test(text) && /"(kind|Items)"\s*:/.test(text);
  } finally {
    await fd.close();
  }
}

/** One file that is a whole bundle (see BundlePath `dump-stream`): one entry, named after the file. */
class SingleFileSource implements BundleSource {
  readonly kind = 'file' as const;
  constructor(
    readonly location: string,
    private readonly size: number,
    private readonly limits: BundleLimits,
  ) {}

  async *events(): AsyncGenerator<BundleEvent> {
    const name = path.basename(this.location);
    const { stream, done } = capEntry(createReadStream(this.location, { highWaterMark: 1024 * 1024 }), this.limits.maxEntryBytes, name);
    yield { type: 'file', path: name, size: this.size, stream };
    await done;
  }
}

class DirectorySource implements BundleSource {
  readonly kind = 'directory' as const;
  constructor(
    readonly location: string,
    private readonly limits: BundleLimits,
  ) {}

  async paths(): Promise<string[]> {
    const out: string[] = [];
    const walk = async (rel: string): Promise<void> => {
      let entries;
      try {
        entries = (await fs.readdir(path.join(this.location, rel), { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : 1));
      } catch {
        return;
      }
      for (const e of entries) {
        if (out.length >= this.limits.maxEntries) return;
        const childRel = rel ? `${rel}/${e.name}` : e.name;
        if (e.isDirectory()) await walk(childRel);
        else if (e.isFile()) out.push(childRel);
      }
    };
    await walk('');
    return out;
  }

  async *events(): AsyncGenerator<BundleEvent> {
    let count = 0;
    // Sorted depth-first walk so that the order (and so every report) does not depend on the file system.
    const walk = async function* (this: DirectorySource, rel: string): AsyncGenerator<BundleEvent> {
      const abs = path.join(this.location, rel);
      let names: string[];
      try {
        names = (await fs.readdir(abs)).sort();
      } catch (err) {
        yield { type: 'problem', path: rel || '.', message: `cannot list directory: ${(err as Error).message}`, fatal: false };
        return;
      }
      for (const name of names) {
        const childRel = rel ? `${rel}/${name}` : name;
        let st;
        try {
          st = await fs.lstat(path.join(abs, name));
        } catch (err) {
          yield { type: 'problem', path: childRel, message: `cannot stat: ${(err as Error).message}`, fatal: false };
          continue;
        }
        if (st.isSymbolicLink()) {
          // Reading the link's target string is safe; following it is not.
          const target = await fs.readlink(path.join(abs, name)).catch(() => '?');
          yield { type: 'rejected', path: childRel, reason: `symbolic link (links are never followed) to ${target}`, link: { kind: 'symlink', target } };
        } else if (st.isDirectory()) {
          yield* walk.call(this, childRel);
        } else if (st.isFile()) {
          if (++count > this.limits.maxEntries) {
            yield { type: 'problem', message: `more than ${this.limits.maxEntries} files; the rest were not read`, fatal: false };
            return;
          }
          const file = createReadStream(path.join(abs, name));
          const { stream, done } = capEntry(file, this.limits.maxEntryBytes, childRel);
          yield { type: 'file', path: childRel, size: st.size, stream };
          file.destroy();
          await done;
        } else {
          yield { type: 'rejected', path: childRel, reason: 'not a regular file or directory (device, socket or FIFO)' };
        }
      }
    };
    yield* walk.call(this, '');
  }
}

// ---------------------------------------------------------------------------------------------

const TAR_TYPE_REASON: Record<string, string> = {
  symlink: 'symbolic link (links are never followed)',
  link: 'hard link (links are never followed)',
  'character-device': 'character device',
  'block-device': 'block device',
  fifo: 'FIFO',
};

const XZ_MAGIC = Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]);

/** How a tar is compressed: gzip (what every tool writes), xz, or not at all (older cilium-bugtool archives). */
export type TarCompression = 'gzip' | 'xz' | 'none';

/**
 * An xz decoder as a Node stream: xz-decompress (xz-embedded compiled to WebAssembly, no native
 * build), loaded only when an xz file is read. Its memory is bounded by the stream's dictionary
 * (64 MiB at most for xz -9).
 */
async function xzDecoder(): Promise<Duplex> {
  const mod = (await import('xz-decompress')) as unknown as { XzReadableStream?: XzStream; default?: { XzReadableStream: XzStream } };
  const XzReadableStream = mod.XzReadableStream ?? mod.default!.XzReadableStream;
  const input = new PassThrough();
  const output = Readable.fromWeb(new XzReadableStream(Readable.toWeb(input)) as WebReadableStream<Uint8Array>);
  return Duplex.from({ writable: input, readable: output });
}
type XzStream = new (compressed: unknown) => unknown;

/** xz-embedded's return codes (xz.h), as the decoder reports them. */
const XZ_ERRORS: Record<string, string> = {
  '2': 'it uses an integrity check this decoder does not know',
  '3': 'the decoder ran out of memory',
  '4': 'its dictionary is larger than the decoder allows',
  '5': 'it is not an xz stream',
  '6': 'it uses xz options this decoder does not support',
  '7': 'the xz data is corrupt',
  '8': 'the xz stream ends early: it is truncated',
};

export class TarGzSource implements BundleSource {
  get kind(): 'tar.gz' | 'tar.xz' | 'tar' {
    return this.compression === 'xz' ? 'tar.xz' : this.compression === 'none' ? 'tar' : 'tar.gz';
  }
  /** `open`: the archive's bytes (a nested archive's entry stream). */
  constructor(
    readonly location: string,
    private readonly limits: BundleLimits,
    private readonly open: () => Readable = () => createReadStream(location, { highWaterMark: 1024 * 1024 }),
    private readonly compression: TarCompression = 'gzip',
  ) {}

  async *events(): AsyncGenerator<BundleEvent> {
    // Large output chunks: fewer round trips to the zlib thread, which otherwise leave the main thread idle.
    const gunzip = this.compression === 'gzip' ? createGunzip({ chunkSize: 512 * 1024 }) : this.compression === 'xz' ? await xzDecoder() : new PassThrough();
    const extract = tar.extract();
    const file = this.open();
    let streamError: Error | undefined;
    const onError = (err: Error) => {
      streamError ??= err;
      extract.destroy(err);
    };
    // A damaged or truncated gzip stream: what was inflated before the damage is still read (the
    // tar reader is behind the inflater), then the reader ends; a cut entry errors as truncated.
    // A damaged gzip stream (or trailing garbage after it): the entries already inflated are still
    // read — the tar reader is behind the inflater — then the reader ends and says where. (zlib drops
    // the output it still holds when it fails, up to one chunk: those bytes are reported as cut.)
    const onGzipError = (err: Error) => {
      streamError ??= err;
      file.unpipe(gunzip);
      gunzip.unpipe(extract);
      (extract as unknown as NodeJS.WritableStream).end();
    };
    file.on('error', onError);
    gunzip.on('error', onGzipError);
    let inflated = 0;
    let compressed = 0;
    const { maxTotalBytes: maxTotal, maxRatio, ratioCheckAfterBytes } = this.limits;
    file.on('data', (chunk) => {
      compressed += chunk.length;
    });
    gunzip.on('data', (chunk: Buffer) => {
      inflated += chunk.length;
      if (inflated > maxTotal) onError(new EntryTooLargeError(`the archive inflates past the limit of ${maxTotal} bytes; the rest was not read`));
      else if (inflated > ratioCheckAfterBytes && inflated > compressed * maxRatio) {
        onError(new EntryTooLargeError(`the archive inflates ${Math.round(inflated / Math.max(compressed, 1))} to 1 (${compressed} bytes read became ${inflated}), more than any real bundle and the mark of a decompression bomb; reading stopped there, so entries from that point on are missing`));
      }
    });
    file.pipe(gunzip).pipe(extract);

    const top = new TopLevel();
    let count = 0;
    let lastPath: string | undefined;
    try {
      for await (const entry of extract) {
        const header = entry.header;
        const checked = checkEntryPath(header.name);
        const name = checked.ok ? checked.path : header.name;
        lastPath = name;
        if (!checked.ok) {
          entry.resume();
          yield { type: 'rejected', path: header.name, reason: checked.reason };
          continue;
        }
        const desktop = desktopMetadata(name);
        if (desktop) {
          entry.resume();
          if ((header.type ?? 'file') !== 'directory') yield { type: 'ignored', path: name, reason: desktop };
          continue;
        }
        const placed = top.place(name, (header.type ?? 'file') === 'directory');
        if (!placed.ok) {
          entry.resume();
          yield { type: 'rejected', path: name, reason: placed.reason };
          continue;
        }
        const rel = placed.path;
        const type = header.type ?? 'file';
        if (type === 'directory' || rel === '') {
          entry.resume();
          continue;
        }
        if (type !== 'file' && type !== 'contiguous-file') {
          entry.resume();
          const reason = TAR_TYPE_REASON[type] ?? `unsupported entry type "${type}"`;
          const link = (type === 'symlink' || type === 'link') && header.linkname ? { kind: type, target: header.linkname } : undefined;
          yield { type: 'rejected', path: rel, reason: header.linkname ? `${reason} to ${header.linkname}` : reason, ...(link ? { link } : {}) };
          continue;
        }
        if (++count > this.limits.maxEntries) {
          entry.resume();
          yield { type: 'problem', message: `more than ${this.limits.maxEntries} entries; the rest were not read`, fatal: false };
          break;
        }
        const size = header.size ?? 0;
        if (size <= WHOLE_ENTRY_BYTES && size <= this.limits.maxEntryBytes) {
          // Most entries are small files: read whole here, they skip the cap's stream (WholeEntry).
          yield { type: 'file', path: rel, size, stream: await readWholeEntry(entry as unknown as NodeJS.ReadableStream, size) };
          continue;
        }
        const { stream, done } = capEntry(entry as unknown as NodeJS.ReadableStream, this.limits.maxEntryBytes, rel);
        yield { type: 'file', path: rel, size, stream };
        // tar-stream moves to the next entry only once this one is fully consumed.
        await done;
      }
    } catch (err) {
      streamError ??= err as Error;
    } finally {
      file.destroy();
    }
    if (streamError) {
      yield {
        type: 'problem',
        path: lastPath,
        message: describeArchiveError(streamError, lastPath, this.compression),
        fatal: count === 0,
      };
    }
  }
}

function describeArchiveError(err: Error, lastPath: string | undefined, compression: TarCompression): string {
  const code = (err as NodeJS.ErrnoException).code;
  const where = lastPath ? ` after entry "${lastPath}"` : ' before the first entry';
  if (code === 'Z_BUF_ERROR' || /unexpected end/i.test(err.message)) {
    return `the archive is truncated${where}: the ${compression === 'none' ? 'tar' : compression === 'xz' ? 'xz stream' : 'gzip stream'} ends early, so every entry after that point is missing`;
  }
  if (code === 'Z_DATA_ERROR') return `the archive is corrupt${where}: ${err.message}`;
  const xz = /^get_next_output failed with error code (\d+)/.exec(err.message)?.[1];
  if (xz === '8') return `the archive is truncated${where}: the xz stream ends early, so every entry after that point is missing`;
  if (xz) return `the archive is corrupt${where}: ${XZ_ERRORS[xz] ?? `xz error ${xz}`}`;
  if (err instanceof EntryTooLargeError) return lastPath ? `${err.message} (while reading "${lastPath}")` : err.message;
  return `the archive could not be read${where}: ${err.message}`;
}

// ---------------------------------------------------------------------------------------------

/** An in-memory bundle, for tests: path → content. Paths are checked like tar entries. */
export class MemorySource implements BundleSource {
  readonly kind = 'memory' as const;
  readonly location = '<memory>';
  constructor(private readonly files: Record<string, string | Buffer>) {}

  async *events(): AsyncGenerator<BundleEvent> {
    for (const name of Object.keys(this.files).sort()) {
      const checked = checkEntryPath(name);
      if (!checked.ok) {
        yield { type: 'rejected', path: name, reason: checked.reason };
        continue;
      }
      const content = this.files[name]!;
      const buf = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
      yield { type: 'file', path: checked.path, size: buf.length, stream: Readable.from([buf]) };
    }
  }
}
