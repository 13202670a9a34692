// Builders for Kubernetes objects as `kubectl get … -o json` prints them (minus managedFields), used to
// write the sample bundles. Fixed timestamps keep the bundles deterministic.

export const T = (minute: number, hour = 10) => `2026-11-27T${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}:00Z`;

let uidCounter = 0;
export function uid(): string {
  uidCounter++;
  const h = uidCounter.toString(16).padStart(12, '0');
  return `5f3c1a2e-7b4d-4c8e-9a1f-${h}`;
}
export function resetUids(): void {
  uidCounter = 0;
}

export function list(items: unknown[]): string {
  return `${JSON.stringify({ apiVersion: 'v1', items, kind: 'List', metadata: { resourceVersion: '' } }, null, 4)}\n`;
}

export interface NodeSpec {
  name: string;
  ip: string;
  podCIDR?: string;
  ready?: { status: 'True' | 'False' | 'Unknown'; reason: string; message: string };
  networkUnavailable?: { status: 'True' | 'False'; reason: string; message: string };
  kernel?: string;
  os?: string;
  runtime?: string;
  kubelet?: string;
  controlPlane?: boolean;
  instanceType?: string;
  maxPods?: number;
  annotations?: Record<string, string>;
  providerID?: string;
}

export function node(s: NodeSpec) {
  const labels: Record<string, string> = {
    'beta.kubernetes.io/arch': 'amd64',
    'beta.kubernetes.io/os': 'linux',
    'kubernetes.io/arch': 'amd64',
    'kubernetes.io/hostname': s.name,
    'kubernetes.io/os': 'linux',
  };
  if (s.controlPlane) labels['node-role.kubernetes.io/control-plane'] = '';
  if (s.instanceType) {
    labels['node.kubernetes.io/instance-type'] = s.instanceType;
    labels['beta.kubernetes.io/instance-type'] = s.instanceType;
  }
  const ready = s.ready ?? { status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status' };
  const conditions: unknown[] = [];
  if (s.networkUnavailable) {
    conditions.push({ lastHeartbeatTime: T(0, 9), lastTransitionTime: T(0, 9), ...s.networkUnavailable, type: 'NetworkUnavailable' });
  }
  conditions.push(
    { lastHeartbeatTime: T(14), lastTransitionTime: T(0, 9), message: 'kubelet has sufficient memory available', reason: 'KubeletHasSufficientMemory', status: 'False', type: 'MemoryPressure' },
    { lastHeartbeatTime: T(14), lastTransitionTime: T(0, 9), message: 'kubelet has no disk pressure', reason: 'KubeletHasNoDiskPressure', status: 'False', type: 'DiskPressure' },
    { lastHeartbeatTime: T(14), lastTransitionTime: T(0, 9), message: 'kubelet has sufficient PID available', reason: 'KubeletHasSufficientPID', status: 'False', type: 'PIDPressure' },
    { lastHeartbeatTime: T(14), lastTransitionTime: T(2), message: ready.message, reason: ready.reason, status: ready.status, type: 'Ready' },
  );
  const maxPods = String(s.maxPods ?? 110);
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      annotations: { 'node.alpha.kubernetes.io/ttl': '0', 'volumes.kubernetes.io/controller-managed-attach-detach': 'true', ...(s.annotations ?? {}) },
      creationTimestamp: '2026-11-20T08:00:00Z',
      labels,
      name: s.name,
      resourceVersion: '918273',
      uid: uid(),
    },
    spec: {
      ...(s.podCIDR ? { podCIDR: s.podCIDR, podCIDRs: [s.podCIDR] } : {}),
      ...(s.providerID ? { providerID: s.providerID } : {}),
      ...(s.controlPlane ? { taints: [{ effect: 'NoSchedule', key: 'node-role.kubernetes.io/control-plane' }] } : {}),
    },
    status: {
      addresses: [
        { address: s.ip, type: 'InternalIP' },
        { address: s.name, type: 'Hostname' },
      ],
      allocatable: { cpu: '2', 'ephemeral-storage': '47266578354', memory: '7902084Ki', pods: maxPods },
      capacity: { cpu: '2', 'ephemeral-storage': '51287520Ki', memory: '8004484Ki', pods: maxPods },
      conditions,
      daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
      nodeInfo: {
        architecture: 'amd64',
        bootID: uid(),
        containerRuntimeVersion: s.runtime ?? 'containerd://1.7.22',
        kernelVersion: s.kernel ?? '6.1.0-27-cloud-amd64',
        kubeProxyVersion: s.kubelet ?? 'v1.30.4',
        kubeletVersion: s.kubelet ?? 'v1.30.4',
        machineID: uid().replace(/-/g, ''),
        operatingSystem: 'linux',
        osImage: s.os ?? 'Debian GNU/Linux 12 (bookworm)',
        systemUUID: uid(),
      },
    },
  };
}

