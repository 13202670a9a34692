// ip-pool-exhaustion: IP allocation failing for want of addresses. Firing and quiet cases (test/helpers/rule-tester.ts).
import { expect } from 'vitest';
import { event, list } from '../helpers/fixtures/k8s.js';
import { realWorld, scenarioFiles } from '../helpers/bundles.js';
import { testRule } from '../helpers/rule-tester.js';

/** A scenario's bundle with sandbox failures added to its events. */
function withSandboxFailures(scenario: string, ...added: { pod: string; host: string; message: string }[]): Record<string, string | Buffer> {
  const events = JSON.parse(scenarioFiles(scenario)['cluster/events.json']!.toString()) as { items: unknown[] };
  const extra = added.map((a) => event({ namespace: a.pod.split('/')[0]!, object: { kind: 'Pod', name: a.pod.split('/')[1]! }, reason: 'FailedCreatePodSandBox', type: 'Warning', host: a.host, count: 9, message: a.message }));
  return scenarioFiles(scenario, { 'cluster/events.json': list([...events.items, ...extra]) });
}

/** healthy-ovn-kubernetes with some nodes' k8s.ovn.org/node-subnets annotation replaced. */
function withOvnSubnets(byNode: Record<string, string>): Record<string, string | Buffer> {
  const nodes = JSON.parse(scenarioFiles('healthy-ovn-kubernetes')['cluster/nodes.json']!.toString()) as { items: { metadata: { name: string; annotations: Record<string, string> } }[] };
  for (const n of nodes.items) if (byNode[n.metadata.name] !== undefined) n.metadata.annotations['k8s.ovn.org/node-subnets'] = byNode[n.metadata.name]!;
  // One more pod on worker-1 (a copy of one there): 4 of a /29's 4 usable addresses.
  const pods = JSON.parse(scenarioFiles('healthy-ovn-kubernetes')['cluster/pods.json']!.toString()) as { items: { metadata: { name: string; uid?: string }; spec: { nodeName?: string; hostNetwork?: boolean } }[] };
  const model = pods.items.find((p) => p.spec.nodeName === 'worker-1' && !p.spec.hostNetwork)!;
  const extra = JSON.parse(JSON.stringify(model)) as typeof model;
  extra.metadata.name = `${model.metadata.name}-extra`;
  extra.metadata.uid = '0d5c7c1e-6f1a-4a8e-9b1e-3c2f4e5a6b7c';
  return scenarioFiles('healthy-ovn-kubernetes', { 'cluster/nodes.json': list(nodes.items), 'cluster/pods.json': list([...pods.items, extra]) });
}

const actionText = (f: { actions: { title: string; commands: string[] }[] }) => f.actions.flatMap((a) => [a.title, ...a.commands]).join('\n');
// The event of aks-engine#4263 (azure-vnet-ipam, Azure CNI v1 with its own IPAM), verbatim after its source line.
const azureV1Event = realWorld('events-azure-cni-no-available-address-pools-dualstack.txt').trim();
const whereaboutsMessage = 'Failed to create pod sandbox: rpc error: code = Unknown desc = failed to setup network for sandbox "5c2e": plugin type="multus" name="multus-cni-network" failed (add): [telco/upf-1/2b7d9e1c-4a3f-4c8e-9d2b-6f1a0e3c5b71:macvlan-conf]: error adding container to network "macvlan-conf": Error at storage engine: Could not allocate IP in range: ip: 10.10.0.1 / - 10.10.0.6 / range: net.IPNet{IP:net.IP{0xa, 0xa, 0x0, 0x0}, Mask:net.IPMask{0xff, 0xff, 0xff, 0xf8}}';

