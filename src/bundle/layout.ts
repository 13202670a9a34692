// The bundle contract (docs/bundle-format.md): paths and the schema of our own manifest.
// Shared by the collector (which writes bundles) and the analyzer (which reads them).
import { z } from 'zod';

export const BUNDLE_FORMAT = 'cni-doctor-bundle';
export const BUNDLE_FORMAT_VERSION = 1;

export const MANIFEST_PATH = 'manifest.json';

/** Top-level names a bundle may contain; used to recognise a tar without a top-level directory. */
export const BUNDLE_ROOT_NAMES = new Set(['manifest.json', 'cluster', 'nodes', 'plugins', 'logs', 'probe']);

/** `cluster/<name>.json` Lists of the contract, keyed by the short name the analyzer uses. */
export const CLUSTER_LISTS = {
  version: 'cluster/version.json',
  namespaces: 'cluster/namespaces.json',
  nodes: 'cluster/nodes.json',
  pods: 'cluster/pods.json',
  events: 'cluster/events.json',
  daemonsets: 'cluster/daemonsets.json',
  deployments: 'cluster/deployments.json',
  services: 'cluster/services.json',
  endpointslices: 'cluster/endpointslices.json',
  networkpolicies: 'cluster/networkpolicies.json',
  configmaps: 'cluster/configmaps.json',
} as const;
export type ClusterListName = keyof typeof CLUSTER_LISTS;

export const TOP_NODES_PATH = 'cluster/top-nodes.txt';
export const TOP_PODS_PATH = 'cluster/top-pods.txt';
export const CUSTOM_DIR = 'cluster/custom/';
export const PROBE_RESULT_PATH = 'probe/result.json';

/** Per-node files of the contract, relative to `nodes/<node>/`. */
export const NODE_FILES = {
  lsCniConf: 'ls-etc-cni-net.d.txt',
  lsCniBin: 'ls-opt-cni-bin.txt',
  ipRoute: 'ip-route.txt',
  ipLink: 'ip-link.txt',
  procMounts: 'proc-mounts.txt',
  flannelSubnetEnv: 'flannel-subnet.env',
  bridgeFdbFlannel: 'bridge-fdb-flannel.1.txt',
} as const;
export type NodeFileName = keyof typeof NODE_FILES;
export const NODE_CNI_CONF_DIR = 'etc-cni-net.d/';

// Plugin outputs (`plugins/<cni>/…`) are declared by each CNI's descriptor in src/cni/.

export function nodeFilePath(node: string, file: string): string {
  return `nodes/${encodePathSegment(node)}/${file}`;
}

/** What a bundle path is, by the contract: classified once, for the analyzer and for serve alike. */
export type BundlePath =
  | { kind: 'manifest' }
  /** `syntax: 'yaml'`: a YAML document stream (a List, or one object per file) instead of JSON. */
  | { kind: 'cluster-list'; list: ClusterListName; syntax?: 'yaml' }
  | { kind: 'custom-list'; resource: string; syntax?: 'yaml' }
  | { kind: 'top-pods' }
  | { kind: 'probe' }
  /** `nodes/<node>/<file>`; `node` is the decoded name, `segment` the path segment as written. */
  | { kind: 'node-file'; node: string; segment: string; file: string }
  /**
   * `plugins/<cni>/…`: each CNI's descriptor (src/cni/) says which of its outputs it is. `as`: the
   * contract path a foreign file stands for (the file itself keeps its own path, for evidence).
   */
  | { kind: 'plugin-output'; cni: string; as?: string }
  | { kind: 'log'; namespace: string; pod: string; container: string; previous: boolean }
  /** Every container of a pod in one file, each between `==== START logs for container …` markers (kubectl cluster-info dump). */
  | { kind: 'log-blocks'; namespace: string; pod: string }
  /** A whole bundle in one stream: documents and log blocks in turn (kubectl cluster-info dump's stdout). */
  | { kind: 'dump-stream' }
  /** The server version as Go prints a version.Info (`GitVersion:"v1.29.1"`) or as a bare `v1.29.1`. */
  | { kind: 'version-text' }
  /**
   * A file whose meaning depends on the bundle's pods: its name joins a pod's name with other parts,
   * or it was collected inside a pod, so its node is the pod's (cilium sysdump). The importer says
   * what it is once every pod has been read. `log`: it is a log, read as it streams and attributed then.
   */
  | { kind: 'by-pod'; log?: { previous: boolean } }
  /** The producing tool's own record of what it failed to collect (see Importer.readErrors). */
  | { kind: 'error-record' }
  | { kind: 'other' };

