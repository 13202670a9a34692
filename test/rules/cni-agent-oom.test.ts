// cni-agent-oom: CNI agent containers OOMKilled. Firing and quiet cases (test/helpers/rule-tester.ts).
import { testRule } from '../helpers/rule-tester.js';

testRule('cni-agent-oom', {
  fires: [
    { name: "cilium-agent OOMKilled", bundle: { scenario: 'cilium-broken' }, severity: 'high', summary: [/OOMKilled \(kube-system\/cilium-m4ntz\/cilium-agent\)/], cites: ["cluster/pods.json:1880"] },
  ],
  quiet: [
    { name: 'a healthy Cilium cluster', bundle: { scenario: 'healthy-cilium' } },
    { name: 'Calico with BGP down (another failure)', bundle: { scenario: 'calico-bgp-down' } },
  ],
});
