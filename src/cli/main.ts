// The command line: the only layer that touches argv, files, stdout/stderr and exit codes.
import { readFileSync } from 'node:fs';
import { rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { analyzePath } from '../analyze/index.js';
import { keptTextOf } from '../analyze/bundle-data.js';
import { RULES } from '../analyze/rules/index.js';
import { StageTimings } from '../analyze/timings.js';
import { SEVERITIES, reportJsonSchema, type BundleFormat, type Severity } from '../model/report.js';
import { IMPORTERS } from '../import/index.js';
import { FORMATS, RENDERERS, type Format } from '../report/index.js';
import { mappingFileFor, writeMapping } from '../redact/key.js';
import { CliFailure, EXIT, failure } from './exit.js';
import { readingProgress, stepProgress } from './progress.js';

export { EXIT } from './exit.js';

/** --from: the format to read a bundle as, when telling it from its paths is not wanted. */
const fromOption = () => new Option('--from <format>', 'read the bundle as this format instead of telling it from its content').choices(['cni-doctor', ...IMPORTERS.map((i) => i.format)]);

/** Log text kept for the terminal view's evidence viewer (bytes per log). */
const TUI_LOG_BYTES = 8 * 1024 * 1024;

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  isTTY: boolean;
}

const defaultIo: CliIo = {
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
  isTTY: !!process.stderr.isTTY,
};

export function toolVersion(): string {
  try {
    // Two levels below the package root both in tsc's dist/cli/ and in the bundle's dist/app/main.js.
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: string };
    return pkg.version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
}

function positiveInt(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) < 1) throw new InvalidArgumentError('expected a positive whole number');
  return Number(value);
}

function parseSeverity(value: string): Severity {
  if (!(SEVERITIES as readonly string[]).includes(value)) throw new InvalidArgumentError(`expected one of ${SEVERITIES.join(', ')}`);
  return value as Severity;
}

/** Writes atomically: a temp file renamed into place, so a failed run never leaves half a report. */
async function writeOutput(file: string, text: string): Promise<void> {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  await writeFile(tmp, text);
  await rename(tmp, file);
}

