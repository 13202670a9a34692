// The field guide's emergency matrix, answered for this bundle, in its order: can new pods get a
// network (minutes), can pods on different nodes reach each other (immediate), does DNS resolve
// (immediate), is there IP space left (hours). Each row is failing, at risk, ok — or unknown when
// the bundle holds nothing that would tell, which is never reported as ok.
//
// Which row a finding answers is its rule's `answers`; what tells a row is ok is the data read here
// (the plugin outputs whose descriptors say what they tell, routing tables, CoreDNS, IPAM figures).
import type { Action, Finding, MatrixRow, MatrixVerdict, Symptom, Triage, Urgency } from '../model/report.js';
import { SYMPTOMS } from '../model/report.js';
import { cniById, NODE_OUTPUTS } from '../cni/index.js';
import { isRecognised, nodeOutputs, type BundleData } from './bundle-data.js';
import type { Facts } from './facts.js';
import { ipUsage } from './usage.js';

export interface MatrixInput {
  /** In report rank order. */
  findings: readonly Finding[];
  /** Findings that are warnings whatever their severity (FindingDraft.atRisk). */
  atRisk: ReadonlySet<string>;
  /** Rule id → the matrix row its findings answer (RuleMeta.answers). */
  answers: ReadonlyMap<string, Symptom | null>;
}

const ROWS: Record<Symptom, { question: string; timeToImpact: Urgency }> = {
  'new-pods': { question: 'Can new pods get a network?', timeToImpact: 'minutes' },
  'pod-to-pod': { question: 'Can pods on different nodes reach each other?', timeToImpact: 'immediate' },
  dns: { question: 'Does DNS resolve?', timeToImpact: 'immediate' },
  'ip-space': { question: 'Is there IP space for new pods?', timeToImpact: 'hours' },
};

/** Findings that are new pods failing, observed (rather than a cause that will make them fail). */
const OBSERVED_NEW_POD_FAILURES = new Set(['cni-sandbox-failures', 'node-not-ready', 'node-network-unavailable', 'probe-sandbox-timeout']);

/** How to find out, for a row the bundle cannot answer. */
const FIND_OUT: Record<Symptom, Action> = {
  'new-pods': { title: 'See whether pods get sandboxes: the sandbox errors and the nodes\' readiness', commands: ['kubectl get events -A --field-selector reason=FailedCreatePodSandBox', 'kubectl get nodes -o wide'], risk: 'safe' },
  'pod-to-pod': { title: 'Collect what tells: the CNI\'s BGP / health status in its agent pods and the nodes\' routing tables', commands: ['cni-doctor collect -o bundle.tar.gz'], risk: 'safe' },
  dns: { title: 'Check CoreDNS and the NetworkPolicies in its path', commands: ['kubectl -n kube-system get deployment,pods -l k8s-app=kube-dns -o wide', 'kubectl get networkpolicies -A'], risk: 'safe' },
  'ip-space': { title: 'See how full the pod address pools are', commands: ['kubectl get nodes -o custom-columns=NAME:.metadata.name,PODCIDR:.spec.podCIDR', '# Calico: calicoctl ipam show --show-blocks · Cilium: cilium-dbg status (IPAM) · AWS: the ENIs of ipamd · OVN-Kubernetes: each node\'s k8s.ovn.org/node-subnets annotation'], risk: 'safe' },
};

const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

export function buildMatrix(data: BundleData, facts: Facts, input: MatrixInput, podNetwork: Triage['podNetwork']): MatrixRow[] {
  const { findings, atRisk, answers } = input;
  const byId = new Map(findings.map((f) => [f.id, f]));
  const rank = new Map(findings.map((f, i) => [f.id, i]));
  const rowOf = (f: Finding) => answers.get(f.ruleId) ?? null;
  const failingGrade = (f: Finding) => (f.severity === 'critical' || f.severity === 'high') && !atRisk.has(f.id);
  const rootsOf = (f: Finding, seen = new Set<string>()): Finding[] => {
    if (f.rootCause || seen.has(f.id)) return [f];
    seen.add(f.id);
    return f.causedBy.flatMap((c) => (byId.has(c) ? rootsOf(byId.get(c)!, seen) : []));
  };
  const ranked = (xs: Iterable<Finding>) => [...new Set(xs)].sort((a, b) => rank.get(a.id)! - rank.get(b.id)!);

  return SYMPTOMS.map((symptom) => {
    let own = findings.filter((f) => rowOf(f) === symptom);
    let newPodsFailing = false;
    if (symptom === 'new-pods') {
      // A new-pods finding that is the symptom of another row's failure (calico-node not ready
      // because BGP is down) belongs to that row: new pods still get a network. What is observed —
      // sandboxes failing, nodes NotReady for the network — is this row's, whatever caused it.
      newPodsFailing = podNetwork.verdict === 'cluster-wide-failure' || podNetwork.verdict === 'localized';
      own = own.filter((f) => OBSERVED_NEW_POD_FAILURES.has(f.ruleId) || f.rootCause || f.causedBy.every((c) => byId.get(c) && rowOf(byId.get(c)!) === 'new-pods'));
    }
    const failing = own.filter(failingGrade);
    let verdict: MatrixVerdict;
    if (failing.length || newPodsFailing) verdict = 'failing';
    else if (own.length) verdict = 'at-risk';
    else verdict = tells(symptom, data, facts, podNetwork).length ? 'ok' : 'unknown';

    // The deciding findings and the root causes behind them, in rank order.
    const deciding = verdict === 'failing' ? (failing.length ? failing : own) : verdict === 'at-risk' ? own : [];
    const decided = ranked([...deciding, ...deciding.flatMap((f) => rootsOf(f))]);
    const lead = decided.find((f) => f.rootCause) ?? decided[0];
    const action = lead ? (lead.actions[0] ?? null) : verdict === 'unknown' ? FIND_OUT[symptom] : null;
    const fallback = lead && lead.actions.length > 1 ? lead.actions.at(-1)! : null;
    return {
      symptom,
      question: ROWS[symptom].question,
      verdict,
      timeToImpact: ROWS[symptom].timeToImpact,
      summary: summaryOf(symptom, verdict, decided, lead, data, facts, podNetwork),
      findings: decided.map((f) => f.id),
      action,
      fallback,
    };
  });
}