const CLUSTER_LIST_BY_PATH = new Map(Object.entries(CLUSTER_LISTS).map(([name, file]) => [file as string, name as ClusterListName]));

export function classifyPath(path: string): BundlePath {
  if (path === MANIFEST_PATH) return { kind: 'manifest' };
  const list = CLUSTER_LIST_BY_PATH.get(path);
  if (list) return { kind: 'cluster-list', list };
  if (path.startsWith(CUSTOM_DIR) && path.endsWith('.json') && !path.slice(CUSTOM_DIR.length).includes('/')) return { kind: 'custom-list', resource: path.slice(CUSTOM_DIR.length, -'.json'.length) };
  if (path === TOP_PODS_PATH) return { kind: 'top-pods' };
  if (path === PROBE_RESULT_PATH) return { kind: 'probe' };
  let m: RegExpExecArray | null;
  if ((m = /^nodes\/([^/]+)\/(.+)$/.exec(path))) return { kind: 'node-file', node: decodePathSegment(m[1]!), segment: m[1]!, file: m[2]! };
  if ((m = /^plugins\/([^/]+)\//.exec(path))) return { kind: 'plugin-output', cni: m[1]! };
  if ((m = /^logs\/([^/]+)\/([^/]+)\/([^/]+?)(\.previous)?\.log$/.exec(path))) {
    return { kind: 'log', namespace: decodePathSegment(m[1]!), pod: decodePathSegment(m[2]!), container: decodePathSegment(m[3]!), previous: !!m[4] };
  }
  return { kind: 'other' };
}

export function logFilePath(namespace: string, pod: string, container: string, previous: boolean): string {
  return `logs/${encodePathSegment(namespace)}/${encodePathSegment(pod)}/${encodePathSegment(container)}${previous ? '.previous' : ''}.log`;
}

/** Kubernetes names are DNS-1123 and used as they are; anything else is percent-encoded. */
export function encodePathSegment(name: string): string {
  return /^[a-z0-9][a-z0-9.-]*$/.test(name) && name !== '.' && name !== '..'
    ? name
    : encodeURIComponent(name).replace(/\./g, '%2E');
}

export function decodePathSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

// ---------------------------------------------------------------------------------------------
// manifest.json — our own file, validated strictly.

export const COMMAND_ERROR_CLASSES = ['timeout', 'forbidden', 'not-found', 'exec-failed', 'unreachable', 'skipped'] as const;
export type CommandErrorClass = (typeof COMMAND_ERROR_CLASSES)[number];

export const ManifestCommandSchema = z
  .object({
    argv: z.array(z.string()),
    node: z.string().nullable(),
    file: z.string().nullable(),
    exitCode: z.number().int().nullable(),
    durationMs: z.number().nonnegative(),
    stderr: z.string(),
    error: z.enum(COMMAND_ERROR_CLASSES).nullable(),
    /** How the file was obtained (collector extension), e.g. "exec calico-node-x", "debug pod". */
    via: z.string().optional(),
  })
  .strict();
export type ManifestCommand = z.infer<typeof ManifestCommandSchema>;

export const ManifestSchema = z
  .object({
    format: z.literal(BUNDLE_FORMAT),
    formatVersion: z.number().int().positive(),
    createdAt: z.string(),
    collector: z.object({ name: z.string(), version: z.string() }).strict(),
    cluster: z
      .object({ context: z.string().nullable(), serverVersion: z.string().nullable() })
      .strict(),
    options: z
      .object({
        nodes: z.union([z.literal('all'), z.array(z.string()), z.string()]),
        logLines: z.number().int().nonnegative(),
        redact: z.boolean(),
        probe: z.boolean(),
      })
      .partial()
      .strict(),
    redaction: z
      .object({
        applied: z.boolean(),
        replacements: z.number().int().nonnegative(),
        byKind: z.record(z.string(), z.number().int().nonnegative()).optional(),
      })
      .strict(),
    commands: z.array(ManifestCommandSchema),
    /** Which nodes the collector chose and why (collector extension). */
    nodeSelection: z.array(z.object({ node: z.string(), reasons: z.array(z.string()) }).strict()).optional(),
    /** False when collection was interrupted (Ctrl-C, overall deadline). */
    complete: z.boolean().optional(),
    /** The foreign bundle `cni-doctor convert` made this one from (each file's own origin is its command's `via`). */
    convertedFrom: z.object({ format: z.string(), tool: z.string(), location: z.string() }).strict().optional(),
  })
  .strict();
export type Manifest = z.infer<typeof ManifestSchema>;
