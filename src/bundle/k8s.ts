// Loose schemas for the Kubernetes objects of a bundle: only the fields rules read are declared, and
// every one is optional, so objects from any Kubernetes version parse. Each object is reduced at the
// edge to a small typed record; nothing downstream touches raw JSON.
import { z } from 'zod';
import type {
  ConfigMapRecord,
  ContainerRecord,
  CustomObjectRecord,
  EndpointSliceRecord,
  EventRecord,
  LabelSelectorRecord,
  NamespaceRecord,
  NetworkPolicyRecord,
  NodeCondition,
  NodeRecord,
  PodRecord,
  PolicyRule,
  ServiceRecord,
  WorkloadContainer,
  WorkloadRecord,
} from '../model/k8s.js';

const str = z.string().optional().catch(undefined);
const num = z.number().optional().catch(undefined);
const bool = z.boolean().optional().catch(undefined);
const strMap = z.record(z.string(), z.string()).optional().catch(undefined);

const Meta = z.object({ name: str, namespace: str, labels: strMap, annotations: strMap, creationTimestamp: str, uid: str }).optional().catch(undefined);

const OwnerRefs = z.array(z.object({ kind: str, name: str })).optional().catch(undefined);

// --- Node ------------------------------------------------------------------------------------

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

function toNumber(v: string | number | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = typeof v === 'number' ? v : Number.parseInt(v, 10);
  return Number.isFinite(n) ? n : undefined;
}

