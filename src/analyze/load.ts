// One streaming pass over a bundle: each entry goes to the reader for its path, is parsed at the edge
// and reduced to typed records. A file that fails to parse becomes a ReadProblem and the pass goes on.
import { Readable } from 'node:stream';
import { peekStream, readYamlList } from '../bundle/yaml-list.js';
import { z } from 'zod';
import {
  reduceConfigMap,
  reduceCustomObject,
  reduceEndpointSlice,
  reduceNamespace,
  reduceNetworkPolicy,
  reduceNode,
  reduceService,
  reduceWorkload,
  readServerVersion,
} from '../bundle/k8s.js';
import { readJsonList, type ListItem } from '../bundle/json-list.js';
import { KeptText } from '../bundle/kept-text.js';
import { linesOf, splitDumpStream, UNREAD_DUMP_KINDS } from '../bundle/dump-stream.js';
import {
  BUNDLE_FORMAT_VERSION,
  ManifestCommandSchema,
  ManifestSchema,
  NODE_CNI_CONF_DIR,
  NODE_FILES,
  decodePathSegment,
  type BundlePath,
  type ClusterListName,
} from '../bundle/layout.js';
import { DEFAULT_LIMITS, type BundleEvent, type BundleSource } from '../bundle/source.js';
import { WholeEntry } from '../bundle/entries.js';
import { NestedBudget, nestedEvents } from '../bundle/nested.js';
import { CLUSTER_OUTPUTS, CNIS, nodeOutputOfPath } from '../cni/index.js';
import type { NodeOutputSpec } from '../cni/descriptor.js';
import { FormatTracker, type BundleFormat, type PodDirectory } from '../import/index.js';
import { emptyBundleData, type BundleData, type LogFile, type NodeData, type Parsed } from './bundle-data.js';
import { parseCniConfig } from '../parsers/cni-config.js';
import { locateJsonError } from '../parsers/json-error.js';
import { parseFlannelSubnetEnv } from '../parsers/flannel-subnet-env.js';
import { parseIpLink } from '../parsers/ip-link.js';
import { parseIpRoute } from '../parsers/ip-route.js';
import { parseLsLa } from '../parsers/ls-la.js';
import { parseProcMounts } from '../parsers/proc-mounts.js';
import { splitLines } from '../parsers/text.js';
import type { Unrecognised } from '../model/outputs/text.js';
import { matchLogLine } from '../parsers/signatures.js';
import { BatchBuilder, retainsEvent, type ItemBatch } from './list-batches.js';
import type { EventRecord } from '../model/k8s.js';
import { ListWorkerPool, readListInParallel } from './parallel-list.js';
import type { StageTimings } from './timings.js';
import { TextMap, TextSet } from './text-map.js';
import { createHash } from 'node:crypto';

/** Text files up to this size are kept whole for evidence excerpts. */
const KEEP_TEXT_BYTES = 32 * 1024 * 1024;
/** Most List text kept for excerpts across the bundle. */
const KEPT_LIST_TEXT_BYTES = 64 * 1024 * 1024;
/** Node and plugin outputs are small; anything beyond this is not a real output. */
const MAX_SMALL_FILE = 16 * 1024 * 1024;
/**
 * Most distinct text of small files (node and plugin outputs, configs, everything that is not a
 * List or a log) held across the bundle. A real 5,000-node bundle holds about 30 MB; without a
 * budget, a hostile one of many distinct 16 MB outputs (a few MB packed) would hold them all and
 * exhaust the heap. Past it, files are not read, and the report says which and how many.
 */
export const KEPT_SMALL_TEXT_BYTES = 256 * 1024 * 1024;
/**
 * Most characters of log lines held across the bundle: each log keeps up to 20 matched lines per
 * signature and its last 8, each up to 64 KB. Real logs hold a few MB in all; a hostile bundle of
 * thousands of logs of long matching lines would hold gigabytes. Past it, later logs are still
 * counted, but their lines are not kept, and the report says from which log on.
 */
export const KEPT_LOG_TEXT = 128 * 1024 * 1024;
/**
 * Most characters of the events rules read one by one (Warning, sandbox and CIDR events: the rest are
 * only counted) held across the bundle. Real clusters hold a few MB of them; a hostile events.json of
 * long Warning messages would hold all it inflates to. Past it, events are still counted, not kept.
 */
export const KEPT_EVENT_TEXT = 128 * 1024 * 1024;
const MAX_LOG_LINE = 64 * 1024;
const MAX_MATCHES_PER_SIGNATURE = 20;
const LOG_TAIL = 8;
/** An RFC3339Nano time (`kubectl logs --timestamps`), and the stream and tag after it in a CRI log file. */
const LOG_TIMESTAMP = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d{1,9})?(?:Z|[+-]\d\d:\d\d) (?:(?:stdout|stderr) [FP] )?(?=\S)/;

export interface LoadProgress {
  (event: { file: string; bytes: number }): void;
}

export interface LoadOptions {
  onProgress?: LoadProgress;
  /** Keep the text of logs (up to this many bytes each) for viewers; analysis never needs it. */
  keepLogBytes?: number;
  /**
   * The unoptimised path: every pod and event kept as a full record, Lists split byte by byte, no
   * node output shared between nodes. The report must be the same byte for byte; this exists so a
   * test can prove it is.
   */
  reference?: boolean;
  /** Read the bundle as this format instead of telling it from its paths (--from). */
  format?: BundleFormat;
  /** Where the parsing thread's time went (decode, parse, reduce) is added here. */
  timings?: StageTimings;
  /** Replaces KEPT_SMALL_TEXT_BYTES (tests lower it). */
  smallTextBudget?: number;
  /** Replaces KEPT_LOG_TEXT (tests lower it). */
  logTextBudget?: number;
  /** Replaces KEPT_EVENT_TEXT (tests lower it). */
  eventTextBudget?: number;
}

