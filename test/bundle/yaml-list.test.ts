// YAML Lists as other tools write them: items with the line they start on, several documents,
// one object per file, errors with their line, and an alias bomb that stops instead of exploding.
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { ListItem } from '../../src/bundle/json-list.js';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { readYamlList } from '../../src/bundle/yaml-list.js';
import { SAMPLES } from '../helpers/bundles.js';

async function read(text: string) {
  const items: ListItem[] = [];
  const result = await readYamlList(Readable.from([Buffer.from(text)]), (i) => items.push(i));
  return { items, result };
}

describe('readYamlList', () => {
  it('gives each item of a List with its line, across several documents, and one object as one item', async () => {
    const { items, result } = await read('---\napiVersion: v1\nitems:\n- kind: Pod\n  metadata:\n    name: a\n- kind: Pod\n  metadata:\n    name: b\nkind: PodList\n---\nkind: Pod\nmetadata:\n  name: c\n');
    expect(items.map((i) => [(i.value as { metadata: { name: string } }).metadata.name, i.line])).toEqual([['a', 4], ['b', 7], ['c', 12]]);
    expect(result.error).toBeUndefined();
    expect((await read('kind: Node\nmetadata:\n  name: n1\n')).result.singleObject).toBe(true);
    expect((await read('kind: PodList\nitems: null\n')).items).toEqual([]);
  });

  it('reports invalid YAML with its line, and stops an alias bomb', async () => {
    const bad = await read('kind: PodList\nitems:\n- kind: Pod\n  metadata: {name: [unclosed\n');
    expect(bad.result.error?.message).toMatch(/not valid YAML/);
    expect(bad.result.error?.line).toBeGreaterThan(1);
    const lol = ['a: &a ["x","x","x","x","x","x","x","x","x","x"]', ...Array.from({ length: 8 }, (_, i) => `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)}]`)].join('\n');
    await expect(read(lol)).rejects.toThrow(/alias/i);
  });

  it('splits a List in the printers\' layout item by item as it streams, kind after the items', async () => {
    const pulled: number[] = [];
    const seen: number[] = [];
    const N = 2000;
    async function* producer() {
      yield Buffer.from('apiVersion: v1\nitems:\n');
      for (let i = 0; i < N; i++) {
        pulled.push(i);
        yield Buffer.from(`- metadata:\n    name: p-${i}\n    annotations:\n      note: |\n        - not an item\n        kind: not a key\n  spec:\n    containers:\n    - name: c\n`);
      }
      yield Buffer.from('kind: PodList\nmetadata:\n  resourceVersion: "1"\n');
    }
    const result = await readYamlList(Readable.from(producer()), (i) => {
      seen.push(pulled.length);
      expect((i.value as { metadata: { annotations: { note: string } } }).metadata.annotations.note).toBe('- not an item\nkind: not a key\n');
    });
    expect(result).toMatchObject({ itemCount: N, singleObject: false });
    expect(result.error).toBeUndefined();
    // Items were delivered while the List was still arriving: never held whole.
    expect(seen[0]).toBeLessThan(5);
    expect(seen[N / 2]).toBeLessThan(N / 2 + 5);
  });

  it('reads the layouts that are not the printers\' whole: indented items, flow style, empty Lists', async () => {
    const indented = await read('kind: PodList\nitems:\n  - metadata:\n      name: a\n  - metadata:\n      name: b\n');
    expect(indented.items.map((i) => [(i.value as { metadata: { name: string } }).metadata.name, i.line])).toEqual([['a', 3], ['b', 5]]);
    expect((await read('{"kind": "PodList", "items": [{"metadata": {"name": "x"}}]}\n')).items).toHaveLength(1);
    expect((await read('apiVersion: v1\nitems: []\nkind: List\n')).items).toEqual([]);
    // A bare sequence of objects (old troubleshoot custom resources).
    expect((await read('- metadata:\n    name: a\n- metadata:\n    name: b\n')).items.map((i) => i.line)).toEqual([1, 3]);
    // An item that is not valid YAML: its line in the file, the items before it delivered.
    const bad = await read('items:\n- metadata:\n    name: ok\n- metadata:\n    name: [unclosed\nkind: List\n');
    expect(bad.items).toHaveLength(1);
    expect(bad.result.error).toMatchObject({ message: expect.stringMatching(/not valid YAML/) });
    expect(bad.result.error!.line).toBeGreaterThanOrEqual(4);
  });

  // Split items go through the fast parser unless they hold an anchor, alias or tag: whatever path an
  // item takes, the values are the yaml library's reading of the whole document.
  it('gives the values of a whole-document parse for every YAML List of the foreign samples', async () => {
    const files = readdirSync(SAMPLES).filter((d) => d.startsWith('foreign-')).flatMap((d) =>
      (readdirSync(path.join(SAMPLES, d), { recursive: true }) as string[]).filter((f) => /\.ya?ml$/.test(f) && f !== 'expected.yaml').map((f) => path.join(SAMPLES, d, f)));
    expect(files.length).toBeGreaterThan(20);
    let compared = 0;
    for (const f of files) {
      const text = readFileSync(f, 'utf8');
      const docs = parseAllDocuments(text, { uniqueKeys: false });
      const reference = (Array.isArray(docs) ? docs : [docs]).flatMap((d) => {
        const v = d.toJS({ maxAliasCount: 100 }) as { items?: unknown[] | null; kind?: string } | null;
        if (v && Array.isArray(v.items)) return v.items;
        if (v && v.items === null && /List$/.test(v.kind ?? '')) return [];
        return Array.isArray(v) ? v : v ? [v] : [];
      });
      const { items } = await read(text);
      expect(items.map((i) => i.value), f).toEqual(reference);
      compared += items.length;
    }
    expect(compared).toBeGreaterThan(100);
  });

  it('reads an item with anchors and aliases through the guarded parser, the bomb stopped there too', async () => {
    const ok = await read('kind: PodList\nitems:\n- metadata:\n    labels: &l\n      app: a\n  spec:\n    nodeSelector: *l\n- metadata:\n    name: b\n');
    expect(ok.items.map((i) => i.value)).toEqual([{ metadata: { labels: { app: 'a' } }, spec: { nodeSelector: { app: 'a' } } }, { metadata: { name: 'b' } }]);
    const rows = ['- a: &a ["x","x","x","x","x","x","x","x","x","x"]', ...Array.from({ length: 8 }, (_, i) => `  ${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(10).fill(`*${String.fromCharCode(97 + i)}`).join(',')}]`)];
    await expect(read(['kind: PodList', 'items:', '- metadata:', '    name: fine', ...rows].join('\n'))).rejects.toThrow(/alias/i);
  });
});
