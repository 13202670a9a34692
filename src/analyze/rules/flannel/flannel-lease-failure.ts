// Detects flanneld failing to acquire its subnet lease ("failed to acquire lease", "Error registering
// network", a podCIDR outside the net-conf Network).
// https://github.com/flannel-io/flannel/blob/master/Documentation/troubleshooting.md
import type { Evidence } from '../../../model/report.js';
import { listNames } from '../../facts.js';
import { contains, parseCidr } from '../../net.js';
import { defineRule } from '../../rule.js';

export default defineRule({
  meta: {
    id: 'flannel-lease-failure',
    title: 'flanneld cannot acquire a subnet lease',
    area: 'flannel',
    severity: 'critical',
    urgency: 'minutes',
    answers: 'pod-to-pod',
    plugin: 'flannel',
    description: '`failed to acquire lease` / `Error registering network` (and 2017\'s `failed to register network`) in flannel logs, and node podCIDRs outside the Network of flannel\'s net-conf.json (which makes flanneld fail with `subnet … doesn\'t contain … PodCIDR`).',
    rationale: 'Without a lease flanneld exits (CrashLoopBackOff), never writes subnet.env, and every pod on the node fails to get a network.',
    evidence: 'kube-flannel log lines, net-conf.json in cluster/configmaps.json and spec.podCIDR in cluster/nodes.json.',
    actions: [
      { title: 'Make the node podCIDRs and the flannel Network agree (kube-controller-manager --cluster-cidr = net-conf Network)', commands: ['kubectl -n kube-flannel get configmap kube-flannel-cfg -o jsonpath="{.data.net-conf\\.json}"', 'kubectl get nodes -o custom-columns=NAME:.metadata.name,PODCIDR:.spec.podCIDR'], risk: 'safe' },
      { title: 'Give nodes without a podCIDR one (kube-controller-manager --allocate-node-cidrs=true), then restart kube-flannel', commands: ['kubectl -n kube-flannel rollout restart daemonset/kube-flannel-ds'], risk: 'disruptive' },
    ],
    docs: ['https://github.com/flannel-io/flannel/blob/master/Documentation/troubleshooting.md', 'https://github.com/flannel-io/flannel/blob/master/Documentation/kubernetes.md'],
    explains: ['flannel-subnet-missing', 'cni-agent-unhealthy'],
  },
  requires: ['logs', 'configmaps', 'events'],
  check(ctx) {
    const problems = new Map<string, { why: string; ev: Evidence[] }>();
    const add = (node: string, why: string, ev: Evidence) => {
      const e = problems.get(node) ?? { why, ev: [] };
      if (e.ev.length < 2) e.ev.push(ev);
      problems.set(node, e);
    };
    for (const l of ctx.facts.logMatches('flannel-lease-failure')) {
      const node = l.m.match.groups.node ?? ctx.facts.nodeOfPod(l.log.namespace, l.log.pod) ?? `(pod ${l.log.pod})`;
      add(node, `"${l.m.match.text.slice(0, 200)}"`, ctx.facts.evidence.log(l.log, l.m));
    }
    for (const { event, match } of ctx.facts.eventsOfKind('flannel-lease-failure')) {
      add(match.groups.node ?? ctx.facts.nodeOfEvent(event) ?? '(unknown node)', `"${match.text.slice(0, 200)}"`, ctx.facts.evidence.event(event));
    }
    const conf = ctx.facts.flannelNetConf();
    const network = conf?.network ? parseCidr(conf.network) : undefined;
    if (conf && network) {
      for (const n of ctx.data.nodes) {
        for (const c of n.podCIDRs) {
          const cidr = parseCidr(c);
          if (cidr && cidr.family === network.family && !contains(network, cidr)) {
            add(n.name, `podCIDR ${c} is outside the flannel Network ${conf.network}`, ctx.facts.evidence.node(n, c, `podCIDR ${c}`));
            add(n.name, '', ctx.facts.evidence.line(conf.configMap.file, conf.configMap.line, undefined, `${conf.configMap.namespace}/${conf.configMap.name} net-conf.json Network ${conf.network}`));
          }
        }
      }
    }
    if (!problems.size) return [];
    const names = [...problems.keys()].sort();
    return [
      {
        scope: { kind: 'nodes', names: names.filter((n) => !n.startsWith('(')) },
        summary: `flanneld cannot get a subnet lease on ${listNames(names.map((n) => `${n}: ${problems.get(n)!.why}`), 3)}.`,
        evidence: names.slice(0, 4).flatMap((n) => problems.get(n)!.ev),
      },
    ];
  },
});
