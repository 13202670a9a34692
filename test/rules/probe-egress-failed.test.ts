// probe-egress-failed: the probe pod failing to reach outside the cluster. Firing and quiet cases (test/helpers/rule-tester.ts).
import { testRule } from '../helpers/rule-tester.js';

testRule('probe-egress-failed', {
  fires: [
    { name: "DNS works, registry.k8s.io times out", bundle: { scenario: 'calico-bgp-down' }, severity: 'high', summary: [/resolved in-cluster names but could not reach https:\/\/registry\.k8s\.io/], cites: ["probe/result.json"] },
  ],
  quiet: [
    { name: 'a healthy Calico cluster', bundle: { scenario: 'healthy-calico' } },
    { name: 'a cluster with DNS blocked (another failure)', bundle: { scenario: 'dns-policy' } },
  ],
});
