// Server-side printing: the Table (meta.k8s.io/v1) kubectl asks for, with the columns the real API
// server's printers use. AGE is computed against the time the bundle was collected.
import type { K8sObject, ResourceType } from './store.js';

export interface Column {
  name: string;
  type: string;
  format?: string;
  description: string;
  priority: number;
}

type Cell = string | number;
type Printer = { columns: Column[]; cells: (o: K8sObject, now: number) => Cell[] };

const col = (name: string, priority = 0, type = 'string', format?: string): Column => ({ name, type, ...(format ? { format } : {}), description: name, priority });

/** Kubernetes' duration format: 45s, 12m, 5h, 3d, 2y. */
export function age(timestamp: unknown, now: number): string {
  const t = typeof timestamp === 'string' ? Date.parse(timestamp) : NaN;
  if (Number.isNaN(t) || Number.isNaN(now)) return '<unknown>';
  const s = Math.max(0, Math.floor((now - t) / 1000));
  if (s < 120) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 10) return `${m}m${s % 60 ? `${s % 60}s` : ''}`;
  if (m < 180) return `${m}m`;
  const h = Math.floor(m / 60);
  if (h < 8) return `${h}h${m % 60 ? `${m % 60}m` : ''}`;
  if (h < 48) return `${h}h`;
  const d = Math.floor(h / 24);
  if (d < 8) return `${d}d${h % 24 ? `${h % 24}h` : ''}`;
  if (d < 365 * 2) return `${d}d`;
  return `${Math.floor(d / 365)}y`;
}

const get = (o: unknown, path: string): unknown => path.split('.').reduce<unknown>((c, k) => (c && typeof c === 'object' ? (c as Record<string, unknown>)[k] : undefined), o);
const str = (v: unknown, dflt = '<none>') => (v === undefined || v === null || v === '' ? dflt : String(v));
const arr = (v: unknown): Record<string, unknown>[] => (Array.isArray(v) ? (v as Record<string, unknown>[]) : []);

function podStatus(o: K8sObject): { ready: string; status: string; restarts: string } {
  const statuses = arr(get(o, 'status.containerStatuses'));
  const specs = arr(get(o, 'spec.containers'));
  const ready = statuses.filter((c) => c.ready === true).length;
  let status = str(get(o, 'status.reason'), '') || str(get(o, 'status.phase'), 'Unknown');
  const init = arr(get(o, 'status.initContainerStatuses'));
  const waitingInit = init.find((c) => get(c, 'state.waiting.reason') || (get(c, 'state.terminated.exitCode') !== undefined && get(c, 'state.terminated.exitCode') !== 0));
  if (waitingInit) status = `Init:${str(get(waitingInit, 'state.waiting.reason') ?? get(waitingInit, 'state.terminated.reason'), 'Error')}`;
  else {
    for (const c of statuses) {
      const w = get(c, 'state.waiting.reason');
      const t = get(c, 'state.terminated.reason');
      if (w) status = String(w);
      else if (t) status = String(t);
    }
  }
  if (get(o, 'metadata.deletionTimestamp')) status = 'Terminating';
  const restarts = statuses.reduce((s, c) => s + (typeof c.restartCount === 'number' ? c.restartCount : 0), 0);
  return { ready: `${ready}/${specs.length || statuses.length}`, status, restarts: String(restarts) };
}

