// Read-only access to the entries of a bundle, whatever its packaging. Entries are produced one at a
// time as streams so that a tar.gz is never extracted and a 1 GB file is never held whole.
import { createReadStream, promises as fs } from 'node:fs';
import path from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import tar from 'tar-stream';
import { BUNDLE_ROOT_NAMES } from './layout.js';

export interface BundleLimits {
  /** Most bytes one entry may inflate to; the rest of that entry is not read. */
  maxEntryBytes: number;
  /** Most bytes the whole archive may inflate to (gzip-bomb guard). */
  maxTotalBytes: number;
  /** Most entries read; the rest are not read. */
  maxEntries: number;
  /**
   * Most bytes inflated per byte read from the file, checked once `ratioCheckAfterBytes` have been
   * inflated. Real bundles are JSON and text: 10–60 to 1 even for a generated cluster; gzip cannot
   * exceed about 1032 to 1, which is what a bomb of zeros reaches.
   */
  maxRatio: number;
  ratioCheckAfterBytes: number;
}

export const DEFAULT_LIMITS: BundleLimits = {
  maxEntryBytes: 8 * 1024 ** 3,
  maxTotalBytes: 32 * 1024 ** 3,
  maxEntries: 500_000,
  maxRatio: 200,
  ratioCheckAfterBytes: 512 * 1024 ** 2,
};

export type BundleEvent =
  | { type: 'file'; path: string; size: number; stream: Readable }
  | { type: 'rejected'; path: string; reason: string; /** A link, recorded (never followed). */ link?: { kind: 'symlink' | 'link'; target: string } }
  | { type: 'problem'; path?: string; message: string; fatal: boolean };

export interface BundleSource {
  /** `directory`, `tar.gz` or `memory`. */
  readonly kind: 'directory' | 'tar.gz' | 'memory';
  /** What the user named, for messages. */
  readonly location: string;
  /**
   * Every entry in turn. The consumer must finish (or destroy) each file's stream before asking
   * for the next one: for a tar the bytes of the next entry follow those of this one.
   */
  events(): AsyncGenerator<BundleEvent>;
}

/** Thrown when the bundle cannot be opened at all (missing path, not a bundle). */
export class BundleOpenError extends Error {
  constructor(
    message: string,
    readonly hint: string,
  ) {
    super(message);
  }
}

/** Normalises an entry name and says why it is unsafe, or returns the clean relative path. */
export function checkEntryPath(raw: string): { ok: true; path: string } | { ok: false; reason: string } {
  if (raw.includes('\0')) return { ok: false, reason: 'name contains a NUL byte' };
  if (raw.startsWith('/') || /^[A-Za-z]:[\\/]/.test(raw) || raw.startsWith('\\')) {
    return { ok: false, reason: 'absolute path' };
  }
  const segments = raw.split(/[\\/]+/).filter((s) => s !== '' && s !== '.');
  if (segments.some((s) => s === '..')) return { ok: false, reason: 'path contains ".."' };
  return { ok: true, path: segments.join('/') };
}

export async function openBundle(location: string, limits: BundleLimits = DEFAULT_LIMITS): Promise<BundleSource> {
  let stat;
  try {
    stat = await fs.stat(location);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new BundleOpenError(
      code === 'ENOENT' ? `no such file or directory: ${location}` : `cannot open ${location}: ${(err as Error).message}`,
      'Pass the path of a bundle directory or of a .tar.gz/.tgz bundle file.',
    );
  }
  if (stat.isDirectory()) return new DirectorySource(location, limits);
  if (stat.isFile()) {
    const fd = await fs.open(location, 'r');
    const head = Buffer.alloc(2);
    try {
      await fd.read(head, 0, 2, 0);
    } finally {
      await fd.close();
    }
    if (head[0] !== 0x1f || head[1] !== 0x8b) {
      throw new BundleOpenError(
        `${location} is not a gzip file (it does not start with the gzip magic bytes 1f 8b)`,
        'A bundle file is a gzip-compressed tar (.tar.gz). If it was unpacked, pass the directory instead.',
      );
    }
    return new TarGzSource(location, limits);
  }
  throw new BundleOpenError(`${location} is neither a directory nor a regular file`, 'Pass a bundle directory or .tar.gz file.');
}

