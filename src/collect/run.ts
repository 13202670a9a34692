// The state one `collect` run shares across its steps: kubectl options, the bundle writer, the
// redaction engine, the manifest's command records, progress and the stop conditions.
import type { ManifestCommand } from '../bundle/layout.js';
import type { BundleWriter } from '../bundle/writer.js';
import type { Redactor } from '../redact/secrets.js';
import type { CommandResult, KubectlOptions } from './kubectl.js';

export interface RunOptions {
  concurrency: number;
  signal?: AbortSignal;
  /** Overall deadline in seconds: then no new command starts. */
  deadlineSec?: number;
  onProgress?: (p: { done: number; total: number; step: string }) => void;
  onWarning?: (text: string) => void;
}

export class CollectRun {
  readonly commands: (ManifestCommand & { order: number })[] = [];
  private order = 0;
  /** Steps done and planned, for progress. */
  done = 0;
  total = 0;
  private readonly startedAt = Date.now();

  constructor(
    readonly k: KubectlOptions,
    readonly writer: BundleWriter,
    readonly redactor: Redactor,
    readonly opts: RunOptions,
  ) {}

  warn(text: string): void {
    this.opts.onWarning?.(text);
  }

  deadlineHit(): boolean {
    return this.opts.deadlineSec !== undefined && Date.now() - this.startedAt > this.opts.deadlineSec * 1000;
  }

  /** Ctrl-C or the deadline: no new command starts. */
  aborted(): boolean {
    return (this.opts.signal?.aborted ?? false) || this.deadlineHit();
  }

  progress(step: string): void {
    this.opts.onProgress?.({ done: this.done, total: this.total, step });
  }

  /** A command that ran, for the manifest (its stderr redacted: errors quote their input). */
  record(r: CommandResult, bundleFile: string | null, node: string | null, via?: string, error = r.error): void {
    this.commands.push({ argv: r.argv, node, file: bundleFile, exitCode: r.exitCode, durationMs: r.durationMs, stderr: this.redactor.text(r.stderr.trim()).slice(0, 4000), error, ...(via ? { via } : {}), order: this.order++ });
  }

  /** A command that was not run, and why. */
  skip(argv: string[], bundleFile: string | null, node: string | null, why: string): void {
    this.commands.push({ argv, node, file: bundleFile, exitCode: null, durationMs: 0, stderr: why, error: 'skipped', order: this.order++ });
  }

  /** A record the collector made itself (files a debug pod printed). */
  push(c: ManifestCommand): void {
    this.commands.push({ ...c, order: this.order++ });
  }

  /** The records in the order they were made. */
  manifestCommands(): ManifestCommand[] {
    return [...this.commands].sort((a, b) => a.order - b.order).map(({ order: _o, ...c }) => c);
  }
}

/** The command failed because its binary or path does not exist (not for any other reason). */
export function isAbsent(r: CommandResult): boolean {
  return /executable file not found|No such file or directory|not found in \$PATH|command not found/i.test(r.stderr) && !/could not be reached|timed out/i.test(r.stderr);
}
