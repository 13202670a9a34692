// The List splitter: items one at a time, whatever the chunking; errors located; header kept.
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { readJsonList, type ListItem } from '../../src/bundle/json-list.js';

async function read(text: string | Buffer, chunkSize?: number) {
  const buf = Buffer.isBuffer(text) ? text : Buffer.from(text);
  const chunks = chunkSize ? Array.from({ length: Math.ceil(buf.length / chunkSize) }, (_, i) => buf.subarray(i * chunkSize, (i + 1) * chunkSize)) : [buf];
  const items: ListItem[] = [];
  const result = await readJsonList(Readable.from(chunks), (i) => items.push(i));
  return { items, result };
}

const LIST = JSON.stringify(
  {
    apiVersion: 'v1',
    items: [
      { kind: 'Pod', metadata: { name: 'a', annotations: { note: 'brace } bracket ] quote \\" items: [' } } },
      { kind: 'Pod', metadata: { name: 'b' }, spec: { containers: [{ name: 'c', args: ['{', '[', '\\\\'] }] } },
      { kind: 'Pod', metadata: { name: 'ü-日本' } },
    ],
    kind: 'List',
    metadata: { resourceVersion: '' },
  },
  null,
  4,
);
// kubectl's 4-space indentation puts each item's opening brace alone on a line, 8 spaces in.
const ITEM_LINES = LIST.split('\n').flatMap((l, i) => (l === '        {' ? [i + 1] : []));

describe('readJsonList', () => {
  it.each([undefined, 1, 2, 3, 7, 64])('yields each item with its start line (chunks of %s bytes)', async (size) => {
    const { items, result } = await read(LIST, size);
    expect(items.map((i) => (i.value as { metadata: { name: string } }).metadata.name)).toEqual(['a', 'b', 'ü-日本']);
    expect(ITEM_LINES).toHaveLength(3);
    expect(items.map((i) => i.line)).toEqual(ITEM_LINES);
    expect(result).toMatchObject({ itemCount: 3, error: undefined, singleObject: false, header: { apiVersion: 'v1', kind: 'List', metadata: { resourceVersion: '' } } });
  });

  it('accepts items before or after the other keys, a top-level array, and a single object', async () => {
    expect((await read('{"items":[{"a":1}],"kind":"List"}')).result.header).toEqual({ kind: 'List' });
    expect((await read('[{"a":1},{"a":2}]')).items).toHaveLength(2);
    const single = await read('{"kind":"Pod","metadata":{"name":"x"}}');
    expect(single.result.singleObject).toBe(true);
    expect(single.items[0]!.value).toMatchObject({ kind: 'Pod' });
  });

  it('reads a List whose items are null (Go writes an empty slice so) as an empty List, not as one object', async () => {
    const empty = await read('{\n  "kind": "DaemonSetList",\n  "apiVersion": "apps/v1",\n  "metadata": {\n    "resourceVersion": "687"\n  },\n  "items": null\n}');
    expect(empty.items).toEqual([]);
    expect(empty.result).toMatchObject({ itemCount: 0, singleObject: false, header: { kind: 'DaemonSetList' } });
    // A List without any items key too; an object that is no List stays one object.
    expect((await read('{"kind":"PodList","metadata":{}}')).items).toEqual([]);
    expect((await read('{"kind":"ConfigMap","metadata":{"name":"x"},"items":null}')).result.singleObject).toBe(true);
  });

  it('reports a truncated file with the item it stopped in, after delivering the complete ones', async () => {
    const cut = LIST.slice(0, LIST.indexOf('"b"') + 10);
    const { items, result } = await read(cut, 5);
    expect(items).toHaveLength(1);
    expect(result.error?.message).toBe(`the file ends inside item 2 (which starts on line ${ITEM_LINES[1]}): it is truncated`);
  });

  it('reports an item that is not valid JSON, and an empty file', async () => {
    const { items, result } = await read('{"items":[{"a":1},{"a":tru},{"a":3}]}');
    expect(items).toHaveLength(1);
    expect(result.error?.message).toMatch(/item 2 .* is not valid JSON/);
    expect((await read('')).result.error?.message).toMatch(/empty/);
    expect((await read('garbage')).result.error?.message).toMatch(/unexpected character "g"/);
  });

  it('tolerates a UTF-8 BOM', async () => {
    const { items } = await read(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"items":[{"a":1}]}')]));
    expect(items).toHaveLength(1);
  });

  it('streams: each item is delivered before the source has produced more than the next chunk', async () => {
    const item = JSON.stringify({ kind: 'Pod', metadata: { name: 'p', labels: { app: 'x'.repeat(200) } } });
    let produced = 0;
    async function* gen() {
      yield Buffer.from('{"apiVersion":"v1","items":[');
      for (let i = 0; i < 200_000; i++) {
        produced = i;
        yield Buffer.from(i ? `,${item}` : item);
      }
      yield Buffer.from('],"kind":"List"}');
    }
    let count = 0;
    let maxLookahead = 0;
    const result = await readJsonList(Readable.from(gen()), (it) => {
      maxLookahead = Math.max(maxLookahead, produced - it.index);
      count++;
    });
    expect(count).toBe(200_000);
    expect(result.error).toBeUndefined();
    // Readable.from buffers a few chunks ahead; the splitter itself holds at most the current item.
    expect(maxLookahead).toBeLessThanOrEqual(32);
  });
});

