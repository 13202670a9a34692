// A .zip bundle (cilium sysdump, support-bundle-kit, or a bundle directory someone zipped), read
// with the guarantees of the tar reader: never extracted, no name outside the bundle, links
// recorded and never followed, encrypted and unknown entries rejected, inflation bounded per entry,
// per archive and by ratio. yauzl reads the central directory (a zip is random access) and checks
// that every entry inflates to exactly the size it declares.
import type { Entry, ZipFile } from 'yauzl';

/** yauzl, loaded when a zip is opened: a tar.gz never needs it (CONTRIBUTING.md, "a dependency that only some commands or inputs need"). */
const zipLibrary = async () => (await import('yauzl')).default;
import { capEntry, checkEntryPath, desktopMetadata, readWholeEntry, TopLevel, WHOLE_ENTRY_BYTES, type BundleEvent, type BundleLimits, type BundleSource } from './entries.js';

/** Unix file type in the high bits of a zip entry's external attributes (made by Info-ZIP and Go). */
const S_IFMT = 0o170000;
const UNIX_TYPE_REASON: Record<number, string> = {
  0o120000: 'symbolic link (links are never followed)',
  0o020000: 'character device',
  0o060000: 'block device',
  0o010000: 'FIFO',
  0o140000: 'socket',
};
/** Longest link target read (the target is the entry's content). */
const MAX_LINK_TARGET = 4096;

/** decodeStrings off: yauzl would stop the whole archive at the first unsafe name; names are
 * decoded and checked here, entry by entry, so one hostile name is rejected and the rest read. */
const OPTIONS = { lazyEntries: true, autoClose: false, decodeStrings: false, validateEntrySizes: true } as const;

export class ZipSource implements BundleSource {
  readonly kind = 'zip' as const;
  /** `buffer`: a nested zip, read whole first (a zip is random access: its directory is at the end). */
  constructor(
    readonly location: string,
    private readonly limits: BundleLimits,
    private readonly buffer?: Buffer,
  ) {}

  /** Every safe entry name as written (checked, not yet placed under the top directory). */
  private async rawNames(): Promise<string[]> {
    const out: string[] = [];
    const yauzl = await zipLibrary();
    let zip: ZipFile;
    try {
      zip = this.buffer ? await yauzl.fromBufferPromise(this.buffer, OPTIONS) : await yauzl.openPromise(this.location, OPTIONS);
    } catch {
      return out;
    }
    try {
      for (let entry = await nextEntry(zip); entry && out.length < this.limits.maxEntries; entry = await nextEntry(zip)) {
        const raw = yauzl.getFileNameLowLevel(entry.generalPurposeBitFlag, entry.fileNameRaw, entry.extraFields, false);
        const checked = checkEntryPath(raw);
        // A directory entry keeps its slash: `b/` alone says every name is under b/, where `b` would
        // say there is a file at the root (zip -r, Finder and Explorer all write directory entries).
        if (checked.ok && checked.path) out.push(/[\\/]$/.test(raw) ? `${checked.path}/` : checked.path);
      }
    } catch {
      // A damaged directory: events() says so; the names read so far still help decide.
    } finally {
      zip.close();
    }
    return out;
  }

  async paths(): Promise<string[]> {
    const names = await this.rawNames();
    const top = new TopLevel(TopLevel.of(names));
    const out: string[] = [];
    for (const name of names) {
      if (desktopMetadata(name)) continue;
      const isDirectory = name.endsWith('/');
      const placed = top.place(isDirectory ? name.slice(0, -1) : name, isDirectory);
      if (placed.ok && placed.path) out.push(placed.path);
    }
    return out;
  }

