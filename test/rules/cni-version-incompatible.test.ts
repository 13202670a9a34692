// cni-version-incompatible: a cniVersion the plugin does not support. Firing and quiet cases (test/helpers/rule-tester.ts).
import { testRule } from '../helpers/rule-tester.js';

testRule('cni-version-incompatible', {
  fires: [
    { name: "cniVersion 1.0.0 against a plugin that stops at 0.4.0", bundle: { scenario: 'config-chaos' }, severity: 'high', summary: [/the config says cniVersion "1\.0\.0" but the plugin supports only/], cites: ["cluster/events.json:386"] },
  ],
  quiet: [
    { name: 'a healthy Calico cluster', bundle: { scenario: 'healthy-calico' } },
    { name: 'Calico with BGP down (another failure)', bundle: { scenario: 'calico-bgp-down' } },
  ],
});
