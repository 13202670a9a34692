// flannel-vxlan-unhealthy: flannel's VXLAN datapath broken. Firing and quiet cases (test/helpers/rule-tester.ts).
import { testRule } from '../helpers/rule-tester.js';

testRule('flannel-vxlan-unhealthy', {
  fires: [
    { name: "flannel.1 with an empty forwarding database on worker-2", bundle: { scenario: 'flannel-broken' }, severity: 'high', summary: [/VXLAN datapath is broken on worker-2 \(flannel\.1 has an empty forwarding database\)/], cites: ["nodes/worker-2/bridge-fdb-flannel.1.txt"] },
  ],
  quiet: [
    { name: 'a healthy Flannel cluster', bundle: { scenario: 'healthy-flannel' } },
  ],
});
