// Whether the data a rule reads was collected; a rule with none of it is skipped, with the reason.
import { CLUSTER_LISTS, MANIFEST_PATH, PROBE_RESULT_PATH, TOP_PODS_PATH } from '../bundle/layout.js';
import { clusterOutput, nodeOutputs, type BundleData } from './bundle-data.js';
import type { DataKey, Requirement } from './rule.js';
import { BIRD_PROTOCOLS, CALICO_IPAM, CALICO_IPAM_BLOCKS, CALICO_IPAM_SHOW, CALICO_IPAM_SHOW_BLOCKS, CALICO_NODE_STATUS } from '../cni/calico.js';
import { CILIUM_STATUS } from '../cni/cilium.js';

const someNode = (data: BundleData, pick: (nd: BundleData['nodeData'] extends Map<string, infer V> ? V : never) => unknown) =>
  [...data.nodeData.values()].some((nd) => !!pick(nd));

export const DATA_KEYS: Record<DataKey, { describe: string; present: (data: BundleData) => boolean }> = {
  any: { describe: 'any file', present: (d) => d.files.size > 0 },
  manifest: { describe: MANIFEST_PATH, present: (d) => !!d.manifest },
  nodes: { describe: CLUSTER_LISTS.nodes, present: (d) => d.lists.has('nodes') },
  pods: { describe: CLUSTER_LISTS.pods, present: (d) => d.lists.has('pods') },
  events: { describe: CLUSTER_LISTS.events, present: (d) => d.lists.has('events') },
  daemonsets: { describe: CLUSTER_LISTS.daemonsets, present: (d) => d.lists.has('daemonsets') },
  deployments: { describe: CLUSTER_LISTS.deployments, present: (d) => d.lists.has('deployments') },
  services: { describe: CLUSTER_LISTS.services, present: (d) => d.lists.has('services') },
  endpointslices: { describe: CLUSTER_LISTS.endpointslices, present: (d) => d.lists.has('endpointslices') },
  networkpolicies: { describe: CLUSTER_LISTS.networkpolicies, present: (d) => d.lists.has('networkpolicies') },
  namespaces: { describe: CLUSTER_LISTS.namespaces, present: (d) => d.lists.has('namespaces') },
  configmaps: { describe: CLUSTER_LISTS.configmaps, present: (d) => d.lists.has('configmaps') },
  'top-pods': { describe: TOP_PODS_PATH, present: (d) => !!d.topPods },
  'node-cni-configs': {
    describe: 'nodes/<node>/etc-cni-net.d/ or ls-etc-cni-net.d.txt',
    present: (d) => someNode(d, (nd) => nd.cniConfigs.length || nd.lsCniConf),
  },
  'node-cni-bin': { describe: 'nodes/<node>/ls-opt-cni-bin.txt', present: (d) => someNode(d, (nd) => nd.lsCniBin) },
  'node-ip-route': { describe: 'nodes/<node>/ip-route.txt', present: (d) => someNode(d, (nd) => nd.ipRoute) },
  'node-ip-link': { describe: 'nodes/<node>/ip-link.txt', present: (d) => someNode(d, (nd) => nd.ipLink) },
  'node-proc-mounts': { describe: 'nodes/<node>/proc-mounts.txt', present: (d) => someNode(d, (nd) => nd.procMounts) },
  'node-flannel-files': {
    describe: 'nodes/<node>/flannel-subnet.env or ip-link.txt',
    present: (d) => someNode(d, (nd) => nd.flannelSubnetEnv || nd.ipLink || nd.bridgeFdbFlannel),
  },
  'calico-node-status': {
    describe: 'plugins/calico/node-status/ or plugins/calico/birdcl-protocols/',
    present: (d) => nodeOutputs(d, CALICO_NODE_STATUS).size > 0 || nodeOutputs(d, BIRD_PROTOCOLS).size > 0,
  },
  'calico-ipam': {
    describe: `${CALICO_IPAM_SHOW}, ${CALICO_IPAM_SHOW_BLOCKS} or cluster/custom/ipamblocks.crd.projectcalico.org.json`,
    present: (d) => !!clusterOutput(d, CALICO_IPAM) || !!clusterOutput(d, CALICO_IPAM_BLOCKS) || !!d.calico.ipamBlocks,
  },
  'calico-ippools': { describe: 'cluster/custom/ippools.crd.projectcalico.org.json', present: (d) => !!d.calico.ipPools },
  'calico-bgp-config': {
    describe: 'cluster/custom/bgpconfigurations / bgppeers CRDs',
    present: (d) => !!d.calico.bgpConfigurations || !!d.calico.bgpPeers,
  },
  'cilium-status': { describe: 'plugins/cilium/status/', present: (d) => nodeOutputs(d, CILIUM_STATUS).size > 0 },
  logs: { describe: 'logs/', present: (d) => d.logs.length > 0 },
  probe: { describe: PROBE_RESULT_PATH, present: (d) => !!d.probe },
};

function requirement(r: Requirement): { describe: string; present: (data: BundleData) => boolean } {
  if (typeof r === 'string') return DATA_KEYS[r];
  if ('dir' in r) return { describe: r.dir, present: (d) => nodeOutputs(d, r).size > 0 };
  return { describe: r.path, present: (d) => !!clusterOutput(d, r) };
}

/** Undefined when the rule can run; otherwise the reason it is skipped. */
export function missingData(data: BundleData, requires: Requirement[]): string | undefined {
  if (!requires.length || requires.some((k) => requirement(k).present(data))) return undefined;
  const what = requires.map((k) => requirement(k).describe).join(', ');
  // A foreign bundle was never meant to hold it: say whose format lacks it, not that collection failed.
  return data.origin.format === 'cni-doctor' ? `data not collected: ${what}` : `data not collected: not in a ${data.origin.tool} bundle (${what})`;
}
