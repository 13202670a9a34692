// The Report: the one value every renderer reads. Defined as a zod schema so that the published JSON
// Schema (schema/report.schema.json) is generated from the same source as the TypeScript types.
import { z } from 'zod';

/** The bundle formats cni-doctor reads (src/import/). Kept here: the model imports nothing of ours. */
export const BUNDLE_FORMATS = ['cni-doctor', 'troubleshoot', 'cilium-sysdump', 'calico-diags', 'cluster-info-dump', 'must-gather', 'support-bundle-kit'] as const;
export type BundleFormat = (typeof BUNDLE_FORMATS)[number];

/**
 * 5: packaging `tar` (an uncompressed tar). 4: ipUsage source `ovn-kubernetes` (pods per node against the node's OVN subnet). 3 (issue 15):
 * report.triage (the emergency matrix, the root cause to fix first). 2 (issue 13): bundle.origin
 * (the tool that made the bundle), packaging `zip` and `file`, the rule catalogue (`rules`) and the
 * skip kind of skipped rule runs. 1: the first published shape.
 */
export const REPORT_SCHEMA_VERSION = 5;

export const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];
/** Time to impact, most urgent first (the field guide's decision matrix). */
export const URGENCIES = ['immediate', 'minutes', 'hours', 'days'] as const;
export type Urgency = (typeof URGENCIES)[number];
export const RISKS = ['safe', 'disruptive', 'downtime'] as const;
export type Risk = (typeof RISKS)[number];
export const RULE_RUN_STATUSES = ['fired', 'passed', 'skipped', 'errored'] as const;
export type RuleRunStatus = (typeof RULE_RUN_STATUSES)[number];

export const EvidenceSchema = z
  .object({
    file: z.string().describe('Path inside the bundle, without the top-level directory.'),
    line: z.number().int().positive().optional().describe('1-based line the excerpt starts on.'),
    excerpt: z.string().optional().describe('Verbatim text from the file (untrusted bundle content).'),
    note: z.string().optional().describe('What this evidence shows, when the excerpt alone does not say.'),
  })
  .strict();
export type Evidence = z.infer<typeof EvidenceSchema>;

export const ActionSchema = z
  .object({
    title: z.string(),
    commands: z.array(z.string()),
    risk: z.enum(RISKS),
  })
  .strict();
export type Action = z.infer<typeof ActionSchema>;

export const ScopeSchema = z
  .object({
    kind: z.enum(['cluster', 'nodes', 'namespaces', 'pods', 'bundle']),
    names: z.array(z.string()).describe('Affected objects (nodes as names, namespaces, pods as namespace/name).'),
    count: z.number().int().nonnegative(),
    total: z.number().int().nonnegative().optional().describe('How many of that kind the bundle has, for "4 of 12 nodes".'),
    text: z.string().describe('Human-readable scope, e.g. "4 of 12 nodes".'),
  })
  .strict();
export type Scope = z.infer<typeof ScopeSchema>;

export const FindingSchema = z
  .object({
    id: z.string().describe('Unique within the report: the rule id, with ":<key>" when a rule reports several findings.'),
    ruleId: z.string(),
    title: z.string(),
    severity: z.enum(SEVERITIES),
    urgency: z.enum(URGENCIES).nullable().describe('null for findings about the bundle itself.'),
    scope: ScopeSchema,
    summary: z.string(),
    evidence: z.array(EvidenceSchema),
    actions: z.array(ActionSchema).describe('Ordered: the first is the primary action, the last the fallback.'),
    docs: z.array(z.string()),
    rootCause: z.boolean().describe('True when this finding explains others (or stands alone as a cause).'),
    relatedTo: z.array(z.string()).describe('Ids of all related findings: causedBy and explains together.'),
    causedBy: z.array(z.string()).describe('Ids of the findings that explain this one (empty for a root cause).'),
    explains: z.array(z.string()).describe('Ids of the findings this one explains (its symptoms).'),
    plugin: z.string().nullable(),
  })
  .strict();
export type Finding = z.infer<typeof FindingSchema>;

/** Why a rule was skipped: its plugin is not in the bundle, or none of the data it reads was collected. */
export const SKIP_KINDS = ['plugin-not-detected', 'data-not-collected'] as const;
export type SkipKind = (typeof SKIP_KINDS)[number];

export const RuleRunSchema = z
  .object({
    ruleId: z.string(),
    status: z.enum(RULE_RUN_STATUSES),
    skip: z.enum(SKIP_KINDS).optional().describe('For a skipped rule: why, as a kind (reason says it in words).'),
    reason: z.string().optional(),
    findings: z.number().int().nonnegative(),
  })
  .strict();
export type RuleRun = z.infer<typeof RuleRunSchema>;