interface LoadState {
  keepLogBytes: number;
  reference: boolean;
  /** Namespace + label sets already represented in data.pods (see retainsFullRecord). */
  labelSets: TextSet;
  /** The worker thread that parses big pod and event Lists. */
  pool: ListWorkerPool;
  /**
   * Node outputs by content: thousands of nodes print the same `ls -la`, mounts and configs, so each
   * distinct text is held once and parsed once, its result frozen and shared by every node that
   * printed it.
   */
  shared: Map<string, TextMap<unknown>>;
  /**
   * Results by their content (SHA-256 of their JSON), per kind: distinct texts often parse to the
   * same value (Calico's conflist names its node, which the parsed config blanks), held once too.
   */
  sameResult: Map<string, Map<string, unknown>>;
  /** One instance of each short string of the parse results (addresses, states, interface names). */
  strings: Map<string, string>;
  /** The bundle's format, decided by its paths, and what each path is. */
  formats: FormatTracker;
  /** Files whose meaning waits for the pod list (BundlePath `by-pod`), in the order they came. */
  byPod: { path: string; logs?: LogFile[] }[];
  /** Bytes of List text kept for excerpts so far (see keepListText). */
  keptListBytes: number;
  /** Distinct small-file texts held, and the files left unread once their budget was spent (keepSmallText). */
  smallText: { texts: TextMap<string>; bytes: number; budget: number; unread: string[] };
  /** Characters of log lines held (matches, last lines), and the logs whose lines were not held once it was spent. */
  logText: { bytes: number; budget: number; unkept: string[] };
  /** Characters of kept events held, and the events not kept once it was spent (applyBatch). */
  eventText: { bytes: number; budget: number; unkept: number; first?: { file: string; line: number } };
}

/**
 * Whether a List file's text is kept for evidence excerpts: small files, within a budget for the
 * whole bundle. A foreign bundle splits its Lists by namespace, and each file may be small while
 * together they are the whole cluster; without the budget memory would grow with the cluster.
 */
function keepListText(state: LoadState, size: number): boolean {
  if (size <= 0 || size > KEEP_TEXT_BYTES || state.keptListBytes + size > KEPT_LIST_TEXT_BYTES) return false;
  state.keptListBytes += size;
  return true;
}

/** Parses `text` with `parse`, or returns the frozen result of an earlier identical text. */
function sharedParse<T>(state: LoadState, kind: string, text: string, parse: (text: string) => T): T {
  if (state.reference) return parse(text);
  let byText = state.shared.get(kind);
  if (!byText) state.shared.set(kind, (byText = new TextMap()));
  let result = byText.get(text) as T | undefined;
  if (result === undefined) {
    result = parse(text);
    const key = createHash('sha256').update(JSON.stringify(result) ?? 'undefined').digest('base64');
    let byResult = state.sameResult.get(kind);
    if (!byResult) state.sameResult.set(kind, (byResult = new Map()));
    const same = byResult.get(key) as T | undefined;
    if (same !== undefined) result = same;
    else {
      result = deepFreeze(internStrings(state.strings, result));
      byResult.set(key, result);
    }
    byText.set(text, result);
  }
  return result;
}

/** Strings up to this length are interned; longer ones are rarely repeated across nodes. */
const INTERNED_LENGTH = 64;
/** Distinct strings interned at most: the table is bounded whatever the bundle holds. */
const INTERNED_STRINGS = 200_000;

/**
 * `value` (a fresh parse result) with its short strings replaced by one instance each. A parser's
 * strings are new for every node (a regex's capture, a split): 5,000 nodes' BGP peers repeat the
 * same addresses, states and times thousands of times, each held on its own.
 */
function internStrings<T>(table: Map<string, string>, value: T): T {
  const one = (s: string): string => {
    if (s.length > INTERNED_LENGTH) return s;
    const known = table.get(s);
    if (known !== undefined) return known;
    if (table.size < INTERNED_STRINGS) table.set(s, s);
    return s;
  };
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return one(v);
    if (Array.isArray(v)) for (let i = 0; i < v.length; i++) v[i] = walk(v[i]);
    else if (v && typeof v === 'object' && !Object.isFrozen(v)) {
      const o = v as Record<string, unknown>;
      for (const k of Object.keys(o)) o[k] = walk(o[k]);
    }
    return v;
  };
  return walk(value) as T;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}



async function readAll(stream: Readable, cap: number): Promise<{ buf: Buffer; truncated: boolean; error?: Error }> {
  if (stream instanceof WholeEntry) {
    const buf = stream.bytes;
    return buf.length > cap ? { buf: buf.subarray(0, cap), truncated: true } : { buf, truncated: false };
  }
  const chunks: Buffer[] = [];
  let total = 0;
  let truncated = false;
  try {
    for await (const chunk of stream) {
      const c = chunk as Buffer;
      if (total + c.length > cap) {
        chunks.push(c.subarray(0, cap - total));
        total = cap;
        truncated = true;
        stream.destroy();
        break;
      }
      chunks.push(c);
      total += c.length;
    }
  } catch (err) {
    return { buf: Buffer.concat(chunks), truncated: true, error: err as Error };
  }
  return { buf: Buffer.concat(chunks), truncated };
}

function nodeData(data: BundleData, segment: string): NodeData {
  const name = decodePathSegment(segment);
  let nd = data.nodeData.get(name);
  if (!nd) {
    nd = { name, dir: `nodes/${segment}/`, cniConfigs: [] };
    data.nodeData.set(name, nd);
  }
  return nd;
}

function parsedOrProblem<T>(data: BundleData, path: string, result: T | Unrecognised): Parsed<T> {
  if ((result as Unrecognised).format === 'unrecognised') {
    data.problems.push({ file: path, message: `unrecognised format: ${(result as Unrecognised).reason}` });
  }
  return { path, result };
}

