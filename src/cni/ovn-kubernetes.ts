// OVN-Kubernetes (OpenShift's default network since 4.12, and upstream): ovnkube-node on every node
// runs ovn-controller against the node's Open vSwitch; the OVN databases (northbound, southbound) and
// the controller that writes each pod's network annotation run either centrally (ovnkube-master /
// ovnkube-db, OpenShift ≤ 4.13 and upstream's default) or in every ovnkube-node pod ("interconnect",
// OpenShift 4.14+: containers nbdb, sbdb, northd, ovnkube-controller) with a small
// ovnkube-control-plane Deployment (cluster manager) beside them.
// The CNI plugin (ovn-k8s-cni-overlay) asks ovnkube-node over a socket and waits for the annotation.
// https://github.com/ovn-kubernetes/ovn-kubernetes/blob/master/docs/design/architecture.md
// https://docs.openshift.com/container-platform/4.14/networking/ovn_kubernetes_network_provider/ovn-kubernetes-troubleshooting-sources.html
import { defineCni } from './descriptor.js';

/** OVN's database ports (nbdb 6641, sbdb 6642; OpenShift fronts them on 9641/9642). */
export const OVN_DB_PORTS: Record<string, 'northbound' | 'southbound'> = { '6641': 'northbound', '9641': 'northbound', '6642': 'southbound', '9642': 'southbound' };

/** Which OVN database (or the node's own OVS database) a connection target names. */
export function ovnDatabaseOf(target: string): string | undefined {
  if (/ovnnb_db|nbdb/i.test(target)) return 'northbound';
  if (/ovnsb_db|sbdb/i.test(target)) return 'southbound';
  const port = /:(\d+)\]?"?$/.exec(target)?.[1];
  if (port && OVN_DB_PORTS[port]) return OVN_DB_PORTS[port];
  if (/openvswitch\/db\.sock|:6640\b/.test(target)) return 'Open vSwitch (the node\'s own OVSDB)';
  return undefined;
}

export const ovnKubernetes = defineCni({
  id: 'ovn-kubernetes',
  name: 'OVN-Kubernetes',
  plugins: ['ovn-kubernetes'],
  // The node agent's main container was `ovnkube-node` before interconnect and `ovnkube-controller` since.
  agent: { workloadNames: /^ovnkube-node$/, image: /ovn-kubernetes|ovn-daemonset|ose-ovn-kubernetes/, container: /^ovnkube-(?:node|controller)$/ },
  controlPlane: { workloadNames: /^ovnkube-(?:master|control-plane|db|cluster-manager)(?:-|$)/ },
  configTypes: ['ovn-k8s-cni-overlay'],
  configFileName: /ovn-kubernetes|10-ovn/,
  namespaces: ['ovn-kubernetes', 'openshift-ovn-kubernetes'],
});

/**
 * The node's pod subnets, as ovnkube's cluster manager assigns them (OVN-Kubernetes ignores
 * spec.podCIDR; OpenShift leaves it empty): JSON by network, `{"default":"10.130.0.0/23"}` in older
 * single-stack clusters, `{"default":["10.130.0.0/23","fd01:0:0:2::/64"]}` since dual stack.
 * go-controller/pkg/util/node_annotations.go.
 */
export const OVN_NODE_SUBNETS_ANNOTATION = 'k8s.ovn.org/node-subnets';

/**
 * Addresses of each node subnet that pods never get: the node's logical-switch gateway (".1") and
 * its management port ovn-k8s-mp0 (".2"), besides the network and broadcast addresses
 * (util GetNodeGatewayIfAddr, GetNodeManagementIfAddr).
 */
export const OVN_RESERVED_PER_NODE_SUBNET = 2;

/** The default network's subnets of a node, from its annotations; none when absent or malformed. */
export function ovnNodeSubnets(annotations: Readonly<Record<string, string>>): string[] {
  const raw = Object.hasOwn(annotations, OVN_NODE_SUBNETS_ANNOTATION) ? annotations[OVN_NODE_SUBNETS_ANNOTATION] : undefined;
  if (raw === undefined) return [];
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return [];
  }
  const subnets = value && typeof value === 'object' && !Array.isArray(value) && Object.hasOwn(value, 'default') ? (value as { default: unknown }).default : undefined;
  if (typeof subnets === 'string') return [subnets];
  return Array.isArray(subnets) ? subnets.filter((s): s is string => typeof s === 'string') : [];
}
