// Runs every rule over the bundle's data and assembles the Report: run records, finding ids, the
// cause → symptom relations, ranking, triage and the node table.
import { BUNDLE_FORMAT_VERSION } from '../bundle/layout.js';
import type { PodRecord } from '../model/k8s.js';
import {
  REPORT_SCHEMA_VERSION,
  SEVERITIES,
  URGENCIES,
  type Action,
  type BundleInfo,
  type Evidence,
  type Finding,
  type NodeSummary,
  type Report,
  type RuleRun,
  type Scope,
  type Severity,
} from '../model/report.js';
import { isRecognised, type BundleData, nodeOutputs } from './bundle-data.js';
import { computeFacts, countText, type Facts } from './facts.js';
import { missingData } from './requirements.js';
import type { FindingDraft, Rule, RuleContext, ScopeDraft } from './rule.js';
import { RULES } from './rules/index.js';
import { buildTriage } from './triage.js';
import type { StageTimings } from './timings.js';
import { ipUsage, timeline } from './usage.js';
import { BIRD_PROTOCOLS, CALICO_NODE_STATUS } from '../cni/calico.js';
import { CILIUM_STATUS } from '../cni/cilium.js';

export interface AnalyzeOptions {
  toolVersion: string;
  /** File or directory name of the bundle, shown in the report. */
  source: string;
  rules?: readonly Rule[];
  /** Where the time goes: facts and rules, then the report around them (analyze --timings). */
  timings?: StageTimings;
}

interface Working extends Finding {
  nodes: Set<string>;
  /** Most severe of itself and everything it explains, transitively. */
  effectiveSeverity: Severity;
  /** How many findings it explains, transitively. */
  impact: number;
  symptoms: Working[];
  /** FindingDraft.symptomOf. */
  symptomOf: readonly string[];
  /** FindingDraft.explains, else the rule's. */
  explainsRules?: readonly string[];
}

const severityRank = (s: Severity) => SEVERITIES.indexOf(s);
const urgencyRank = (u: Finding['urgency']) => (u === null ? URGENCIES.length : URGENCIES.indexOf(u));
const byString = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function scopeOf(draft: ScopeDraft, facts: Facts, data: BundleData): Scope {
  switch (draft.kind) {
    case 'cluster':
      return { kind: 'cluster', names: [], count: facts.nodeNames.length, total: facts.nodeNames.length || undefined, text: draft.text ?? 'cluster-wide' };
    case 'nodes': {
      const names = [...new Set(draft.names)].sort(byString);
      const total = facts.nodeNames.length || undefined;
      return { kind: 'nodes', names, count: names.length, total, text: countText(names.length, total, 'node') };
    }
    case 'namespaces': {
      const names = [...new Set(draft.names)].sort(byString);
      const total = data.namespaces.length || undefined;
      return { kind: 'namespaces', names, count: names.length, total, text: countText(names.length, total, 'namespace') };
    }
    case 'pods': {
      const names = [...new Set(draft.names)].sort(byString);
      const total = data.pods.length || undefined;
      return { kind: 'pods', names, count: names.length, total, text: countText(names.length, total, 'pod') };
    }
    case 'bundle': {
      const names = draft.names ?? [];
      return { kind: 'bundle', names, count: names.length, text: draft.text ?? 'the bundle' };
    }
  }
}

/**
 * Longest text of each kind a finding carries. Rules write sentences around values from the bundle
 * (a reason, a condition, a time, an instance type), and a stranger's bundle can make any of them
 * megabytes long: one 150 KB "reason" was copied into every summary and note that named it. The
 * real ones are far shorter (the 45 samples: title 92, summary 786, note 235, action 173), so the
 * bounds cut only what no kubelet or CNI writes; the evidence still points at the file and line.
 */
export const FINDING_TEXT_BOUNDS = { title: 300, summary: 4000, note: 1000, excerpt: 2000, action: 1000, command: 2000 } as const;

/** `text` cut to `max` characters, saying how many were left out (never half a surrogate pair). */
export function boundText(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = max;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--;
  return `${text.slice(0, end)}… [${text.length - end} more characters not shown]`;
}