function summaryOf(symptom: Symptom, verdict: MatrixVerdict, decided: Finding[], lead: Finding | undefined, data: BundleData, facts: Facts, podNetwork: Triage['podNetwork']): string {
  const more = decided.length > 1 ? `; ${plural(decided.length - 1, 'more finding')}` : '';
  if (verdict === 'failing') {
    if (symptom === 'new-pods' && podNetwork.nodes.length) return `${podNetwork.summary}${lead ? ` Root cause: ${lead.title} (${lead.scope.text})${more}.` : ''}`;
    return lead ? `${capital(lead.scope.text)}: ${lead.title}${more}.` : podNetwork.summary;
  }
  if (verdict === 'at-risk') return `${capital(lead!.scope.text)}: ${lead!.title}${more}.`;
  const what = tells(symptom, data, facts, podNetwork);
  if (verdict === 'ok') return symptom === 'new-pods' ? podNetwork.summary : `No failure in what tells: ${what.join(', ')}.`;
  const missing: Record<Symptom, string> = {
    'new-pods': podNetwork.summary,
    'pod-to-pod': 'The bundle holds nothing that tells whether pods on different nodes reach each other: no BGP or health status of the CNI, no routing tables of a plugin that routes each node\'s podCIDR, no tunnel forwarding entries, no kube-proxy pods.',
    dns: 'The bundle holds nothing that tells whether DNS resolves: no CoreDNS (or kube-dns) Deployment or pods, and no probe.',
    'ip-space': 'The bundle holds nothing that tells how full the pod address pools are: no Calico pools or blocks, no Cilium or Weave IPAM, no ipamd ENIs, no OVN-Kubernetes node subnets (k8s.ovn.org/node-subnets), no node podCIDRs.',
  };
  return missing[symptom];
}

/** What the bundle holds that answers a row, in words ("Calico BGP status of 3 nodes"); empty: unknown. */
function tells(symptom: Symptom, data: BundleData, facts: Facts, podNetwork: Triage['podNetwork']): string[] {
  const out: string[] = [];
  for (const spec of NODE_OUTPUTS) {
    const what = spec.tells?.find((t) => t.symptom === symptom)?.what;
    if (!what) continue;
    const n = [...nodeOutputs(data, spec).values()].filter(isRecognised).length;
    if (n) out.push(`${what} of ${plural(n, 'node')}`);
  }
  switch (symptom) {
    case 'new-pods':
      return podNetwork.verdict === 'unknown' ? [] : [podNetwork.summary];
    case 'pod-to-pod': {
      const routed = facts.plugins.detected.some((p) => cniById(p.id)?.routesPerNode);
      const nodeData = [...data.nodeData.values()];
      const routes = nodeData.filter((nd) => isRecognised(nd.ipRoute)).length;
      if (routed && routes) out.push(`routing tables of ${plural(routes, 'node')}`);
      const fdb = nodeData.filter((nd) => nd.bridgeFdbFlannel).length;
      if (fdb) out.push(`flannel.1 forwarding entries of ${plural(fdb, 'node')}`);
      const proxies = data.pods.filter((p) => p.ownerKind === 'DaemonSet' && p.ownerName === 'kube-proxy');
      if (proxies.length) out.push(`kube-proxy ${proxies.filter((p) => p.phase === 'Running' && p.containers.every((c) => c.init || c.ready)).length}/${proxies.length} ready`);
      if (data.probe?.egress) out.push('the probe\'s egress check');
      return out;
    }
    case 'dns': {
      const dns = facts.coreDns();
      if (dns.pods.length) out.push(`CoreDNS ${dns.pods.filter((p) => p.phase === 'Running' && p.containers.every((c) => c.init || c.ready)).length}/${dns.pods.length} ready`);
      else if (dns.deployment) out.push(`CoreDNS Deployment ${dns.deployment.ready ?? 0}/${dns.deployment.desired ?? 0} ready`);
      if ((dns.pods.length || dns.deployment) && data.lists.has('networkpolicies')) out.push(`${plural(data.networkPolicies.length, 'NetworkPolicy')} checked for port 53`.replace('NetworkPolicys', 'NetworkPolicies'));
      if (data.probe?.dns) out.push('the probe\'s DNS lookup');
      return out;
    }
    case 'ip-space': {
      const usage = ipUsage(data, facts).filter((u) => u.total > 0);
      if (usage.length) {
        const fullest = [...usage].sort((a, b) => b.used / b.total - a.used / a.total || (a.name < b.name ? -1 : 1))[0]!;
        out.unshift(`${plural(usage.length, 'pool')} (fullest ${fullest.name}${fullest.node && fullest.node !== fullest.name ? ` on ${fullest.node}` : ''} at ${Math.round((fullest.used / fullest.total) * 100)} %)`);
      }
      return out;
    }
  }
}