export async function main(argv: string[], io: CliIo = defaultIo): Promise<number> {
  let exitCode: number = EXIT.ok;
  const program = new Command();
  program
    .name('cni-doctor')
    .description('Diagnose Kubernetes container-network (CNI) failures from a support bundle, offline.')
    .version(toolVersion(), '-V, --version')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr });

  program
    .command('analyze')
    .description('Analyze a support bundle (a cni-doctor bundle, or one made by troubleshoot, kubectl cluster-info dump or must-gather) and print the diagnosis.')
    .argument('<bundle>', 'bundle directory, or .tar.gz / .tgz / .tar.xz / .tar / .zip file')
    .addOption(new Option('-f, --format <format>', 'output format').choices(FORMATS).default('md'))
    .option('-o, --output <file>', 'write the report to FILE instead of standard output')
    .option('--fail-on <severity>', `exit with code ${EXIT.failOn} when a finding is at or above SEVERITY (${SEVERITIES.join(', ')})`, parseSeverity)
    .addOption(fromOption())
    .option('--timings', 'print where the time went, by stage (read, the parsing thread\'s decode / parse / reduce, rules, report, render, write), to standard error')
    .addHelpText(
      'after',
      `\nExit codes: ${EXIT.ok} report written; ${EXIT.failOn} --fail-on threshold met; ${EXIT.usage} usage error; ${EXIT.unreadableBundle} bundle cannot be opened; ${EXIT.outputError} output cannot be written; ${EXIT.internal} internal error.\n\nExamples:\n  cni-doctor analyze cni-doctor-prod-20261127T101500Z.tar.gz\n  cni-doctor analyze ./bundle-dir --format json -o report.json --fail-on high`,
    )
    .action(async (bundle: string, opts: { format: Format; output?: string; failOn?: Severity; from?: BundleFormat; timings?: boolean }) => {
      const timings = opts.timings ? new StageTimings() : undefined;
      const { report } = await analyzeOrFail(bundle, opts.from, undefined, undefined, timings);
      const text = timings ? timings.timeSync('render', () => RENDERERS[opts.format](report)) : RENDERERS[opts.format](report);
      if (opts.output) {
        try {
          await (timings ? timings.time('write', () => writeOutput(opts.output!, text)) : writeOutput(opts.output, text));
        } catch (err) {
          throw new CliFailure(EXIT.outputError, `cannot write ${opts.output}: ${(err as Error).message}`, 'Choose a writable path with -o.');
        }
        io.stderr(`cni-doctor: wrote ${opts.format} report to ${opts.output} (${report.findings.length} findings: ${SEVERITIES.map((s) => `${report.counts[s]} ${s}`).join(', ')})\n`);
      } else {
        io.stdout(text);
      }
      for (const w of report.bundle.warnings) io.stderr(`cni-doctor: warning: ${w}\n`);
      if (timings) io.stderr(`cni-doctor: timings: ${timings.format()}\n`);
      if (opts.failOn) {
        const threshold = SEVERITIES.indexOf(opts.failOn);
        const hits = report.findings.filter((f) => SEVERITIES.indexOf(f.severity) <= threshold);
        if (hits.length) {
          io.stderr(`cni-doctor: ${hits.length} finding(s) at or above ${opts.failOn} (--fail-on)\n`);
          exitCode = EXIT.failOn;
        }
      }
    });

  /** The Report of a bundle, with reading progress; a bundle that cannot be read at all is a failure. */
  async function analyzeOrFail(bundle: string, from: BundleFormat | undefined, keepLogBytes?: number, onProgress?: (e: { file: string; bytes: number }) => void, timings?: StageTimings) {
    const p = readingProgress(io);
    let result;
    try {
      result = await analyzePath(bundle, { toolVersion: toolVersion(), keepLogBytes, format: from, onProgress: onProgress ?? ((e) => p.tick(e)), timings });
    } catch (err) {
      throw failure(err, {});
    } finally {
      p.done();
    }
    const { report, data } = result;
    // Not one entry could be read: that is not a report about a cluster.
    if (data.files.size === 0 && data.problems.some((x) => x.archive)) {
      throw new CliFailure(EXIT.unreadableBundle, `cannot read the bundle ${bundle}: ${report.bundle.warnings.join(' ')}`, `Check that the file is a complete ${report.bundle.packaging === 'directory' ? 'bundle' : report.bundle.packaging} (re-download or re-copy it).`);
    }
    return { report, fileText: (file: string) => keptTextOf(data.files.get(file)) };
  }

  program
    .command('tui')
    .description('Browse a bundle interactively in the terminal: triage, findings, evidence, nodes, timeline.')
    .argument('<bundle>', 'bundle directory, or .tar.gz / .tgz / .tar.xz / .tar / .zip file')
    .addOption(fromOption())
    .addHelpText('after', `\nKeys: arrows or j/k move, enter opens, esc/backspace goes back, tab switches view, / searches, ? shows every key, q quits.\nWhen standard output is not a terminal, the Markdown report is printed instead.\n\nExit codes: ${EXIT.ok} done; ${EXIT.usage} usage error; ${EXIT.unreadableBundle} bundle cannot be opened; ${EXIT.internal} internal error.`)
    .action(async (bundle: string, opts: { from?: BundleFormat }) => {
      // Ink renders only a final frame when it believes it runs in CI (is-in-ci reads CI at import).
      // On a real terminal the user is interactive whatever CI says, so say so before Ink loads.
      if (!process.stdout.isTTY || !process.stdin.isTTY) {
        // Piped or in CI: the Markdown report instead of a view nobody can drive.
        const { report } = await analyzeOrFail(bundle, opts.from);
        io.stderr('cni-doctor: not a terminal, so printing the Markdown report instead of the interactive view (use `cni-doctor analyze` for other formats).\n');
        io.stdout(RENDERERS.md(report));
        return;
      }
      process.env.CI = 'false';
      const { runTui } = await import('../tui/run.js');
      await runTui((onProgress) => analyzeOrFail(bundle, opts.from, TUI_LOG_BYTES, onProgress), process.stdout);
    });

  program
    .command('serve')
    .description('Serve a bundle as a read-only Kubernetes API for kubectl (get, describe, logs, exec replay).')
    .argument('<bundle>', 'bundle directory, or .tar.gz / .tgz / .tar.xz / .tar / .zip file')
    .option('-p, --port <port>', 'port on 127.0.0.1 (default: a free one)', (v) => {
      if (!/^\d+$/.test(v) || Number(v) > 65535) throw new InvalidArgumentError('expected a port number');
      return Number(v);
    })
    .option('--kubeconfig-out <file>', 'where to write the kubeconfig (default: cni-doctor-<bundle>.kubeconfig in the current directory)')
    .addHelpText('after', `\nThen: export KUBECONFIG=<file>; kubectl get pods -A -o wide; kubectl describe node <node>; kubectl logs …; kubectl exec … -- calicoctl node status.\nWrites are refused. exec replays what the bundle recorded, to any kubectl: WebSocket (1.30 and newer) or SPDY/3.1 (before 1.30).\n\nExit codes: ${EXIT.ok} stopped with Ctrl-C; ${EXIT.usage} usage error; ${EXIT.unreadableBundle} bundle cannot be opened; ${EXIT.outputError} kubeconfig cannot be written or port in use.`)
    .action(async (bundle: string, opts: { port?: number; kubeconfigOut?: string }) => {
      const { loadStore } = await import('../serve/store.js');
      let store;
      try {
        store = await loadStore(bundle, undefined, (file, size) => {
          // Big Lists take seconds each: say what is being read.
          if (size > 16 * 1024 * 1024) io.stderr(`cni-doctor: reading ${file} (${Math.round(size / 2 ** 20)} MB)…\n`);
        });
      } catch (err) {
        throw failure(err, {});
      }
      for (const p of store.problems) io.stderr(`cni-doctor: warning: ${p}\n`);
      try {
        exitCode = await serveStore(store, bundle, opts);
      } finally {
        store.close();
      }
    });

  async function serveStore(store: import('../serve/store.js').Store, bundle: string, opts: { port?: number; kubeconfigOut?: string }): Promise<number> {
    const { startServer, kubeconfig } = await import('../serve/server.js');
    let server;
    try {
      server = await startServer(store, { port: opts.port });
    } catch (err) {
      io.stderr(`cni-doctor: cannot listen on 127.0.0.1:${opts.port ?? 0}: ${(err as Error).message}\nChoose another --port.\n`);
      return EXIT.outputError;
    }
    const name = `cni-doctor-${path.basename(path.resolve(bundle)).replace(/\.(tar\.gz|tgz)$/, '')}`;
    const file = path.resolve(opts.kubeconfigOut ?? `${name}.kubeconfig`);
    try {
      await writeOutput(file, kubeconfig(server.url, name));
    } catch (err) {
      await server.close();
      io.stderr(`cni-doctor: cannot write the kubeconfig ${file}: ${(err as Error).message}\nChoose a writable path with --kubeconfig-out.\n`);
      return EXIT.outputError;
    }
    io.stdout(`Serving ${bundle} (read-only) at ${server.url}\n\n  export KUBECONFIG=${file}\n  kubectl get nodes\n  kubectl get pods -A -o wide\n\nPress Ctrl-C to stop.\n`);
    await new Promise<void>((resolve) => {
      const stop = () => resolve();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    await server.close();
    io.stderr('cni-doctor: stopped\n');
    return EXIT.ok;
  }

  program
    .command('collect')
    .description('Gather a support bundle from the current cluster with your kubectl (read-only unless --probe), redacted, as one .tar.gz.')
    .option('-o, --output <file>', 'bundle file (default: cni-doctor-<context>-<UTC time>.tar.gz)')
    .option('--context <name>', 'kubeconfig context to use')
    .option('--kubeconfig <file>', 'kubeconfig file to use')
    .option('--kubectl <path>', 'kubectl binary', 'kubectl')
    .option('--nodes <all|name,…>', 'nodes to collect node data from', 'all')
    .option('--max-nodes <n>', 'at most this many nodes (troubled nodes always first)', (v) => positiveInt(v), 50)
    .option('--log-lines <n>', 'last lines of each log', (v) => positiveInt(v), 2000)
    .option('--timeout <seconds>', 'timeout of every command', (v) => positiveInt(v), 30)
    .option('--concurrency <n>', 'commands run at once', (v) => positiveInt(v), 8)
    .option('--deadline <seconds>', 'overall deadline: then what was gathered is written, marked incomplete', (v) => positiveInt(v), 900)
    .option('--debug-image <image>', 'image for `kubectl debug node/…` on nodes without a CNI agent pod (default: the agent image)')
    .option('--probe', 'start a short-lived test pod (the only thing that changes the cluster; always deleted)', false)
    .option('--probe-image <image>', 'image of the probe pod (needs sh, ip, nslookup, wget)', 'busybox:1.36')
    .option('--no-redact', 'keep secrets (never send such a bundle to anyone)')
    .option('--pseudonymize', 'replace every IP address (prefix-preserving) and node name by a pseudonym; the mapping goes to <bundle>.pseudonyms.json beside it (mode 0600), never into the bundle', false)
    .option('--pseudonym-key <file>', 'key file for --pseudonymize, so that several bundles get the same pseudonyms (created if it does not exist)')
    .addHelpText('after', `\nNothing is fatal but an unreachable API server: forbidden resources, timeouts, dead nodes are recorded in the bundle's manifest and reported by \`analyze\` as collection gaps.\n\nExit codes: ${EXIT.ok} complete bundle written; ${EXIT.partial} bundle written, some commands failed; ${EXIT.interrupted} interrupted, partial bundle written; ${EXIT.usage} usage error; ${EXIT.unreadableBundle} kubectl missing or the API server unreachable (nothing written); ${EXIT.outputError} the bundle cannot be written.`)
    .action(async (opts: { output?: string; context?: string; kubeconfig?: string; kubectl: string; nodes: string; maxNodes: number; logLines: number; timeout: number; concurrency: number; deadline: number; probe: boolean; probeImage: string; debugImage?: string; redact: boolean; pseudonymize: boolean; pseudonymKey?: string }) => {
      const { collect, CollectError } = await import('../collect/collect.js');
      const pseudonymizer = await makePseudonymizer(opts);
      const controller = new AbortController();
      const onSignal = () => {
        io.stderr('\ncni-doctor: interrupted: finishing the commands under way and writing what was gathered…\n');
        controller.abort();
      };
      process.once('SIGINT', onSignal);
      const bar = stepProgress(io, 'collecting');
      try {
        const result = await collect({
          output: opts.output,
          kubectl: opts.kubectl,
          kubeconfig: opts.kubeconfig,
          context: opts.context,
          nodes: opts.nodes === 'all' ? 'all' : opts.nodes.split(',').map((n) => n.trim()).filter(Boolean),
          maxNodes: opts.maxNodes,
          logLines: opts.logLines,
          timeoutSec: opts.timeout,
          concurrency: opts.concurrency,
          deadlineSec: opts.deadline,
          probe: opts.probe,
          probeImage: opts.probeImage,
          debugImage: opts.debugImage,
          redact: opts.redact,
          pseudonymizer,
          toolVersion: toolVersion(),
          signal: controller.signal,
          onWarning: (t) => io.stderr(`cni-doctor: warning: ${t}\n`),
          onProgress: (e) => bar.tick(e),
        });
        bar.done();
        if (pseudonymizer) writePseudonyms(result.file, pseudonymizer);
        io.stderr(`cni-doctor: wrote ${result.file} (${result.commands} commands${result.failed.length ? `, ${result.failed.length} failed: ${[...new Set(result.failed.map((c) => c.error))].join(', ')}` : ''})\n`);
        if (result.stopped === 'deadline') io.stderr(`cni-doctor: the overall deadline (--deadline ${opts.deadline}s) was reached: the bundle is incomplete\n`);
        exitCode = result.stopped === 'interrupted' ? EXIT.interrupted : !result.complete || result.failed.length ? EXIT.partial : EXIT.ok;
      } catch (err) {
        bar.done();
        throw err instanceof CollectError ? failure(err, { code: EXIT.unreadableBundle }) : failure(err, { writing: opts.output ?? 'the bundle' });
      } finally {
        process.off('SIGINT', onSignal);
      }
    });

  /** undefined when not asked for; a key that cannot be loaded is a usage failure. */
  async function makePseudonymizer(opts: { pseudonymize: boolean; pseudonymKey?: string }) {
    if (!opts.pseudonymize) {
      if (opts.pseudonymKey) io.stderr('cni-doctor: warning: --pseudonym-key has no effect without --pseudonymize\n');
      return undefined;
    }
    const { loadPseudonymKey, KeyError } = await import('../redact/key.js');
    const { Pseudonymizer } = await import('../redact/pseudonyms.js');
    try {
      const { key, created } = loadPseudonymKey(opts.pseudonymKey);
      if (created) io.stderr(`cni-doctor: created the pseudonym key ${opts.pseudonymKey} (mode 0600): pass it again to get the same pseudonyms in the next bundle\n`);
      return new Pseudonymizer(key);
    } catch (err) {
      throw err instanceof KeyError ? failure(err, { code: EXIT.usage }) : err;
    }
  }

  function writePseudonyms(bundle: string, pseudonymizer: import('../redact/pseudonyms.js').Pseudonymizer) {
    // Imported statically below: the mapping must be written even if the process is about to end.
    const file = mappingFileFor(bundle);
    writeMapping(file, pseudonymizer.mapping());
    io.stderr(`cni-doctor: the real names and addresses behind the pseudonyms are in ${file} (mode 0600): keep it, do not send it\n`);
  }

  program
    .command('redact')
    .description('Scrub an existing bundle (ours, an older one, one made by hand) of secrets, optionally pseudonymize it, into a new .tar.gz.')
    .argument('<bundle>', 'bundle directory, or .tar.gz / .tgz / .tar.xz / .tar / .zip file')
    .requiredOption('-o, --output <file>', 'the scrubbed bundle (.tar.gz)')
    .option('--pseudonymize', 'also replace every IP address (prefix-preserving) and node name by a pseudonym; the mapping goes to <output>.pseudonyms.json (mode 0600)', false)
    .option('--pseudonym-key <file>', 'key file for --pseudonymize (created if it does not exist), for the same pseudonyms across bundles')
    .addHelpText(
      'after',
      `\nRedacts what \`collect\` redacts: values under secret-sounding names (password, token, secret, api key, private key, credentials, auth…) in JSON, YAML, env, flags and logs; URL userinfo; Authorization/Cookie/X-Api-Key headers; PEM private keys; JWTs; AWS, GCP and Azure keys. Addresses, CIDRs, interface names and CNI config fields are kept. Links are copied as links (never followed, their targets scrubbed) so the analysis still reports them; entries with unsafe names (absolute, \`..\`) are not copied.\n\nExit codes: ${EXIT.ok} written; ${EXIT.partial} written, but some entries of the input could not be copied (listed); ${EXIT.usage} usage error; ${EXIT.unreadableBundle} the bundle cannot be opened; ${EXIT.outputError} the output cannot be written.\n\nExamples:\n  cni-doctor redact support-bundle.tar.gz -o clean.tar.gz\n  cni-doctor redact ./bundle-dir -o clean.tar.gz --pseudonymize --pseudonym-key ~/.cni-doctor-key`,
    )
    .action(async (bundle: string, opts: { output: string; pseudonymize: boolean; pseudonymKey?: string }) => {
      if (path.resolve(bundle) === path.resolve(opts.output)) throw new CliFailure(EXIT.usage, 'the output must be a new file, not the bundle itself', 'Choose another path with -o.');
      const pseudonymizer = await makePseudonymizer(opts);
      const { scrubBundle } = await import('../redact/bundle.js');
      const p = readingProgress(io);
      let result;
      try {
        result = await scrubBundle(bundle, path.resolve(opts.output), { redact: true, pseudonymizer, onProgress: (e) => p.tick(e) });
      } catch (err) {
        throw failure(err, { writing: opts.output });
      } finally {
        p.done();
      }
      if (pseudonymizer) writePseudonyms(opts.output, pseudonymizer);
      const kinds = Object.entries(result.redaction.byKind).sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, n]) => `${n} ${k}`);
      io.stderr(`cni-doctor: wrote ${opts.output} (${result.files} files; ${result.redaction.replacements} secret(s) redacted${kinds.length ? `: ${kinds.join(', ')}` : ''}${pseudonymizer ? `; ${result.pseudonymized} address/name replacement(s)` : ''})\n`);
      for (const s of result.skipped) io.stderr(`cni-doctor: warning: not copied: ${s.path.replace(/[\u0000-\u001f\u007f-\u009f]/g, '?')}: ${s.reason}\n`);
      if (result.skipped.length) exitCode = EXIT.partial;
    });

  program
    .command('convert')
    .description('Write a bundle made by another tool (troubleshoot, cilium sysdump, calicoctl cluster diags, kubectl cluster-info dump, must-gather, support-bundle-kit) as a cni-doctor bundle (.tar.gz).')
    .argument('<bundle>', 'the foreign bundle: directory, .tar.gz / .tgz / .tar.xz / .tar or .zip')
    .requiredOption('-o, --output <file>', 'the cni-doctor bundle to write (.tar.gz)')
    .addOption(fromOption())
    .addHelpText(
      'after',
      `\nFiles the bundle contract holds as they are (CNI configs, routes, links, agent status, logs) are copied byte for byte to their contract paths; Lists in any dialect become the contract's JSON Lists, item by item; everything else is kept verbatim under foreign/. The manifest records each file's original path (commands[].via), the tool's own error records as failed commands, and what the format never holds as skipped ones. Nothing is redacted: run cni-doctor redact on the result before sharing it.\n\nExit codes: ${EXIT.ok} written; ${EXIT.partial} written, but some entries could not be carried over (listed); ${EXIT.usage} usage error; ${EXIT.unreadableBundle} the bundle cannot be opened, or is not a foreign bundle (already a cni-doctor one, or the stdout form of cluster-info dump); ${EXIT.outputError} the output cannot be written.\n\nExamples:\n  cni-doctor convert cilium-sysdump-20261127-101500.zip -o cluster.tar.gz\n  cni-doctor convert ./must-gather.local.1234 -o cluster.tar.gz`,
    )
    .action(async (bundle: string, opts: { output: string; from?: BundleFormat }) => {
      if (path.resolve(bundle) === path.resolve(opts.output)) throw new CliFailure(EXIT.usage, 'the output must be a new file, not the bundle itself', 'Choose another path with -o.');
      const { convertBundle } = await import('../import/convert.js');
      const p = readingProgress(io);
      let result;
      try {
        result = await convertBundle(bundle, path.resolve(opts.output), { toolVersion: toolVersion(), from: opts.from, onProgress: (e) => p.tick(e) });
      } catch (err) {
        throw failure(err, { writing: opts.output });
      } finally {
        p.done();
      }
      io.stderr(`cni-doctor: wrote ${opts.output} (${result.files} files) from the ${result.tool} bundle\n`);
      for (const s of result.skipped) io.stderr(`cni-doctor: warning: not carried over: ${s.path.replace(/[\u0000-\u001f\u007f-\u009f]/g, '?')}: ${s.reason.replace(/[\u0000-\u001f\u007f-\u009f]/g, '?')}\n`);
      if (result.skipped.length) exitCode = EXIT.partial;
    });

  program
    .command('rules')
    .description('List every rule: id, severity, urgency, plugin and what it detects.')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'json']).default('text'))
    .action((opts: { format: 'text' | 'json' }) => {
      const rules = [...RULES].sort((a, b) => (a.meta.id < b.meta.id ? -1 : 1));
      if (opts.format === 'json') {
        io.stdout(`${JSON.stringify(rules.map((r) => r.meta), null, 2)}\n`);
        return;
      }
      for (const r of rules) {
        io.stdout(`${r.meta.id.padEnd(32)} ${r.meta.severity.padEnd(8)} ${(r.meta.urgency ?? '-').padEnd(9)} ${(r.meta.plugin ?? 'any').padEnd(11)} ${r.meta.title}\n`);
      }
    });

  program
    .command('schema')
    .description('Print the JSON Schema of the `analyze --format json` report.')
    .option('-o, --output <file>', 'write the schema to FILE')
    .action(async (opts: { output?: string }) => {
      const text = `${JSON.stringify(reportJsonSchema(), null, 2)}\n`;
      if (opts.output) await writeOutput(opts.output, text);
      else io.stdout(text);
    });

  if (!argv.length) {
    io.stderr(program.helpInformation());
    return EXIT.usage;
  }
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (err) {
    if (err instanceof CliFailure) {
      io.stderr(`cni-doctor: ${err.message}\n${err.hint}\n`);
      return err.code;
    }
    if (err instanceof CommanderError) {
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help') return EXIT.ok;
      return EXIT.usage;
    }
    const detail = process.env.CNI_DOCTOR_DEBUG ? ((err as Error).stack ?? String(err)) : (err as Error).message;
    io.stderr(`cni-doctor: internal error: ${detail}\nThis is a bug in cni-doctor: please report it with the command line you ran (set CNI_DOCTOR_DEBUG=1 for a stack trace).\n`);
    return EXIT.internal;
  }
  return exitCode;
}
