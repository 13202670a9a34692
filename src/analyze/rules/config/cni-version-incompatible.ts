// Detects "incompatible CNI versions": the config's cniVersion is not supported by the plugin binary.
// https://www.cni.dev/docs/spec/#version-considerations
import { listNames } from '../../facts.js';
import { defineRule } from '../../rule.js';

export default defineRule({
  meta: {
    id: 'cni-version-incompatible',
    title: 'The config\'s cniVersion is not supported by a plugin binary',
    area: 'config',
    severity: 'high',
    urgency: 'minutes',
    answers: 'new-pods',
    description: '`incompatible CNI versions; config is "X", plugin supports [...]` (or `plugin … does not support config version`) in events or logs.',
    rationale: 'Every ADD on the node fails: typically a 1.0.0 config (Calico\'s manifest since 2026-07-29, containerd 1.6.0–1.6.3 loopback) with plugins older than containernetworking/plugins 1.0.',
    evidence: 'The events or log lines with the version pair.',
    actions: [
      { title: 'Upgrade the plugin binaries (containernetworking/plugins ≥ 1.0 support 1.0.0), or set cniVersion in the config to one the plugins list', commands: ['# on the node: /opt/cni/bin/<plugin> --version   (lists supported versions)', '# then edit cniVersion in /etc/cni/net.d/<file> or upgrade /opt/cni/bin'], risk: 'disruptive' },
    ],
    docs: ['https://www.cni.dev/docs/spec/#version-considerations', 'https://github.com/containernetworking/plugins/releases'],
    explains: ['cni-sandbox-failures'],
  },
  requires: ['events', 'logs'],
  check(ctx) {
    const events = ctx.facts.eventsOfKind('cni-version-incompatible');
    const logs = ctx.facts.logMatches('cni-version-incompatible');
    if (!events.length && !logs.length) return [];
    const nodes = [...new Set(events.map((e) => ctx.facts.nodeOfEvent(e.event)).filter((n): n is string => !!n))].sort();
    const m = (events[0] ?? logs[0]!.m).match;
    const detail = m.groups.cfg ? `the config says cniVersion "${m.groups.cfg}" but the plugin supports only [${m.groups.sup}]` : `"${m.text}"`;
    return [
      {
        scope: nodes.length ? { kind: 'nodes', names: nodes } : { kind: 'cluster' },
        summary: `Pod network setup fails${nodes.length ? ` on ${listNames(nodes)}` : ''}: ${detail}.`,
        evidence: [...events.slice(0, 3).map((e) => ctx.facts.evidence.event(e.event)), ...logs.slice(0, 2).map((l) => ctx.facts.evidence.log(l.log, l.m))],
      },
    ];
  },
});
