// The loose schema of a Pod and its reduction to the model's record: reducePodBySchema is the
// specification (zod), reducePod the same reduction read in place (loose.ts says why), proven equal
// by test/loose-readers.test.ts.
import { z } from 'zod';
import type { ContainerRecord, PodRecord } from '../../model/k8s.js';
import { str, num, bool, strMap, OwnerRefs } from './common.js';
import { looseBoolean, looseNumber, looseObject, looseObjects, looseQuantities, looseString, looseStringMap, type Loose } from './loose.js';

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

export const ContainerSpec = z.object({
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
  // Flags that change what a workload does (kube-router's --run-service-proxy); strings only.
  args: z.array(z.unknown()).optional().catch(undefined),
  command: z.array(z.unknown()).optional().catch(undefined),
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

export function reducePodBySchema(raw: unknown, file: string, line: number): PodRecord | undefined {
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
    file,
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

/** The spec of a container reducePod reads (PodContainerSpec). */
interface SpecRead {
  name?: string;
  image?: string;
  memoryLimit?: string;
}

function readSpec(c: Loose): SpecRead {
  const resources = looseObject(c.resources);
  const mem = resources ? looseQuantities(resources.limits)?.memory : undefined;
  return { name: looseString(c.name), image: looseString(c.image), memoryLimit: mem === undefined ? undefined : String(mem) };
}

function readStatus(s: Loose, init: boolean, specs: Map<string, SpecRead>): ContainerRecord {
  const name = looseString(s.name);
  const spec = specs.get(name ?? '');
  const state = looseObject(s.state);
  const waiting = state ? looseObject(state.waiting) : undefined;
  const terminated = state ? looseObject(state.terminated) : undefined;
  const lastState = looseObject(s.lastState);
  const lastTerminated = lastState ? looseObject(lastState.terminated) : undefined;
  return {
    name: name ?? '',
    init,
    ready: looseBoolean(s.ready) ?? false,
    restartCount: looseNumber(s.restartCount) ?? 0,
    waitingReason: waiting ? looseString(waiting.reason) : undefined,
    waitingMessage: waiting ? looseString(waiting.message) : undefined,
    terminatedReason: terminated ? looseString(terminated.reason) : undefined,
    lastTerminatedReason: lastTerminated ? looseString(lastTerminated.reason) : undefined,
    lastExitCode: lastTerminated ? looseNumber(lastTerminated.exitCode) : undefined,
    lastFinishedAt: lastTerminated ? looseString(lastTerminated.finishedAt) : undefined,
    memoryLimit: spec?.memoryLimit,
    image: looseString(s.image) ?? spec?.image,
  };
}

/** reducePodBySchema, reading the parsed JSON in place: the hot path of a large bundle. */
export function reducePod(raw: unknown, file: string, line: number): PodRecord | undefined {
  const p = looseObject(raw);
  if (!p) return undefined;
  const metadata = looseObject(p.metadata);
  const name = metadata ? looseString(metadata.name) : undefined;
  if (!name || !metadata) return undefined;
  const spec = looseObject(p.spec);
  const status = looseObject(p.status);
  const specs = new Map<string, SpecRead>();
  for (const c of (spec && looseObjects(spec.containers)) ?? []) {
    const read = readSpec(c);
    specs.set(read.name ?? '', read);
  }
  const statuses = status ? looseObjects(status.containerStatuses) : undefined;
  const initStatuses = status ? looseObjects(status.initContainerStatuses) : undefined;
  let containers: ContainerRecord[] = [];
  for (const s of initStatuses ?? []) containers.push(readStatus(s, true, specs));
  for (const s of statuses ?? []) containers.push(readStatus(s, false, specs));
  if (!statuses?.length && specs.size) {
    // Pending pods have no statuses yet; keep the spec so limits are still known.
    containers = [...specs.values()].map((c) => ({ name: c.name ?? '', init: false, ready: false, restartCount: 0, memoryLimit: c.memoryLimit, image: c.image }));
  }
  const owners = looseObjects(metadata.ownerReferences);
  const owner = owners?.[0];
  const ips: string[] = [];
  for (const x of (status && looseObjects(status.podIPs)) ?? []) {
    const ip = looseString(x.ip);
    if (ip) ips.push(ip);
  }
  const podIP = status ? looseString(status.podIP) : undefined;
  if (!ips.length && podIP) ips.push(podIP);
  return {
    namespace: looseString(metadata.namespace) ?? 'default',
    name,
    file,
    line,
    nodeName: spec ? looseString(spec.nodeName) : undefined,
    phase: (status ? looseString(status.phase) : undefined) ?? 'Unknown',
    hostNetwork: (spec ? looseBoolean(spec.hostNetwork) : undefined) ?? false,
    podIPs: ips,
    labels: looseStringMap(metadata.labels) ?? {},
    ownerKind: owner ? looseString(owner.kind) : undefined,
    ownerName: owner ? looseString(owner.name) : undefined,
    containers,
    containerCreating: containers.some((c) => c.waitingReason === 'ContainerCreating'),
    creationTimestamp: looseString(metadata.creationTimestamp),
  };
}