const ProbeSchema = z
  .object({
    scheduled: z.boolean().optional().catch(undefined),
    sandboxCreated: z.boolean().optional().catch(undefined),
    sandboxSeconds: z.number().optional().catch(undefined),
    dns: z.object({ ok: z.boolean(), output: z.string().optional().catch('') }).optional().catch(undefined),
    egress: z.object({ ok: z.boolean(), output: z.string().optional().catch(''), target: z.string().optional().catch(undefined) }).optional().catch(undefined),
    error: z.string().optional().catch(undefined),
  })
  .passthrough();

export async function loadBundle(source: BundleSource, options: LoadOptions | LoadProgress = {}): Promise<BundleData> {
  const { onProgress, keepLogBytes = 0, reference = false, format, timings, smallTextBudget, logTextBudget, eventTextBudget } = typeof options === 'function' ? { onProgress: options, format: undefined, timings: undefined, smallTextBudget: undefined, logTextBudget: undefined, eventTextBudget: undefined } : options;
  const smallText = { texts: new TextMap<string>(), bytes: 0, budget: smallTextBudget ?? KEPT_SMALL_TEXT_BYTES, unread: [] };
  const state: LoadState = { keepLogBytes, reference, labelSets: new TextSet(), shared: new Map(), sameResult: new Map(), strings: new Map(), pool: new ListWorkerPool(), formats: new FormatTracker(format, source.kind === 'file'), byPod: [], keptListBytes: 0, smallText, logText: { bytes: 0, budget: logTextBudget ?? KEPT_LOG_TEXT, unkept: [] }, eventText: { bytes: 0, budget: eventTextBudget ?? KEPT_EVENT_TEXT, unkept: 0 } };
  const data = emptyBundleData(source.location, source.kind);
  if (source.wrapped) data.wrapped = source.wrapped;
  try {
    // Where the packaging lists its names cheaply, the format is decided from all of them first.
    if (source.paths) for (const p of await source.paths()) state.formats.observe(p);
    await readEntries(data, source, state, onProgress);
    await resolveByPod(data, state);
  } finally {
    const busy = state.pool.busy;
    if (timings && busy.decode + busy.parse + busy.reduce > 0) {
      timings.add('worker: decode', busy.decode);
      timings.add('worker: parse', busy.parse);
      timings.add('worker: reduce', busy.reduce);
    }
    const main = state.pool.mainBusy;
    if (timings && main.batches) {
      timings.add('main: decode', main.decode);
      timings.add('main: parse', main.parse);
      timings.add('main: reduce', main.reduce);
    }
    await state.pool.close();
  }
  const events = state.eventText;
  if (events.first) {
    data.problems.push({
      file: events.first.file,
      line: events.first.line,
      message: `${events.unkept} event(s) that rules read one by one (Warning, sandbox and CIDR events), from this one on, were counted but not kept: the budget for their text across the bundle (${bytesText(events.budget)}) was spent here. A real bundle holds a few MB of them; if this one is real, analyze its events in parts`,
    });
  }
  const unkept = state.logText.unkept;
  if (unkept.length) {
    data.problems.push({
      file: unkept[0]!,
      message: `matched and last lines not kept: the budget for log lines held across the bundle (${bytesText(state.logText.budget)}) was spent here, and the lines of ${unkept.length - 1} later log file(s) were not kept either${unkept.length > 1 ? ` (${unkept.slice(1, 4).join(', ')}${unkept.length > 4 ? ', …' : ''})` : ''}. A real bundle holds a few MB of them; if this one is real, analyze its logs in parts`,
    });
  }
  const unread = state.smallText.unread;
  if (unread.length) {
    data.problems.push({
      file: unread[0]!,
      message: `not read: the budget for the text of small files across the bundle (${bytesText(state.smallText.budget)}) was spent here, and ${unread.length - 1} later file(s) were not read either${unread.length > 1 ? ` (${unread.slice(1, 4).join(', ')}${unread.length > 4 ? ', …' : ''})` : ''}. A real bundle holds far less (about 30 MB at 5,000 nodes); if this one is real, analyze its nodes in parts`,
    });
  }
  finish(data, state.formats);
  return data;
}

async function readEntries(data: BundleData, source: BundleSource, state: LoadState, onProgress: LoadProgress | undefined): Promise<void> {
  const budget = new NestedBudget(DEFAULT_LIMITS.maxTotalBytes);
  const handle = async (event: BundleEvent, nestedOk: boolean): Promise<void> => {
    if (event.type === 'rejected') {
      // A link the bundle's own tool makes (an alias of a file also in the bundle) is not read, as
      // every link, but it is not a sign of a hostile archive either.
      if (event.link && (state.formats.classify(event.path), state.formats.isAlias(event.path, event.link.target))) data.aliases.push({ path: event.path, target: event.link.target });
      else data.rejected.push({ path: event.path, reason: event.reason });
      return;
    }
    if (event.type === 'ignored') {
      data.ignored.push({ path: event.path, reason: event.reason });
      return;
    }
    if (event.type === 'problem') {
      // A nested archive's trouble is about that archive only (see nested.ts).
      data.problems.push({ file: event.path, message: event.message, ...(nestedOk ? { archive: true } : {}) });
      return;
    }
    const { path, stream, size } = event;
    data.files.set(path, { path, size });
    onProgress?.({ file: path, bytes: size });
    try {
      const what = state.formats.classify(path, !nestedOk);
      const nested = nestedOk ? state.formats.nested(path) : undefined;
      if (nested) {
        for await (const inner of nestedEvents(path, stream, size, nested, DEFAULT_LIMITS, budget)) await handle(inner, false);
      } else await loadEntry(data, path, stream, size, state, what);
    } catch (err) {
      data.problems.push({ file: path, message: `could not be read: ${(err as Error).message}` });
    } finally {
      // A reader that stopped early (garbage, a cut) may hold an async iterator on the stream, and
      // then resume() does nothing: the archive would wait for this entry forever and the process
      // exit with nothing printed. Destroying the copy lets the source drain to the next entry.
      if (!(stream instanceof WholeEntry) && !stream.destroyed && !stream.readableEnded) stream.destroy();
    }
  };
  for await (const event of source.events()) await handle(event, true);
}

