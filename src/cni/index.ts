// The registry of CNI descriptors and what is derived from it: agent recognition (for the collector
// and the analyzer alike), the commands the collector runs, the files serve replays for a command,
// the loader's table of plugin outputs, and which plugin a config file belongs to.
import type { PodRecord } from '../model/k8s/pod.js';
import type { WorkloadRecord } from '../model/k8s/workload.js';
import { awsVpcCni } from './aws-vpc-cni.js';
import { azureCni } from './azure-cni.js';
import { calico, canal } from './calico.js';
import { cilium } from './cilium.js';
import type { ClusterCommand, ClusterOutputSpec, CniDescriptor, NodeCommand, NodeOutputSpec, PluginId } from './descriptor.js';
import { flannel } from './flannel.js';
import { gkeNetd } from './gke.js';
import { hostCommandOutput } from './host.js';
import { antrea } from './antrea.js';
import { kubeRouter } from './kube-router.js';
import { kindnet } from './others.js';
import { openshiftSdn } from './openshift-sdn.js';
import { ovnKubernetes } from './ovn-kubernetes.js';
import { multus } from './multus.js';
import { weave } from './weave.js';

export type { CniDescriptor, PluginId } from './descriptor.js';

/** In the order agents are matched: Calico before Canal, whose image is calico/node too. */
export const CNIS: readonly CniDescriptor[] = [calico, canal, cilium, flannel, awsVpcCni, azureCni, weave, kubeRouter, antrea, ovnKubernetes, openshiftSdn, kindnet, gkeNetd, multus];

export const PLUGIN_IDS: readonly PluginId[] = ['calico', 'cilium', 'flannel', 'aws-vpc-cni', 'weave', 'antrea', 'kube-router', 'ovn-kubernetes', 'multus'];

export function cniById(id: string): CniDescriptor | undefined {
  return CNIS.find((c) => c.id === id);
}

// --- Recognising agents --------------------------------------------------------------------------

export function agentOfDaemonSet(ds: Pick<WorkloadRecord, 'name' | 'containers'>): CniDescriptor | undefined {
  return CNIS.find((a) => a.agent.workloadNames.test(ds.name)) ?? CNIS.find((a) => ds.containers.some((c) => a.agent.image.test(c.image)));
}

/** The plugin whose control plane (see CniDescriptor.controlPlane) the pod belongs to. */
export function controlPlaneOfPod(pod: Pick<PodRecord, 'namespace' | 'ownerName'>): CniDescriptor | undefined {
  const owner = pod.ownerName ?? '';
  return CNIS.find((c) => c.controlPlane && (pod.namespace === 'kube-system' || c.namespaces.includes(pod.namespace)) && c.controlPlane.workloadNames.test(owner));
}

export function agentOfPod(pod: Pick<PodRecord, 'ownerKind' | 'ownerName'>): CniDescriptor | undefined {
  if (pod.ownerKind !== 'DaemonSet') return undefined;
  const name = pod.ownerName ?? '';
  return CNIS.find((a) => a.agent.workloadNames.test(name));
}

export interface AgentWorkload {
  agent: CniDescriptor;
  daemonSet?: WorkloadRecord;
  pods: PodRecord[];
}

