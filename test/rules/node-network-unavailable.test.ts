// node-network-unavailable: nodes with NetworkUnavailable=True. Firing and quiet cases (test/helpers/rule-tester.ts).
import { testRule } from '../helpers/rule-tester.js';

testRule('node-network-unavailable', {
  fires: [
    { name: "worker-2 NoRouteCreated", bundle: { scenario: 'dns-policy' }, severity: 'critical', nodes: ["worker-2"], summary: [/NetworkUnavailable=True \(worker-2\), reason NoRouteCreated/], cites: ["cluster/nodes.json:293"] },
  ],
  quiet: [
    { name: 'a healthy Calico cluster', bundle: { scenario: 'healthy-calico' } },
    { name: 'Calico with BGP down (another failure)', bundle: { scenario: 'calico-bgp-down' } },
  ],
});
