// Writes the bundle as a .tar.gz, entries under one top-level directory, into a temporary file that
// is renamed into place only when complete.
import { createReadStream, createWriteStream, statSync } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import tar from 'tar-stream';

export class BundleWriter {
  private readonly pack = tar.pack();
  private readonly done: Promise<void>;
  private readonly tmp: string;
  private readonly written = new Set<string>();
  private chain: Promise<void> = Promise.resolve();
  /** The output failed (cannot be created, disk full): every later call rejects with it. */
  private failed?: Error;

  constructor(
    private readonly file: string,
    private readonly top: string,
    /** Applied to the content of every add() (the collector's redaction); addFile() streams as is. */
    private readonly transform: (path: string, content: Buffer) => Buffer = (_p, c) => c,
  ) {
    this.tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.partial`);
    this.done = pipeline(this.pack, createGzip(), createWriteStream(this.tmp, { mode: 0o600 }));
    // Seen here at once, not only at finish(): an output that cannot be opened must fail the next
    // add() (with its errno, so the CLI can say "cannot write"), never become an unhandled rejection.
    this.done.catch((err: Error) => {
      this.failed ??= err;
    });
  }

  private next(write: () => Promise<void>): Promise<void> {
    this.chain = this.chain.then(() => (this.failed ? Promise.reject(this.failed) : write()));
    return this.chain;
  }

  has(p: string): boolean {
    return this.written.has(p);
  }

  /** Adds a file; calls are serialised (a tar is sequential). */
  add(p: string, content: Buffer | string): Promise<void> {
    this.written.add(p);
    const buf = this.transform(p, typeof content === 'string' ? Buffer.from(content) : content);
    return this.next(
      () =>
        new Promise<void>((resolve, reject) => {
          this.pack.entry({ name: `${this.top}/${p}`, size: buf.length, mode: 0o644, mtime: new Date(0) }, buf, (err) => (err ? reject(this.failed ?? err) : resolve()));
        }),
    );
  }

  /** Adds a file from disk, streamed (Lists of a large cluster do not fit in memory). */
  addFile(p: string, source: string): Promise<void> {
    this.written.add(p);
    return this.next(
      () =>
        new Promise<void>((resolve, reject) => {
          const entry = this.pack.entry({ name: `${this.top}/${p}`, size: statSync(source).size, mode: 0o644, mtime: new Date(0) }, (err) => (err ? reject(this.failed ?? err) : resolve()));
          pipeline(createReadStream(source), entry).catch(reject);
        }),
    );
  }

  /** Records a link as a link (`redact` keeps what the input held; nothing here follows it). */
  addLink(p: string, kind: 'symlink' | 'link', target: string): Promise<void> {
    this.written.add(p);
    return this.next(
      () =>
        new Promise<void>((resolve, reject) => {
          this.pack.entry({ name: `${this.top}/${p}`, type: kind, linkname: target, mode: 0o777, mtime: new Date(0) }, (err) => (err ? reject(this.failed ?? err) : resolve()));
        }),
    );
  }

  async finish(): Promise<void> {
    await this.chain;
    this.pack.finalize();
    await this.done;
    await rename(this.tmp, this.file);
  }

  async abort(): Promise<void> {
    this.pack.destroy();
    await this.done.catch(() => undefined);
    await rm(this.tmp, { force: true });
  }
}
