// Reads a big List on two cores: the main thread splits it (the fast path: a newline scan), a worker
// thread parses and reduces the items (list-worker.ts), and the results are applied in file order.
// Splitting costs less than parsing, so the main thread would wait on the worker: when the worker
// has MAX_IN_FLIGHT batches queued, the main thread parses the next batch itself (parseBatch, the
// same code) rather than wait. Each thread offers the first pod of a label set it sees; the loader
// keeps the first in file order, so which thread read which batch never shows in a report.
//
// The fast path's cuts are unverified until the worker's JSON.parse accepts them. The bytes from the
// oldest unconfirmed item on are kept (a few MB: the number of batches in flight is bounded), so when
// the worker rejects an item the read resumes at that item with the byte-level splitter on the main
// thread, and the report is what the single-threaded read gives. A worker that dies is treated the
// same way.
import { Worker } from 'node:worker_threads';
import { Readable } from 'node:stream';
import { readJsonList, type ListItem, type ListReadResult } from '../bundle/json-list.js';
import { BatchBuilder, parseBatch, type ItemBatch, type ParallelList, type ParsedBatch } from './list-batches.js';
import type { WorkerRequest, WorkerResponse } from './list-worker.js';

// Half-MB batches, 3 in flight, 4 waiting at most: farm-bench on the large bundle, against 1 MB / 4 / 6,
// gives the same wall time and ≈ 11 MB less peak memory (fewer parsed batches alive at once).
const BATCH_BYTES = 512 * 1024;
const MAX_IN_FLIGHT = 3;
/** Batches read but not yet applied (in flight, or parsed and waiting for an older one): bounds the bytes kept. */
const MAX_QUEUED = 4;
/** Buffers kept for reuse: one per batch that can be in flight, and one being filled. */
const MAX_SPARE = MAX_QUEUED + 1;

/** One worker thread, started on first use and shared by the Lists of a bundle. */
export class ListWorkerPool {
  private worker?: Worker;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (r: WorkerResponse) => void; reject: (e: Error) => void }>();
  private broken?: Error;
  /** Milliseconds the thread spent on each part of its work, summed over its batches. */
  readonly busy = { decode: 0, parse: 0, reduce: 0 };
  /** The same, for the batches the main thread parsed while the worker was behind. */
  readonly mainBusy = { decode: 0, parse: 0, reduce: 0, batches: 0 };
  /**
   * Batch buffers the worker handed back, refilled rather than a fresh zero-filled half-MB per batch
   * (and an item that spans stream chunks is copied once, into its batch, not concatenated first).
   */
  private readonly spare: Uint8Array[] = [];

  private finished: Int32Array<ArrayBufferLike> = new Int32Array(1);
  private sent = 0;

  /** `workerUrl` replaces the worker script (tests use one that does not exist). */
  constructor(private readonly workerUrl?: URL) {}

  private start(): Worker {
    if (this.worker) return this.worker;
    // From sources (tests), the worker is TypeScript too and needs tsx's loader; built, it is plain JS.
    const fromSource = import.meta.url.endsWith('.ts');
    const url = this.workerUrl ?? new URL(fromSource ? './list-worker.ts' : './list-worker.js', import.meta.url);
    // Counts the batches the thread has finished, live: its answers wait for the main thread to
    // turn to its event loop, which it does only between stream chunks.
    this.finished = new Int32Array(new SharedArrayBuffer(4));
    this.sent = 0;
    const workerData = { finished: this.finished };
    const worker = new Worker(url, fromSource ? { execArgv: ['--import', 'tsx'], workerData } : { workerData });
    worker.unref();
    worker.on('message', (res: WorkerResponse) => {
      if (this.spare.length < MAX_SPARE) this.spare.push(res.bytes);
      this.busy.decode += res.ms.decode;
      this.busy.parse += res.ms.parse;
      this.busy.reduce += res.ms.reduce;
      const p = this.pending.get(res.id);
      this.pending.delete(res.id);
      p?.resolve(res);
    });
    const fail = (err: Error) => {
      if (this.worker !== worker) return;
      this.broken = err;
      for (const p of this.pending.values()) p.reject(err);
      this.pending.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`the parsing thread exited (code ${code})`)));
    this.worker = worker;
    return worker;
  }

  /**
   * Batches sent that the thread has not finished yet. Unlike counting answers received, this is
   * current in the middle of a chunk, so the main thread parses a batch itself only when the thread
   * really is behind, not while it sits idle with its answers waiting to be read.
   */
  get queued(): number {
    return this.sent - Atomics.load(this.finished, 0);
  }

  /** The thread failed to start or died: sending fails, and the caller reads on the main thread. */
  get isBroken(): boolean {
    return this.broken !== undefined;
  }

  /** A buffer of at least `size` bytes to fill and send (its contents are not cleared). */
  buffer(size: number): Uint8Array {
    const i = this.spare.findIndex((b) => b.byteLength >= size);
    if (i >= 0) return this.spare.splice(i, 1)[0]!;
    // Its own ArrayBuffer (never the shared pool's), so it can be transferred.
    return Buffer.allocUnsafeSlow(Math.max(size, 2 * BATCH_BYTES));
  }

  send(req: Omit<WorkerRequest, 'id'>): Promise<WorkerResponse> {
    if (this.broken) return Promise.reject(this.broken);
    let worker: Worker;
    try {
      worker = this.start();
    } catch (err) {
      // No thread (resource limits, a broken install): the caller re-reads on the main thread.
      this.broken = err as Error;
      return Promise.reject(this.broken);
    }
    const id = this.nextId++;
    this.sent++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.postMessage({ ...req, id }, [req.bytes.buffer as ArrayBuffer]);
    });
  }

  /** Stops the thread (and frees its heap); the next send() starts a new one. */
  async close(): Promise<void> {
    const w = this.worker;
    this.worker = undefined;
    this.broken = undefined;
    this.spare.length = 0;
    if (w) {
      w.removeAllListeners('exit');
      await w.terminate();
    }
  }
}

