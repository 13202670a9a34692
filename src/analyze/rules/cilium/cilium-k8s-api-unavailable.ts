// Detects Cilium agents that cannot reach, or are refused by, the Kubernetes API server.
// https://docs.cilium.io/en/stable/network/kubernetes/kubeproxy-free/
import type { Evidence } from '../../../model/report.js';
import { listNames } from '../../facts.js';
import { defineRule } from '../../rule.js';
import { isCiliumAgentLog } from '../../derived/cilium.js';

export default defineRule({
  meta: {
    id: 'cilium-k8s-api-unavailable',
    title: 'Cilium agents cannot use the Kubernetes API',
    area: 'cilium',
    severity: 'critical',
    urgency: 'minutes',
    answers: 'new-pods',
    plugin: 'cilium',
    description: 'cilium status `Kubernetes:` not Ok (or `Cilium: Failure … Kubernetes service is not ready`), or agent logs that cannot reach (`Unable to contact k8s api-server`, `dial tcp …:443: i/o timeout`) or are forbidden by the API server.',
    rationale: 'Without the API the agent cannot learn pods, services and policies: it does not become ready, new pods get no endpoint, and with kube-proxy replacement services stop working. A kube-proxy-free install without k8sServiceHost is the classic cause.',
    evidence: 'The Kubernetes line of plugins/cilium/status/<node>.txt and the agent log lines.',
    actions: [
      { title: 'Check the API server endpoint the agent uses (k8sServiceHost/Port when kube-proxy is replaced) and its RBAC', commands: ['kubectl -n kube-system get configmap cilium-config -o yaml | grep -E "k8s-service-host|k8s-service-port|kube-proxy-replacement"', 'kubectl auth can-i --list --as=system:serviceaccount:kube-system:cilium'], risk: 'safe' },
      { title: 'Point the agents at a reachable API endpoint', commands: ['helm upgrade cilium cilium/cilium --reuse-values --set k8sServiceHost=<api-host> --set k8sServicePort=<port>'], risk: 'disruptive' },
    ],
    docs: ['https://docs.cilium.io/en/stable/network/kubernetes/kubeproxy-free/', 'https://docs.cilium.io/en/stable/operations/troubleshooting/'],
    explains: ['cni-agent-unhealthy', 'cilium-health-degraded'],
  },
  requires: ['cilium-status', 'logs'],
  check(ctx) {
    const nodes = new Map<string, Evidence[]>();
    const add = (node: string, ev: Evidence) => nodes.set(node, [...(nodes.get(node) ?? []), ev].slice(0, 2));
    let example = '';
    for (const { node, path, status } of ctx.facts.ciliumStatuses()) {
      const k = status.kubernetes;
      const notReady = status.cilium && /Kubernetes service is not ready/i.test(status.cilium.message);
      if (k && k.state !== 'Ok' && k.state !== 'Disabled') {
        add(node, ctx.facts.evidence.line(path, k.line));
        example ||= `Kubernetes: ${k.raw}`;
      } else if (notReady) {
        add(node, ctx.facts.evidence.line(path, status.cilium!.line));
        example ||= `Cilium: ${status.cilium!.raw}`;
      }
    }
    const agentPods = new Set(ctx.facts.agentPods('cilium').map((p) => `${p.namespace}/${p.name}`));
    for (const kind of ['apiserver-unreachable', 'rbac-denied'] as const) {
      for (const l of ctx.facts.logMatches(kind)) {
        if (!isCiliumAgentLog(ctx.data, l.log.namespace, l.log.pod, agentPods)) continue;
        const node = ctx.facts.nodeOfPod(l.log.namespace, l.log.pod) ?? `(pod ${l.log.pod})`;
        add(node, ctx.facts.evidence.log(l.log, l.m, `${l.log.pod} ${l.log.container}`));
        example ||= l.m.text.trim().slice(0, 240);
      }
    }
    if (!nodes.size) return [];
    const names = [...nodes.keys()].sort();
    return [
      {
        scope: { kind: 'nodes', names: names.filter((n) => !n.startsWith('(')) },
        summary: `The Cilium agent on ${listNames(names)} cannot use the Kubernetes API: "${example}".`,
        evidence: names.slice(0, 4).flatMap((n) => nodes.get(n)!),
      },
    ];
  },
});
