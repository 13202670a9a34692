// The recognised in-agent `cilium status` outputs of a bundle, per node.
import type { BundleData } from '../bundle-data.js';
import { isRecognised, nodeOutputs } from '../bundle-data.js';
import type { CiliumStatus } from '../../model/outputs/cilium-status.js';
import { CILIUM_STATUS } from '../../cni/cilium.js';

export interface CiliumNodeStatus {
  node: string;
  path: string;
  status: CiliumStatus;
}

export function ciliumStatuses(data: BundleData): CiliumNodeStatus[] {
  const out = [];
  for (const [node, parsed] of nodeOutputs(data, CILIUM_STATUS)) {
    if (isRecognised(parsed) && parsed.result.format === 'cilium-status') out.push({ node, path: parsed.path, status: parsed.result });
  }
  return out;
}

/** Logs of Cilium agent pods (by workload, or by name when pods.json is missing). */
export function isCiliumAgentLog(data: BundleData, ns: string, pod: string, agentPods: Set<string>): boolean {
  void data;
  return agentPods.has(`${ns}/${pod}`) || /^cilium-(?!operator)[a-z0-9]{5}$/.test(pod);
}
