// Node data: through the CNI agent pod on each node (it mounts the host's CNI directories), or a
// `kubectl debug node/…` pod where no agent runs. What runs is the host commands every node gets and
// the commands of the CNIs present (src/cni/).
import { NODE_FILES, nodeFilePath } from '../bundle/layout.js';
import type { NodeCommand } from '../cni/descriptor.js';
import { cniConfigOutput, HOST_CNI_BIN_DIRS, HOST_CNI_CONF_DIRS, HOST_COMMANDS, lsCniBinOutput, lsCniConfOutput } from '../cni/host.js';
import { nodeCommandsFor, type AgentWorkload, type PluginId } from '../cni/index.js';
import { parseLsLa } from '../parsers/ls-la.js';
import { debugNode } from './debug-node.js';
import { runKubectl, type CommandResult } from './kubectl.js';
import { isAbsent, type CollectRun } from './run.js';

export interface NodePlan {
  workloads: AgentWorkload[];
  plugins: ReadonlySet<PluginId>;
  /** Agent pod specs by namespace/name (their hostPath mounts). */
  rawAgentPods: Map<string, unknown>;
  debugImage?: string;
  timeoutSec: number;
}

export async function collectNodeData(run: CollectRun, node: string, plan: NodePlan): Promise<void> {
  // The running agent pod if there is one; a pod that is not Running may still have a live container.
  const onNode = plan.workloads.flatMap((w) => w.pods.map((p) => ({ w, p }))).filter(({ p }) => p.nodeName === node);
  const agentPod = onNode.find(({ p }) => p.phase === 'Running') ?? onNode[0];
  if (!agentPod) return collectThroughDebugPod(run, node, plan);

  const { w, p } = agentPod;
  const container = p.containers.find((c) => !c.init && w.agent.agent.container.test(c.name))?.name ?? p.containers.find((c) => !c.init)?.name;
  const via = `exec ${p.namespace}/${p.name}${container ? ` (${container})` : ''}`;
  const exec = async (cmd: string[], bundleFile: string | null, probe = false, inContainer = container): Promise<CommandResult> => {
    const r = await runKubectl(run.k, ['exec', '-n', p.namespace, p.name, ...(inContainer ? ['-c', inContainer] : []), '--', ...cmd]);
    // A probe that finds the path or binary absent (trying where the host directory is mounted, or
    // which client the image has) is not a gap; any other failure (timeout, unreachable) is.
    if (probe && r.exitCode !== 0 && isAbsent(r)) run.record(r, null, node, `${via}; probe`, null);
    else run.record(r, bundleFile, node, via);
    return r;
  };
  const mounts = hostMounts(plan.rawAgentPods.get(`${p.namespace}/${p.name}`), container);
  // CNI configs: the listing, then each config file byte for byte.
  const firstWorking = async (dirs: string[], target: string) => {
    for (const [i, dir] of dirs.entries()) {
      const r = await exec(['ls', '-la', dir], target, i < dirs.length - 1);
      if (r.exitCode === 0) {
        await run.writer.add(target, r.stdout);
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
      // Byte-exact unless a secret had to go (kubeconfig tokens of calico-kubeconfig and the like).
      if (r.exitCode === 0) await run.writer.add(target, r.stdout);
    }
  }
  await firstWorking(mounts.cniBin, lsCniBinOutput(node));
  // Then what every node gets, and what the plugins present want.
  const runCommand = async (c: NodeCommand): Promise<void> => {
    const target = c.output(node);
    const own = c.container ? p.containers.find((x) => !x.init && c.container!.test(x.name))?.name : container;
    const r = await exec([...c.argv], target, !!c.orElse, own ?? container);
    if (r.exitCode === 0 || (c.keepOutput && c.keepOutput(r.stdout.toString('utf8')))) await run.writer.add(target, r.stdout);
    else if (c.orElse && isAbsent(r)) await runCommand(c.orElse);
  };
  for (const c of [...HOST_COMMANDS, ...nodeCommandsFor(plan.plugins, w.agent)]) await runCommand(c);
}

/** No agent pod to exec into: a debug pod with an image already on the node (the agent's) or --debug-image. */
async function collectThroughDebugPod(run: CollectRun, node: string, plan: NodePlan): Promise<void> {
  const image = plan.debugImage ?? plan.workloads.flatMap((w) => w.daemonSet?.containers.map((c) => c.image) ?? []).find(Boolean);
  if (!image) {
    run.skip(['kubectl', 'debug', `node/${node}`], nodeFilePath(node, NODE_FILES.ipRoute), node, 'no CNI agent pod on this node and no image for kubectl debug (pass --debug-image)');
    return;
  }
  const d = await debugNode(run.k, node, image, Math.max(30, plan.timeoutSec * 2));
  const via = `debug node/${node} (image ${image})`;
  for (const c of d.commands) run.record(c, null, node, via);
  for (const f of d.files) {
    const target = f.name.startsWith('etc-cni-net.d/') ? cniConfigOutput(node, f.name.slice('etc-cni-net.d/'.length)) : nodeFilePath(node, f.name);
    run.push({ argv: ['kubectl', 'debug', `node/${node}`, '…', f.source ?? f.name], node, file: target, exitCode: f.exitCode, durationMs: 0, stderr: '', error: f.exitCode === 0 ? null : 'not-found', via });
    if (f.exitCode === 0) await run.writer.add(target, f.content);
  }
  if (d.error) run.warn(`node ${node}: kubectl debug failed: ${d.error.split('\n').pop()}`);
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
