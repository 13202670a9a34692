// Seeded mutational fuzzing of the bundle reader and everything after it. Each case takes a sample
// bundle, damages it (bytes, JSON values, truncation, tar headers, file/directory swaps, links),
// packed or not, and runs the real command line on it in this process: every case must end in a
// report (exit 0, every renderer fine) or a clear error with a documented exit code — no stack
// trace, no hang, memory bounded. Same seed, same cases.
import { cpSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { main, EXIT } from '../../src/cli/main.js';
import { packBundle } from '../../test/helpers/bundles.js';
import { zip, type ZipEntry } from '../../test/helpers/zip.js';

export interface FuzzOptions {
  seed: number;
  /** Stop after this many cases… */
  runs: number;
  /** …or after this long, whichever comes first. */
  budgetMs: number;
  samples: string;
  /** Most a single case may take before it counts as a hang. */
  caseTimeoutMs?: number;
  /** Most resident memory the process may reach. */
  maxRssBytes?: number;
  log?: (line: string) => void;
  /** Told of every case before it runs: when a case takes the process down, the last line names it. */
  trace?: (line: string, target: string) => void;
}

export interface FuzzFailure {
  case: number;
  sample: string;
  mutations: string[];
  packed: boolean;
  problem: string;
}

export interface FuzzResult {
  cases: number;
  byExit: Record<string, number>;
  failures: FuzzFailure[];
  peakRss: number;
}

/** mulberry32: small, fast and the same everywhere. */
export function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Rng = () => number;
const pick = <T>(rnd: Rng, xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
const int = (rnd: Rng, n: number) => Math.floor(rnd() * n);

function files(dir: string, rel = ''): string[] {
  const out: string[] = [];
  for (const name of readdirSync(path.join(dir, rel)).sort()) {
    const r = rel ? `${rel}/${name}` : name;
    const st = lstatSync(path.join(dir, r));
    if (st.isDirectory()) out.push(...files(dir, r));
    else if (st.isFile()) out.push(r);
  }
  return out;
}

const NASTY_VALUES: unknown[] = [
  null,
  0,
  -1,
  1e308,
  -0,
  '',
  true,
  [],
  {},
  'x'.repeat(70_000),
  '\u001b]0;pwned\u0007\u001b[2J<script>alert(1)</script>',
  '../../../../etc/passwd',
  '10.0.0.0/33',
  '::ffff:999.1.1.1',
  '2026-13-45T99:99:99Z',
  '\ud800',
  { items: null },
  Array.from({ length: 50 }, (_, i) => i),
];

function deepNest(depth: number): string {
  return '['.repeat(depth) + ']'.repeat(depth);
}

/** Replaces a random value somewhere in a JSON document, or deletes a key. */
function mutateJson(rnd: Rng, doc: unknown): unknown {
  const nodes: { parent: Record<string, unknown> | unknown[]; key: string | number }[] = [];
  const walk = (v: unknown, depth: number) => {
    if (nodes.length > 20_000 || depth > 40) return;
    if (Array.isArray(v)) v.forEach((x, i) => (nodes.push({ parent: v, key: i }), walk(x, depth + 1)));
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) nodes.push({ parent: v as Record<string, unknown>, key: k }), walk(x, depth + 1);
  };
  walk(doc, 0);
  // A copy each time: inserting the shared value itself let later mutations write into NASTY_VALUES,
  // which then held references to one another, and a document that reached them grew without bound
  // on JSON.stringify (the fuzzer itself ran out of memory after some 90 cases).
  const nasty = () => structuredClone(pick(rnd, NASTY_VALUES));
  if (!nodes.length) return nasty();
  const n = pick(rnd, nodes);
  if (!Array.isArray(n.parent) && rnd() < 0.25) delete n.parent[n.key as string];
  else (n.parent as Record<string | number, unknown>)[n.key] = nasty();
  return doc;
}

type Mutator = (rnd: Rng, dir: string) => string;

const MUTATORS: Record<string, Mutator> = {
  'flip bytes': (rnd, dir) => {
    const f = pick(rnd, files(dir));
    const buf = readFileSync(path.join(dir, f));
    for (let i = 0, n = 1 + int(rnd, 20); i < n && buf.length; i++) buf[int(rnd, buf.length)] = int(rnd, 256);
    writeFileSync(path.join(dir, f), buf);
    return f;
  },
  truncate: (rnd, dir) => {
    const f = pick(rnd, files(dir));
    const buf = readFileSync(path.join(dir, f));
    writeFileSync(path.join(dir, f), buf.subarray(0, int(rnd, buf.length + 1)));
    return f;
  },
  'json value': (rnd, dir) => {
    const json = files(dir).filter((f) => f.endsWith('.json') || f.endsWith('.conflist') || f.endsWith('.conf'));
    if (!json.length) return 'none';
    const f = pick(rnd, json);
    let doc: unknown;
    try {
      doc = JSON.parse(readFileSync(path.join(dir, f), 'utf8'));
    } catch {
      return `${f} (not JSON)`;
    }
    for (let i = 0, n = 1 + int(rnd, 5); i < n; i++) doc = mutateJson(rnd, doc);
    writeFileSync(path.join(dir, f), JSON.stringify(doc, null, rnd() < 0.5 ? 4 : undefined));
    return f;
  },
  'deep nesting': (rnd, dir) => {
    const f = pick(rnd, files(dir).filter((x) => x.endsWith('.json')));
    writeFileSync(path.join(dir, f), `{"apiVersion":"v1","kind":"List","items":[${deepNest(2000 + int(rnd, 100_000))}]}`);
    return f;
  },
  garbage: (rnd, dir) => {
    const f = pick(rnd, files(dir));
    const kinds = [() => Buffer.alloc(1 + int(rnd, 100_000)), () => Buffer.from(Array.from({ length: 1 + int(rnd, 50_000) }, () => int(rnd, 256))), () => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), readFileSync(path.join(dir, f))]), () => Buffer.from(readFileSync(path.join(dir, f), 'latin1').replace(/\n/g, '\r\n'), 'latin1'), () => Buffer.from('\u001b[2J\u001b]0;x\u0007'.repeat(1000))];
    writeFileSync(path.join(dir, f), pick(rnd, kinds)());
    return f;
  },
  'file becomes directory': (rnd, dir) => {
    const f = pick(rnd, files(dir));
    rmSync(path.join(dir, f));
    mkdirSync(path.join(dir, f));
    writeFileSync(path.join(dir, f, 'inner.json'), '{}');
    return f;
  },
  'directory becomes file': (rnd, dir) => {
    const dirs = [...new Set(files(dir).map((f) => path.dirname(f)).filter((d) => d !== '.'))];
    if (!dirs.length) return 'none';
    const d = pick(rnd, dirs);
    rmSync(path.join(dir, d), { recursive: true });
    writeFileSync(path.join(dir, d), 'not a directory');
    return d;
  },
  delete: (rnd, dir) => {
    const all = files(dir);
    const f = rnd() < 0.3 ? path.dirname(pick(rnd, all)) : pick(rnd, all);
    if (f === '.') return 'none';
    rmSync(path.join(dir, f), { recursive: true, force: true });
    return f;
  },
  'link to outside': (rnd, dir) => {
    const f = pick(rnd, files(dir));
    rmSync(path.join(dir, f));
    symlinkSync(pick(rnd, ['/etc/passwd', '../../../../etc/shadow', '/dev/zero', '.']), path.join(dir, f));
    return f;
  },
};

