// Worker thread: parses and reduces the items of a big List that the main thread's splitter found
// (see parallel-list.ts). JSON.parse of each item is also the check that the splitter's fast path
// cut it at the right place: the first item that fails ends the batch, and the main thread re-reads
// from there with the byte-level splitter.
import { performance } from 'node:perf_hooks';
import { parentPort } from 'node:worker_threads';
import { BatchBuilder, type ItemBatch, type ParallelList } from './list-batches.js';

export interface WorkerRequest {
  id: number;
  list: ParallelList;
  /** The bundle file of the List. */
  file: string;
  /** A new List starts: forget the label sets of the previous one. */
  fresh: boolean;
  bytes: Uint8Array;
  /** Item i is bytes[ends[i-1] ?? 0, ends[i]). */
  ends: number[];
  lines: number[];
}

export interface WorkerResponse {
  id: number;
  batch: ItemBatch;
  /** Index in the request of the first item that is not valid JSON; the items before it are in batch. */
  failedAt?: number;
  /** Milliseconds this batch spent decoding UTF-8, in JSON.parse and reducing (StageTimings). */
  ms: { decode: number; parse: number; reduce: number };
}

let builder: BatchBuilder | undefined;

parentPort?.on('message', (req: WorkerRequest) => {
  if (req.fresh || !builder || builder.list !== req.list || builder.file !== req.file) builder = new BatchBuilder(req.list, req.file);
  const batch = builder.start();
  const bytes = Buffer.from(req.bytes.buffer, req.bytes.byteOffset, req.bytes.byteLength);
  let from = 0;
  let failedAt: number | undefined;
  const ms = { decode: 0, parse: 0, reduce: 0 };
  for (let i = 0; i < req.ends.length; i++) {
    const t0 = performance.now();
    const text = bytes.toString('utf8', from, req.ends[i]);
    from = req.ends[i]!;
    const t1 = performance.now();
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      failedAt = i;
      break;
    }
    const t2 = performance.now();
    builder.add(batch, value, req.lines[i]!, text);
    ms.decode += t1 - t0;
    ms.parse += t2 - t1;
    ms.reduce += performance.now() - t2;
  }
  const res: WorkerResponse = { id: req.id, batch, ms, ...(failedAt !== undefined ? { failedAt } : {}) };
  parentPort!.postMessage(res);
});
