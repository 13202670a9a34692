// YAML Lists as other tools write them: items with the line they start on, several documents,
// one object per file, errors with their line, and an alias bomb that stops instead of exploding.
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { ListItem } from '../../src/bundle/json-list.js';
import { readYamlList } from '../../src/bundle/yaml-list.js';

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
});
