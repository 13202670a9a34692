// Detects more than one config in /etc/cni/net.d: names the one the runtime uses (first by file name
// among .conf/.conflist/.json) and the shadowed ones.
// https://github.com/containerd/containerd/blob/main/docs/cri/config.md
import type { Evidence, Severity } from '../../../model/report.js';
import { listNames } from '../../facts.js';
import { defineRule } from '../../rule.js';
import { chainedPlugins, chainMembers, configOwner } from '../../../cni/index.js';

const META_PLUGINS = /multus|danm|genie|knitter/;

export default defineRule({
  meta: {
    id: 'cni-config-conflict',
    title: 'Several CNI configs compete in /etc/cni/net.d',
    area: 'config',
    severity: 'high',
    urgency: 'minutes',
    answers: 'new-pods',
    description: 'More than one config in /etc/cni/net.d: names the one the runtime uses (the first by file name among .conf, .conflist, .json) and the shadowed ones; high when they belong to different plugins or the winner is not the installed CNI\'s.',
    rationale: 'The runtime uses the first file in byte order: a leftover from an earlier CNI (10-aws.conflist before 10-calico.conflist) silently takes over pod networking.',
    evidence: 'nodes/<node>/ls-etc-cni-net.d.txt and the config files; sandbox events whose plugin type is the stale one.',
    actions: [
      { title: 'Remove the stale config on the node, then restart the agent pods there', commands: ['# on the node: rm /etc/cni/net.d/<stale-file>', 'kubectl -n <namespace> delete pod -l <cni-agent-label> --field-selector spec.nodeName=<node>'], risk: 'disruptive' },
    ],
    docs: ['https://github.com/containerd/containerd/blob/main/docs/cri/config.md', 'https://www.cni.dev/docs/spec/#section-1-network-configuration-format'],
    explains: ['cni-sandbox-failures'],
  },
  requires: ['node-cni-configs'],
  check(ctx) {
    const installed = new Set(ctx.facts.plugins.workloads.filter((w) => (w.daemonSet?.desired ?? w.pods.length) > 0).map((w) => w.agent.id));
    const groups = new Map<string, { nodes: string[]; severity: Severity; summary: string; evidence: Evidence[] }>();
    for (const nd of ctx.data.nodeData.values()) {
      const dir = ctx.facts.confDir(nd);
      if (dir.names.length < 2) continue;
      const [winner, ...shadowed] = dir.names;
      // Meta-plugins (Multus and friends) are meant to sort first and delegate to the others.
      if (META_PLUGINS.test(winner!) || nd.cniConfigs.find((c) => c.fileName === winner)?.plugins.some((p) => META_PLUGINS.test(p.type))) continue;
      const typesOf = (name: string) => nd.cniConfigs.find((c) => c.fileName === name)?.plugins.map((p) => p.type) ?? [];
      const ownerOf = (name: string) => (chainedPlugins(typesOf(name)) ? 'cilium' : configOwner(name, typesOf(name)));
      // A chain that wins over its own base's config (05-cilium.conflist over aws-node's 10-aws.conflist)
      // is the chaining mode's design: only configs of other plugins are leftovers.
      const chain = chainMembers(typesOf(winner!));
      if (chain.size && shadowed.every((name) => chain.has(configOwner(name, typesOf(name)) ?? ''))) continue;
      const owners = new Set(dir.names.map(ownerOf).filter((o): o is string => !!o));
      const winnerOwner = ownerOf(winner!);
      const foreignWinner = !!winnerOwner && installed.size > 0 && !installed.has(winnerOwner) && !(winnerOwner === 'calico' && installed.has('canal')) && !(winnerOwner === 'flannel' && installed.has('canal'));
      const severity: Severity = owners.size > 1 || foreignWinner ? 'high' : 'medium';
      const summary =
        `${winner} is used (first by name); ${listNames(shadowed!, 4)} ${shadowed!.length === 1 ? 'is' : 'are'} shadowed.` +
        (foreignWinner ? ` The winner belongs to ${winnerOwner}, which is not the installed CNI (${[...installed].sort().join(', ')}).` : owners.size > 1 ? ` They belong to different plugins (${[...owners].sort().join(', ')}).` : '');
      const key = dir.names.join(',');
      const g = groups.get(key) ?? { nodes: [], severity, summary, evidence: [] };
      g.nodes.push(nd.name);
      if (g.evidence.length < 3) {
        const line = dir.listing?.entries.find((e) => e.name === winner)?.line;
        g.evidence.push(dir.listing ? ctx.facts.evidence.line(dir.listing.path, line, undefined, `${nd.name}: ${dir.names.length} configs; ${winner} wins`) : ctx.facts.evidence.line(nd.cniConfigs.find((c) => c.fileName === winner)!.path, undefined, undefined, `${nd.name}: ${winner} wins over ${shadowed!.join(', ')}`));
      }
      groups.set(key, g);
    }
    // Sandbox events naming a plugin type that only the shadowed/stale config uses.
    return [...groups.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([key, g]) => {
      const nodes = g.nodes.sort();
      const foreignEvents = ctx.facts.sandboxFailures.filter((f) => f.node && nodes.includes(f.node) && f.failure.pluginType);
      const evidence = [...g.evidence];
      if (g.severity === 'high' && foreignEvents[0]) evidence.push(ctx.facts.evidence.event(foreignEvents[0].event, `the runtime executes plugin type "${foreignEvents[0].failure.pluginType}"`));
      return {
        key: `${key.split(',')[0]}`,
        severity: g.severity,
        scope: { kind: 'nodes' as const, names: nodes },
        summary: `On ${listNames(nodes)}: ${g.summary}`,
        evidence,
      };
    });
  },
});