export interface ContainerSpec {
  name: string;
  image: string;
  ready?: boolean;
  restartCount?: number;
  waiting?: { reason: string; message?: string };
  lastTerminated?: { reason: string; exitCode: number };
  memoryLimit?: string;
  env?: Record<string, string>;
}

export interface PodSpec {
  namespace: string;
  name: string;
  node?: string;
  phase?: string;
  ip?: string;
  hostIP?: string;
  hostNetwork?: boolean;
  labels?: Record<string, string>;
  owner?: { kind: string; name: string };
  containers: ContainerSpec[];
  initContainers?: ContainerSpec[];
  created?: string;
}

function containerStatus(c: ContainerSpec, running: boolean) {
  const ready = c.ready ?? running;
  const state = c.waiting
    ? { waiting: { reason: c.waiting.reason, ...(c.waiting.message ? { message: c.waiting.message } : {}) } }
    : running
      ? { running: { startedAt: T(3) } }
      : { waiting: { reason: 'ContainerCreating' } };
  return {
    containerID: running || c.waiting?.reason === 'CrashLoopBackOff' ? `containerd://${uid().replace(/-/g, '')}${uid().replace(/-/g, '').slice(0, 32)}` : undefined,
    image: c.image,
    imageID: running ? `${c.image.split(':')[0]}@sha256:${'ab12'.repeat(16)}` : '',
    lastState: c.lastTerminated ? { terminated: { containerID: 'containerd://0f1e2d3c', exitCode: c.lastTerminated.exitCode, finishedAt: T(10), reason: c.lastTerminated.reason, startedAt: T(8) } } : {},
    name: c.name,
    ready,
    restartCount: c.restartCount ?? 0,
    started: running && ready,
    state,
  };
}

export function pod(s: PodSpec) {
  const phase = s.phase ?? 'Running';
  const running = phase === 'Running';
  const creating = phase === 'Pending' && !!s.node;
  const allReady = s.containers.every((c) => (c.ready ?? running) && !c.waiting);
  const spec = (c: ContainerSpec) => ({
    ...(c.env ? { env: Object.entries(c.env).map(([name, value]) => ({ name, value })) } : {}),
    image: c.image,
    imagePullPolicy: 'IfNotPresent',
    name: c.name,
    resources: c.memoryLimit ? { limits: { memory: c.memoryLimit }, requests: { cpu: '100m', memory: c.memoryLimit } } : { requests: { cpu: '100m' } },
    terminationMessagePath: '/dev/termination-log',
    terminationMessagePolicy: 'File',
  });
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      creationTimestamp: s.created ?? T(0, 9),
      ...(s.owner ? { generateName: `${s.owner.name}-` } : {}),
      labels: s.labels ?? {},
      name: s.name,
      namespace: s.namespace,
      ...(s.owner ? { ownerReferences: [{ apiVersion: s.owner.kind === 'DaemonSet' ? 'apps/v1' : 'apps/v1', blockOwnerDeletion: true, controller: true, kind: s.owner.kind, name: s.owner.name, uid: uid() }] } : {}),
      resourceVersion: '88123',
      uid: uid(),
    },
    spec: {
      containers: s.containers.map(spec),
      dnsPolicy: s.hostNetwork ? 'ClusterFirstWithHostNet' : 'ClusterFirst',
      enableServiceLinks: true,
      ...(s.hostNetwork ? { hostNetwork: true } : {}),
      ...(s.initContainers ? { initContainers: s.initContainers.map(spec) } : {}),
      ...(s.node ? { nodeName: s.node } : {}),
      preemptionPolicy: 'PreemptLowerPriority',
      priority: s.namespace === 'kube-system' ? 2000001000 : 0,
      restartPolicy: 'Always',
      schedulerName: 'default-scheduler',
      serviceAccountName: 'default',
      terminationGracePeriodSeconds: 30,
    },
    status: {
      conditions: [
        { lastProbeTime: null, lastTransitionTime: T(1), status: running ? 'True' : 'False', type: 'PodReadyToStartContainers' },
        { lastProbeTime: null, lastTransitionTime: T(1), status: 'True', type: 'Initialized' },
        { lastProbeTime: null, lastTransitionTime: T(3), status: running && allReady ? 'True' : 'False', type: 'Ready' },
        { lastProbeTime: null, lastTransitionTime: T(3), status: running && allReady ? 'True' : 'False', type: 'ContainersReady' },
        { lastProbeTime: null, lastTransitionTime: T(0, 9), status: s.node ? 'True' : 'False', type: 'PodScheduled' },
      ],
      containerStatuses: s.node ? s.containers.map((c) => containerStatus(c, running)) : undefined,
      ...(s.initContainers && s.node ? { initContainerStatuses: s.initContainers.map((c) => ({ ...containerStatus(c, false), ready: true, state: { terminated: { exitCode: 0, reason: 'Completed', startedAt: T(0, 9), finishedAt: T(0, 9) } } })) } : {}),
      ...(s.hostIP ? { hostIP: s.hostIP, hostIPs: [{ ip: s.hostIP }] } : {}),
      phase,
      ...(s.ip && !creating ? { podIP: s.ip, podIPs: [{ ip: s.ip }] } : {}),
      qosClass: 'Burstable',
      startTime: T(0, 9),
    },
  };
}