function boundEvidence(e: Evidence): Evidence {
  const B = FINDING_TEXT_BOUNDS;
  const out: Evidence = { ...e };
  if (e.excerpt !== undefined) out.excerpt = boundText(e.excerpt, B.excerpt);
  if (e.note !== undefined) out.note = boundText(e.note, B.note);
  return out;
}

function boundAction(a: Action): Action {
  const B = FINDING_TEXT_BOUNDS;
  return { ...a, title: boundText(a.title, B.action), commands: a.commands.map((c) => boundText(c, B.command)) };
}

function toFinding(rule: Rule, draft: FindingDraft, id: string, ctx: RuleContext): Working {
  const scope = scopeOf(draft.scope, ctx.facts, ctx.data);
  const nodes = new Set(draft.nodes ?? (scope.kind === 'nodes' ? scope.names : []));
  const severity = draft.severity ?? rule.meta.severity;
  return {
    id,
    ruleId: rule.meta.id,
    title: boundText(draft.title ?? rule.meta.title, FINDING_TEXT_BOUNDS.title),
    severity,
    urgency: draft.urgency === undefined ? rule.meta.urgency : draft.urgency,
    scope,
    summary: boundText(draft.summary, FINDING_TEXT_BOUNDS.summary),
    evidence: draft.evidence.map(boundEvidence),
    actions: (draft.actions ?? rule.meta.actions).map(boundAction),
    docs: rule.meta.docs,
    rootCause: true,
    relatedTo: [],
    causedBy: [],
    explains: [],
    plugin: rule.meta.plugin ?? null,
    nodes,
    effectiveSeverity: severity,
    impact: 0,
    symptoms: [],
    symptomOf: draft.symptomOf ?? [],
    explainsRules: draft.explains,
  };
}

/** Scopes overlap when they share a node, or when either is not tied to nodes (cluster-wide). */
function overlap(a: Working, b: Working): boolean {
  if (a.scope.kind === 'bundle' || b.scope.kind === 'bundle') return false;
  if (!a.nodes.size || !b.nodes.size) return true;
  for (const n of a.nodes) if (b.nodes.has(n)) return true;
  return false;
}

function relate(findings: Working[], rules: Map<string, Rule>): void {
  for (const cause of findings) {
    const explains = cause.explainsRules ?? rules.get(cause.ruleId)?.meta.explains ?? [];
    for (const symptom of findings) {
      if (symptom === cause || !overlap(cause, symptom)) continue;
      // A finding that knows its cause (symptomOf) turns the rule-level edges around: it is explained
      // by that cause and, being a symptom, explains nothing by its rule's edges.
      const known = symptom.symptomOf.includes(cause.ruleId);
      if (!known && (!explains.includes(symptom.ruleId) || cause.symptomOf.length)) continue;
      // Never let two findings explain each other.
      if (cause.causedBy.includes(symptom.id)) continue;
      symptom.rootCause = false;
      symptom.causedBy.push(cause.id);
      cause.explains.push(symptom.id);
      cause.symptoms.push(symptom);
    }
  }
  for (const f of findings) {
    f.causedBy.sort(byString);
    f.explains.sort(byString);
    f.relatedTo = [...new Set([...f.causedBy, ...f.explains])].sort(byString);
    const seen = new Set<Working>();
    const visit = (x: Working) => {
      for (const s of x.symptoms) {
        if (seen.has(s) || s === f) continue;
        seen.add(s);
        visit(s);
      }
    };
    visit(f);
    f.impact = seen.size;
    for (const s of seen) if (severityRank(s.severity) < severityRank(f.effectiveSeverity)) f.effectiveSeverity = s.severity;
  }
}

const compare = (a: Working, b: Working) =>
  severityRank(a.effectiveSeverity) - severityRank(b.effectiveSeverity) ||
  b.impact - a.impact ||
  severityRank(a.severity) - severityRank(b.severity) ||
  urgencyRank(a.urgency) - urgencyRank(b.urgency) ||
  b.scope.count - a.scope.count ||
  byString(a.ruleId, b.ruleId) ||
  byString(a.id, b.id);

