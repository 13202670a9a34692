// The shape of one rule: typed metadata plus a pure check of the bundle's parsed data.
import type { Action, Evidence, Severity, Symptom, Urgency } from '../model/report.js';
import type { BundleData } from './bundle-data.js';
import type { Facts } from './facts.js';
import type { ClusterOutputSpec, NodeOutputSpec } from '../cni/descriptor.js';
import type { PluginId } from '../cni/index.js';

export type RuleArea = 'generic' | 'config' | 'ipam' | 'calico' | 'cilium' | 'flannel' | 'aws' | 'weave' | 'antrea' | 'kube-router' | 'ovn-kubernetes' | 'multus' | 'dns' | 'probe' | 'bundle';

export interface RuleMeta {
  id: string;
  title: string;
  area: RuleArea;
  severity: Severity;
  /** null for rules about the bundle itself (no time to impact). */
  urgency: Urgency | null;
  /** Run only where this plugin is detected. */
  plugin?: PluginId;
  /** What the rule detects, in one sentence. */
  description: string;
  /** Why it matters: the impact on the cluster. */
  rationale: string;
  /** What the finding cites as evidence. */
  evidence: string;
  /** Ordered: primary action first, fallback last. */
  actions: Action[];
  /** Upstream documentation of this failure. */
  docs: string[];
  /** Findings of these rules on overlapping nodes are symptoms of this rule's findings. */
  explains?: string[];
  /**
   * The row of the field guide's emergency matrix (report.triage.matrix) its findings answer: null
   * for findings that affect none (the bundle itself, hygiene with days to impact).
   */
  answers: Symptom | null;
}

/** A data key, or the spec of a CNI output (src/cni/) the rule reads. */
export type Requirement = DataKey | NodeOutputSpec<unknown> | ClusterOutputSpec<unknown>;

/** Data a rule reads; the rule is skipped with the reason when none of what it needs was collected. */
export type DataKey =
  | 'manifest'
  | 'nodes'
  | 'pods'
  | 'events'
  | 'daemonsets'
  | 'deployments'
  | 'services'
  | 'endpointslices'
  | 'networkpolicies'
  | 'namespaces'
  | 'configmaps'
  | 'top-pods'
  | 'node-cni-configs'
  | 'node-cni-bin'
  | 'node-ip-route'
  | 'node-ip-link'
  | 'node-proc-mounts'
  | 'node-flannel-files'
  | 'calico-node-status'
  | 'calico-ipam'
  | 'calico-ippools'
  | 'calico-bgp-config'
  | 'cilium-status'
  | 'logs'
  | 'probe'
  | 'any';

export interface FindingDraft {
  /** Distinguishes several findings of one rule (becomes the id suffix). */
  key?: string;
  title?: string;
  severity?: Severity;
  urgency?: Urgency | null;
  scope: ScopeDraft;
  summary: string;
  evidence: Evidence[];
  /** Replaces the rule's default actions when the finding knows better (e.g. names the node). */
  actions?: Action[];
  /** Nodes involved, when the scope is not already a node list: used to relate findings. */
  nodes?: string[];
  /**
   * Rules whose findings on the same nodes cause this one, known only from this finding's evidence
   * (an agent not ready because its readiness probe reports BGP down is a symptom of the BGP
   * failure). It adds that edge and overrides a static `explains` of this rule in the other direction.
   */
  symptomOf?: string[];
  /** Replaces the rule's `explains` for this finding (a latent problem that explains no failure: []). */
  explains?: string[];
  /**
   * A warning, not a failure, whatever its severity: its matrix row is at risk, not failing (a pool
   * above the guide's 80 %). By default critical and high findings fail their row.
   */
  atRisk?: boolean;
}

export type ScopeDraft =
  | { kind: 'cluster'; text?: string }
  | { kind: 'nodes'; names: string[] }
  | { kind: 'namespaces'; names: string[] }
  | { kind: 'pods'; names: string[] }
  | { kind: 'bundle'; names?: string[]; text?: string };

export interface RuleContext {
  data: BundleData;
  facts: Facts;
  plugins: ReadonlySet<PluginId>;
}

export interface Rule {
  meta: RuleMeta;
  /** What it reads: a rule with none of it collected is skipped (a CNI's output specs count too). */
  requires: Requirement[];
  check(ctx: RuleContext): FindingDraft[];
}

export function defineRule(rule: Rule): Rule {
  return rule;
}
