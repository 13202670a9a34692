// Detects Multus failing to add pods to their networks: a NetworkAttachmentDefinition that does not
// exist in the pod's namespace (MU-01), a chained-only plugin run on its own (MU-02), a delegate's
// own failure (MU-03), the default network's readiness file never appearing (MU-04), and
// NetworkAttachmentDefinitions whose config Multus cannot use. One finding per network, naming the
// pods, the nodes and the delegate's own error.
// https://github.com/k8snetworkplumbingwg/multus-cni/blob/master/docs/how-to-use.md
import type { NetworkAttachment } from '../../../model/multus.js';
import type { EventRecord } from '../../../model/k8s.js';
import type { Evidence } from '../../../model/report.js';
import { isRecognised } from '../../bundle-data.js';
import { clip, listNames } from '../../facts.js';
import { defineRule, type FindingDraft, type RuleContext } from '../../rule.js';

interface NetworkFailure {
  network: string;
  /** The namespace Multus looked in (MU-01), when it says. */
  namespace?: string;
  ids: Set<string>;
  pods: Set<string>;
  nodes: Set<string>;
  errors: Map<string, number>;
  events: EventRecord[];
  readinessFile?: string;
}

const REMOVE_ANNOTATION = { title: 'Remove the network from the workload so its pods start with the default network only (they lose that interface)', commands: ['kubectl -n <namespace> edit deployment <workload>   # delete the k8s.v1.cni.cncf.io/networks annotation from the pod template'], risk: 'disruptive' as const };