/** Root causes ranked by severity (their own or their symptoms'), impact, urgency and breadth; each
 * followed depth-first by the findings it explains. */
function rank(findings: Working[]): Working[] {
  const placed = new Set<Working>();
  const out: Working[] = [];
  const place = (f: Working) => {
    out.push(f);
    placed.add(f);
    for (const s of [...f.symptoms].sort(compare)) if (!placed.has(s)) place(s);
  };
  for (const root of findings.filter((f) => f.rootCause).sort(compare)) if (!placed.has(root)) place(root);
  for (const f of findings.filter((x) => !placed.has(x)).sort(compare)) place(f);
  return out;
}

export function runRules(data: BundleData, rules: readonly Rule[] = RULES): { findings: Finding[]; ruleRuns: RuleRun[]; facts: Facts; atRisk: Set<string> } {
  const facts = computeFacts(data);
  const ctx: RuleContext = { data, facts, plugins: facts.plugins.present };
  const ruleRuns: RuleRun[] = [];
  const working: Working[] = [];
  // Findings that are warnings whatever their severity (FindingDraft.atRisk): the matrix needs them.
  const atRisk = new Set<string>();
  const sorted = [...rules].sort((a, b) => byString(a.meta.id, b.meta.id));
  for (const rule of sorted) {
    if (rule.meta.plugin && !facts.plugins.present.has(rule.meta.plugin)) {
      ruleRuns.push({ ruleId: rule.meta.id, status: 'skipped', skip: 'plugin-not-detected', reason: `plugin ${rule.meta.plugin} not detected in this bundle`, findings: 0 });
      continue;
    }
    const missing = missingData(data, rule.requires);
    if (missing) {
      ruleRuns.push({ ruleId: rule.meta.id, status: 'skipped', skip: 'data-not-collected', reason: missing, findings: 0 });
      continue;
    }
    let drafts: FindingDraft[];
    try {
      drafts = rule.check(ctx);
    } catch (err) {
      ruleRuns.push({ ruleId: rule.meta.id, status: 'errored', reason: (err as Error).message || String(err), findings: 0 });
      continue;
    }
    const used = new Set<string>();
    for (const draft of drafts) {
      let id = draft.key ? `${rule.meta.id}:${draft.key}` : rule.meta.id;
      for (let i = 2; used.has(id); i++) id = `${rule.meta.id}:${draft.key ?? ''}${i}`;
      used.add(id);
      if (draft.atRisk) atRisk.add(id);
      working.push(toFinding(rule, draft, id, ctx));
    }
    ruleRuns.push({ ruleId: rule.meta.id, status: drafts.length ? 'fired' : 'passed', findings: drafts.length });
  }
  relate(working, new Map(sorted.map((r) => [r.meta.id, r])));
  const findings = rank(working).map(({ nodes: _n, effectiveSeverity: _e, impact: _i, symptoms: _s, symptomOf: _o, explainsRules: _x, ...f }) => f);
  return { findings, ruleRuns, facts, atRisk };
}

