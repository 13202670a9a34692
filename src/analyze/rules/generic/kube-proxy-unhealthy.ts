// Detects a failing kube-proxy: its DaemonSet short of ready pods, its pods crash-looping, or its
// fatal lines (conntrack sysctls, iptables-restore, node lookup, proxier). kube-proxy sits on every
// Service path: when it is down, ClusterIPs (the API's 10.96.0.1, CoreDNS's) stop answering, and the
// CNI agents and CoreDNS that need them fail after it. Not raised where the CNI replaces kube-proxy.
// https://kubernetes.io/docs/reference/command-line-tools-reference/kube-proxy/
import type { Evidence } from '../../../model/report.js';
import { listNames } from '../../facts.js';
import { defineRule, type RuleContext } from '../../rule.js';

const KUBE_PROXY = /^kube-proxy(-|$)/;

/** Cilium's kube-proxy replacement, or kube-router run as the service proxy, does kube-proxy's work. */
function kubeProxyReplaced(ctx: RuleContext): boolean {
  if (ctx.data.configMaps.some((c) => c.name === 'cilium-config' && /^(true|strict)$/.test(c.data['kube-proxy-replacement'] ?? ''))) return true;
  return ctx.facts.plugins.workloads.some((w) => w.agent.id === 'kube-router' && w.daemonSet?.containers.some((c) => c.args.some((a) => /^--run-service-proxy(=true)?$/.test(a))));
}

