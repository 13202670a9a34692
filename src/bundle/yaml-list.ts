// A Kubernetes List (or one object, or several `---` documents of either) in YAML, as must-gather,
// cilium sysdump, calico diags and support-bundle-kit write them: each item delivered with the line
// it starts on, as readJsonList does for JSON.
//
// Every producer's YAML comes from a Kubernetes printer (sigs.k8s.io/yaml): `items:` at column 0,
// then each item as a column-0 `- ` line and lines indented under it, then the List's other keys
// (sysdump's `kind` comes after its items). So a List is split line by line and each item parsed on
// its own: memory holds one item, never the List. A document that does not follow that shape (a
// sequence indented under `items:`, flow style, one object) is parsed whole, bounded by
// MAX_YAML_BYTES. Aliases are expanded at most 100 times: a billion-laughs document errors instead
// of exploding.
//
// Items of a split List are parsed by js-yaml (several times faster than the yaml library, whose
// document model the whole-document path needs) when they hold no anchor, alias or tag — the
// printers never write one; any item that has one, or that js-yaml rejects, goes through the yaml
// library, whose alias limit and error positions then apply. Both read YAML 1.2's core schema.
import { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import type { Document, Node } from 'yaml';

type YamlLibraries = { yaml: typeof import('yaml'); jsYaml: typeof import('js-yaml') };
let libraries: Promise<YamlLibraries> | undefined;
/**
 * The two parsers, loaded with the first YAML List (only other tools' bundles have them), not at
 * startup. yaml is CommonJS: Node's import() gives its exports by name and as `default`, the bundle's
 * (scripts/bundle.mjs) only as `default`, so `default` is read when it is there.
 */
const yamlLibraries = () =>
  (libraries ??= Promise.all([import('yaml'), import('js-yaml')]).then(([yaml, jsYaml]) => ({ yaml: commonJs(yaml), jsYaml: commonJs(jsYaml) })));
const commonJs = <T extends object>(mod: T): T => ((mod as { default?: T }).default as T | undefined) ?? mod;
import type { ListItem, ListReadResult } from './json-list.js';

/** Most bytes of one document parsed whole (one object, or a List not in the printers' shape). */
export const MAX_YAML_BYTES = 256 * 1024 * 1024;
/** Most bytes of one item of a List split line by line. */
const MAX_ITEM_BYTES = 64 * 1024 * 1024;

type Failure = { message: string; line: number; column: number };

class YamlError extends Error {
  constructor(readonly failure: Failure) {
    super(failure.message);
  }
}

/**
 * The item as plain data. The yaml library's strings are slices of the document text, and V8 keeps
 * the whole text alive for as long as any slice lives: a pod record holding its name would hold its
 * item's YAML (kilobytes) with it, and memory would grow with the List. A JSON round trip gives every
 * string its own storage (Kubernetes objects are JSON values, so nothing is lost).
 */
const ownStrings = (value: unknown) => (value === undefined ? value : (JSON.parse(JSON.stringify(value)) as unknown));
const toValue = (node: Node, doc: Document.Parsed) => ownStrings(node.toJS(doc, { maxAliasCount: 100 }));

/** `&anchor`, `*alias` or `!tag` where a node may start: such an item takes the guarded path. */
const NODE_PROPERTY = /(?:^|[\s:[{,-])[&*!]/;

/** An item by the fast parser, or undefined when it must take the guarded path. */
function fastItem(text: string, { jsYaml }: YamlLibraries): { value: unknown } | undefined {
  if (NODE_PROPERTY.test(text)) return undefined;
  try {
    // json: a repeated key keeps the last value, as the yaml library's uniqueKeys: false does.
    return { value: ownStrings(jsYaml.load(text, { schema: jsYaml.CORE_SCHEMA, json: true })) };
  } catch {
    return undefined;
  }
}

function docError(doc: Document.Parsed, firstLine: number): Failure | undefined {
  if (!doc.errors.length) return undefined;
  const e = doc.errors[0]!;
  const pos = e.linePos?.[0];
  return { message: `not valid YAML: ${e.message.split('\n')[0]}`, line: (pos?.line ?? 1) + firstLine - 1, column: pos?.col ?? 1 };
}

export async function readYamlList(stream: Readable, onItem: (item: ListItem) => void, onChunk?: (chunk: Buffer) => void): Promise<ListReadResult> {
  const libs = await yamlLibraries();
  const { isMap, isScalar, isSeq, LineCounter, parseAllDocuments, parseDocument } = libs.yaml;
  let index = 0;
  let singleObjects = 0;
  const emit = (value: unknown, line: number) => onItem({ value, line, index: index++ });

  /** Parses a whole document (lines from `firstLine`) and emits what it holds. */
  const wholeDocument = (text: string, firstLine: number) => {
    const lineCounter = new LineCounter();
    const docs = parseAllDocuments(text, { lineCounter, uniqueKeys: false });
    const lineOf = (node: Node | null | undefined) => (node?.range ? lineCounter.linePos(node.range[0]).line : 1) + firstLine - 1;
    for (const doc of Array.isArray(docs) ? docs : [docs]) {
      const failure = docError(doc, firstLine);
      if (failure) throw new YamlError(failure);
      const root = doc.contents;
      if (!root) continue;
      const items = isMap(root) ? root.get('items', true) : isSeq(root) ? root : undefined;
      const noItems = items === null || items === undefined || (isScalar(items) && items.value === null);
      if (isMap(root) && (isSeq(items) || (noItems && /List$/.test(String(root.get('kind') ?? ''))))) {
        for (const it of isSeq(items) ? items.items : []) emit(toValue(it as Node, doc), lineOf(it as Node));
      } else if (isSeq(root)) {
        for (const it of root.items) emit(toValue(it as Node, doc), lineOf(it as Node));
      } else {
        singleObjects++;
        emit(toValue(root, doc), lineOf(root));
      }
    }
  };

  /** One item of a split List: its lines, the first starting with `- `. */
  const item = (lines: string[], firstLine: number) => {
    // `- key: v` and the lines under it, two columns in: the item as its own document.
    const text = lines.map((l, i) => (i === 0 ? l.slice(2) : l.startsWith('  ') ? l.slice(2) : l.trimStart())).join('\n');
    const fast = fastItem(text, libs);
    if (fast) {
      if (fast.value !== undefined) emit(fast.value, firstLine);
      return;
    }
    const doc = parseDocument(text, { uniqueKeys: false });
    const failure = docError(doc, firstLine);
    if (failure) throw new YamlError(failure);
    if (doc.contents) emit(toValue(doc.contents, doc), firstLine);
  };

  // The document being read: `head` holds its lines until it is known to be a split List (then
  // only the current item is held), or to the end when it is not.
  let docFirstLine = 1;
  let head: string[] = [];
  let headBytes = 0;
  let mode: 'head' | 'items' | 'whole' = 'head';
  let current: string[] | undefined;
  let currentLine = 0;
  let currentBytes = 0;
  let splitAny = false;
  let lineNo = 0;

  const flushItem = () => {
    if (current) item(current, currentLine);
    current = undefined;
    currentBytes = 0;
  };
  const endDocument = () => {
    if (mode === 'items') flushItem();
    else if (!splitAny && head.some((l) => l.trim() && !l.startsWith('#'))) wholeDocument(head.join('\n'), docFirstLine);
    head = [];
    headBytes = 0;
    mode = 'head';
    splitAny = false;
  };
  const hold = (l: string) => {
    head.push(l);
    headBytes += l.length + 1;
    if (headBytes > MAX_YAML_BYTES) throw new YamlError({ message: `a YAML document over ${MAX_YAML_BYTES} bytes that is not a List in the Kubernetes printers' layout is not read (it would be parsed whole)`, line: docFirstLine, column: 1 });
  };

  const onLine = (raw: string) => {
    lineNo++;
    const l = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (l === '---' || l.startsWith('--- ') || l === '...') {
      endDocument();
      docFirstLine = lineNo + 1;
      return;
    }
    if (mode === 'whole') return hold(l);
    if (mode === 'items') {
      if (l === '-' || l.startsWith('- ')) {
        flushItem();
        current = [l];
        currentLine = lineNo;
        splitAny = true;
        return;
      }
      if (current && (l === '' || l.startsWith(' ') || l.startsWith('#'))) {
        current.push(l);
        currentBytes += l.length + 1;
        if (currentBytes > MAX_ITEM_BYTES) throw new YamlError({ message: `an item over ${MAX_ITEM_BYTES} bytes is not a real object`, line: currentLine, column: 1 });
        return;
      }
      if (!current && (l.trim() === '' || l.startsWith('#'))) return;
      if (/^\S/.test(l)) {
        // The List's other keys, after its items (sysdump writes kind and metadata last).
        flushItem();
        mode = 'head';
        if (splitAny) return; // its header is not needed: the items were delivered
        return hold(l);
      }
      // An indented sequence under `items:`: not the printers' layout, so parsed whole.
      if (splitAny) throw new YamlError({ message: 'the List changes layout part way (items indented unlike the ones before)', line: lineNo, column: 1 });
      mode = 'whole';
      return hold(l);
    }
    // Head of a document: a column-0 `items:` or a column-0 sequence starts the split.
    if (/^items:\s*(#.*)?$/.test(l)) {
      mode = 'items';
      hold(l);
      return;
    }
    if ((l === '-' || l.startsWith('- ')) && !head.some((h) => h.trim() && !h.startsWith('#'))) {
      mode = 'items';
      current = [l];
      currentLine = lineNo;
      splitAny = true;
      return;
    }
    if (!splitAny) hold(l);
  };

  const decoder = new StringDecoder('utf8');
  let pending = '';
  try {
    for await (const c of stream) {
      const chunk = c as Buffer;
      onChunk?.(chunk);
      const s = pending + decoder.write(chunk);
      let start = 0;
      for (let nl = s.indexOf('\n'); nl >= 0; nl = s.indexOf('\n', start)) {
        onLine(s.slice(start, nl));
        start = nl + 1;
      }
      pending = s.slice(start);
      if (pending.length > MAX_ITEM_BYTES) throw new YamlError({ message: `a line over ${MAX_ITEM_BYTES} bytes`, line: lineNo + 1, column: 1 });
    }
    pending += decoder.end();
    if (pending) onLine(pending);
    endDocument();
  } catch (err) {
    if (!(err instanceof YamlError)) throw err;
    stream.destroy();
    return { header: undefined, itemCount: index, singleObject: false, error: err.failure };
  }
  return { header: undefined, itemCount: index, singleObject: singleObjects === 1 && index === 1 };
}

/** The first bytes of a stream (at least `n`, or all of it), and a stream of the whole again. */
export async function peekStream(stream: Readable, n: number): Promise<{ head: Buffer; stream: Readable }> {
  const it = stream[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  const chunks: Buffer[] = [];
  let total = 0;
  while (total < n) {
    const r = await it.next();
    if (r.done) break;
    chunks.push(r.value);
    total += r.value.length;
  }
  const head = Buffer.concat(chunks);
  async function* whole(): AsyncGenerator<Buffer> {
    if (head.length) yield head;
    for (;;) {
      const r = await it.next();
      if (r.done) return;
      yield r.value;
    }
  }
  return { head, stream: Readable.from(whole(), { objectMode: false }) };
}
