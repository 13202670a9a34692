// Running the user's own kubectl: their kubeconfig, context and auth plugins work as they do for
// kubectl. Every command has a timeout; failures are classified, never thrown.
import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import type { CommandErrorClass } from '../bundle/layout.js';

export interface KubectlOptions {
  kubectl: string;
  kubeconfig?: string;
  context?: string;
  timeoutMs: number;
}

export interface CommandResult {
  argv: string[];
  exitCode: number | null;
  stdout: Buffer;
  stderr: string;
  durationMs: number;
  error: CommandErrorClass | null;
}

const MAX_OUTPUT = 2 * 1024 * 1024 * 1024;

/** The argv recorded in the manifest: what the user would type (global flags included). */
export function kubectlArgv(opts: KubectlOptions, args: string[]): string[] {
  return [opts.kubectl, ...(opts.kubeconfig ? ['--kubeconfig', opts.kubeconfig] : []), ...(opts.context ? ['--context', opts.context] : []), ...args];
}

export function classify(exitCode: number | null, stderr: string, timedOut: boolean, isExec: boolean): CommandErrorClass | null {
  if (timedOut) return 'timeout';
  if (exitCode === 0) return null;
  if (/\(Forbidden\)|is forbidden|Unauthorized|\(Unauthorized\)/.test(stderr)) return 'forbidden';
  if (/could not be reached|is unreachable|error dialing backend|\(ServiceUnavailable\)/i.test(stderr)) return 'unreachable';
  // exec: the process could not start in the container (not a missing file).
  if (isExec && /unable to upgrade connection|container not found|cannot exec in a stopped state|error executing command in container/i.test(stderr) && !/executable file not found/.test(stderr)) return 'exec-failed';
  if (/\(NotFound\)|not found|No such file or directory|executable file not found|the server doesn't have a resource type/i.test(stderr)) return 'not-found';
  // The command ran in the container and failed on its own (kubectl says so): whatever it printed —
  // an agent's "dial tcp 127.0.0.1:10350: connection refused" — is about the agent, not the connection.
  if (isExec && /command terminated with (non-zero )?exit code/i.test(stderr)) return 'exec-failed';
  if (/Unable to connect to the server|dial tcp|i\/o timeout|connection refused|is unreachable|no route to host|error dialing backend|TLS handshake timeout/i.test(stderr)) return 'unreachable';
  if (/Client\.Timeout|context deadline exceeded|Timeout exceeded|\(Timeout\)|timed out/i.test(stderr)) return 'timeout';
  if (/\(ServiceUnavailable\)|could not be reached/i.test(stderr)) return 'unreachable';
  return isExec ? 'exec-failed' : 'exec-failed';
}

/**
 * Runs kubectl. With `stdoutFile`, stdout goes to that file instead of memory (Lists of a large
 * cluster: pods.json for 150,000 pods is about 1 GB) and `stdout` in the result is empty.
 */
export function runKubectl(opts: KubectlOptions, args: string[], signal?: AbortSignal, stdoutFile?: string): Promise<CommandResult> {
  const argv = kubectlArgv(opts, args);
  const started = Date.now();
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let stderr = '';
    let timedOut = false;
    let child;
    try {
      child = spawn(argv[0]!, argv.slice(1), { stdio: ['ignore', 'pipe', 'pipe'], signal });
    } catch (err) {
      resolve({ argv, exitCode: null, stdout: Buffer.alloc(0), stderr: (err as Error).message, durationMs: 0, error: 'exec-failed' });
      return;
    }
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, opts.timeoutMs);
    const file = stdoutFile ? createWriteStream(stdoutFile, { mode: 0o600 }) : undefined;
    const fileDone = file ? new Promise<string>((r) => file.on('close', () => r('')).on('error', (e) => r(`\ncannot write kubectl's output to ${stdoutFile}: ${e.message}`))) : Promise.resolve('');
    if (file) child.stdout.pipe(file);
    else
      child.stdout.on('data', (c: Buffer) => {
        size += c.length;
        if (size <= MAX_OUTPUT) chunks.push(c);
      });
    child.stderr.on('data', (c: Buffer) => {
      if (stderr.length < 64 * 1024) stderr += c.toString('utf8');
    });
    const done = (exitCode: number | null, extra = '') => {
      clearTimeout(timer);
      const err = extra ? `${stderr}${extra}` : stderr;
      resolve({ argv, exitCode, stdout: Buffer.concat(chunks), stderr: timedOut ? `${err}command timed out after ${Math.round(opts.timeoutMs / 1000)}s`.trim() : err, durationMs: Date.now() - started, error: classify(exitCode, err, timedOut, args[0] === 'exec') });
    };
    child.on('error', (e) => {
      // The process never ran: its stdout will not close the file.
      file?.destroy();
      done(null, e.message);
    });
    child.on('close', (code) => void fileDone.then((fileError) => done(fileError ? null : code, fileError)));
  });
}

/** Runs tasks with at most `limit` at a time. */
export async function pool<T>(items: T[], limit: number, task: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const workers = Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, async () => {
    while (next < items.length) {
      const i = next++;
      await task(items[i]!);
    }
  });
  await Promise.all(workers);
}