export interface WorkloadSpec {
  namespace: string;
  name: string;
  selector: Record<string, string>;
  containers: ContainerSpec[];
  initContainers?: ContainerSpec[];
  hostPaths?: Record<string, string>;
  desired: number;
  ready: number;
  available?: number;
}

function template(s: WorkloadSpec) {
  const spec = (c: ContainerSpec) => ({
    ...(c.env ? { env: Object.entries(c.env).map(([name, value]) => ({ name, value })) } : {}),
    image: c.image,
    imagePullPolicy: 'IfNotPresent',
    name: c.name,
    resources: c.memoryLimit ? { limits: { memory: c.memoryLimit }, requests: { cpu: '100m', memory: c.memoryLimit } } : { requests: { cpu: '250m' } },
  });
  return {
    metadata: { creationTimestamp: null, labels: s.selector },
    spec: {
      containers: s.containers.map(spec),
      ...(s.initContainers ? { initContainers: s.initContainers.map(spec) } : {}),
      ...(s.hostPaths ? { volumes: Object.entries(s.hostPaths).map(([name, path]) => ({ hostPath: { path, type: '' }, name })) } : {}),
    },
  };
}

export function daemonSet(s: WorkloadSpec) {
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { annotations: { 'deprecated.daemonset.template.generation': '1' }, creationTimestamp: '2026-11-20T08:01:00Z', generation: 1, labels: s.selector, name: s.name, namespace: s.namespace, resourceVersion: '77665', uid: uid() },
    spec: { revisionHistoryLimit: 10, selector: { matchLabels: s.selector }, template: template(s), updateStrategy: { rollingUpdate: { maxSurge: 0, maxUnavailable: 1 }, type: 'RollingUpdate' } },
    status: {
      currentNumberScheduled: s.desired,
      desiredNumberScheduled: s.desired,
      numberAvailable: s.available ?? s.ready,
      numberMisscheduled: 0,
      numberReady: s.ready,
      ...(s.desired - s.ready > 0 ? { numberUnavailable: s.desired - s.ready } : {}),
      observedGeneration: 1,
      updatedNumberScheduled: s.desired,
    },
  };
}

export function deployment(s: WorkloadSpec) {
  const available = s.available ?? s.ready;
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { annotations: { 'deployment.kubernetes.io/revision': '1' }, creationTimestamp: '2026-11-20T08:01:00Z', generation: 1, labels: s.selector, name: s.name, namespace: s.namespace, resourceVersion: '77666', uid: uid() },
    spec: { progressDeadlineSeconds: 600, replicas: s.desired, revisionHistoryLimit: 10, selector: { matchLabels: s.selector }, strategy: { rollingUpdate: { maxSurge: '25%', maxUnavailable: 1 }, type: 'RollingUpdate' }, template: template(s) },
    status: {
      ...(available ? { availableReplicas: available } : {}),
      conditions: [{ lastTransitionTime: T(0, 9), lastUpdateTime: T(0, 9), message: available >= s.desired ? 'Deployment has minimum availability.' : 'Deployment does not have minimum availability.', reason: available >= s.desired ? 'MinimumReplicasAvailable' : 'MinimumReplicasUnavailable', status: available >= s.desired ? 'True' : 'False', type: 'Available' }],
      observedGeneration: 1,
      ...(s.ready ? { readyReplicas: s.ready } : {}),
      replicas: s.desired,
      ...(s.desired - available > 0 ? { unavailableReplicas: s.desired - available } : {}),
      updatedReplicas: s.desired,
    },
  };
}

