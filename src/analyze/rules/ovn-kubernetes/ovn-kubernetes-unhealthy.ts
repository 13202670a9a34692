// Detects OVN-Kubernetes not working: ovnkube-node containers (ovn-controller, ovnkube-controller,
// nbdb/sbdb/northd in interconnect mode) not ready or crash-looping, the central control plane
// (ovnkube-master, ovnkube-control-plane, ovnkube-db) not ready, components that cannot reach an
// OVN database or the node's OVS database again and again (OVN-02), and new pods waiting for the
// network annotation the control plane never writes (OVN-01).
// https://github.com/ovn-kubernetes/ovn-kubernetes/blob/master/docs/design/architecture.md
import { cniById } from '../../../cni/index.js';
import { ovnDatabaseOf } from '../../../cni/ovn-kubernetes.js';
import type { PodRecord } from '../../../model/k8s.js';
import type { Evidence } from '../../../model/report.js';
import type { LogFile, LogMatch } from '../../bundle-data.js';
import { clip, listNames, type Facts } from '../../facts.js';
import { lastErrorLine, messageOf } from '../../derived/logs.js';
import { defineRule } from '../../rule.js';

/** ovn-controller and ovnkube retry while a database starts; three failed attempts in one log is a failure. */
const ATTEMPTS_THAT_FAIL = 3;

/** What is wrong with a pod's containers (with the last error of a crashed one's log), or undefined when all are ready. */
function containerTrouble(p: PodRecord, logs: readonly LogFile[]): { text: string; said?: { log: LogFile; line: { line: number; text: string } } } | undefined {
  if (p.phase === 'Succeeded') return undefined;
  const bad = p.containers.filter((c) => !c.init && (c.waitingReason || !c.ready));
  if (!bad.length) return p.phase === 'Pending' || p.phase === 'Failed' || p.phase === 'Unknown' ? { text: p.phase } : undefined;
  let said: { log: LogFile; line: { line: number; text: string } } | undefined;
  for (const c of bad) {
    if (said || !(c.restartCount || c.waitingReason)) continue;
    const own = logs.filter((l) => l.namespace === p.namespace && l.pod === p.name && l.container === c.name).sort((a, b) => Number(b.previous) - Number(a.previous));
    for (const log of own) {
      const line = lastErrorLine(log);
      if (line) {
        said = { log, line };
        break;
      }
    }
  }
  const text = bad.map((c) => `${c.name} ${c.waitingReason ?? 'not ready'}${c.restartCount ? ` (${c.restartCount} restarts)` : ''}`).join(', ');
  return { text: said ? `${text}, last error "${clip(messageOf(said.line.text), 160)}"` : text, said };
}

function isOvnLog(log: LogFile, facts: Facts): boolean {
  const namespaces = cniById('ovn-kubernetes')?.namespaces ?? [];
  if (namespaces.includes(log.namespace)) return true;
  // Upstream's manifests run in kube-system too (ovnkube-node, ovnkube-master, ovnkube-db, ovs-node).
  return log.namespace === 'kube-system' && (/^(ovnkube|ovs-node)-/.test(log.pod) || facts.agentPods('ovn-kubernetes').some((p) => p.name === log.pod));
}

