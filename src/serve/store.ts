// What `serve` serves: the bundle's API objects as the API server would return them, its logs, and
// the node/plugin outputs that exec replays. Read once, streaming, through the same sources as the
// analyzer (no extraction, no links followed).
import { readJsonList } from '../bundle/json-list.js';
import { CLUSTER_LISTS, CUSTOM_DIR, MANIFEST_PATH, decodePathSegment, type ManifestCommand } from '../bundle/layout.js';
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

export interface Store {
  source: string;
  serverVersion: string;
  createdAt: string | undefined;
  resources: ResourceType[];
  objects: Map<string, K8sObject[]>;
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

export function objectsOf(store: Store, r: ResourceType): K8sObject[] {
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
function customType(file: string, items: K8sObject[]): ResourceType | undefined {
  const name = file.slice(CUSTOM_DIR.length, -'.json'.length);
  const dot = name.indexOf('.');
  if (dot < 1) return undefined;
  const plural = name.slice(0, dot);
  const group = name.slice(dot + 1);
  const first = items[0];
  const version = first?.apiVersion?.includes('/') ? first.apiVersion.split('/')[1]! : 'v1';
  const singular = plural.endsWith('ies') ? `${plural.slice(0, -3)}y` : plural.endsWith('ses') ? plural.slice(0, -2) : plural.replace(/s$/, '');
  const kind = first?.kind ?? singular.charAt(0).toUpperCase() + singular.slice(1);
  return { group, version, kind, plural, singular: kind.toLowerCase(), namespaced: items.some((i) => !!i.metadata?.namespace), shortNames: [], file };
}

export async function loadStore(location: string, source?: BundleSource): Promise<Store> {
  const src = source ?? (await openBundle(location));
  const store: Store = { source: location, serverVersion: 'v1.30.0', createdAt: undefined, resources: [], objects: new Map(), logs: new Map(), files: new Map(), commands: [], problems: [] };
  const custom: { file: string; items: K8sObject[] }[] = [];
  for await (const ev of src.events()) {
    if (ev.type !== 'file') {
      if (ev.type === 'problem') store.problems.push(ev.message);
      continue;
    }
    const { path, stream } = ev;
    const builtin = BUILTIN_RESOURCES.find((r) => r.file === path);
    try {
      if (builtin || (path.startsWith(CUSTOM_DIR) && path.endsWith('.json'))) {
        const items: K8sObject[] = [];
        const result = await readJsonList(stream, (it) => {
          if (it.value && typeof it.value === 'object') items.push(it.value as K8sObject);
        });
        if (result.error) store.problems.push(`${path}: ${result.error.message}`);
        if (builtin) store.objects.set(objectsKey(builtin), items);
        else custom.push({ file: path, items });
      } else if (path === CLUSTER_LISTS.version) {
        const v = JSON.parse((await readAll(stream, MAX_FILE)).toString('utf8')) as { serverVersion?: { gitVersion?: string } };
        if (v.serverVersion?.gitVersion) store.serverVersion = v.serverVersion.gitVersion;
      } else if (path === MANIFEST_PATH) {
        const m = JSON.parse((await readAll(stream, 64 * 1024 * 1024)).toString('utf8')) as { createdAt?: string; cluster?: { serverVersion?: string }; commands?: ManifestCommand[] };
        store.createdAt = typeof m.createdAt === 'string' ? m.createdAt : undefined;
        if (Array.isArray(m.commands)) store.commands = m.commands.filter((c) => c && Array.isArray(c.argv));
        if (m.cluster?.serverVersion && store.serverVersion === 'v1.30.0') store.serverVersion = m.cluster.serverVersion;
      } else {
        const lm = /^logs\/([^/]+)\/([^/]+)\/([^/]+?)(\.previous)?\.log$/.exec(path);
        const buf = await readAll(stream, MAX_FILE);
        if (lm) store.logs.set(`${decodePathSegment(lm[1]!)}/${decodePathSegment(lm[2]!)}/${decodePathSegment(lm[3]!)}${lm[4] ? '.previous' : ''}`, buf.toString('utf8'));
        else store.files.set(path, buf);
      }
    } catch (err) {
      store.problems.push(`${path}: ${(err as Error).message}`);
    } finally {
      stream.resume();
    }
  }
  store.resources = BUILTIN_RESOURCES.filter((r) => store.objects.has(objectsKey(r)));
  for (const { file, items } of custom.sort((a, b) => (a.file < b.file ? -1 : 1))) {
    const t = customType(file, items);
    if (!t) continue;
    store.resources.push(t);
    store.objects.set(objectsKey(t), items);
  }
  return store;
}
