// cilium-k8s-api-unavailable: a Cilium agent that cannot use the Kubernetes API. Firing and quiet cases (test/helpers/rule-tester.ts).
import { testRule } from '../helpers/rule-tester.js';

testRule('cilium-k8s-api-unavailable', {
  fires: [
    { name: "cilium status says Kubernetes: Failure, i/o timeout", bundle: { scenario: 'cilium-broken' }, severity: 'critical', summary: [/worker-1 cannot use the Kubernetes API/, /10\.96\.0\.1:443: i\/o timeout/], cites: ["plugins/cilium/status/worker-1.txt:2", "logs/kube-system/cilium-b7wqp/cilium-agent.log:2"] },
  ],
  quiet: [
    { name: 'a healthy Cilium cluster', bundle: { scenario: 'healthy-cilium' } },
  ],
});