interface Unverified {
  line: number;
  index: number;
  offset: number;
  length: number;
}

type Entry =
  | { kind: 'parsed'; item: ListItem }
  | { kind: 'batch'; items: Unverified[]; settled?: ParsedBatch | Error };

export interface ParallelSink {
  /** Items the byte-level splitter found (parsed on the main thread). */
  onItem(item: ListItem): void;
  /** Items the worker parsed and reduced. */
  onBatch(batch: ItemBatch): void;
}

class AbortRead extends Error {}

export async function readListInParallel(
  stream: Readable,
  pool: ListWorkerPool,
  list: ParallelList,
  file: string,
  sink: ParallelSink,
  options: {
    keepText?: boolean;
    /** Bytes per batch sent to the worker (tests lower it). */
    batchBytes?: number;
    /** Batches queued on the worker before the main thread parses the next one itself (tests lower it). */
    maxInFlight?: number;
  } = {},
): Promise<ListReadResult> {
  const batchBytes = options.batchBytes ?? BATCH_BYTES;
  const maxInFlight = options.maxInFlight ?? MAX_IN_FLIGHT;
  let local: BatchBuilder | undefined;
  const source = stream[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  // Chunks from the oldest byte that may still be needed (see trim()).
  const window: { offset: number; buf: Buffer }[] = [];
  let streamOffset = 0;
  const queue: Entry[] = [];
  let inFlight = 0;
  let wake: (() => void) | undefined;
  let failure: Unverified | undefined;
  let fresh = true;
  let currentItemStart = 0;

  // The batch being filled: the items' parts in order (an item may have several).
  let parts: Buffer[] = [];
  /** The main thread's batch buffer, when it parses a batch itself (reused: parsing is synchronous). */
  let scratch = Buffer.alloc(0);
  let items: Unverified[] = [];
  let bytes = 0;

  // The batch's items, one after the other, in `buf`; item i ends at ends[i].
  const gather = (buf: Uint8Array): number[] => {
    let at = 0;
    for (const p of parts) {
      buf.set(p, at);
      at += p.length;
    }
    const ends: number[] = [];
    at = 0;
    for (const item of items) ends.push((at += item.length));
    return ends;
  };
  const flush = () => {
    if (!items.length) return;
    if (pool.queued >= maxInFlight && !pool.isBroken) {
      // The worker is behind: read this batch here. A broken worker is not "behind": its batches
      // fail and the byte-level splitter takes over (below).
      local ??= new BatchBuilder(list, file);
      if (scratch.length < bytes) scratch = Buffer.allocUnsafeSlow(Math.max(bytes, 2 * batchBytes));
      const text = scratch;
      const ends = gather(text);
      const lines = items;
      const settled = parseBatch(local, lines.length, (i) => text.toString('utf8', ends[i - 1] ?? 0, ends[i]), (i) => lines[i]!.line);
      pool.mainBusy.decode += settled.ms.decode;
      pool.mainBusy.parse += settled.ms.parse;
      pool.mainBusy.reduce += settled.ms.reduce;
      pool.mainBusy.batches++;
      queue.push({ kind: 'batch', items, settled });
      parts = [];
      items = [];
      bytes = 0;
      drain();
      return;
    }
    const buf = pool.buffer(bytes);
    const ends = gather(buf);
    const entry: Entry = { kind: 'batch', items };
    const result = pool.send({ list, file, fresh, bytes: buf, ends, lines: items.map((i) => i.line) });
    fresh = false;
    inFlight++;
    result.then(
      (r) => ((entry.settled = r), settle()),
      (e: Error) => ((entry.settled = e), settle()),
    );
    queue.push(entry);
    parts = [];
    items = [];
    bytes = 0;
  };
  const settle = () => {
    inFlight--;
    drain();
    wake?.();
  };
  // Applies settled entries in order, up to the first unsettled one or the first failure.
  const drain = () => {
    while (queue.length && !failure) {
      const head = queue[0]!;
      if (head.kind === 'parsed') {
        sink.onItem(head.item);
        queue.shift();
        continue;
      }
      if (!head.settled) return;
      queue.shift();
      if (head.settled instanceof Error) {
        failure = head.items[0];
        return;
      }
      sink.onBatch(head.settled.batch);
      if (head.settled.failedAt !== undefined) failure = head.items[head.settled.failedAt];
    }
  };
  const oldestNeeded = (): number => {
    let oldest = failure ? Math.min(currentItemStart, failure.offset) : currentItemStart;
    for (const e of queue) if (e.kind === 'batch' && e.items.length) oldest = Math.min(oldest, e.items[0]!.offset);
    if (items.length) oldest = Math.min(oldest, items[0]!.offset);
    return oldest;
  };
  const trim = () => {
    const keepFrom = oldestNeeded();
    while (window.length && window[0]!.offset + window[0]!.buf.length <= keepFrom) window.shift();
  };

  async function* chunks(): AsyncGenerator<Buffer> {
    for (;;) {
      while (queue.length >= MAX_QUEUED && inFlight > 0 && !failure) await new Promise<void>((r) => (wake = r));
      if (failure) throw new AbortRead('resuming with the byte-level splitter');
      const next = await source.next();
      if (next.done) return;
      const buf = next.value;
      window.push({ offset: streamOffset, buf });
      streamOffset += buf.length;
      trim();
      yield buf;
    }
  }

  const first = await readJsonList(Readable.from(chunks()), (item) => {
    flush();
    queue.push({ kind: 'parsed', item });
    drain();
  }, {
    keepText: options.keepText,
    onItemStart: (offset) => {
      currentItemStart = offset;
    },
    onUnparsed: ({ parts: itemParts, line, index, offset }) => {
      // Chunks are never reused by the stream, so holding the parts until flush() copies them is safe.
      let length = 0;
      for (const p of itemParts) {
        parts.push(p);
        length += p.length;
      }
      items.push({ line, index, offset, length });
      bytes += length;
      if (bytes >= batchBytes) flush();
    },
  });
  flush();
  while (queue.length && !failure) {
    drain();
    if (queue.length && !failure) await new Promise<void>((r) => (wake = r));
  }
  if (!failure) return first;

  // Resume at the rejected item with the byte-level splitter, on the bytes kept since then and the
  // rest of the stream. Results of items after it (if the worker got to them) are dropped.
  const at = failure;
  queue.length = 0;
  const entry = first.itemsEntry;
  if (!entry) return first; // cannot happen: an item was delivered, so the items array was entered
  async function* rest(): AsyncGenerator<Buffer> {
    for (const w of window) {
      const end = w.offset + w.buf.length;
      if (end <= at.offset) continue;
      yield w.offset >= at.offset ? w.buf : w.buf.subarray(at.offset - w.offset);
    }
    for (;;) {
      const next = await source.next();
      if (next.done) return;
      yield next.value;
    }
  }
  return readJsonList(Readable.from(rest()), (item) => sink.onItem(item), {
    keepText: options.keepText,
    fastPath: false,
    resume: { ...entry, line: at.line, index: at.index, offset: at.offset },
  });
}
