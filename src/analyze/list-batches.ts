// Pods and events reduced in batches, for the worker thread that parses big Lists (list-worker.ts)
// while the main thread splits the next ones. A batch carries what the loader keeps of each item
// (see pod-index.ts and LoadState), not full records: copying 150,000 records between threads would
// cost more than it saves.
import { reduceEvent, reducePod } from '../bundle/k8s.js';
import type { EventRecord, PodRecord } from '../model/k8s.js';
import { performance } from 'node:perf_hooks';
import { lineOfField } from '../bundle/json-list.js';
import { labelSetKey, retainsFullRecord, type PodSummary } from './pod-index.js';
import { TextSet } from './text-map.js';

export type ParallelList = 'pods' | 'events';

export interface PodBatch {
  list: 'pods';
  summaries: PodSummary[];
  /** Full records: those retainsFullRecord keeps, and candidates to stand for their label set. */
  records: { at: number; record: PodRecord; labelSet?: string }[];
  skipped: number;
}

export interface EventBatch {
  list: 'events';
  count: number;
  newest: number;
  kept: EventRecord[];
  skipped: number;
}

export type ItemBatch = PodBatch | EventBatch;

/** Events rules read one by one; the rest are only counted. */
export function retainsEvent(e: EventRecord): boolean {
  return e.type === 'Warning' || e.reason === 'FailedCreatePodSandBox' || e.reason.includes('CIDRNotAvailable');
}

/** Builds batches of one List; `seen` spans the List, so each label set is offered once. */
export class BatchBuilder {
  private readonly seenLabelSets = new TextSet();
  /** keepAll: every record in full (the reference path). */
  constructor(
    readonly list: ParallelList,
    /** The bundle file the List is read from (records and summaries say where they came from). */
    readonly file: string,
    private readonly keepAll = false,
  ) {}

  start(): ItemBatch {
    return this.list === 'pods' ? { list: 'pods', summaries: [], records: [], skipped: 0 } : { list: 'events', count: 0, newest: 0, kept: [], skipped: 0 };
  }

  add(batch: ItemBatch, value: unknown, line: number, text: string): void {
    if (batch.list === 'pods') {
      const r = reducePod(value, this.file, line);
      if (!r) {
        batch.skipped++;
        return;
      }
      const at = batch.summaries.length;
      batch.summaries.push({ namespace: r.namespace, name: r.name, nodeName: r.nodeName, file: r.file, line: r.line, phase: r.phase, hostNetwork: r.hostNetwork, podIPs: r.podIPs, containerCreating: r.containerCreating });
      if (this.keepAll || retainsFullRecord(r)) batch.records.push({ at, record: r });
      else if (!r.hostNetwork) {
        const labelSet = labelSetKey(r);
        if (!this.seenLabelSets.has(labelSet)) {
          this.seenLabelSets.add(labelSet);
          batch.records.push({ at, record: r, labelSet });
        }
      }
    } else {
      const r = reduceEvent(value, this.file, line);
      if (!r) {
        batch.skipped++;
        return;
      }
      batch.count++;
      const time = Date.parse(r.time ?? '');
      if (time > batch.newest) batch.newest = time;
      if (this.keepAll || retainsEvent(r)) {
        r.line = lineOfField(text, line, '"message"');
        batch.kept.push(r);
      }
    }
  }
}

export interface ParsedBatch {
  batch: ItemBatch;
  /** Index of the first item that is not valid JSON; the items before it are in batch. */
  failedAt?: number;
  /** Milliseconds spent decoding UTF-8, in JSON.parse and reducing (StageTimings). */
  ms: { decode: number; parse: number; reduce: number };
}

/**
 * Parses and reduces `count` items cut by the fast path, on whichever thread has the time (the worker,
 * or the main thread when the worker is behind: parallel-list.ts). JSON.parse of each item is also
 * the check that the cut was right: the first item that fails ends the batch.
 */
export function parseBatch(builder: BatchBuilder, count: number, textOf: (i: number) => string, lineOf: (i: number) => number): ParsedBatch {
  const batch = builder.start();
  const ms = { decode: 0, parse: 0, reduce: 0 };
  let failedAt: number | undefined;
  for (let i = 0; i < count; i++) {
    const t0 = performance.now();
    const text = textOf(i);
    const t1 = performance.now();
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      failedAt = i;
      break;
    }
    const t2 = performance.now();
    builder.add(batch, value, lineOf(i), text);
    ms.decode += t1 - t0;
    ms.parse += t2 - t1;
    ms.reduce += performance.now() - t2;
  }
  return failedAt === undefined ? { batch, ms } : { batch, ms, failedAt };
}
