// Which CNI plugin(s) a bundle shows: from agent DaemonSets, agent pods and the node configs.
import { CNIS, cniOfNodeOutput, findAgentWorkloads, imageVersion, NODE_OUTPUTS, type AgentWorkload, type CniDescriptor, type PluginId } from '../cni/index.js';
import type { DetectedPlugin } from '../model/report.js';
import { nodeOutputs, type BundleData } from './bundle-data.js';

export type { AgentWorkload, PluginId };

export interface PluginDetection {
  present: Set<PluginId>;
  detected: DetectedPlugin[];
  workloads: AgentWorkload[];
}

export function detectPlugins(data: BundleData): PluginDetection {
  const workloads = findAgentWorkloads(data.daemonSets, data.pods);
  const found = new Map<string, { agent: CniDescriptor; version: string | null; sources: Set<string> }>();
  const note = (agent: CniDescriptor, source: string, version: string | null = null) => {
    let f = found.get(agent.id);
    if (!f) found.set(agent.id, (f = { agent, version, sources: new Set() }));
    f.version ??= version;
    f.sources.add(source);
  };
  for (const w of workloads) {
    if (w.daemonSet) {
      const main = w.daemonSet.containers.find((c) => w.agent.agent.container.test(c.name)) ?? w.daemonSet.containers[0];
      note(w.agent, `DaemonSet ${w.daemonSet.namespace}/${w.daemonSet.name}`, imageVersion(main?.image));
    } else if (w.pods.length) {
      const main = w.pods[0]!.containers.find((c) => w.agent.agent.container.test(c.name));
      note(w.agent, `${w.pods.length} agent pod(s) ${w.pods[0]!.namespace}/${w.pods[0]!.ownerName}-*`, imageVersion(main?.image));
    }
  }
  // A config of a plugin that a running agent bundles is that agent's: Canal's 10-canal.conflist is
  // of type calico, and shows Canal, not a Calico beside it.
  const agents = [...found.values()].map((f) => f.agent);
  for (const nd of data.nodeData.values()) {
    for (const cfg of nd.cniConfigs) {
      if (!cfg.considered) continue;
      for (const p of cfg.plugins) {
        const owner = CNIS.find((a) => a.configTypes.includes(p.type));
        if (!owner) continue;
        const bundler = agents.find((a) => a !== owner && a.plugins.length > 1 && a.plugins.includes(owner.id as PluginId));
        note(bundler ?? owner, `node config ${cfg.fileName}`);
      }
    }
  }
  // Outputs of a plugin's own status commands show it too (the bundle of a cluster whose
  // DaemonSets were not collected). Outputs that are only ever produced by the plugin's main
  // status command count: Cilium's endpoint list alone does not.
  for (const spec of NODE_OUTPUTS) {
    if (!spec.showsPlugin || !nodeOutputs(data, spec).size) continue;
    const cni = cniOfNodeOutput(spec);
    note(cni, `plugins/${cni.id}/ outputs`);
  }
  const present = new Set<PluginId>();
  for (const f of found.values()) for (const p of f.agent.plugins) present.add(p);
  const detected = [...found.values()]
    .map((f) => ({ id: f.agent.id, name: f.agent.name, version: f.version, sources: [...f.sources].sort() }))
    .sort((a, b) => (a.id < b.id ? -1 : 1));
  return { present, detected, workloads };
}
