// pod-routing-failure: "no route to host" between nodes and pods, and routing tables without the
// routes of a plugin that routes each node's podCIDR on the host. Firing and quiet cases (test/helpers/rule-tester.ts).
import { expect } from 'vitest';
import { scenarioFiles } from '../helpers/bundles.js';
import { testRule } from '../helpers/rule-tester.js';

/** kind-worker2's routing table without its route to kind-worker's podCIDR (kindnetd never added it). */
function kindWithoutRoute(): Record<string, string | Buffer> {
  const files = scenarioFiles('healthy-kindnet');
  const table = files['nodes/kind-worker2/ip-route.txt']!.toString();
  const without = table.split('\n').filter((l) => !l.startsWith('10.244.1.0/24 ')).join('\n');
  expect(without).not.toBe(table);
  return scenarioFiles('healthy-kindnet', { 'nodes/kind-worker2/ip-route.txt': without });
}

testRule('pod-routing-failure', {
  fires: [
    { name: "no route to host in an event", bundle: { scenario: 'calico-bgp-down' }, severity: 'high', summary: [/"no route to host" appears in 1 event\(s\)/], cites: ["cluster/events.json:293"] },
    {
      name: 'kube-router: the routes worker-2 should have learnt over BGP are missing, and the others lack its own',
      bundle: { scenario: 'kube-router-bgp-down' },
      severity: 'high',
      nodes: ['cp-1', 'worker-1', 'worker-2'],
      summary: [/worker-2 misses 10\.244\.0\.0\/24 \(cp-1\), 10\.244\.1\.0\/24 \(worker-1\)/, /kube-router routes each node's podCIDR on the host/],
      cites: ['nodes/worker-2/ip-route.txt'],
      check: (findings) => expect(findings[0]!.actions[0]!.commands).toContain('kubectl -n kube-system exec <kube-router-pod> -- gobgp neighbor'),
    },
    {
      name: 'kindnet: one node has no route to another node\'s podCIDR',
      bundle: { files: kindWithoutRoute() },
      nodes: ['kind-worker2'],
      summary: [/kind-worker2 misses 10\.244\.1\.0\/24 \(kind-worker\)/, /kindnet routes each node's podCIDR/],
      check: (findings) => {
        expect(findings[0]!.actions[0]!.commands[0]).toMatch(/kubectl -n kube-system logs -l app=kindnet/);
        // The agent to restart is kindnet's own, on that node.
        expect(findings[0]!.actions[1]!.commands).toEqual(['kubectl -n kube-system delete pod -l app=kindnet --field-selector spec.nodeName=kind-worker2']);
      },
    },
  ],
  quiet: [
    { name: 'a healthy Calico cluster', bundle: { scenario: 'healthy-calico' } },
    { name: 'Calico with a missing binary (another failure)', bundle: { scenario: 'calico-missing-portmap' } },
    { name: 'a healthy kind cluster (kindnet routes every other node)', bundle: { scenario: 'healthy-kindnet' } },
    { name: 'a healthy kube-router cluster (routes learnt over BGP)', bundle: { scenario: 'healthy-kube-router' } },
    { name: 'a healthy AKS cluster (Azure CNI: the VNet routes pods, nodes have no podCIDR)', bundle: { scenario: 'healthy-azure-cni' } },
  ],
});