// The fast path (newline scan + JSON.parse as the check) against the byte-level splitter, on
// documents formatted in every way that could fool it. Deterministic pseudo-random cases.
describe('readJsonList fast path', () => {
  function rng(seed: number) {
    let x = seed;
    return () => ((x = (x * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
  }
  function randomValue(r: () => number, depth: number): unknown {
    const k = Math.floor(r() * (depth > 3 ? 4 : 7));
    if (k === 0) return Math.floor(r() * 1000);
    if (k === 1) return ['}', '{', ']', '[', '\\', '"', '\n', 'é日', ''][Math.floor(r() * 9)]! + 'x'.repeat(Math.floor(r() * 5));
    if (k === 2) return r() < 0.5;
    if (k === 3) return null;
    if (k === 4) return Array.from({ length: Math.floor(r() * 4) }, () => randomValue(r, depth + 1));
    return Object.fromEntries(Array.from({ length: Math.floor(r() * 4) }, (_, i) => [`k${i}`, randomValue(r, depth + 1)]));
  }
  // Formatters: kubectl-like, other indents, tabs, and hostile ones whose lines look like item ends.
  const formats: Record<string, (doc: { items: unknown[] }) => string> = {
    four: (d) => JSON.stringify(d, null, 4),
    two: (d) => JSON.stringify(d, null, 2),
    tabs: (d) => JSON.stringify(d, null, '\t'),
    compact: (d) => JSON.stringify(d),
    crlf: (d) => JSON.stringify(d, null, 4).replace(/\n/g, '\r\n'),
    // Every line dedented to the item's indent: nested "}" lines look exactly like item ends.
    flattened: (d) => JSON.stringify(d, null, 4).replace(/\n {9,}/g, '\n        '),
    // The item's closing brace glued to the previous line, so the candidate is the next item's end.
    glued: (d) => JSON.stringify(d, null, 4).replace(/\n {8}\}/g, ' }'),
    // Items opened on a line of their own, then compact.
    mixed: (d) => `{"apiVersion":"v1","items":[\n${d.items.map((i) => `    ${JSON.stringify(i)}`).join(',\n')}\n],"kind":"List"}`,
  };
  async function both(text: string, chunkSize: number, fastMaxBytes?: number) {
    const buf = Buffer.from(text);
    const chunks = () => Readable.from(Array.from({ length: Math.ceil(buf.length / chunkSize) }, (_, i) => buf.subarray(i * chunkSize, (i + 1) * chunkSize)));
    const run = async (fastPath: boolean) => {
      const items: { value: unknown; line: number; index: number }[] = [];
      const result = await readJsonList(chunks(), (i) => items.push({ value: i.value, line: i.line, index: i.index }), { fastPath, fastMaxBytes });
      return { items, result };
    };
    return { fast: await run(true), exact: await run(false) };
  }

  for (const [name, format] of Object.entries(formats)) {
    it(`gives what the byte-level splitter gives: ${name}`, async () => {
      const r = rng(name.length * 7919);
      for (let doc = 0; doc < 15; doc++) {
        const items = Array.from({ length: 1 + Math.floor(r() * 6) }, () => ({ kind: 'Pod', ...(randomValue(r, 1) as object), metadata: { name: `p${doc}` } }));
        const text = format({ apiVersion: 'v1', items, kind: 'List' } as { items: unknown[] });
        for (const size of [1, 5, 64, 100_000]) {
          const { fast, exact } = await both(text, size);
          expect(fast).toEqual(exact);
          expect(fast.items.map((i) => i.value)).toEqual(items);
        }
        // Past the size limit the item is re-read by the byte splitter, with the same result.
        const limited = await both(text, 13, 16);
        expect(limited.fast).toEqual(limited.exact);
      }
    });
  }

  it('reports truncation and invalid items exactly as the byte-level splitter does', async () => {
    const text = JSON.stringify({ items: [{ a: 1 }, { b: [1, 2, { c: '}' }] }, { d: 2 }], kind: 'List' }, null, 4);
    for (const cut of [text.length - 3, text.indexOf('"b"') + 20, text.indexOf('"d"')]) {
      const { fast, exact } = await both(text.slice(0, cut), 7);
      expect(fast).toEqual(exact);
      expect(fast.result.error).toBeDefined();
    }
    const bad = text.replace('"c": "}"', '"c": tru');
    const { fast, exact } = await both(bad, 11);
    expect(fast).toEqual(exact);
    expect(fast.result.error?.message).toMatch(/item 2 .* is not valid JSON/);
  });
});
