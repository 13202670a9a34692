// Detects CNI agent DaemonSets with fewer ready pods than desired, crash-looping or pending agent
// pods, high restart counts, and nodes without a ready agent.
// https://kubernetes.io/docs/tasks/debug/debug-application/debug-running-pod/
import type { Evidence } from '../../../model/report.js';
import type { PodRecord } from '../../../model/k8s.js';
import type { LogFile } from '../../bundle-data.js';
import { countText, listNames } from '../../facts.js';
import { defineRule } from '../../rule.js';

const BAD_WAITING = /CrashLoopBackOff|Error|CreateContainerConfigError|ImagePullBackOff|ErrImagePull|RunContainerError|Init:/;
const HIGH_RESTARTS = 5;

function podProblem(p: PodRecord): string | undefined {
  if (p.phase === 'Pending') {
    const w = p.containers.find((c) => c.waitingReason)?.waitingReason;
    return `Pending${w ? ` (${w})` : ''}`;
  }
  const waiting = p.containers.find((c) => c.waitingReason && BAD_WAITING.test(c.waitingReason));
  if (waiting) return `${waiting.init ? 'init container ' : ''}${waiting.name} ${waiting.waitingReason}${waiting.lastTerminatedReason ? ` (last exit: ${waiting.lastTerminatedReason})` : ''}`;
  if (p.phase === 'Failed') return 'Failed';
  const notReady = p.containers.filter((c) => !c.init && !c.ready);
  if (notReady.length) return `not ready (${notReady.map((c) => c.name).join(', ')})`;
  return undefined;
}

