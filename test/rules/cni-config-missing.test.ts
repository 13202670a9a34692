// cni-config-missing: nodes without a usable CNI config. Firing and quiet cases (test/helpers/rule-tester.ts).
import { testRule } from '../helpers/rule-tester.js';

testRule('cni-config-missing', {
  fires: [
    { name: "worker-2 and worker-3 report the network plugin not initialized", bundle: { scenario: 'config-chaos' }, severity: 'critical', nodes: ["worker-2", "worker-3"], summary: [/2 of 6 nodes have no usable CNI config \(worker-2, worker-3\)/], cites: ["cluster/nodes.json:322", "nodes/worker-3/ls-etc-cni-net.d.txt:1"] },
  ],
  quiet: [
    { name: 'a healthy Calico cluster', bundle: { scenario: 'healthy-calico' } },
    { name: 'Calico with BGP down (another failure)', bundle: { scenario: 'calico-bgp-down' } },
  ],
});
