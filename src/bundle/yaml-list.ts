// A Kubernetes List (or one object, or several `---` documents of either) in YAML, as must-gather,
// cilium sysdump, calico diags and support-bundle-kit write them: each item delivered with the line
// it starts on, as readJsonList does for JSON. The file is parsed whole (the yaml package keeps
// source ranges), so it is bounded: past MAX_YAML_BYTES it is reported, not read. Streaming YAML
// item by item, for the Lists of very large clusters, is still to be built.
import type { Readable } from 'node:stream';
import { isMap, isScalar, isSeq, LineCounter, parseAllDocuments, type Document, type Node } from 'yaml';
import type { ListItem, ListReadResult } from './json-list.js';

export const MAX_YAML_BYTES = 256 * 1024 * 1024;

export async function readYamlList(stream: Readable, onItem: (item: ListItem) => void, onChunk?: (chunk: Buffer) => void): Promise<ListReadResult> {
  const chunks: Buffer[] = [];
  let bytes = 0;
  for await (const c of stream) {
    const chunk = c as Buffer;
    bytes += chunk.length;
    if (bytes > MAX_YAML_BYTES) {
      stream.destroy();
      return { header: undefined, itemCount: 0, singleObject: false, error: { message: `a YAML file over ${MAX_YAML_BYTES} bytes is not read yet (it would be parsed whole)`, line: 1, column: 1 } };
    }
    chunks.push(chunk);
    onChunk?.(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  const lineCounter = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter, uniqueKeys: false });
  const lineOf = (node: Node | null | undefined) => (node?.range ? lineCounter.linePos(node.range[0]).line : 1);
  // Aliases are expanded at most 100 times: a billion-laughs document errors instead of exploding.
  const toValue = (node: Node, doc: Document.Parsed) => node.toJS(doc, { maxAliasCount: 100 }) as unknown;
  let index = 0;
  let singleObject = false;
  for (const doc of Array.isArray(docs) ? docs : [docs]) {
    if (doc.errors.length) {
      const e = doc.errors[0]!;
      const pos = e.linePos?.[0];
      return { header: undefined, itemCount: index, singleObject, error: { message: `not valid YAML: ${e.message.split('\n')[0]}`, line: pos?.line ?? 1, column: pos?.col ?? 1 } };
    }
    const root = doc.contents;
    if (!root) continue;
    const items = isMap(root) ? root.get('items', true) : isSeq(root) ? root : undefined;
    const noItems = items === null || items === undefined || (isScalar(items) && items.value === null);
    if (isMap(root) && (isSeq(items) || (noItems && /List$/.test(String(root.get('kind') ?? ''))))) {
      for (const it of isSeq(items) ? items.items : []) onItem({ value: toValue(it as Node, doc), line: lineOf(it as Node), index: index++ });
    } else if (isSeq(root)) {
      for (const it of root.items) onItem({ value: toValue(it as Node, doc), line: lineOf(it as Node), index: index++ });
    } else {
      singleObject = true;
      onItem({ value: toValue(root, doc), line: lineOf(root), index: index++ });
    }
  }
  return { header: undefined, itemCount: index, singleObject: singleObject && index === 1 };
}
