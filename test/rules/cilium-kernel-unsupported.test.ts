// cilium-kernel-unsupported: nodes whose kernel the Cilium version does not support. Firing and quiet cases (test/helpers/rule-tester.ts).
import { testRule } from '../helpers/rule-tester.js';

testRule('cilium-kernel-unsupported', {
  fires: [
    { name: "worker-1 on 4.19 with Cilium 1.16", bundle: { scenario: 'cilium-broken' }, severity: 'high', summary: [/Cilium 1\.16\.3 needs Linux 5\.4/, /worker-1 runs 4\.19\.0-26-amd64/], cites: ["cluster/nodes.json:221"] },
  ],
  quiet: [
    { name: 'a healthy Cilium cluster', bundle: { scenario: 'healthy-cilium' } },
  ],
});
