// Detects that the collector's opt-in probe pod never got a sandbox (no pod network on its node).
// https://kubernetes.io/docs/tasks/debug/debug-application/debug-pods/
import { defineRule } from '../../rule.js';

export default defineRule({
  meta: {
    id: 'probe-sandbox-timeout',
    title: 'A test pod could not get a network',
    area: 'probe',
    severity: 'critical',
    urgency: 'minutes',
    answers: 'new-pods',
    description: 'The collector\'s opt-in probe pod (probe/result.json) was scheduled but never got a sandbox within its timeout. A probe that could not be created or scheduled is reported as a collection gap instead.',
    rationale: 'This is the first triage question answered directly: a brand-new pod cannot get a network right now.',
    evidence: 'The sandbox section of probe/result.json (scheduled, sandboxCreated, the error).',
    actions: [
      { title: 'As for cni-sandbox-failures: restart the CNI DaemonSet', commands: ['kubectl -n <namespace> rollout restart daemonset/<cni-daemonset>'], risk: 'disruptive' },
    ],
    docs: ['https://kubernetes.io/docs/tasks/debug/debug-application/debug-pods/'],
  },
  requires: ['probe'],
  check(ctx) {
    const p = ctx.data.probe;
    // Not scheduled (or not even created) says nothing about the network: that is a gap, not this.
    if (!p || p.sandboxCreated !== false || p.scheduled === false) return [];
    return [
      {
        scope: { kind: 'cluster' },
        summary: `The probe pod was scheduled but got no sandbox${p.sandboxSeconds ? ` within ${p.sandboxSeconds} s` : ''}${p.error ? `: ${p.error}` : ''}.`,
        evidence: [ctx.facts.evidence.line(p.path, undefined, undefined, `sandboxCreated: false${p.error ? `; ${p.error}` : ''}`)],
      },
    ];
  },
});
