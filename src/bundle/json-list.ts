// Streams the `items` of a Kubernetes List document one at a time, without ever holding the whole
// document: a byte-level splitter finds where each item starts and ends, and each item alone goes
// through JSON.parse. Only the bytes outside `items` (apiVersion, kind, metadata) are retained.
import type { Readable } from 'node:stream';
import { fromInternalType } from './k8s/internal-types.js';

export interface ListItem {
  value: unknown;
  /** 1-based line where the item starts. */
  line: number;
  /** Item text, for locating fields inside it (kept only when the caller asks). */
  text?: string;
  index: number;
}

export interface ListReadResult {
  /** Top-level fields other than `items` (apiVersion, kind, metadata). */
  header: Record<string, unknown> | undefined;
  itemCount: number;
  /** Set when the document could not be read to its end; items before the error were delivered. */
  error?: { message: string; line: number; column: number };
  /** The document was a single object rather than a List; it was delivered as the only item. */
  singleObject: boolean;
  /** The splitter's state on entering `items`: enough to resume the read at any item. */
  itemsEntry?: ResumePoint;
  /** The List was old kubectl's internal-type JSON (`Items`); its items were delivered converted. */
  internalTypes?: boolean;
}

/** The splitter's state at the start of an item of `items`: what readJsonList needs to go on from there. */
export interface ResumePoint {
  topKind: 'object' | 'array';
  itemsDepth: number;
  /** Bytes before the items array (for the header), or null if they were too many to keep. */
  retained: Buffer[] | null;
  /** The items are internal-type (`Items`, kubectl ≤ 1.10) and are converted as they are delivered. */
  internal?: boolean;
}