function nodeSummaries(data: BundleData, facts: Facts, findings: Finding[]): NodeSummary[] {
  // Agent pods by node, once: a per-node scan of every agent pod is quadratic at 5,000 nodes.
  const agentPodsByNode = new Map<string, PodRecord[]>();
  for (const w of facts.plugins.workloads) {
    if (!w.agent.plugins.length) continue;
    for (const p of w.pods) {
      if (!p.nodeName) continue;
      const list = agentPodsByNode.get(p.nodeName);
      if (list) list.push(p);
      else agentPodsByNode.set(p.nodeName, [p]);
    }
  }
  return facts.nodeNames.map((name) => {
    const n = facts.nodeByName.get(name);
    const agentPods = agentPodsByNode.get(name) ?? [];
    const agent = agentPods.length
      ? agentPods
          .map((p) => {
            const main = p.containers.filter((c) => !c.init);
            const waiting = main.find((c) => c.waitingReason)?.waitingReason;
            return `${p.name} ${waiting ?? p.phase} ${main.filter((c) => c.ready).length}/${main.length}`;
          })
          .join('; ')
      : null;
    let network: string | null = null;
    const cs = nodeOutputs(data, CALICO_NODE_STATUS).get(name);
    const bird = nodeOutputs(data, BIRD_PROTOCOLS).get(name);
    const cil = nodeOutputs(data, CILIUM_STATUS).get(name);
    if (isRecognised(cs)) {
      const est = cs.result.peers.filter((p) => p.bgpState === 'Established').length;
      network = cs.result.processRunning === false ? 'calico not running' : `BGP ${est}/${cs.result.peers.length} established`;
    } else if (isRecognised(bird)) {
      const bgp = bird.result.protocols.filter((p) => p.proto === 'BGP');
      network = `BGP ${bgp.filter((p) => p.bgpState === 'Established').length}/${bgp.length} established`;
    } else if (isRecognised(cil) && cil.result.format === 'cilium-status') {
      const h = cil.result.clusterHealth;
      network = h ? `health ${h.reachable}/${h.total} reachable` : `cilium ${cil.result.cilium?.state ?? 'status read'}`;
    }
    return {
      name,
      ready: n ? ((n.ready?.status as NodeSummary['ready']) ?? 'missing') : 'missing',
      readyReason: n?.ready && n.ready.status !== 'True' ? n.ready.reason || null : null,
      podCIDRs: n?.podCIDRs ?? [],
      agent,
      network,
      findings: findings.filter((f) => f.scope.kind === 'nodes' && f.scope.names.includes(name)).map((f) => f.id),
    };
  });
}

function bundleInfo(data: BundleData, facts: Facts, findings: Finding[], source: string): BundleInfo {
  const m = data.manifest?.manifest;
  const warnings: string[] = [];
  for (const p of data.problems.filter((x) => x.archive)) warnings.push(`The archive could not be read completely: ${p.message}.`);
  const o = data.origin;
  if (o.format !== 'cni-doctor') {
    warnings.push(`The bundle was made by ${o.tool}${o.version ? ` ${o.version}` : ''} and read through its importer. That format does not contain ${o.lacks.join('; ')}: those checks are skipped, not passed.`);
  } else if (!data.manifest) warnings.push('The bundle has no manifest.json: it was not made by `cni-doctor collect` (or lost its manifest); what was not collected cannot be told apart from what does not exist.');
  else if (!m) warnings.push('manifest.json does not match the bundle format; commands were salvaged where possible.');
  if (data.wrapped) warnings.push(`${data.location} holds one file, the archive ${data.wrapped}: that archive was read as the bundle.`);
  if (data.ignored.length) {
    const n = data.ignored.length;
    const kinds = [...new Set(data.ignored.map((i) => i.reason))].sort();
    warnings.push(`${n} entr${n === 1 ? 'y' : 'ies'} of the archive ${n === 1 ? 'was' : 'were'} added by a desktop that re-packed the bundle (${kinds.join('; ')}), for example "${data.ignored[0]!.path}": not read, as they hold no cluster data.`);
  }
  const internal = data.origin.internalTypeFiles;
  if (internal?.length) {
    const shown = [...new Set(internal)].sort();
    warnings.push(`${shown.length} file(s) of Lists were printed by kubectl 1.10 or older from the API server's internal types (\`Items\`, Go field names, no kind: ${shown.slice(0, 5).join(', ')}${shown.length > 5 ? `, and ${shown.length - 5} more` : ''}); they were read by mapping those names onto the versioned API, and evidence quotes them as written.`);
  }
  if (m?.convertedFrom) warnings.push(`The bundle was converted by cni-doctor convert from a ${m.convertedFrom.tool} bundle (${m.convertedFrom.location}): what that format never holds is recorded as skipped, and each file's original path is its manifest command's "via".`);
  const fv = data.manifest?.formatVersion;
  if (fv !== undefined && fv > BUNDLE_FORMAT_VERSION) warnings.push(`The bundle uses format version ${fv}, newer than this analyzer knows (${BUNDLE_FORMAT_VERSION}): it was analyzed as far as the known layout goes.`);
  if (m?.complete === false) warnings.push('The collector was interrupted: the bundle is incomplete.');
  if (data.files.size === 0) warnings.push('The bundle contains no files.');
  return {
    source,
    packaging: data.kind,
    formatVersion: fv ?? null,
    createdAt: m?.createdAt ?? null,
    collector: m ? `${m.collector.name} ${m.collector.version}` : null,
    context: m?.cluster.context ?? null,
    kubernetesVersion: data.serverVersion ?? m?.cluster.serverVersion ?? null,
    origin: { format: o.format, tool: o.tool, version: o.version ?? null },
    plugins: facts.plugins.detected,
    counts: { nodes: facts.nodeNames.length, pods: data.podIndex.size, events: data.eventCount, files: data.files.size },
    nodes: nodeSummaries(data, facts, findings),
    warnings,
    ipUsage: ipUsage(data, facts),
    timeline: timeline(data, facts),
  };
}

