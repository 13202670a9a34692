// Exit codes (README.md, "Exit codes") and the one place errors become them: an action throws, and
// main() prints what was wrong and what to do, and returns the code.
import { BundleOpenError } from '../bundle/source.js';

export const EXIT = {
  ok: 0,
  failOn: 1,
  usage: 2,
  unreadableBundle: 3,
  outputError: 4,
  /** collect: the bundle was written, but some commands failed (see its manifest); redact: some entries were not copied. */
  partial: 5,
  /** collect: interrupted (Ctrl-C); what was gathered so far was written, marked incomplete. */
  interrupted: 130,
  internal: 70,
} as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** A failure the user can act on: what was wrong, what to do, and the exit code it means. */
export class CliFailure extends Error {
  constructor(
    readonly code: ExitCode,
    message: string,
    readonly hint: string,
  ) {
    super(message);
  }
}

/** An error with a hint (BundleOpenError, CollectError, KeyError all have one). */
interface Hinted {
  message: string;
  hint: string;
}
const hinted = (err: unknown): err is Hinted => err instanceof Error && typeof (err as { hint?: unknown }).hint === 'string';

/** Errors of the file system that mean "cannot write there", not a bug. */
const WRITE_ERRORS = /^E(ACCES|NOENT|ROFS|NOSPC|ISDIR|EXIST|PERM|NOTDIR)$/;

/**
 * What an error means for the user. `reading` errors (a bundle that cannot be opened) are exit 3;
 * `writing` errors (the output) are exit 4, with `target` named; anything unexpected is rethrown to
 * main(), which reports it as an internal error.
 */
export function failure(err: unknown, context: { reading?: boolean; writing?: string; code?: ExitCode }): CliFailure {
  if (err instanceof CliFailure) return err;
  if (err instanceof BundleOpenError) return new CliFailure(EXIT.unreadableBundle, `cannot read the bundle: ${err.message}`, err.hint);
  if (context.code !== undefined && hinted(err)) return new CliFailure(context.code, err.message, err.hint);
  const errno = (err as NodeJS.ErrnoException)?.code;
  if (context.writing && errno && WRITE_ERRORS.test(errno)) return new CliFailure(EXIT.outputError, `cannot write ${context.writing}: ${(err as Error).message}`, 'Choose a writable path with -o.');
  throw err;
}
