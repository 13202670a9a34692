// What `serve` serves: the bundle's API objects as the API server would return them, its logs, and
// the node/plugin outputs that exec replays. Read once, streaming, through the same sources as the
// analyzer (no extraction, no links followed).
import { closeSync, mkdtempSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { readJsonList } from '../bundle/json-list.js';
import { CLUSTER_LISTS, CUSTOM_DIR, type ManifestCommand } from '../bundle/layout.js';
import { readYamlList } from '../bundle/yaml-list.js';
import { LOG_BLOCK_END, LOG_BLOCK_START, splitDumpStream } from '../bundle/dump-stream.js';
import { FormatTracker } from '../import/index.js';
import { openBundle, type BundleSource } from '../bundle/source.js';

export interface ResourceType {
  group: string;
  version: string;
  kind: string;
  plural: string;
  singular: string;
  namespaced: boolean;
  shortNames: string[];
  /** Bundle file the objects come from. */
  file: string;
}

export const BUILTIN_RESOURCES: ResourceType[] = [
  { group: '', version: 'v1', kind: 'Namespace', plural: 'namespaces', singular: 'namespace', namespaced: false, shortNames: ['ns'], file: CLUSTER_LISTS.namespaces },
  { group: '', version: 'v1', kind: 'Node', plural: 'nodes', singular: 'node', namespaced: false, shortNames: ['no'], file: CLUSTER_LISTS.nodes },
  { group: '', version: 'v1', kind: 'Pod', plural: 'pods', singular: 'pod', namespaced: true, shortNames: ['po'], file: CLUSTER_LISTS.pods },
  { group: '', version: 'v1', kind: 'Event', plural: 'events', singular: 'event', namespaced: true, shortNames: ['ev'], file: CLUSTER_LISTS.events },
  { group: '', version: 'v1', kind: 'Service', plural: 'services', singular: 'service', namespaced: true, shortNames: ['svc'], file: CLUSTER_LISTS.services },
  { group: '', version: 'v1', kind: 'ConfigMap', plural: 'configmaps', singular: 'configmap', namespaced: true, shortNames: ['cm'], file: CLUSTER_LISTS.configmaps },
  { group: 'apps', version: 'v1', kind: 'DaemonSet', plural: 'daemonsets', singular: 'daemonset', namespaced: true, shortNames: ['ds'], file: CLUSTER_LISTS.daemonsets },
  { group: 'apps', version: 'v1', kind: 'Deployment', plural: 'deployments', singular: 'deployment', namespaced: true, shortNames: ['deploy'], file: CLUSTER_LISTS.deployments },
  { group: 'networking.k8s.io', version: 'v1', kind: 'NetworkPolicy', plural: 'networkpolicies', singular: 'networkpolicy', namespaced: true, shortNames: ['netpol'], file: CLUSTER_LISTS.networkpolicies },
  { group: 'discovery.k8s.io', version: 'v1', kind: 'EndpointSlice', plural: 'endpointslices', singular: 'endpointslice', namespaced: true, shortNames: [], file: CLUSTER_LISTS.endpointslices },
];

export interface K8sObject {
  apiVersion?: string;
  kind?: string;
  metadata?: { name?: string; namespace?: string; labels?: Record<string, string>; creationTimestamp?: string; [k: string]: unknown };
  [k: string]: unknown;
}

/**
 * One object of a List, with what list requests filter on. Small Lists keep their objects in memory;
 * big ones (pods and events of a large cluster: a 150,000-pod pods.json is about 1 GB) are spilled to
 * a temporary file and read back a page at a time, so serve's memory does not grow with the bundle.
 */
export interface StoredObject {
  name: string | undefined;
  namespace: string | undefined;
  labels: Record<string, string> | undefined;
  /** Fields that field selectors commonly use, read once at load (see INDEXED_FIELDS). */
  fields: Record<string, string | undefined>;
  object(): K8sObject;
}

/** Field selectors on these fields need no object read; any other field reads every object. */
export const INDEXED_FIELDS = ['metadata.name', 'metadata.namespace', 'spec.nodeName', 'status.phase', 'involvedObject.kind', 'involvedObject.name', 'involvedObject.namespace', 'reason', 'type'];

/** Lists above this size are spilled to disk. */
const SPILL_BYTES = 16 * 1024 * 1024;

function fieldOf(obj: unknown, field: string): string | undefined {
  let cur: unknown = obj;
  for (const part of field.split('.')) {
    if (!cur || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur === undefined || cur === null ? undefined : String(cur);
}

/** The temporary file big Lists are spilled to; removed by close(). */
class Spill {
  private fd: number | undefined;
  private dir: string | undefined;
  private size = 0;

  append(text: string): { offset: number; length: number } {
    if (this.fd === undefined) {
      this.dir = mkdtempSync(path.join(tmpdir(), 'cni-doctor-serve-'));
      this.fd = openSync(path.join(this.dir, 'objects.jsonl'), 'w+', 0o600);
    }
    const buf = Buffer.from(text);
    writeSync(this.fd, buf, 0, buf.length, this.size);
    const at = { offset: this.size, length: buf.length };
    this.size += buf.length;
    return at;
  }

  read(offset: number, length: number): K8sObject {
    const buf = Buffer.alloc(length);
    readSync(this.fd!, buf, 0, length, offset);
    return JSON.parse(buf.toString('utf8')) as K8sObject;
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    if (this.dir) rmSync(this.dir, { recursive: true, force: true });
    this.fd = undefined;
    this.dir = undefined;
  }
}

function stored(obj: K8sObject, spill: Spill | undefined, labelSets: Map<string, Record<string, string>>): StoredObject {
  const fields: Record<string, string | undefined> = {};
  for (const f of INDEXED_FIELDS) {
    const v = fieldOf(obj, f);
    if (v !== undefined) fields[f] = v;
  }
  const rawLabels = obj.metadata?.labels;
  let labels: Record<string, string> | undefined;
  if (rawLabels && typeof rawLabels === 'object') {
    // Replicas share their labels: one copy per distinct set.
    const key = JSON.stringify(rawLabels);
    labels = labelSets.get(key);
    if (!labels) labelSets.set(key, (labels = rawLabels));
  }
  const name = typeof obj.metadata?.name === 'string' ? obj.metadata.name : undefined;
  const namespace = typeof obj.metadata?.namespace === 'string' ? obj.metadata.namespace : undefined;
  // Classes, not closures: a closure made here would share this scope, and keep `obj` alive.
  if (!spill) return new InMemory(name, namespace, labels, fields, obj);
  const { offset, length } = spill.append(JSON.stringify(obj));
  return new Spilled(name, namespace, labels, fields, spill, offset, length);
}

abstract class Stored implements StoredObject {
  constructor(
    readonly name: string | undefined,
    readonly namespace: string | undefined,
    readonly labels: Record<string, string> | undefined,
    readonly fields: Record<string, string | undefined>,
  ) {}
  abstract object(): K8sObject;
}

class InMemory extends Stored {
  constructor(name: string | undefined, namespace: string | undefined, labels: Record<string, string> | undefined, fields: Record<string, string | undefined>, private readonly obj: K8sObject) {
    super(name, namespace, labels, fields);
  }
  object(): K8sObject {
    return this.obj;
  }
}

class Spilled extends Stored {
  constructor(name: string | undefined, namespace: string | undefined, labels: Record<string, string> | undefined, fields: Record<string, string | undefined>, private readonly spill: Spill, private readonly offset: number, private readonly length: number) {
    super(name, namespace, labels, fields);
  }
  object(): K8sObject {
    return this.spill.read(this.offset, this.length);
  }
}

export interface Store {
  source: string;
  serverVersion: string;
  createdAt: string | undefined;
  resources: ResourceType[];
  objects: Map<string, StoredObject[]>;
  /** Removes the spill file, if big Lists were spilled. */
  close(): void;
  /** Logs by `namespace/pod/container[.previous]`. */
  logs: Map<string, string>;
  /** Other bundle files (node and plugin outputs) for exec replay. */
  files: Map<string, Buffer>;
  commands: ManifestCommand[];
  problems: string[];
}

const MAX_FILE = 16 * 1024 * 1024;

function objectsKey(r: Pick<ResourceType, 'group' | 'plural'>): string {
  return `${r.group}/${r.plural}`;
}

export function objectsOf(store: Store, r: ResourceType): StoredObject[] {
  return store.objects.get(objectsKey(r)) ?? [];
}

async function readAll(stream: NodeJS.ReadableStream, cap: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const c of stream) {
    const b = c as Buffer;
    if (total < cap) chunks.push(b.subarray(0, cap - total));
    total += b.length;
  }
  return Buffer.concat(chunks);
}

/** A custom resource type from its file name `<plural>.<group>.json` and its first object. */
function customType(name: string, items: StoredObject[]): ResourceType | undefined {
  const dot = name.indexOf('.');
  if (dot < 1) return undefined;
  const plural = name.slice(0, dot);
  const group = name.slice(dot + 1);
  const first = items[0]?.object();
  const version = first?.apiVersion?.includes('/') ? first.apiVersion.split('/')[1]! : 'v1';
  const singular = plural.endsWith('ies') ? `${plural.slice(0, -3)}y` : plural.endsWith('ses') ? plural.slice(0, -2) : plural.replace(/s$/, '');
  const kind = first?.kind ?? singular.charAt(0).toUpperCase() + singular.slice(1);
  return { group, version, kind, plural, singular: kind.toLowerCase(), namespaced: items.some((i) => !!i.namespace), shortNames: [], file: `${CUSTOM_DIR}${name}.json` };
}

const logKey = (l: { namespace: string; pod: string; container: string; previous: boolean }) => `${l.namespace}/${l.pod}/${l.container}${l.previous ? '.previous' : ''}`;

export async function loadStore(location: string, source?: BundleSource, onFile?: (path: string, size: number) => void, options: { /** Lists above this size are spilled (tests lower it). */ spillBytes?: number } = {}): Promise<Store> {
  const spillBytes = options.spillBytes ?? SPILL_BYTES;
  const src = source ?? (await openBundle(location));
  const spill = new Spill();
  const labelSets = new Map<string, Record<string, string>>();
  const store: Store = { source: location, serverVersion: 'v1.30.0', createdAt: undefined, resources: [], objects: new Map(), close: () => spill.close(), logs: new Map(), files: new Map(), commands: [], problems: [] };
  const custom: { resource: string; items: StoredObject[] }[] = [];
  const formats = new FormatTracker(undefined, src.kind === 'file');
  const podsByName = new Map<string, { namespace: string; node?: string }>();
  const byPodLogs: string[] = [];
  if (src.paths) for (const p of await src.paths()) formats.observe(p);
  for await (const ev of src.events()) {
    if (ev.type !== 'file') {
      if (ev.type === 'problem') store.problems.push(ev.message);
      continue;
    }
    const { path, stream, size } = ev;
    onFile?.(path, size);
    // The same reading of paths as the analyzer's (src/import/): a foreign bundle's Lists, one per
    // namespace, are merged into the resource they are.
    const what = formats.classify(path);
    const builtin = what.kind === 'cluster-list' ? BUILTIN_RESOURCES.find((r) => r.file === CLUSTER_LISTS[what.list]) : undefined;
    const itemSink = (resource: ResourceType | undefined, items: StoredObject[], spillTo: Spill | undefined) => (it: { value: unknown }) => {
      const repair = formats.importer?.repairItem;
      const value = repair ? repair(it.value) : it.value;
      if (!value || typeof value !== 'object' || Array.isArray(value)) return;
      const o = value as { metadata?: { name?: unknown; namespace?: unknown }; spec?: { nodeName?: unknown } };
      if (resource?.file === CLUSTER_LISTS.pods && typeof o.metadata?.name === 'string') podsByName.set(o.metadata.name, { namespace: String(o.metadata.namespace ?? 'default'), ...(typeof o.spec?.nodeName === 'string' ? { node: o.spec.nodeName } : {}) });
      items.push(stored(value as K8sObject, spillTo, labelSets));
    };
    const addObjects = (resource: ResourceType, items: StoredObject[]) => store.objects.set(objectsKey(resource), [...(store.objects.get(objectsKey(resource)) ?? []), ...items]);
    try {
      if (builtin || what.kind === 'custom-list') {
        const items: StoredObject[] = [];
        const onItem = itemSink(builtin, items, size > spillBytes ? spill : undefined);
        const yaml = (what.kind === 'cluster-list' || what.kind === 'custom-list') && what.syntax === 'yaml';
        const result = yaml ? await readYamlList(stream, onItem) : await readJsonList(stream, onItem);
        if (result.error) store.problems.push(`${path}: ${result.error.message}`);
        if (builtin) addObjects(builtin, items);
        else if (what.kind === 'custom-list') custom.push({ resource: what.resource, items });
      } else if (what.kind === 'dump-stream') {
        // The stdout form of cluster-info dump: its Lists become the resources they are, its
        // START/END blocks the logs of their containers. Big dumps spill their objects.
        const spillTo = size > spillBytes ? spill : undefined;
        let log: { key: string; lines: string[]; bytes: number } | undefined;
        const result = await splitDumpStream(stream, {
          async document(list, _line, body) {
            const resource = BUILTIN_RESOURCES.find((r) => r.file === CLUSTER_LISTS[list]);
            const items: StoredObject[] = [];
            const r = await readJsonList(body, itemSink(resource, items, spillTo));
            if (r.error) store.problems.push(`${path}: ${r.error.message}`);
            if (resource) addObjects(resource, items);
          },
          line(l) {
            const start = LOG_BLOCK_START.exec(l);
            if (start) log = { key: logKey({ namespace: start[2]!, pod: start[3]!, container: start[1]!, previous: false }), lines: [], bytes: 0 };
            else if (log && LOG_BLOCK_END.test(l)) {
              store.logs.set(log.key, log.lines.length ? `${log.lines.join('\n')}\n` : '');
              log = undefined;
            } else if (log && log.bytes < MAX_FILE) {
              log.lines.push(l);
              log.bytes += l.length + 1;
            }
          },
        });
        if (log) store.logs.set(log.key, log.lines.length ? `${log.lines.join('\n')}\n` : '');
        if (result.error) store.problems.push(`${path}: ${result.error}`);
        if (result.cutInside !== undefined) store.problems.push(`${path}: the dump ends inside the document on line ${result.cutInside}: it is cut short`);
      } else if (what.kind === 'cluster-list' && what.list === 'version') {
        const v = JSON.parse((await readAll(stream, MAX_FILE)).toString('utf8')) as { serverVersion?: { gitVersion?: string } };
        if (v.serverVersion?.gitVersion) store.serverVersion = v.serverVersion.gitVersion;
      } else if (what.kind === 'manifest') {
        const m = JSON.parse((await readAll(stream, 64 * 1024 * 1024)).toString('utf8')) as { createdAt?: string; cluster?: { serverVersion?: string }; commands?: ManifestCommand[] };
        store.createdAt = typeof m.createdAt === 'string' ? m.createdAt : undefined;
        if (Array.isArray(m.commands)) store.commands = m.commands.filter((c) => c && Array.isArray(c.argv));
        if (m.cluster?.serverVersion && store.serverVersion === 'v1.30.0') store.serverVersion = m.cluster.serverVersion;
      } else {
        const buf = await readAll(stream, MAX_FILE);
        if (what.kind === 'log') store.logs.set(logKey(what), buf.toString('utf8'));
        else store.files.set(path, buf);
        if (what.kind === 'by-pod' && what.log) byPodLogs.push(path);
        if (what.kind === 'version-text') {
          const v = /GitVersion:"([^"]+)"/.exec(buf.toString('utf8'))?.[1] ?? /^\s*(?:kubernetesVersion:\s*)?["']?(v\d+\.\d+[^\s"']*)["']?\s*$/m.exec(buf.toString('utf8'))?.[1];
          if (v) store.serverVersion = v;
        }
      }
    } catch (err) {
      store.problems.push(`${path}: ${(err as Error).message}`);
    } finally {
      // destroy(), not resume(): a reader that stopped early may hold an async iterator, and then
      // resume() does nothing and the archive never reaches the next entry (see analyze/load.ts).
      if (!stream.destroyed && !stream.readableEnded) stream.destroy();
    }
  }
  // Logs named after their pod (cilium sysdump): attributed now that every pod is known.
  for (const path of byPodLogs) {
    const what = formats.importer?.resolveByPod?.(path, { find: (name) => podsByName.get(name), text: () => undefined });
    const buf = store.files.get(path);
    if (what?.kind === 'log' && buf) store.logs.set(logKey(what), buf.toString('utf8'));
  }
  store.resources = BUILTIN_RESOURCES.filter((r) => store.objects.has(objectsKey(r)));
  // One resource per name, its files merged (a foreign bundle splits one per namespace).
  const byResource = new Map<string, StoredObject[]>();
  for (const { resource, items } of custom.sort((a, b) => (a.resource < b.resource ? -1 : a.resource > b.resource ? 1 : 0))) byResource.set(resource, [...(byResource.get(resource) ?? []), ...items]);
  for (const [resource, items] of byResource) {
    const t = customType(resource, items);
    if (!t) continue;
    store.resources.push(t);
    store.objects.set(objectsKey(t), items);
  }
  return store;
}
