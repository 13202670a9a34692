// flannel-lease-failure: flanneld failing to acquire a subnet lease. Firing and quiet cases (test/helpers/rule-tester.ts).
import { testRule } from '../helpers/rule-tester.js';

testRule('flannel-lease-failure', {
  fires: [
    { name: "worker-3 has no pod CIDR for its lease", bundle: { scenario: 'flannel-broken' }, severity: 'critical', summary: [/flanneld cannot get a subnet lease on worker-3/, /pod cidr not assigned/], cites: ["logs/kube-flannel/kube-flannel-ds-r8fvc/kube-flannel.previous.log:4"] },
  ],
  quiet: [
    { name: 'a healthy Flannel cluster', bundle: { scenario: 'healthy-flannel' } },
  ],
});
