// node-not-ready: NotReady nodes, network-related first. Firing and quiet cases (test/helpers/rule-tester.ts).
import { testRule } from '../helpers/rule-tester.js';

testRule('node-not-ready', {
  fires: [
    { name: "two nodes NotReady for NetworkPluginNotReady", bundle: { scenario: 'config-chaos' }, severity: 'critical', summary: [/2 of 6 nodes NotReady because the runtime reports the network plugin not ready \(worker-2, worker-3\)/], cites: ["cluster/nodes.json:322", "cluster/nodes.json:434"] },
  ],
  quiet: [
    { name: 'a healthy Calico cluster', bundle: { scenario: 'healthy-calico' } },
    { name: 'Calico with BGP down (another failure)', bundle: { scenario: 'calico-bgp-down' } },
  ],
});