/**
 * A pods or events List past the size where the analyzer reads it on two threads (32 MiB), with
 * damage somewhere in the middle: the worker path and its fallback, not only the small-file path.
 */
export function bigList(rnd: Rng, dir: string): string {
  const f = pick(rnd, ['cluster/pods.json', 'cluster/events.json']);
  let items: unknown[] = [];
  try {
    // An earlier mutation may have made the List a link (to /dev/zero, say): reading through it would
    // never end. The fuzzer follows no link, as the reader does not.
    if (!lstatSync(path.join(dir, f)).isFile()) throw new Error('not a regular file');
    items = (JSON.parse(readFileSync(path.join(dir, f), 'utf8')) as { items?: unknown[] }).items ?? [];
  } catch {
    /* a List already damaged: start from nothing */
  }
  if (!items.length) items = [{ metadata: { name: 'x', namespace: 'default' } }];
  const parts: string[] = [];
  let bytes = 0;
  for (let i = 0; bytes < 34 * 1024 * 1024; i++) {
    const item = JSON.stringify(items[i % items.length], null, 4).replace(/^/gm, '        ');
    parts.push(item);
    bytes += item.length + 2;
  }
  let text = `{\n    "apiVersion": "v1",\n    "items": [\n${parts.join(',\n')}\n    ],\n    "kind": "List"\n}\n`;
  const at = int(rnd, text.length);
  text = pick(rnd, [() => text.slice(0, at), () => `${text.slice(0, at)}\u0000garbage{"}]${text.slice(at)}`, () => `${text.slice(0, at)}}${text.slice(at)}`, () => text])();
  // Replace whatever is there (a link would be written through: to /etc/passwd, say).
  rmSync(path.join(dir, f), { recursive: true, force: true });
  writeFileSync(path.join(dir, f), text);
  return `${f} (${Math.round(text.length / 2 ** 20)} MB, damaged at ${at})`;
}

