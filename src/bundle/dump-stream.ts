// The stdout form of `kubectl cluster-info dump`: pretty JSON documents (`{` and `}` at column 0)
// and log blocks (`==== START logs for container <c> of pod <ns>/<pod> ====` … `==== END …`) in
// turn. This splits it as it streams: each List document the tool reads is handed on as a stream of
// its own lines (numbered in the dump), every other line is handed on as it is. Lines inside a log
// block are log text whatever they look like: Calico's install-cni prints its conflist at column 0.
import { PassThrough, type Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import type { ClusterListName } from './layout.js';

/** Past this, a line without a newline is handed on in pieces (a log line is cut at 64 KiB anyway). */
const MAX_PENDING = 256 * 1024;

const DUMP_LISTS: Record<string, ClusterListName> = { NodeList: 'nodes', EventList: 'events', PodList: 'pods', DaemonSetList: 'daemonsets', DeploymentList: 'deployments', ServiceList: 'services' };
/** An internal-type List of kubectl ≤ 1.10 has no kind: its selfLink (ListMeta, printed first) names the resource. */
const DUMP_RESOURCES: Record<string, ClusterListName> = { nodes: 'nodes', events: 'events', pods: 'pods', daemonsets: 'daemonsets', deployments: 'deployments', services: 'services' };
/** What the dump holds and no rule reads, in either dialect: skipped without a word. */
export const UNREAD_DUMP_KINDS = /^(ReplicaSetList|ReplicationControllerList)$/;
const UNREAD_RESOURCES: Record<string, string> = { replicasets: 'ReplicaSetList', replicationcontrollers: 'ReplicationControllerList' };

export const LOG_BLOCK_START = /^==== START logs for container (\S+) of pod (\S+)\/(\S+) ====$/;
export const LOG_BLOCK_END = /^==== END logs for container /;

export interface DumpStreamHandlers {
  /** A List document: `body` streams its lines (with newlines); resolve once it is consumed. */
  document(list: ClusterListName, firstLine: number, body: Readable): Promise<void>;
  /** A line outside the documents read (log blocks and anything between them), numbered in the dump; awaited when it returns a promise. */
  line(text: string, n: number): void | Promise<void>;
  /** Every line, documents' included (to keep a small dump's text for excerpts). */
  each?(text: string): void;
}

export interface DumpStreamResult {
  lines: number;
  /** Documents not read, by kind (or "document without a kind"). */
  skipped: Map<string, number>;
  /** The line of a document the dump ends inside. */
  cutInside?: number;
  /** A stream error, with how far the read got. */
  error?: string;
}

export async function* linesOf(stream: Readable): AsyncGenerator<string> {
  const decoder = new StringDecoder('utf8');
  let pending = '';
  for await (const chunk of stream) {
    const s = pending + decoder.write(chunk as Buffer);
    let start = 0;
    for (let nl = s.indexOf('\n'); nl >= 0; nl = s.indexOf('\n', start)) {
      yield s.slice(start, nl);
      start = nl + 1;
    }
    pending = s.slice(start);
    if (pending.length > MAX_PENDING) {
      yield pending;
      pending = '';
    }
  }
  pending += decoder.end();
  if (pending) yield pending;
}

export async function splitDumpStream(stream: Readable, handlers: DumpStreamHandlers): Promise<DumpStreamResult> {
  const skipped = new Map<string, number>();
  let n = 0;
  let inLog = false;
  let doc: { firstLine: number; head: string[]; out?: PassThrough; done?: Promise<void> } | undefined;
  const write = async (out: PassThrough, text: string) => {
    if (!out.write(text)) await new Promise<void>((r) => out.once('drain', () => r()));
  };
  const close = async () => {
    doc!.out?.end();
    await doc!.done;
    doc = undefined;
  };
  let error: string | undefined;
  try {
    for await (const l of linesOf(stream)) {
      n++;
      handlers.each?.(l);
      if (!doc && !inLog && l === '{') {
        doc = { firstLine: n, head: [l] };
        continue;
      }
      if (doc) {
        if (!doc.out) {
          // kubectl prints `kind` first (or, for internal types, `selfLink`): a document is told
          // within its first lines, which are held until then.
          doc.head.push(l);
          const kind = /^\s{4}"kind": "(\w+)"/.exec(l)?.[1];
          const resource = /^\s{4}"selfLink": "[^"]*\/([a-z]+)"/.exec(l)?.[1];
          const list = kind ? DUMP_LISTS[kind] : resource ? DUMP_RESOURCES[resource] : undefined;
          if (list) {
            doc.out = new PassThrough();
            doc.done = handlers.document(list, doc.firstLine, doc.out);
            for (const h of doc.head) await write(doc.out, `${h}\n`);
          } else if (kind || (resource && UNREAD_RESOURCES[resource]) || doc.head.length > 8 || l === '}') {
            const k = kind ?? (resource ? UNREAD_RESOURCES[resource] : undefined) ?? 'document without a kind';
            skipped.set(k, (skipped.get(k) ?? 0) + 1);
            doc.out = new PassThrough();
            doc.out.resume();
            doc.done = Promise.resolve();
          }
          if (l === '}') await close();
          continue;
        }
        await write(doc.out, `${l}\n`);
        if (l === '}') await close();
        continue;
      }
      if (LOG_BLOCK_START.test(l)) inLog = true;
      const pending = handlers.line(l, n);
      if (pending) await pending;
      if (LOG_BLOCK_END.test(l)) inLog = false;
    }
  } catch (err) {
    error = `${(err as Error).message} (the first ${n} lines were read)`;
  }
  let cutInside: number | undefined;
  if (doc?.out) {
    cutInside = doc.firstLine;
    await close();
  }
  return { lines: n, skipped, ...(cutInside !== undefined ? { cutInside } : {}), ...(error ? { error } : {}) };
}
