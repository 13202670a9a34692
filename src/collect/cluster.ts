// The cluster-wide steps of `collect`: what the credentials allow, the API objects (each List
// streamed through a scratch file, cleaned and redacted item by item), the CNI ConfigMaps, custom
// resources where their CRDs exist, and `kubectl top`.
import { createReadStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { readJsonList } from '../bundle/json-list.js';
import { reducePod } from '../bundle/k8s.js';
import { CLUSTER_LISTS, CUSTOM_DIR, TOP_NODES_PATH, TOP_PODS_PATH } from '../bundle/layout.js';
import { ListFileWriter } from '../bundle/list-writer.js';
import { CONFIG_NAMESPACES, CUSTOM_GROUPS } from '../cni/index.js';
import type { PodRecord } from '../model/k8s.js';
import { pool, runKubectl } from './kubectl.js';
import type { CollectRun } from './run.js';
import type { NodeState } from './select-nodes.js';

/** What planning keeps of the cluster Lists; the rest is only written to the bundle. */
export interface ClusterPlanData {
  namespaces: Set<string> | undefined;
  nodes: NodeState[];
  /** Agent pods (DaemonSets) and pods of the CNI namespaces (CoreDNS, kube-proxy). */
  pods: PodRecord[];
  /** The spec of each agent pod, for its host mounts. */
  rawAgentPods: Map<string, unknown>;
  podNode: Map<string, string>;
  sandboxEvents: { source?: { host?: string }; involvedObject?: { kind?: string; name?: string; namespace?: string } }[];
  daemonsets: unknown[];
}

/** Says what the credentials will not allow, so the user knows what will be missing. */
export async function checkAccess(run: CollectRun): Promise<void> {
  const checks: [string, string, string][] = [
    ['list', 'pods', 'pods'],
    ['list', 'nodes', 'nodes'],
    ['list', 'events', 'events'],
    ['list', 'daemonsets.apps', 'CNI agent DaemonSets'],
    ['list', 'networkpolicies.networking.k8s.io', 'NetworkPolicies (the DNS-by-policy check)'],
    ['create', 'pods/exec', 'node data and plugin outputs'],
    ['get', 'pods/log', 'logs'],
    ['list', 'configmaps', 'CNI ConfigMaps'],
  ];
  run.total += checks.length;
  for (const [verb, resource, what] of checks) {
    run.progress(`kubectl auth can-i ${verb} ${resource}`);
    const r = await runKubectl(run.k, ['auth', 'can-i', verb, resource, '--all-namespaces']);
    run.done++;
    run.record(r, null, null, undefined, r.exitCode === 0 || /^no\b/m.test(r.stdout.toString()) ? null : r.error);
    if (/^no\b/m.test(r.stdout.toString('utf8'))) run.warn(`your credentials cannot ${verb} ${resource.split('.')[0]}: ${what} will be missing from the bundle`);
  }
}

/** Drops what a bundle never needs: managed fields and last-applied annotations. */
function clean(obj: unknown): unknown {
  if (!obj || typeof obj !== 'object') return obj;
  const o = obj as { metadata?: { managedFields?: unknown; annotations?: Record<string, string> } };
  if (o.metadata) {
    delete o.metadata.managedFields;
    if (o.metadata.annotations) {
      delete o.metadata.annotations['kubectl.kubernetes.io/last-applied-configuration'];
      if (!Object.keys(o.metadata.annotations).length) delete o.metadata.annotations;
    }
  }
  return obj;
}

/**
 * The API objects. kubectl writes each List to a scratch file; it is read back one item at a time,
 * cleaned and redacted into the List the bundle gets (also a file), and only what planning needs is
 * kept in memory: a 150,000-pod cluster's pods.json is about 1 GB.
 */
export async function collectClusterObjects(run: CollectRun): Promise<ClusterPlanData> {
  const scratch = mkdtempSync(path.join(tmpdir(), 'cni-doctor-collect-scratch-'));
  const removeScratch = () => rmSync(scratch, { recursive: true, force: true });
  // Removed below once the Lists are in the bundle; if an error ends the process first, on exit.
  process.once('exit', removeScratch);
  let scratchFiles = 0;
  const getList = async (args: string[], bundleFile: string, keep: (item: unknown) => void = () => undefined): Promise<string | undefined> => {
    if (run.aborted()) {
      run.skip(['kubectl', ...args], bundleFile, null, 'interrupted before it ran (Ctrl-C or the overall deadline)');
      return undefined;
    }
    run.progress(`kubectl ${args.join(' ')}`);
    const n = scratchFiles++;
    const fromKubectl = path.join(scratch, `${n}.kubectl.json`);
    const r = await runKubectl(run.k, args, undefined, fromKubectl);
    run.done++;
    run.record(r, bundleFile, null);
    if (r.exitCode !== 0) return undefined;
    const staged = path.join(scratch, `${n}.bundle.json`);
    const out = new ListFileWriter(staged);
    const result = await readJsonList(createReadStream(fromKubectl), (item) => {
      const o = run.redactor.object(clean(item.value));
      out.add(o);
      keep(o);
    });
    out.close();
    rmSync(fromKubectl, { force: true });
    if (result.error) {
      run.commands[run.commands.length - 1]!.error = 'exec-failed';
      run.commands[run.commands.length - 1]!.stderr = `output is not JSON: ${result.error.message}`;
      return undefined;
    }
    return staged;
  };

  const plan: ClusterPlanData = { namespaces: undefined, nodes: [], pods: [], rawAgentPods: new Map(), podNode: new Map(), sandboxEvents: [], daemonsets: [] };
  const keepers: Partial<Record<keyof typeof CLUSTER_LISTS, (item: unknown) => void>> = {
    namespaces: (o) => {
      const name = (o as { metadata?: { name?: string } }).metadata?.name;
      (plan.namespaces ??= new Set()).add(name ?? '');
    },
    nodes: (o) => {
      const n = o as { metadata?: { name?: string }; status?: { conditions?: { type: string; status: string }[] } };
      plan.nodes.push({ name: n.metadata?.name ?? '', conditions: (n.status?.conditions ?? []).map((c) => ({ type: c.type, status: c.status })) });
    },
    pods: (o) => {
      const p = reducePod(o, CLUSTER_LISTS.pods, plan.podNode.size);
      if (!p) return;
      if (p.nodeName) plan.podNode.set(`${p.namespace}/${p.name}`, p.nodeName);
      if (p.ownerKind === 'DaemonSet' || CONFIG_NAMESPACES.includes(p.namespace)) {
        plan.pods.push(p);
        if (p.ownerKind === 'DaemonSet') plan.rawAgentPods.set(`${p.namespace}/${p.name}`, { spec: (o as { spec?: unknown }).spec });
      }
    },
    events: (o) => {
      const ev = o as { reason?: string } & ClusterPlanData['sandboxEvents'][number];
      if (ev.reason === 'FailedCreatePodSandBox') plan.sandboxEvents.push({ source: ev.source, involvedObject: ev.involvedObject });
    },
    daemonsets: (o) => plan.daemonsets.push(o),
  };

  const lists: [keyof typeof CLUSTER_LISTS, string[]][] = [
    ['namespaces', ['get', 'namespaces', '-o', 'json']],
    ['nodes', ['get', 'nodes', '-o', 'json']],
    ['pods', ['get', 'pods', '-A', '-o', 'json']],
    ['events', ['get', 'events', '-A', '-o', 'json']],
    ['daemonsets', ['get', 'daemonsets', '-A', '-o', 'json']],
    ['deployments', ['get', 'deployments', '-A', '-o', 'json']],
    ['services', ['get', 'services', '-A', '-o', 'json']],
    ['endpointslices', ['get', 'endpointslices', '-A', '-o', 'json']],
    ['networkpolicies', ['get', 'networkpolicies', '-A', '-o', 'json']],
  ];
  run.total += lists.length;
  const staged: Partial<Record<keyof typeof CLUSTER_LISTS, string>> = {};
  try {
    await pool(lists, run.opts.concurrency, async ([name, args]) => {
      const file = await getList(args, CLUSTER_LISTS[name], keepers[name]);
      if (file) staged[name] = file;
    });
    // Written in a fixed order once all are in (the writer serialises entries).
    for (const [name] of lists) if (staged[name]) await run.writer.addFile(CLUSTER_LISTS[name], staged[name]!);
  } finally {
    for (const file of Object.values(staged)) rmSync(file, { force: true });
  }

  // ConfigMaps of the CNIs' namespaces that exist, merged into one List.
  const cms: unknown[] = [];
  let cmOk = false;
  for (const ns of CONFIG_NAMESPACES.filter((n) => plan.namespaces?.has(n) ?? true)) {
    const file = await getList(['get', 'configmaps', '-n', ns, '-o', 'json'], CLUSTER_LISTS.configmaps, (o) => cms.push(o));
    if (file) {
      cmOk = true;
      rmSync(file, { force: true });
    }
  }
  if (cmOk) await run.writer.add(CLUSTER_LISTS.configmaps, `${JSON.stringify({ apiVersion: 'v1', items: cms, kind: 'List', metadata: { resourceVersion: '' } }, null, 4)}\n`);

  // Custom resources of the CNIs' API groups, only where their CRD exists.
  const apiRes = await runKubectl(run.k, ['api-resources', '-o', 'name']);
  run.record(apiRes, null, null);
  const customNames = apiRes.stdout
    .toString('utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter((n) => CUSTOM_GROUPS.some((g) => n.endsWith(`.${g}`)))
    .sort();
  run.total += customNames.length;
  for (const name of customNames) {
    const target = `${CUSTOM_DIR}${name}.json`;
    const file = await getList(['get', name, '-A', '-o', 'json'], target);
    if (!file) continue;
    try {
      await run.writer.addFile(target, file);
    } finally {
      rmSync(file, { force: true });
    }
  }
  removeScratch();
  process.removeListener('exit', removeScratch);

  for (const [args, bundleFile] of [[['top', 'nodes'], TOP_NODES_PATH], [['top', 'pods', '-A'], TOP_PODS_PATH]] as const) {
    const r = await runKubectl(run.k, [...args]);
    run.record(r, bundleFile, null);
    if (r.exitCode === 0) await run.writer.add(bundleFile, r.stdout);
  }
  return plan;
}
