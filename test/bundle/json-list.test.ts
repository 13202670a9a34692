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