async function loadEntry(data: BundleData, path: string, stream: Readable, size: number, state: LoadState, what: BundlePath = state.formats.classify(path)): Promise<void> {
  switch (what.kind) {
    case 'manifest':
      return loadManifest(data, path, stream, state);
    case 'cluster-list':
      return loadClusterList(data, what.list, path, stream, size, state, { yaml: what.syntax === 'yaml' });
    case 'custom-list':
      return loadCustomList(data, what.resource, path, stream, size, state, what.syntax === 'yaml', state.formats.importer?.repairItem);
    case 'top-pods': {
      const text = await readText(data, path, stream, MAX_SMALL_FILE, state);
      if (text !== undefined) data.topPods = { path, rows: parseTopPods(text) };
      return;
    }
    case 'probe': {
      const text = await readText(data, path, stream, MAX_SMALL_FILE, state);
      if (text === undefined) return;
      try {
        const parsed = ProbeSchema.parse(JSON.parse(text));
        data.probe = { path, ...parsed, dns: parsed.dns && { ok: parsed.dns.ok, output: parsed.dns.output ?? '' }, egress: parsed.egress && { ok: parsed.egress.ok, output: parsed.egress.output ?? '', target: parsed.egress.target } };
      } catch (err) {
        data.problems.push({ file: path, message: `not valid JSON: ${(err as Error).message}` });
      }
      return;
    }
    case 'node-file':
      return loadNodeFile(data, what.segment, what.file, path, stream, state);
    case 'plugin-output': {
      // Which output of which CNI: the descriptors' table (src/cni/), by the contract path.
      const contractPath = what.as ?? path;
      const clusterOutput = CLUSTER_OUTPUTS.find((o) => o.path === contractPath);
      if (clusterOutput) {
        const text = await readText(data, path, stream, MAX_SMALL_FILE, state);
        if (text !== undefined) data.clusterOutputs.set(clusterOutput.id, parsedOrProblem(data, path, clusterOutput.parse(text)));
        return;
      }
      const nodeOutput = nodeOutputOfPath(contractPath);
      if (nodeOutput) return loadPluginNodeFile(data, nodeOutput.spec, decodePathSegment(nodeOutput.segment), path, stream, state);
      break;
    }
    case 'log':
      return loadLog(data, path, stream, { namespace: what.namespace, pod: what.pod, container: what.container, previous: what.previous }, state);
    case 'log-blocks':
      return loadLog(data, path, stream, { namespace: what.namespace, pod: what.pod, container: '', previous: false }, state, true);
    case 'dump-stream':
      return loadDumpStream(data, path, stream, size, state);
    case 'version-text': {
      const text = await readText(data, path, stream, MAX_SMALL_FILE, state);
      if (text === undefined) return;
      const v = /GitVersion:"([^"]+)"/.exec(text)?.[1] ?? /^\s*(?:kubernetesVersion:\s*)?["']?(v\d+\.\d+[^\s"']*)["']?\s*$/m.exec(text)?.[1];
      if (v) data.serverVersion = v;
      else data.problems.push({ file: path, message: 'no GitVersion in it: the server version is unknown' });
      return;
    }
    case 'by-pod': {
      if (what.log) {
        // Logs may be large: read now, attributed to their pod and container once the pods are known.
        const before = data.logs.length;
        await loadLog(data, path, stream, { namespace: '', pod: '', container: '', previous: what.log.previous }, state);
        state.byPod.push({ path, logs: data.logs.splice(before) });
      } else {
        if ((await readText(data, path, stream, MAX_SMALL_FILE, state)) !== undefined) state.byPod.push({ path });
      }
      return;
    }
    case 'error-record': {
      const text = await readText(data, path, stream, MAX_SMALL_FILE, state);
      if (text === undefined) return;
      for (const e of state.formats.importer?.readErrors?.(path, text) ?? []) data.toolErrors.push({ file: path, ...e });
      return;
    }
  }
  // Anything else: keep small text so evidence and viewers can show it. A tool that writes a failed
  // command's error in place of its output has failed collections among these too.
  if (size <= 1024 * 1024) {
    const text = await readText(data, path, stream, 1024 * 1024, state);
    const failure = text === undefined ? undefined : state.formats.importer?.failedOutput?.(text);
    if (failure) data.toolErrors.push({ file: path, ...failure, what: path.split('/').pop()! });
  }
}

function bytesText(n: number): string {
  return n % 2 ** 20 === 0 ? `${n / 2 ** 20} MiB` : `${n} bytes`;
}

/**
 * The text of a small file, held once however many files have it (see LoadState.shared), or
 * undefined — the file left unread — when it is new and the bundle's budget for such text
 * (KEPT_SMALL_TEXT_BYTES) cannot hold it. Only distinct text counts, in every mode, so the reference
 * path spends the budget exactly as the shared one does.
 */
function keepSmallText(state: LoadState, path: string, text: string, bytes: number): string | undefined {
  const budget = state.smallText;
  const known = budget.texts.get(text);
  if (known !== undefined) return state.reference ? text : known;
  if (budget.unread.length || budget.bytes + bytes > budget.budget) {
    budget.unread.push(path);
    return undefined;
  }
  budget.bytes += bytes;
  budget.texts.set(text, text);
  return text;
}

/** A small file's text, kept for evidence; undefined when the budget for small files is spent (keepSmallText). */
async function readText(data: BundleData, path: string, stream: Readable, cap: number, state: LoadState): Promise<string | undefined> {
  const { buf, truncated, error } = await readAll(stream, cap);
  const text = keepSmallText(state, path, buf.toString('utf8'), buf.length);
  if (text === undefined) return undefined;
  if (error) data.problems.push({ file: path, message: error.message });
  else if (truncated) data.problems.push({ file: path, message: `larger than ${cap} bytes; only the first ${cap} bytes were read` });
  const file = data.files.get(path);
  if (file && buf.length <= KEEP_TEXT_BYTES) file.text = text;
  return text;
}

