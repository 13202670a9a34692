// What every bundle reader shares: the entry events, the limits, the checks of entry names, the
// cap on what one entry may inflate to, and where an archive's top-level directory ends.
import { PassThrough, Readable } from 'node:stream';
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
  | { type: 'problem'; path?: string; message: string; fatal: boolean }
  /** What a desktop adds when it re-packs a folder (desktopMetadata): not read, not a sign of hostility. */
  | { type: 'ignored'; path: string; reason: string };

export interface BundleSource {
  /** `directory`, `tar.gz`, `tar.xz`, `tar` (uncompressed), `zip`, `file` (a whole bundle in one text stream) or `memory`. */
  readonly kind: 'directory' | 'tar.gz' | 'tar.xz' | 'tar' | 'zip' | 'file' | 'memory';
  /** What the user named, for messages. */
  readonly location: string;
  /** The archive read as the bundle when the file named is only its wrapper (see unwrapped() in source.ts). */
  readonly wrapped?: string;
  /**
   * Every entry in turn. The consumer must finish (or destroy) each file's stream before asking
   * for the next one: for a tar the bytes of the next entry follow those of this one.
   */
  events(): AsyncGenerator<BundleEvent>;
  /**
   * Every entry's bundle path, without reading any content, where the packaging allows it cheaply
   * (a directory, a zip's central directory): the format is then decided from all of them.
   */
  paths?(): Promise<string[]>;
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

/** Longest entry name read. */
export const MAX_ENTRY_NAME = 4096;

/** Normalises an entry name and says why it is unsafe, or returns the clean relative path. */
export function checkEntryPath(raw: string): { ok: true; path: string } | { ok: false; reason: string } {
  if (raw.includes('\0')) return { ok: false, reason: 'name contains a NUL byte' };
  // No file system gives a path this long (Linux's PATH_MAX); a tar's pax header can.
  if (raw.length > MAX_ENTRY_NAME) return { ok: false, reason: `name longer than ${MAX_ENTRY_NAME} characters` };
  if (raw.startsWith('/') || /^[A-Za-z]:[\\/]/.test(raw) || raw.startsWith('\\')) {
    return { ok: false, reason: 'absolute path' };
  }
  const segments = raw.split(/[\\/]+/).filter((s) => s !== '' && s !== '.');
  if (segments.some((s) => s === '..')) return { ok: false, reason: 'path contains ".."' };
  return { ok: true, path: segments.join('/') };
}

/**
 * Why an entry is a desktop's, not the bundle's, or undefined. A bundle re-packed on a Mac in Finder
 * carries a `__MACOSX/` tree of resource forks beside its folder, and macOS tar (unless
 * COPYFILE_DISABLE is set) writes a `._name` AppleDouble entry before each file, the first one
 * before the top directory itself; Finder and Explorer leave `.DS_Store`, `Thumbs.db` and
 * `desktop.ini` in folders. None is cluster data, and read as the bundle's they would hide its top
 * directory or look like unsafe entries.
 */
export function desktopMetadata(path: string): string | undefined {
  const segments = path.split('/').filter(Boolean);
  if (segments.includes('__MACOSX')) return "macOS Finder's resource forks (__MACOSX/)";
  const base = segments[segments.length - 1] ?? '';
  if (base.startsWith('._')) return 'macOS AppleDouble files (._name, the resource fork of name)';
  if (base === '.DS_Store') return 'macOS Finder folder settings (.DS_Store)';
  if (base === 'Thumbs.db' || base.toLowerCase() === 'desktop.ini') return 'Windows Explorer folder settings (Thumbs.db, desktop.ini)';
  return undefined;
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

/** Tar and zip entries up to this size are read whole before they are handed on (WholeEntry). */
export const WHOLE_ENTRY_BYTES = 256 * 1024;

/**
 * A small entry's whole content, read by the archive reader before it is handed on. It is a stream
 * like any other for a reader that wants one; a reader that takes the whole file (the loader's
 * readAll) uses `bytes` and skips the stream machinery, which cost ≈ 10 µs an entry: 0.3 s of the
 * 30,000 node files of a 5,000-node bundle, read on the main thread after the Lists.
 */
export class WholeEntry extends Readable {
  constructor(readonly bytes: Buffer) {
    super();
  }

  override _read(): void {
    if (this.bytes.length) this.push(this.bytes);
    this.push(null);
  }
}

/**
 * Reads an entry of `size` declared bytes whole: a WholeEntry, or, if the entry fails (a cut
 * archive), a stream that gives what was read and then that error, as a capped entry would.
 */
export function readWholeEntry(source: NodeJS.ReadableStream, size: number): Promise<Readable> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let total = 0;
    let settled = false;
    const settle = (err?: Error) => {
      if (settled) return;
      settled = true;
      // A copy: the chunks are slices of the inflater's half-MB output, which a kept slice would pin.
      const bytes = Buffer.concat(chunks, total);
      if (!err) return resolve(new WholeEntry(bytes));
      // The error is raised when the stream is read past what was read, not now: no reader is
      // listening yet, and an 'error' with no listener would end the process.
      let given = false;
      resolve(
        new Readable({
          read() {
            if (!given && bytes.length) {
              given = true;
              this.push(bytes);
            } else this.destroy(err);
          },
        }),
      );
    };
    source.on('data', (chunk: Buffer) => {
      // tar gives exactly the declared size; more would be a reader's bug, not a bigger file.
      if (total + chunk.length > size) return;
      total += chunk.length;
      chunks.push(chunk);
    });
    source.once('end', () => settle());
    source.once('error', (err: Error) => settle(err));
    // Closed without an end or an error: the archive stopped inside this entry.
    // (An Error made on every close would cost its stack trace: only when it is needed.)
    source.once('close', () => settled || settle(new Error('the entry ended before its declared size')));
  });
}

/**
 * An archive's entries sit under one top-level directory that is not part of the bundle path (or
 * directly at the root, recognised by the bundle's own top-level names). Entries outside that
 * directory are not the bundle's.
 */
export class TopLevel {
  /** `known`: decided from every name beforehand (a zip's directory): the top directory, or null for none. */
  constructor(private topDir?: string | null) {}

  /** The single directory every name is under, or null (names at the root, or under several). */
  static of(names: Iterable<string>): string | null {
    let top: string | undefined;
    for (const name of names) {
      if (desktopMetadata(name)) continue;
      const segments = name.split('/').filter(Boolean);
      if (segments.length < 2 && !name.endsWith('/')) return null;
      if (top === undefined) top = segments[0];
      else if (segments[0] !== top) return null;
    }
    return top !== undefined && !BUNDLE_ROOT_NAMES.has(top) ? top : null;
  }

  /** The bundle path of an entry name, or why it is not the bundle's. */
  place(name: string, isDirectory = false): { ok: true; path: string } | { ok: false; reason: string } {
    const segments = name.split('/');
    const first = segments[0];
    if (this.topDir === null) return { ok: true, path: name };
    // Streaming (a tar): a file at the root says there is no top directory.
    if (this.topDir === undefined && segments.length === 1 && !isDirectory) this.topDir = null;
    if (this.topDir === null) return { ok: true, path: name };
    if (this.topDir === undefined && first !== undefined && !BUNDLE_ROOT_NAMES.has(first)) this.topDir = first;
    if (this.topDir !== undefined && first === this.topDir) return { ok: true, path: segments.slice(1).join('/') };
    if (this.topDir !== undefined && first !== undefined && !BUNDLE_ROOT_NAMES.has(first)) return { ok: false, reason: `outside the bundle's top-level directory "${this.topDir}/"` };
    return { ok: true, path: name };
  }
}
