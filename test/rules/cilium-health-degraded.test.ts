// cilium-health-degraded: Cilium health and controllers failing. Firing and quiet cases (test/helpers/rule-tester.ts).
import { testRule } from '../helpers/rule-tester.js';

testRule('cilium-health-degraded', {
  fires: [
    { name: "worker-1 reaches 1 of 3 nodes, a failing controller", bundle: { scenario: 'cilium-broken' }, severity: 'high', summary: [/worker-1: 1\/3 nodes reachable \(unreachable: cp-1, worker-2\)/, /controllers healthy/], cites: ["plugins/cilium/status/worker-1.txt:115"] },
  ],
  quiet: [
    { name: 'a healthy Cilium cluster', bundle: { scenario: 'healthy-cilium' } },
  ],
});