async function loadManifest(data: BundleData, path: string, stream: Readable, state: LoadState): Promise<void> {
  const text = await readText(data, path, stream, 64 * 1024 * 1024, state);
  if (text === undefined) return;
  const bad = locateJsonError(text);
  if (bad) {
    data.problems.push({ file: path, message: `not valid JSON: ${bad.message}`, line: bad.line, column: bad.column });
    data.manifest = { path, commands: [] };
    return;
  }
  const json: unknown = JSON.parse(text);
  const info: BundleData['manifest'] = { path, commands: [] };
  const obj = (json && typeof json === 'object' ? json : {}) as Record<string, unknown>;
  if (typeof obj.formatVersion === 'number') info.formatVersion = obj.formatVersion;
  const strict = ManifestSchema.safeParse(json);
  if (strict.success) {
    info.manifest = strict.data;
    info.commands = strict.data.commands;
  } else if (!(typeof obj.formatVersion === 'number' && obj.formatVersion > BUNDLE_FORMAT_VERSION)) {
    // A newer format may add fields; only our own version is held to the strict schema.
    const issues = strict.error.issues.slice(0, 5).map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
    data.problems.push({ file: path, message: `does not match the manifest schema (format version ${BUNDLE_FORMAT_VERSION}): ${issues.join('; ')}` });
  }
  if (!strict.success && Array.isArray(obj.commands)) {
    // Salvage every command that is well-formed, so collection gaps are still reported.
    for (const c of obj.commands) {
      const parsed = ManifestCommandSchema.partial().safeParse(c);
      if (parsed.success && Array.isArray(parsed.data.argv)) {
        info.commands.push({
          argv: parsed.data.argv,
          node: parsed.data.node ?? null,
          file: parsed.data.file ?? null,
          exitCode: parsed.data.exitCode ?? null,
          durationMs: parsed.data.durationMs ?? 0,
          stderr: parsed.data.stderr ?? '',
          error: parsed.data.error ?? null,
        });
      }
    }
  }
  // Line of each command in the manifest, for evidence.
  const lines = splitLines(text);
  let cursor = 0;
  for (const cmd of info.commands) {
    const needle = cmd.file ? JSON.stringify(cmd.file) : JSON.stringify(cmd.argv[cmd.argv.length - 1] ?? '');
    for (let i = cursor; i < lines.length; i++) {
      if (lines[i]!.text.includes(needle)) {
        (cmd as { line?: number }).line = lines[i]!.n;
        cursor = i + 1;
        break;
      }
    }
  }
  data.manifest = info;
}

/** `firstLine`: the List is a document inside a bigger file; `sequential`: no worker thread (a document stream feeds it line by line). */
async function loadClusterList(data: BundleData, name: ClusterListName, path: string, stream: Readable, size: number, state: LoadState, inFile: { firstLine?: number; sequential?: boolean; yaml?: boolean } = {}): Promise<void> {
  const failedOutput = state.formats.importer?.failedOutput;
  if (inFile.yaml && failedOutput) {
    // The tool wrote the command's error where the List would be: a failed collection, not a List.
    const peeked = await peekStream(stream, 4096);
    const failure = failedOutput(peeked.head.subarray(0, 4096).toString('utf8'));
    if (failure) {
      const { buf } = await readAll(peeked.stream, MAX_SMALL_FILE);
      const file = data.files.get(path);
      const text = keepSmallText(state, path, buf.toString('utf8'), buf.length);
      if (file && text !== undefined) file.text = text;
      data.toolErrors.push({ file: path, ...failure, what: `the ${name} List` });
      return;
    }
    stream = peeked.stream;
  }
  data.lists.add(name);
  // Small Lists are kept as text so evidence can quote them; pods.json and friends may be huge.
  const kept = keepListText(state, size) ? KeptText.builder() : undefined;
  const keepText = name === 'events' || name === 'daemonsets' || name === 'deployments' || name === 'configmaps';
  let skipped = 0;
  const builder = name === 'pods' || name === 'events' ? new BatchBuilder(name, path, state.reference) : undefined;
  const applyBatch = (batch: ItemBatch) => {
    skipped += batch.skipped;
    if (batch.list === 'pods') {
      for (const s of batch.summaries) data.podIndex.add(s);
      for (const { record, labelSet } of batch.records) {
        if (labelSet !== undefined) {
          if (state.labelSets.has(labelSet)) continue;
          state.labelSets.add(labelSet);
        }
        data.pods.push(record);
      }
    } else {
      data.eventCount += batch.count;
      if (batch.newest > data.newestEventTime) data.newestEventTime = batch.newest;
      for (const e of batch.kept) if (keepEvent(state, e)) data.events.push(e);
    }
  };
  const repair = state.formats.importer?.repairItem;
  const onItem = (raw: ListItem) => {
    const item = repair ? { ...raw, value: repair(raw.value) } : raw;
    switch (name) {
      case 'version': {
        const v = readServerVersion(item.value);
        if (v) data.serverVersion = v;
        return;
      }
      case 'nodes': {
        const r = reduceNode(item.value, path, item.line);
        if (r) data.nodes.push(r);
        else skipped++;
        break;
      }
      case 'pods':
      case 'events': {
        // One item at a time through the same batches the worker thread builds, so both paths
        // keep exactly the same records.
        const batch = builder!.start();
        builder!.add(batch, item.value, item.line, item.text ?? '');
        applyBatch(batch);
        break;
      }
      case 'daemonsets':
      case 'deployments': {
        const r = reduceWorkload(name === 'daemonsets' ? 'DaemonSet' : 'Deployment', item.value, path, item.line, item.text);
        if (r) (name === 'daemonsets' ? data.daemonSets : data.deployments).push(r);
        else skipped++;
        break;
      }
      case 'services': {
        const r = reduceService(item.value, path, item.line);
        if (r) data.services.push(r);
        else skipped++;
        break;
      }
      case 'endpointslices': {
        const r = reduceEndpointSlice(item.value, path, item.line);
        if (r) data.endpointSlices.push(r);
        else skipped++;
        break;
      }
      case 'networkpolicies': {
        const r = reduceNetworkPolicy(item.value, path, item.line);
        if (r) data.networkPolicies.push(r);
        else skipped++;
        break;
      }
      case 'configmaps': {
        const r = reduceConfigMap(item.value, path, item.line, item.text);
        if (r) data.configMaps.push(r);
        else skipped++;
        break;
      }
      case 'namespaces': {
        const r = reduceNamespace(item.value);
        if (r) data.namespaces.push(r);
        else skipped++;
        break;
      }
    }
  };
  const result = inFile.yaml
    ? await readYamlList(stream, onItem, kept ? (c) => kept.push(c) : undefined)
    : builder && !kept && !state.reference && !inFile.sequential
      ? await readListInParallel(stream, state.pool, builder.list, path, { onItem, onBatch: applyBatch }, { keepText }).finally(() => state.pool.close())
      : await readJsonList(stream, onItem, { keepText, fastPath: !state.reference, firstLine: inFile.firstLine, onChunk: kept ? (c) => kept.push(c) : undefined });
  if (result.error) {
    data.problems.push({
      file: path,
      message: `${result.error.message}; ${result.itemCount} item(s) before that point were read`,
      line: result.error.line,
      column: result.error.column,
    });
  }
  if (skipped) data.problems.push({ file: path, message: `${skipped} item(s) lack metadata.name or have an unexpected shape and were skipped` });
  if ('internalTypes' in result && result.internalTypes) (data.origin.internalTypeFiles ??= []).push(path);
  if (kept && !result.error) {
    const file = data.files.get(path);
    if (file) file.kept = kept.finish();
  }
}

