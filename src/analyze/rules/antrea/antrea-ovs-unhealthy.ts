// Detects Antrea nodes whose Open vSwitch is not working: the antrea-ovs container not ready or
// crash-looping, antrea-agent unable to connect to OVS (repeatedly), `ovs-vsctl show` without the
// br-int bridge or its antrea-gw0 gateway, OVS failing to start.
// https://github.com/antrea-io/antrea/blob/main/docs/troubleshooting.md
import { ANTREA_AGENTINFO, ANTREA_BRIDGE, ANTREA_GATEWAY, ANTREA_OVS_SHOW } from '../../../cni/antrea.js';
import type { Evidence } from '../../../model/report.js';
import { isRecognised, nodeOutputs } from '../../bundle-data.js';
import { listNames } from '../../facts.js';
import { defineRule } from '../../rule.js';

/** A start-up prints "Not connected yet" once or twice while OVS starts; more is a failure. */
const RETRIES_THAT_FAIL = 3;

const RECREATE_BRIDGE = { title: 'Reload the openvswitch kernel module, or recreate the bridge, on the node (its pods lose their network meanwhile)', commands: ['# on the node: modprobe openvswitch && lsmod | grep openvswitch', 'kubectl -n kube-system exec <antrea-agent-pod> -c antrea-ovs -- ovs-vsctl del-br br-int', 'kubectl -n kube-system delete pod <antrea-agent-pod>'], risk: 'downtime' as const };

