// Detects CNI agent DaemonSets with fewer ready pods than desired, crash-looping or pending agent
// pods, high restart counts, and nodes without a ready agent.
// https://kubernetes.io/docs/tasks/debug/debug-application/debug-running-pod/
import type { Evidence } from '../../../model/report.js';
import type { CniDescriptor } from '../../../cni/index.js';
import type { EventRecord, PodRecord } from '../../../model/k8s.js';
import { countText, listNames } from '../../facts.js';
import { explainFromLogs } from '../../derived/logs.js';
import { defineRule, type FindingDraft, type RuleContext } from '../../rule.js';

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
    answers: 'new-pods',
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
    const drafts: FindingDraft[] = [];
    let unhealthyIndex: Map<string, EventRecord[]> | undefined;
    // Unhealthy (probe failure) events by pod, built once and only when an agent pod is not ready.
    const unhealthy = () => (unhealthyIndex ??= unhealthyEvents(ctx.data.events));
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
      const ref = ds ? `${ds.namespace}/${ds.name}` : `${w.pods[0]?.namespace}/${w.pods[0]?.ownerName}`;
      // Running but not ready because the readiness probe reports a dataplane failure: a symptom of
      // that failure (its own finding), reported apart so the failure ranks first.
      const caused = dataplaneCaused(w.agent.readinessCauses ?? [], problems, unhealthy);
      for (const [p] of caused) problems.delete(p);
      if (caused.size) drafts.push(...readinessDrafts(ctx, w.agent, ref, caused));
      const short = ds ? Math.max(0, ds.desired - ds.ready - caused.size) : 0;
      if (!problems.size && !short) continue;
      const nodes = [...new Set([...problems.keys()].map((p) => p.nodeName).filter((n): n is string => !!n))].sort();
      const evidence: Evidence[] = [];
      if (ds && ds.desired > ds.ready) evidence.push(ctx.facts.evidence.workload(ds, '"numberReady"', `${ds.ready}/${ds.desired} ready`));
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

type ReadinessCause = NonNullable<CniDescriptor['readinessCauses']>[number];

function unhealthyEvents(events: readonly EventRecord[]): Map<string, EventRecord[]> {
  const out = new Map<string, EventRecord[]>();
  for (const e of events) {
    if (e.reason !== 'Unhealthy' || e.objectKind !== 'Pod') continue;
    const key = `${e.objectNamespace ?? e.namespace}/${e.objectName}`;
    const list = out.get(key);
    if (list) list.push(e);
    else out.set(key, [e]);
  }
  return out;
}

/** Agent pods that run but are not ready only because their probe reports a dataplane failure. */
function dataplaneCaused(causes: readonly ReadinessCause[], problems: ReadonlyMap<PodRecord, string>, unhealthy: () => Map<string, EventRecord[]>): Map<PodRecord, { cause: ReadinessCause; event: EventRecord }> {
  const out = new Map<PodRecord, { cause: ReadinessCause; event: EventRecord }>();
  if (!causes.length) return out;
  for (const [p, problem] of problems) {
    if (p.phase !== 'Running' || !problem.startsWith('not ready')) continue;
    for (const event of unhealthy().get(`${p.namespace}/${p.name}`) ?? []) {
      const cause = causes.find((c) => c.pattern.test(event.message));
      if (cause) {
        out.set(p, { cause, event });
        break;
      }
    }
  }
  return out;
}

function readinessDrafts(ctx: RuleContext, agent: CniDescriptor, ref: string, caused: Map<PodRecord, { cause: ReadinessCause; event: EventRecord }>): FindingDraft[] {
  const byRule = new Map<string, [PodRecord, { cause: ReadinessCause; event: EventRecord }][]>();
  for (const entry of caused) byRule.set(entry[1].cause.rule, [...(byRule.get(entry[1].cause.rule) ?? []), entry]);
  return [...byRule].sort(([a], [b]) => (a < b ? -1 : 1)).map(([rule, entries]) => {
    const { failure } = entries[0]![1].cause;
    const nodes = [...new Set(entries.map(([p]) => p.nodeName).filter((n): n is string => !!n))].sort();
    const evidence = entries.slice(0, 3).flatMap(([p, { event }]) => [
      ctx.facts.evidence.pod(p, '"ready": false', `${p.namespace}/${p.name} on ${p.nodeName ?? '(unscheduled)'}: Running, not ready`),
      ctx.facts.evidence.event(event, 'its readiness probe'),
    ]);
    return {
      key: `${agent.id}-readiness-${rule}`,
      title: `${agent.name} agent (${ref}) is not ready because ${failure}`,
      scope: nodes.length ? { kind: 'nodes' as const, names: nodes } : { kind: 'cluster' as const },
      nodes,
      summary: `${entries.length} agent pod(s) of ${ref} are Running but not ready (${listNames(entries.map(([p]) => `${p.name}${p.nodeName ? ` on ${p.nodeName}` : ''}`), 4)}): the readiness probe says "${entries[0]![1].event.message.split('\n').find((l) => entries[0]![1].cause.pattern.test(l))?.trim().slice(0, 200) ?? failure}". The agent runs; ${failure} (${rule}) is what to fix, and the agent turns ready after it. Restarting the agent does not help.`,
      evidence,
      symptomOf: [rule],
      actions: [{ title: `Fix the failure the probe reports (see ${rule}), then check the agent turns ready`, commands: entries.slice(0, 3).map(([p]) => `kubectl -n ${p.namespace} get pod ${p.name} -o wide`), risk: 'safe' as const }],
    };
  });
}

function isRecent(time: string | undefined, reference: number | undefined): boolean {
  if (!time) return false;
  const t = Date.parse(time);
  if (Number.isNaN(t)) return false;
  return reference === undefined || reference - t < DAY;
}