async function loadCustomList(data: BundleData, name: string, path: string, stream: Readable, size: number, state: LoadState, yaml = false, repair?: (value: unknown) => unknown): Promise<void> {
  // A foreign bundle splits a resource per namespace: the files are merged, each object keeps its own.
  const items: BundleData['custom'] extends Map<string, infer V> ? V : never = data.custom.get(name) ?? { path, items: [] };
  const onItem = (item: ListItem) => {
    const r = reduceCustomObject(repair ? repair(item.value) : item.value, path, item.line);
    if (r) items.items.push(r);
  };
  const kept = keepListText(state, size) ? KeptText.builder() : undefined;
  const onChunk = kept ? (c: Buffer) => kept.push(c) : undefined;
  const result = yaml ? await readYamlList(stream, onItem, onChunk) : await readJsonList(stream, onItem, { onChunk });
  if (result.error) {
    data.problems.push({ file: path, message: `${result.error.message}; ${result.itemCount} item(s) before that point were read`, line: result.error.line, column: result.error.column });
  } else if (kept) {
    const file = data.files.get(path);
    if (file) file.kept = kept.finish();
  }
  data.custom.set(name, items);
}

async function loadNodeFile(data: BundleData, segment: string, rest: string, path: string, stream: Readable, state: LoadState): Promise<void> {
  const nd = nodeData(data, segment);
  if (rest.startsWith(NODE_CNI_CONF_DIR)) {
    const fileName = rest.slice(NODE_CNI_CONF_DIR.length);
    const { buf, truncated } = await readAll(stream, 1024 * 1024);
    const file = data.files.get(path);
    const text = keepSmallText(state, path, buf.toString('utf8'), buf.length);
    if (text === undefined) return;
    if (file) file.text = text;
    if (truncated) data.problems.push({ file: path, message: 'larger than 1 MiB; not a real CNI config, only the start was read' });
    // The runtime does not recurse: files in subdirectories (e.g. multus.d/) are not configs it loads.
    if (!fileName.includes('/')) nd.cniConfigs.push({ path, ...sharedParse(state, `cni-config\u0000${fileName}`, text, () => parseCniConfig(fileName, buf)) });
    return;
  }
  const text = await readText(data, path, stream, MAX_SMALL_FILE, state);
  if (text === undefined) return;
  const failure = state.formats.importer?.failedOutput?.(text);
  if (failure) {
    data.toolErrors.push({ file: path, ...failure, what: path });
    return;
  }
  const parse = <T>(kind: string, parser: (t: string) => T) => sharedParse(state, kind, text, parser);
  switch (rest) {
    case NODE_FILES.lsCniConf:
      nd.lsCniConf = parsedOrProblem(data, path, parse('ls-la', parseLsLa));
      break;
    case NODE_FILES.lsCniBin:
      nd.lsCniBin = parsedOrProblem(data, path, parse('ls-la', parseLsLa));
      break;
    case NODE_FILES.ipRoute:
      nd.ipRoute = parsedOrProblem(data, path, parse('ip-route', parseIpRoute));
      break;
    case NODE_FILES.ipLink:
      nd.ipLink = parsedOrProblem(data, path, parse('ip-link', parseIpLink));
      break;
    case NODE_FILES.procMounts:
      nd.procMounts = parsedOrProblem(data, path, parse('proc-mounts', parseProcMounts));
      break;
    case NODE_FILES.flannelSubnetEnv:
      nd.flannelSubnetEnv = parsedOrProblem(data, path, parse('flannel-subnet-env', parseFlannelSubnetEnv));
      break;
    case NODE_FILES.bridgeFdbFlannel:
      nd.bridgeFdbFlannel = { path, entries: splitLines(text).filter((l) => /^[0-9a-f]{2}(:[0-9a-f]{2}){5}\s/i.test(l.text.trim())).length };
      break;
  }
}

