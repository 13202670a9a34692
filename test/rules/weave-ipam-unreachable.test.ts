// weave-ipam-unreachable: ranges owned by unreachable peers, allocation pending, the range nearly
// used up. Firing and quiet cases (test/helpers/rule-tester.ts) on real outputs.
import { expect } from 'vitest';
import { realWorld } from '../helpers/fixtures/node-files.js';
import { testRule } from '../helpers/rule-tester.js';

const status = (ipam: string) => realWorld('weave-status-2.0.4-one-connection-failed.txt').replace('Status: ready', `Status: ${ipam}`);

testRule('weave-ipam-unreachable', {
  fires: [
    {
      name: 'deleted peers still owning their ranges (weaveworks/weave#3384)',
      bundle: { files: { 'plugins/weave/status-ipam/ip-10-11-53-254.txt': realWorld('weave-status-ipam-unreachable-dead-peers.txt') } },
      severity: 'high',
      summary: [/13 unreachable peer\(s\) still own 582992 addresses/, /weave rmpeer/],
      cites: ['plugins/weave/status-ipam/ip-10-11-53-254.txt:2'],
      check: (findings) => expect(findings[0]!.actions[0]!.commands[0]).toBe('kubectl -n kube-system exec <weave-net-pod> -c weave -- /home/weave/weave --local rmpeer ba:3e:73:6a:13:c7'),
    },
    { name: 'the weave-split scenario: two deleted nodes own half the range', bundle: { scenario: 'weave-split' }, summary: [/2 unreachable peer\(s\) still own 524288 addresses/] },
    { name: 'IPAM waiting for a range from its peers', bundle: { files: { 'plugins/weave/status/n1.txt': status('waiting for IP range grant from peers') } }, nodes: ['n1'], summary: [/Allocation is pending: n1: IPAM waiting for IP range grant from peers/] },
    { name: 'the range above 85 % used', bundle: { files: { 'plugins/weave/status-ipam/n1.txt': 'c2:03:ba:47:32:13(n1)          1024 IPs (100.0% of total) (900 active)\n' } }, summary: [/900 of 1024 addresses \(88 %\) in use/] },
  ],
  quiet: [
    { name: 'a healthy Weave cluster', bundle: { scenario: 'healthy-weave' } },
    { name: 'IPAM ready on a single node', bundle: { files: { 'plugins/weave/status/giza.txt': realWorld('weave-status-healthy-single-node-2.6.4.txt') } } },
    { name: 'a range well below the threshold', bundle: { files: { 'plugins/weave/status-ipam/n1.txt': 'c2:03:ba:47:32:13(n1)          1024 IPs (100.0% of total) (512 active)\n' } } },
  ],
});
