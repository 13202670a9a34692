// `cni-doctor convert`: a foreign bundle written as a cni-doctor bundle, so anything downstream can
// rely on one format. Files that already are what the contract holds (CNI configs, routes, links,
// agent status, logs) are re-homed byte for byte; Lists, in whatever dialect the tool wrote them,
// become the contract's JSON Lists, item by item through a file (never a whole List in memory);
// everything else is kept verbatim under foreign/. The manifest records, file by file, the path it
// came from, the tool's own error records as failed commands, and what the format never holds as
// skipped ones, so an analysis of the converted bundle states the same coverage.
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { readJsonList, type ListItem } from '../bundle/json-list.js';
import { CLUSTER_LISTS, CUSTOM_DIR, logFilePath, MANIFEST_PATH, BUNDLE_FORMAT, BUNDLE_FORMAT_VERSION, type BundlePath, type ClusterListName, type Manifest, type ManifestCommand } from '../bundle/layout.js';
import { ListFileWriter } from '../bundle/list-writer.js';
import { NestedBudget, nestedEvents } from '../bundle/nested.js';
import { BundleOpenError, DEFAULT_LIMITS, openBundle, type BundleEvent } from '../bundle/source.js';
import { BundleWriter } from '../bundle/writer.js';
import { peekStream, readYamlList } from '../bundle/yaml-list.js';
import { LOG_BLOCK_END, LOG_BLOCK_START, splitDumpStream } from '../bundle/dump-stream.js';
import { FormatTracker, type BundleFormat, type PodDirectory } from './index.js';

/** Most bytes of one file held in memory on the way through (node files, error records, small outputs). */
const MAX_HELD = 64 * 1024 * 1024;

export interface ConvertResult {
  format: BundleFormat;
  tool: string;
  files: number;
  /** Entries not carried over, and why. */
  skipped: { path: string; reason: string }[];
}

export interface ConvertOptions {
  toolVersion: string;
  from?: BundleFormat;
  onProgress?: (e: { file: string; bytes: number }) => void;
}

async function readHeld(stream: Readable, cap = MAX_HELD): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const c of stream) {
    total += (c as Buffer).length;
    if (total > cap) throw new Error(`larger than ${cap} bytes`);
    chunks.push(c as Buffer);
  }
  return Buffer.concat(chunks);
}

