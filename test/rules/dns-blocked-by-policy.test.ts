// dns-blocked-by-policy: NetworkPolicies that leave pods no egress to the cluster DNS. Firing and quiet cases (test/helpers/rule-tester.ts).
import { testRule } from '../helpers/rule-tester.js';

testRule('dns-blocked-by-policy', {
  fires: [
    { name: "three namespaces whose policies block port 53 to kube-system", bundle: { scenario: 'dns-policy' }, severity: 'critical', summary: [/DNS is blocked by NetworkPolicy in billing, payments, shop/, /egress-allow-dns/], cites: ["cluster/networkpolicies.json:139"] },
  ],
  quiet: [
    { name: 'a healthy Calico cluster', bundle: { scenario: 'healthy-calico' } },
    { name: 'Calico with BGP down (another failure)', bundle: { scenario: 'calico-bgp-down' } },
  ],
});
