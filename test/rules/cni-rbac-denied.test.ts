// cni-rbac-denied: the API server refusing the CNI (RBAC, expired tokens). Firing and quiet cases (test/helpers/rule-tester.ts).
import { testRule } from '../helpers/rule-tester.js';

testRule('cni-rbac-denied', {
  fires: [
    { name: "Unauthorized sandbox failures and forbidden install-cni log lines", bundle: { scenario: 'config-chaos' }, severity: 'critical', summary: [/The API server refuses the CNI/, /connection is unauthorized: Unauthorized/], cites: ["cluster/events.json:324", "logs/kube-system/calico-node-r8fvc/install-cni.log:2"] },
  ],
  quiet: [
    { name: 'a healthy Calico cluster', bundle: { scenario: 'healthy-calico' } },
    { name: 'Calico with BGP down (another failure)', bundle: { scenario: 'calico-bgp-down' } },
  ],
});
