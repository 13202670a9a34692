// Detects a missing /run/flannel/subnet.env: the flannel CNI plugin's error in events, or the file
// absent (or incomplete) on flannel nodes. https://github.com/flannel-io/flannel/blob/master/Documentation/troubleshooting.md
import type { Evidence } from '../../../model/report.js';
import { isRecognised } from '../../bundle-data.js';
import { listNames } from '../../facts.js';
import { defineRule } from '../../rule.js';

export default defineRule({
  meta: {
    id: 'flannel-subnet-missing',
    title: 'flannel subnet.env is missing on nodes',
    area: 'flannel',
    severity: 'critical',
    urgency: 'minutes',
    answers: 'new-pods',
    plugin: 'flannel',
    description: '`open /run/flannel/subnet.env: no such file or directory` in events (all three wordings of the flannel plugin), or the file absent or incomplete on flannel nodes; flags hand-written files (FLANNEL_SUBNET ending in .0 — flanneld writes the first usable address).',
    rationale: 'The flannel plugin reads the node\'s subnet from this file for every pod: without it, every sandbox on the node fails. It is written by flanneld once it holds a lease, so its absence points at flanneld.',
    evidence: 'The sandbox events, nodes/<node>/flannel-subnet.env, and the manifest entry of the collection command.',
    actions: [
      { title: 'Restart kube-flannel on the node and read its log (lease, podCIDR)', commands: ['kubectl -n kube-flannel delete pod -l app=flannel --field-selector spec.nodeName=<node>', 'kubectl -n kube-flannel logs -l app=flannel --tail=50'], risk: 'disruptive' },
      { title: 'Check that the node has a podCIDR inside the flannel Network', commands: ["kubectl get node <node> -o jsonpath='{.spec.podCIDR}'"], risk: 'safe' },
    ],
    docs: ['https://github.com/flannel-io/flannel/blob/master/Documentation/troubleshooting.md', 'https://github.com/flannel-io/cni-plugin'],
    explains: ['cni-sandbox-failures'],
  },
  requires: ['events', 'node-flannel-files'],
  check(ctx) {
    const nodes = new Map<string, { why: string; ev: Evidence[] }>();
    const add = (node: string, why: string, ev: Evidence) => {
      const e = nodes.get(node) ?? { why, ev: [] };
      if (e.ev.length < 2) e.ev.push(ev);
      nodes.set(node, e);
    };
    for (const { event, match } of ctx.facts.eventsOfKind('flannel-subnet-env-missing')) {
      add(ctx.facts.nodeOfEvent(event) ?? '(unknown node)', `the flannel plugin says "${match.text}"`, ctx.facts.evidence.event(event));
    }
    const onFlannel = ctx.facts.flannelNodes();
    const commands = ctx.data.manifest?.commands ?? [];
    for (const nd of ctx.data.nodeData.values()) {
      if (!onFlannel.has(nd.name)) continue;
      const env = nd.flannelSubnetEnv;
      if (env && isRecognised(env)) {
        if (env.result.missing.length) add(nd.name, `subnet.env lacks ${env.result.missing.join(', ')}`, ctx.facts.evidence.line(env.path, 1, undefined, `missing ${env.result.missing.join(', ')}`));
        const sub = env.result.values.FLANNEL_SUBNET;
        if (sub && /\.0\/\d+$/.test(sub.value)) add(nd.name, `subnet.env looks hand-written (FLANNEL_SUBNET=${sub.value}; flanneld writes the gateway address ending in .1), which hides the real fault`, ctx.facts.evidence.line(env.path, sub.line));
        continue;
      }
      if (env) continue; // present but unrecognised: reported as a collection gap
      const expected = ctx.facts.paths.nodeFile(nd.name, 'flannelSubnetEnv');
      const cmd = commands.find((c) => c.file === expected);
      if (cmd && cmd.error && cmd.error !== 'not-found') continue; // not collected: a gap, not evidence of absence
      const otherFile = [nd.ipLink?.path, nd.ipRoute?.path, nd.lsCniConf?.path].find((p): p is string => !!p);
      const ev = cmd && ctx.data.manifest ? ctx.facts.evidence.line(ctx.data.manifest.path, cmd.line, undefined, `the collector found no ${expected.split('/').pop()} (${cmd.error ?? `exit ${cmd.exitCode}`}): ${cmd.stderr.slice(0, 160)}`) : otherFile ? ctx.facts.evidence.line(otherFile, undefined, undefined, `node files were collected for ${nd.name}, but not /run/flannel/subnet.env`) : undefined;
      if (ev) add(nd.name, '/run/flannel/subnet.env does not exist on the node', ev);
    }
    if (!nodes.size) return [];
    const names = [...nodes.keys()].sort();
    const reasons = [...new Set([...nodes.values()].map((v) => v.why))];
    return [
      {
        scope: { kind: 'nodes', names: names.filter((n) => !n.startsWith('(')) },
        summary: `flannel's subnet.env is missing or unusable on ${listNames(names)}: ${listNames(reasons, 2)}. flanneld on ${names.length === 1 ? 'that node' : 'those nodes'} has no lease.`,
        evidence: names.slice(0, 4).flatMap((n) => nodes.get(n)!.ev),
      },
    ];
  },
});