export function reduceNode(raw: unknown, line: number): NodeRecord | undefined {
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

// --- Pod -------------------------------------------------------------------------------------

const ContainerStatus = z.object({
  name: str,
  ready: bool,
  restartCount: num,
  image: str,
  state: z
    .object({
      waiting: z.object({ reason: str, message: str }).optional().catch(undefined),
      running: z.object({ startedAt: str }).optional().catch(undefined),
      terminated: z.object({ reason: str, exitCode: num, message: str }).optional().catch(undefined),
    })
    .optional()
    .catch(undefined),
  lastState: z
    .object({ terminated: z.object({ reason: str, exitCode: num, finishedAt: str }).optional().catch(undefined) })
    .optional()
    .catch(undefined),
});

const ContainerSpec = z.object({
  name: str,
  image: str,
  resources: z
    .object({
      limits: z.record(z.string(), z.union([z.string(), z.number()])).optional().catch(undefined),
      requests: z.record(z.string(), z.union([z.string(), z.number()])).optional().catch(undefined),
    })
    .optional()
    .catch(undefined),
  env: z.array(z.object({ name: str, value: str }).passthrough()).optional().catch(undefined),
});

// Pods are the bulk of a large bundle (150,000 of them at 5,000 nodes): this schema declares only
// what reducePod reads, so annotations, env and the rest of the spec are never walked.
const PodContainerSpec = z.object({
  name: str,
  image: str,
  resources: z.object({ limits: z.record(z.string(), z.union([z.string(), z.number()])).optional().catch(undefined) }).optional().catch(undefined),
});

const PodSchema = z.object({
  metadata: z
    .object({ name: str, namespace: str, labels: strMap, creationTimestamp: str, ownerReferences: OwnerRefs })
    .optional()
    .catch(undefined),
  spec: z
    .object({
      nodeName: str,
      hostNetwork: bool,
      containers: z.array(PodContainerSpec).optional().catch(undefined),
    })
    .optional()
    .catch(undefined),
  status: z
    .object({
      phase: str,
      podIP: str,
      podIPs: z.array(z.object({ ip: str })).optional().catch(undefined),
      reason: str,
      containerStatuses: z.array(ContainerStatus).optional().catch(undefined),
      initContainerStatuses: z.array(ContainerStatus).optional().catch(undefined),
      conditions: z.array(z.object({ type: str, status: str, reason: str })).optional().catch(undefined),
    })
    .optional()
    .catch(undefined),
});

export function reducePod(raw: unknown, line: number): PodRecord | undefined {
  const parsed = PodSchema.safeParse(raw);
  if (!parsed.success) return undefined;
  const p = parsed.data;
  const name = p.metadata?.name;
  if (!name) return undefined;
  const specs = new Map((p.spec?.containers ?? []).map((c) => [c.name ?? '', c]));
  const toRecord = (s: z.infer<typeof ContainerStatus>, init: boolean): ContainerRecord => {
    const spec = specs.get(s.name ?? '');
    const mem = spec?.resources?.limits?.memory;
    return {
      name: s.name ?? '',
      init,
      ready: s.ready ?? false,
      restartCount: s.restartCount ?? 0,
      waitingReason: s.state?.waiting?.reason,
      waitingMessage: s.state?.waiting?.message,
      terminatedReason: s.state?.terminated?.reason,
      lastTerminatedReason: s.lastState?.terminated?.reason,
      lastExitCode: s.lastState?.terminated?.exitCode,
      lastFinishedAt: s.lastState?.terminated?.finishedAt,
      memoryLimit: mem === undefined ? undefined : String(mem),
      image: s.image ?? spec?.image,
    };
  };
  let containers = [
    ...(p.status?.initContainerStatuses ?? []).map((s) => toRecord(s, true)),
    ...(p.status?.containerStatuses ?? []).map((s) => toRecord(s, false)),
  ];
  if (!p.status?.containerStatuses?.length && specs.size) {
    // Pending pods have no statuses yet; keep the spec so limits are still known.
    containers = [...specs.values()].map((c) => ({
      name: c.name ?? '',
      init: false,
      ready: false,
      restartCount: 0,
      memoryLimit: c.resources?.limits?.memory === undefined ? undefined : String(c.resources.limits.memory),
      image: c.image,
    }));
  }
  const owner = p.metadata?.ownerReferences?.[0];
  const ips = p.status?.podIPs?.map((x) => x.ip).filter((x): x is string => !!x) ?? [];
  if (!ips.length && p.status?.podIP) ips.push(p.status.podIP);
  return {
    namespace: p.metadata?.namespace ?? 'default',
    name,
    line,
    nodeName: p.spec?.nodeName,
    phase: p.status?.phase ?? 'Unknown',
    hostNetwork: p.spec?.hostNetwork ?? false,
    podIPs: ips,
    labels: p.metadata?.labels ?? {},
    ownerKind: owner?.kind,
    ownerName: owner?.name,
    containers,
    containerCreating: containers.some((c) => c.waitingReason === 'ContainerCreating'),
    creationTimestamp: p.metadata?.creationTimestamp,
  };
}

// --- Event -----------------------------------------------------------------------------------

const EventSchema = z.object({
  metadata: z.object({ namespace: str, creationTimestamp: str }).optional().catch(undefined),
  type: str,
  reason: str,
  message: str,
  note: str, // events.k8s.io/v1
  count: num,
  firstTimestamp: z.string().nullable().optional().catch(undefined),
  lastTimestamp: z.string().nullable().optional().catch(undefined),
  eventTime: z.string().nullable().optional().catch(undefined),
  series: z.object({ count: num, lastObservedTime: str }).nullable().optional().catch(undefined),
  involvedObject: z.object({ kind: str, name: str, namespace: str }).optional().catch(undefined),
  regarding: z.object({ kind: str, name: str, namespace: str }).optional().catch(undefined),
  source: z.object({ component: str, host: str }).optional().catch(undefined),
  reportingComponent: str,
  reportingController: str,
  reportingInstance: str,
});

export function reduceEvent(raw: unknown, line: number): EventRecord | undefined {
  const parsed = EventSchema.safeParse(raw);
  if (!parsed.success) return undefined;
  const e = parsed.data;
  const obj = e.involvedObject ?? e.regarding;
  const time = e.series?.lastObservedTime ?? e.lastTimestamp ?? e.eventTime ?? e.firstTimestamp ?? e.metadata?.creationTimestamp ?? undefined;
  return {
    namespace: e.metadata?.namespace ?? obj?.namespace ?? '',
    type: e.type ?? 'Normal',
    reason: e.reason ?? '',
    message: e.message ?? e.note ?? '',
    count: Math.max(e.count ?? 0, e.series?.count ?? 0, 1),
    time: time ?? undefined,
    firstTime: e.firstTimestamp ?? e.eventTime ?? undefined,
    objectKind: obj?.kind ?? '',
    objectName: obj?.name ?? '',
    objectNamespace: obj?.namespace,
    sourceHost: e.source?.host || e.reportingInstance || undefined,
    component: e.source?.component ?? e.reportingComponent ?? e.reportingController,
    line,
  };
}

// --- Workloads -------------------------------------------------------------------------------

const PodTemplate = z
  .object({
    metadata: Meta,
    spec: z
      .object({
        containers: z.array(ContainerSpec).optional().catch(undefined),
        initContainers: z.array(ContainerSpec).optional().catch(undefined),
        volumes: z
          .array(z.object({ name: str, hostPath: z.object({ path: str }).optional().catch(undefined) }))
          .optional()
          .catch(undefined),
      })
      .optional()
      .catch(undefined),
  })
  .optional()
  .catch(undefined);

const WorkloadSchema = z.object({
  metadata: Meta,
  spec: z
    .object({
      replicas: num,
      selector: z.object({ matchLabels: strMap }).optional().catch(undefined),
      template: PodTemplate,
    })
    .optional()
    .catch(undefined),
  status: z
    .object({
      desiredNumberScheduled: num,
      currentNumberScheduled: num,
      numberReady: num,
      numberAvailable: num,
      numberUnavailable: num,
      updatedNumberScheduled: num,
      replicas: num,
      readyReplicas: num,
      availableReplicas: num,
      unavailableReplicas: num,
    })
    .optional()
    .catch(undefined),
});

function workloadContainer(c: z.infer<typeof ContainerSpec>): WorkloadContainer {
  const env: Record<string, string> = {};
  for (const e of c.env ?? []) if (e.name && typeof e.value === 'string') env[e.name] = e.value;
  const mem = c.resources?.limits?.memory;
  return { name: c.name ?? '', image: c.image ?? '', env, memoryLimit: mem === undefined ? undefined : String(mem) };
}

export function reduceWorkload(kind: 'DaemonSet' | 'Deployment', raw: unknown, line: number, text?: string): WorkloadRecord | undefined {
  const parsed = WorkloadSchema.safeParse(raw);
  if (!parsed.success || !parsed.data.metadata?.name) return undefined;
  const w = parsed.data;
  const s = w.status ?? {};
  const tpl = w.spec?.template?.spec;
  const desired = kind === 'DaemonSet' ? s.desiredNumberScheduled ?? 0 : w.spec?.replicas ?? s.replicas ?? 1;
  const ready = kind === 'DaemonSet' ? s.numberReady ?? 0 : s.readyReplicas ?? 0;
  const available = kind === 'DaemonSet' ? s.numberAvailable ?? 0 : s.availableReplicas ?? 0;
  return {
    kind,
    namespace: w.metadata?.namespace ?? 'default',
    name: w.metadata!.name!,
    line,
    labels: w.metadata?.labels ?? {},
    selector: w.spec?.selector?.matchLabels ?? {},
    desired,
    ready,
    available,
    containers: (tpl?.containers ?? []).map(workloadContainer),
    initContainers: (tpl?.initContainers ?? []).map(workloadContainer),
    hostPaths: (tpl?.volumes ?? []).map((v) => v.hostPath?.path).filter((p): p is string => !!p),
    text,
  };
}

// --- Small objects kept whole ----------------------------------------------------------------

export function reduceNamespace(raw: unknown): NamespaceRecord | undefined {
  const parsed = z.object({ metadata: Meta }).safeParse(raw);
  if (!parsed.success || !parsed.data.metadata?.name) return undefined;
  return { name: parsed.data.metadata.name, labels: parsed.data.metadata.labels ?? {} };
}

const ServiceSchema = z.object({
  metadata: Meta,
  spec: z
    .object({
      clusterIP: str,
      clusterIPs: z.array(z.string()).optional().catch(undefined),
      type: str,
      selector: strMap,
      ports: z.array(z.object({ port: num, protocol: str, name: str })).optional().catch(undefined),
    })
    .optional()
    .catch(undefined),
});

export function reduceService(raw: unknown, line: number): ServiceRecord | undefined {
  const parsed = ServiceSchema.safeParse(raw);
  if (!parsed.success || !parsed.data.metadata?.name) return undefined;
  const s = parsed.data;
  const ips = s.spec?.clusterIPs?.length ? s.spec.clusterIPs : s.spec?.clusterIP ? [s.spec.clusterIP] : [];
  return {
    namespace: s.metadata?.namespace ?? 'default',
    name: s.metadata!.name!,
    line,
    clusterIPs: ips.filter((ip) => ip && ip !== 'None'),
    selector: s.spec?.selector ?? {},
    labels: s.metadata?.labels ?? {},
  };
}

const EndpointSliceSchema = z.object({
  metadata: Meta,
  endpoints: z
    .array(z.object({ addresses: z.array(z.string()).optional().catch(undefined), conditions: z.object({ ready: z.boolean().nullable().optional().catch(undefined) }).optional().catch(undefined) }))
    .nullable()
    .optional()
    .catch(undefined),
});

export function reduceEndpointSlice(raw: unknown, line: number): EndpointSliceRecord | undefined {
  const parsed = EndpointSliceSchema.safeParse(raw);
  if (!parsed.success || !parsed.data.metadata?.name) return undefined;
  const e = parsed.data;
  let ready = 0;
  let notReady = 0;
  for (const ep of e.endpoints ?? []) {
    // A nil `ready` means ready (discovery/v1 semantics).
    if (ep.conditions?.ready === false) notReady++;
    else ready++;
  }
  return {
    namespace: e.metadata?.namespace ?? 'default',
    name: e.metadata!.name!,
    service: e.metadata?.labels?.['kubernetes.io/service-name'],
    line,
    ready,
    notReady,
  };
}

// NetworkPolicy: kept close to the API shape; rules evaluate selectors and ports.
const LabelSelector = z
  .object({
    matchLabels: strMap,
    matchExpressions: z
      .array(z.object({ key: z.string(), operator: z.string(), values: z.array(z.string()).optional().catch(undefined) }))
      .optional()
      .catch(undefined),
  })
  .nullable()
  .optional()
  .catch(undefined);

const Peer = z.object({
  podSelector: LabelSelector,
  namespaceSelector: LabelSelector,
  ipBlock: z.object({ cidr: z.string(), except: z.array(z.string()).optional().catch(undefined) }).nullable().optional().catch(undefined),
});
const PortSchema = z.object({ protocol: str, port: z.union([z.number(), z.string()]).optional().catch(undefined), endPort: num });

const NetworkPolicySchema = z.object({
  metadata: Meta,
  spec: z
    .object({
      podSelector: LabelSelector,
      policyTypes: z.array(z.string()).optional().catch(undefined),
      ingress: z.array(z.object({ from: z.array(Peer).nullable().optional().catch(undefined), ports: z.array(PortSchema).nullable().optional().catch(undefined) })).nullable().optional().catch(undefined),
      egress: z.array(z.object({ to: z.array(Peer).nullable().optional().catch(undefined), ports: z.array(PortSchema).nullable().optional().catch(undefined) })).nullable().optional().catch(undefined),
    })
    .optional()
    .catch(undefined),
});

function toSelector(s: z.infer<typeof LabelSelector>): LabelSelectorRecord | undefined {
  if (!s) return undefined;
  return {
    matchLabels: s.matchLabels ?? {},
    matchExpressions: (s.matchExpressions ?? []).map((e) => ({ key: e.key, operator: e.operator, values: e.values ?? [] })),
  };
}

export function reduceNetworkPolicy(raw: unknown, line: number): NetworkPolicyRecord | undefined {
  const parsed = NetworkPolicySchema.safeParse(raw);
  if (!parsed.success || !parsed.data.metadata?.name) return undefined;
  const p = parsed.data;
  const spec = p.spec ?? {};
  const rules = (list: typeof spec.ingress, key: 'from' | 'to'): PolicyRule[] =>
    (list ?? []).map((r) => {
      const peers = (r as Record<string, unknown>)[key] as z.infer<typeof Peer>[] | null | undefined;
      return {
        peers: peers?.length
          ? peers.map((x) => ({
              podSelector: toSelector(x.podSelector),
              namespaceSelector: toSelector(x.namespaceSelector),
              ipBlock: x.ipBlock ? { cidr: x.ipBlock.cidr, except: x.ipBlock.except ?? [] } : undefined,
            }))
          : undefined,
        ports: r.ports?.length ? r.ports.map((x) => ({ protocol: x.protocol ?? 'TCP', port: x.port, endPort: x.endPort })) : undefined,
      };
    });
  const types = spec.policyTypes?.length ? spec.policyTypes : spec.egress?.length ? ['Ingress', 'Egress'] : ['Ingress'];
  return {
    namespace: p.metadata?.namespace ?? 'default',
    name: p.metadata!.name!,
    line,
    podSelector: toSelector(spec.podSelector) ?? { matchLabels: {}, matchExpressions: [] },
    policyTypes: types,
    ingress: rules(spec.ingress, 'from'),
    egress: rules(spec.egress, 'to'),
  };
}

export function reduceConfigMap(raw: unknown, line: number, text?: string): ConfigMapRecord | undefined {
  const parsed = z.object({ metadata: Meta, data: strMap }).safeParse(raw);
  if (!parsed.success || !parsed.data.metadata?.name) return undefined;
  return { namespace: parsed.data.metadata.namespace ?? 'default', name: parsed.data.metadata.name, line, data: parsed.data.data ?? {}, text };
}

export function reduceCustomObject(raw: unknown, line: number): CustomObjectRecord | undefined {
  if (!raw || typeof raw !== 'object') return undefined;
  const parsed = z.object({ metadata: Meta }).passthrough().safeParse(raw);
  if (!parsed.success || !parsed.data.metadata?.name) return undefined;
  const obj = raw as Record<string, unknown>;
  return {
    name: parsed.data.metadata.name,
    namespace: parsed.data.metadata.namespace,
    line,
    labels: parsed.data.metadata.labels ?? {},
    spec: obj.spec,
    status: obj.status,
    raw: obj,
  };
}

/** `kubectl version -o json`: the server's gitVersion. */
export function readServerVersion(raw: unknown): string | undefined {
  const parsed = z.object({ serverVersion: z.object({ gitVersion: str }).optional().catch(undefined) }).safeParse(raw);
  return parsed.success ? parsed.data.serverVersion?.gitVersion : undefined;
}
