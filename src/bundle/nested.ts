// Archives inside a bundle (cilium sysdump's cilium-bugtool-<pod>.tar.gz when it could not unpack
// one, support-bundle-kit's nodes/<node>.zip): read with the same readers and the same guarantees
// as the bundle itself — names checked, links never followed, inflation bounded by ratio — and
// within the bundle's budget: what a nested archive inflates to counts against the bytes left. One
// level deep only: an archive inside a nested archive is a file like any other.
import type { Readable } from 'node:stream';
import { TarGzSource } from './source.js';
import type { BundleEvent, BundleLimits } from './entries.js';
import { ZipSource } from './zip-source.js';

export type NestedKind = 'zip' | 'tar.gz' | 'tar';

/** Bytes every nested archive of one bundle may still inflate to, shared between them. */
export class NestedBudget {
  constructor(public remaining: number) {}
}

/** Most bytes of a nested zip held in memory to read it (its directory is at its end). */
export const MAX_NESTED_ZIP_BYTES = 512 * 1024 * 1024;

/**
 * The entries of the archive `path` (its bytes in `stream`), as events whose paths are
 * `<path>/<entry>` (the archive's single top directory removed, as for the bundle). Nothing a
 * nested archive does is fatal to the bundle: its problems are said and the bundle goes on.
 */
export async function* nestedEvents(path: string, stream: Readable, size: number, kind: NestedKind, limits: BundleLimits, budget: NestedBudget): AsyncGenerator<BundleEvent> {
  if (budget.remaining <= 0) {
    stream.resume();
    yield { type: 'problem', path, message: `the nested archive ${path} was not opened: the bundle's inflation budget (${limits.maxTotalBytes} bytes) is spent`, fatal: false };
    return;
  }
  const inner = { ...limits, maxTotalBytes: budget.remaining };
  let source;
  if (kind === 'zip') {
    if (size > MAX_NESTED_ZIP_BYTES) {
      stream.resume();
      yield { type: 'problem', path, message: `the nested zip ${path} is ${size} bytes, more than the ${MAX_NESTED_ZIP_BYTES} a nested zip may be: not opened`, fatal: false };
      return;
    }
    const chunks: Buffer[] = [];
    let total = 0;
    try {
      for await (const c of stream) {
        total += (c as Buffer).length;
        if (total > MAX_NESTED_ZIP_BYTES) throw new Error(`larger than ${MAX_NESTED_ZIP_BYTES} bytes`);
        chunks.push(c as Buffer);
      }
    } catch (err) {
      yield { type: 'problem', path, message: `the nested zip ${path} could not be read: ${(err as Error).message}`, fatal: false };
      return;
    }
    source = new ZipSource(path, inner, Buffer.concat(chunks));
  } else {
    source = new TarGzSource(path, inner, () => stream, kind === 'tar.gz' ? 'gzip' : 'none');
  }
  for await (const event of source.events()) {
    if (event.type === 'file') {
      budget.remaining -= event.size;
      yield { ...event, path: `${path}/${event.path}` };
    } else if (event.type === 'rejected' || event.type === 'ignored') {
      yield { ...event, path: `${path}/${event.path}` };
    } else {
      yield { type: 'problem', path: event.path ? `${path}/${event.path}` : path, message: `in the nested archive ${path}: ${event.message}`, fatal: false };
    }
  }
}