const ARCHIVE_MUTATORS: Record<string, (rnd: Rng, gz: Buffer) => Buffer> = {
  'flip compressed bytes': (rnd, gz) => {
    const out = Buffer.from(gz);
    for (let i = 0, n = 1 + int(rnd, 8); i < n; i++) out[10 + int(rnd, Math.max(1, out.length - 10))] = int(rnd, 256);
    return out;
  },
  'truncate archive': (rnd, gz) => gz.subarray(0, int(rnd, gz.length)),
  'damage a tar header': (rnd, gz) => {
    const tar = Buffer.from(gunzipSync(gz));
    // Headers sit at 512-byte boundaries; damage the name, size, type or checksum of one.
    const headers: number[] = [];
    for (let at = 0; at + 512 <= tar.length; at += 512) if (tar.subarray(at + 257, at + 262).toString('latin1') === 'ustar') headers.push(at);
    if (!headers.length) return gz;
    const h = pick(rnd, headers);
    const field = pick(rnd, [
      [0, 100],
      [124, 12],
      [156, 1],
      [148, 8],
      [345, 155],
    ] as const);
    for (let i = 0; i < field[1]; i++) if (rnd() < 0.5) tar[h + field[0] + i] = pick(rnd, [0, 0x2f, 0x2e, 0x37, 0xff, int(rnd, 256)]);
    return gzipSync(tar);
  },
  'trailing garbage': (rnd, gz) => Buffer.concat([gz, Buffer.from(Array.from({ length: 1 + int(rnd, 4096) }, () => int(rnd, 256)))]),
};

const ZIP_MUTATORS: Record<string, (rnd: Rng, z: Buffer) => Buffer> = {
  'flip zip bytes': (rnd, z) => {
    const out = Buffer.from(z);
    for (let i = 0, n = 1 + int(rnd, 8); i < n; i++) out[int(rnd, out.length)] = int(rnd, 256);
    return out;
  },
  'truncate zip': (rnd, z) => z.subarray(0, int(rnd, z.length)),
  'damage the central directory': (rnd, z) => {
    // Central directory records start with PK\x01\x02: damage the sizes, offset or name length of one.
    const records: number[] = [];
    for (let at = z.indexOf('PK\x01\x02', 0, 'latin1'); at >= 0; at = z.indexOf('PK\x01\x02', at + 4, 'latin1')) records.push(at);
    if (!records.length) return z;
    const out = Buffer.from(z);
    const r = pick(rnd, records);
    const field = pick(rnd, [16, 20, 24, 28, 42] as const);
    for (let i = 0; i < 4; i++) if (rnd() < 0.6) out[r + field + i] = pick(rnd, [0, 0xff, int(rnd, 256)]);
    return out;
  },
  'trailing garbage after the zip': (rnd, z) => Buffer.concat([z, Buffer.from(Array.from({ length: 1 + int(rnd, 4096) }, () => int(rnd, 256)))]),
};

