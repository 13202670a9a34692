// `cni-doctor collect`: gather a bundle (docs/bundle-format.md) with the user's own kubectl. Nothing
// is fatal but an unreachable API server: every command has a timeout, its failure is classified and
// recorded in the manifest, and the bundle is written whatever happens. The steps live beside this
// file (run.ts: the shared state; cluster.ts; select-nodes.ts; node-data.ts); what each CNI adds
// comes from its descriptor in src/cni/.
import { rmSync } from 'node:fs';
import path from 'node:path';
import { reduceWorkload } from '../bundle/k8s.js';
import { BUNDLE_FORMAT, BUNDLE_FORMAT_VERSION, CLUSTER_LISTS, MANIFEST_PATH, PROBE_RESULT_PATH, logFilePath, type Manifest, type ManifestCommand } from '../bundle/layout.js';
import { BundleWriter } from '../bundle/writer.js';
import { clusterCommandsFor, controlPlaneOfPod, findAgentWorkloads, type AgentWorkload, type PluginId } from '../cni/index.js';
import type { PodRecord } from '../model/k8s.js';
import { scrubBundle } from '../redact/bundle.js';
import type { Pseudonymizer } from '../redact/pseudonyms.js';
import { Redactor } from '../redact/secrets.js';
import { checkAccess, collectClusterObjects } from './cluster.js';
import { pool, runKubectl, type CommandResult, type KubectlOptions } from './kubectl.js';
import { collectNodeData } from './node-data.js';
import { runProbe } from './probe.js';
import { CollectRun } from './run.js';
import { selectNodes } from './select-nodes.js';

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


function utcStamp(d: Date): string {
  return d.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
}

/**
 * The steps, in order: kubectl and the API server; what the credentials allow; the API objects;
 * which CNI and which agent pod on which node; node selection; node data; cluster-wide plugin
 * outputs; logs; the opt-in probe; the manifest. Each step records its commands in the run.
 */
