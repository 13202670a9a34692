// Detects Weave Net IPAM that cannot allocate: ranges owned by unreachable peers (nodes removed
// without `weave rmpeer`), IPAM not ready (waiting for a range or for consensus), or the range
// nearly used up.
// https://github.com/weaveworks/weave/blob/master/site/tasks/ipam/troubleshooting-ipam.md
import { WEAVE_IPAM, WEAVE_STATUS } from '../../../cni/weave.js';
import type { Evidence } from '../../../model/report.js';
import { isRecognised, nodeOutputs } from '../../bundle-data.js';
import { listNames } from '../../facts.js';
import { defineRule } from '../../rule.js';

/** The range above this share in use is reported (rules-more-cnis.md). */
const USED_THRESHOLD = 0.85;

const EXPAND_RANGE = { title: 'Expand the IP range (IPALLOC_RANGE), which needs every weave peer reset', commands: ['kubectl -n kube-system set env daemonset/weave-net -c weave IPALLOC_RANGE=<larger-cidr>'], risk: 'downtime' as const };

export default defineRule({
  meta: {
    id: 'weave-ipam-unreachable',
    title: 'Weave Net IPAM cannot allocate from part of its range',
    area: 'weave',
    severity: 'high',
    urgency: 'hours',
    answers: 'ip-space',
    plugin: 'weave',
    description: '`weave status ipam` where unreachable peers (usually deleted nodes) still own part of the range, `weave status` IPAM not ready (allocation pending), or the range above 85 % used.',
    rationale: 'Weave IPAM splits the range among peers; a peer that is gone keeps its share until it is removed, so the live peers run out of addresses and new pods wait in ContainerCreating.',
    evidence: 'The rows of plugins/weave/status-ipam/<node>.txt marked "- unreachable!", and the ipam Status line of plugins/weave/status/<node>.txt.',
    actions: [
      { title: 'Remove each unreachable peer from the IPAM ring (on one live node)', commands: ['kubectl -n kube-system exec <weave-net-pod> -c weave -- /home/weave/weave --local rmpeer <peer>', 'kubectl -n kube-system exec <weave-net-pod> -c weave -- /home/weave/weave --local status ipam'], risk: 'safe' },
      EXPAND_RANGE,
    ],
    docs: ['https://github.com/weaveworks/weave/blob/master/site/tasks/ipam/troubleshooting-ipam.md', 'https://github.com/weaveworks/weave/blob/master/site/kubernetes/kube-addon.md'],
    explains: ['cni-sandbox-failures', 'ip-pool-exhaustion'],
  },
  requires: [WEAVE_IPAM, WEAVE_STATUS],
  check(ctx) {
    const unreachable = new Map<string, { ips: number; ev: Evidence }>();
    const nodes = new Set<string>();
    const evidence: Evidence[] = [];
    let total = 0;
    let active = 0;
    let activeKnown = false;
    const ownRows: Evidence[] = [];
    const full: string[] = [];
    for (const [node, parsed] of nodeOutputs(ctx.data, WEAVE_IPAM)) {
      if (!isRecognised(parsed)) continue;
      let here = 0;
      for (const e of parsed.result.entries) {
        if (e.unreachable) {
          here++;
          if (!unreachable.has(e.peer.mac)) unreachable.set(e.peer.mac, { ips: e.ips, ev: ctx.facts.evidence.line(parsed.path, e.line) });
        }
      }
      if (here) nodes.add(node);
      // Each node sees the whole ring; its own row alone carries "(N active)".
      const ringSize = parsed.result.entries.reduce((s, e) => s + e.ips, 0);
      const own = parsed.result.entries.find((e) => e.active !== undefined);
      if (own) {
        ownRows.push(ctx.facts.evidence.line(parsed.path, own.line));
        activeKnown = true;
        active += own.active!;
        total = Math.max(total, ringSize);
      }
    }
    if (activeKnown && total && active / total > USED_THRESHOLD) full.push(`${active} of ${total} addresses (${Math.round((100 * active) / total)} %) in use, above ${USED_THRESHOLD * 100} %`);
    const pending: string[] = [];
    for (const [node, parsed] of nodeOutputs(ctx.data, WEAVE_STATUS)) {
      if (!isRecognised(parsed) || !parsed.result.ipam) continue;
      const status = parsed.result.ipam.status;
      if (/^ready$/i.test(status) || /^idle$/i.test(status)) continue;
      pending.push(`${node}: IPAM ${status}`);
      nodes.add(node);
      evidence.push(ctx.facts.evidence.line(parsed.path, parsed.result.ipam.line));
    }
    if (!unreachable.size && !pending.length && !full.length) return [];
    const lost = [...unreachable.values()].reduce((s, u) => s + u.ips, 0);
    const parts: string[] = [];
    if (unreachable.size) parts.push(`${unreachable.size} unreachable peer(s) still own ${lost} addresses of the range (${listNames([...unreachable.keys()], 4)}): nodes removed without \`weave rmpeer\`; their addresses cannot be given to pods.`);
    if (pending.length) parts.push(`Allocation is pending: ${listNames(pending, 3)}.`);
    if (full.length) parts.push(`The range is nearly used up: ${full[0]}.`);
    const rmpeer = [...unreachable.keys()].slice(0, 5).map((mac) => `kubectl -n kube-system exec <weave-net-pod> -c weave -- /home/weave/weave --local rmpeer ${mac}`);
    return [
      {
        scope: nodes.size ? { kind: 'nodes', names: [...nodes].sort() } : { kind: 'cluster' },
        summary: parts.join(' '),
        evidence: [...[...unreachable.values()].slice(0, 4).map((u) => u.ev), ...evidence.slice(0, 2), ...(full.length ? ownRows.slice(0, 2) : [])],
        ...(rmpeer.length ? { actions: [{ title: 'Remove each unreachable peer from the IPAM ring (on one live node)', commands: rmpeer, risk: 'safe' as const }, EXPAND_RANGE] } : {}),
      },
    ];
  },
});
