// OpenShift must-gather (and `oc adm inspect`): under one directory per gather image, YAML Lists per
// namespace and API group (`namespaces/<ns>/core/pods.yaml`), one object per file for nodes
// (`cluster-scoped-resources/core/nodes/<node>.yaml`), container logs as
// `pods/<pod>/<c>/<c>/logs/{current,previous}.log`. Layout: ../shared/foreign-formats.md §6 (oc
// inspect util.go, pod.go at 6b8e30c5; omc at fa18a996).
import { decodePathSegment, type BundlePath, type ClusterListName } from '../bundle/layout.js';
import type { Importer } from './formats.js';

/** namespaces/<ns>/<group>/<plural>.yaml, by the contract's List name. */
const LISTS: Record<string, ClusterListName> = {
  'core/pods': 'pods',
  'core/events': 'events',
  'core/services': 'services',
  'core/configmaps': 'configmaps',
  'apps/daemonsets': 'daemonsets',
  'apps/deployments': 'deployments',
  'discovery.k8s.io/endpointslices': 'endpointslices',
  'networking.k8s.io/networkpolicies': 'networkpolicies',
};

/** The part of a path below the gather image's directory (must-gather.local.<n>/<image>/…). */
function belowImage(path: string): string | undefined {
  const m = /^(?:[^/]+\/)*?((?:namespaces|cluster-scoped-resources)\/.+)$/.exec(path);
  return m?.[1];
}

export const mustGather: Importer = {
  format: 'must-gather',
  tool: 'OpenShift must-gather',
  marks: (path) => /(^|\/)(cluster-scoped-resources\/[^/]+\/[^/]+|namespaces\/[^/]+\/(core|apps)\/[^/]+\.yaml)/.test(path),
  classify(path): BundlePath {
    const p = belowImage(path);
    if (!p) return { kind: 'other' };
    let m: RegExpExecArray | null;
    if (/^cluster-scoped-resources\/core\/nodes\/[^/]+\.yaml$/.test(p)) return { kind: 'cluster-list', list: 'nodes', syntax: 'yaml' };
    if ((m = /^namespaces\/([^/]+)\/\1\.yaml$/.exec(p))) return { kind: 'cluster-list', list: 'namespaces', syntax: 'yaml' };
    if ((m = /^namespaces\/[^/]+\/([^/]+\/[^/]+)\.yaml$/.exec(p)) && LISTS[m[1]!]) return { kind: 'cluster-list', list: LISTS[m[1]!]!, syntax: 'yaml' };
    // Logs: previous.log is written (empty) even when there was no previous container; the
    // .insecure copies are the same logs fetched again through the insecure backend.
    if ((m = /^namespaces\/([^/]+)\/pods\/([^/]+)\/([^/]+)\/\3\/logs\/(current|previous)\.log$/.exec(p))) {
      return { kind: 'log', namespace: decodePathSegment(m[1]!), pod: decodePathSegment(m[2]!), container: decodePathSegment(m[3]!), previous: m[4] === 'previous' };
    }
    return { kind: 'other' };
  },
  lacks: [
    'node files (/etc/cni/net.d, /opt/cni/bin, routes, links): not in the default gather',
    'namespaces the gather did not inspect (whatever the cluster operators relate to, plus default, openshift, kube-system)',
    'per-node pod subnets of OpenShiftSDN (HostSubnets are not gathered)',
  ],
};