/** A per-node output of a plugin command (src/cni/), parsed by the parser its descriptor names. */
async function loadPluginNodeFile(data: BundleData, spec: NodeOutputSpec, node: string, path: string, stream: Readable, state: LoadState): Promise<void> {
  const text = await readText(data, path, stream, MAX_SMALL_FILE, state);
  if (text === undefined) return;
  let byNode = data.nodeOutputs.get(spec.id);
  if (!byNode) data.nodeOutputs.set(spec.id, (byNode = new Map()));
  if (spec.json) {
    try {
      byNode.set(node, { path, result: spec.parse(text) });
    } catch (err) {
      data.problems.push({ file: path, message: `not valid JSON: ${(err as Error).message}` });
    }
    return;
  }
  byNode.set(node, parsedOrProblem(data, path, sharedParse(state, spec.id, text, spec.parse)));
}

/** Receives a log's lines one at a time (with their line in the file) and keeps what rules read. */
/**
 * Whether an event is held, within the budget for events rules read (KEPT_EVENT_TEXT). Events no rule
 * reads one by one are kept only on the reference path and never count, so both paths keep the same
 * events rules read. Applied in file order on the main thread, whichever thread parsed the batch.
 */
function keepEvent(state: LoadState, e: EventRecord): boolean {
  if (!retainsEvent(e)) return true;
  const budget = state.eventText;
  const size = e.message.length + e.reason.length + e.objectName.length + e.namespace.length + (e.component?.length ?? 0) + (e.sourceHost?.length ?? 0);
  if (budget.unkept || budget.bytes + size > budget.budget) {
    budget.unkept++;
    budget.first ??= { file: e.file, line: e.line };
    return false;
  }
  budget.bytes += size;
  return true;
}

/**
 * `s` in a string of its own. A line split from a decoded chunk is a slice that keeps the whole
 * chunk alive (V8's sliced strings): a log's 20 matches kept 20 chunks of 512 KB each, 178 MB for
 * 320 matches in 20 big logs. Prepending a character makes a cons string, which slice() flattens
 * into a new string of just this line.
 */
function ownCopy(s: string): string {
  return s.length < 13 ? s : ` ${s}`.slice(1);
}

/** The log with its last lines (kept as slices of the chunks they came in) in strings of their own. */
function ownTail(log: LogFile): LogFile {
  for (const t of log.tail) t.text = ownCopy(t.text);
  return log;
}

function logSink(data: BundleData, path: string, who: Pick<LogFile, 'namespace' | 'pod' | 'container' | 'previous'>, state: LoadState, blocks: boolean) {
  const keepBytes = state.keepLogBytes;
  const budget = state.logText;
  /** Whether `text` fits the bundle's budget for held log lines (and spends it if so). */
  const fits = (text: string): boolean => {
    if (budget.unkept.length || budget.bytes + text.length > budget.budget) {
      if (budget.unkept[budget.unkept.length - 1] !== path) budget.unkept.push(path);
      return false;
    }
    budget.bytes += text.length;
    return true;
  };
  /** The log with its last lines in strings of their own, if the budget holds them. */
  const finished = (log: LogFile): LogFile => {
    const tail = ownTail(log).tail;
    if (!tail.every((t) => fits(t.text))) log.tail = [];
    return log;
  };
  const kept: string[] = [];
  let keptBytes = 0;
  const newLog = (container: string): LogFile => ({ path, ...who, container, lineCount: 0, matches: [], tail: [] });
  let log: LogFile | undefined = blocks ? undefined : newLog(who.container);
  let perSignature = new Map<string, number>();
  return {
    line(raw: string, fileLine: number): void {
      if (keptBytes < keepBytes) {
        kept.push(raw);
        keptBytes += raw.length + 1;
      }
      // `kubectl logs --timestamps` (sysdump, must-gather, support-bundle-kit) puts an RFC3339Nano
      // time before each line, a CRI log file its stream and tag too: what the container printed
      // starts after them.
      const text = (raw.endsWith('\r') ? raw.slice(0, -1) : raw).slice(0, MAX_LOG_LINE).replace(LOG_TIMESTAMP, '');
      if (blocks) {
        // kubectl's markers (clusterinfo_dump.go); a container's own output between them may hold
        // anything, JSON at column 0 included, so only the exact marker lines switch containers.
        const start = /^==== START logs for container (\S+) of pod (\S+)\/(\S+) ====$/.exec(text);
        if (start) {
          if (log) data.logs.push(finished(log));
          log = { path, namespace: start[2]!, pod: start[3]!, container: start[1]!, previous: false, lineCount: 0, matches: [], tail: [] };
          perSignature = new Map();
          return;
        }
        if (/^==== END logs for container \S+ of pod \S+ ====$/.test(text)) {
          if (log) data.logs.push(finished(log));
          log = undefined;
          return;
        }
        if (!log) return;
      }
      const current = log!;
      current.lineCount++;
      current.tail.push({ line: fileLine, text });
      if (current.tail.length > LOG_TAIL) current.tail.shift();
      const match = matchLogLine(text);
      if (!match) return;
      const seen = perSignature.get(match.signature.id) ?? 0;
      perSignature.set(match.signature.id, seen + 1);
      if (seen < MAX_MATCHES_PER_SIGNATURE && fits(text)) {
        // Matched again on a copy, so the match's groups are slices of the copy, not of the chunk.
        const own = ownCopy(text);
        current.matches.push({ line: fileLine, text: own, match: matchLogLine(own)! });
      }
    },
    end(): void {
      if (log) data.logs.push(finished(log));
      log = undefined;
      const file = data.files.get(path);
      if (file && kept.length && file.text === undefined) file.text = kept.join('\n');
    },
  };
}

/** Splits a stream into lines (a line longer than the log limit is cut into pieces). */
async function loadLog(
  data: BundleData,
  path: string,
  stream: Readable,
  who: Pick<LogFile, 'namespace' | 'pod' | 'container' | 'previous'>,
  state: LoadState,
  /** The file holds every container between START/END markers: one LogFile per container, lines numbered in the file. */
  blocks = false,
): Promise<void> {
  const sink = logSink(data, path, who, state, blocks);
  let fileLine = 0;
  try {
    for await (const l of linesOf(stream)) sink.line(l, ++fileLine);
  } catch (err) {
    data.problems.push({ file: path, message: `${(err as Error).message} (the first ${fileLine} lines were read)` });
  }
  sink.end();
}

