// pod-cidr-overlap: podCIDRs that overlap, or nodes without one. Firing and quiet cases (test/helpers/rule-tester.ts).
import { testRule } from '../helpers/rule-tester.js';

testRule('pod-cidr-overlap', {
  fires: [
    { name: "worker-3 without a podCIDR, CIDRNotAvailable", bundle: { scenario: 'flannel-broken' }, severity: 'critical', summary: [/worker-3 has no podCIDR/, /CIDRNotAvailable/], cites: ["cluster/nodes.json:373", "cluster/events.json:261"] },
  ],
  quiet: [
    { name: 'a healthy Calico cluster', bundle: { scenario: 'healthy-calico' } },
    { name: 'Calico with BGP down (another failure)', bundle: { scenario: 'calico-bgp-down' } },
  ],
});
