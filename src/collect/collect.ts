// `cni-doctor collect`: gather a bundle (docs/bundle-format.md) with the user's own kubectl. Nothing
// is fatal but an unreachable API server: every command has a timeout, its failure is classified and
// recorded in the manifest, and the bundle is written whatever happens.
import path from 'node:path';
import { createReadStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { reducePod, reduceWorkload } from '../bundle/k8s.js';
import type { PodRecord } from '../model/k8s.js';
import { readJsonList } from '../bundle/json-list.js';
import { ListFileWriter } from '../bundle/list-writer.js';
import { CLUSTER_LISTS, MANIFEST_PATH, NODE_FILES, encodePathSegment, logFilePath, nodeFilePath, type Manifest, type ManifestCommand } from '../bundle/layout.js';
import { CONFIG_NAMESPACES, CUSTOM_GROUPS, clusterCommandsFor, findAgentWorkloads, nodeCommandsFor, type PluginId } from '../cni/index.js';
import { cniConfigOutput, HOST_COMMANDS, HOST_CNI_BIN_DIRS, HOST_CNI_CONF_DIRS, lsCniBinOutput, lsCniConfOutput } from '../cni/host.js';
import type { NodeCommand } from '../cni/descriptor.js';
import { parseLsLa } from '../parsers/ls-la.js';
import { pool, runKubectl, type CommandResult, type KubectlOptions } from './kubectl.js';
import { debugNode } from './debug-node.js';
import { runProbe } from './probe.js';
import { Redactor } from '../redact/secrets.js';
import { scrubBundle } from '../redact/bundle.js';
import type { Pseudonymizer } from '../redact/pseudonyms.js';
import { BundleWriter } from '../bundle/writer.js';

export interface CollectOptions {
  output?: string;
  kubectl: string;
  kubeconfig?: string;
  context?: string;
  nodes: 'all' | string[];
  maxNodes: number;
  logLines: number;
  timeoutSec: number;
  concurrency: number;
  probe: boolean;
  /** Image for `kubectl debug node/…` on nodes without a CNI agent pod (default: the agent's own). */
  debugImage?: string;
  /** Image of the probe pod (it must have sh, ip or route, nslookup and wget). */
  probeImage?: string;
  redact: boolean;
  /** Replace addresses and node names by pseudonyms (a second pass over the finished bundle). */
  pseudonymizer?: Pseudonymizer;
  toolVersion: string;
  /** Where to write when --output is not given. */
  cwd?: string;
  now?: () => Date;
  signal?: AbortSignal;
  /** Overall deadline in seconds: then no new command starts and the bundle is written, marked incomplete. */
  deadlineSec?: number;
  onProgress?: (p: { done: number; total: number; step: string }) => void;
  onWarning?: (text: string) => void;
}

export interface CollectResult {
  file: string;
  complete: boolean;
  /** Why the collection stopped early, when it did. */
  stopped?: 'interrupted' | 'deadline';
  failed: ManifestCommand[];
  commands: number;
}

export class CollectError extends Error {
  constructor(
    message: string,
    readonly hint: string,
  ) {
    super(message);
  }
}


interface NodeState {
  metadata: { name: string };
  status?: { conditions?: { type: string; status: string }[] };
}

interface SandboxEvent {
  reason?: string;
  source?: { host?: string };
  involvedObject?: { kind?: string; name?: string; namespace?: string };
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

function utcStamp(d: Date): string {
  return d.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
}

export async function collect(opts: CollectOptions): Promise<CollectResult> {
  const now = opts.now ?? (() => new Date());
  const k: KubectlOptions = { kubectl: opts.kubectl, kubeconfig: opts.kubeconfig, context: opts.context, timeoutMs: opts.timeoutSec * 1000 };
  const redactor = new Redactor(opts.redact);
  const commands: (ManifestCommand & { order: number })[] = [];
  let order = 0;
  const warn = (t: string) => opts.onWarning?.(t);
  const startedAt = Date.now();
  const deadlineHit = () => opts.deadlineSec !== undefined && Date.now() - startedAt > opts.deadlineSec * 1000;
  const aborted = () => (opts.signal?.aborted ?? false) || deadlineHit();

  // 1. Is there a kubectl, and does the API answer?
  const version = await runKubectl(k, ['version', '-o', 'json']);
  if (version.exitCode === null && /ENOENT|not found/i.test(version.stderr)) {
    throw new CollectError(`kubectl was not found (${opts.kubectl})`, 'Install kubectl or pass its path with --kubectl.');
  }
  let versionJson: { serverVersion?: { gitVersion?: string } } = {};
  try {
    versionJson = JSON.parse(version.stdout.toString('utf8'));
  } catch {
    /* handled below */
  }
  if (!versionJson.serverVersion) {
    throw new CollectError(`the Kubernetes API server cannot be reached: ${version.stderr.trim().split('\n').slice(-1)[0] ?? 'no answer'}`, 'Check that `kubectl get nodes` works with the same --context/--kubeconfig, then try again.');
  }
  const contextResult = opts.context ? undefined : await runKubectl(k, ['config', 'current-context']);
  const context = opts.context ?? (contextResult?.stdout.toString('utf8').trim() || 'cluster');
  const created = now();
  const top = `cni-doctor-${context.replace(/[^A-Za-z0-9._-]+/g, '-')}-${utcStamp(created)}`;
  const file = path.resolve(opts.cwd ?? process.cwd(), opts.output ?? `${top}.tar.gz`);
  // Every file goes through the redaction engine on its way into the archive (the Lists were
  // already walked item by item, which also knows env names and argv flags); the manifest is the
  // collector's own words.
  // Pseudonyms need every node name first: the bundle is written whole, then rewritten.
  const rawFile = opts.pseudonymizer ? `${file}.${process.pid}.unpseudonymized` : file;
  const writer = new BundleWriter(rawFile, top, (p, content) => (p === MANIFEST_PATH ? content : redactor.bytes(content)));

  const record = (r: CommandResult, bundleFile: string | null, node: string | null, via?: string, error = r.error) => {
    commands.push({ argv: r.argv, node, file: bundleFile, exitCode: r.exitCode, durationMs: r.durationMs, stderr: redactor.text(r.stderr.trim()).slice(0, 4000), error, ...(via ? { via } : {}), order: order++ });
  };
  const skip = (argv: string[], bundleFile: string | null, node: string | null, why: string) => {
    commands.push({ argv, node, file: bundleFile, exitCode: null, durationMs: 0, stderr: why, error: 'skipped', order: order++ });
  };
  record(version, CLUSTER_LISTS.version, null);
  await writer.add(CLUSTER_LISTS.version, version.stdout);

  let done = 0;
  let total = 4;
  const progress = (step: string) => opts.onProgress?.({ done, total, step });

  // 2. What will the credentials allow? Say what will be missing; collect the rest.
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
  total += checks.length;
  for (const [verb, resource, what] of checks) {
    progress(`kubectl auth can-i ${verb} ${resource}`);
    const r = await runKubectl(k, ['auth', 'can-i', verb, resource, '--all-namespaces']);
    done++;
    record(r, null, null, undefined, r.exitCode === 0 || /^no\b/m.test(r.stdout.toString()) ? null : r.error);
    if (/^no\b/m.test(r.stdout.toString('utf8'))) warn(`your credentials cannot ${verb} ${resource.split('.')[0]}: ${what} will be missing from the bundle`);
  }

  // 3. API objects. kubectl writes each List to a scratch file; it is read back one item at a time,
  // cleaned and redacted into the List the bundle gets (also a file), and only what planning needs
  // is kept in memory: a 150,000-pod cluster's pods.json is about 1 GB.
  const scratch = mkdtempSync(path.join(tmpdir(), 'cni-doctor-collect-scratch-'));
  const removeScratch = () => rmSync(scratch, { recursive: true, force: true });
  // Removed below once the Lists are in the bundle; if an error ends the process first, on exit.
  process.once('exit', removeScratch);
  let scratchFiles = 0;
  const getList = async (args: string[], bundleFile: string, keep: (item: unknown) => void = () => undefined): Promise<string | undefined> => {
    if (aborted()) {
      skip(['kubectl', ...args], bundleFile, null, 'interrupted before it ran (Ctrl-C or the overall deadline)');
      return undefined;
    }
    progress(`kubectl ${args.join(' ')}`);
    const n = scratchFiles++;
    const fromKubectl = path.join(scratch, `${n}.kubectl.json`);
    const r = await runKubectl(k, args, undefined, fromKubectl);
    done++;
    record(r, bundleFile, null);
    if (r.exitCode !== 0) return undefined;
    const staged = path.join(scratch, `${n}.bundle.json`);
    const out = new ListFileWriter(staged);
    const result = await readJsonList(createReadStream(fromKubectl), (item) => {
      const o = redactor.object(clean(item.value));
      out.add(o);
      keep(o);
    });
    out.close();
    rmSync(fromKubectl, { force: true });
    if (result.error) {
      commands[commands.length - 1]!.error = 'exec-failed';
      commands[commands.length - 1]!.stderr = `output is not JSON: ${result.error.message}`;
      return undefined;
    }
    return staged;
  };

  const raw: { namespaces: Set<string> | undefined; nodes: NodeState[]; pods: PodRecord[]; rawAgentPods: Map<string, unknown>; podNode: Map<string, string>; sandboxEvents: SandboxEvent[]; daemonsets: unknown[] } = {
    namespaces: undefined,
    nodes: [],
    pods: [],
    rawAgentPods: new Map(),
    podNode: new Map(),
    sandboxEvents: [],
    daemonsets: [],
  };
  // What planning reads of each List; everything else is only written to the bundle.
  const keepers: Partial<Record<keyof typeof CLUSTER_LISTS, (item: unknown) => void>> = {
    namespaces: (o) => {
      const name = (o as { metadata?: { name?: string } }).metadata?.name;
      (raw.namespaces ??= new Set()).add(name ?? '');
    },
    nodes: (o) => {
      const n = o as NodeState;
      raw.nodes.push({ metadata: { name: n.metadata?.name ?? '' }, status: { conditions: (n.status?.conditions ?? []).map((c) => ({ type: c.type, status: c.status })) } });
    },
    pods: (o) => {
      const p = reducePod(o, raw.podNode.size);
      if (!p) return;
      if (p.nodeName) raw.podNode.set(`${p.namespace}/${p.name}`, p.nodeName);
      // Agent pods (DaemonSets) and kube-system pods (CoreDNS, kube-proxy logs) are planned with.
      if (p.ownerKind === 'DaemonSet' || CONFIG_NAMESPACES.includes(p.namespace)) {
        raw.pods.push(p);
        if (p.ownerKind === 'DaemonSet') raw.rawAgentPods.set(`${p.namespace}/${p.name}`, { spec: (o as { spec?: unknown }).spec });
      }
    },
    events: (o) => {
      const ev = o as SandboxEvent;
      if (ev.reason === 'FailedCreatePodSandBox') raw.sandboxEvents.push({ reason: ev.reason, source: ev.source, involvedObject: ev.involvedObject });
    },
    daemonsets: (o) => raw.daemonsets.push(o),
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
  total += lists.length;
  const staged: Partial<Record<keyof typeof CLUSTER_LISTS, string>> = {};
  try {
    await pool(lists, opts.concurrency, async ([name, args]) => {
      const file = await getList(args, CLUSTER_LISTS[name], keepers[name]);
      if (file) staged[name] = file;
    });
    // Written in a fixed order once all are in (the writer serialises entries).
    for (const [name] of lists) if (staged[name]) await writer.addFile(CLUSTER_LISTS[name], staged[name]!);
  } finally {
    for (const file of Object.values(staged)) rmSync(file, { force: true });
  }

  // ConfigMaps of the CNI's system namespaces that exist, merged into one List.
  const cms: unknown[] = [];
  let cmOk = false;
  for (const ns of CONFIG_NAMESPACES.filter((n) => raw.namespaces?.has(n) ?? true)) {
    const file = await getList(['get', 'configmaps', '-n', ns, '-o', 'json'], CLUSTER_LISTS.configmaps, (o) => cms.push(o));
    if (file) {
      cmOk = true;
      rmSync(file, { force: true });
    }
  }
  if (cmOk) await writer.add(CLUSTER_LISTS.configmaps, `${JSON.stringify({ apiVersion: 'v1', items: cms, kind: 'List', metadata: { resourceVersion: '' } }, null, 4)}\n`);

  // Custom resources, only where their CRD exists.
  const apiRes = await runKubectl(k, ['api-resources', '-o', 'name']);
  record(apiRes, null, null);
  const customNames = apiRes.stdout
    .toString('utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter((n) => CUSTOM_GROUPS.some((g) => n.endsWith(`.${g}`)))
    .sort();
  total += customNames.length;
  for (const name of customNames) {
    const file = await getList(['get', name, '-A', '-o', 'json'], `cluster/custom/${name}.json`);
    if (!file) continue;
    try {
      await writer.addFile(`cluster/custom/${name}.json`, file);
    } finally {
      rmSync(file, { force: true });
    }
  }
  removeScratch();
  process.removeListener('exit', removeScratch);

  for (const [args, bundleFile] of [[['top', 'nodes'], 'cluster/top-nodes.txt'], [['top', 'pods', '-A'], 'cluster/top-pods.txt']] as const) {
    const r = await runKubectl(k, [...args]);
    record(r, bundleFile, null);
    if (r.exitCode === 0) await writer.add(bundleFile, r.stdout);
  }

  // 4. Which CNI, which agent pod on which node.
  const pods = raw.pods;
  const daemonSets = raw.daemonsets.map((d, i) => reduceWorkload('DaemonSet', d, i)).filter((d) => !!d);
  // Every recognised agent is a CNI agent (whether or not it has rules of its own).
  const cniWorkloads = findAgentWorkloads(daemonSets, pods);
  const plugins = new Set<PluginId>(cniWorkloads.flatMap((w) => w.agent.plugins));
  const rawPodByKey = raw.rawAgentPods;

  // 5. Node selection: every node up to --max-nodes, the troubled ones first.
  const allNodes = raw.nodes;
  const reasons = new Map<string, string[]>();
  const why = (n: string, r: string) => reasons.set(n, [...(reasons.get(n) ?? []), r]);
  for (const n of allNodes) {
    const conds = n.status?.conditions ?? [];
    if (conds.find((c) => c.type === 'Ready')?.status !== 'True') why(n.metadata.name, 'not-ready');
    if (conds.find((c) => c.type === 'NetworkUnavailable')?.status === 'True') why(n.metadata.name, 'network-unavailable');
  }
  for (const w of cniWorkloads) for (const p of w.pods) if (p.nodeName && (p.phase !== 'Running' || p.containers.some((c) => !c.init && !c.ready))) why(p.nodeName, 'agent-not-ready');
  for (const ev of raw.sandboxEvents) {
    const node = ev.source?.host ?? raw.podNode.get(`${ev.involvedObject?.namespace}/${ev.involvedObject?.name}`);
    if (node) why(node, 'sandbox-failures');
  }
  const wanted = opts.nodes === 'all' ? allNodes.map((n) => n.metadata.name) : opts.nodes;
  const troubled = wanted.filter((n) => reasons.has(n)).sort();
  const healthy = wanted.filter((n) => !reasons.has(n)).sort();
  const selected = [...troubled, ...healthy.slice(0, Math.max(0, opts.maxNodes - troubled.length))];
  for (const n of healthy.slice(0, Math.max(0, opts.maxNodes - troubled.length))) if (!reasons.has(n)) why(n, troubled.length ? 'contrast' : 'selected');
  for (const n of healthy.slice(Math.max(0, opts.maxNodes - troubled.length))) skip(['kubectl', 'exec', '…'], null, n, `node not selected: more than --max-nodes ${opts.maxNodes} nodes`);

  // 6. Node data through the CNI agent pod on each node (it mounts the host's CNI directories).
  type NodeTask = { node: string };
  const nodeTasks: NodeTask[] = selected.map((node) => ({ node }));
  total += nodeTasks.length;
  await pool(nodeTasks, opts.concurrency, async ({ node }) => {
    if (aborted()) return;
    progress(`node ${node}`);
    // The running agent pod if there is one; a pod that is not Running may still have a live container.
    const onNode = cniWorkloads.flatMap((w) => w.pods.map((p) => ({ w, p }))).filter(({ p }) => p.nodeName === node);
    const agentPod = onNode.find(({ p }) => p.phase === 'Running') ?? onNode[0];
    if (!agentPod) {
      // No agent pod to exec into: a debug pod with an image already on the node (the agent's) or --debug-image.
      const image = opts.debugImage ?? cniWorkloads.flatMap((w) => w.daemonSet?.containers.map((c) => c.image) ?? []).find(Boolean);
      if (!image) {
        skip(['kubectl', 'debug', `node/${node}`], nodeFilePath(node, NODE_FILES.ipRoute), node, 'no CNI agent pod on this node and no image for kubectl debug (pass --debug-image)');
        done++;
        return;
      }
      const d = await debugNode(k, node, image, Math.max(30, opts.timeoutSec * 2));
      const via = `debug node/${node} (image ${image})`;
      for (const c of d.commands) record(c, null, node, via);
      for (const f of d.files) {
        const target = nodeFilePath(node, f.name.startsWith('etc-cni-net.d/') ? `etc-cni-net.d/${encodePathSegment(f.name.slice('etc-cni-net.d/'.length))}` : f.name);
        commands.push({ argv: ['kubectl', 'debug', `node/${node}`, '…', f.name], node, file: target, exitCode: f.exitCode, durationMs: 0, stderr: '', error: f.exitCode === 0 ? null : 'not-found', via, order: order++ });
        if (f.exitCode === 0) await writer.add(target, f.content);
      }
      if (d.error) warn(`node ${node}: kubectl debug failed: ${d.error.split('\n').pop()}`);
      done++;
      return;
    }
    const { w, p } = agentPod;
    const container = p.containers.find((c) => !c.init && w.agent.agent.container.test(c.name))?.name ?? p.containers.find((c) => !c.init)?.name;
    const via = `exec ${p.namespace}/${p.name}${container ? ` (${container})` : ''}`;
    const exec = async (cmd: string[], bundleFile: string | null, probe = false): Promise<CommandResult> => {
      const r = await runKubectl(k, ['exec', '-n', p.namespace, p.name, ...(container ? ['-c', container] : []), '--', ...cmd]);
      // A probe that finds the path or binary absent (trying where the host directory is mounted, or
      // which client the image has) is not a gap; any other failure (timeout, unreachable) is.
      if (probe && r.exitCode !== 0 && isAbsent(r)) record(r, null, node, `${via}; probe`, null);
      else record(r, bundleFile, node, via);
      return r;
    };
    const mounts = hostMounts(rawPodByKey.get(`${p.namespace}/${p.name}`), container);
    // CNI configs: the listing, then each config file byte for byte.
    const firstWorking = async (dirs: string[], target: string) => {
      for (const [i, dir] of dirs.entries()) {
        const r = await exec(['ls', '-la', dir], target, i < dirs.length - 1);
        if (r.exitCode === 0) {
          await writer.add(target, r.stdout);
          return { dir, listing: r.stdout.toString('utf8') };
        }
        if (!isAbsent(r)) break;
      }
      return undefined;
    };
    const conf = await firstWorking(mounts.cniConf, lsCniConfOutput(node));
    if (conf) {
      const ls = parseLsLa(conf.listing);
      const files = ls.format === 'ls-la' ? ls.entries.filter((e) => e.type === 'file').map((e) => e.name) : [];
      for (const f of files) {
        const target = cniConfigOutput(node, f);
        const r = await exec(['cat', `${conf.dir}/${f}`], target);
        if (r.exitCode !== 0) continue;
        // Byte-exact unless a secret had to go (kubeconfig tokens of calico-kubeconfig and the like).
        await writer.add(target, r.stdout);
      }
    }
    await firstWorking(mounts.cniBin, lsCniBinOutput(node));
    // Then what every node gets, and what the plugins present want (src/cni/).
    const run = async (c: NodeCommand): Promise<void> => {
      const target = c.output(node);
      const r = await exec([...c.argv], target, !!c.orElse);
      if (r.exitCode === 0 || (c.keepOutput && c.keepOutput(r.stdout.toString('utf8')))) await writer.add(target, r.stdout);
      else if (c.orElse && isAbsent(r)) await run(c.orElse);
    };
    for (const c of [...HOST_COMMANDS, ...nodeCommandsFor(plugins, w.agent)]) await run(c);
    done++;
  });

  // 7. Cluster-wide plugin outputs: the plugin's own tool on this machine if it is there (same
  // kubeconfig), else in a running agent pod.
  for (const { cni, command } of clusterCommandsFor(plugins)) {
    const toolPod = cniWorkloads.filter((w) => cni.execIn.includes(w.agent.id)).flatMap((w) => w.pods).find((p) => p.phase === 'Running');
    const local = await runKubectlLike(opts, [...command.argv]);
    if (local && local.exitCode === 0) {
      record(local, command.output, null, `local ${command.argv[0]}`);
      await writer.add(command.output, local.stdout);
      continue;
    }
    if (!toolPod) continue;
    const r = await runKubectl(k, ['exec', '-n', toolPod.namespace, toolPod.name, '--', ...command.argv]);
    record(r, command.output, null, `exec ${toolPod.namespace}/${toolPod.name}`);
    if (r.exitCode === 0) await writer.add(command.output, r.stdout);
  }

  // 8. Logs of the CNI agents, CoreDNS and kube-proxy (and the previous instance of restarted ones).
  // Pods that run on every node (agents, kube-proxy) only on the selected nodes: --max-nodes bounds
  // the logs as it bounds node data (troubled nodes, those with a failing agent among them, are always
  // selected). CoreDNS wherever it runs.
  const selectedNodes = new Set(selected);
  const onSelectedNode = (p: PodRecord) => !p.nodeName || selectedNodes.has(p.nodeName);
  const logPods = [
    ...cniWorkloads.flatMap((w) => w.pods).filter(onSelectedNode),
    ...pods.filter((p) => p.namespace === 'kube-system' && (/^(coredns|kube-dns)-/.test(p.name) || (p.ownerName === 'kube-proxy' && onSelectedNode(p)))),
  ];
  const logTasks = logPods.flatMap((p) => p.containers.flatMap((c) => [{ p, c: c.name, previous: false }, ...(c.restartCount > 0 || c.lastTerminatedReason ? [{ p, c: c.name, previous: true }] : [])]));
  total += logTasks.length;
  await pool(logTasks, opts.concurrency, async ({ p, c, previous }) => {
    if (aborted()) return;
    progress(`logs ${p.namespace}/${p.name} ${c}`);
    const target = logFilePath(p.namespace, p.name, c, previous);
    const r = await runKubectl(k, ['logs', '-n', p.namespace, p.name, '-c', c, `--tail=${opts.logLines}`, ...(previous ? ['--previous'] : [])]);
    record(r, target, p.nodeName ?? null);
    if (r.exitCode === 0) await writer.add(target, r.stdout);
    done++;
  });

  // 9. The opt-in probe: the only step that changes the cluster.
  if (opts.probe && !aborted()) {
    progress('probe pod');
    const { result, commands: probeCommands } = await runProbe(k, { namespace: 'default', image: opts.probeImage ?? 'busybox:1.36', timeoutSec: Math.max(30, opts.timeoutSec * 2), name: `cni-doctor-probe-${utcStamp(created).toLowerCase().replace(/[^a-z0-9]/g, '')}` });
    for (const c of probeCommands) record(c, c.argv.includes('logs') ? 'probe/result.json' : null, null, 'probe');
    await writer.add('probe/result.json', `${JSON.stringify(result, null, 2)}\n`);
    if (result.error) warn(`probe: ${String(result.error)}`);
  }

  // 10. The manifest, then the archive.
  const complete = !aborted();
  const manifest: Manifest = {
    format: 'cni-doctor-bundle',
    formatVersion: 1,
    createdAt: created.toISOString().replace(/\.\d+Z$/, 'Z'),
    collector: { name: 'cni-doctor', version: opts.toolVersion },
    cluster: { context, serverVersion: versionJson.serverVersion.gitVersion ?? null },
    options: { nodes: opts.nodes === 'all' ? 'all' : opts.nodes, logLines: opts.logLines, redact: opts.redact, probe: opts.probe },
    redaction: { applied: opts.redact, replacements: redactor.total, byKind: redactor.counts as Record<string, number> },
    commands: commands.sort((a, b) => a.order - b.order).map(({ order: _o, ...c }) => c),
    nodeSelection: selected.map((node) => ({ node, reasons: reasons.get(node) ?? [] })),
    complete,
  };
  await writer.add('manifest.json', `${JSON.stringify(manifest, null, 2)}\n`);
  await writer.finish();
  if (opts.pseudonymizer) {
    try {
      await scrubBundle(rawFile, file, { redact: false, pseudonymizer: opts.pseudonymizer });
    } finally {
      rmSync(rawFile, { force: true });
    }
  }
  return { file, complete, ...(complete ? {} : { stopped: opts.signal?.aborted ? ('interrupted' as const) : ('deadline' as const) }), failed: manifest.commands.filter((c) => c.error && c.error !== 'skipped'), commands: manifest.commands.length };
}

/** The command failed because its binary or path does not exist (not for any other reason). */
function isAbsent(r: CommandResult): boolean {
  return /executable file not found|No such file or directory|not found in \$PATH|command not found/i.test(r.stderr) && !/could not be reached|timed out/i.test(r.stderr);
}

/** Host directories the agent container mounts, from its volumes; conventional paths otherwise. */
function hostMounts(pod: unknown, container: string | undefined): { cniConf: string[]; cniBin: string[] } {
  const spec = (pod as { spec?: { volumes?: { name: string; hostPath?: { path: string } }[]; containers?: { name: string; volumeMounts?: { name: string; mountPath: string }[] }[] } })?.spec;
  const mountsFor = (hostPath: string) => {
    const vols = (spec?.volumes ?? []).filter((v) => v.hostPath?.path?.replace(/\/$/, '') === hostPath).map((v) => v.name);
    const c = (spec?.containers ?? []).find((x) => x.name === container);
    return (c?.volumeMounts ?? []).filter((m) => vols.includes(m.name)).map((m) => m.mountPath.replace(/\/$/, ''));
  };
  const conf = mountsFor('/etc/cni/net.d');
  const bin = mountsFor('/opt/cni/bin');
  return { cniConf: [...conf, ...HOST_CNI_CONF_DIRS].filter((v, i, a) => a.indexOf(v) === i), cniBin: [...bin, ...HOST_CNI_BIN_DIRS].filter((v, i, a) => a.indexOf(v) === i) };
}

/** A local tool (calicoctl) with the same kubeconfig, when it is on PATH. */
async function runKubectlLike(opts: CollectOptions, argv: string[]): Promise<CommandResult | undefined> {
  const r = await runKubectl({ kubectl: argv[0]!, timeoutMs: opts.timeoutSec * 1000 }, argv.slice(1));
  return r.exitCode === null ? undefined : r;
}