/** The rule whose findings are collection gaps (what the bundle lacks), not diagnoses. */
export const COLLECTION_GAP_RULE = 'bundle-collection-gap';
export const isCollectionGap = (f: Pick<Finding, 'ruleId'>): boolean => f.ruleId === COLLECTION_GAP_RULE;

export const RuleInfoSchema = z
  .object({
    id: z.string(),
    title: z.string(),
    area: z.string(),
    severity: z.enum(SEVERITIES),
    urgency: z.enum(URGENCIES).nullable(),
    plugin: z.string().nullable(),
    description: z.string(),
    rationale: z.string(),
    actions: z.array(ActionSchema),
    docs: z.array(z.string()),
  })
  .strict();
export type RuleInfo = z.infer<typeof RuleInfoSchema>;

/** The answer to "can new pods get a network?", in words and as a tone renderers colour by. */
export const VERDICTS: Record<Triage['podNetwork']['verdict'], { answer: string; meaning: string; tone: 'critical' | 'high' | 'ok' | 'info' }> = {
  'cluster-wide-failure': { answer: 'No', meaning: 'cluster-wide failure', tone: 'critical' },
  localized: { answer: 'Partly', meaning: 'failing on some nodes', tone: 'high' },
  ok: { answer: 'Yes', meaning: 'no failures seen', tone: 'ok' },
  unknown: { answer: 'Unknown', meaning: 'not enough data', tone: 'info' },
};

/** A matrix row's verdict in words, and the tone renderers colour it by. */
export const MATRIX_VERDICT_LABELS: Record<MatrixVerdict, { label: string; tone: 'critical' | 'high' | 'ok' | 'info' }> = {
  failing: { label: 'Failing', tone: 'critical' },
  'at-risk': { label: 'At risk', tone: 'high' },
  ok: { label: 'OK', tone: 'ok' },
  unknown: { label: 'Unknown', tone: 'info' },
};

/** "NO — cluster-wide failure" (shouted, for text and terminals) or "No — cluster-wide failure". */
export function verdictLabel(verdict: Triage['podNetwork']['verdict'], shout: boolean): string {
  const v = VERDICTS[verdict];
  return `${shout ? v.answer.toUpperCase() : v.answer} — ${v.meaning}`;
}

export const PluginSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    version: z.string().nullable(),
    sources: z.array(z.string()).describe('What showed the plugin: DaemonSet, pods, node configs.'),
  })
  .strict();
export type DetectedPlugin = z.infer<typeof PluginSchema>;

export const NodeSummarySchema = z
  .object({
    name: z.string(),
    ready: z.enum(['True', 'False', 'Unknown', 'missing']),
    readyReason: z.string().nullable(),
    podCIDRs: z.array(z.string()),
    agent: z.string().nullable().describe('CNI agent pod state on the node, e.g. "calico-node-abc Running 1/1".'),
    network: z.string().nullable().describe('BGP / health state from plugin outputs.'),
    findings: z.array(z.string()).describe('Ids of findings whose scope names the node.'),
  })
  .strict();
export type NodeSummary = z.infer<typeof NodeSummarySchema>;

/** The field guide's emergency matrix, in its order: what a user sees first. */
export const SYMPTOMS = ['new-pods', 'pod-to-pod', 'dns', 'ip-space'] as const;
export type Symptom = (typeof SYMPTOMS)[number];
export const MATRIX_VERDICTS = ['failing', 'at-risk', 'ok', 'unknown'] as const;
export type MatrixVerdict = (typeof MATRIX_VERDICTS)[number];

export const MatrixRowSchema = z
  .object({
    symptom: z.enum(SYMPTOMS),
    question: z.string().describe('The row as a question, e.g. "Can pods on different nodes reach each other?"'),
    verdict: z.enum(MATRIX_VERDICTS).describe('unknown when the bundle lacks what would tell (the summary says what is missing).'),
    timeToImpact: z.enum(URGENCIES).describe("The field guide's time to impact of this symptom."),
    summary: z.string().describe('One sentence: what fails and where, what is at risk, what was read to say ok, or what is missing.'),
    findings: z.array(z.string()).describe('Ids of the findings that decide the verdict, in report rank order (non-empty when failing or at-risk).'),
    action: ActionSchema.nullable().describe('The primary step for this cluster (from the deciding root cause), or how to find out when unknown.'),
    fallback: ActionSchema.nullable().describe('The fallback step, when there is one.'),
  })
  .strict();
export type MatrixRow = z.infer<typeof MatrixRowSchema>;