/** A bundle directory as a .zip under one top directory, links kept as links (as `zip -ry` does). */
function zipBundle(dir: string, top: string, stored: boolean): Buffer {
  const entries: ZipEntry[] = [];
  const walk = (rel: string) => {
    for (const name of readdirSync(path.join(dir, rel)).sort()) {
      const r = rel ? `${rel}/${name}` : name;
      const st = lstatSync(path.join(dir, r));
      if (st.isSymbolicLink()) entries.push({ name: `${top}/${r}`, data: readlinkSync(path.join(dir, r)), mode: 0o120777, method: 0 });
      else if (st.isDirectory()) walk(r);
      else entries.push({ name: `${top}/${r}`, data: readFileSync(path.join(dir, r)), method: stored ? 0 : 8 });
    }
  };
  walk('');
  return zip(entries);
}

/** Exit codes `analyze` documents (README "Exit codes"); 1 needs --fail-on, which the fuzzer never passes. */
const DOCUMENTED = new Set<number>([EXIT.ok, EXIT.unreadableBundle]);
const STACK = /\n\s+at .+:\d+:\d+\)?(\n|$)/;

export async function fuzz(opts: FuzzOptions): Promise<FuzzResult> {
  const rnd = prng(opts.seed);
  const samples = readdirSync(opts.samples).filter((n) => lstatSync(path.join(opts.samples, n)).isDirectory()).sort();
  const work = mkdtempSync(path.join(tmpdir(), 'cni-doctor-fuzz-'));
  const result: FuzzResult = { cases: 0, byExit: {}, failures: [], peakRss: 0 };
  const caseTimeout = opts.caseTimeoutMs ?? 30_000;
  const maxRss = opts.maxRssBytes ?? 2 * 1024 ** 3;
  const sampler = setInterval(() => (result.peakRss = Math.max(result.peakRss, process.memoryUsage().rss)), 50);
  const started = Date.now();
  try {
    for (let i = 0; i < opts.runs && Date.now() - started < opts.budgetMs; i++) {
      const sample = pick(rnd, samples);
      const dir = path.join(work, `case-${i}`);
      cpSync(path.join(opts.samples, sample), dir, { recursive: true });
      const mutations: string[] = [];
      for (let m = 0, n = 1 + int(rnd, 3); m < n; m++) {
        const name = pick(rnd, Object.keys(MUTATORS));
        try {
          mutations.push(`${name}: ${MUTATORS[name]!(rnd, dir)}`);
        } catch (err) {
          mutations.push(`${name}: (could not apply: ${(err as Error).message})`);
        }
      }
      if (rnd() < 0.05) {
        try {
          mutations.push(`big list: ${bigList(rnd, dir)}`);
        } catch (err) {
          mutations.push(`big list: (could not apply: ${(err as Error).message})`);
        }
      }
      const packed = rnd() < 0.5;
      let target = dir;
      if (packed && rnd() < 1 / 3) {
        // A zip (cilium sysdump and support-bundle-kit come as zips; people zip bundle directories).
        target = `${dir}.zip`;
        writeFileSync(target, zipBundle(dir, `case-${i}`, rnd() < 0.3));
        mutations.push('zipped');
        if (rnd() < 0.5) {
          const name = pick(rnd, Object.keys(ZIP_MUTATORS));
          writeFileSync(target, ZIP_MUTATORS[name]!(rnd, readFileSync(target)));
          mutations.push(name);
        }
      } else if (packed) {
        target = `${dir}.tar.gz`;
        await packBundle(dir, target, `case-${i}`);
        if (rnd() < 0.5) {
          const name = pick(rnd, Object.keys(ARCHIVE_MUTATORS));
          writeFileSync(target, ARCHIVE_MUTATORS[name]!(rnd, readFileSync(target)));
          mutations.push(name);
        }
      }
      const format = pick(rnd, ['json', 'md', 'html', 'sarif'] as const);
      opts.trace?.(`case ${i} (${sample}, ${packed ? 'packed' : 'directory'}, --format ${format}; ${mutations.join('; ')})`, target);
      // One case in six goes through `redact` first (a stranger's bundle is scrubbed before it is
      // passed on): it must cope the same way, and its output must analyze.
      let problem: { code?: number; failure?: string } = {};
      if (rnd() < 1 / 6) {
        const out = path.join(work, `case-${i}-redacted.tar.gz`);
        problem = await runCli(['redact', target, '-o', out, ...(rnd() < 0.5 ? ['--pseudonymize'] : [])], caseTimeout, new Set([EXIT.ok, EXIT.partial, EXIT.unreadableBundle]));
        if (!problem.failure && problem.code !== EXIT.unreadableBundle) target = out;
        mutations.push('redact');
      }
      if (!problem.failure) problem = await runCase(target, format, caseTimeout);
      result.cases++;
      result.byExit[problem.code ?? 'hang'] = (result.byExit[problem.code ?? 'hang'] ?? 0) + 1;
      if (problem.failure) {
        result.failures.push({ case: i, sample, mutations, packed, problem: problem.failure });
        opts.log?.(`case ${i} (${sample}, ${packed ? 'packed' : 'directory'}; ${mutations.join('; ')}): ${problem.failure}`);
      }
      if (result.peakRss > maxRss) {
        result.failures.push({ case: i, sample, mutations, packed, problem: `resident memory reached ${Math.round(result.peakRss / 2 ** 20)} MB (limit ${Math.round(maxRss / 2 ** 20)} MB)` });
        break;
      }
      rmSync(dir, { recursive: true, force: true });
      rmSync(`${dir}.tar.gz`, { force: true });
      rmSync(`${dir}.zip`, { force: true });
    }
  } finally {
    clearInterval(sampler);
    rmSync(work, { recursive: true, force: true });
  }
  return result;
}

