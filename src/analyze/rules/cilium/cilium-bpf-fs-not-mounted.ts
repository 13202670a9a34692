// Detects a BPF filesystem that is not mounted at /sys/fs/bpf on Cilium nodes.
// https://docs.cilium.io/en/stable/operations/system_requirements/#mounted-ebpf-filesystem
import type { Evidence } from '../../../model/report.js';
import { isRecognised } from '../../bundle-data.js';
import { listNames } from '../../facts.js';
import { defineRule } from '../../rule.js';
import { isCiliumAgentLog } from '../../derived/cilium.js';

export default defineRule({
  meta: {
    id: 'cilium-bpf-fs-not-mounted',
    title: 'The BPF filesystem is not mounted on Cilium nodes',
    area: 'cilium',
    severity: 'critical',
    urgency: 'minutes',
    answers: 'new-pods',
    plugin: 'cilium',
    description: '`BPF filesystem is not mounted` in cilium status or agent logs; /proc/mounts without a `bpf` filesystem on /sys/fs/bpf.',
    rationale: 'The agent then mounts a private bpffs: its pinned maps vanish whenever the agent restarts, and every pod on the node loses connectivity until they are rebuilt.',
    evidence: 'nodes/<node>/proc-mounts.txt and the agent log warning.',
    actions: [
      { title: 'Mount bpffs on the host and persist it', commands: ['# on the node: mount -t bpf bpf /sys/fs/bpf', "# persist: echo 'bpffs /sys/fs/bpf bpf defaults 0 0' >> /etc/fstab", '# or let Cilium do it: helm upgrade cilium cilium/cilium --reuse-values --set bpf.autoMount.enabled=true'], risk: 'safe' },
    ],
    docs: ['https://docs.cilium.io/en/stable/operations/system_requirements/#mounted-ebpf-filesystem'],
    explains: ['cilium-health-degraded'],
  },
  requires: ['node-proc-mounts', 'logs', 'cilium-status'],
  check(ctx) {
    const agentPods = new Set(ctx.facts.agentPods('cilium').map((p) => `${p.namespace}/${p.name}`));
    const ciliumNodes = new Set(ctx.facts.agentNodes('cilium'));
    const nodes = new Map<string, Evidence>();
    for (const nd of ctx.data.nodeData.values()) {
      if (!isRecognised(nd.procMounts)) continue;
      if (ciliumNodes.size && !ciliumNodes.has(nd.name)) continue;
      const bpf = nd.procMounts.result.mounts.find((m) => m.fsType === 'bpf' && m.mountPoint === '/sys/fs/bpf');
      if (!bpf) nodes.set(nd.name, ctx.facts.evidence.line(nd.procMounts.path, undefined, undefined, `${nd.name}: no "bpf /sys/fs/bpf" among ${nd.procMounts.result.mounts.length} mounts`));
    }
    for (const l of ctx.facts.logMatches('bpf-fs-not-mounted')) {
      if (!isCiliumAgentLog(ctx.data, l.log.namespace, l.log.pod, agentPods)) continue;
      const node = ctx.facts.nodeOfPod(l.log.namespace, l.log.pod) ?? `(pod ${l.log.pod})`;
      if (!nodes.has(node)) nodes.set(node, ctx.facts.evidence.log(l.log, l.m, `${l.log.pod} ${l.log.container}`));
    }
    if (!nodes.size) return [];
    const names = [...nodes.keys()].sort();
    return [
      {
        scope: { kind: 'nodes', names: names.filter((n) => !n.startsWith('(')) },
        summary: `The BPF filesystem is not mounted at /sys/fs/bpf on ${listNames(names)}: Cilium's pinned maps do not survive an agent restart there.`,
        evidence: names.slice(0, 5).map((n) => nodes.get(n)!),
      },
    ];
  },
});