export default defineRule({
  meta: {
    id: 'antrea-ovs-unhealthy',
    title: 'Open vSwitch is not working on Antrea nodes',
    area: 'antrea',
    severity: 'critical',
    urgency: 'minutes',
    answers: 'new-pods',
    plugin: 'antrea',
    description: 'The antrea-ovs container not ready or crash-looping, `antctl get agentinfo` STATUS other than Healthy, antrea-agent unable to connect to OVS (`Not connected yet, will try again` again and again, `Failed to connect to …br-int.mgmt`), `ovs-vsctl show` without the bridge br-int or the gateway antrea-gw0, or OVS failing to start (`pidfile check failed`, datapath errors).',
    rationale: 'Antrea forwards every pod packet through the br-int bridge, and the node reaches its pods through antrea-gw0: without OVS the node\'s pods have no network and new pods fail to start (the agent cannot answer the CNI plugin).',
    evidence: 'The antrea-agent pods (cluster/pods.json), plugins/antrea/ovs-vsctl-show/<node>.txt, plugins/antrea/agentinfo/<node>.txt and the antrea-agent / antrea-ovs logs.',
    actions: [
      { title: 'Restart antrea-agent on the node (both containers restart; OVS keeps its flows)', commands: ['kubectl -n kube-system delete pod -l component=antrea-agent --field-selector spec.nodeName=<node>', 'kubectl -n kube-system logs <antrea-agent-pod> -c antrea-ovs --tail=50'], risk: 'disruptive' },
      RECREATE_BRIDGE,
    ],
    docs: ['https://github.com/antrea-io/antrea/blob/main/docs/troubleshooting.md', 'https://github.com/antrea-io/antrea/blob/main/docs/design/architecture.md'],
    explains: ['cni-sandbox-failures', 'cni-agent-unhealthy', 'pod-routing-failure', 'coredns-unhealthy'],
  },
  requires: ['pods', ANTREA_OVS_SHOW, ANTREA_AGENTINFO, 'logs'],
  check(ctx) {
    const problems = new Map<string, string[]>();
    const evidence: Evidence[] = [];
    const add = (node: string, what: string, ev?: Evidence) => {
      problems.set(node, [...(problems.get(node) ?? []), what]);
      if (ev && evidence.length < 6) evidence.push(ev);
    };
    const agents = ctx.facts.plugins.workloads.filter((w) => w.agent.id === 'antrea').flatMap((w) => w.pods);
    for (const p of agents) {
      const ovs = p.containers.find((c) => !c.init && c.name === 'antrea-ovs');
      if (!ovs || !p.nodeName || p.phase === 'Succeeded') continue;
      if (ovs.waitingReason || !ovs.ready) add(p.nodeName, `antrea-ovs in ${p.name} ${ovs.waitingReason ?? 'not ready'}${ovs.restartCount ? ` (${ovs.restartCount} restarts)` : ''}`, ctx.facts.evidence.pod(p, ovs.waitingReason ?? '"ready": false', `${p.name} on ${p.nodeName}: antrea-ovs ${ovs.waitingReason ?? 'not ready'}`));
    }
    for (const [node, parsed] of nodeOutputs(ctx.data, ANTREA_OVS_SHOW)) {
      if (!isRecognised(parsed)) continue;
      const show = parsed.result;
      if (show.errors.length) {
        add(node, `ovs-vsctl cannot reach the OVS database ("${show.errors[0]!.text.slice(0, 120)}")`, ctx.facts.evidence.line(parsed.path, show.errors[0]!.line));
        continue;
      }
      const br = show.bridges.find((b) => b.name === ANTREA_BRIDGE);
      if (!br) add(node, `OVS has no bridge ${ANTREA_BRIDGE}${show.bridges.length ? ` (only ${show.bridges.map((b) => b.name).join(', ')})` : ''}`, ctx.facts.evidence.line(parsed.path, 1));
      else if (!br.ports.some((p) => p.name === ANTREA_GATEWAY)) add(node, `${ANTREA_BRIDGE} has no gateway port ${ANTREA_GATEWAY}: the node cannot reach its pods`, ctx.facts.evidence.line(parsed.path, br.line));
    }
    // antctl's own verdict: the agent reports its OVS connection and its controller connection;
    // anything but Healthy names what it cannot reach.
    for (const [node, parsed] of nodeOutputs(ctx.data, ANTREA_AGENTINFO)) {
      if (!isRecognised(parsed) || /^healthy$/i.test(parsed.result.status)) continue;
      add(node, `\`antctl get agentinfo\` says ${parsed.result.status}`, ctx.facts.evidence.line(parsed.path, parsed.result.line));
    }
    // Logs: OVS failing to start, or the agent retrying its connection to OVS again and again.
    const hits = ctx.facts.logMatches('antrea-ovs-down');
    const byLog = new Map<string, { log: (typeof hits)[number]['log']; ms: (typeof hits)[number]['m'][] }>();
    for (const h of hits) {
      const e = byLog.get(h.log.path) ?? { log: h.log, ms: [] };
      e.ms.push(h.m);
      byLog.set(h.log.path, e);
    }
    for (const { log, ms } of byLog.values()) {
      const node = ctx.facts.nodeOfPod(log.namespace, log.pod);
      const fatal = ms.find((m) => m.match.signature.id === 'AN-03');
      if (fatal) add(node ?? log.pod, `${log.container} says "${fatal.match.text}"`, ctx.facts.evidence.log(log, fatal, `${log.pod}/${log.container}`));
      else if (ms.length >= RETRIES_THAT_FAIL) add(node ?? log.pod, `antrea-agent could not connect to OVS ${ms.length}${ms.length >= 20 ? '+' : ''} times ("${ms[ms.length - 1]!.match.text}")`, ctx.facts.evidence.log(log, ms[ms.length - 1]!, `${log.pod}/${log.container}, the last of ${ms.length} attempts`));
    }
    if (!problems.size) return [];
    const nodes = [...problems.keys()].sort();
    const restart = nodes.slice(0, 5).map((n) => `kubectl -n kube-system delete pod -l component=antrea-agent --field-selector spec.nodeName=${n}`);
    return [
      {
        scope: { kind: 'nodes', names: nodes },
        summary: `Open vSwitch is not working on ${listNames(nodes)}: ${[...problems].map(([n, ps]) => `${n}: ${ps.join('; ')}`).join('. ')}. Pods there have no network and new pods fail until OVS runs and antrea-agent has programmed br-int.`,
        evidence,
        actions: [{ title: 'Restart antrea-agent on the affected nodes (both containers restart; OVS keeps its flows)', commands: [...restart, 'kubectl -n kube-system logs <antrea-agent-pod> -c antrea-ovs --tail=50'], risk: 'disruptive' }, RECREATE_BRIDGE],
      },
    ];
  },
});