export class EntryTooLargeError extends Error {}

/**
 * Copies `source` into a new stream, cut at `limit` bytes (the copy then errors, so the reader knows
 * the entry was cut). The source itself is never errored or destroyed: tar-stream entries propagate
 * that to the whole archive. What the reader leaves unread is drained, so the next entry can follow.
 */
export function capEntry(source: NodeJS.ReadableStream, limit: number, what: string): { stream: Readable; done: Promise<void> } {
  const out = new PassThrough();
  let seen = 0;
  let over = false;
  const done = new Promise<void>((resolve) => {
    source.once('end', resolve);
    source.once('error', (err: Error) => {
      if (!out.destroyed) out.destroy(err);
      resolve();
    });
    source.once('close', resolve);
  });
  source.on('data', (chunk: Buffer) => {
    if (over || out.destroyed) return;
    seen += chunk.length;
    if (seen > limit) {
      over = true;
      const keep = chunk.length - (seen - limit);
      if (keep > 0) out.write(chunk.subarray(0, keep));
      out.destroy(new EntryTooLargeError(`${what} inflates past the limit of ${limit} bytes; the rest was not read`));
      return;
    }
    if (!out.write(chunk)) {
      source.pause();
      out.once('drain', () => source.resume());
    }
  });
  source.once('end', () => {
    if (!over && !out.destroyed) out.end();
  });
  // The reader stopped (or the copy was cut): keep draining the source.
  out.once('close', () => source.resume());
  return { stream: out, done };
}

// ---------------------------------------------------------------------------------------------

class DirectorySource implements BundleSource {
  readonly kind = 'directory' as const;
  constructor(
    readonly location: string,
    private readonly limits: BundleLimits,
  ) {}

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

class TarGzSource implements BundleSource {
  readonly kind = 'tar.gz' as const;
  constructor(
    readonly location: string,
    private readonly limits: BundleLimits,
  ) {}

  async *events(): AsyncGenerator<BundleEvent> {
    // Large output chunks: fewer round trips to the zlib thread, which otherwise leave the main thread idle.
    const gunzip = createGunzip({ chunkSize: 128 * 1024 });
    const extract = tar.extract();
    const file = createReadStream(this.location, { highWaterMark: 1024 * 1024 });
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

    let topDir: string | undefined;
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
        // Entries sit under one top-level directory that is not part of the bundle path.
        const segments = name.split('/');
        let rel = name;
        if (topDir === undefined && segments[0] !== undefined && !BUNDLE_ROOT_NAMES.has(segments[0])) topDir = segments[0];
        if (topDir !== undefined && segments[0] === topDir) rel = segments.slice(1).join('/');
        else if (topDir !== undefined && segments[0] !== undefined && !BUNDLE_ROOT_NAMES.has(segments[0])) {
          entry.resume();
          yield { type: 'rejected', path: name, reason: `outside the bundle's top-level directory "${topDir}/"` };
          continue;
        }
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
        const { stream, done } = capEntry(entry as unknown as NodeJS.ReadableStream, this.limits.maxEntryBytes, rel);
        yield { type: 'file', path: rel, size: header.size ?? 0, stream };
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
        message: describeArchiveError(streamError, lastPath),
        fatal: count === 0,
      };
    }
  }
}

function describeArchiveError(err: Error, lastPath: string | undefined): string {
  const code = (err as NodeJS.ErrnoException).code;
  const where = lastPath ? ` after entry "${lastPath}"` : ' before the first entry';
  if (code === 'Z_BUF_ERROR' || /unexpected end/i.test(err.message)) {
    return `the archive is truncated${where}: the gzip stream ends early, so every entry after that point is missing`;
  }
  if (code === 'Z_DATA_ERROR') return `the archive is corrupt${where}: ${err.message}`;
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
