// Calico: calico-node agents, BGP through BIRD, IPAM blocks, IP pools.
// https://docs.tigera.io/calico/latest/operations/troubleshoot/commands
import { parseBirdProtocols } from '../parsers/bird-protocols.js';
import type { BirdProtocols } from '../model/outputs/bird-protocols.js';
import { parseCalicoIpamShow } from '../parsers/calico-ipam-show.js';
import type { CalicoIpamShow } from '../model/outputs/calico-ipam-show.js';
import { parseCalicoNodeStatus } from '../parsers/calico-node-status.js';
import type { CalicoNodeStatus } from '../model/outputs/calico-node-status.js';
import { readCalicoResources } from './calico-resources.js';
import { defineCni, nodeOutputPath, type ClusterCommand, type ClusterOutputSpec, type NodeCommand, type NodeOutputSpec } from './descriptor.js';

export const CALICO_NODE_STATUS: NodeOutputSpec<CalicoNodeStatus> = { id: 'calico/node-status', dir: 'plugins/calico/node-status/', ext: '.txt', parse: parseCalicoNodeStatus, showsPlugin: true , tells: [{ symptom: 'pod-to-pod', what: 'Calico BGP status' }] };
export const BIRD_PROTOCOLS: NodeOutputSpec<BirdProtocols> = { id: 'calico/birdcl-protocols', dir: 'plugins/calico/birdcl-protocols/', ext: '.txt', parse: parseBirdProtocols, showsPlugin: true , tells: [{ symptom: 'pod-to-pod', what: 'BIRD BGP protocols' }] };
export const CALICO_IPAM_SHOW = 'plugins/calico/ipam-show.txt';
export const CALICO_IPAM_SHOW_BLOCKS = 'plugins/calico/ipam-show-blocks.txt';
export const CALICO_IPAM: ClusterOutputSpec<CalicoIpamShow> = { id: 'calico/ipam-show', path: CALICO_IPAM_SHOW, parse: parseCalicoIpamShow };
export const CALICO_IPAM_BLOCKS: ClusterOutputSpec<CalicoIpamShow> = { id: 'calico/ipam-show-blocks', path: CALICO_IPAM_SHOW_BLOCKS, parse: parseCalicoIpamShow };

/** `calicoctl node status` where the image has calicoctl, else BIRD's own client. */
export const CALICO_NODE_COMMANDS: NodeCommand[] = [
  {
    argv: ['calicoctl', 'node', 'status'],
    output: (node) => nodeOutputPath(CALICO_NODE_STATUS, node),
    replays: /^calicoctl node status$/,
    // calicoctl exits 1 for "Calico process is not running." and still prints the answer.
    keepOutput: (stdout) => /Calico process is/.test(stdout),
    orElse: {
      argv: ['birdcl', '-s', '/var/run/calico/bird.ctl', 'show', 'protocols'],
      output: (node) => nodeOutputPath(BIRD_PROTOCOLS, node),
      replays: /^birdcl (-s \S+ )?show protocols$/,
    },
  },
];

export const CALICO_CLUSTER_COMMANDS: ClusterCommand[] = [
  { argv: ['calicoctl', 'ipam', 'show'], output: CALICO_IPAM_SHOW, replays: /^calicoctl ipam show$/ },
  { argv: ['calicoctl', 'ipam', 'show', '--show-blocks'], output: CALICO_IPAM_SHOW_BLOCKS, replays: /^calicoctl ipam show --show-blocks$/ },
];

/** calico-node's readiness probe (`calico-node -bird-ready -felix-ready`) failing on BGP, not on itself. */
const CALICO_READINESS_CAUSES = [{ pattern: /BIRD6? is not ready: BGP not established/, rule: 'calico-bgp-peer-down', failure: 'BGP sessions are not established' }];

export const calico = defineCni({
  id: 'calico',
  name: 'Calico',
  plugins: ['calico'],
  agent: { workloadNames: /^calico-node$/, image: /calico\/node|calico-node/, container: /^calico-node$/ },
  configTypes: ['calico'],
  configFileName: /calico/,
  readinessCauses: CALICO_READINESS_CAUSES,
  namespaces: ['calico-system', 'tigera-operator'],
  customGroups: ['crd.projectcalico.org'],
  nodeOutputs: [CALICO_NODE_STATUS, BIRD_PROTOCOLS],
  clusterOutputs: [CALICO_IPAM, CALICO_IPAM_BLOCKS],
  agentCommands: CALICO_NODE_COMMANDS,
  clusterCommands: CALICO_CLUSTER_COMMANDS,
  execIn: ['calico', 'canal'],
  readResources: (custom, problem) => ({ calico: readCalicoResources(custom, problem) }),
});

/** Canal: Calico policy on Flannel networking, one DaemonSet with both containers. */
export const canal = defineCni({
  id: 'canal',
  name: 'Canal (Calico + Flannel)',
  plugins: ['calico', 'flannel'],
  // RKE2 ships it as rke2-canal (images rancher/hardened-calico and hardened-flannel; rancher/rke2#2635).
  agent: { workloadNames: /^(rke2-)?canal$/, image: /calico\/node/, container: /^calico-node$/ },
  configFileName: /canal/,
  readinessCauses: CALICO_READINESS_CAUSES,
  agentCommands: CALICO_NODE_COMMANDS,
});
