// CNIs recognised (detected, counted among the agents, their pods' nodes and logs collected) that
// have no rules of their own yet.
import { defineCni } from './descriptor.js';

// kind's CNI: ptp + host-local per node, routes to the other nodes' pod CIDRs (kubernetes-sigs/kind
// images/kindnetd; the DaemonSet `kindnet`, container `kindnet-cni`, config 10-kindnet.conflist).
// Its plugin types (ptp, host-local, portmap) are the reference plugins, so its configs are known by name.
// kindnetd adds a route per other node's podCIDR via that node's address.
export const kindnet = defineCni({ id: 'kindnet', name: 'kindnet', agent: { workloadNames: /^kindnet$/, image: /kindest\/kindnetd|kindnetd/, container: /^kindnet-cni$/ }, configFileName: /kindnet/, namespaces: ['kube-system'], routesPerNode: { check: ['kubectl -n kube-system logs -l app=kindnet --tail=100 | grep -E "Adding route|has CIDR"'] } });
