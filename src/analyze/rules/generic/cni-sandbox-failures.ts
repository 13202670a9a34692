// Detects pods whose sandbox network could not be set up (FailedCreatePodSandBox with a CNI error,
// pods stuck in ContainerCreating). https://kubernetes.io/docs/tasks/debug/debug-application/debug-pods/
import type { Evidence } from '../../../model/report.js';
import { countText, listNames } from '../../facts.js';
import { defineRule } from '../../rule.js';
import { nuclearResetAction, restartAgentAction } from '../../agent-actions.js';
import { chainMembers, cniById, CNIS } from '../../../cni/index.js';

export default defineRule({
  meta: {
    id: 'cni-sandbox-failures',
    title: 'Pods cannot get a network: sandbox creation fails in the CNI plugin',
    area: 'generic',
    severity: 'critical',
    urgency: 'minutes',
    answers: 'new-pods',
    description:
      'FailedCreatePodSandBox events whose message is a network/CNI failure, and pods stuck in ContainerCreating; classifies the scope as cluster-wide or localized and extracts the plugin and its error from the layered message.',
    rationale: 'No new pod (including replacements for evicted or crashed pods) can start on the affected nodes until the CNI plugin works again.',
    evidence: 'The FailedCreatePodSandBox events in cluster/events.json (the innermost plugin error quoted), and stuck pods in cluster/pods.json.',
    actions: [
      { title: 'Restart the CNI DaemonSet (its installer rewrites configs and binaries)', commands: ['kubectl -n <namespace> rollout restart daemonset/<cni-daemonset>'], risk: 'disruptive' },
      nuclearResetAction(),
    ],
    docs: [
      'https://kubernetes.io/docs/concepts/extend-kubernetes/compute-storage-net/network-plugins/',
      'https://github.com/containernetworking/cni/blob/main/SPEC.md',
    ],
  },
  requires: ['events', 'pods'],
  check(ctx) {
    const { facts } = ctx;
    const failures = facts.sandboxFailures.filter((f) => f.failure.network && f.failure.operation !== 'delete');
    const stuck = facts.pods.filter((p) => p.phase === 'Pending' && p.containerCreating && !!p.nodeName);
    if (!failures.length && !stuck.length) return [];
    const nodes = new Set<string>();
    for (const f of failures) if (f.node) nodes.add(f.node);
    for (const p of stuck) nodes.add(p.nodeName!);
    const pods = new Set([...failures.map((f) => f.pod), ...stuck.map((p) => `${p.namespace}/${p.name}`)]);
    const total = facts.nodeNames.length;
    const clusterWide = total > 1 && nodes.size / total > 0.5;

    // The dominant underlying error: most frequent signature, else most frequent plugin error.
    const tally = new Map<string, { count: number; example: (typeof failures)[number] }>();
    for (const f of failures) {
      const key = f.failure.signature?.signature.id ?? f.failure.pluginError.slice(0, 120);
      const t = tally.get(key);
      if (t) t.count += f.event.count;
      else tally.set(key, { count: f.event.count, example: f });
    }
    const ranked = [...tally.values()].sort((a, b) => b.count - a.count || (a.example.event.line - b.example.event.line));
    const top = ranked[0]?.example;
    const pluginTypes = [...new Set(failures.map((f) => f.failure.pluginType).filter((t): t is string => !!t))].sort();

    let cause = '';
    if (top) {
      const sig = top.failure.signature;
      cause = sig
        ? ` The ${top.failure.pluginType ? `"${top.failure.pluginType}" plugin` : 'plugin'} reports "${sig.text}": ${sig.signature.meaning}.`
        : ` The innermost error is "${top.failure.pluginError.slice(0, 200)}".`;
    }
    // In a chain, the link that failed: which plugin of the winning config, and what in its config
    // explains the error (a log sent to stdout breaks the result libcni parses).
    if (top?.failure.pluginType && top.node) {
      const nd = [...ctx.data.nodeData.values()].find((n) => n.name === top.node);
      const winner = nd ? facts.confDir(nd).names[0] : undefined;
      const cfg = nd?.cniConfigs.find((c) => c.fileName === winner);
      const links = cfg?.plugins.filter((p) => p.role === 'plugin') ?? [];
      const at = links.findIndex((p) => p.type === top.failure.pluginType);
      if (cfg && at >= 0 && links.length > 1) {
        const chained = chainMembers(links.map((p) => p.type)).size > 0;
        cause += ` It is link ${at + 1} of ${links.length} in ${cfg.fileName} (${links.map((p) => p.type).join(' → ')})${chained ? ', a chain the installed plugins configured: the chain is not the fault, this link is' : ''}.`;
        const link = links[at]!;
        if (link.logsToStdout && top.failure.signature?.signature.id === 'G-13') {
          const env = CNIS.find((c) => c.configTypes.includes(link.type))?.configEnv?.[link.logsToStdout];
          cause += ` Its config sends its log to stdout ("${link.logsToStdout}": "stdout"${env ? `, written from the agent's ${env.env}` : ''}): point it at a file${env?.default ? ` (${env.env}=${env.default} is the default)` : ''}.`;
        }
      }
    }
    const others = ranked.slice(1).map((r) => (r.example.failure.signature ? r.example.failure.signature.text : r.example.failure.pluginError.slice(0, 80)));
    if (others.length) cause += ` ${others.length} other distinct error(s) too: ${listNames(others.map((o) => `"${o}"`), 3)}.`;
    const installed = facts.plugins.detected.map((p) => p.id);
    // The plugin types the installed CNIs configure (Canal's are Calico's and Flannel's).
    const expected = new Set(installed.flatMap((id) => cniById(id)).flatMap((d) => (d ? [...d.configTypes, ...d.plugins.flatMap((p) => cniById(p)?.configTypes ?? [])] : [])));
    const foreign = pluginTypes.filter((t) => expected.size && !expected.has(t) && !['portmap', 'bandwidth', 'tuning', 'bridge', 'host-local', 'loopback', 'calico-ipam'].includes(t));
    const staleNote = foreign.length
      ? ` The runtime is executing plugin type ${foreign.map((t) => `"${t}"`).join(', ')}, which does not belong to the installed CNI (${installed.join(', ')}): a stale config is winning in /etc/cni/net.d.`
      : '';

    const evidence: Evidence[] = [];
    const seen = new Set<string>();
    for (const r of ranked) {
      const f = r.example;
      const k = `${f.node}|${f.failure.signature?.signature.id}`;
      if (seen.has(k)) continue;
      seen.add(k);
      evidence.push(facts.evidence.event(f.event, `${f.failure.runtime !== 'unknown' ? `${f.failure.runtime}: ` : ''}sandbox for ${f.pod}${f.node ? ` on ${f.node}` : ''} failed (${r.count} time(s) with this error)`));
      if (evidence.length >= 5) break;
    }
    for (const p of stuck.slice(0, 3)) evidence.push(facts.evidence.pod(p, 'ContainerCreating', `pod ${p.namespace}/${p.name} on ${p.nodeName} is stuck in ContainerCreating`));

    const nodeList = [...nodes].sort();
    const where = nodeList.length
      ? clusterWide
        ? `cluster-wide (${countText(nodeList.length, total, 'node')})`
        : `localized to ${listNames(nodeList)} (${countText(nodeList.length, total || undefined, 'node')})`
      : 'on nodes the bundle does not name';
    const failedCount = failures.reduce((s, f) => s + f.event.count, 0);
    return [
      {
        title: clusterWide ? 'Pods cannot get a network anywhere in the cluster: CNI sandbox setup fails' : undefined,
        scope: nodeList.length ? { kind: 'nodes', names: nodeList } : { kind: 'pods', names: [...pods].sort() },
        nodes: nodeList,
        summary: `${pods.size} pod(s) could not get a sandbox network${failedCount ? ` (${failedCount} failed attempts)` : ''}, ${where}.${cause}${staleNote}${stuck.length ? ` ${stuck.length} pod(s) are stuck in ContainerCreating.` : ''}`,
        evidence,
        actions: [restartAgentAction(ctx), nuclearResetAction()],
      },
    ];
  },
});