testRule('ip-pool-exhaustion', {
  fires: [
    { name: "36 failed allocations on one AWS node", bundle: { scenario: 'aws-ip-exhaustion' }, severity: 'critical', summary: [/IP allocation failed 36 time\(s\) on ip-10-0-2-45\.us-west-2\.compute\.internal/], cites: ["cluster/events.json:262"] },
    {
      name: 'Azure CNI through CNS: the node was given no more addresses (the AKS guide\'s wording)',
      bundle: { scenario: 'azure-ip-exhaustion' },
      severity: 'critical',
      nodes: ['aks-nodepool1-31415926-vmss000001'],
      summary: [/"not enough IPs available for [0-9a-f-]+, waiting on Azure CNS to allocate more" — Azure CNI has no free address/],
      check: (findings) => {
        // Azure's own steps: what the node was given, then a larger subnet; never AWS's prefix delegation.
        expect(findings[0]!.actions[0]!.commands[0]).toBe('kubectl get nodenetworkconfigs -n kube-system -o wide');
        expect(findings[0]!.actions.at(-1)!.risk).toBe('downtime');
        expect(actionText(findings[0]!)).not.toMatch(/ENABLE_PREFIX_DELEGATION/);
      },
    },
    {
      name: 'Azure CNI v1 with azure-vnet-ipam: "No available address pools" (aks-engine#4263)',
      bundle: { files: withSandboxFailures('healthy-azure-cni', { pod: 'default/nginx-deployment-5f8bd9f69b-zbvfj', host: 'aks-nodepool1-31415926-vmss000002', message: azureV1Event }) },
      severity: 'critical',
      nodes: ['aks-nodepool1-31415926-vmss000002'],
      summary: [/"No available address pools" — Azure CNI has no free address/],
      check: (findings) => expect(actionText(findings[0]!)).toMatch(/az aks nodepool add/),
    },
    {
      name: 'whereabouts behind Multus: the range of the NetworkAttachmentDefinition is used up',
      bundle: { files: withSandboxFailures('healthy-multus', { pod: 'telco/upf-1', host: 'worker-1', message: whereaboutsMessage }) },
      severity: 'critical',
      nodes: ['worker-1'],
      summary: [/"Could not allocate IP in range" — whereabouts IPAM has no free address left/],
      check: (findings) => expect(findings[0]!.actions[0]!.commands).toContain('kubectl get ippools.whereabouts.cni.cncf.io -A -o yaml'),
    },
    {
      name: "OVN-Kubernetes: a node's own subnet (k8s.ovn.org/node-subnets, the older single-string form) nearly full",
      bundle: { files: withOvnSubnets({ 'worker-1': JSON.stringify({ default: '10.244.1.0/29' }) }) },
      severity: 'high',
      nodes: ['worker-1'],
      summary: [/worker-1 \d+ pods in OVN subnet 10\.244\.1\.0\/29 \(4 usable, \d+ %\)/],
      check: (findings, report) => {
        const f = findings.find((x) => x.id.endsWith('utilization'))!;
        // The evidence is the annotation's line in nodes.json, not the node's first line.
        expect(f.evidence[0]!.file).toBe('cluster/nodes.json');
        expect(f.evidence[0]!.excerpt).toContain('k8s.ovn.org/node-subnets');
        expect(f.evidence[0]!.excerpt).toContain('10.244.1.0/29');
        // The IP-space figures are OVN's subnets (the dual-stack list form on the other nodes), less
        // network, broadcast, the gateway (.1) and the management port (.2); never the podCIDRs.
        const rows = report.bundle.ipUsage.map((u) => `${u.source} ${u.node} ${u.name} ${u.total}`);
        expect(rows).toEqual(['ovn-kubernetes cp-1 10.244.0.0/24 252', 'ovn-kubernetes worker-1 10.244.1.0/29 4', 'ovn-kubernetes worker-2 10.244.2.0/24 252']);
        expect(report.triage.matrix.find((r) => r.symptom === 'ip-space')!.verdict).toBe('at-risk');
      },
    },
  ],
  quiet: [
    { name: 'Calico with BGP down (another failure)', bundle: { scenario: 'calico-bgp-down' } },
    { name: 'a broken Cilium cluster (another failure)', bundle: { scenario: 'cilium-broken' } },
    { name: 'a healthy AKS cluster on Azure CNI (no podCIDR on its nodes)', bundle: { scenario: 'healthy-azure-cni' } },
    { name: 'a healthy OVN-Kubernetes cluster, its /24 node subnets mostly free', bundle: { scenario: 'healthy-ovn-kubernetes' } },
    {
      name: 'OVN-Kubernetes with a node-subnets annotation that is not JSON, or names no default network (not read, no failure)',
      bundle: { files: withOvnSubnets({ 'worker-1': '{"default": ["10.244.1.0/29"', 'worker-2': JSON.stringify({ nw1: ['10.244.2.0/29'] }) }) },
    },
  ],
});