export interface ReadJsonListOptions {
  keepText?: boolean;
  onChunk?: (chunk: Buffer) => void;
  /** false: byte-level splitting only (the reference path). */
  fastPath?: boolean;
  /** Give up the fast path on an item past this many bytes (tests lower it). */
  fastMaxBytes?: number;
  /**
   * Deliver items the fast path found without parsing them: `parts`, in order, hold the item (one
   * part, or several when it spans the stream's chunks), unverified — the receiver's JSON.parse is
   * the check, and if it fails the caller resumes from that item with the byte-level splitter (see
   * `resume`). Items the byte-level splitter found arrive parsed.
   */
  onUnparsed?: (item: { parts: Buffer[]; line: number; index: number; offset: number }) => void;
  /** Called with the absolute byte offset of each item's start, before the item is delivered. */
  onItemStart?: (offset: number) => void;
  /** The line the stream starts on in its file (a document inside a bigger one): lines count from it. */
  firstLine?: number;
  /** Start at an item boundary: `line`/`index`/`offset` are the item's; the stream starts at its "{". */
  resume?: ResumePoint & { line: number; index: number; offset: number };
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const LBRACE = 0x7b;
const RBRACE = 0x7d;
const LBRACKET = 0x5b;
const RBRACKET = 0x5d;
const COLON = 0x3a;
const COMMA = 0x2c;
const NEWLINE = 0x0a;

const MAX_RETAINED = 16 * 1024 * 1024;
const MAX_ITEM = 256 * 1024 * 1024;

/** Past this many bytes without an end, an item is re-read by the byte-level splitter. */
const FAST_MAX = 8 * 1024 * 1024;

function isSpace(b: number): boolean {
  return b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09;
}

function isIndent(chunk: Buffer, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (chunk[i] !== 0x20 && chunk[i] !== 0x09) return false;
  return true;
}

class SplitError extends Error {}

/**
 * Reads a List from `stream`, calling `onItem` for each element of `items` in document order.
 * A top-level array is accepted as a list of items; a single object is delivered as one item.
 */
export async function readJsonList(
  stream: Readable,
  onItem: (item: ListItem) => void,
  options: ReadJsonListOptions = {},
): Promise<ListReadResult> {
  // Parser state, carried across chunks.
  let depth = 0; // nesting depth of the whole document
  let inString = false;
  let escaped = false;
  let line = options.firstLine ?? 1;
  let lineStart = 0; // absolute byte offset where the current line starts
  let offset = 0; // absolute offset of the current chunk
  let topKind = 'unknown' as 'unknown' | 'object' | 'array';

  // Key tracking at depth 1 of a top-level object.
  let keyCapture: Buffer[] | null = null; // bytes of the string being read as a depth-1 key
  let expectKey = true;
  let currentKey = '';
  let itemsDepth = -1; // depth of the items array's contents (elements start at this depth)
  let sawItems = false;

  // The item being accumulated.
  let itemParts: Buffer[] = [];
  let itemStart = -1; // index in current chunk where the item starts, or -1
  let itemBytes = 0;
  let itemLine = 0;
  let inItem = false;
  let itemIndex = 0;

  // Bytes outside items, to recover apiVersion/kind/metadata (or a single object).
  const retained: Buffer[] = [];
  let retainedBytes = 0;
  let retainOverflow = false;
  let retainFrom = 0; // index in current chunk from where bytes are retained, or -1 while inside items
  let afterBom = false;

  const retain = (buf: Buffer) => {
    if (retainOverflow) return;
    retainedBytes += buf.length;
    if (retainedBytes > MAX_RETAINED) {
      retainOverflow = true;
      retained.length = 0;
      return;
    }
    retained.push(buf);
  };

  const deliver = (value: unknown, text: string) => {
    const item: ListItem = { value: internal ? fromInternalType(value) : value, line: itemLine, index: itemIndex };
    if (options.keepText) item.text = text;
    itemIndex++;
    onItem(item);
  };

  const emitItem = () => {
    const buf = itemParts.length === 1 ? itemParts[0]! : Buffer.concat(itemParts);
    itemParts = [];
    const text = buf.toString('utf8');
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (err) {
      throw new SplitError(`item ${itemIndex + 1} (starting on line ${itemLine}) is not valid JSON: ${(err as Error).message}`);
    }
    deliver(value, text);
  };

  // The fast path. kubectl prints Lists indented, one item per block: the item's "{" opens a line
  // after some indent and its "}" is the first line that is that same indent followed by "}". A raw
  // newline cannot occur inside a JSON string, so such a line is always structure; and JSON.parse
  // succeeds on the bytes from "{" to a candidate "}" only if that "}" closes the "{" — anything
  // shorter is unbalanced, anything longer holds a second value. So the candidate is checked by the
  // parse the item needs anyway, and only newlines are scanned (with a native indexOf), not every
  // byte. When a candidate fails to parse, or none turns up within FAST_MAX bytes, the item is
  // re-read by the byte-level splitter and the fast path is off for the rest of the document.
  let fast = options.fastPath !== false;
  // Old kubectl's internal-type List (`Items`): its items are converted one by one as they are parsed
  // here, so the fast path (which may hand items on unparsed) is off for it.
  let internal = options.resume?.internal ?? false;
  const fastMax = options.fastMaxBytes ?? FAST_MAX;
  let fastItem = false; // accumulating an item by the fast path
  let fastIndent: Buffer = Buffer.alloc(0);
  let fastMatched = -1; // bytes of indent+"}" matched after the last newline, carried across chunks
  let itemAbsStart = 0;
  let itemLineStart = 0;

  const fail = (message: string, at: number): never => {
    throw Object.assign(new SplitError(message), { at });
  };

  /** Falls back from the fast path: the item so far and the rest of `chunk` go to the byte splitter. */
  const refeed = (chunk: Buffer, from: number) => {
    fast = false;
    fastItem = false;
    const rest = Buffer.concat([...itemParts, chunk.subarray(from)]);
    itemParts = [];
    itemBytes = 0;
    inItem = false;
    line = itemLine;
    lineStart = itemLineStart;
    offset = itemAbsStart;
    processChunk(rest);
  };

  /** Scans `chunk` from `from` for the end of the item being read by the fast path. */
  const fastScan = (chunk: Buffer, from: number): number => {
    const n = chunk.length;
    const width = fastIndent.length;
    let i = from;
    for (;;) {
      // Continue a match begun at the previous newline (possibly in the previous chunk).
      if (fastMatched >= 0) {
        while (fastMatched < width && i < n && chunk[i] === fastIndent[fastMatched]) {
          fastMatched++;
          i++;
        }
        if (i >= n) break;
        if (fastMatched === width && chunk[i] === RBRACE) {
          fastMatched = -1;
          const part = chunk.subarray(itemStart, i + 1);
          if (options.onUnparsed) {
            // The item's pieces as they are: the receiver copies them once into its batch.
            itemParts.push(part);
            const parts = itemParts;
            itemParts = [];
            fastItem = false;
            inItem = false;
            itemStart = -1;
            options.onUnparsed({ parts, line: itemLine, index: itemIndex, offset: itemAbsStart });
            itemIndex++;
            return i + 1;
          }
          const buf = itemParts.length ? Buffer.concat([...itemParts, part]) : part;
          const text = buf.toString('utf8');
          let value: unknown;
          try {
            value = JSON.parse(text);
          } catch {
            refeed(chunk, itemStart);
            return -1;
          }
          itemParts = [];
          fastItem = false;
          inItem = false;
          itemStart = -1;
          deliver(value, text);
          return i + 1;
        }
        fastMatched = -1;
      }
      const nl = chunk.indexOf(NEWLINE, i);
      if (nl < 0) break;
      line++;
      lineStart = offset + nl + 1;
      i = nl + 1;
      // Most lines are not the end: when the whole candidate is in this chunk, one byte rules it out.
      const close = i + width;
      if (close < n && chunk[close] !== RBRACE) continue;
      fastMatched = 0;
    }
    // The chunk ends inside the item.
    const part = chunk.subarray(itemStart, n);
    itemParts.push(part);
    itemBytes += part.length;
    if (itemBytes > fastMax) {
      // Re-read from the item's start: the earlier parts, then this chunk from itemStart.
      itemParts.pop();
      refeed(chunk, itemStart);
      return -1;
    }
    return n;
  };

  const processChunk = (chunk: Buffer): void => {
      const n = chunk.length;
      retainFrom = inItem || (itemsDepth >= 0 && depth >= itemsDepth) ? -1 : 0;
      itemStart = inItem ? 0 : -1;
      let i = 0;
      if (fastItem) {
        i = fastScan(chunk, 0);
        if (i < 0) return;
      }
      while (i < n) {
        const b = chunk[i]!;
        if (inString) {
          if (escaped) {
            escaped = false;
            i++;
            continue;
          }
          // Jump to the next quote or backslash: strings are most of the bytes of a List.
          let q = chunk.indexOf(QUOTE, i);
          let bs = chunk.indexOf(BACKSLASH, i);
          if (q === -1) q = n;
          if (bs === -1) bs = n;
          const stop = q < bs ? q : bs;
          if (keyCapture && stop > i) keyCapture.push(chunk.subarray(i, stop));
          if (stop >= n) {
            i = n;
            break;
          }
          if (stop === bs) {
            if (keyCapture) keyCapture.push(chunk.subarray(bs, bs + 1));
            escaped = true;
            i = bs + 1;
            continue;
          }
          inString = false;
          i = q + 1;
          if (keyCapture) {
            currentKey = Buffer.concat(keyCapture).toString('utf8');
            keyCapture = null;
          }
          continue;
        }
        if (b === NEWLINE) {
          line++;
          lineStart = offset + i + 1;
          i++;
          continue;
        }
        if (isSpace(b)) {
          i++;
          continue;
        }
        // Start of an element of items?
        if (itemsDepth >= 0 && depth === itemsDepth && !inItem && b !== COMMA && b !== RBRACKET) {
          if (b !== LBRACE && b !== LBRACKET) fail(`item ${itemIndex + 1} on line ${line} is not an object`, i);
          inItem = true;
          itemStart = i;
          itemBytes = 0;
          itemLine = line;
          itemAbsStart = offset + i;
          itemLineStart = lineStart;
          options.onItemStart?.(itemAbsStart);
          const indentFrom = lineStart - offset;
          if (fast && b === LBRACE && indentFrom >= 0 && indentFrom <= i && isIndent(chunk, indentFrom, i)) {
            fastIndent = Buffer.from(chunk.subarray(indentFrom, i));
            fastItem = true;
            fastMatched = -1;
            i = fastScan(chunk, i + 1);
            if (i < 0) return;
            continue;
          }
        }
        switch (b) {
          case QUOTE:
            inString = true;
            if (topKind === 'object' && depth === 1 && expectKey) keyCapture = [];
            break;
          case LBRACE:
          case LBRACKET:
            if (depth === 0) {
              if (topKind !== 'unknown') fail('more than one JSON value at the top level', i);
              topKind = b === LBRACE ? 'object' : 'array';
              if (topKind === 'array') {
                itemsDepth = 1;
                sawItems = true;
                retainFrom = -1;
                itemsEntry = { topKind, itemsDepth, retained: [] };
              }
            } else if (depth === 1 && topKind === 'object' && (currentKey === 'items' || currentKey === 'Items') && b === LBRACKET && !sawItems) {
              // Entering the items array: retain up to and including '[' then stop retaining.
              if (retainFrom >= 0) retain(chunk.subarray(retainFrom, i + 1));
              retainFrom = -1;
              itemsDepth = 2;
              sawItems = true;
              if (currentKey === 'Items') {
                internal = true;
                fast = false;
              }
              itemsEntry = { topKind: 'object', itemsDepth, retained: retainOverflow ? null : retained.map((b) => Buffer.from(b)), ...(internal ? { internal } : {}) };
            }
            depth++;
            if (depth === 1) expectKey = true;
            break;
          case RBRACE:
          case RBRACKET:
            if (depth === 0) fail(`unexpected "${String.fromCharCode(b)}"`, i);
            depth--;
            if (inItem && depth === itemsDepth) {
              const part = chunk.subarray(itemStart, i + 1);
              itemParts.push(part);
              itemBytes += part.length;
              inItem = false;
              itemStart = -1;
              emitItem();
            } else if (itemsDepth >= 0 && depth === itemsDepth - 1 && b === RBRACKET) {
              // End of the items array: resume retaining from its ']'.
              itemsDepth = -1;
              retainFrom = i;
            }
            if (depth === 1) expectKey = false;
            break;
          case COLON:
            if (depth === 1) expectKey = false;
            break;
          case COMMA:
            if (depth === 1) expectKey = true;
            break;
          default:
            // literals and numbers
            if (depth === 0) fail(`unexpected character "${String.fromCharCode(b)}" at the top level`, i);
        }
        i++;
      }
      // Carry partial item / retained bytes into the next chunk.
      if (fastItem) {
        // fastScan kept the part.
      } else if (inItem && itemStart >= 0) {
        const part = chunk.subarray(itemStart, n);
        itemParts.push(part);
        itemBytes += part.length;
        if (itemBytes > MAX_ITEM) fail(`item ${itemIndex + 1} (line ${itemLine}) is larger than ${MAX_ITEM} bytes`, n);
      }
      if (retainFrom >= 0 && !inItem) retain(chunk.subarray(retainFrom, n));
      offset += n;
  };

  const resume = options.resume;
  if (resume) {
    topKind = resume.topKind;
    itemsDepth = resume.itemsDepth;
    depth = itemsDepth;
    sawItems = true;
    retainFrom = -1;
    afterBom = true;
    line = resume.line;
    lineStart = resume.offset;
    offset = resume.offset;
    itemIndex = resume.index;
    if (resume.retained) for (const b of resume.retained) retain(b);
    else retainOverflow = true;
  }

  let error: ListReadResult['error'];
  let itemsEntry: ResumePoint | undefined = resume ? { topKind: resume.topKind, itemsDepth: resume.itemsDepth, retained: resume.retained, ...(resume.internal ? { internal: true } : {}) } : undefined;
  try {
    for await (const rawChunk of stream) {
      let chunk = rawChunk as Buffer;
      options.onChunk?.(chunk);
      if (!afterBom) {
        afterBom = true;
        // A UTF-8 BOM is not JSON; tolerate it here (kubectl never writes one) rather than lose the file.
        if (chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) {
          chunk = chunk.subarray(3);
          offset += 3;
        }
      }
      processChunk(chunk);
    }
    // The document ended while the fast path still looked for an item's end: let the byte-level
    // splitter read what there is (it finds the end if there is one, else reports the truncation).
    if (fastItem) refeed(Buffer.alloc(0), 0);
    if (topKind === 'unknown') fail('the file is empty (no JSON value)', 0);
    if (depth !== 0 || inString) {
      fail(
        inItem
          ? `the file ends inside item ${itemIndex + 1} (which starts on line ${itemLine}): it is truncated`
          : 'the file ends before the JSON document is closed: it is truncated',
        0,
      );
    }
  } catch (err) {
    if (!(err instanceof SplitError)) {
      // A stream error (e.g. entry cut at the size cap): report where we were.
      error = { message: (err as Error).message, line, column: 1 };
    } else {
      const at = (err as SplitError & { at?: number }).at;
      const column = at !== undefined ? Math.max(1, offset + at - lineStart + 1) : 1;
      error = { message: err.message, line, column };
    }
  }

  let header: Record<string, unknown> | undefined;
  let singleObject = false;
  if (!error && topKind === 'object' && !retainOverflow) {
    try {
      const parsed = JSON.parse(Buffer.concat(retained).toString('utf8')) as Record<string, unknown>;
      if (sawItems) {
        delete parsed.items;
        delete parsed.Items;
        header = parsed;
      } else if (typeof parsed.kind === 'string' && parsed.kind.endsWith('List') && (parsed.items === null || !('items' in parsed))) {
        // An empty List that says so with `"items": null` (Go's nil slice; troubleshoot writes it).
        delete parsed.items;
        header = parsed;
      } else if (!('kind' in parsed) && parsed.Items === null && ('selfLink' in parsed || 'resourceVersion' in parsed)) {
        // An empty internal-type List: `"Items": null` beside the ListMeta, no kind.
        delete parsed.Items;
        internal = true;
        header = parsed;
      } else {
        // Not a List: one object (e.g. `kubectl get <x> <name> -o json`).
        singleObject = true;
        onItem({ value: parsed, line: 1, index: 0 });
        itemIndex = 1;
      }
    } catch (err) {
      error = { message: `top-level fields are not valid JSON: ${(err as Error).message}`, line: 1, column: 1 };
    }
  }
  return { header, itemCount: itemIndex, error, singleObject, ...(itemsEntry ? { itemsEntry } : {}), ...(internal ? { internalTypes: true } : {}) };
}

/** 1-based line of `needle` inside an item that starts on `startLine`, or the start line. */
export function lineOfField(text: string | undefined, startLine: number, needle: string): number {
  if (!text) return startLine;
  const at = text.indexOf(needle);
  if (at < 0) return startLine;
  let lines = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < at; i = text.indexOf('\n', i + 1)) lines++;
  return startLine + lines;
}
