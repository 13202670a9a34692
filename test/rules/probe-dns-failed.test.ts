// probe-dns-failed: the probe pod failing to resolve in-cluster names. Firing and quiet cases (test/helpers/rule-tester.ts).
import { testRule } from '../helpers/rule-tester.js';

testRule('probe-dns-failed', {
  fires: [
    { name: "the probe lookup timed out", bundle: { scenario: 'dns-policy' }, severity: 'critical', summary: [/could not resolve kubernetes\.default\.svc\.cluster\.local/, /no servers could be reached/], cites: ["probe/result.json"] },
  ],
  quiet: [
    { name: 'a healthy Calico cluster', bundle: { scenario: 'healthy-calico' } },
    { name: 'Calico with BGP down (another failure)', bundle: { scenario: 'calico-bgp-down' } },
  ],
});
