// KeptText must answer every lookup as the whole string would: line n is `text.split('\n')[n - 1]`,
// findLine is a scan of those lines, and toString gives the bytes back. Texts are fed in chunks of
// random sizes so blocks are cut at every kind of place: after a newline, inside a long line,
// inside a multi-byte character, with CRLF.
import { describe, expect, it } from 'vitest';
import { KeptText } from '../src/bundle/kept-text.js';

function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function keep(bytes: Buffer, rand: () => number, maxChunk: number): KeptText {
  const b = KeptText.builder();
  for (let at = 0; at < bytes.length; ) {
    const n = Math.max(1, Math.floor(rand() * maxChunk));
    b.push(bytes.subarray(at, at + n));
    at += n;
  }
  return b.finish();
}

/** The reference: what the loader kept before, the whole text as one string. */
function findInLines(lines: string[], from: number, needle: string, within: number): number | undefined {
  for (let n = from; n < from + within && n <= lines.length; n++) if (lines[n - 1]!.includes(needle)) return n;
  return undefined;
}

function sampleText(rand: () => number, lines: number): string {
  const parts: string[] = [];
  const pieces = ['    "podCIDR": "10.244.', '"name": "node-', 'é', '日本', '🙂', '\r', '', '"kernelVersion": "5.15"', 'x'.repeat(300)];
  for (let i = 0; i < lines; i++) {
    let line = '';
    const k = Math.floor(rand() * 6);
    for (let j = 0; j < k; j++) line += pieces[Math.floor(rand() * pieces.length)]! + String(i);
    // Now and then a line longer than a block (minified JSON).
    if (rand() < 0.002) line += 'y'.repeat(300 * 1024);
    parts.push(line);
  }
  return parts.join('\n') + (rand() < 0.5 ? '\n' : '');
}

describe('KeptText', () => {
  for (const seed of [1, 2, 3, 4, 5]) {
    it(`answers like the whole string (seed ${seed})`, () => {
      const rand = seeded(seed);
      const text = sampleText(rand, 20_000 + Math.floor(rand() * 20_000));
      const bytes = Buffer.from(text, 'utf8');
      const kept = keep(bytes, rand, 100_000);
      expect(kept.size).toBe(bytes.length);
      expect(kept.toString()).toBe(text);
      // Blocks were cut: the test covers lookups across them, and the text is held compressed.
      expect(kept.storedBytes).toBeLessThan(bytes.length / 2);
      const lines = text.split('\n');
      for (let i = 0; i < 300; i++) {
        const n = 1 + Math.floor(rand() * (lines.length + 2));
        expect(kept.line(n)).toBe(lines[n - 1]);
      }
      for (const n of [1, lines.length, lines.length + 1, 0, -1, 1.5]) expect(kept.line(n)).toBe(n >= 1 && Number.isInteger(n) ? lines[n - 1] : undefined);
      for (let i = 0; i < 300; i++) {
        const from = 1 + Math.floor(rand() * lines.length);
        const needle = ['podCIDR', 'kernelVersion', '🙂', 'é1', 'absent', '\r'][Math.floor(rand() * 6)]!;
        const within = [1, 40, 400, 5000][Math.floor(rand() * 4)]!;
        expect(kept.findLine(from, needle, within)).toBe(findInLines(lines, from, needle, within));
      }
    });
  }

  it('keeps an empty text and one without a newline', () => {
    expect(KeptText.builder().finish().line(1)).toBe('');
    expect(KeptText.builder().finish().line(2)).toBeUndefined();
    const b = KeptText.builder();
    b.push(Buffer.from('{"items":[]}'));
    const one = b.finish();
    expect(one.line(1)).toBe('{"items":[]}');
    expect(one.findLine(1, 'items', 400)).toBe(1);
    expect(one.toString()).toBe('{"items":[]}');
  });

  it('decodes a character split across chunks as the whole text does', () => {
    const bytes = Buffer.from('a\n' + 'b'.repeat(300 * 1024) + '\n€\n', 'utf8');
    const euro = bytes.indexOf(Buffer.from('€'));
    const b = KeptText.builder();
    b.push(bytes.subarray(0, euro + 1));
    b.push(bytes.subarray(euro + 1));
    const kept = b.finish();
    expect(kept.line(3)).toBe('€');
    expect(kept.toString()).toBe(bytes.toString('utf8'));
  });
});
