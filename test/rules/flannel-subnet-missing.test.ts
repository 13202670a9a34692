// flannel-subnet-missing: flannel's subnet.env missing or unusable. Firing and quiet cases (test/helpers/rule-tester.ts).
import { testRule } from '../helpers/rule-tester.js';

testRule('flannel-subnet-missing', {
  fires: [
    { name: "the flannel plugin cannot open /run/flannel/subnet.env on worker-3", bundle: { scenario: 'flannel-broken' }, severity: 'critical', summary: [/subnet\.env is missing or unusable on worker-3/, /no such file or directory/], cites: ["cluster/events.json:291"] },
  ],
  quiet: [
    { name: 'a healthy Flannel cluster', bundle: { scenario: 'healthy-flannel' } },
  ],
});