export default defineRule({
  meta: {
    id: 'cni-agent-unhealthy',
    title: 'CNI agent pods are not healthy',
    area: 'generic',
    severity: 'critical',
    urgency: 'minutes',
    description: 'CNI agent DaemonSets (calico-node, cilium, kube-flannel-ds, aws-node, …) with fewer ready pods than desired; agent pods in CrashLoopBackOff, Error or Pending; high restart counts; nodes with no ready agent.',
    rationale: 'The agent programs the datapath and writes the CNI config and binaries; on a node without a ready agent new pods get no network and existing routes go stale.',
    evidence: 'The DaemonSet status in cluster/daemonsets.json, the agent pods in cluster/pods.json and the last lines of the agent logs.',
    actions: [
      { title: 'Restart the agent DaemonSet', commands: ['kubectl -n <namespace> rollout restart daemonset/<cni-daemonset>'], risk: 'disruptive' },
      { title: 'Delete the failing agent pods so they are recreated', commands: ['kubectl -n <namespace> delete pod <agent-pod>'], risk: 'disruptive' },
    ],
    docs: ['https://kubernetes.io/docs/tasks/debug/debug-application/debug-running-pod/', 'https://kubernetes.io/docs/tasks/debug/debug-application/determine-reason-pod-failure/'],
    explains: ['cni-sandbox-failures', 'node-not-ready', 'node-network-unavailable', 'cni-config-missing', 'flannel-subnet-missing', 'calico-bgp-peer-down', 'cilium-health-degraded', 'pod-routing-failure'],
  },
  requires: ['daemonsets', 'pods'],
  check(ctx) {
    const drafts = [];
    for (const w of ctx.facts.plugins.workloads) {
      const ds = w.daemonSet;
      const problems = new Map<PodRecord, string>();
      for (const p of w.pods) {
        const problem = podProblem(p);
        // Restarts count since the pod was created (node reboots add up over months): only a restart
        // within a day of the collection says the agent is unstable now.
        const recent = p.containers.filter((c) => c.restartCount >= HIGH_RESTARTS && isRecent(c.lastFinishedAt, ctx.facts.collectedAt));
        if (problem) problems.set(p, problem);
        else if (recent.length) problems.set(p, `${Math.max(...recent.map((c) => c.restartCount))} restarts, the last at ${recent[0]!.lastFinishedAt}`);
      }
      const short = ds ? Math.max(0, ds.desired - ds.ready) : 0;
      if (!problems.size && !short) continue;
      const ref = ds ? `${ds.namespace}/${ds.name}` : `${w.pods[0]?.namespace}/${w.pods[0]?.ownerName}`;
      const nodes = [...new Set([...problems.keys()].map((p) => p.nodeName).filter((n): n is string => !!n))].sort();
      const evidence: Evidence[] = [];
      if (ds && short) evidence.push(ctx.facts.evidence.workload(ds, '"numberReady"', `${ds.ready}/${ds.desired} ready`));
      for (const [p, why] of [...problems.entries()].slice(0, 5)) {
        const needle = p.containers.find((c) => c.waitingReason)?.waitingReason ?? '"restartCount"';
        evidence.push(ctx.facts.evidence.pod(p, needle, `${p.namespace}/${p.name} on ${p.nodeName ?? '(unscheduled)'}: ${why}`));
      }
      // Why the agent dies: the last error lines of its logs (previous instance first).
      const logs = ctx.data.logs.filter((l) => [...problems.keys()].some((p) => p.namespace === l.namespace && p.name === l.pod));
      const reason = explainFromLogs(logs);
      if (reason) evidence.push(ctx.facts.evidence.log(reason.log, reason.line, 'agent log'));
      const podList = [...problems.entries()].map(([p, why]) => `${p.name} ${why}`);
      drafts.push({
        key: w.agent.id,
        title: `${w.agent.name} agent (${ref}) is not healthy`,
        scope: nodes.length ? { kind: 'nodes' as const, names: nodes } : { kind: 'cluster' as const },
        nodes,
        summary:
          `${ds ? `DaemonSet ${ref} has ${ds.ready} of ${ds.desired} pods ready` : `Agent pods of ${ref}`}` +
          `${podList.length ? `; ${podList.length} agent pod(s) are failing${nodes.length ? ` on ${countText(nodes.length, ctx.facts.nodeNames.length || undefined, 'node')}` : ''}: ${listNames(podList, 4)}` : ''}.` +
          (reason ? ` Its log says: "${reason.line.text.trim().slice(0, 240)}".` : ''),
        evidence,
        actions: [
          ...(ds ? [{ title: `Restart ${ref}`, commands: [`kubectl -n ${ds.namespace} rollout restart daemonset/${ds.name}`, `kubectl -n ${ds.namespace} rollout status daemonset/${ds.name} --timeout=5m`], risk: 'disruptive' as const }] : []),
          {
            title: 'Read why the failing agent pods die, then delete them so they are recreated',
            commands: [...problems.keys()].slice(0, 5).flatMap((p) => [`kubectl -n ${p.namespace} logs ${p.name} --all-containers --previous --tail=100`, `kubectl -n ${p.namespace} delete pod ${p.name}`]),
            risk: 'disruptive' as const,
          },
        ],
      });
    }
    return drafts;
  },
});

const DAY = 24 * 3600 * 1000;

function isRecent(time: string | undefined, reference: number | undefined): boolean {
  if (!time) return false;
  const t = Date.parse(time);
  if (Number.isNaN(t)) return false;
  return reference === undefined || reference - t < DAY;
}

/** The most telling line of the agent logs: a catalogued signature, else the last error/fatal line. */
function explainFromLogs(logs: LogFile[]): { log: LogFile; line: { line: number; text: string } } | undefined {
  const ordered = [...logs].sort((a, b) => Number(b.previous) - Number(a.previous) || (a.path < b.path ? -1 : 1));
  for (const log of ordered) {
    const m = log.matches[log.matches.length - 1];
    if (m) return { log, line: m };
  }
  for (const log of ordered) {
    const t = [...log.tail].reverse().find((l) => /\b(fatal|error|FATAL|ERROR|panic)\b|level=(fatal|error)|failed to start/i.test(l.text));
    if (t) return { log, line: t };
  }
  return undefined;
}
