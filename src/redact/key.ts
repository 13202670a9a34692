// The pseudonym key and the mapping file: both stay on the machine that made the bundle, mode 0600.
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { PseudonymMapping } from './pseudonyms.js';

export class KeyError extends Error {
  constructor(
    message: string,
    readonly hint: string,
  ) {
    super(message);
  }
}

/**
 * The key of this run: random, or read from FILE so that several bundles of one cluster get the
 * same pseudonyms. A FILE that does not exist yet is created with a new random key (mode 0600).
 */
export function loadPseudonymKey(file: string | undefined): { key: Buffer; created: boolean } {
  if (!file) return { key: randomBytes(32), created: false };
  if (!existsSync(file)) {
    // The key is the file's bytes, as a later run will read them.
    const key = Buffer.from(`${randomBytes(32).toString('hex')}\n`);
    writeFileSync(file, key, { mode: 0o600, flag: 'wx' });
    return { key, created: true };
  }
  let buf: Buffer;
  try {
    buf = readFileSync(file);
  } catch (err) {
    throw new KeyError(`cannot read the pseudonym key ${file}: ${(err as Error).message}`, 'Pass a readable file with --pseudonym-key, or a path that does not exist yet to have one created.');
  }
  if (buf.length < 16) {
    throw new KeyError(`the pseudonym key ${file} holds ${buf.length} bytes; at least 16 are needed`, 'Use a file of 32 random bytes (e.g. `head -c 32 /dev/urandom > key`), or a new path to have one created.');
  }
  return { key: buf, created: false };
}

/** `<bundle>.pseudonyms.json` beside the bundle: the only place the real names and addresses are. */
export function mappingFileFor(bundle: string): string {
  return `${bundle.replace(/\.(tar\.gz|tgz)$/, '')}.pseudonyms.json`;
}

export function writeMapping(file: string, mapping: PseudonymMapping): void {
  writeFileSync(file, `${JSON.stringify({ note: 'cni-doctor pseudonyms: real → pseudonym. Keep this file private; it is not part of the bundle.', ...mapping }, null, 2)}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
}
