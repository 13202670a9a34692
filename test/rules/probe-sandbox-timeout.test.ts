// probe-sandbox-timeout: the probe pod getting no sandbox in time. Firing and quiet cases (test/helpers/rule-tester.ts).
import { testRule } from '../helpers/rule-tester.js';

testRule('probe-sandbox-timeout', {
  fires: [
    { name: "scheduled, no sandbox within 60 s", bundle: { scenario: 'flannel-broken' }, severity: 'critical', summary: [/got no sandbox within 60 s/], cites: ["probe/result.json"] },
  ],
  quiet: [
    { name: 'a healthy Calico cluster', bundle: { scenario: 'healthy-calico' } },
    { name: 'Calico with BGP down (another failure)', bundle: { scenario: 'calico-bgp-down' } },
  ],
});
