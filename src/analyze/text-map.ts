// A Map keyed by text that came from a bundle. V8 hashes a string of more than 16,383 characters by
// its length alone, so a Map holding many long texts of one length is a list in disguise: each
// insert compares the new text with all of them. 5,000 node outputs of 20 KB that differ only near
// their end took 42 s to share; a hostile bundle could make that hours. Long texts are keyed by
// their SHA-256 instead, in a map of their own, so a short text is never taken for a long one's digest.
import { createHash } from 'node:crypto';

/** The longest string V8 hashes by its content (String::kMaxHashCalcLength). */
export const V8_CONTENT_HASHED = 16383;

function digest(text: string): string {
  return createHash('sha256').update(text).digest('base64');
}

export class TextMap<V> {
  private readonly short = new Map<string, V>();
  private readonly long = new Map<string, V>();

  get(text: string): V | undefined {
    return text.length <= V8_CONTENT_HASHED ? this.short.get(text) : this.long.get(digest(text));
  }

  set(text: string, value: V): this {
    if (text.length <= V8_CONTENT_HASHED) this.short.set(text, value);
    else this.long.set(digest(text), value);
    return this;
  }

  has(text: string): boolean {
    return text.length <= V8_CONTENT_HASHED ? this.short.has(text) : this.long.has(digest(text));
  }

  get size(): number {
    return this.short.size + this.long.size;
  }
}

/** A Set of texts from a bundle, on TextMap's terms. */
export class TextSet {
  private readonly map = new TextMap<true>();

  has(text: string): boolean {
    return this.map.has(text);
  }

  add(text: string): this {
    this.map.set(text, true);
    return this;
  }

  get size(): number {
    return this.map.size;
  }
}
