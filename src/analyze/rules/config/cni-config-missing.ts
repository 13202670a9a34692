// Detects nodes whose /etc/cni/net.d holds no usable config, and runtime/kubelet messages saying so
// ("no networks found", "cni config uninitialized", "cni plugin not initialized").
// https://kubernetes.io/docs/concepts/extend-kubernetes/compute-storage-net/network-plugins/
import type { Evidence } from '../../../model/report.js';
import { countText, listNames } from '../../facts.js';
import { defineRule } from '../../rule.js';
import { restartAgentAction } from '../../agent-actions.js';

export default defineRule({
  meta: {
    id: 'cni-config-missing',
    title: 'No CNI config on nodes',
    area: 'config',
    severity: 'critical',
    urgency: 'minutes',
    answers: 'new-pods',
    description: 'An empty /etc/cni/net.d (no .conf/.conflist/.json), or events and node conditions saying `no networks found` / `cni config uninitialized` / `cni plugin not initialized`.',
    rationale: 'Without a config the runtime reports NetworkReady=false: the node goes NotReady and no pod gets a network.',
    evidence: 'nodes/<node>/ls-etc-cni-net.d.txt, the Ready condition message in cluster/nodes.json, and matching events.',
    actions: [
      { title: 'Restart the CNI DaemonSet: its install step writes the config', commands: ['kubectl -n <namespace> rollout restart daemonset/<cni-daemonset>'], risk: 'disruptive' },
    ],
    docs: ['https://kubernetes.io/docs/concepts/extend-kubernetes/compute-storage-net/network-plugins/', 'https://github.com/containerd/containerd/blob/main/docs/cri/config.md'],
    explains: ['node-not-ready', 'cni-sandbox-failures'],
  },
  requires: ['node-cni-configs', 'nodes', 'events'],
  check(ctx) {
    const nodes = new Map<string, Evidence[]>();
    const add = (node: string, ev: Evidence) => {
      const list = nodes.get(node) ?? [];
      if (list.length < 2) list.push(ev);
      nodes.set(node, list);
    };
    // Nodes whose runtime says "no config" while the bundle shows one: claiming the config is missing
    // there would contradict the evidence, so the summary says what the mismatch means instead.
    const presentNow = new Map<string, string[]>();
    for (const nd of ctx.data.nodeData.values()) {
      const dir = ctx.facts.confDir(nd);
      if (!dir.known || dir.names.length) continue;
      if (dir.listing) {
        const others = dir.listing.entries.filter((e) => e.type !== 'directory').map((e) => e.name);
        add(nd.name, ctx.facts.evidence.line(dir.listing.path, dir.listing.missingLine ?? 1, undefined, dir.listing.missingLine ? '/etc/cni/net.d does not exist' : `no .conf/.conflist/.json in /etc/cni/net.d${others.length ? ` (only ${listNames(others, 3)}, which runtimes ignore)` : ''}`));
      } else {
        const first = nd.cniConfigs[0]!;
        add(nd.name, ctx.facts.evidence.line(first.path, undefined, undefined, `only files runtimes ignore (${listNames(nd.cniConfigs.map((c) => c.fileName), 3)})`));
      }
    }
    for (const n of ctx.data.nodes) {
      const msg = `${n.ready?.message ?? ''}`;
      if (/cni config uninitialized|no networks found|cni plugin not initialized|no CNI configuration file|Missing CNI default network|no network config found/i.test(msg)) {
        add(n.name, ctx.facts.evidence.node(n, 'NetworkReady=false', 'Ready condition message'));
        const nd = ctx.data.nodeData.get(n.name);
        const dir = nd ? ctx.facts.confDir(nd) : undefined;
        if (dir?.known && dir.names.length) presentNow.set(n.name, dir.names);
      }
    }
    for (const { event, match } of ctx.facts.eventsOfKind('config-missing')) {
      const node = ctx.facts.nodeOfEvent(event);
      if (!node) continue;
      // A node that became Ready after the event has its config now: every node says "no CNI
      // configuration" while it boots, before the CNI agent writes one. That is history, not a fault.
      const ready = ctx.facts.nodeByName.get(node)?.ready;
      if (ready?.status === 'True' && ready.lastTransitionTime && event.time && Date.parse(event.time) <= Date.parse(ready.lastTransitionTime)) continue;
      add(node, ctx.facts.evidence.event(event, `"${match.text}"`));
    }
    if (!nodes.size) return [];
    const names = [...nodes.keys()].sort();
    return [
      {
        scope: { kind: 'nodes', names },
        summary:
          `${countText(names.length, ctx.facts.nodeNames.length || undefined, 'node')} have no usable CNI config (${listNames(names)}); the runtime reports the network plugin not initialized there.` +
          (presentNow.size
            ? ` On ${listNames([...presentNow.keys()].sort())} the bundle does show a config now (${listNames(presentNow.values().next().value ?? [], 2)}): the runtime has not loaded it — it cannot (an invalid file, or a plugin binary it names is missing: see the other findings), or it has not re-read /etc/cni/net.d since the file was written (containerd watches the directory; other runtimes may need a restart).`
            : ''),
        evidence: names.slice(0, 4).flatMap((n) => nodes.get(n)!),
        actions: [restartAgentAction(ctx)],
      },
    ];
  },
});
