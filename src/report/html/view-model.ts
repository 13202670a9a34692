// Everything the HTML template shows, computed in TypeScript from the Report: the template only loops
// and prints (Handlebars escapes every value). Geometry for the inline SVG charts is computed here.
import type { Action, Finding, IpUsage, Report, Severity } from '../../model/report.js';
import { isCollectionGap, MATRIX_VERDICT_LABELS, SEVERITIES, VERDICTS, verdictLabel } from '../../model/report.js';
import { DECISION_MATRIX } from '../decision-matrix.js';
import { riskLabel } from '../markdown.js';
import { visibleControls } from '../sanitize.js';


const SOURCE_LABEL: Record<IpUsage['source'], string> = {
  'calico-pool': 'Calico IP pools',
  'calico-block': 'Calico IPAM blocks (fullest first)',
  cilium: 'Cilium IPAM per node',
  'host-local': 'host-local: pods per node podCIDR',
  aws: 'AWS VPC CNI: pod IPs per node against max pods',
  'ovn-kubernetes': 'OVN-Kubernetes: pods per node subnet (k8s.ovn.org/node-subnets)',
};

const REASON_COLORS = ['#d1495b', '#edae49', '#00798c', '#6a4c93', '#30638e', '#8d6a9f', '#7a7a7a'];

/** Untrusted text with control characters made visible (Handlebars then escapes the markup). */
const t = (s: string) => visibleControls(s);

function anchor(id: string): string {
  return `f-${id.replace(/[^a-zA-Z0-9_-]/g, '_')}`;
}