  async *events(): AsyncGenerator<BundleEvent> {
    const yauzl = await zipLibrary();
    let zip: ZipFile;
    try {
      zip = this.buffer ? await yauzl.fromBufferPromise(this.buffer, OPTIONS) : await yauzl.openPromise(this.location, OPTIONS);
    } catch (err) {
      yield { type: 'problem', message: `the zip archive could not be read: ${(err as Error).message} (its central directory, at the end of the file, is missing or damaged: a truncated download?)`, fatal: true };
      return;
    }
    // A zip lists its names up front: whether they share one top directory is known before any is read.
    const top = new TopLevel(TopLevel.of(await this.rawNames()));
    let count = 0;
    let inflated = 0;
    let lastPath: string | undefined;
    try {
      for (;;) {
        let entry: Entry | undefined;
        try {
          entry = await nextEntry(zip);
        } catch (err) {
          yield { type: 'problem', path: lastPath, message: `the zip archive is damaged${lastPath ? ` after entry "${lastPath}"` : ''}: ${(err as Error).message}; the entries after that point are missing`, fatal: count === 0 };
          return;
        }
        if (!entry) return;
        const raw = yauzl.getFileNameLowLevel(entry.generalPurposeBitFlag, entry.fileNameRaw, entry.extraFields, false);
        const checked = checkEntryPath(raw);
        if (!checked.ok) {
          yield { type: 'rejected', path: raw, reason: checked.reason };
          continue;
        }
        const desktop = desktopMetadata(checked.path);
        if (desktop) {
          if (!/[\\/]$/.test(raw)) yield { type: 'ignored', path: checked.path, reason: desktop };
          continue;
        }
        const placed = top.place(checked.path, /[\\/]$/.test(raw));
        if (!placed.ok) {
          yield { type: 'rejected', path: checked.path, reason: placed.reason };
          continue;
        }
        const rel = placed.path;
        lastPath = rel;
        if (raw.endsWith('/') || rel === '') continue;
        const unixType = (entry.externalFileAttributes >>> 16) & S_IFMT;
        if (unixType && unixType !== 0o100000 && unixType !== 0o040000) {
          const reason = UNIX_TYPE_REASON[unixType] ?? `unsupported file type ${unixType.toString(8)}`;
          if (unixType === 0o120000) {
            const target = await readSmall(zip, entry);
            yield { type: 'rejected', path: rel, reason: target !== undefined ? `${reason} to ${target}` : reason, ...(target !== undefined ? { link: { kind: 'symlink' as const, target } } : {}) };
          } else yield { type: 'rejected', path: rel, reason };
          continue;
        }
        if (unixType === 0o040000) continue;
        if (entry.isEncrypted()) {
          yield { type: 'rejected', path: rel, reason: 'encrypted entry (a bundle is never encrypted entry by entry)' };
          continue;
        }
        if (entry.compressionMethod !== 0 && entry.compressionMethod !== 8) {
          yield { type: 'rejected', path: rel, reason: `compression method ${entry.compressionMethod} is not supported (only stored and deflate)` };
          continue;
        }
        if (++count > this.limits.maxEntries) {
          yield { type: 'problem', message: `more than ${this.limits.maxEntries} entries; the rest were not read`, fatal: false };
          return;
        }
        // The declared sizes are checked before a byte is inflated (yauzl then holds the entry to
        // its declared size): a bomb is stopped by what it says of itself.
        const declared = entry.uncompressedSize;
        if (inflated + declared > this.limits.maxTotalBytes) {
          yield { type: 'problem', path: rel, message: `the archive inflates past the limit of ${this.limits.maxTotalBytes} bytes at entry "${rel}"; the rest was not read`, fatal: false };
          return;
        }
        if (declared > this.limits.ratioCheckAfterBytes && declared > Math.max(entry.compressedSize, 1) * this.limits.maxRatio) {
          yield { type: 'rejected', path: rel, reason: `inflates ${Math.round(declared / Math.max(entry.compressedSize, 1))} to 1 (${entry.compressedSize} bytes would become ${declared}), more than any real bundle and the mark of a decompression bomb; not read` };
          continue;
        }
        let stream;
        try {
          stream = await zip.openReadStreamPromise(entry);
        } catch (err) {
          yield { type: 'problem', path: rel, message: `entry "${rel}" cannot be read: ${(err as Error).message}`, fatal: false };
          continue;
        }
        inflated += declared;
        if (declared <= WHOLE_ENTRY_BYTES && declared <= this.limits.maxEntryBytes) {
          // As in a tar: small files read whole (yauzl holds the entry to its declared size).
          yield { type: 'file', path: rel, size: declared, stream: await readWholeEntry(stream, declared) };
          continue;
        }
        const capped = capEntry(stream, this.limits.maxEntryBytes, rel);
        yield { type: 'file', path: rel, size: declared, stream: capped.stream };
        await capped.done;
      }
    } finally {
      zip.close();
    }
  }
}

function nextEntry(zip: ZipFile): Promise<Entry | undefined> {
  return new Promise((resolve, reject) => {
    const onEntry = (e: Entry) => done(() => resolve(e));
    const onEnd = () => done(() => resolve(undefined));
    const onError = (err: Error) => done(() => reject(err));
    const done = (then: () => void) => {
      zip.off('entry', onEntry);
      zip.off('end', onEnd);
      zip.off('error', onError);
      then();
    };
    zip.on('entry', onEntry);
    zip.on('end', onEnd);
    zip.on('error', onError);
    zip.readEntry();
  });
}

/** The content of a small entry (a link's target), or undefined when it cannot be read. */
async function readSmall(zip: ZipFile, entry: Entry): Promise<string | undefined> {
  if (entry.uncompressedSize > MAX_LINK_TARGET || !entry.canDecodeFileData()) return undefined;
  try {
    const stream = await zip.openReadStreamPromise(entry);
    const chunks: Buffer[] = [];
    for await (const c of stream) chunks.push(c as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  } catch {
    return undefined;
  }
}

