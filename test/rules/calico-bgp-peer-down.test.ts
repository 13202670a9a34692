// calico-bgp-peer-down: BGP sessions that are not Established. Firing and quiet cases (test/helpers/rule-tester.ts).
import { testRule } from '../helpers/rule-tester.js';

testRule('calico-bgp-peer-down', {
  fires: [
    { name: "TCP 179 to worker-1 refused", bundle: { scenario: 'calico-bgp-down' }, severity: 'critical', summary: [/4 BGP session\(s\) are not Established/, /cp-1 → 10\.0\.0\.11 \(worker-1\) Connect "Socket: Connection refused"/], cites: ["plugins/calico/node-status/cp-1.txt:7", "plugins/calico/node-status/worker-1.txt:7"] },
  ],
  quiet: [
    { name: 'a healthy Calico cluster', bundle: { scenario: 'healthy-calico' } },
    { name: 'Calico with a missing binary (another failure)', bundle: { scenario: 'calico-missing-portmap' } },
  ],
});