export const TriageSchema = z
  .object({
    matrix: z.array(MatrixRowSchema).describe('Four rows, in this order: new-pods, pod-to-pod, dns, ip-space.'),
    topRootCause: z
      .object({ finding: z.string(), title: z.string(), scope: z.string(), sentence: z.string() })
      .strict()
      .nullable()
      .describe('The top-ranked root cause, in one sentence: the finding whose fix restores service.'),
    podNetwork: z
      .object({
        verdict: z.enum(['cluster-wide-failure', 'localized', 'ok', 'unknown']),
        summary: z.string(),
        nodes: z.array(z.string()).describe('Nodes where new pods cannot get a network.'),
      })
      .strict(),
    agents: z.array(
      z
        .object({
          plugin: z.string(),
          workload: z.string().describe('namespace/name of the DaemonSet'),
          desired: z.number().int(),
          ready: z.number().int(),
          problems: z.array(z.string()),
          summary: z.string(),
        })
        .strict(),
    ),
    notReadyNodes: z.array(
      z
        .object({
          name: z.string(),
          reason: z.string(),
          message: z.string(),
          networkRelated: z.boolean(),
        })
        .strict(),
    ),
    recentErrors: z.array(
      z
        .object({
          time: z.string().nullable(),
          namespace: z.string(),
          object: z.string(),
          reason: z.string(),
          message: z.string(),
          count: z.number().int(),
          file: z.string(),
          line: z.number().int().optional(),
        })
        .strict(),
    ),
  })
  .strict();
export type Triage = z.infer<typeof TriageSchema>;

export const IpUsageSchema = z
  .object({
    source: z.enum(['calico-pool', 'calico-block', 'cilium', 'host-local', 'aws', 'ovn-kubernetes']),
    name: z.string().describe('Pool or block CIDR, or the node for per-node sources.'),
    node: z.string().nullable(),
    used: z.number().nonnegative(),
    total: z.number().nonnegative(),
    file: z.string().describe('Bundle file the figures come from.'),
  })
  .strict();
export type IpUsage = z.infer<typeof IpUsageSchema>;

export const TimelineEventSchema = z
  .object({
    time: z.string().nullable(),
    reason: z.string(),
    namespace: z.string(),
    object: z.string(),
    node: z.string().nullable(),
    count: z.number().int(),
    message: z.string(),
    file: z.string(),
    line: z.number().int().optional(),
  })
  .strict();
export type TimelineEvent = z.infer<typeof TimelineEventSchema>;

export const BundleInfoSchema = z
  .object({
    source: z.string().describe('File or directory name of the bundle (no parent path, for determinism).'),
    packaging: z.enum(['directory', 'tar.gz', 'tar.xz', 'tar', 'zip', 'file', 'memory']),
    formatVersion: z.number().int().nullable(),
    createdAt: z.string().nullable(),
    collector: z.string().nullable(),
    context: z.string().nullable(),
    kubernetesVersion: z.string().nullable(),
    origin: z
      .object({ format: z.enum(BUNDLE_FORMATS), tool: z.string(), version: z.string().nullable() })
      .strict()
      .describe('Which tool made the bundle: cni-doctor, or the foreign format it was read from.'),
    plugins: z.array(PluginSchema),
    counts: z
      .object({ nodes: z.number().int(), pods: z.number().int(), events: z.number().int(), files: z.number().int() })
      .strict(),
    nodes: z.array(NodeSummarySchema),
    warnings: z.array(z.string()).describe('Statements about the bundle as a whole that qualify every finding (truncated archive, newer format, missing manifest).'),
    ipUsage: z.array(IpUsageSchema).describe('IP pool utilization: Calico pools and (the fullest) blocks, Cilium per node, host-local per node, AWS pods per node against max pods.'),
    timeline: z.array(TimelineEventSchema).describe('Warning events in time order (the most recent 1000).'),
  })
  .strict();
export type BundleInfo = z.infer<typeof BundleInfoSchema>;

export const ReportSchema = z
  .object({
    schemaVersion: z.literal(REPORT_SCHEMA_VERSION),
    tool: z.object({ name: z.literal('cni-doctor'), version: z.string() }).strict(),
    bundle: BundleInfoSchema,
    triage: TriageSchema,
    counts: z.object(Object.fromEntries(SEVERITIES.map((s) => [s, z.number().int()])) as Record<Severity, z.ZodNumber>).strict(),
    findings: z.array(FindingSchema).describe('In rank order: the first is the most important root cause.'),
    ruleRuns: z.array(RuleRunSchema),
    rules: z.array(RuleInfoSchema).describe('The catalogue entry of every rule that ran (for SARIF rule descriptions and documentation links).'),
  })
  .strict();
export type Report = z.infer<typeof ReportSchema>;

export function reportJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(ReportSchema, { target: 'draft-2020-12' }) as Record<string, unknown>;
  return {
    $id: 'https://github.com/cni-doctor/cni-doctor/schema/report.schema.json',
    title: 'cni-doctor report',
    ...schema,
  };
}
