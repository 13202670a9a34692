// The text of a big List kept for evidence excerpts, deflated in blocks of whole lines.
//
// Evidence quotes a line of the file a record came from (a node's podCIDR, a DaemonSet's image), so
// the loader keeps the text of Lists up to 32 MB. Kept as a string, a 5,000-node nodes.json holds
// 24 MB for a handful of excerpts, plus its chunks and their concatenation while it is built: the
// largest single thing in memory on a big bundle. Deflated in 256 KB blocks it holds under 1 MB (the
// items repeat each other's keys), and a lookup inflates one block.
//
// Blocks end after a newline byte, so a line never spans two blocks and each block decodes as UTF-8
// on its own exactly as it would inside the whole text (0x0A is never part of a multi-byte sequence).
// The text is never changed: the concatenation of the blocks is the file, byte for byte.
import { deflateRawSync, inflateRawSync } from 'node:zlib';

/** Raw bytes per block: a lookup inflates one (≈ 1 ms); smaller blocks compress worse. */
const BLOCK_BYTES = 256 * 1024;
const NEWLINE = 0x0a;

export class KeptText {
  /** Lines before each block, counted on first use (a block's line count needs its text). */
  private readonly linesBefore: number[] = [0];
  private cached?: { block: number; lines: string[] };

  private constructor(
    private readonly blocks: readonly Buffer[],
    /** Bytes of the text, uncompressed. */
    readonly size: number,
  ) {}

  /** Bytes held: what keeping the text costs. */
  get storedBytes(): number {
    return this.blocks.reduce((n, b) => n + b.length, 0);
  }

  /** The whole text (a viewer opening the file); evidence lookups use line and findLine. */
  toString(): string {
    return this.blocks.map((b) => inflateRawSync(b).toString('utf8')).join('');
  }

  /** Line `n` (1-based) without its newline, as `text.split('\n')[n - 1]` would give it. */
  line(n: number): string | undefined {
    const at = this.locate(n);
    return at && this.linesOf(at.block)[n - 1 - at.before];
  }

  /** The first line from `from` on, within `within` lines, that contains `needle`. */
  findLine(from: number, needle: string, within: number): number | undefined {
    for (let n = from; n < from + within; ) {
      const at = this.locate(n);
      if (!at) return undefined;
      const lines = this.linesOf(at.block);
      for (let i = n - 1 - at.before; i < lines.length && n < from + within; i++, n++) {
        if (lines[i]!.includes(needle)) return n;
      }
    }
    return undefined;
  }

  private linesOf(block: number): string[] {
    if (this.cached?.block !== block) {
      const lines = inflateRawSync(this.blocks[block]!).toString('utf8').split('\n');
      // A block other than the last ends with a newline: the empty string after it is not a line.
      if (block < this.blocks.length - 1) lines.pop();
      this.cached = { block, lines };
    }
    return this.cached.lines;
  }

  /** The block holding line `n` and the lines before it. */
  private locate(n: number): { block: number; before: number } | undefined {
    if (!Number.isInteger(n) || n < 1) return undefined;
    let block = 0;
    // Walk forward, counting lines of blocks not seen yet; linesBefore[k] is known for k < its length.
    for (;;) {
      if (block + 1 >= this.linesBefore.length) {
        if (block >= this.blocks.length) return undefined;
        this.linesBefore.push(this.linesBefore[block]! + this.linesOf(block).length);
      }
      if (n <= this.linesBefore[block + 1]!) return { block, before: this.linesBefore[block]! };
      block++;
      if (block >= this.blocks.length) return undefined;
    }
  }

  /** Collects the text as it streams past, a block at a time. */
  static builder(): KeptTextBuilder {
    return new KeptTextBuilder((blocks, size) => new KeptText(blocks, size));
  }
}

export class KeptTextBuilder {
  private readonly blocks: Buffer[] = [];
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private size = 0;

  constructor(private readonly make: (blocks: Buffer[], size: number) => KeptText) {}

  push(chunk: Buffer): void {
    this.pending.push(chunk);
    this.pendingBytes += chunk.length;
    this.size += chunk.length;
    if (this.pendingBytes < BLOCK_BYTES) return;
    // Cut after the chunk's last newline. A chunk without one (a line longer than a block, as in
    // minified JSON) waits: the block grows until a newline or the end, with one copy of its bytes.
    const cut = chunk.lastIndexOf(NEWLINE);
    if (cut < 0) return;
    const restBytes = chunk.length - cut - 1;
    this.pending[this.pending.length - 1] = chunk.subarray(0, cut + 1);
    this.blocks.push(deflateRawSync(Buffer.concat(this.pending, this.pendingBytes - restBytes), { level: 1 }));
    // A copy, so the chunk is not kept alive by a view of its end.
    this.pending = restBytes ? [Buffer.from(chunk.subarray(cut + 1))] : [];
    this.pendingBytes = restBytes;
  }

  finish(): KeptText {
    // The last block, even empty: text ending in a newline has an empty last line, as split gives it.
    this.blocks.push(deflateRawSync(Buffer.concat(this.pending, this.pendingBytes), { level: 1 }));
    this.pending = [];
    this.pendingBytes = 0;
    return this.make(this.blocks, this.size);
  }
}