/** CNI agent workloads and their pods, by namespace/name. */
export function findAgentWorkloads(daemonSets: readonly WorkloadRecord[], pods: Iterable<PodRecord>): AgentWorkload[] {
  const byKey = new Map<string, AgentWorkload>();
  for (const ds of daemonSets) {
    const agent = agentOfDaemonSet(ds);
    if (agent) byKey.set(`${ds.namespace}/${ds.name}`, { agent, daemonSet: ds, pods: [] });
  }
  for (const pod of pods) {
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

/** The plugin a config file belongs to, from its plugin types, else its conventional file name. */
export function configOwner(fileName: string, types: string[]): string | undefined {
  for (const t of types) {
    const a = CNIS.find((x) => x.configTypes.includes(t));
    if (a) return a.id;
  }
  return CNIS.find((c) => c.configFileName?.test(fileName))?.id;
}

/** IPAM types served inside their plugin (see CniDescriptor.inProcessIpam): no binary is run for them. */
export const IN_PROCESS_IPAM: ReadonlySet<string> = new Set(CNIS.flatMap((c) => c.inProcessIpam ?? []));

/** A config that chains one plugin onto another (Cilium onto aws-cni, flannel…) is one data path. */
export function chainedPlugins(types: string[]): boolean {
  return CNIS.some((c) => c.chainsOnto && c.configTypes.some((t) => types.includes(t)) && types.some((t) => c.chainsOnto!.includes(t)));
}

/**
 * The plugins a chained config joins (Cilium over aws-cni: cilium and aws-vpc-cni), or none when it
 * is not a chain. A config of one of them beside the chain is the chain's base, written by that
 * plugin's own agent and read by the chaining one: part of the design, not a leftover.
 */
export function chainMembers(types: string[]): Set<string> {
  if (!chainedPlugins(types)) return new Set();
  return new Set(types.map((t) => CNIS.find((c) => c.configTypes.includes(t))?.id).filter((id): id is string => !!id));
}

export function imageVersion(image: string | undefined): string | null {
  if (!image) return null;
  const at = image.indexOf('@');
  const ref = at >= 0 ? image.slice(0, at) : image;
  const colon = ref.lastIndexOf(':');
  if (colon < 0 || ref.slice(colon).includes('/')) return null;
  return ref.slice(colon + 1);
}

// --- The collector's plan --------------------------------------------------------------------------

/** Namespaces whose ConfigMaps are collected: kube-system, then each CNI's own. */
export const CONFIG_NAMESPACES: readonly string[] = [...new Set(['kube-system', ...CNIS.flatMap((c) => c.namespaces)])];

/** API groups of custom resources to collect where their CRDs exist. */
export const CUSTOM_GROUPS: readonly string[] = [...new Set(CNIS.flatMap((c) => c.customGroups))];

/** Commands for one node, given the plugins present in the cluster and the agent whose pod is used. */
export function nodeCommandsFor(present: ReadonlySet<PluginId>, agent: CniDescriptor): NodeCommand[] {
  const host = CNIS.filter((c) => c.plugins.some((p) => present.has(p))).flatMap((c) => c.hostCommands);
  // An agent's own commands only where its plugins are present (a policy-only Calico still counts).
  const own = agent.plugins.some((p) => present.has(p)) ? agent.agentCommands : [];
  return [...host, ...own];
}

/** Cluster-wide commands, each with the agents whose pods can run it. */
export function clusterCommandsFor(present: ReadonlySet<PluginId>): { cni: CniDescriptor; command: ClusterCommand }[] {
  return CNIS.filter((c) => c.plugins.some((p) => present.has(p))).flatMap((cni) => cni.clusterCommands.map((command) => ({ cni, command })));
}

// --- serve's exec replay ---------------------------------------------------------------------------

const allNodeCommands = (): NodeCommand[] => {
  const out: NodeCommand[] = [];
  const add = (c: NodeCommand | undefined) => {
    if (!c || out.includes(c)) return;
    out.push(c);
    add(c.orElse);
  };
  for (const cni of CNIS) for (const c of [...cni.agentCommands, ...cni.hostCommands]) add(c);
  return out;
};

/** The node command whose output `file` is (on the node the path names), per the contract. */
export function nodeCommandOfOutput(file: string): NodeCommand | undefined {
  const node = /^nodes\/([^/]+)\//.exec(file)?.[1] ?? /\/([^/]+)\.[a-z]+$/.exec(file)?.[1];
  return node === undefined ? undefined : allNodeCommands().find((c) => c.output(node) === file);
}

/** The bundle file that holds the output of `cmd` (normalised) on `node`, per the contract. */
export function outputOfCommand(node: string | undefined, cmd: string): string | undefined {
  for (const cni of CNIS) for (const c of cni.clusterCommands) if (c.replays.test(cmd)) return c.output;
  if (!node) return undefined;
  for (const c of allNodeCommands()) if (c.replays.test(cmd)) return c.output(node);
  return hostCommandOutput(node, cmd);
}

// --- The loader's table ----------------------------------------------------------------------------

export const NODE_OUTPUTS: readonly NodeOutputSpec[] = CNIS.flatMap((c) => c.nodeOutputs);
export const CLUSTER_OUTPUTS: readonly ClusterOutputSpec[] = CNIS.flatMap((c) => c.clusterOutputs);

/** The per-node output a bundle path is, with its node (still percent-encoded). */
export function nodeOutputOfPath(path: string): { spec: NodeOutputSpec; segment: string } | undefined {
  for (const spec of NODE_OUTPUTS) {
    if (path.startsWith(spec.dir) && path.endsWith(spec.ext) && !path.slice(spec.dir.length).includes('/')) return { spec, segment: path.slice(spec.dir.length, -spec.ext.length) };
  }
  return undefined;
}

/** The descriptor an output belongs to (for "plugins/calico/ outputs" in detection). */
export function cniOfNodeOutput(spec: NodeOutputSpec): CniDescriptor {
  return CNIS.find((c) => c.nodeOutputs.includes(spec))!;
}
