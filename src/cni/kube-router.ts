// kube-router: one DaemonSet pod per node routes pod CIDRs over BGP (GoBGP, iBGP full mesh by
// default on TCP 179), and may also enforce NetworkPolicies and replace kube-proxy
// (--run-service-proxy). Its CNI config is the bridge plugin on kube-bridge (10-kuberouter.conflist).
// https://github.com/cloudnativelabs/kube-router/blob/master/docs/user-guide.md
import type { GobgpNeighbors } from '../model/outputs/kube-router.js';
import { parseGobgpNeighbor } from '../parsers/kube-router.js';
import { defineCni, nodeOutputPath, type NodeOutputSpec } from './descriptor.js';

export const GOBGP_NEIGHBOR: NodeOutputSpec<GobgpNeighbors> = { id: 'kube-router/gobgp-neighbor', dir: 'plugins/kube-router/gobgp-neighbor/', ext: '.txt', parse: parseGobgpNeighbor, showsPlugin: true , tells: [{ symptom: 'pod-to-pod', what: 'kube-router BGP sessions' }] };

/** The port of its BGP sessions (kube-router --bgp-port, default 179). */
export const KUBE_ROUTER_BGP_PORT = 179;

export const kubeRouter = defineCni({
  id: 'kube-router',
  name: 'kube-router',
  plugins: ['kube-router'],
  agent: { workloadNames: /^kube-router$/, image: /kube-router/, container: /^kube-router$/ },
  // Its config is the reference bridge plugin, so it is known by its file name.
  configTypes: ['kube-router'],
  configFileName: /kube-?router/,
  // Routes learnt over BGP: one per other node's podCIDR, via that node.
  routesPerNode: { check: ['kubectl -n kube-system exec <kube-router-pod> -- gobgp neighbor', 'kubectl -n kube-system exec <kube-router-pod> -- gobgp global rib'] },
  nodeOutputs: [GOBGP_NEIGHBOR],
  agentCommands: [{ argv: ['gobgp', 'neighbor'], output: (node) => nodeOutputPath(GOBGP_NEIGHBOR, node), replays: /^gobgp neighbor$/ }],
});
