// Which CNI plugin(s) a bundle shows: from agent DaemonSets, agent pods and the node configs.
import type { PodRecord, WorkloadRecord } from '../bundle/k8s.js';
import type { DetectedPlugin } from '../model/report.js';
import type { BundleData } from './bundle-data.js';

export type PluginId = 'calico' | 'cilium' | 'flannel' | 'aws-vpc-cni';
export const PLUGIN_IDS: readonly PluginId[] = ['calico', 'cilium', 'flannel', 'aws-vpc-cni'];

interface AgentSignature {
  id: string;
  name: string;
  /** Plugins whose rules apply (canal is calico policy + flannel networking). */
  plugins: PluginId[];
  workloadNames: RegExp;
  image: RegExp;
  configTypes: string[];
  /** The agent container, for versions and memory. */
  container: RegExp;
}

export const AGENTS: readonly AgentSignature[] = [
  { id: 'calico', name: 'Calico', plugins: ['calico'], workloadNames: /^calico-node$/, image: /calico\/node|calico-node/, configTypes: ['calico'], container: /^calico-node$/ },
  { id: 'canal', name: 'Canal (Calico + Flannel)', plugins: ['calico', 'flannel'], workloadNames: /^canal$/, image: /calico\/node/, configTypes: [], container: /^calico-node$/ },
  { id: 'cilium', name: 'Cilium', plugins: ['cilium'], workloadNames: /^cilium$/, image: /cilium\/cilium(?![-\w]*operator)|\/cilium:/, configTypes: ['cilium-cni'], container: /^cilium-agent$/ },
  { id: 'flannel', name: 'Flannel', plugins: ['flannel'], workloadNames: /^(kube-flannel-ds(-\w+)?|flannel|kube-flannel)$/, image: /flannel(?!-cni-plugin)/, configTypes: ['flannel'], container: /^kube-flannel$|^flannel$/ },
  { id: 'aws-vpc-cni', name: 'AWS VPC CNI', plugins: ['aws-vpc-cni'], workloadNames: /^aws-node$/, image: /amazon-k8s-cni(?!-init)/, configTypes: ['aws-cni'], container: /^aws-node$/ },
  { id: 'weave', name: 'Weave Net', plugins: [], workloadNames: /^weave-net$/, image: /weave-kube/, configTypes: ['weave-net'], container: /^weave$/ },
  { id: 'kube-router', name: 'kube-router', plugins: [], workloadNames: /^kube-router$/, image: /kube-router/, configTypes: ['kube-router'], container: /^kube-router$/ },
  { id: 'antrea', name: 'Antrea', plugins: [], workloadNames: /^antrea-agent$/, image: /antrea/, configTypes: ['antrea'], container: /^antrea-agent$/ },
  { id: 'ovn-kubernetes', name: 'OVN-Kubernetes', plugins: [], workloadNames: /^ovnkube-node$/, image: /ovn/, configTypes: ['ovn-k8s-cni-overlay'], container: /^ovnkube-node$/ },
];

export interface AgentWorkload {
  agent: AgentSignature;
  daemonSet?: WorkloadRecord;
  pods: PodRecord[];
}

export function agentOfDaemonSet(ds: WorkloadRecord): AgentSignature | undefined {
  return AGENTS.find((a) => a.workloadNames.test(ds.name)) ?? AGENTS.find((a) => ds.containers.some((c) => a.image.test(c.image)));
}

function agentOfPod(pod: PodRecord): AgentSignature | undefined {
  if (pod.ownerKind !== 'DaemonSet') return undefined;
  const name = pod.ownerName ?? '';
  return AGENTS.find((a) => a.workloadNames.test(name));
}

/** CNI agent workloads and their pods. */
export function findAgentWorkloads(data: BundleData): AgentWorkload[] {
  const byKey = new Map<string, AgentWorkload>();
  for (const ds of data.daemonSets) {
    const agent = agentOfDaemonSet(ds);
    if (agent) byKey.set(`${ds.namespace}/${ds.name}`, { agent, daemonSet: ds, pods: [] });
  }
  for (const pod of data.pods) {
    const agent = agentOfPod(pod);
    if (!agent) continue;
    const key = `${pod.namespace}/${pod.ownerName}`;
    let w = byKey.get(key);
    if (!w) {
      // Pods without their DaemonSet in the bundle (daemonsets.json not collected).
      w = { agent, pods: [] };
      byKey.set(key, w);
    }
    w.pods.push(pod);
  }
  return [...byKey.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, w]) => w);
}

export function imageVersion(image: string | undefined): string | null {
  if (!image) return null;
  const at = image.indexOf('@');
  const ref = at >= 0 ? image.slice(0, at) : image;
  const colon = ref.lastIndexOf(':');
  if (colon < 0 || ref.slice(colon).includes('/')) return null;
  return ref.slice(colon + 1);
}

export interface PluginDetection {
  present: Set<PluginId>;
  detected: DetectedPlugin[];
  workloads: AgentWorkload[];
}

export function detectPlugins(data: BundleData): PluginDetection {
  const workloads = findAgentWorkloads(data);
  const found = new Map<string, { agent: AgentSignature; version: string | null; sources: Set<string> }>();
  const note = (agent: AgentSignature, source: string, version: string | null = null) => {
    let f = found.get(agent.id);
    if (!f) found.set(agent.id, (f = { agent, version, sources: new Set() }));
    f.version ??= version;
    f.sources.add(source);
  };
  for (const w of workloads) {
    if (w.daemonSet) {
      const main = w.daemonSet.containers.find((c) => w.agent.container.test(c.name)) ?? w.daemonSet.containers[0];
      note(w.agent, `DaemonSet ${w.daemonSet.namespace}/${w.daemonSet.name}`, imageVersion(main?.image));
    } else if (w.pods.length) {
      const main = w.pods[0]!.containers.find((c) => w.agent.container.test(c.name));
      note(w.agent, `${w.pods.length} agent pod(s) ${w.pods[0]!.namespace}/${w.pods[0]!.ownerName}-*`, imageVersion(main?.image));
    }
  }
  for (const nd of data.nodeData.values()) {
    for (const cfg of nd.cniConfigs) {
      if (!cfg.considered) continue;
      for (const p of cfg.plugins) {
        const agent = AGENTS.find((a) => a.configTypes.includes(p.type));
        if (agent) note(agent, `node config ${cfg.fileName}`);
      }
    }
  }
  if (data.calicoNodeStatus.size || data.birdProtocols.size) note(AGENTS[0]!, 'plugins/calico/ outputs');
  if (data.ciliumStatus.size) note(AGENTS.find((a) => a.id === 'cilium')!, 'plugins/cilium/ outputs');
  if (data.awsEnis.size) note(AGENTS.find((a) => a.id === 'aws-vpc-cni')!, 'plugins/aws-vpc-cni/ outputs');
  const present = new Set<PluginId>();
  for (const f of found.values()) for (const p of f.agent.plugins) present.add(p);
  const detected = [...found.values()]
    .map((f) => ({ id: f.agent.id, name: f.agent.name, version: f.version, sources: [...f.sources].sort() }))
    .sort((a, b) => (a.id < b.id ? -1 : 1));
  return { present, detected, workloads };
}
