// Test helpers: pack a bundle directory into a .tar.gz (links kept as links), analyze a path.
import { createWriteStream, lstatSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import tar from 'tar-stream';
import { analyzePath } from '../../src/analyze/index.js';

export const REPO = path.resolve(import.meta.dirname, '../..');
export const SAMPLES = path.join(REPO, 'sample-bundles');
export const SHARED = path.resolve(REPO, '../shared');
export const REAL_WORLD = path.join(SHARED, 'real-world');

export function scenarioNames(): string[] {
  return readdirSync(SAMPLES).filter((n) => lstatSync(path.join(SAMPLES, n)).isDirectory()).sort();
}

/** A scenario's files (regular files only) with some replaced, for a variant of it in memory. */
export function scenarioFiles(name: string, overrides: Record<string, string> = {}): Record<string, string | Buffer> {
  const out: Record<string, string | Buffer> = {};
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) walk(full);
      else if (e.isFile() && e.name !== 'expected.yaml') out[path.relative(path.join(SAMPLES, name), full).split(path.sep).join('/')] = readFileSync(full);
    }
  };
  walk(path.join(SAMPLES, name));
  return { ...out, ...overrides };
}

export async function packBundle(dir: string, out: string, top = path.basename(dir)): Promise<void> {
  const pack = tar.pack();
  const done = pipeline(pack, createGzip(), createWriteStream(out));
  const walk = (rel: string) => {
    for (const name of readdirSync(path.join(dir, rel)).sort()) {
      const r = rel ? `${rel}/${name}` : name;
      const st = lstatSync(path.join(dir, r));
      if (st.isSymbolicLink()) pack.entry({ name: `${top}/${r}`, type: 'symlink', linkname: readlinkSync(path.join(dir, r)) });
      else if (st.isDirectory()) {
        pack.entry({ name: `${top}/${r}/`, type: 'directory' });
        walk(r);
      } else pack.entry({ name: `${top}/${r}`, mode: 0o644 }, readFileSync(path.join(dir, r)));
    }
  };
  pack.entry({ name: `${top}/`, type: 'directory' });
  walk('');
  pack.finalize();
  await done;
}

export async function analyze(location: string) {
  return analyzePath(location, { toolVersion: '0.0.0-test' });
}

/** Reads a real-world sample without its `# source:` line. */
export { realWorld } from './fixtures/node-files.js';
