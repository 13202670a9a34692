// calico-bgp-as-mismatch: BGP peers that disagree on AS numbers. Firing and quiet cases (test/helpers/rule-tester.ts).
import { testRule } from '../helpers/rule-tester.js';

testRule('calico-bgp-as-mismatch', {
  fires: [
    { name: "a BGPPeer expecting AS 65001 at a node on 64512, and BIRD saying Bad peer AS", bundle: { scenario: 'calico-misconfig' }, severity: 'high', summary: [/Bad peer AS/, /BGPPeer peer-to-cp-1 expects AS 65001 at 10\.0\.0\.10, but node cp-1 uses AS 64512/], cites: ["plugins/calico/node-status/worker-2.txt:7", "cluster/custom/bgppeers.crd.projectcalico.org.json:4"] },
  ],
  quiet: [
    { name: 'Calico with BGP down (another failure)', bundle: { scenario: 'calico-bgp-down' } },
    { name: 'a healthy Calico cluster', bundle: { scenario: 'healthy-calico' } },
  ],
});