export async function collect(opts: CollectOptions): Promise<CollectResult> {
  const now = opts.now ?? (() => new Date());
  const k: KubectlOptions = { kubectl: opts.kubectl, kubeconfig: opts.kubeconfig, context: opts.context, timeoutMs: opts.timeoutSec * 1000 };
  const redactor = new Redactor(opts.redact);

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
  // collector's own words. Pseudonyms need every node name first: the bundle is written whole,
  // then rewritten.
  const rawFile = opts.pseudonymizer ? `${file}.${process.pid}.unpseudonymized` : file;
  const writer = new BundleWriter(rawFile, top, (p, content) => (p === MANIFEST_PATH ? content : redactor.bytes(content)));
  const run = new CollectRun(k, writer, redactor, opts);
  run.total = 4;
  run.record(version, CLUSTER_LISTS.version, null);
  await writer.add(CLUSTER_LISTS.version, version.stdout);

  // 2. What will the credentials allow? Say what will be missing; collect the rest.
  await checkAccess(run);

  // 3. API objects, ConfigMaps, custom resources, top.
  const cluster = await collectClusterObjects(run);

  // 4. Which CNI, which agent pod on which node. Every recognised agent is a CNI agent (whether or
  // not it has rules of its own).
  const daemonSets = cluster.daemonsets.map((d, i) => reduceWorkload('DaemonSet', d, CLUSTER_LISTS.daemonsets, i)).filter((d) => !!d);
  const workloads = findAgentWorkloads(daemonSets, cluster.pods);
  const plugins = new Set<PluginId>(workloads.flatMap((w) => w.agent.plugins));

  // 5. Node selection: every node up to --max-nodes, the troubled ones first.
  const sandboxFailureNodes = cluster.sandboxEvents.map((ev) => ev.source?.host ?? cluster.podNode.get(`${ev.involvedObject?.namespace}/${ev.involvedObject?.name}`)).filter((n): n is string => !!n);
  const { selected, reasons, left } = selectNodes({ nodes: cluster.nodes, agentPods: workloads.flatMap((w) => w.pods), sandboxFailureNodes, wanted: opts.nodes, maxNodes: opts.maxNodes });
  for (const n of left) run.skip(['kubectl', 'exec', '…'], null, n, `node not selected: more than --max-nodes ${opts.maxNodes} nodes`);

  // 6. Node data through the CNI agent pod on each node.
  run.total += selected.length;
  const nodePlan = { workloads, plugins, rawAgentPods: cluster.rawAgentPods, debugImage: opts.debugImage, timeoutSec: opts.timeoutSec };
  await pool(selected, opts.concurrency, async (node) => {
    if (run.aborted()) return;
    run.progress(`node ${node}`);
    await collectNodeData(run, node, nodePlan);
    run.done++;
  });

  // 7. Cluster-wide plugin outputs.
  await collectClusterOutputs(run, opts, workloads, plugins);

  // 8. Logs of the CNI agents and their control planes, CoreDNS and kube-proxy.
  await collectLogs(run, { workloads, pods: cluster.pods, selected, logLines: opts.logLines });

  // 9. The opt-in probe: the only step that changes the cluster.
  if (opts.probe && !run.aborted()) {
    run.progress('probe pod');
    const { result, commands: probeCommands } = await runProbe(k, { namespace: 'default', image: opts.probeImage ?? 'busybox:1.36', timeoutSec: Math.max(30, opts.timeoutSec * 2), name: `cni-doctor-probe-${utcStamp(created).toLowerCase().replace(/[^a-z0-9]/g, '')}` });
    for (const c of probeCommands) run.record(c, c.argv.includes('logs') ? PROBE_RESULT_PATH : null, null, 'probe');
    await writer.add(PROBE_RESULT_PATH, `${JSON.stringify(result, null, 2)}\n`);
    if (result.error) run.warn(`probe: ${String(result.error)}`);
  }

  // 10. The manifest, then the archive.
  const complete = !run.aborted();
  const manifest: Manifest = {
    format: BUNDLE_FORMAT,
    formatVersion: BUNDLE_FORMAT_VERSION,
    createdAt: created.toISOString().replace(/\.\d+Z$/, 'Z'),
    collector: { name: 'cni-doctor', version: opts.toolVersion },
    cluster: { context, serverVersion: versionJson.serverVersion.gitVersion ?? null },
    options: { nodes: opts.nodes === 'all' ? 'all' : opts.nodes, logLines: opts.logLines, redact: opts.redact, probe: opts.probe },
    redaction: { applied: opts.redact, replacements: redactor.total, byKind: redactor.counts as Record<string, number> },
    commands: run.manifestCommands(),
    nodeSelection: selected.map((node) => ({ node, reasons: reasons.get(node) ?? [] })),
    complete,
  };
  await writer.add(MANIFEST_PATH, `${JSON.stringify(manifest, null, 2)}\n`);
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

/** The plugin's own tool on this machine if it is there (same kubeconfig), else in a running agent pod. */
async function collectClusterOutputs(run: CollectRun, opts: CollectOptions, workloads: AgentWorkload[], plugins: ReadonlySet<PluginId>): Promise<void> {
  for (const { cni, command } of clusterCommandsFor(plugins)) {
    const toolPod = workloads.filter((w) => cni.execIn.includes(w.agent.id)).flatMap((w) => w.pods).find((p) => p.phase === 'Running');
    const local = await runLocalTool(opts, [...command.argv]);
    if (local && local.exitCode === 0) {
      run.record(local, command.output, null, `local ${command.argv[0]}`);
      await run.writer.add(command.output, local.stdout);
      continue;
    }
    if (!toolPod) continue;
    const r = await runKubectl(run.k, ['exec', '-n', toolPod.namespace, toolPod.name, '--', ...command.argv]);
    run.record(r, command.output, null, `exec ${toolPod.namespace}/${toolPod.name}`);
    if (r.exitCode === 0) await run.writer.add(command.output, r.stdout);
  }
}

/**
 * Logs of the CNI agents and their control planes, CoreDNS and kube-proxy (and the previous instance of restarted ones).
 * Pods that run on every node (agents, kube-proxy) only on the selected nodes: --max-nodes bounds
 * the logs as it bounds node data (troubled nodes, those with a failing agent among them, are always
 * selected). CoreDNS and the plugins' control planes wherever they run.
 */
async function collectLogs(run: CollectRun, plan: { workloads: AgentWorkload[]; pods: PodRecord[]; selected: string[]; logLines: number }): Promise<void> {
  const selectedNodes = new Set(plan.selected);
  const onSelectedNode = (p: PodRecord) => !p.nodeName || selectedNodes.has(p.nodeName);
  const logPods = [
    ...plan.workloads.flatMap((w) => w.pods).filter(onSelectedNode),
    // A plugin's control plane (OVN's databases and ovnkube-master) wherever it runs: a few pods.
    ...plan.pods.filter((p) => controlPlaneOfPod(p)),
    ...plan.pods.filter((p) => p.namespace === 'kube-system' && (/^(coredns|kube-dns)-/.test(p.name) || (p.ownerName === 'kube-proxy' && onSelectedNode(p)))),
  ];
  const logTasks = logPods.flatMap((p) => p.containers.flatMap((c) => [{ p, c: c.name, previous: false }, ...(c.restartCount > 0 || c.lastTerminatedReason ? [{ p, c: c.name, previous: true }] : [])]));
  run.total += logTasks.length;
  await pool(logTasks, run.opts.concurrency, async ({ p, c, previous }) => {
    if (run.aborted()) return;
    run.progress(`logs ${p.namespace}/${p.name} ${c}`);
    const target = logFilePath(p.namespace, p.name, c, previous);
    const r = await runKubectl(run.k, ['logs', '-n', p.namespace, p.name, '-c', c, `--tail=${plan.logLines}`, ...(previous ? ['--previous'] : [])]);
    run.record(r, target, p.nodeName ?? null);
    if (r.exitCode === 0) await run.writer.add(target, r.stdout);
    run.done++;
  });
}

/** A local tool (calicoctl) with the same kubeconfig, when it is on PATH. */
async function runLocalTool(opts: CollectOptions, argv: string[]): Promise<CommandResult | undefined> {
  const r = await runKubectl({ kubectl: argv[0]!, timeoutMs: opts.timeoutSec * 1000 }, argv.slice(1));
  return r.exitCode === null ? undefined : r;
}