export default defineRule({
  meta: {
    id: 'multus-delegate-failed',
    title: 'Multus cannot add pods to a network',
    area: 'multus',
    severity: 'critical',
    urgency: 'minutes',
    answers: 'new-pods',
    plugin: 'multus',
    description: 'Multus errors adding a pod to a network: `cannot find a network-attachment-definition`, `error adding container to network "<net>": <delegate error>`, `must be called as chained plugin`, the default network\'s readiness file never appearing, and NetworkAttachmentDefinitions whose spec.config Multus cannot use (not JSON, no type). Names the pods, the network and the delegate\'s own error.',
    rationale: 'Multus adds every network a pod asks for before the pod starts: one failing network keeps the whole pod in ContainerCreating, whatever its other networks.',
    evidence: 'The FailedCreatePodSandBox events, cluster/custom/network-attachment-definitions.k8s.cni.cncf.io.json and the nodes\' CNI bin listings.',
    actions: [
      { title: 'Fix the NetworkAttachmentDefinition (name, namespace, spec.config) or install the delegate plugin on the nodes', commands: ['kubectl get network-attachment-definitions -A', 'kubectl -n <namespace> get network-attachment-definition <network> -o jsonpath={.spec.config}', '# on a node: ls /opt/cni/bin'], risk: 'safe' },
      REMOVE_ANNOTATION,
    ],
    docs: ['https://github.com/k8snetworkplumbingwg/multus-cni/blob/master/docs/how-to-use.md', 'https://github.com/k8snetworkplumbingwg/multus-cni/blob/master/docs/configuration.md'],
    explains: ['cni-sandbox-failures', 'probe-sandbox-timeout'],
  },
  requires: ['events'],
  check(ctx) {
    const facts = ctx.facts;
    const nads = ctx.data.multus.networkAttachments?.items ?? [];
    const nadsNamed = (name: string) => nads.filter((n) => n.name === name);
    const failures = new Map<string, NetworkFailure>();
    for (const { event, match } of facts.eventsOfKind('multus-delegate')) {
      const g = match.groups;
      const id = match.signature.id;
      const network = g.network ?? g.network2 ?? (id === 'MU-04' ? '(default network)' : '(unnamed)');
      const key = `${id === 'MU-04' ? 'default' : network}|${g.namespace ?? ''}`;
      const f = failures.get(key) ?? { network, namespace: g.namespace, ids: new Set<string>(), pods: new Set<string>(), nodes: new Set<string>(), errors: new Map<string, number>(), events: [] };
      failures.set(key, f);
      f.ids.add(id);
      f.pods.add(g.pod ?? `${event.objectNamespace ?? event.namespace}/${event.objectName}`);
      const node = facts.nodeOfEvent(event);
      if (node) f.nodes.add(node);
      const err = g.err ?? g.err2;
      if (err) f.errors.set(clip(err.replace(/'+$/, '').trim(), 200), (f.errors.get(err) ?? 0) + event.count);
      if (g.file) f.readinessFile = g.file;
      f.events.push(event);
    }

    const drafts: FindingDraft[] = [];
    for (const f of [...failures.values()].sort((a, b) => (a.network < b.network ? -1 : a.network > b.network ? 1 : 0))) {
      const pods = [...f.pods].sort();
      const nodes = [...f.nodes].sort();
      const where = `${pods.length} pod(s) (${listNames(pods, 3)})${nodes.length ? ` on ${listNames(nodes)}` : ''}`;
      const evidence: Evidence[] = f.events.slice(0, 3).map((e) => facts.evidence.event(e));
      const parts: string[] = [];
      const actions = [];
      if (f.ids.has('MU-04')) {
        // The default network's agent writes this file once it is ready: Multus waits on it.
        parts.push(`Multus waits for the default network's readiness file${f.readinessFile ? ` ${f.readinessFile}` : ''} for ${where}: the default network's agent is not ready there, so every new pod on those nodes waits.`);
        actions.push({ title: 'Get the default network\'s agent ready on those nodes (it writes the readiness file)', commands: [`kubectl get pods -A -o wide --field-selector spec.nodeName=${nodes[0] ?? '<node>'} | grep -Ei 'ovnkube|sdn|calico|cilium|flannel'`, '# on the node: ls -la $(dirname <readiness file>)'], risk: 'safe' as const });
        drafts.push({ key: 'default-network', severity: 'high', scope: nodes.length ? { kind: 'nodes', names: nodes } : { kind: 'pods', names: pods }, nodes, summary: parts.join(' '), evidence, actions, symptomOf: ['cni-agent-unhealthy', 'ovn-kubernetes-unhealthy', 'cni-config-missing', 'node-network-unavailable'] });
        continue;
      }
      const label = f.namespace ? `${f.namespace}/${f.network}` : f.network;
      const defined = nadsNamed(f.network);
      if (f.ids.has('MU-01')) {
        const elsewhere = defined.filter((n) => n.namespace !== f.namespace).map((n) => `${n.namespace}/${n.name}`);
        parts.push(`${where} ask for network "${f.network}", and Multus finds no NetworkAttachmentDefinition of that name in namespace ${f.namespace ?? 'of the pod'}${elsewhere.length ? ` (one exists in ${listNames(elsewhere)}: the annotation must then say ${elsewhere[0]})` : nads.length || ctx.data.multus.networkAttachments ? ' (none of that name in the bundle)' : ''}.`);
        for (const n of defined.slice(0, 2)) evidence.push(facts.evidence.line(n.file, n.line, undefined, `NetworkAttachmentDefinition ${n.namespace}/${n.name}`));
        actions.push({ title: `Create the NetworkAttachmentDefinition "${f.network}" in namespace ${f.namespace ?? '<namespace>'}, or make the pods' annotation name an existing one`, commands: ['kubectl get network-attachment-definitions -A', `kubectl -n ${f.namespace ?? '<namespace>'} get network-attachment-definition ${f.network}`], risk: 'safe' as const });
      }
      if (f.ids.has('MU-02')) {
        parts.push(`${where}: Multus ran the chained-only plugin of network "${f.network}" on its own ("must be called as chained plugin"): its delegate config is a plugin list read as a single config, or Multus picked the wrong file as the default network.`);
        actions.push({ title: `Point Multus at the complete config of network "${f.network}" (the .conflist, in the directory the runtime reads) and restart it`, commands: ['# on a node: cat /etc/cni/net.d/00-multus.conf   # delegates / clusterNetwork', `kubectl -n ${facts.agentPods('multus')[0]?.namespace ?? 'kube-system'} rollout restart daemonset/${facts.agentPods('multus')[0]?.ownerName ?? 'kube-multus-ds'}`], risk: 'disruptive' as const });
      }
      if (f.ids.has('MU-03')) {
        const errors = [...f.errors].sort((a, b) => b[1] - a[1]).map(([e]) => `"${e}"`);
        const types = [...new Set(defined.flatMap((n) => n.types))];
        parts.push(`${where} cannot be added to network "${f.network}"${types.length ? ` (delegate ${types.join(' → ')})` : ''}: ${errors.length ? listNames(errors, 2) : 'the delegate failed'}.`);
        for (const n of defined.slice(0, 1)) evidence.push(facts.evidence.line(n.file, n.line, undefined, `NetworkAttachmentDefinition ${n.namespace}/${n.name}: ${n.types.join(', ') || 'no type'}`));
        actions.push({ title: `Fix the config of network "${f.network}" or the delegate plugin on the nodes`, commands: [`kubectl get network-attachment-definitions -A | grep ${f.network}`, `kubectl -n ${defined[0]?.namespace ?? '<namespace>'} get network-attachment-definition ${f.network} -o jsonpath={.spec.config}`], risk: 'safe' as const });
      }
      actions.push(REMOVE_ANNOTATION);
      drafts.push({ key: label, scope: nodes.length ? { kind: 'nodes', names: nodes } : { kind: 'pods', names: pods }, nodes, summary: `${parts.join(' ')} These pods stay in ContainerCreating until every network they ask for can be added.`, evidence, actions });
    }

    // NetworkAttachmentDefinitions Multus cannot use: any pod that asks for them will fail.
    const failing = new Set([...failures.values()].map((f) => f.network));
    const broken = nads.filter((n) => n.configError && !failing.has(n.name));
    const binaries = binariesOnNodes(ctx);
    const missing = binaries ? nads.filter((n) => !n.configError && !failing.has(n.name) && n.types.some((t) => !binaries.has(t))) : [];
    if (broken.length || missing.length) {
      const lines = [...broken.map((n) => `${n.namespace}/${n.name}: ${n.configError}`), ...missing.map((n) => `${n.namespace}/${n.name}: plugin ${n.types.filter((t) => !binaries!.has(t)).join(', ')} is in no node's CNI bin directory`)];
      drafts.push({
        key: 'network-attachment-definitions',
        title: 'NetworkAttachmentDefinitions that Multus cannot use',
        // No pod failed on them: they explain nothing that is failing now.
        explains: [],
        severity: 'medium',
        urgency: 'hours',
        scope: { kind: 'namespaces', names: [...new Set([...broken, ...missing].map((n) => n.namespace))].sort() },
        summary: `${lines.length} NetworkAttachmentDefinition(s) cannot work: ${listNames(lines, 4)}. No pod in the bundle failed on them yet; the first that asks for one will stay in ContainerCreating.`,
        evidence: [...broken, ...missing].slice(0, 4).map((n: NetworkAttachment) => facts.evidence.line(n.file, n.line, undefined, `NetworkAttachmentDefinition ${n.namespace}/${n.name}`)),
        actions: [{ title: 'Fix spec.config of these NetworkAttachmentDefinitions, or install the plugin they delegate to', commands: [...[...broken, ...missing].slice(0, 3).map((n) => `kubectl -n ${n.namespace} get network-attachment-definition ${n.name} -o jsonpath={.spec.config}`)], risk: 'safe' }],
      });
    }
    return drafts;
  },
});

/** Plugin binaries present on at least one node with a readable bin listing, or undefined when none was collected. */
function binariesOnNodes(ctx: RuleContext): Set<string> | undefined {
  let seen = false;
  const names = new Set<string>();
  for (const nd of ctx.data.nodeData.values()) {
    if (!nd.lsCniBin || !isRecognised(nd.lsCniBin)) continue;
    seen = true;
    for (const e of nd.lsCniBin.result.entries) names.add(e.name);
  }
  return seen ? names : undefined;
}