export default defineRule({
  meta: {
    id: 'kube-proxy-unhealthy',
    title: 'kube-proxy is failing: Services do not work on the affected nodes',
    area: 'generic',
    severity: 'critical',
    urgency: 'immediate',
    answers: 'pod-to-pod',
    description: 'The kube-proxy DaemonSet with fewer ready pods than desired, its pods crash-looping or not ready, or fatal lines in its logs (conntrack sysctl `read-only file system` / `permission denied`, `Failed to execute iptables-restore`, `Failed to retrieve node info`, no usable proxier). Not raised where the CNI replaces kube-proxy (Cilium kube-proxy replacement, kube-router run with `--run-service-proxy`).',
    rationale: 'kube-proxy programs every Service: without it ClusterIPs, including the API server\'s and CoreDNS\'s, are unreachable from pods, so agents that watch the API and every DNS lookup fail after it. Fixing kube-proxy is what restores them.',
    evidence: 'The kube-proxy DaemonSet and pods (cluster/daemonsets.json, cluster/pods.json) and its log lines.',
    actions: [
      { title: 'Fix the cause the log names, then restart kube-proxy', commands: ['kubectl -n kube-system logs daemonset/kube-proxy --tail=50', '# conntrack sysctl: kube-proxy must run privileged (securityContext.privileged: true)', '# iptables-restore: check the node\'s iptables backend (legacy vs nft) and kernel modules', 'kubectl -n kube-system rollout restart daemonset/kube-proxy'], risk: 'disruptive' },
      { title: 'Delete the kube-proxy pods on the affected nodes so they start again', commands: ['kubectl -n kube-system delete pod -l k8s-app=kube-proxy --field-selector spec.nodeName=<node>'], risk: 'disruptive' },
    ],
    docs: ['https://kubernetes.io/docs/reference/command-line-tools-reference/kube-proxy/', 'https://kubernetes.io/docs/tasks/debug/debug-application/debug-service/#is-the-kube-proxy-working'],
    explains: ['coredns-unhealthy', 'pod-routing-failure', 'probe-dns-failed', 'probe-egress-failed', 'cni-agent-unhealthy'],
  },
  requires: ['daemonsets', 'pods'],
  check(ctx) {
    // The CNI does the Services' work (Cilium's kube-proxy replacement): kube-proxy is not on the path.
    if (kubeProxyReplaced(ctx)) return [];
    const problems: string[] = [];
    const evidence: Evidence[] = [];
    const nodes = new Set<string>();
    const ds = ctx.data.daemonSets.find((d) => d.namespace === 'kube-system' && d.name === 'kube-proxy');
    if (ds && ds.ready < ds.desired) {
      problems.push(`DaemonSet kube-system/kube-proxy has ${ds.ready}/${ds.desired} ready`);
      evidence.push(ctx.facts.evidence.workload(ds, '"numberReady"', `${ds.ready}/${ds.desired} ready`));
    }
    // kube-system pods are kept as full records (pod-index.ts retainsFullRecord).
    const pods = ctx.data.pods.filter((p) => p.namespace === 'kube-system' && (p.ownerName === 'kube-proxy' || KUBE_PROXY.test(p.name)) && p.phase !== 'Succeeded');
    const failing = pods.filter((p) => p.containers.some((c) => !c.init && (!c.ready || c.waitingReason === 'CrashLoopBackOff')));
    if (failing.length) {
      const state = (p: (typeof failing)[number]) => {
        const c = p.containers.find((x) => !x.init && !x.ready) ?? p.containers[0]!;
        return `${p.name}${c.waitingReason ? ` ${c.waitingReason}` : ' not ready'}${c.restartCount ? `, ${c.restartCount} restarts` : ''}`;
      };
      problems.push(`${failing.length} pod(s) failing (${listNames(failing.map(state), 3)})`);
      for (const p of failing) if (p.nodeName) nodes.add(p.nodeName);
      for (const p of failing.slice(0, 2)) evidence.push(ctx.facts.evidence.pod(p, p.containers.some((c) => c.waitingReason === 'CrashLoopBackOff') ? 'CrashLoopBackOff' : '"ready": false', `${p.namespace}/${p.name}${p.nodeName ? ` on ${p.nodeName}` : ''}`));
    }
    const hits = ctx.facts.logMatches('kube-proxy-fatal').filter((h) => h.log.namespace === 'kube-system' && KUBE_PROXY.test(h.log.pod));
    if (hits.length) {
      const first = hits[0]!;
      problems.push(`its log says "${first.m.match.text}": ${first.m.match.signature.meaning}`);
      for (const h of hits) {
        const node = pods.find((p) => p.name === h.log.pod)?.nodeName;
        if (node) nodes.add(node);
      }
      const seen = new Set<string>();
      for (const h of hits) {
        if (seen.has(h.log.pod) || seen.size >= 2) continue;
        seen.add(h.log.pod);
        evidence.push(ctx.facts.evidence.log(h.log, h.m, `${h.log.pod}${h.log.previous ? ' (previous instance)' : ''}`));
      }
    }
    if (!problems.length) return [];
    const nodeList = [...nodes].sort();
    const selector = (n: string) => `kubectl -n kube-system delete pod -l k8s-app=kube-proxy --field-selector spec.nodeName=${n}`;
    const causes = [...new Set(hits.map((h) => h.m.match.signature.id))];
    return [
      {
        scope: nodeList.length ? { kind: 'nodes', names: nodeList } : { kind: 'cluster' },
        nodes: nodeList,
        summary: `kube-proxy is failing${nodeList.length ? ` on ${listNames(nodeList)}` : ''}: ${problems.join('; ')}. Service ClusterIPs (the API server's, CoreDNS's) do not answer from pods there, so what needs them fails after it.`,
        evidence: evidence.slice(0, 6),
        actions: [
          {
            title: causes.length ? 'Fix the cause kube-proxy\'s log names, then restart kube-proxy' : 'Read why kube-proxy fails, fix it, then restart kube-proxy',
            commands: [
              ...(hits[0] ? [`kubectl -n kube-system logs ${hits[0].log.pod}${hits[0].log.previous ? ' --previous' : ''} --tail=50`] : ['kubectl -n kube-system logs daemonset/kube-proxy --tail=50']),
              ...(causes.includes('KP-01') ? ['kubectl -n kube-system get daemonset kube-proxy -o jsonpath=\'{.spec.template.spec.containers[0].securityContext}\'   # must show "privileged":true'] : []),
              ...(causes.includes('KP-02') ? ['# on the node: iptables --version   (legacy or nf_tables: it must match what kube-proxy uses)'] : []),
              ...(causes.includes('KP-04') ? ['kubectl -n kube-system get configmap kube-proxy -o yaml | grep -n mode   # and lsmod | grep ip_vs on the node'] : []),
              'kubectl -n kube-system rollout restart daemonset/kube-proxy',
            ],
            risk: 'disruptive',
          },
          { title: 'Delete the kube-proxy pods on the affected nodes so they start again', commands: nodeList.length ? nodeList.slice(0, 5).map(selector) : [selector('<node>')], risk: 'disruptive' },
        ],
      },
    ];
  },
});