export default defineRule({
  meta: {
    id: 'ovn-kubernetes-unhealthy',
    title: 'OVN-Kubernetes is not working',
    area: 'ovn-kubernetes',
    severity: 'critical',
    urgency: 'minutes',
    answers: 'new-pods',
    plugin: 'ovn-kubernetes',
    description: 'ovnkube-node containers (ovn-controller, ovnkube-node / ovnkube-controller, and in interconnect mode nbdb, sbdb, northd) not ready or crash-looping; the central control plane (ovnkube-master, ovnkube-control-plane, ovnkube-db) not ready; an OVN component failing again and again to connect to the northbound or southbound database or to the node\'s Open vSwitch (`failed to connect to endpoints`, `connection attempt failed`); new pods failing with `failed to get pod annotation: timed out waiting for annotations`.',
    rationale: 'A pod gets its network only when the OVN controller has written its annotation (address, MAC, gateway) and ovn-controller on its node has programmed OVS from the southbound database. Without the databases or the controller, new pods wait until the CNI times out; without ovn-controller, a node stops following changes.',
    evidence: 'The OVN-Kubernetes pods (cluster/pods.json), their logs, and the FailedCreatePodSandBox events.',
    actions: [
      { title: 'Restart ovnkube-node on the affected nodes (pods keep their flows while it restarts)', commands: ['kubectl -n openshift-ovn-kubernetes delete pod -l app=ovnkube-node --field-selector spec.nodeName=<node>', 'kubectl -n openshift-ovn-kubernetes logs <ovnkube-node-pod> -c ovn-controller --tail=50'], risk: 'disruptive' },
      { title: 'Restart the OVN control plane pods, one at a time (new pods get no network meanwhile)', commands: ['kubectl -n openshift-ovn-kubernetes get pods -o wide | grep -E "ovnkube-(master|control-plane|db)"', 'kubectl -n openshift-ovn-kubernetes delete pod <ovnkube-master-pod>'], risk: 'disruptive' },
    ],
    docs: ['https://github.com/ovn-kubernetes/ovn-kubernetes/blob/master/docs/design/architecture.md', 'https://docs.openshift.com/container-platform/4.14/networking/ovn_kubernetes_network_provider/ovn-kubernetes-troubleshooting-sources.html'],
    explains: ['cni-sandbox-failures', 'cni-agent-unhealthy', 'pod-routing-failure', 'coredns-unhealthy', 'probe-dns-failed', 'probe-sandbox-timeout'],
  },
  requires: ['pods', 'events', 'logs'],
  check(ctx) {
    const facts = ctx.facts;
    const nodeProblems = new Map<string, string[]>();
    const centralProblems: string[] = [];
    const evidence: Evidence[] = [];
    const scope = new Set<string>();
    const addEvidence = (ev: Evidence) => {
      if (evidence.length < 6) evidence.push(ev);
    };
    const onNode = (node: string, what: string) => {
      nodeProblems.set(node, [...(nodeProblems.get(node) ?? []), what]);
      scope.add(node);
    };

    for (const p of facts.agentPods('ovn-kubernetes')) {
      const trouble = containerTrouble(p, ctx.data.logs);
      if (!trouble || !p.nodeName) continue;
      onNode(p.nodeName, `${p.name}: ${trouble.text}`);
      addEvidence(facts.evidence.pod(p, p.containers.find((c) => c.waitingReason)?.waitingReason ?? '"ready": false', `${p.name} on ${p.nodeName}`));
      if (trouble.said) addEvidence(facts.evidence.log(trouble.said.log, trouble.said.line, `${p.name}/${trouble.said.log.container}${trouble.said.log.previous ? ', the instance that died' : ''}`));
    }
    const central = facts.controlPlanePods('ovn-kubernetes');
    for (const p of central) {
      const trouble = containerTrouble(p, ctx.data.logs);
      if (!trouble) continue;
      centralProblems.push(`${p.name}${p.nodeName ? ` on ${p.nodeName}` : ''}: ${trouble.text}`);
      if (p.nodeName) scope.add(p.nodeName);
      addEvidence(facts.evidence.pod(p, p.containers.find((c) => c.waitingReason)?.waitingReason ?? '"ready": false', p.name));
      if (trouble.said) addEvidence(facts.evidence.log(trouble.said.log, trouble.said.line, `${p.name}/${trouble.said.log.container}${trouble.said.log.previous ? ', the instance that died' : ''}`));
    }

    // Database connections failing again and again, per log (one log is one container instance).
    const byLog = new Map<string, { log: LogFile; ms: LogMatch[] }>();
    for (const h of facts.logMatches('ovn-db-unreachable')) {
      if (!isOvnLog(h.log, facts)) continue;
      const e = byLog.get(h.log.path) ?? { log: h.log, ms: [] };
      e.ms.push(h.m);
      byLog.set(h.log.path, e);
    }
    // One line per component and database, naming every node it fails on (ovn-controller on all nodes
    // failing to reach the same southbound database is one fact, not one per node).
    const failures = new Map<string, { container: string; db: string; target: string; central: string[]; nodes: Set<string>; attempts: number }>();
    for (const { log, ms } of [...byLog.values()].sort((a, b) => (a.log.path < b.log.path ? -1 : 1))) {
      if (ms.length < ATTEMPTS_THAT_FAIL) continue;
      const last = ms[ms.length - 1]!;
      const g = last.match.groups;
      const target = g.target ?? g.target2 ?? g.target3 ?? '';
      const db = ovnDatabaseOf(target) ?? 'an OVN';
      const key = `${log.container}|${db}|${target}`;
      const f = failures.get(key) ?? { container: log.container, db, target, central: [], nodes: new Set<string>(), attempts: 0 };
      failures.set(key, f);
      f.attempts = Math.max(f.attempts, ms.length);
      const node = facts.nodeOfPod(log.namespace, log.pod);
      if (node) scope.add(node);
      if (central.some((p) => p.name === log.pod) || !node) f.central.push(log.pod);
      else f.nodes.add(node);
      addEvidence(facts.evidence.log(log, last, `${log.pod}/${log.container}, the last of ${ms.length} attempts`));
    }
    const dbText = (f: { container: string; db: string; target: string; attempts: number }) => `${f.container} cannot connect to the ${f.db} database${f.target ? ` (${f.target})` : ''} (${f.attempts}${f.attempts >= 20 ? '+' : ''} failed attempts in one log)`;
    for (const f of failures.values()) {
      if (f.central.length) centralProblems.push(`${dbText(f)} in ${listNames(f.central, 3)}`);
      if (f.nodes.size) for (const n of f.nodes) nodeProblems.set(n, nodeProblems.get(n) ?? []);
    }
    const nodeDbFailures = [...failures.values()].filter((f) => f.nodes.size);

    // New pods waiting for their annotation: the controller that writes it is not doing its job.
    const waiting = facts.eventsOfKind('ovn-annotation-timeout');
    const waitingPods = new Set<string>();
    const waitingNodes = new Set<string>();
    for (const { event } of waiting) {
      waitingPods.add(`${event.objectNamespace ?? event.namespace}/${event.objectName}`);
      const node = facts.nodeOfEvent(event);
      if (node) {
        waitingNodes.add(node);
        scope.add(node);
      }
    }
    if (waiting.length) addEvidence(facts.evidence.event(waiting[0]!.event, `${waitingPods.size} pod(s) waited for their OVN annotation`));

    if (!nodeProblems.size && !centralProblems.length && !waiting.length) return [];
    const parts: string[] = [];
    if (centralProblems.length) parts.push(`The OVN control plane is not healthy: ${listNames(centralProblems, 4)}.`);
    const podTrouble = [...nodeProblems].filter(([, ps]) => ps.length).sort(([a], [b]) => (a < b ? -1 : 1));
    if (podTrouble.length) parts.push(`ovnkube-node is not ready on ${listNames(podTrouble.map(([n]) => n))}: ${podTrouble.map(([n, ps]) => `${n}: ${ps.join('; ')}`).join('. ')}.`);
    for (const f of nodeDbFailures) parts.push(`On ${f.nodes.size === facts.agentNodes('ovn-kubernetes').length && f.nodes.size > 1 ? `every node (${listNames([...f.nodes].sort())})` : listNames([...f.nodes].sort())}, ${dbText(f)}.`);
    if (waiting.length) {
      const who = centralProblems.length ? 'the control plane above' : nodeProblems.size ? 'ovnkube-node on those nodes (interconnect mode) or the control plane' : 'the OVN controller (ovnkube-master, or ovnkube-controller in each ovnkube-node pod since OpenShift 4.14)';
      parts.push(`${waitingPods.size} new pod(s)${waitingNodes.size ? ` on ${listNames([...waitingNodes].sort())}` : ''} timed out waiting for the network annotation that ${who} writes.`);
    }
    const namespace = central[0]?.namespace ?? facts.agentPods('ovn-kubernetes')[0]?.namespace ?? 'openshift-ovn-kubernetes';
    // With the control plane down, nodes reconnect by themselves once it is back: restart only those
    // whose own pod is in trouble (or all failing nodes when the control plane looks fine).
    const restartNodes = [...nodeProblems].filter(([, ps]) => ps.length || !centralProblems.length).map(([n]) => n).sort().slice(0, 5).map((n) => `kubectl -n ${namespace} delete pod -l app=ovnkube-node --field-selector spec.nodeName=${n}`);
    const troubledCentral = central.filter((p) => containerTrouble(p, ctx.data.logs));
    const actions = [];
    if (troubledCentral.length || (centralProblems.length && central.length)) {
      actions.push({ title: 'Find out why the OVN control plane is not ready, then restart its pods one at a time (new pods get no network meanwhile)', commands: [...(troubledCentral.length ? troubledCentral : central).slice(0, 3).map((p) => {
          const c = p.containers.find((x) => !x.init && (x.waitingReason || !x.ready));
          return c ? `kubectl -n ${p.namespace} logs ${p.name} -c ${c.name}${c.restartCount ? ' --previous' : ''} --tail=50` : `kubectl -n ${p.namespace} logs ${p.name} --all-containers --tail=50`;
        }), ...(troubledCentral.length ? troubledCentral : central).slice(0, 3).map((p) => `kubectl -n ${p.namespace} delete pod ${p.name}`)], risk: 'disruptive' as const });
    }
    if (centralProblems.length) {
      // The databases hold nothing that is not rebuilt: northd fills the southbound from the
      // northbound, and ovnkube fills the northbound from the Kubernetes objects when it starts.
      actions.push({ title: 'If a database file is corrupt (or its raft cluster cannot recover), move it aside on its node and restart the database pod: OVN rebuilds it (every node reprograms meanwhile)', commands: ['# on the node of the database pod:', 'mv /etc/ovn/ovnsb_db.db /etc/ovn/ovnsb_db.db.bak   # or ovnnb_db.db for the northbound', `kubectl -n ${namespace} delete pod ${central.find((p) => /db|master/.test(p.name))?.name ?? '<ovnkube-db-pod>'}`], risk: 'downtime' as const });
    }
    if (restartNodes.length) actions.push({ title: 'Restart ovnkube-node on the affected nodes (pods keep their flows while it restarts)', commands: [...restartNodes, `kubectl -n ${namespace} logs <ovnkube-node-pod> -c ovn-controller --tail=50`], risk: 'disruptive' as const });
    if (!actions.length) actions.push({ title: 'Check the OVN controller that writes pod annotations, then restart it', commands: [`kubectl -n ${namespace} get pods -o wide`, `kubectl -n ${namespace} logs <ovnkube-master-or-node-pod> -c ovnkube-controller --tail=100`], risk: 'safe' as const });
    return [
      {
        scope: { kind: 'nodes', names: [...scope].sort() },
        summary: `${parts.join(' ')} New pods get no network until OVN's databases and controllers are up and connected.`,
        evidence,
        actions,
      },
    ];
  },
});
