// bundle-collection-gap: what the bundle lacks, as its own finding. Firing and quiet cases (test/helpers/rule-tester.ts).
import { testRule } from '../helpers/rule-tester.js';

testRule('bundle-collection-gap', {
  fires: [
    { name: "a command the collector recorded as failed", bundle: { scenario: 'aws-ip-exhaustion' }, severity: 'info', summary: [/collection command\(s\) failed with "exec-failed"/, /cluster\/top-nodes\.txt/], cites: ["manifest.json:648"] },
    { name: "a bundle with files missing", bundle: { scenario: 'partial-bundle' } },
  ],
  quiet: [
    { name: 'Calico with BGP down (another failure)', bundle: { scenario: 'calico-bgp-down' } },
    { name: 'Calico with a missing binary (another failure)', bundle: { scenario: 'calico-missing-portmap' } },
  ],
});
