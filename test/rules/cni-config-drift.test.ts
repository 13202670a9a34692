// cni-config-drift: a CNI config that differs between nodes. Firing and quiet cases (test/helpers/rule-tester.ts).
import { testRule } from '../helpers/rule-tester.js';

testRule('cni-config-drift', {
  fires: [
    { name: "three variants of 10-calico.conflist on five nodes", bundle: { scenario: 'config-chaos' }, severity: 'medium', summary: [/10-calico\.conflist differs between nodes \(3 variants on 5 nodes/], cites: ["nodes/worker-5/etc-cni-net.d/10-calico.conflist"] },
  ],
  quiet: [
    { name: 'a healthy Calico cluster', bundle: { scenario: 'healthy-calico' } },
    { name: 'Calico with BGP down (another failure)', bundle: { scenario: 'calico-bgp-down' } },
  ],
});
