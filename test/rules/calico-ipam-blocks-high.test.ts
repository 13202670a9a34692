// calico-ipam-blocks-high: Calico IPAM blocks above 80 %. Firing and quiet cases (test/helpers/rule-tester.ts).
import { testRule } from '../helpers/rule-tester.js';

testRule('calico-ipam-blocks-high', {
  fires: [
    { name: "one /26 block 62 of 64 used", bundle: { scenario: 'calico-misconfig' }, severity: 'medium', summary: [/1 of 3 Calico IPAM blocks are above 80 %: 192\.168\.71\.64\/26 62\/64/], cites: ["plugins/calico/ipam-show-blocks.txt:7"] },
  ],
  quiet: [
    { name: 'a healthy Calico cluster', bundle: { scenario: 'healthy-calico' } },
    { name: 'Calico with BGP down (another failure)', bundle: { scenario: 'calico-bgp-down' } },
  ],
});
