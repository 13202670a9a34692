// cni-config-unreadable: an empty or unreadable CNI config that sorts first. Firing and quiet cases (test/helpers/rule-tester.ts).
import { testRule } from '../helpers/rule-tester.js';

testRule('cni-config-unreadable', {
  fires: [
    { name: "an empty 09-calico.conflist on worker-4", bundle: { scenario: 'config-chaos' }, severity: 'high', summary: [/09-calico\.conflist on worker-4 is empty \(0 bytes\)/, /unexpected end of JSON input/], cites: ["nodes/worker-4/ls-etc-cni-net.d.txt:4"] },
  ],
  quiet: [
    { name: 'a healthy Calico cluster', bundle: { scenario: 'healthy-calico' } },
    { name: 'Calico with BGP down (another failure)', bundle: { scenario: 'calico-bgp-down' } },
  ],
});