async function runCase(target: string, format: string, timeoutMs: number): Promise<{ code?: number; failure?: string }> {
  return runCli(['analyze', target, '--format', format], timeoutMs, DOCUMENTED, format);
}

async function runCli(argv: string[], timeoutMs: number, documented: Set<number>, format?: string): Promise<{ code?: number; failure?: string }> {
  let stdout = '';
  let stderr = '';
  const io = { stdout: (t: string) => void (stdout += t), stderr: (t: string) => void (stderr += t), isTTY: false };
  let timer: NodeJS.Timeout | undefined;
  const hang = new Promise<'hang'>((resolve) => (timer = setTimeout(() => resolve('hang'), timeoutMs)));
  let code: number | 'hang';
  try {
    code = await Promise.race([main(argv, io), hang]);
  } catch (err) {
    return { failure: `main() threw: ${(err as Error).stack ?? String(err)}` };
  } finally {
    clearTimeout(timer);
  }
  if (code === 'hang') return { failure: `no answer within ${timeoutMs} ms` };
  if (!documented.has(code)) return { code, failure: `exit ${code} is not a documented exit code of ${argv[0]}; stderr: ${stderr.slice(0, 2000)}` };
  if (STACK.test(stderr) || STACK.test(stdout)) return { code, failure: `a stack trace was printed: ${stderr.slice(0, 2000)}` };
  if (/internal error/.test(stderr)) return { code, failure: `internal error: ${stderr.slice(0, 2000)}` };
  if (argv[0] === 'redact') {
    if (code !== EXIT.unreadableBundle) return { code };
  } else if (code === EXIT.ok) {
    if (!stdout.length) return { code, failure: 'exit 0 with no report' };
    if (format === 'json' || format === 'sarif') {
      try {
        JSON.parse(stdout);
      } catch (err) {
        return { code, failure: `the ${format} report is not JSON: ${(err as Error).message}` };
      }
    }
  } else if (!/cni-doctor: cannot read the bundle/.test(stderr) || stderr.split('\n').filter(Boolean).length < 2) {
    return { code, failure: `exit ${code} without a clear message and hint: ${stderr.slice(0, 2000)}` };
  }
  return { code };
}
