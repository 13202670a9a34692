// The two-thread List reader gives exactly what the single-threaded reader gives — including on
// documents formatted to fool the fast path, where the worker rejects a cut and the read resumes
// with the byte-level splitter — and keeps file order across batches.
import { Readable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { readJsonList } from '../src/bundle/json-list.js';
import { BatchBuilder, type ItemBatch } from '../src/analyze/list-batches.js';
import { ListWorkerPool, readListInParallel } from '../src/analyze/parallel-list.js';

const pool = new ListWorkerPool();
afterAll(() => pool.close());

function rng(seed: number) {
  let x = seed;
  return (n: number) => Math.floor(((x = (x * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff) * n);
}

function pods(count: number, seed: number) {
  const r = rng(seed);
  return Array.from({ length: count }, (_, i) => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: `pod-${i}`, namespace: ['default', 'kube-system', 'shop'][r(3)], labels: { app: `a${r(4)}` }, annotations: { note: ['}', '{\n}', '        }', ']'][r(4)] } },
    spec: { nodeName: `node-${r(5)}`, hostNetwork: r(5) === 0, containers: [{ name: 'c', image: 'img', env: [{ name: 'X', value: '}' }] }] },
    status: { phase: ['Running', 'Pending'][r(2)], podIP: `10.0.${r(256)}.${r(256)}`, containerStatuses: [{ name: 'c', ready: r(2) === 0, restartCount: r(3) }] },
  }));
}

const formats: Record<string, (d: object) => string> = {
  kubectl: (d) => JSON.stringify(d, null, 4),
  two: (d) => JSON.stringify(d, null, 2),
  compact: (d) => JSON.stringify(d),
  // Nested closing braces on lines that look exactly like an item's end: the worker rejects cuts.
  flattened: (d) => JSON.stringify(d, null, 4).replace(/\n {9,}/g, '\n        '),
  glued: (d) => JSON.stringify(d, null, 4).replace(/\n {8}\}/g, ' }'),
};

/**
 * What the loader keeps, as plain data: every summary, and every record kept, in order — a record
 * offered for a label set only if no earlier one was (the loader's rule: each thread offers the first
 * of a label set it sees, and the first in file order wins).
 */
function collector() {
  const builder = new BatchBuilder('pods', 'cluster/pods.json');
  const out: { summaries: unknown[]; records: unknown[]; skipped: number } = { summaries: [], records: [], skipped: 0 };
  const labelSets = new Set<string>();
  const apply = (b: ItemBatch) => {
    if (b.list !== 'pods') throw new Error('pods expected');
    out.summaries.push(...b.summaries);
    for (const r of b.records) {
      if (r.labelSet !== undefined) {
        if (labelSets.has(r.labelSet)) continue;
        labelSets.add(r.labelSet);
      }
      out.records.push([r.record.name, r.labelSet ?? null]);
    }
    out.skipped += b.skipped;
  };
  return {
    out,
    onBatch: apply,
    onItem: (item: { value: unknown; line: number; text?: string }) => {
      const batch = builder.start();
      builder.add(batch, item.value, item.line, item.text ?? '');
      apply(batch);
    },
  };
}

const chunked = (text: string, size: number) => {
  const buf = Buffer.from(text);
  return Readable.from(Array.from({ length: Math.ceil(buf.length / size) }, (_, i) => buf.subarray(i * size, (i + 1) * size)));
};

describe('readListInParallel', () => {
  for (const [name, format] of Object.entries(formats)) {
    it(`gives what the single-threaded reader gives: ${name}`, async () => {
      for (const seed of [1, 2, 3]) {
        const text = format({ apiVersion: 'v1', items: pods(120, seed), kind: 'List', metadata: { resourceVersion: '9' } });
        for (const size of [97, 4096]) {
          const single = collector();
          const expected = await readJsonList(chunked(text, size), single.onItem, { fastPath: false });
          const parallel = collector();
          const got = await readListInParallel(chunked(text, size), pool, 'pods', 'cluster/pods.json', parallel, { batchBytes: 2000 });
          expect(parallel.out).toEqual(single.out);
          expect(single.out.summaries).toHaveLength(120);
          expect({ ...got, itemsEntry: undefined }).toEqual({ ...expected, itemsEntry: undefined });
          expect(got.header).toEqual({ apiVersion: 'v1', kind: 'List', metadata: { resourceVersion: '9' } });
        }
      }
    });
  }

  it('gives the same when the main thread parses the batches the worker is behind on', async () => {
    for (const [name, format] of Object.entries(formats)) {
      const text = format({ apiVersion: 'v1', items: pods(150, 5), kind: 'List' });
      const single = collector();
      await readJsonList(chunked(text, 512), single.onItem, { fastPath: false });
      const shared = new ListWorkerPool();
      try {
        const parallel = collector();
        await readListInParallel(chunked(text, 512), shared, 'pods', 'cluster/pods.json', parallel, { batchBytes: 1500, maxInFlight: 1 });
        expect(parallel.out, name).toEqual(single.out);
        // Batches were parsed on both threads, or the test would prove nothing about sharing (a new
        // thread takes milliseconds to start, so the first batches find it behind).
        // (Only indented Lists take the fast path that makes batches.)
        if (name === 'kubectl' || name === 'two') expect(shared.mainBusy.batches, name).toBeGreaterThan(0);
        expect(single.out.records.length, name).toBeGreaterThan(0);
      } finally {
        await shared.close();
      }
    }
  });

  it('reports a truncated or invalid List as the single-threaded reader does, after the same items', async () => {
    const text = JSON.stringify({ apiVersion: 'v1', items: pods(60, 9), kind: 'List' }, null, 4);
    for (const bad of [text.slice(0, Math.floor(text.length * 0.7)), text.replace('"pod-41"', '"pod-41" oops')]) {
      const single = collector();
      const expected = await readJsonList(chunked(bad, 500), single.onItem, { fastPath: false });
      const parallel = collector();
      const got = await readListInParallel(chunked(bad, 500), pool, 'pods', 'cluster/pods.json', parallel, { batchBytes: 3000 });
      expect(expected.error).toBeDefined();
      expect(got.error).toEqual(expected.error);
      expect(got.itemCount).toBe(expected.itemCount);
      expect(parallel.out).toEqual(single.out);
    }
  });

  it('reads everything on the main thread when the worker cannot run', async () => {
    const broken = new ListWorkerPool(new URL('./no-such-worker.js', import.meta.url));
    try {
      const text = JSON.stringify({ apiVersion: 'v1', items: pods(80, 4), kind: 'List' }, null, 4);
      const single = collector();
      const expected = await readJsonList(chunked(text, 700), single.onItem, { fastPath: false });
      const parallel = collector();
      const got = await readListInParallel(chunked(text, 700), broken, 'pods', 'cluster/pods.json', parallel, { batchBytes: 3000 });
      expect(parallel.out).toEqual(single.out);
      expect(single.out.summaries).toHaveLength(80);
      expect(got.error).toBeUndefined();
      expect(got.itemCount).toBe(expected.itemCount);
    } finally {
      await broken.close();
    }
  });
});

