// Rancher support-bundle-kit (Harvester, Longhorn): a zip of YAML Lists per `<groupVersion>/<plural>`
// (`yamls/namespaced/<ns>/apps/v1/daemonsets.yaml`), pod logs of a few namespaces, and one nested zip
// per node with its configs and journal logs. Before writing YAML it rewrites the JSON: every `""`
// and `null` becomes the string "null" (toObjCommon), which the reducers take as absent.
// Layout: ../shared/foreign-formats.md §7 (support-bundle-kit pkg/manager at 1efdd22c).
import { decodePathSegment, type BundlePath, type ClusterListName } from '../bundle/layout.js';
import type { Importer, ToolError } from './formats.js';
import { setOwn } from '../model/own-property.js';

/** `<groupVersion>/<plural>` of the Lists the analysis reads. events.k8s.io/v1 events are the same events again. */
const LISTS: Record<string, ClusterListName> = {
  'v1/pods': 'pods',
  'v1/events': 'events',
  'v1/services': 'services',
  'v1/configmaps': 'configmaps',
  'apps/v1/daemonsets': 'daemonsets',
  'apps/v1/deployments': 'deployments',
  'discovery.k8s.io/v1/endpointslices': 'endpointslices',
  'networking.k8s.io/v1/networkpolicies': 'networkpolicies',
};

/** Core and built-in groups: not custom resources. */
const BUILT_IN_GROUP = /^(v1|(apps|batch|policy|autoscaling|discovery\.k8s\.io|networking\.k8s\.io|events\.k8s\.io|rbac\.authorization\.k8s\.io|storage\.k8s\.io|coordination\.k8s\.io|apiextensions\.k8s\.io|admissionregistration\.k8s\.io|scheduling\.k8s\.io|node\.k8s\.io|certificates\.k8s\.io|flowcontrol\.apiserver\.k8s\.io|apiregistration\.k8s\.io|metrics\.k8s\.io)\/)/;

export const supportBundleKit: Importer = {
  format: 'support-bundle-kit',
  tool: 'Rancher support-bundle-kit',
  marks: (path) => path.startsWith('yamls/cluster/') || path.startsWith('yamls/namespaced/') || path === 'bundleGenerationError.log',
  classify(path): BundlePath {
    if (path === 'bundleGenerationError.log') return { kind: 'error-record' };
    // The bundle's metadata: the tool's version and the cluster's Kubernetes version.
    if (path === 'metadata.yaml') return { kind: 'version-text' };
    if (path === 'yamls/cluster/v1/nodes.yaml') return { kind: 'cluster-list', list: 'nodes', syntax: 'yaml' };
    if (path === 'yamls/cluster/v1/namespaces.yaml') return { kind: 'cluster-list', list: 'namespaces', syntax: 'yaml' };
    let m: RegExpExecArray | null;
    if ((m = /^yamls\/namespaced\/[^/]+\/(.+)\.yaml$/.exec(path))) {
      if (LISTS[m[1]!]) return { kind: 'cluster-list', list: LISTS[m[1]!]!, syntax: 'yaml' };
      const cr = /^([^/]+\.[^/]+)\/[^/]+\/([^/]+)$/.exec(m[1]!);
      if (cr && !BUILT_IN_GROUP.test(m[1]!)) return { kind: 'custom-list', resource: `${cr[2]}.${cr[1]}`, syntax: 'yaml' };
      return { kind: 'other' };
    }
    if ((m = /^yamls\/cluster\/([^/]+\.[^/]+)\/[^/]+\/([^/]+)\.yaml$/.exec(path)) && !BUILT_IN_GROUP.test(`${m[1]}/`)) return { kind: 'custom-list', resource: `${m[2]}.${m[1]}`, syntax: 'yaml' };
    // Logs: <container>.log, and <container>.log.1 for the previous container (written only when it restarted).
    if ((m = /^logs\/([^/]+)\/([^/]+)\/([^/]+)\.log(\.1)?$/.exec(path))) {
      return { kind: 'log', namespace: decodePathSegment(m[1]!), pod: decodePathSegment(m[2]!), container: decodePathSegment(m[3]!), previous: !!m[4] };
    }
    return { kind: 'other' };
  },
  repairItem: nullStringsToAbsent,
  nested: (path) => (/^nodes\/[^/]+\.zip$/.test(path) ? 'zip' : undefined),
  readErrors(_path, text): ToolError[] {
    // One line per failed discovery GET or log request.
    return text
      .split('\n')
      .map((l, i) => ({ l: l.trim(), line: i + 1 }))
      .filter(({ l }) => l)
      .map(({ l, line }) => ({ what: /(?:GET|get|list|logs?)\s+"?([^\s":]+)/.exec(l)?.[1] ?? 'a collection step', message: l.slice(0, 300), line }));
  },
  version: { file: 'metadata.yaml', read: (text) => /^\s*(?:bundleVersion|projectVersion|version):\s*["']?([^"'\s]+)/m.exec(text)?.[1] },
  lacks: [
    'node network state (routes, links, iptables, /etc/cni/net.d, /opt/cni/bin): the node archives hold configs and journal logs only',
    "the CNI agents' own status (calicoctl, cilium status)",
    'logs of namespaces other than default, kube-system, cattle-system and those the bundle was configured for',
  ],
};

/**
 * toObjCommon turned `null` and `""` into the string "null" before writing YAML: "null" is absent
 * again (a key dropped, an array slot null). A real string "null" cannot be told apart; none of the
 * fields the analysis reads can hold one.
 */
export function nullStringsToAbsent(value: unknown): unknown {
  if (value === 'null') return null;
  if (Array.isArray(value)) return value.map(nullStringsToAbsent);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      if (v === 'null') continue;
      setOwn(out, k, nullStringsToAbsent(v));
    }
    return out;
  }
  return value;
}
