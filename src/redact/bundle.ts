// `cni-doctor redact`: scrubs a bundle that exists (ours, an older one, one made by hand) with the
// same engine `collect` uses, and optionally pseudonymizes it, into a new .tar.gz. The input is read
// with the analyzer's safe reader (no traversal, no links, bounded inflation); each entry is staged
// in a private scratch file one at a time, so a 1 GB pods.json is never held in memory.
import { createReadStream, createWriteStream, existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { readJsonList } from '../bundle/json-list.js';
import { CLUSTER_LISTS, MANIFEST_PATH } from '../bundle/layout.js';
import { ListFileWriter } from '../bundle/list-writer.js';
import { openBundle, type BundleLimits, DEFAULT_LIMITS } from '../bundle/source.js';
import { BundleWriter } from '../bundle/writer.js';
import type { Pseudonymizer } from './pseudonyms.js';
import { Redactor, TooDeepError } from './secrets.js';

/** Text files up to this size are scrubbed whole; larger ones in pieces cut at line ends. */
const WHOLE_TEXT_BYTES = 64 * 1024 * 1024;
const PIECE_BYTES = 4 * 1024 * 1024;

export interface ScrubOptions {
  redact: boolean;
  pseudonymizer?: Pseudonymizer;
  limits?: BundleLimits;
  onProgress?: (event: { file: string; bytes: number }) => void;
}

export interface ScrubResult {
  files: number;
  /** Entries of the input that were not copied, and why (links, unsafe names, read errors). */
  skipped: { path: string; reason: string }[];
  redaction: { replacements: number; byKind: Record<string, number> };
  pseudonymized: number;
}

/** API object Lists, scrubbed item by item (env names and argv flags are known there). */
function isObjectList(p: string): boolean {
  return (p.startsWith('cluster/') && p.endsWith('.json') && p !== CLUSTER_LISTS.version) || (p.startsWith('cluster/custom/') && p.endsWith('.json'));
}

export async function scrubBundle(input: string, output: string, opts: ScrubOptions): Promise<ScrubResult> {
  const redactor = new Redactor(opts.redact);
  const pseudo = opts.pseudonymizer;
  const limits = opts.limits ?? DEFAULT_LIMITS;
  const skipped: ScrubResult['skipped'] = [];
  if (pseudo) await learnNames(input, limits, pseudo);

  const top = path.basename(output).replace(/\.(tar\.gz|tgz)$/, '') || 'bundle';
  const scrubText = (text: string) => {
    const r = redactor.document(text);
    return pseudo ? pseudo.text(r) : r;
  };
  const writer = new BundleWriter(output, top);
  const scratch = mkdtempSync(path.join(tmpdir(), 'cni-doctor-redact-'));
  let files = 0;
  let manifest: Buffer | undefined;
  try {
    const source = await openBundle(input, limits);
    for await (const ev of source.events()) {
      if (ev.type === 'rejected') {
        // A link is kept as a link (its target scrubbed), so the analysis still reports it; an
        // unsafe name is not written at all: the output must not be hostile to whoever unpacks it.
        if (ev.link) await writer.addLink(pseudo ? pseudo.path(ev.path) : ev.path, ev.link.kind, scrubText(ev.link.target));
        else skipped.push({ path: ev.path, reason: ev.reason });
        continue;
      }
      if (ev.type === 'problem') {
        skipped.push({ path: ev.path ?? input, reason: ev.message });
        continue;
      }
      if (ev.type === 'ignored') {
        skipped.push({ path: ev.path, reason: `${ev.reason}: not cluster data` });
        continue;
      }
      opts.onProgress?.({ file: ev.path, bytes: ev.size });
      const staged = path.join(scratch, `${files}.in`);
      try {
        await pipeline(ev.stream, createWriteStream(staged, { mode: 0o600 }));
      } catch (err) {
        // Cut at a limit or unreadable: what arrived is still scrubbed and kept, and said.
        skipped.push({ path: ev.path, reason: `only partly read: ${(err as Error).message}` });
        // A stream that failed before its first byte leaves no file behind: stage an empty one.
        if (!existsSync(staged)) writeFileSync(staged, '', { mode: 0o600 });
      }
      const target = pseudo ? pseudo.path(ev.path) : ev.path;
      if (ev.path === MANIFEST_PATH) {
        manifest = await readFile(staged);
      } else if (isObjectList(ev.path) && (await scrubList(staged, path.join(scratch, `${files}.out`), redactor, pseudo))) {
        await writer.addFile(target, path.join(scratch, `${files}.out`));
      } else {
        await writer.addFile(target, await scrubFile(staged, path.join(scratch, `${files}.out`), scrubText));
      }
      files++;
      rmSync(staged, { force: true });
    }
    if (manifest) await writer.add(MANIFEST_PATH, scrubManifest(manifest, redactor, pseudo, opts.redact));
    await writer.finish();
  } catch (err) {
    await writer.abort();
    throw err;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  return { files, skipped, redaction: { replacements: redactor.total, byKind: { ...redactor.counts } as Record<string, number> }, pseudonymized: pseudo?.replacements ?? 0 };
}

/** A List rewritten item by item; false when the file is not a readable List (scrubbed as text then). */
async function scrubList(from: string, to: string, redactor: Redactor, pseudo: Pseudonymizer | undefined): Promise<boolean> {
  const out = new ListFileWriter(to);
  // Counted apart and merged only on success: a List that falls back to text is counted there.
  const local = new Redactor(redactor.enabled);
  let tooDeep = false;
  const result = await readJsonList(createReadStream(from), (item) => {
    if (tooDeep) return;
    try {
      const clean = local.object(item.value);
      out.add(pseudo ? JSON.parse(pseudo.text(JSON.stringify(clean))) : clean);
    } catch (err) {
      if (!(err instanceof TooDeepError || err instanceof RangeError)) throw err;
      tooDeep = true;
    }
  });
  out.close();
  if (!tooDeep && !result.error && !result.singleObject) redactor.merge(local.counts);
  if (tooDeep || result.error || result.singleObject) {
    rmSync(to, { force: true });
    return false;
  }
  return true;
}

/** Any other file as text (latin1: every byte survives); the same bytes when nothing changed. */
async function scrubFile(from: string, to: string, scrub: (text: string) => string): Promise<string> {
  const size = statSync(from).size;
  if (size <= WHOLE_TEXT_BYTES) {
    const buf = await readFile(from);
    const text = buf.toString('latin1');
    const out = scrub(text);
    if (out === text) return from;
    const ws = createWriteStream(to, { mode: 0o600 });
    await pipeline(async function* () {
      yield Buffer.from(out, 'latin1');
    }, ws);
    return to;
  }
  // Big logs: pieces cut after a newline; a PEM block open at a cut is carried into the next piece.
  let carry = '';
  await pipeline(
    createReadStream(from, { highWaterMark: PIECE_BYTES }),
    async function* (chunks: AsyncIterable<Buffer>) {
      for await (const chunk of chunks) {
        const text = carry + chunk.toString('latin1');
        let cut = text.lastIndexOf('\n') + 1;
        const pem = text.lastIndexOf('-----BEGIN ');
        if (pem >= 0 && text.indexOf('-----END ', pem) < 0 && text.length - pem < PIECE_BYTES) cut = Math.min(cut, pem);
        if (cut <= 0) cut = text.length > PIECE_BYTES * 2 ? text.length : 0;
        carry = text.slice(cut);
        if (cut) yield Buffer.from(scrub(text.slice(0, cut)), 'latin1');
      }
      if (carry) yield Buffer.from(scrub(carry), 'latin1');
    },
    createWriteStream(to, { mode: 0o600 }),
  );
  return to;
}

/** The manifest: scrubbed like the rest, and its redaction record says what this run did. */
function scrubManifest(buf: Buffer, redactor: Redactor, pseudo: Pseudonymizer | undefined, redact: boolean): Buffer {
  let m: Record<string, unknown>;
  try {
    m = JSON.parse(buf.toString('utf8')) as Record<string, unknown>;
  } catch {
    // Not JSON: kept as scrubbed text (analyze reports it as it would the original).
    const t = redactor.text(buf.toString('latin1'));
    return Buffer.from(pseudo ? pseudo.text(t) : t, 'latin1');
  }
  let clean: Record<string, unknown>;
  try {
    clean = new Redactor(redactor.enabled).object(m) as Record<string, unknown>;
  } catch (err) {
    if (!(err instanceof TooDeepError || err instanceof RangeError)) throw err;
    const t = redactor.text(buf.toString('latin1'));
    return Buffer.from(pseudo ? pseudo.text(t) : t, 'latin1');
  }
  clean = redactor.object(m) as Record<string, unknown>;
  const files = Array.isArray(clean.commands) ? (clean.commands as { file?: unknown }[]).map((c) => (c && typeof c.file === 'string' ? c.file : undefined)) : [];
  const out = pseudo ? (JSON.parse(pseudo.text(JSON.stringify(clean))) as Record<string, unknown>) : clean;
  // The bundle paths the commands wrote to moved with their node names, as the entries did.
  if (pseudo && Array.isArray(out.commands)) (out.commands as { file?: unknown }[]).forEach((c, i) => files[i] !== undefined && (c.file = pseudo.path(files[i]!)));
  const before = (m.redaction && typeof m.redaction === 'object' ? m.redaction : {}) as { applied?: boolean; replacements?: number; byKind?: Record<string, number> };
  const byKind: Record<string, number> = { ...(before.byKind ?? {}) };
  for (const [k, n] of Object.entries(redactor.counts)) byKind[k] = (byKind[k] ?? 0) + (n ?? 0);
  out.redaction = { applied: Boolean(before.applied) || redact, replacements: (before.replacements ?? 0) + redactor.total, byKind };
  return Buffer.from(`${JSON.stringify(out, null, 2)}\n`);
}

/**
 * Node names and hostnames, before anything is written: they are replaced in every file and path,
 * so they must all be known first (nodes.json, the manifest's node selection, nodes/<name>/).
 */
async function learnNames(input: string, limits: BundleLimits, pseudo: Pseudonymizer): Promise<void> {
  const source = await openBundle(input, limits);
  for await (const ev of source.events()) {
    if (ev.type !== 'file') continue;
    const dir = /^nodes\/([^/]+)\//.exec(ev.path);
    if (dir) pseudo.addName(safeDecode(dir[1]!));
    if (ev.path === CLUSTER_LISTS.nodes) {
      await readJsonList(ev.stream, (item) => {
        const n = item.value as { metadata?: { name?: unknown }; status?: { addresses?: { type?: unknown; address?: unknown }[] } };
        if (typeof n?.metadata?.name === 'string') pseudo.addName(n.metadata.name);
        for (const a of Array.isArray(n?.status?.addresses) ? n.status.addresses : []) {
          if (typeof a?.address === 'string' && /^(Hostname|InternalDNS|ExternalDNS)$/.test(String(a.type))) pseudo.addName(a.address);
        }
      }).catch(() => undefined);
    } else if (ev.path === MANIFEST_PATH) {
      const chunks: Buffer[] = [];
      try {
        for await (const c of ev.stream) chunks.push(c as Buffer);
        const m = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { nodeSelection?: { node?: unknown }[] };
        for (const s of Array.isArray(m.nodeSelection) ? m.nodeSelection : []) if (typeof s?.node === 'string') pseudo.addName(s.node);
      } catch {
        /* an unreadable manifest names no nodes */
      }
    }
    if (!ev.stream.destroyed && !ev.stream.readableEnded) ev.stream.destroy();
  }
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
