// cni-sandbox-failures: pods that cannot get a sandbox network. Firing and quiet cases (test/helpers/rule-tester.ts).
import { testRule } from '../helpers/rule-tester.js';

testRule('cni-sandbox-failures', {
  fires: [
    {
      name: 'OpenShift SDN behind Multus: the CNI server socket of sdn is missing (CRI-O wording)',
      bundle: { scenario: 'openshift-sdn-down' },
      nodes: ['ocp-worker-b'],
      summary: [/The "multus" plugin reports "dial unix \/var\/run\/openshift-sdn\/cniserver\/socket: connect: no such file or directory": the openshift-sdn CNI plugin cannot reach the sdn pod/],
    },
    { name: "aws-cni failing to assign IPs on one node", bundle: { scenario: 'aws-ip-exhaustion' }, severity: 'critical', summary: [/3 pod\(s\) could not get a sandbox network \(36 failed attempts\)/, /failed to assign an IP address to container/], cites: ["cluster/events.json:262"] },
    { name: "portmap missing on worker-2", bundle: { scenario: 'calico-missing-portmap' }, summary: [/portmap/] },
  ],
  quiet: [
    { name: 'Calico with BGP down (another failure)', bundle: { scenario: 'calico-bgp-down' } },
    { name: 'a healthy AWS VPC CNI cluster', bundle: { scenario: 'healthy-aws' } },
  ],
});
