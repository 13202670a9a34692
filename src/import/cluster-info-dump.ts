// `kubectl cluster-info dump --output-directory=D`: nodes.json, then per namespace (kube-system and
// the current one unless --namespaces / -A) events, pods, DaemonSets, Deployments, Services,
// ReplicaSets and ReplicationControllers as Lists, and each pod's logs.txt with every container
// between START/END markers. Layout: ../shared/foreign-formats.md §5 (kubectl clusterinfo_dump.go at
// dee3483a). The stdout form (everything in one stream) and kubectl ≤ 1.10's internal-type JSON
// are not read yet.
import { decodePathSegment, type BundlePath, type ClusterListName } from '../bundle/layout.js';
import type { Importer } from './formats.js';

const LISTS: Record<string, ClusterListName> = { events: 'events', pods: 'pods', daemonsets: 'daemonsets', deployments: 'deployments', services: 'services' };
const NAMESPACE_FILE = /^([^/]+)\/(events|pods|daemonsets|deployments|services|replicasets|replication-controllers)\.json$/;

export const clusterInfoDump: Importer = {
  format: 'cluster-info-dump',
  tool: 'kubectl cluster-info dump',
  marks: (path) => NAMESPACE_FILE.test(path) || /^[^/]+\/[^/]+\/logs\.txt$/.test(path),
  classify(path): BundlePath {
    if (path === 'nodes.json') return { kind: 'cluster-list', list: 'nodes' };
    let m: RegExpExecArray | null;
    if ((m = NAMESPACE_FILE.exec(path)) && LISTS[m[2]!]) return { kind: 'cluster-list', list: LISTS[m[2]!]! };
    if ((m = /^([^/]+)\/([^/]+)\/logs\.txt$/.exec(path))) return { kind: 'log-blocks', namespace: decodePathSegment(m[1]!), pod: decodePathSegment(m[2]!) };
    return { kind: 'other' };
  },
  lacks: [
    'previous logs (a restart loop shows only as restartCount)',
    'namespaces, ConfigMaps (flannel net-conf.json, calico-config), EndpointSlices, NetworkPolicies and custom resources (Calico IPAM)',
    'the server version and any node file',
    'namespaces other than kube-system and the current one unless it was run with -A (calico-system, cilium, kube-flannel are missed)',
  ],
};
