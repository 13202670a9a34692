// npm run fuzz -- [--runs N] [--seed S] [--minutes M]: the fuzzer of test/fuzz.test.ts, as long as asked.
import { cpSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fuzz } from './fuzz/fuzz.js';

const args = process.argv.slice(2);
const opt = (name: string, fallback: number): number => {
  const i = args.indexOf(`--${name}`);
  if (i < 0) return fallback;
  const v = Number(args[i + 1]);
  if (!Number.isFinite(v) || v < 0) {
    process.stderr.write(`fuzz: --${name} expects a number\n`);
    process.exit(2);
  }
  return v;
};
if (args.includes('--help')) {
  process.stdout.write('npm run fuzz -- [--runs N (default 500)] [--seed S (default: the time)] [--minutes M (default: no limit)] [--trace (name each case before it runs; keep its input as ./fuzz-last-case*)]\nExit codes: 0 every case ended in a report or a clear error; 1 some did not (each is printed with its seed, sample and mutations).\n');
  process.exit(0);
}
const seed = opt('seed', Date.now() % 1_000_000);
const runs = opt('runs', 500);
const minutes = opt('minutes', 0);
function traceCase(line: string, target: string): void {
  process.stderr.write(`fuzz: ${line}\n`);
  for (const old of ['fuzz-last-case', 'fuzz-last-case.tar.gz', 'fuzz-last-case.zip']) rmSync(old, { recursive: true, force: true });
  const ext = target.endsWith('.tar.gz') ? '.tar.gz' : target.endsWith('.zip') ? '.zip' : '';
  cpSync(target, `fuzz-last-case${ext}`, { recursive: true, verbatimSymlinks: true });
}
let unhandled: unknown;
process.on('unhandledRejection', (err) => (unhandled ??= err));
process.stderr.write(`fuzz: seed ${seed}, up to ${runs} cases${minutes ? ` or ${minutes} min` : ''}\n`);
const result = await fuzz({
  seed,
  runs,
  budgetMs: minutes ? minutes * 60_000 : Number.POSITIVE_INFINITY,
  samples: path.resolve(import.meta.dirname, '../sample-bundles'),
  log: (line) => process.stderr.write(`fuzz: FAIL ${line}\n`),
  // --trace names each case before it runs and keeps a copy of its input as fuzz-last-case[.tar.gz|.zip]
  // in the working directory: when a case takes the process down, that copy reproduces it.
  ...(args.includes('--trace') ? { trace: traceCase } : {}),
});
process.stdout.write(`fuzz: ${result.cases} cases, exits ${JSON.stringify(result.byExit)}, peak RSS ${Math.round(result.peakRss / 2 ** 20)} MB, ${result.failures.length} failure(s)${unhandled ? `, an unhandled rejection: ${String(unhandled)}` : ''}; seed ${seed}\n`);
process.exit(result.failures.length || unhandled ? 1 : 0);
