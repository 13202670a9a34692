// Cilium: cilium-agent pods, the BPF filesystem, its own status and endpoint map. GKE Dataplane V2
// is Cilium under another name: its agent is the DaemonSet `anetd` in kube-system, reading the
// cilium-config ConfigMap (cilium-cli#216; ../shared/real-world/gke-dataplane-v2-anetd-docs-excerpt.txt).
// https://docs.cilium.io/en/stable/operations/troubleshooting/
import { parseCiliumBpfEndpointList } from '../parsers/cilium-bpf-endpoints.js';
import type { CiliumBpfEndpointList } from '../model/outputs/cilium-bpf-endpoints.js';
import { parseCiliumStatus } from '../parsers/cilium-status.js';
import type { CiliumCliStatus, CiliumStatus } from '../model/outputs/cilium-status.js';
import { defineCni, nodeOutputPath, type NodeOutputSpec } from './descriptor.js';

export const CILIUM_STATUS: NodeOutputSpec<CiliumStatus | CiliumCliStatus> = { id: 'cilium/status', dir: 'plugins/cilium/status/', ext: '.txt', parse: parseCiliumStatus, showsPlugin: true , tells: [{ symptom: 'pod-to-pod', what: 'cilium-health' }, { symptom: 'ip-space', what: 'Cilium IPAM' }] };
export const CILIUM_BPF_ENDPOINTS: NodeOutputSpec<CiliumBpfEndpointList> = { id: 'cilium/bpf-endpoint-list', dir: 'plugins/cilium/bpf-endpoint-list/', ext: '.txt', parse: parseCiliumBpfEndpointList };

export const cilium = defineCni({
  id: 'cilium',
  name: 'Cilium',
  plugins: ['cilium'],
  agent: { workloadNames: /^(cilium|anetd)$/, image: /cilium\/cilium(?![-\w]*operator)|\/cilium:|\/(gke-)?anetd/, container: /^(cilium-agent|anetd)$/ },
  configTypes: ['cilium-cni'],
  configFileName: /cilium/,
  chainsOnto: ['aws-cni', 'flannel', 'calico', 'ptp', 'bridge', 'azure-vnet'],
  namespaces: ['cilium'],
  customGroups: ['cilium.io'],
  nodeOutputs: [CILIUM_STATUS, CILIUM_BPF_ENDPOINTS],
  agentCommands: [
    { argv: ['cilium-dbg', 'status', '--verbose'], output: (node) => nodeOutputPath(CILIUM_STATUS, node), replays: /^(cilium|cilium-dbg) status( --verbose)?$/ },
    { argv: ['cilium-dbg', 'bpf', 'endpoint', 'list'], output: (node) => nodeOutputPath(CILIUM_BPF_ENDPOINTS, node), replays: /^(cilium|cilium-dbg) bpf endpoint list$/ },
  ],
});
