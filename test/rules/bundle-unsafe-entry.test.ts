// bundle-unsafe-entry: archive entries rejected as unsafe (links, absolute paths). Firing and quiet cases (test/helpers/rule-tester.ts).
import { testRule } from '../helpers/rule-tester.js';

testRule('bundle-unsafe-entry', {
  fires: [
    { name: "a symbolic link to /etc/shadow in the node config directory", bundle: { scenario: 'partial-bundle' }, severity: 'medium', summary: [/99-evil\.conflist/, /symbolic link.*\/etc\/shadow/, /never followed/], cites: ["nodes/cp-1/etc-cni-net.d/99-evil.conflist"] },
  ],
  quiet: [
    { name: 'a healthy Calico cluster', bundle: { scenario: 'healthy-calico' } },
    { name: 'Calico with BGP down (another failure)', bundle: { scenario: 'calico-bgp-down' } },
  ],
});
