// The scale benchmark (issue 7): `npm run bench [-- --sizes small,medium,tenth,large --formats … --runs 3 --json out.json]`.
// For each format (a cni-doctor bundle, a troubleshoot support bundle, a cilium sysdump zip) and each
// size it generates (and caches in .bench-cache/) a bundle with gen:bundle, then measures, in the same
// run and interleaved so machine noise hits every command alike:
//   gzip -dc FILE > /dev/null                 the floor: just inflating the bytes (unzip -p for a zip)
//   cni-doctor analyze FILE --format json     every rule and the JSON report
//   cni-doctor analyze FILE --format html     every rule and the HTML report
// wall time (median of --runs) and peak RSS (GNU time's %M, the largest resident set of the process).
// Then, once per size (--serve; on by default for every size but tiny):
//   cni-doctor serve FILE, and `kubectl get pods -A` against it   serve's own peak RSS, kubectl's wall time
//   cni-doctor collect --max-nodes 20 against that serve          collect's own peak RSS (not kubectl's), wall time
// (serve and collect on the cni-doctor bundle only: they do not depend on the format read).
// It prints a table with each figure's ratio to the floor and writes the figures as JSON.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { generateBundle, GENERATED_SHAPES, GENERATOR_VERSION, SUPPORTED_CNI, type GeneratedCni, type GeneratedShape } from './gen-bundle.js';
import { GENERATED_FORMATS, type GeneratedFormat } from './gen-layouts.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const CLI = path.join(ROOT, 'bin', 'cni-doctor.js');
const TIME = '/usr/bin/time';

export const SIZES = {
  tiny: { nodes: 6, pods: 60, events: 40 },
  small: { nodes: 50, pods: 1_500, events: 2_000 },
  medium: { nodes: 1_500, pods: 15_000, events: 20_000 },
  // A tenth of large in every dimension: issue 16's memory ratio is measured against it.
  tenth: { nodes: 500, pods: 15_000, events: 20_000 },
  large: { nodes: 5_000, pods: 150_000, events: 200_000 },
} as const;
export type SizeName = keyof typeof SIZES;

