// cni-agent-memory: CNI agent containers without a memory limit, or near it. Firing and quiet cases (test/helpers/rule-tester.ts).
import { testRule } from '../helpers/rule-tester.js';

testRule('cni-agent-memory', {
  fires: [
    { name: "aws-node containers with no memory limit", bundle: { scenario: 'aws-ip-exhaustion' }, severity: 'medium', summary: [/2 agent container\(s\) have no memory limit: kube-system\/aws-node container aws-node/], cites: ["cluster/daemonsets.json:80"] },
  ],
  quiet: [
    { name: 'a healthy Flannel cluster', bundle: { scenario: 'healthy-flannel' } },
    { name: 'a healthy Cilium cluster', bundle: { scenario: 'healthy-cilium' } },
    // The real must-gather: OpenShift's multus and sdn DaemonSets set requests and, by the platform's convention, no limits.
    { name: 'OpenShift platform agents (openshift-multus, openshift-sdn) without limits', bundle: { scenario: 'foreign-must-gather-ocp' } },
  ],
});
