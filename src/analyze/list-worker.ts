// Worker thread: parses and reduces the items of a big List that the main thread's splitter found
// (see parallel-list.ts and parseBatch). The first item that is not valid JSON ends the batch, and
// the main thread re-reads from there with the byte-level splitter.
import { parentPort, workerData } from 'node:worker_threads';
import { BatchBuilder, parseBatch, type ParsedBatch, type ParallelList } from './list-batches.js';

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

export interface WorkerResponse extends ParsedBatch {
  id: number;
  /** The request's bytes, handed back so the main thread fills them again (see ListWorkerPool.buffer). */
  bytes: Uint8Array;
}

let builder: BatchBuilder | undefined;
/** Batches finished, shared with the main thread (ListWorkerPool.behind), which reads it between messages. */
const finished = (workerData as { finished?: Int32Array } | undefined)?.finished;

parentPort?.on('message', (req: WorkerRequest) => {
  if (req.fresh || !builder || builder.list !== req.list || builder.file !== req.file) builder = new BatchBuilder(req.list, req.file);
  const bytes = Buffer.from(req.bytes.buffer, req.bytes.byteOffset, req.bytes.byteLength);
  const parsed = parseBatch(builder, req.ends.length, (i) => bytes.toString('utf8', req.ends[i - 1] ?? 0, req.ends[i]), (i) => req.lines[i]!);
  const res: WorkerResponse = { id: req.id, ...parsed, bytes: req.bytes };
  if (finished) Atomics.add(finished, 0, 1);
  parentPort!.postMessage(res, [req.bytes.buffer as ArrayBuffer]);
});