export interface Measurement {
  command: 'gzip -dc' | 'unzip -p' | 'analyze json' | 'analyze html' | 'serve: kubectl get pods -A' | 'collect --max-nodes 20';
  wallSeconds: number[];
  medianSeconds: number;
  peakRssMB: number;
  ratioToFloor: number;
}
export interface SizeResult {
  size: SizeName;
  format: GeneratedFormat;
  /** The generator's shape (gen-bundle --shape); foreign formats are always varied. */
  shape: GeneratedShape;
  nodes: number;
  pods: number;
  events: number;
  bundleBytes: number;
  measurements: Measurement[];
}
export interface BenchResult {
  machine: { cpus: number; cpuModel: string; node: string; totalMemoryMB: number };
  runs: number;
  sizes: SizeResult[];
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

/** Runs `argv` under GNU time; returns wall seconds and peak RSS in kB. Fails loudly if the command fails. */
function timed(argv: string[], scratch: string): { seconds: number; rssKB: number } {
  const out = path.join(scratch, 'time.txt');
  const r = spawnSync(TIME, ['-f', '%e %M', '-o', out, ...argv], { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) {
    throw new Error(`benchmark command failed (exit ${r.status}): ${argv.join(' ')}\n${r.stderr.slice(-2000)}`);
  }
  const [seconds, rss] = readFileSync(out, 'utf8').trim().split('\n').at(-1)!.split(' ').map(Number);
  return { seconds: seconds!, rssKB: rss! };
}

const PRELOAD = path.join(ROOT, 'scripts', 'bench-maxrss.mjs');

/** Runs a cni-doctor command with the max-RSS preload; resolves with its exit code and peak RSS (kB). */
function cniDoctor(args: string[], scratch: string, name: string, onStdout?: (text: string) => void) {
  const rssFile = path.join(scratch, `${name}.maxrss`);
  rmSync(rssFile, { force: true });
  const child = spawn(process.execPath, ['--import', PRELOAD, CLI, ...args], { env: { ...process.env, CNI_DOCTOR_MAXRSS_FILE: rssFile }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => onStdout?.(c.toString('utf8')));
  child.stderr.on('data', (c: Buffer) => (stderr = (stderr + c.toString('utf8')).slice(-4000)));
  const exited = new Promise<{ code: number | null; rssKB: number; stderr: string }>((resolve) =>
    child.on('close', (code) => resolve({ code, rssKB: existsSync(rssFile) ? Number(readFileSync(rssFile, 'utf8')) : 0, stderr })),
  );
  return { child, exited };
}

/** serve on the bundle, `kubectl get pods -A` through it, then collect through it. */
async function measureServeAndCollect(bundle: string, scratch: string, log: (line: string) => void): Promise<Measurement[]> {
  const kubeconfig = path.join(scratch, 'serve.kubeconfig');
  let ready: () => void = () => {};
  const isReady = new Promise<void>((r) => (ready = r));
  const serve = cniDoctor(['serve', bundle, '--kubeconfig-out', kubeconfig], scratch, 'serve', (t) => t.includes('Serving') && ready());
  const started = await Promise.race([isReady.then(() => true), serve.exited.then(() => false)]);
  if (!started) throw new Error(`cni-doctor serve failed:\n${(await serve.exited).stderr}`);
  try {
    log('serve: kubectl get pods -A');
    const t0 = Date.now();
    const get = spawnSync('kubectl', ['--kubeconfig', kubeconfig, 'get', 'pods', '-A'], { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    const getSeconds = (Date.now() - t0) / 1000;
    if (get.status !== 0) throw new Error(`kubectl get pods -A against serve failed (exit ${get.status}): ${get.stderr.slice(-2000)}`);
    log('collect --max-nodes 20 (through serve)');
    const t1 = Date.now();
    // Big Lists take minutes through a local serve: a generous per-command timeout.
    const collect = cniDoctor(['collect', '--kubeconfig', kubeconfig, '--max-nodes', '20', '--timeout', '600', '-o', path.join(scratch, 'collected.tar.gz')], scratch, 'collect');
    const c = await collect.exited;
    const collectSeconds = (Date.now() - t1) / 1000;
    // Exit 5 (partial) is expected: serve refuses `kubectl debug` and has no metrics.
    if (c.code !== 0 && c.code !== 5) throw new Error(`cni-doctor collect failed (exit ${c.code}): ${c.stderr}`);
    serve.child.kill('SIGINT');
    const s = await serve.exited;
    const row = (command: Measurement['command'], seconds: number, rssKB: number): Measurement => ({ command, wallSeconds: [seconds], medianSeconds: seconds, peakRssMB: Math.round(rssKB / 1024), ratioToFloor: Number.NaN });
    return [row('serve: kubectl get pods -A', getSeconds, s.rssKB), row('collect --max-nodes 20', collectSeconds, c.rssKB)];
  } finally {
    serve.child.kill('SIGKILL');
  }
}

/** The file a format's bundle is cached as: its producer's container and a name it would give it. */
function bundleFile(cacheDir: string, format: GeneratedFormat, spec: { nodes: number; pods: number; events: number }, cni: GeneratedCni, shape: GeneratedShape): string {
  const stem = `bench-${GENERATOR_VERSION}-${cni === 'calico' || format === 'cilium-sysdump' ? '' : `${cni}-`}${shape === 'varied' ? '' : `${shape}-`}${spec.nodes}n-${spec.pods}p-${spec.events}e`;
  if (format === 'cni-doctor') return path.join(cacheDir, `${stem}.tar.gz`);
  if (format === 'troubleshoot') return path.join(cacheDir, `support-bundle-${stem}.tar.gz`);
  return path.join(cacheDir, `cilium-sysdump-${stem}.zip`);
}

export async function runBench(opts: { sizes: SizeName[]; formats?: GeneratedFormat[]; shapes?: GeneratedShape[]; runs: number; cacheDir: string; serve?: boolean; cni?: GeneratedCni; log?: (line: string) => void }): Promise<BenchResult> {
  if (!existsSync(TIME)) throw new Error(`${TIME} (GNU time) is needed to measure peak memory: apt-get install time`);
  const log = opts.log ?? (() => {});
  mkdirSync(opts.cacheDir, { recursive: true });
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'cni-doctor-bench-'));
  const sizes: SizeResult[] = [];
  try {
    // The second shape is measured on the cni-doctor bundle: the targets of issue 16 hold on both.
    const runsOf = (opts.formats ?? ['cni-doctor']).flatMap((format) => (format === 'cni-doctor' ? (opts.shapes ?? ['varied']) : ['varied' as const]).map((shape) => ({ format, shape })));
    for (const { format, shape } of runsOf) for (const size of opts.sizes) {
      const spec = SIZES[size];
      // A sysdump is of a Cilium cluster; the others of the cluster asked for (Calico's, that the issue-7 figures are of, by default).
      const cni: GeneratedCni = format === 'cilium-sysdump' ? 'cilium' : (opts.cni ?? 'calico');
      const bundle = bundleFile(opts.cacheDir, format, spec, cni, shape);
      const label = `${format === 'cni-doctor' ? '' : `${format} `}${size}${shape === 'varied' ? '' : ` ${shape}`}${cni === 'calico' || format === 'cilium-sysdump' ? '' : ` (${cni})`}`;
      if (!existsSync(bundle)) {
        log(`generating ${label} bundle (${spec.nodes} nodes, ${spec.pods} pods, ${spec.events} events) …`);
        // Generated beside the cache under the final name, then renamed: a half-written bundle is
        // never taken from the cache, and the directory inside the archive has the final name.
        const partialDir = mkdtempSync(path.join(opts.cacheDir, '.partial-'));
        const partial = path.join(partialDir, path.basename(bundle));
        await generateBundle({ ...spec, cni, format, shape, output: partial });
        renameSync(partial, bundle);
        rmSync(partialDir, { recursive: true, force: true });
      }
      const floorCommand: Measurement['command'] = bundle.endsWith('.zip') ? 'unzip -p' : 'gzip -dc';
      const commands: [Measurement['command'], string[]][] = [
        [floorCommand, ['sh', '-c', floorCommand === 'unzip -p' ? `unzip -p '${bundle}' > /dev/null` : `gzip -dc '${bundle}' > /dev/null`]],
        ['analyze json', [process.execPath, CLI, 'analyze', bundle, '--format', 'json', '-o', path.join(scratch, 'r.json')]],
        ['analyze html', [process.execPath, CLI, 'analyze', bundle, '--format', 'html', '-o', path.join(scratch, 'r.html')]],
      ];
      const walls = new Map<string, number[]>();
      const rss = new Map<string, number>();
      for (let run = 0; run < opts.runs; run++) {
        for (const [name, argv] of commands) {
          log(`${label}: run ${run + 1}/${opts.runs}: ${name}`);
          const t = timed(argv, scratch);
          walls.set(name, [...(walls.get(name) ?? []), t.seconds]);
          rss.set(name, Math.max(rss.get(name) ?? 0, t.rssKB));
        }
      }
      const floor = median(walls.get(floorCommand)!);
      const extra = format === 'cni-doctor' && shape === 'varied' && (opts.serve ?? size !== 'tiny') ? await measureServeAndCollect(bundle, scratch, (l) => log(`${label}: ${l}`)) : [];
      sizes.push({
        size,
        format,
        shape,
        ...spec,
        bundleBytes: statSync(bundle).size,
        measurements: commands.map(([name]) => ({
          command: name,
          wallSeconds: walls.get(name)!,
          medianSeconds: median(walls.get(name)!),
          peakRssMB: Math.round(rss.get(name)! / 1024),
          // GNU time reports wall time in hundredths; a floor of 0.00 s (tiny bundles) has no ratio.
          ratioToFloor: floor > 0 ? Math.round((median(walls.get(name)!) / floor) * 10) / 10 : Number.NaN,
        })).concat(extra),
      });
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  const cpus = os.cpus();
  return { machine: { cpus: cpus.length, cpuModel: cpus[0]?.model ?? 'unknown', node: process.version, totalMemoryMB: Math.round(os.totalmem() / 2 ** 20) }, runs: opts.runs, sizes };
}

export interface TargetCheck {
  target: string;
  value: string;
  met: boolean;
}

/**
 * The targets, on the large size. The cni-doctor bundle, on both generator shapes (issue 16):
 * analyze json and html ≤ 2.0× the gzip floor, peak RSS ≤ 300 MB and ≤ 1.3× the tenth size's of
 * the same shape (ten times fewer nodes, pods and events). A foreign bundle (issue 13): read as a
 * stream, peak RSS ≤ 400 MB; its times are reported, not targeted. Sizes not measured make the
 * targets that need them unchecked, not met.
 */
export function checkTargets(r: BenchResult): TargetCheck[] {
  const out: TargetCheck[] = [];
  const m = (s: SizeResult, c: Measurement['command']) => s.measurements.find((x) => x.command === c)!;
  for (const large of r.sizes.filter((s) => s.size === 'large')) {
    const { format, shape } = large;
    const label = `${format === 'cni-doctor' ? '' : `${format} `}large${shape === 'varied' ? '' : ` ${shape}`}`;
    const tenth = r.sizes.find((s) => s.size === 'tenth' && s.format === format && s.shape === shape);
    for (const command of ['analyze json', 'analyze html'] as const) {
      const x = m(large, command);
      const floor = large.measurements[0]!.command;
      const rssLimit = format === 'cni-doctor' ? 300 : 400;
      if (format === 'cni-doctor') out.push({ target: `${label}: ${command} ≤ 2.0× ${floor}`, value: `${x.ratioToFloor.toFixed(1)}×`, met: x.ratioToFloor <= 2.0 });
      out.push({ target: `${label}: ${command} peak RSS ≤ ${rssLimit} MB`, value: `${x.peakRssMB} MB`, met: x.peakRssMB <= rssLimit });
      if (tenth && format === 'cni-doctor') {
        const ratio = x.peakRssMB / m(tenth, command).peakRssMB;
        out.push({ target: `${label}: ${command} peak RSS ≤ 1.3× the tenth's`, value: `${ratio.toFixed(2)}×`, met: ratio <= 1.3 });
      }
    }
  }
  return out;
}

export function formatTargets(checks: TargetCheck[]): string {
  if (!checks.length) return 'targets: not checked (they apply to the large size; run with --sizes tenth,large)';
  return checks.map((c) => `${c.met ? 'met    ' : 'NOT MET'}  ${c.target}: ${c.value}`).join('\n');
}

export function formatTable(r: BenchResult): string {
  const rows = [['format', 'shape', 'size', 'nodes', 'pods', 'events', 'bundle', 'command', 'median s', '× floor', 'peak RSS MB']];
  for (const s of r.sizes) {
    for (const m of s.measurements) {
      rows.push([s.format, s.shape, s.size, String(s.nodes), String(s.pods), String(s.events), `${(s.bundleBytes / 2 ** 20).toFixed(1)} MB`, m.command, m.medianSeconds.toFixed(2), Number.isNaN(m.ratioToFloor) ? '—' : m.ratioToFloor.toFixed(1), String(m.peakRssMB)]);
    }
  }
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => row[i]!.length)));
  const line = (row: string[]) => `| ${row.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  return [line(rows[0]!), `| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`, ...rows.slice(1).map(line)].join('\n');
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { sizes: { type: 'string', default: 'small,medium,tenth,large' }, formats: { type: 'string', default: GENERATED_FORMATS.join(',') }, runs: { type: 'string', default: '3' }, 'no-serve': { type: 'boolean' }, cni: { type: 'string', default: 'calico' }, shapes: { type: 'string', default: GENERATED_SHAPES.join(',') }, json: { type: 'string', default: 'bench-results.json' }, cache: { type: 'string', default: path.join(ROOT, '.bench-cache') }, help: { type: 'boolean', short: 'h' } } });
  if (values.help) {
    console.log(`usage: npm run bench -- [--sizes tiny,small,medium,tenth,large] [--formats ${GENERATED_FORMATS.join(',')}] [--shapes ${GENERATED_SHAPES.join(',')}] [--runs N] [--cni ${SUPPORTED_CNI.join('|')}] [--json FILE] [--cache DIR] [--no-serve]`);
    return;
  }
  const sizes = values.sizes.split(',').map((s) => s.trim()) as SizeName[];
  for (const s of sizes) if (!(s in SIZES)) throw new Error(`unknown size "${s}"; sizes are ${Object.keys(SIZES).join(', ')}`);
  const formats = values.formats.split(',').map((s) => s.trim()) as GeneratedFormat[];
  for (const f of formats) if (!GENERATED_FORMATS.includes(f)) throw new Error(`unknown format "${f}"; formats are ${GENERATED_FORMATS.join(', ')}`);
  const shapes = values.shapes.split(',').map((x) => x.trim()) as GeneratedShape[];
  for (const x of shapes) if (!GENERATED_SHAPES.includes(x)) throw new Error(`unknown shape "${x}"; shapes are ${GENERATED_SHAPES.join(', ')}`);
  const cni = values.cni as GeneratedCni;
  if (!SUPPORTED_CNI.includes(cni)) throw new Error(`unknown --cni "${values.cni}"; one of ${SUPPORTED_CNI.join(', ')}`);
  const runs = Number(values.runs);
  if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs must be a positive integer, got ${values.runs}`);
  const result = await runBench({ sizes, formats, shapes, runs, cni, cacheDir: values.cache, serve: values['no-serve'] ? false : undefined, log: (l) => process.stderr.write(`${l}\n`) });
  console.log(formatTable(result));
  const targets = checkTargets(result);
  console.log(`\n${formatTargets(targets)}`);
  writeFileSync(values.json, `${JSON.stringify({ ...result, targets }, null, 2)}\n`);
  console.log(`\nfigures written to ${values.json}`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((e: unknown) => {
    console.error(`bench: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  });
}