export interface EventSpec {
  namespace: string;
  object: { kind: string; name: string; namespace?: string };
  reason: string;
  message: string;
  type?: 'Normal' | 'Warning';
  count?: number;
  first?: string;
  last?: string;
  host?: string;
  component?: string;
}

let eventCounter = 0;
/** Resets every counter the builders use, so a generator run does not depend on what ran before it. */
export function resetCounters(): void {
  uidCounter = 0;
  eventCounter = 0;
}
export function event(s: EventSpec) {
  eventCounter++;
  const name = `${s.object.name}.18${(0xabc000 + eventCounter).toString(16)}`;
  return {
    apiVersion: 'v1',
    count: s.count ?? 1,
    eventTime: null,
    firstTimestamp: s.first ?? s.last ?? T(5),
    involvedObject: { apiVersion: s.object.kind === 'Node' ? 'v1' : 'v1', kind: s.object.kind, name: s.object.name, ...(s.object.kind !== 'Node' ? { namespace: s.object.namespace ?? s.namespace } : {}), uid: uid() },
    kind: 'Event',
    lastTimestamp: s.last ?? T(5),
    message: s.message,
    metadata: { creationTimestamp: s.first ?? s.last ?? T(5), name, namespace: s.namespace, resourceVersion: String(90000 + eventCounter), uid: uid() },
    reason: s.reason,
    reportingComponent: s.component ?? 'kubelet',
    reportingInstance: s.host ?? '',
    source: { component: s.component ?? 'kubelet', ...(s.host ? { host: s.host } : {}) },
    type: s.type ?? 'Normal',
  };
}

export function namespace(name: string, extra: Record<string, string> = {}) {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { creationTimestamp: '2026-11-20T08:00:00Z', labels: { 'kubernetes.io/metadata.name': name, ...extra }, name, resourceVersion: '12', uid: uid() }, spec: { finalizers: ['kubernetes'] }, status: { phase: 'Active' } };
}

export function service(ns: string, name: string, clusterIP: string, selector: Record<string, string> | undefined, ports: { name: string; port: number; protocol: string }[], labels: Record<string, string> = {}) {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { creationTimestamp: '2026-11-20T08:00:00Z', labels, name, namespace: ns, resourceVersion: '233', uid: uid() },
    spec: { clusterIP, clusterIPs: [clusterIP], internalTrafficPolicy: 'Cluster', ipFamilies: ['IPv4'], ipFamilyPolicy: 'SingleStack', ports: ports.map((p) => ({ ...p, targetPort: p.port })), ...(selector ? { selector } : {}), sessionAffinity: 'None', type: 'ClusterIP' },
    status: { loadBalancer: {} },
  };
}

export function endpointSlice(ns: string, service: string, addresses: { ip: string; ready: boolean; node: string }[]) {
  return {
    addressType: 'IPv4',
    apiVersion: 'discovery.k8s.io/v1',
    endpoints: addresses.map((a) => ({ addresses: [a.ip], conditions: { ready: a.ready, serving: a.ready, terminating: false }, nodeName: a.node })),
    kind: 'EndpointSlice',
    metadata: { creationTimestamp: '2026-11-20T08:00:00Z', generateName: `${service}-`, labels: { 'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io', 'kubernetes.io/service-name': service }, name: `${service}-x7k2p`, namespace: ns, resourceVersion: '345', uid: uid() },
    ports: [{ name: 'dns', port: 53, protocol: 'UDP' }, { name: 'dns-tcp', port: 53, protocol: 'TCP' }],
  };
}

export function configMap(ns: string, name: string, data: Record<string, string>) {
  return { apiVersion: 'v1', data, kind: 'ConfigMap', metadata: { creationTimestamp: '2026-11-20T08:00:00Z', name, namespace: ns, resourceVersion: '456', uid: uid() } };
}

export function networkPolicy(ns: string, name: string, spec: unknown) {
  return { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { creationTimestamp: '2026-11-25T08:00:00Z', generation: 1, name, namespace: ns, resourceVersion: '5678', uid: uid() }, spec };
}

export function custom(apiVersion: string, kind: string, name: string, spec: unknown, extra: Record<string, unknown> = {}) {
  return { apiVersion, kind, metadata: { creationTimestamp: '2026-11-20T08:02:00Z', generation: 1, name, resourceVersion: '789', uid: uid() }, spec, ...extra };
}
