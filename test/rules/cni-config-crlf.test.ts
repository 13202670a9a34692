// cni-config-crlf: CNI configs with CRLF line endings (legal JSON whitespace: low). Firing and quiet cases (test/helpers/rule-tester.ts).
import { testRule } from '../helpers/rule-tester.js';

testRule('cni-config-crlf', {
  fires: [
    { name: "a conflist with CRLF on worker-1", bundle: { scenario: 'calico-missing-portmap' }, severity: 'low', summary: [/10-calico\.conflist on worker-1 has CRLF line endings/, /JSON treats CR as whitespace/], cites: ["nodes/worker-1/etc-cni-net.d/10-calico.conflist:1"] },
  ],
  quiet: [
    { name: 'a healthy Calico cluster', bundle: { scenario: 'healthy-calico' } },
    { name: 'a broken Cilium cluster (another failure)', bundle: { scenario: 'cilium-broken' } },
  ],
});
