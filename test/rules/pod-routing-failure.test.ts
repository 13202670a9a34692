// pod-routing-failure: "no route to host" between nodes and pods. Firing and quiet cases (test/helpers/rule-tester.ts).
import { testRule } from '../helpers/rule-tester.js';

testRule('pod-routing-failure', {
  fires: [
    { name: "no route to host in an event", bundle: { scenario: 'calico-bgp-down' }, severity: 'high', summary: [/"no route to host" appears in 1 event\(s\)/], cites: ["cluster/events.json:293"] },
  ],
  quiet: [
    { name: 'a healthy Calico cluster', bundle: { scenario: 'healthy-calico' } },
    { name: 'Calico with a missing binary (another failure)', bundle: { scenario: 'calico-missing-portmap' } },
  ],
});
