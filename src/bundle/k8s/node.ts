// The loose schema of a Node and its reduction to the model's record.
import { z } from 'zod';
import type { NodeCondition, NodeRecord } from '../../model/k8s.js';
import { str, bool, Meta } from './common.js';

const NodeSchema = z.object({
  metadata: Meta,
  spec: z
    .object({
      podCIDR: str,
      podCIDRs: z.array(z.string()).optional().catch(undefined),
      unschedulable: bool,
      providerID: str,
      taints: z.array(z.object({ key: str, effect: str, value: str })).optional().catch(undefined),
    })
    .optional()
    .catch(undefined),
  status: z
    .object({
      conditions: z
        .array(z.object({ type: str, status: str, reason: str, message: str, lastTransitionTime: str, lastHeartbeatTime: str }))
        .optional()
        .catch(undefined),
      addresses: z.array(z.object({ type: str, address: str })).optional().catch(undefined),
      nodeInfo: z
        .object({ kernelVersion: str, osImage: str, containerRuntimeVersion: str, kubeletVersion: str, architecture: str })
        .optional()
        .catch(undefined),
      allocatable: z.record(z.string(), z.union([z.string(), z.number()])).optional().catch(undefined),
      capacity: z.record(z.string(), z.union([z.string(), z.number()])).optional().catch(undefined),
    })
    .optional()
    .catch(undefined),
});

export function toNumber(v: string | number | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = typeof v === 'number' ? v : Number.parseInt(v, 10);
  return Number.isFinite(n) ? n : undefined;
}

export function reduceNode(raw: unknown, file: string, line: number): NodeRecord | undefined {
  const parsed = NodeSchema.safeParse(raw);
  if (!parsed.success || !parsed.data.metadata?.name) return undefined;
  const n = parsed.data;
  const cond = (type: string): NodeCondition | undefined => {
    const c = n.status?.conditions?.find((x) => x.type === type);
    return c ? { status: c.status ?? 'Unknown', reason: c.reason ?? '', message: c.message ?? '', lastTransitionTime: c.lastTransitionTime } : undefined;
  };
  const labels = n.metadata?.labels ?? {};
  const cidrs = n.spec?.podCIDRs?.length ? n.spec.podCIDRs : n.spec?.podCIDR ? [n.spec.podCIDR] : [];
  return {
    name: n.metadata!.name!,
    file,
    line,
    labels,
    annotations: n.metadata?.annotations ?? {},
    podCIDRs: cidrs,
    internalIPs: (n.status?.addresses ?? []).filter((a) => a.type === 'InternalIP' && a.address).map((a) => a.address!),
    ready: cond('Ready'),
    networkUnavailable: cond('NetworkUnavailable'),
    kernelVersion: n.status?.nodeInfo?.kernelVersion,
    osImage: n.status?.nodeInfo?.osImage,
    containerRuntimeVersion: n.status?.nodeInfo?.containerRuntimeVersion,
    kubeletVersion: n.status?.nodeInfo?.kubeletVersion,
    architecture: n.status?.nodeInfo?.architecture,
    maxPods: toNumber(n.status?.allocatable?.pods ?? n.status?.capacity?.pods),
    providerID: n.spec?.providerID,
    instanceType: labels['node.kubernetes.io/instance-type'] ?? labels['beta.kubernetes.io/instance-type'],
    taints: (n.spec?.taints ?? []).map((t) => `${t.key ?? ''}${t.value ? `=${t.value}` : ''}:${t.effect ?? ''}`),
  };
}