export function analyzeBundle(data: BundleData, options: AnalyzeOptions): Report {
  const rules = options.rules ?? RULES;
  const timed = <T>(stage: 'rules' | 'report', fn: () => T): T => (options.timings ? options.timings.timeSync(stage, fn) : fn());
  const { findings, ruleRuns, facts, atRisk } = timed('rules', () => runRules(data, rules));
  return timed('report', () => boundStrings(reportOf(data, options, rules, { findings, ruleRuns, facts, atRisk }), REPORT_STRING_BOUND));
}

/**
 * The longest string anywhere in a report. Beyond the findings (FINDING_TEXT_BOUNDS), the node
 * table, the timeline and the triage copy names, reasons, times and versions from the bundle; the
 * samples' longest is 786 characters, a stranger's can be any size, so a last pass bounds them all.
 */
export const REPORT_STRING_BOUND = 4000;

/**
 * `value` with every string longer than `max` cut by boundText. Copy on write: parts of a report can
 * be shared (a rule's actions, frozen parse results), so nothing is changed in place, and what has
 * no long string is returned as it is.
 */
function boundStrings<T>(value: T, max: number): T {
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return boundText(v, max);
    if (Array.isArray(v)) {
      let out: unknown[] | undefined;
      for (let i = 0; i < v.length; i++) {
        const w = walk(v[i]);
        if (w !== v[i]) (out ??= [...v])[i] = w;
      }
      return out ?? v;
    }
    if (v && typeof v === 'object' && !(v instanceof Map) && !(v instanceof Set)) {
      let out: Record<string, unknown> | undefined;
      for (const [k, x] of Object.entries(v)) {
        const w = walk(x);
        if (w !== x) (out ??= { ...v })[k] = w;
      }
      return out ?? v;
    }
    return v;
  };
  return walk(value) as T;
}

function reportOf(data: BundleData, options: AnalyzeOptions, rules: readonly Rule[], { findings, ruleRuns, facts, atRisk }: ReturnType<typeof runRules>): Report {
  const counts = Object.fromEntries(SEVERITIES.map((s) => [s, findings.filter((f) => f.severity === s).length])) as Report['counts'];
  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    tool: { name: 'cni-doctor', version: options.toolVersion },
    bundle: bundleInfo(data, facts, findings, options.source),
    triage: buildTriage(data, facts, { findings, atRisk, answers: new Map(rules.map((r) => [r.meta.id, r.meta.answers])) }),
    counts,
    findings,
    ruleRuns,
    rules: [...rules].sort((a, b) => byString(a.meta.id, b.meta.id)).map(({ meta: m }) => ({ id: m.id, title: m.title, area: m.area, severity: m.severity, urgency: m.urgency, plugin: m.plugin ?? null, description: m.description, rationale: m.rationale, actions: m.actions, docs: m.docs })),
  };
}