/**
 * `kubectl cluster-info dump` printed to a file (src/bundle/dump-stream.ts splits it): each List
 * document goes to the List reader as it streams past, its lines numbered in the file; every other
 * line goes to the log reader, which makes one log per START/END block.
 */
async function loadDumpStream(data: BundleData, path: string, stream: Readable, size: number, state: LoadState): Promise<void> {
  const logs = logSink(data, path, { namespace: '', pod: '', container: '', previous: false }, state, true);
  const keep = keepListText(state, size);
  const all: string[] = [];
  const result = await splitDumpStream(stream, {
    document: (list, firstLine, body) => loadClusterList(data, list, path, body, 0, state, { firstLine, sequential: true }),
    line: (l, n) => logs.line(l, n),
    ...(keep ? { each: (l: string) => all.push(l) } : {}),
  });
  if (result.error) data.problems.push({ file: path, message: result.error });
  if (result.cutInside !== undefined) data.problems.push({ file: path, line: result.cutInside, message: 'the dump ends inside a document: it is cut short' });
  logs.end();
  for (const [kind, n] of result.skipped) if (!UNREAD_DUMP_KINDS.test(kind)) data.problems.push({ file: path, message: `${n} ${kind}(s) not read` });
  const file = data.files.get(path);
  if (file && keep) file.text = all.join('\n');
}

/** `kubectl top pods -A`: NAMESPACE NAME CPU(cores) MEMORY(bytes). */
function parseTopPods(text: string): NonNullable<BundleData['topPods']>['rows'] {
  const rows: NonNullable<BundleData['topPods']>['rows'] = [];
  for (const { n, text: line } of splitLines(text)) {
    const m = /^(\S+)\s+(\S+)\s+(\d+m?)\s+(\d+)(Ki|Mi|Gi|Ti|k|M|G)?\s*$/.exec(line.trim());
    if (!m) continue;
    const unit = { Ki: 1024, Mi: 1024 ** 2, Gi: 1024 ** 3, Ti: 1024 ** 4, k: 1e3, M: 1e6, G: 1e9 }[m[5] ?? ''] ?? 1;
    rows.push({ namespace: m[1]!, pod: m[2]!, cpu: m[3]!, memoryBytes: Number(m[4]) * unit, line: n });
  }
  return rows;
}

/**
 * Gives the files that waited for the pod list (BundlePath `by-pod`) their meaning: the importer
 * names the pod (and so the node, namespace and container) of each, and the file is then read as
 * that, from the text kept when it streamed past. A file no pod of the bundle matches is said so.
 */
async function resolveByPod(data: BundleData, state: LoadState): Promise<void> {
  const importer = state.formats.importer;
  if (!state.byPod.length) return;
  const pods: PodDirectory = { find: (name) => data.podIndex.findByName(name), text: (p) => data.files.get(p)?.text };
  const unattributed: string[] = [];
  for (const { path, logs } of state.byPod) {
    const what = importer?.resolveByPod?.(path, pods);
    if (!what || what.kind === 'by-pod') {
      unattributed.push(path);
      continue;
    }
    if (logs) {
      if (what.kind !== 'log') {
        unattributed.push(path);
        continue;
      }
      for (const log of logs) data.logs.push({ ...log, namespace: what.namespace, pod: what.pod, container: what.container, previous: what.previous });
      continue;
    }
    const text = data.files.get(path)?.text ?? '';
    await loadEntry(data, path, Readable.from([Buffer.from(text, 'utf8')]), Buffer.byteLength(text), state, what);
  }
  if (unattributed.length) {
    for (const path of unattributed) data.problems.push({ file: path, message: 'named after a pod the bundle does not list (or not as this format names its files): not attributed to a node, not read' });
  }
}

/** Sorts everything whose order came from the packaging, so a directory and its tar.gz agree. */
function finish(data: BundleData, formats: FormatTracker): void {
  const importer = formats.importer;
  if (importer) {
    const vf = importer.version?.file;
    const versionFile = typeof vf === 'string' ? vf : vf ? [...data.files.keys()].find((p) => vf.test(p)) : undefined;
    const versionText = versionFile !== undefined ? data.files.get(versionFile)?.text : undefined;
    const version = versionText !== undefined ? importer.version!.read(versionText) : undefined;
    const internal = data.origin.internalTypeFiles;
    data.origin = { format: importer.format, tool: importer.tool, ...(version ? { version } : {}), lacks: importer.lacks, absentLists: importer.absentLists ?? [], ...(internal ? { internalTypeFiles: internal } : {}) };
  }
  // CRD specs the CNIs' rules read become typed records here, at the edge.
  for (const cni of CNIS) if (cni.readResources) Object.assign(data, cni.readResources(data.custom, (p) => data.problems.push(p)));
  const byPath = <T extends { path: string }>(a: T, b: T) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);
  data.logs.sort(byPath);
  data.rejected.sort(byPath);
  data.ignored.sort(byPath);
  data.toolErrors.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line));
  data.problems.sort((a, b) => {
    if (!!a.archive !== !!b.archive) return a.archive ? -1 : 1;
    const fa = a.file ?? '';
    const fb = b.file ?? '';
    return fa < fb ? -1 : fa > fb ? 1 : a.message < b.message ? -1 : a.message > b.message ? 1 : 0;
  });
  for (const nd of data.nodeData.values()) nd.cniConfigs.sort(byPath);
  data.files = new Map([...data.files.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  data.nodeData = new Map([...data.nodeData.entries()].sort(([a], [b]) => (a < b ? -1 : 1)));
  // A bundle's order (tar, directory walk, parallel reads) must not decide what a rule cites first.
  for (const [id, byNode] of data.nodeOutputs) data.nodeOutputs.set(id, new Map([...byNode.entries()].sort(([a], [b]) => (a < b ? -1 : 1))));
}