export async function convertBundle(location: string, output: string, o: ConvertOptions): Promise<ConvertResult> {
  const source = await openBundle(location);
  // One file is the stdout form of kubectl cluster-info dump.
  const formats = new FormatTracker(o.from, source.kind === 'file');
  if (source.paths) for (const p of await source.paths()) formats.observe(p);
  const tmp = mkdtempSync(path.join(tmpdir(), 'cni-doctor-convert-'));
  const writer = new BundleWriter(output, `cni-doctor-converted-${path.basename(location).replace(/\.(tar\.gz|tgz|zip)$/, '').replace(/[^A-Za-z0-9._-]/g, '_')}`);
  const commands: ManifestCommand[] = [];
  const skipped: ConvertResult['skipped'] = [];
  const lists = new Map<string, ListFileWriter>();
  const pods = new Map<string, { namespace: string; node?: string }>();
  const held = new Map<string, Buffer>();
  const byPod: { path: string; file?: string }[] = [];
  let serverVersion: string | null = null;
  let tmpCount = 0;
  const record = (from: string, file: string | null, extra: Partial<ManifestCommand> = {}) =>
    commands.push({ argv: ['cni-doctor', 'convert', from], node: null, file, exitCode: extra.error ? 1 : 0, durationMs: 0, stderr: '', error: null, via: `${formats.importer?.tool ?? 'cni-doctor'}: ${from}`, ...extra });
  const add = async (from: string, to: string, content: Buffer) => {
    if (writer.has(to)) {
      skipped.push({ path: from, reason: `a second file for ${to}; the first was kept` });
      return;
    }
    await writer.add(to, content);
    record(from, to);
  };
  const listFor = (key: string) => {
    let w = lists.get(key);
    if (!w) lists.set(key, (w = new ListFileWriter(path.join(tmp, `list-${lists.size}.json`))));
    return w;
  };

  const readList = async (p: string, stream: Readable, yaml: boolean, onItem: (value: unknown) => void) => {
    const repair = formats.importer?.repairItem;
    const each = (item: ListItem) => onItem(repair ? repair(item.value) : item.value);
    if (yaml) {
      const peeked = await peekStream(stream, 4096);
      const failure = formats.importer?.failedOutput?.(peeked.head.subarray(0, 4096).toString('utf8'));
      if (failure) {
        peeked.stream.resume();
        record(p, null, { error: 'exec-failed', stderr: failure.message, exitCode: 1 });
        return;
      }
      const r = await readYamlList(peeked.stream, each);
      if (r.error) skipped.push({ path: p, reason: `${r.error.message} (line ${r.error.line}); the ${r.itemCount} item(s) before it were kept` });
    } else {
      const r = await readJsonList(stream, each);
      if (r.error) skipped.push({ path: p, reason: `${r.error.message} (line ${r.error.line}); the ${r.itemCount} item(s) before it were kept` });
    }
    record(p, null, { argv: ['cni-doctor', 'convert', p] });
  };

  const place = async (p: string, what: BundlePath, stream: Readable) => {
    switch (what.kind) {
      case 'cluster-list': {
        if (what.list === 'version') {
          await readList(p, stream, what.syntax === 'yaml', (v) => {
            const g = (v as { serverVersion?: { gitVersion?: unknown } })?.serverVersion?.gitVersion;
            if (typeof g === 'string') serverVersion = g;
          });
          return;
        }
        const w = listFor(what.list);
        await readList(p, stream, what.syntax === 'yaml', (v) => {
          if (what.list === 'pods') {
            const m = v as { metadata?: { name?: unknown; namespace?: unknown }; spec?: { nodeName?: unknown } };
            if (typeof m?.metadata?.name === 'string') pods.set(m.metadata.name, { namespace: String(m.metadata.namespace ?? 'default'), ...(typeof m.spec?.nodeName === 'string' ? { node: m.spec.nodeName } : {}) });
          }
          w.add(v);
        });
        return;
      }
      case 'custom-list': {
        const w = listFor(`custom:${what.resource}`);
        await readList(p, stream, what.syntax === 'yaml', (v) => w.add(v));
        return;
      }
      case 'node-file':
      case 'plugin-output': {
        const buf = await readHeld(stream);
        // A failed command's error where its output would be: a failed command, the text kept aside.
        const failure = formats.importer?.failedOutput?.(buf.subarray(0, 4096).toString('utf8'));
        if (failure) {
          record(p, null, { argv: [p], error: 'exec-failed', exitCode: 1, stderr: failure.message, ...(what.kind === 'node-file' ? { node: what.node } : {}) });
          return add(p, `foreign/${p}`, buf);
        }
        return add(p, what.kind === 'node-file' ? `nodes/${what.segment}/${what.file}` : (what.as ?? p), buf);
      }
      case 'log': {
        // Logs may be large: through a file, never whole in memory.
        const to = logFilePath(what.namespace, what.pod, what.container, what.previous);
        if (writer.has(to)) {
          stream.resume();
          skipped.push({ path: p, reason: `a second log for ${to}; the first was kept` });
          return;
        }
        const file = path.join(tmp, `log-${tmpCount++}`);
        await pipeline(stream, createWriteStream(file));
        await writer.addFile(to, file);
        record(p, to);
        return;
      }
      case 'log-blocks': {
        // kubectl cluster-info dump: one file per pod, each container between START/END markers.
        const text = (await readHeld(stream, 1024 * 1024 * 1024)).toString('utf8');
        const blocks = new Map<string, string[]>();
        let current: string[] | undefined;
        for (const line of text.split('\n')) {
          const start = /^==== START logs for container (\S+) of pod (\S+)\/(\S+) ====$/.exec(line);
          if (start) blocks.set(logFilePath(start[2]!, start[3]!, start[1]!, false), (current = []));
          else if (/^==== END logs for container \S+ of pod \S+ ====$/.test(line)) current = undefined;
          else current?.push(line);
        }
        for (const [to, lines] of blocks) await add(p, to, Buffer.from(lines.length ? `${lines.join('\n')}\n` : ''));
        return;
      }
      case 'version-text': {
        const text = (await readHeld(stream)).toString('utf8');
        serverVersion = /GitVersion:"([^"]+)"/.exec(text)?.[1] ?? /^\s*(?:kubernetesVersion:\s*)?["']?(v\d+\.\d+[^\s"']*)["']?\s*$/m.exec(text)?.[1] ?? serverVersion;
        return add(p, `foreign/${p}`, Buffer.from(text));
      }
      case 'by-pod': {
        // Placed once every pod is known; held in a file meanwhile (a log may be large).
        const file = path.join(tmp, `by-pod-${tmpCount++}`);
        await pipeline(stream, createWriteStream(file));
        byPod.push({ path: p, file });
        return;
      }
      case 'error-record': {
        const buf = await readHeld(stream);
        for (const e of formats.importer?.readErrors?.(p, buf.toString('utf8')) ?? []) record(p, null, { argv: [e.what], error: 'exec-failed', exitCode: 1, stderr: e.message });
        return add(p, `foreign/${p}`, buf);
      }
      case 'dump-stream': {
        // kubectl cluster-info dump's stdout: its Lists merged into the contract's, each START/END
        // block a container's log (through a file, one block at a time); the dump itself is kept
        // verbatim under foreign/ (it is a file on disk: copied, not held).
        let block: { to: string; file: string; out: ReturnType<typeof createWriteStream> } | undefined;
        const endBlock = async () => {
          const b = block!;
          block = undefined;
          await new Promise<void>((resolve, reject) => b.out.end((err?: Error | null) => (err ? reject(err) : resolve())));
          if (writer.has(b.to)) skipped.push({ path: p, reason: `a second log block for ${b.to}; the first was kept` });
          else {
            await writer.addFile(b.to, b.file);
            record(p, b.to);
          }
        };
        const result = await splitDumpStream(stream, {
          document: (list, _line, body) => place(p, { kind: 'cluster-list', list }, body),
          async line(l) {
            const start = LOG_BLOCK_START.exec(l);
            if (start) {
              if (block) await endBlock();
              const file = path.join(tmp, `log-${tmpCount++}`);
              block = { to: logFilePath(start[2]!, start[3]!, start[1]!, false), file, out: createWriteStream(file) };
            } else if (block && LOG_BLOCK_END.test(l)) await endBlock();
            else if (block && !block.out.write(`${l}\n`)) await new Promise<void>((r) => block!.out.once('drain', () => r()));
          },
        });
        if (block) await endBlock();
        if (result.error) skipped.push({ path: p, reason: result.error });
        if (result.cutInside !== undefined) skipped.push({ path: p, reason: `the dump ends inside the document on line ${result.cutInside}; its items before the cut were kept` });
        await writer.addFile(`foreign/${p}`, location);
        record(p, `foreign/${p}`);
        return;
      }
      case 'manifest':
      case 'top-pods':
      case 'probe':
      case 'other': {
        const buf = await readHeld(stream);
        const failure = formats.importer?.failedOutput?.(buf.subarray(0, 4096).toString('utf8'));
        if (failure) record(p, null, { argv: [p], error: 'exec-failed', exitCode: 1, stderr: failure.message });
        held.set(p, buf);
        return add(p, `foreign/${p}`, buf);
      }
    }
  };

  try {
    const budget = new NestedBudget(DEFAULT_LIMITS.maxTotalBytes);
    const handle = async (event: BundleEvent, outer: boolean): Promise<void> => {
      if (event.type === 'rejected') {
        // A link the tool makes by design aliases a file that is converted in its own right.
        if (event.link && (formats.classify(event.path, !outer), formats.isAlias(event.path, event.link.target))) return;
        skipped.push({ path: event.path, reason: event.reason });
        return;
      }
      if (event.type === 'problem') {
        skipped.push({ path: event.path ?? location, reason: event.message });
        return;
      }
      if (event.type === 'ignored') {
        skipped.push({ path: event.path, reason: `${event.reason}: not cluster data` });
        return;
      }
      o.onProgress?.({ file: event.path, bytes: event.size });
      const what = formats.classify(event.path, !outer);
      const nested = outer ? formats.nested(event.path) : undefined;
      try {
        if (nested) for await (const inner of nestedEvents(event.path, event.stream, event.size, nested, DEFAULT_LIMITS, budget)) await handle(inner, false);
        else await place(event.path, what, event.stream);
      } catch (err) {
        skipped.push({ path: event.path, reason: `could not be read: ${(err as Error).message}` });
      } finally {
        if (!event.stream.destroyed && !event.stream.readableEnded) event.stream.destroy();
      }
    };
    const notForeign = () => new BundleOpenError(`${location} is already a cni-doctor bundle, or none of the formats convert knows`, 'To copy a cni-doctor bundle use cni-doctor redact; to read it as a given format pass --from <format>.');
    if (source.paths && !formats.importer) throw notForeign();
    for await (const event of source.events()) await handle(event, true);
    if (!formats.importer) throw notForeign();
    const { readFile } = await import('node:fs/promises');
    const directory: PodDirectory = { find: (name) => pods.get(name), text: (p) => held.get(p)?.toString('utf8') };
    for (const b of byPod) {
      const content = await readFile(b.file!);
      held.set(b.path, content);
      const what = formats.importer.resolveByPod?.(b.path, directory);
      if (!what || what.kind === 'by-pod') {
        skipped.push({ path: b.path, reason: 'named after a pod the bundle does not list: kept under foreign/, not placed on a node' });
        await add(b.path, `foreign/${b.path}`, content);
        continue;
      }
      await place(b.path, what, Readable.from([content]));
    }
    for (const [key, w] of [...lists.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) {
      w.close();
      const to = key.startsWith('custom:') ? `${CUSTOM_DIR}${key.slice('custom:'.length)}.json` : CLUSTER_LISTS[key as ClusterListName];
      await writer.addFile(to, w.file);
    }
    if (serverVersion) await writer.add(CLUSTER_LISTS.version, `${JSON.stringify({ serverVersion: { gitVersion: serverVersion } }, null, 2)}\n`);
    const importer = formats.importer;
    // What the format never holds, as the collector records what it skipped.
    for (const lack of importer?.lacks ?? []) commands.push({ argv: [lack], node: null, file: null, exitCode: null, durationMs: 0, stderr: `not collected by ${importer!.tool}`, error: 'skipped' });
    for (const list of importer?.absentLists ?? []) commands.push({ argv: [`${list} List`], node: null, file: CLUSTER_LISTS[list], exitCode: null, durationMs: 0, stderr: `not collected by ${importer!.tool}`, error: 'skipped' });
    const manifest: Manifest = {
      format: BUNDLE_FORMAT,
      formatVersion: BUNDLE_FORMAT_VERSION,
      createdAt: new Date().toISOString(),
      collector: { name: 'cni-doctor convert', version: o.toolVersion },
      cluster: { context: null, serverVersion },
      options: {},
      redaction: { applied: false, replacements: 0 },
      commands,
      complete: skipped.length === 0,
      convertedFrom: { format: formats.format, tool: importer?.tool ?? 'cni-doctor', location: path.basename(location) },
    };
    await writer.add(MANIFEST_PATH, `${JSON.stringify(manifest, null, 2)}\n`);
    await writer.finish();
    return { format: formats.format, tool: importer?.tool ?? 'cni-doctor', files: commands.filter((c) => c.file).length, skipped };
  } catch (err) {
    await writer.abort();
    throw err;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