const PRINTERS: Record<string, Printer> = {
  '/pods': {
    columns: [col('Name', 0, 'string', 'name'), col('Ready'), col('Status'), col('Restarts', 0, 'string'), col('Age'), col('IP', 1), col('Node', 1), col('Nominated Node', 1), col('Readiness Gates', 1)],
    cells: (o, now) => {
      const s = podStatus(o);
      return [str(o.metadata?.name), s.ready, s.status, s.restarts, age(o.metadata?.creationTimestamp, now), str(get(o, 'status.podIP')), str(get(o, 'spec.nodeName')), str(get(o, 'status.nominatedNodeName')), '<none>'];
    },
  },
  '/nodes': {
    columns: [col('Name', 0, 'string', 'name'), col('Status'), col('Roles'), col('Age'), col('Version'), col('Internal-IP', 1), col('External-IP', 1), col('OS-Image', 1), col('Kernel-Version', 1), col('Container-Runtime', 1)],
    cells: (o, now) => {
      const conds = arr(get(o, 'status.conditions'));
      const ready = conds.find((c) => c.type === 'Ready');
      let status = ready?.status === 'True' ? 'Ready' : ready ? 'NotReady' : 'Unknown';
      if (get(o, 'spec.unschedulable')) status += ',SchedulingDisabled';
      const roles = Object.keys(o.metadata?.labels ?? {}).filter((k) => k.startsWith('node-role.kubernetes.io/')).map((k) => k.slice('node-role.kubernetes.io/'.length)).sort();
      const addr = (t: string) => str(arr(get(o, 'status.addresses')).find((a) => a.type === t)?.address);
      return [str(o.metadata?.name), status, roles.join(',') || '<none>', age(o.metadata?.creationTimestamp, now), str(get(o, 'status.nodeInfo.kubeletVersion'), ''), addr('InternalIP'), addr('ExternalIP'), str(get(o, 'status.nodeInfo.osImage')), str(get(o, 'status.nodeInfo.kernelVersion')), str(get(o, 'status.nodeInfo.containerRuntimeVersion'))];
    },
  },
  '/namespaces': {
    columns: [col('Name', 0, 'string', 'name'), col('Status'), col('Age')],
    cells: (o, now) => [str(o.metadata?.name), str(get(o, 'status.phase'), 'Active'), age(o.metadata?.creationTimestamp, now)],
  },
  '/events': {
    columns: [col('Last Seen'), col('Type'), col('Reason'), col('Object'), col('Subobject', 1), col('Source', 1), col('Message'), col('First Seen', 1), col('Count', 1), col('Name', 1)],
    cells: (o, now) => {
      const last = get(o, 'lastTimestamp') ?? get(o, 'eventTime') ?? get(o, 'series.lastObservedTime') ?? o.metadata?.creationTimestamp;
      const kind = str(get(o, 'involvedObject.kind'), '').toLowerCase();
      return [age(last, now), str(get(o, 'type'), ''), str(get(o, 'reason'), ''), `${kind}/${str(get(o, 'involvedObject.name'), '')}`, str(get(o, 'involvedObject.fieldPath'), ''), [get(o, 'source.component'), get(o, 'source.host')].filter(Boolean).join(', '), str(get(o, 'message'), ''), age(get(o, 'firstTimestamp') ?? last, now), String(get(o, 'count') ?? 1), str(o.metadata?.name)];
    },
  },
  '/services': {
    columns: [col('Name', 0, 'string', 'name'), col('Type'), col('Cluster-IP'), col('External-IP'), col('Port(s)'), col('Age'), col('Selector', 1)],
    cells: (o, now) => {
      const ports = arr(get(o, 'spec.ports')).map((p) => `${p.port}${p.nodePort ? `:${p.nodePort}` : ''}/${p.protocol ?? 'TCP'}`);
      const sel = Object.entries((get(o, 'spec.selector') as Record<string, string>) ?? {}).map(([k, v]) => `${k}=${v}`);
      return [str(o.metadata?.name), str(get(o, 'spec.type'), 'ClusterIP'), str(get(o, 'spec.clusterIP')), '<none>', ports.join(',') || '<none>', age(o.metadata?.creationTimestamp, now), sel.join(',') || '<none>'];
    },
  },
  '/configmaps': {
    columns: [col('Name', 0, 'string', 'name'), col('Data', 0, 'integer'), col('Age')],
    cells: (o, now) => [str(o.metadata?.name), Object.keys((o.data as object) ?? {}).length, age(o.metadata?.creationTimestamp, now)],
  },
  'apps/daemonsets': {
    columns: [col('Name', 0, 'string', 'name'), col('Desired', 0, 'integer'), col('Current', 0, 'integer'), col('Ready', 0, 'integer'), col('Up-to-date', 0, 'integer'), col('Available', 0, 'integer'), col('Node Selector'), col('Age'), col('Containers', 1), col('Images', 1), col('Selector', 1)],
    cells: (o, now) => {
      const n = (p: string) => Number(get(o, p) ?? 0);
      const ns = Object.entries((get(o, 'spec.template.spec.nodeSelector') as Record<string, string>) ?? {}).map(([k, v]) => `${k}=${v}`);
      const cs = arr(get(o, 'spec.template.spec.containers'));
      const sel = Object.entries((get(o, 'spec.selector.matchLabels') as Record<string, string>) ?? {}).map(([k, v]) => `${k}=${v}`);
      return [str(o.metadata?.name), n('status.desiredNumberScheduled'), n('status.currentNumberScheduled'), n('status.numberReady'), n('status.updatedNumberScheduled'), n('status.numberAvailable'), ns.join(',') || '<none>', age(o.metadata?.creationTimestamp, now), cs.map((c) => c.name).join(','), cs.map((c) => c.image).join(','), sel.join(',')];
    },
  },
  'apps/deployments': {
    columns: [col('Name', 0, 'string', 'name'), col('Ready'), col('Up-to-date', 0, 'integer'), col('Available', 0, 'integer'), col('Age'), col('Containers', 1), col('Images', 1), col('Selector', 1)],
    cells: (o, now) => {
      const n = (p: string) => Number(get(o, p) ?? 0);
      const cs = arr(get(o, 'spec.template.spec.containers'));
      const sel = Object.entries((get(o, 'spec.selector.matchLabels') as Record<string, string>) ?? {}).map(([k, v]) => `${k}=${v}`);
      return [str(o.metadata?.name), `${n('status.readyReplicas')}/${n('spec.replicas')}`, n('status.updatedReplicas'), n('status.availableReplicas'), age(o.metadata?.creationTimestamp, now), cs.map((c) => c.name).join(','), cs.map((c) => c.image).join(','), sel.join(',')];
    },
  },
  'networking.k8s.io/networkpolicies': {
    columns: [col('Name', 0, 'string', 'name'), col('Pod-Selector'), col('Age')],
    cells: (o, now) => {
      const sel = Object.entries((get(o, 'spec.podSelector.matchLabels') as Record<string, string>) ?? {}).map(([k, v]) => `${k}=${v}`);
      return [str(o.metadata?.name), sel.join(',') || '<none>', age(o.metadata?.creationTimestamp, now)];
    },
  },
  'discovery.k8s.io/endpointslices': {
    columns: [col('Name', 0, 'string', 'name'), col('AddressType'), col('Ports'), col('Endpoints'), col('Age')],
    cells: (o, now) => {
      const ports = arr(get(o, 'ports')).map((p) => String(p.port)).join(',');
      const eps = arr(get(o, 'endpoints')).flatMap((e) => arr(e.addresses).map(String));
      return [str(o.metadata?.name), str(get(o, 'addressType')), ports || '<unset>', eps.length ? `${eps.slice(0, 3).join(',')}${eps.length > 3 ? ` + ${eps.length - 3} more...` : ''}` : '<none>', age(o.metadata?.creationTimestamp, now)];
    },
  },
};

const DEFAULT_PRINTER: Printer = {
  columns: [col('Name', 0, 'string', 'name'), col('Age')],
  cells: (o, now) => [str(o.metadata?.name), age(o.metadata?.creationTimestamp, now)],
};

export function toTable(r: ResourceType, items: K8sObject[], now: number, includeObject: 'None' | 'Metadata' | 'Object') {
  const printer = PRINTERS[`${r.group}/${r.plural}`] ?? DEFAULT_PRINTER;
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    columnDefinitions: printer.columns,
    rows: items.map((o) => ({
      cells: printer.cells(o, now),
      ...(includeObject === 'None'
        ? {}
        : { object: includeObject === 'Object' ? o : { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: o.metadata ?? {} } }),
    })),
  };
}
