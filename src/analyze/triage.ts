// The field guide's first three minutes, answered from the bundle: the emergency matrix (new pods,
// pod-to-pod, DNS, IP space: triage-matrix.ts) and the top root cause; can new pods get a network,
// in detail? Are the CNI agents running? Which nodes are NotReady? What are the ten most recent errors?
import type { Triage } from '../model/report.js';
import type { BundleData } from './bundle-data.js';
import { countText, listNames, type Facts } from './facts.js';
import { NETWORK_NOT_READY } from '../parsers/signatures.js';
import { buildMatrix, type MatrixInput } from './triage-matrix.js';

export function buildTriage(data: BundleData, facts: Facts, input: MatrixInput): Triage {
  // Nodes where a new pod cannot get a network right now.
  const failing = new Set<string>();
  for (const f of facts.sandboxFailures) if (f.failure.network && f.failure.operation !== 'delete' && f.node) failing.add(f.node);
  for (const p of data.pods) if (p.phase === 'Pending' && p.containerCreating && p.nodeName) failing.add(p.nodeName);
  for (const n of data.nodes) {
    if (n.ready?.status !== 'True' && NETWORK_NOT_READY.test(`${n.ready?.reason} ${n.ready?.message}`)) failing.add(n.name);
    if (n.networkUnavailable?.status === 'True') failing.add(n.name);
  }
  const total = facts.nodeNames.length;
  const nodes = [...failing].sort();
  let podNetwork: Triage['podNetwork'];
  const probeFailed = data.probe?.sandboxCreated === false;
  if (nodes.length && total > 1 && nodes.length / total > 0.5) {
    podNetwork = { verdict: 'cluster-wide-failure', summary: `New pods cannot get a network on ${countText(nodes.length, total, 'node')}: a cluster-wide CNI failure.`, nodes };
  } else if (nodes.length || probeFailed) {
    podNetwork = {
      verdict: total === 1 && nodes.length === 1 ? 'cluster-wide-failure' : 'localized',
      summary: nodes.length ? `New pods cannot get a network on ${listNames(nodes)} (${countText(nodes.length, total || undefined, 'node')}); the other nodes look fine.` : 'The probe pod got no sandbox, but no node shows sandbox failures in the events.',
      nodes,
    };
  } else if (data.lists.has('events') || data.lists.has('nodes')) {
    podNetwork = { verdict: 'ok', summary: `No pod-network failures: no CNI sandbox errors in ${data.eventCount} events${data.nodes.length ? `, no node NotReady for network reasons among ${data.nodes.length}` : ''}.`, nodes: [] };
  } else {
    podNetwork = { verdict: 'unknown', summary: 'The bundle has neither events nor nodes: whether new pods get a network cannot be told.', nodes: [] };
  }

  const agents: Triage['agents'] = facts.plugins.workloads
    .filter((w) => w.agent.plugins.length || w.daemonSet)
    .map((w) => {
      const ds = w.daemonSet;
      const problems = w.pods
        .filter((p) => p.phase !== 'Running' || p.containers.some((c) => !c.init && !c.ready))
        .map((p) => `${p.name} on ${p.nodeName ?? '(unscheduled)'}: ${agentPodState(p)}`)
        .sort();
      const desired = ds?.desired ?? w.pods.length;
      const ready = ds?.ready ?? w.pods.filter((p) => p.phase === 'Running' && p.containers.every((c) => c.init || c.ready)).length;
      const workload = ds ? `${ds.namespace}/${ds.name}` : `${w.pods[0]?.namespace}/${w.pods[0]?.ownerName}`;
      return {
        plugin: w.agent.name,
        workload,
        desired,
        ready,
        problems: problems.slice(0, 10),
        summary: `${w.agent.name} ${workload}: ${ready}/${desired} ready${problems.length ? `; ${problems.length} pod(s) not ready` : ''}.`,
      };
    });

  const notReadyNodes = data.nodes
    .filter((n) => n.ready?.status !== 'True')
    .map((n) => ({
      name: n.name,
      reason: n.ready ? n.ready.reason || n.ready.status : 'no Ready condition',
      message: n.ready?.message ?? '',
      networkRelated: NETWORK_NOT_READY.test(`${n.ready?.reason} ${n.ready?.message}`),
    }))
    .sort((a, b) => (a.name < b.name ? -1 : 1));

  const warnings = data.events
    .filter((e) => e.type === 'Warning')
    .sort((a, b) => {
      const ta = a.time ?? '';
      const tb = b.time ?? '';
      return ta < tb ? 1 : ta > tb ? -1 : a.line - b.line;
    })
    .slice(0, 10);
  const recentErrors: Triage['recentErrors'] = warnings.map((e) => ({
    time: e.time ?? null,
    namespace: e.namespace,
    object: `${e.objectKind}/${e.objectName}`,
    reason: e.reason,
    message: facts.shortMessage(e),
    count: e.count,
    file: e.file,
    line: e.line,
  }));

  const matrix = buildMatrix(data, facts, input, podNetwork);
  // The finding whose fix restores service: the top-ranked root cause of something a user sees (a
  // matrix row); hygiene (a missing memory limit) and the bundle's own gaps restore nothing.
  const top = input.findings.find((f) => f.rootCause && input.answers.get(f.ruleId));
  const topRootCause = top ? { finding: top.id, title: top.title, scope: top.scope.text, sentence: `${top.title} (${top.scope.text}): ${firstSentence(top.summary)}` } : null;
  return { matrix, topRootCause, podNetwork, agents, notReadyNodes, recentErrors };
}

/** "CrashLoopBackOff", or for a pod that runs but is not ready, which containers are not ("Running, calico-node not ready"). */
function agentPodState(p: BundleData['pods'][number]): string {
  const waiting = p.containers.find((c) => c.waitingReason)?.waitingReason;
  if (waiting) return waiting;
  const notReady = p.containers.filter((c) => !c.init && !c.ready).map((c) => c.name);
  return p.phase === 'Running' && notReady.length ? `Running, ${listNames(notReady)} not ready` : p.phase;
}

/** The summary's first sentence (up to 240 characters): the one line a pager shows. */
function firstSentence(text: string): string {
  const end = text.search(/\.(\s|$)/);
  const first = end >= 0 ? text.slice(0, end + 1) : text;
  return first.length > 240 ? `${first.slice(0, 239)}…` : first;
}
