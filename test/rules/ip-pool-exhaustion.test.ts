// ip-pool-exhaustion: IP allocation failing for want of addresses. Firing and quiet cases (test/helpers/rule-tester.ts).
import { testRule } from '../helpers/rule-tester.js';

testRule('ip-pool-exhaustion', {
  fires: [
    { name: "36 failed allocations on one AWS node", bundle: { scenario: 'aws-ip-exhaustion' }, severity: 'critical', summary: [/IP allocation failed 36 time\(s\) on ip-10-0-2-45\.us-west-2\.compute\.internal/], cites: ["cluster/events.json:262"] },
  ],
  quiet: [
    { name: 'Calico with BGP down (another failure)', bundle: { scenario: 'calico-bgp-down' } },
    { name: 'a broken Cilium cluster (another failure)', bundle: { scenario: 'cilium-broken' } },
  ],
});