function finding(f: Finding, index: number, byId: Map<string, number>) {
  const ref = (id: string) => ({ id, anchor: anchor(id), number: byId.get(id) ?? 0 });
  const nodes = f.scope.kind === 'nodes' ? f.scope.names : [];
  return {
    number: index + 1,
    anchor: anchor(f.id),
    id: f.id,
    ruleId: f.ruleId,
    title: t(f.title),
    severity: f.severity,
    urgency: f.urgency ?? 'n/a',
    scope: t(f.scope.text),
    scopeNames: f.scope.names.slice(0, 12).map(t),
    scopeMore: Math.max(0, f.scope.names.length - 12),
    nodesAttr: nodes.map(t).join(' '),
    summary: t(f.summary),
    rootCause: f.rootCause,
    causes: f.causedBy.map(ref),
    symptoms: f.explains.map(ref),
    evidence: f.evidence.map((e) => ({ file: t(e.file), line: e.line ?? null, excerpt: e.excerpt === undefined ? null : t(e.excerpt), note: e.note ? t(e.note) : null, long: (e.excerpt?.length ?? 0) > 300 || (e.excerpt ?? '').split('\n').length > 6 })),
    actions: f.actions.map((a, i) => ({ number: i + 1, title: t(a.title), risk: a.risk, riskLabel: riskLabel(a.risk), downtime: a.risk === 'downtime', commands: a.commands.map(t).join('\n'), hasCommands: a.commands.length > 0, primary: i === 0, fallback: i > 0 && i === f.actions.length - 1 })),
    docs: f.docs.filter((d) => /^https:\/\//.test(d)),
    plugin: f.plugin,
  };
}

function ipCharts(usage: IpUsage[]) {
  const groups = new Map<IpUsage['source'], IpUsage[]>();
  for (const u of usage) groups.set(u.source, [...(groups.get(u.source) ?? []), u]);
  const width = 520;
  const labelWidth = 230;
  const barWidth = width - labelWidth - 60;
  const rowHeight = 22;
  return [...groups.entries()].map(([source, rows]) => {
    const bars = rows.map((u, i) => {
      const pct = u.total > 0 ? Math.min(100, (u.used / u.total) * 100) : 0;
      return {
        y: 10 + i * rowHeight,
        textY: 10 + i * rowHeight + 14,
        label: t(u.node && u.node !== u.name ? `${u.node} ${u.name}` : u.name),
        used: u.used,
        total: u.total,
        percent: pct.toFixed(0),
        width: ((barWidth * pct) / 100).toFixed(1),
        high: pct >= 80,
        pctX: labelWidth + barWidth + 8,
        file: t(u.file),
      };
    });
    return {
      title: SOURCE_LABEL[source],
      width,
      height: 20 + rows.length * rowHeight,
      labelWidth,
      barX: labelWidth,
      barWidth,
      markX: (labelWidth + barWidth * 0.8).toFixed(1),
      markBottom: 10 + rows.length * rowHeight,
      bars,
    };
  });
}

function timelineChart(report: Report) {
  const events = report.bundle.timeline.filter((e) => e.time && !Number.isNaN(Date.parse(e.time)));
  if (!events.length) return null;
  const times = events.map((e) => Date.parse(e.time!));
  const start = Math.min(...times);
  const end = Math.max(...times);
  const buckets = 24;
  const span = Math.max(end - start, 60_000);
  const reasons = new Map<string, number>();
  for (const e of events) reasons.set(e.reason, (reasons.get(e.reason) ?? 0) + e.count);
  const top = [...reasons.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, REASON_COLORS.length - 1).map(([r]) => r);
  const key = (r: string) => (top.includes(r) ? r : 'other');
  const series = [...top, ...(reasons.size > top.length ? ['other'] : [])];
  const counts = Array.from({ length: buckets }, () => new Map<string, number>());
  for (const e of events) {
    const b = Math.min(buckets - 1, Math.floor(((Date.parse(e.time!) - start) / span) * buckets));
    counts[b]!.set(key(e.reason), (counts[b]!.get(key(e.reason)) ?? 0) + e.count);
  }
  const max = Math.max(1, ...counts.map((m) => [...m.values()].reduce((s, v) => s + v, 0)));
  const width = 720;
  const height = 180;
  const left = 40;
  const plotW = width - left - 10;
  const plotH = height - 40;
  const bw = plotW / buckets;
  const rects: { x: string; y: string; w: string; h: string; color: string; title: string }[] = [];
  counts.forEach((m, b) => {
    let y = plotH + 10;
    for (const [i, r] of series.entries()) {
      const v = m.get(r) ?? 0;
      if (!v) continue;
      const h = (v / max) * plotH;
      y -= h;
      rects.push({ x: (left + b * bw + 1).toFixed(1), y: y.toFixed(1), w: (bw - 2).toFixed(1), h: h.toFixed(1), color: REASON_COLORS[i]!, title: t(`${r}: ${v}`) });
    }
  });
  const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');
  return {
    width,
    height,
    left,
    axisY: plotH + 10,
    axisRight: width - 10,
    max,
    maxY: 14,
    rects,
    startLabel: iso(start),
    endLabel: iso(start + span),
    labelY: height - 8,
    legend: series.map((r, i) => ({ reason: t(r), color: REASON_COLORS[i]!, total: r === 'other' ? [...reasons.entries()].filter(([k]) => !top.includes(k)).reduce((s, [, v]) => s + v, 0) : reasons.get(r)! })),
    description: `${events.length} warning events between ${iso(start)} and ${iso(end)}, stacked by reason.`,
  };
}

export function htmlViewModel(report: Report) {
  const b = report.bundle;
  const byId = new Map(report.findings.map((f, i) => [f.id, i + 1]));
  const all = report.findings.map((f, i) => finding(f, i, byId));
  const fired = new Set(report.findings.map((f) => f.ruleId));
  const skipped = report.ruleRuns.filter((r) => r.skip === 'data-not-collected');
  const nodeNames = [...new Set(report.findings.flatMap((f) => (f.scope.kind === 'nodes' ? f.scope.names : [])))].sort();
  const verdict = { label: verdictLabel(report.triage.podNetwork.verdict, false), tone: VERDICTS[report.triage.podNetwork.verdict].tone };
  const step = (a: Action | null) => (a ? { title: t(a.title), command: a.commands[0] ? t(a.commands[0]) : null, downtime: a.risk === 'downtime' } : null);
  const top = report.triage.topRootCause;
  return {
    // The four answers of the emergency matrix, as tiles linked to the findings that decide them.
    answers: report.triage.matrix.map((r) => ({
      symptom: r.symptom,
      question: t(r.question),
      label: MATRIX_VERDICT_LABELS[r.verdict].label,
      tone: MATRIX_VERDICT_LABELS[r.verdict].tone,
      timeToImpact: r.timeToImpact,
      summary: t(r.summary),
      findings: r.findings.filter((id) => byId.has(id)).map((id) => ({ anchor: anchor(id), number: byId.get(id)! })),
      action: step(r.action),
      fallback: step(r.fallback),
    })),
    fixFirst: top ? { anchor: byId.has(top.finding) ? anchor(top.finding) : null, number: byId.get(top.finding) ?? null, sentence: t(top.sentence) } : null,
    title: t(`cni-doctor report: ${b.context ?? b.source}`),
    tool: report.tool,
    schemaVersion: report.schemaVersion,
    header: {
      context: b.context ? t(b.context) : null,
      source: t(b.source),
      packaging: b.packaging,
      createdAt: b.createdAt ? t(b.createdAt) : 'unknown',
      collector: b.collector ? t(b.collector) : null,
      kubernetes: b.kubernetesVersion ? t(b.kubernetesVersion) : 'unknown',
      plugins: b.plugins.map((p) => ({ name: t(p.name), version: p.version ? t(p.version) : null, sources: p.sources.map(t).join('; ') })),
      counts: b.counts,
      severities: SEVERITIES.map((s: Severity) => ({ severity: s, count: report.counts[s] })),
      warnings: b.warnings.map(t),
    },
    triage: {
      verdict: verdict.label,
      tone: verdict.tone,
      summary: t(report.triage.podNetwork.summary),
      failingNodes: report.triage.podNetwork.nodes.map(t),
      agents: report.triage.agents.map((a) => ({ summary: t(a.summary), problems: a.problems.map(t), ok: a.ready >= a.desired && !a.problems.length })),
      notReady: report.triage.notReadyNodes.map((n) => ({ name: t(n.name), reason: t(n.reason), message: t(n.message), network: n.networkRelated })),
      recent: report.triage.recentErrors.map((e) => ({ time: e.time ? t(e.time) : '—', object: t(`${e.namespace}/${e.object}`), reason: t(e.reason), count: e.count, message: t(e.message) })),
    },
    findings: all.filter((f) => !isCollectionGap(f)),
    gaps: all.filter(isCollectionGap),
    skipped: skipped.map((r) => ({ ruleId: r.ruleId, reason: t(r.reason ?? '') })),
    filterNodes: nodeNames.map(t),
    matrix: DECISION_MATRIX.map((row) => {
      const applies = row.rules.filter((r) => fired.has(r));
      return { ...row, applies: applies.length > 0, findings: report.findings.filter((f) => applies.includes(f.ruleId)).map((f) => ({ anchor: anchor(f.id), number: byId.get(f.id)! })) };
    }),
    nodes: b.nodes.map((n) => ({
      name: t(n.name),
      ready: n.ready,
      readyOk: n.ready === 'True',
      readyReason: n.readyReason ? t(n.readyReason) : null,
      podCIDRs: n.podCIDRs.map(t).join(', ') || '—',
      agent: n.agent ? t(n.agent) : '—',
      network: n.network ? t(n.network) : '—',
      findings: n.findings.map((id) => ({ anchor: anchor(id), number: byId.get(id)! })),
    })),
    ipCharts: ipCharts(b.ipUsage),
    timeline: timelineChart(report),
    events: [...b.timeline].reverse().slice(0, 200).map((e) => ({ time: e.time ? t(e.time) : '—', reason: t(e.reason), object: t(`${e.namespace}/${e.object}`), node: e.node ? t(e.node) : '—', count: e.count, message: t(e.message) })),
    eventsTotal: b.timeline.length,
    runs: {
      total: report.ruleRuns.length,
      fired: report.ruleRuns.filter((r) => r.status === 'fired').length,
      passed: report.ruleRuns.filter((r) => r.status === 'passed').length,
      skipped: report.ruleRuns.filter((r) => r.status === 'skipped').length,
      errored: report.ruleRuns.filter((r) => r.status === 'errored').map((r) => ({ ruleId: r.ruleId, reason: t(r.reason ?? '') })),
    },
  };
}

export type HtmlView = ReturnType<typeof htmlViewModel>;
