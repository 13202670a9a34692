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
  ],
  quiet: [
    { name: 'Calico with BGP down (another failure)', bundle: { scenario: 'calico-bgp-down' } },
    { name: 'a broken Cilium cluster (another failure)', bundle: { scenario: 'cilium-broken' } },
    { name: 'a healthy AKS cluster on Azure CNI (no podCIDR on its nodes)', bundle: { scenario: 'healthy-azure-cni' } },
  ],
});
