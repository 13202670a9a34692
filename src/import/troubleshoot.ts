// Replicated troubleshoot's `support-bundle` (also what sbctl serves): typed Lists per namespace
// under cluster-resources/, custom resources as bare arrays (JSON, older ones YAML), logs of
// unhealthy pods only, no node files and no CNI status output unless a spec author wrote custom
// collectors. Layout: ../shared/foreign-formats.md §2 (troubleshoot 5bf008f7, sbctl 40625c60).
import { decodePathSegment, type BundlePath, type ClusterListName } from '../bundle/layout.js';
import type { Importer, ToolError } from './formats.js';

/** cluster-resources/<dir>/<namespace>.json, by the contract's List name (sbctl's map of names). */
const NAMESPACED_LISTS: Record<string, ClusterListName> = {
  pods: 'pods',
  events: 'events',
  daemonsets: 'daemonsets',
  deployments: 'deployments',
  services: 'services',
  endpointslices: 'endpointslices',
  'network-policy': 'networkpolicies',
  configmaps: 'configmaps',
};

export const troubleshoot: Importer = {
  format: 'troubleshoot',
  tool: 'Replicated troubleshoot (support-bundle)',
  marks: (path) => path.startsWith('cluster-resources/') || path.startsWith('cluster-info/') || path === 'version.yaml' || path.startsWith('execution-data/'),
  classify(path): BundlePath {
    // The collectors' own error records: <name>-errors.json beside an output, <collector>/errors.json,
    // <collector>-errors/<ns>/<name>.json, and collector-errors/<collector>-error.json.
    if (/(^|\/)[^/]*-errors\.json$|(^|\/)errors\.json$|(^|\/)[^/]+-errors\/.+\.json$|^collector-errors\/[^/]+\.json$/.test(path)) return { kind: 'error-record' };
    if (path === 'cluster-info/cluster_version.json') return { kind: 'cluster-list', list: 'version' };
    if (path === 'cluster-resources/nodes.json') return { kind: 'cluster-list', list: 'nodes' };
    // A NamespaceList, or one Namespace object when collected with --namespace.
    if (path === 'cluster-resources/namespaces.json') return { kind: 'cluster-list', list: 'namespaces' };
    let m: RegExpExecArray | null;
    // Logs: <c>.log, <c>-previous.log; the -logs-errors.log beside them is an error record, not a log.
    if ((m = /^cluster-resources\/pods\/logs\/([^/]+)\/([^/]+)\/(.+?)(-previous)?\.log$/.exec(path)) && !m[3]!.endsWith('-logs-errors')) {
      return { kind: 'log', namespace: decodePathSegment(m[1]!), pod: decodePathSegment(m[2]!), container: decodePathSegment(m[3]!), previous: !!m[4] };
    }
    if ((m = /^cluster-resources\/([^/]+)\/[^/]+\.json$/.exec(path)) && NAMESPACED_LISTS[m[1]!] && !path.endsWith('-errors.json')) {
      return { kind: 'cluster-list', list: NAMESPACED_LISTS[m[1]!]! };
    }
    // Custom resources: <plural>.<group>.json (cluster-scoped) or <plural>.<group>/<ns>.json; since
    // v0.133 the .yaml beside a .json is a link to it (links are never followed anyway).
    if ((m = /^cluster-resources\/custom-resources\/([^/]+\.[^/]+?)\.json$/.exec(path))) return { kind: 'custom-list', resource: m[1]! };
    if ((m = /^cluster-resources\/custom-resources\/([^/]+\.[^/]+)\/[^/]+\.json$/.exec(path))) return { kind: 'custom-list', resource: m[1]! };
    return { kind: 'other' };
  },
  readErrors(path, text): ToolError[] {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      return text.trim() ? [{ what: path, message: text.trim().split('\n')[0]!.slice(0, 300), line: 1 }] : [];
    }
    // A JSON array of messages, or one {collector, error} record.
    const messages = Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : value && typeof value === 'object' && typeof (value as { error?: unknown }).error === 'string' ? [(value as { error: string }).error] : [];
    const collector = value && typeof value === 'object' && !Array.isArray(value) && typeof (value as { collector?: unknown }).collector === 'string' ? (value as { collector: string }).collector : undefined;
    const lines = text.split('\n');
    return messages.map((message) => ({
      what: collector ? `the ${collector} collector` : path,
      message: message.slice(0, 300),
      line: Math.max(1, lines.findIndex((l) => l.includes(JSON.stringify(message).slice(1, 40))) + 1),
    }));
  },
  // Every logs collector's output is also linked under <collectorName>/<pod>/<c>.log (result.go).
  aliasLink: (path, target) => !path.startsWith('cluster-resources/') && /^(\.\.\/)+cluster-resources\/pods\/logs\/[^.][^/]*\/[^/]+\/[^/]+\.log$/.test(target) && target.split('/').filter((s) => s === '..').length <= path.split('/').length - 1,
  version: { file: 'version.yaml', read: (text) => /^\s*versionNumber:\s*["']?([^"'\s]+)/m.exec(text)?.[1] },
  lacks: ['node files (/etc/cni/net.d, /opt/cni/bin, routes, links, mounts) unless a spec adds copyFromHost or host run collectors', "the CNI agents' own status (calicoctl, cilium status; an exec collector runs in one pod only)", 'logs of healthy pods (only unhealthy pods get logs)'],
};
