// Detects node kernels below what the installed Cilium needs, and mixed kernels across nodes.
// https://docs.cilium.io/en/stable/operations/system_requirements/
import type { Evidence } from '../../../model/report.js';
import { listNames } from '../../facts.js';
import { defineRule } from '../../rule.js';

type Version = [number, number, number];

function parseVersion(v: string | undefined | null): Version | undefined {
  const m = /(\d+)\.(\d+)(?:\.(\d+))?/.exec(v ?? '');
  return m ? [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)] : undefined;
}
const cmp = (a: Version, b: Version) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2];

/** Minimum kernel per Cilium version (docs "System Requirements" of each release). */
export function requiredKernel(cilium: Version): { min: Version; text: string } {
  if (cmp(cilium, [1, 18, 3]) >= 0) return { min: [5, 10, 0], text: '5.10' };
  if (cmp(cilium, [1, 16, 0]) >= 0) return { min: [5, 4, 0], text: '5.4 (or 4.18 on RHEL 8.6)' };
  if (cmp(cilium, [1, 14, 0]) >= 0) return { min: [4, 19, 57], text: '4.19.57' };
  return { min: [4, 9, 17], text: '4.9.17' };
}

export default defineRule({
  meta: {
    id: 'cilium-kernel-unsupported',
    title: 'Node kernels are too old for the installed Cilium',
    area: 'cilium',
    severity: 'high',
    urgency: 'days',
    answers: 'new-pods',
    plugin: 'cilium',
    description: 'Node kernels (status.nodeInfo.kernelVersion) below the minimum of the installed Cilium version (4.9.17 before 1.14, 4.19.57 for 1.14–1.15, 5.4 from 1.16 — RHEL 8.6\'s 4.18 counts — and 5.10 from 1.18.3); mixed kernel major.minor versions across nodes are reported at low severity.',
    rationale: 'Missing eBPF features make the agent fail to load programs or silently disable features (kube-proxy replacement, host routing) on the old nodes.',
    evidence: 'kernelVersion of the nodes in cluster/nodes.json and the Cilium version of the DaemonSet image or cilium status.',
    actions: [
      { title: 'Upgrade the kernel on the listed nodes (or roll back Cilium to a version that supports them)', commands: ['kubectl get nodes -o custom-columns=NAME:.metadata.name,KERNEL:.status.nodeInfo.kernelVersion,OS:.status.nodeInfo.osImage'], risk: 'downtime' },
    ],
    docs: ['https://docs.cilium.io/en/stable/operations/system_requirements/'],
  },
  requires: ['nodes'],
  check(ctx) {
    const ds = ctx.facts.plugins.detected.find((p) => p.id === 'cilium');
    const version = parseVersion(ds?.version) ?? parseVersion(ctx.facts.ciliumStatuses().find((s) => s.status.version)?.status.version);
    const drafts = [];
    if (version) {
      const req = requiredKernel(version);
      const old: { name: string; kernel: string; ev: Evidence }[] = [];
      for (const n of ctx.data.nodes) {
        const k = parseVersion(n.kernelVersion);
        if (!k) continue;
        const rhel8 = k[0] === 4 && k[1] === 18 && /el8/.test(n.kernelVersion ?? '') && cmp(req.min, [5, 4, 0]) === 0;
        if (cmp(k, req.min) < 0 && !rhel8) old.push({ name: n.name, kernel: n.kernelVersion!, ev: ctx.facts.evidence.node(n, '"kernelVersion"', `kernel ${n.kernelVersion}`) });
      }
      if (old.length) {
        drafts.push({
          key: 'below-minimum',
          scope: { kind: 'nodes' as const, names: old.map((o) => o.name).sort() },
          summary: `Cilium ${version.join('.')} needs Linux ${req.text} or newer; ${listNames(old.map((o) => `${o.name} runs ${o.kernel}`))}.`,
          evidence: old.slice(0, 5).map((o) => o.ev),
        });
      }
    }
    const families = new Map<string, string[]>();
    for (const n of ctx.data.nodes) {
      const k = parseVersion(n.kernelVersion);
      if (!k) continue;
      const key = `${k[0]}.${k[1]}`;
      families.set(key, [...(families.get(key) ?? []), n.name]);
    }
    if (families.size > 1) {
      const sorted = [...families.entries()].sort(([a], [b]) => (a < b ? -1 : 1));
      const minority = sorted.slice().sort((a, b) => a[1].length - b[1].length)[0]!;
      drafts.push({
        key: 'mixed',
        title: 'Nodes run different kernel versions',
        severity: 'low' as const,
        scope: { kind: 'nodes' as const, names: minority[1].sort() },
        summary: `Nodes run ${families.size} kernel lines (${sorted.map(([k, v]) => `${k}: ${v.length} node(s)`).join(', ')}); Cilium features that depend on the kernel may differ between them.`,
        evidence: minority[1].slice(0, 2).map((name) => ctx.facts.evidence.node(ctx.facts.nodeByName.get(name)!, '"kernelVersion"')),
      });
    }
    return drafts;
  },
});
