// cni-config-invalid: a CNI config that is not valid JSON. Firing and quiet cases (test/helpers/rule-tester.ts).
import { testRule } from '../helpers/rule-tester.js';

testRule('cni-config-invalid', {
  fires: [
    { name: "a config starting with a UTF-8 byte-order mark", bundle: { scenario: 'config-chaos' }, severity: 'critical', summary: [/00-custom\.conflist starts with a UTF-8 byte-order mark/, /line 1, column 1/], cites: ["nodes/worker-2/etc-cni-net.d/00-custom.conflist:1"] },
  ],
  quiet: [
    { name: 'a healthy Calico cluster', bundle: { scenario: 'healthy-calico' } },
    { name: 'Calico with BGP down (another failure)', bundle: { scenario: 'calico-bgp-down' } },
  ],
});
