// aws-eni-ip-limit: AWS nodes out of secondary IPs, with prefix delegation off. Firing and quiet cases (test/helpers/rule-tester.ts).
import { testRule } from '../helpers/rule-tester.js';

testRule('aws-eni-ip-limit', {
  fires: [
    { name: "ipamd reports the subnet exhausted", bundle: { scenario: 'aws-ip-exhaustion' }, severity: 'high', summary: [/InsufficientFreeAddressesInSubnet/, /ENABLE_PREFIX_DELEGATION is off/], cites: ["logs/kube-system/aws-node-b7wqp/aws-node.log:7"] },
  ],
  quiet: [
    { name: 'a healthy AWS VPC CNI cluster', bundle: { scenario: 'healthy-aws' } },
    { name: 'a cluster with broken configs (another failure)', bundle: { scenario: 'config-chaos' } },
  ],
});
