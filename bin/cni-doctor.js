#!/usr/bin/env node
// Thin launcher: the compiled CLI is bundled in dist/app/ (built by `npm ci` through the `prepare`
// script: tsc, then scripts/bundle.mjs).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const INTERNAL = 70; // EXIT.internal in src/cli/main.ts; documented in README.md ("Exit codes")

const entry = new URL('../dist/app/main.js', import.meta.url);
if (!existsSync(fileURLToPath(entry))) {
  process.stderr.write(
    'cni-doctor: the compiled program is missing (dist/app/main.js).\n' +
      'Run `npm ci` (or `npm run build`) in the cni-doctor directory first.\n',
  );
  process.exit(INTERNAL);
}

// The bundle's stack traces name the sources (src/… via dist/) only with source maps on: for debugging.
if (process.env.CNI_DOCTOR_DEBUG) process.setSourceMapsEnabled(true);

// Last lines of defence, so that no run ends with an undocumented status or with nothing said.
const bug = (what) => {
  process.stderr.write(`cni-doctor: internal error: ${what}\nThis is a bug in cni-doctor: please report it with the command line you ran (set CNI_DOCTOR_DEBUG=1 for a stack trace).\n`);
};
process.on('unhandledRejection', (err) => {
  bug(process.env.CNI_DOCTOR_DEBUG ? (err?.stack ?? String(err)) : `an operation failed unexpectedly: ${err?.message ?? String(err)}`);
  process.exit(INTERNAL);
});
// A reader that stops early (`cni-doctor analyze b.tar.gz | head`) closes the pipe: the rest of the
// report has no one to read it, so the run ends quietly, as `git log | head` does, not with a trace.
process.stdout.on('error', (err) => {
  if (err?.code !== 'EPIPE') throw err;
  finished = true;
  process.exit(0);
});
let finished = false;
process.on('exit', (code) => {
  // Node exits with 13 when the event loop empties while main() is still waiting: a stream that
  // never ended. Say so (stderr is synchronous for files and pipes on Linux) and use our code.
  if (!finished && code === 13) {
    bug('the run stopped before it finished (an input stream never ended)');
    process.exitCode = INTERNAL;
  }
});
const { main } = await import(entry.href);
process.exitCode = await main(process.argv.slice(2));
finished = true;
