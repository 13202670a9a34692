// flannel's net-conf.json from the kube-flannel-cfg ConfigMap (Network and Backend type).
import { z } from 'zod';
import type { BundleData } from '../bundle-data.js';
import type { ConfigMapRecord } from '../../model/k8s.js';

export interface FlannelNetConf {
  network?: string;
  backend: string;
  configMap: ConfigMapRecord;
}

const NetConf = z.object({
  Network: z.string().optional().catch(undefined),
  Backend: z.object({ Type: z.string().optional().catch(undefined) }).optional().catch(undefined),
});

export function flannelNetConf(data: BundleData): FlannelNetConf | undefined {
  const cm = data.configMaps.find((c) => /flannel/.test(c.name) && c.data['net-conf.json'] !== undefined);
  if (!cm) return undefined;
  try {
    const parsed = NetConf.parse(JSON.parse(cm.data['net-conf.json']!));
    return { network: parsed.Network, backend: (parsed.Backend?.Type ?? 'vxlan').toLowerCase(), configMap: cm };
  } catch {
    return undefined;
  }
}

/** Nodes that run flannel: those with a flannel agent pod or a flannel config. */
export function flannelNodes(data: BundleData, agentNodes: string[]): Set<string> {
  const out = new Set(agentNodes);
  for (const nd of data.nodeData.values()) if (nd.cniConfigs.some((c) => c.considered && c.plugins.some((p) => p.type === 'flannel'))) out.add(nd.name);
  return out;
}
