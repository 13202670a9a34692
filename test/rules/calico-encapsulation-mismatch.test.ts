// calico-encapsulation-mismatch: IP pool encapsulation that the nodes do not have devices for. Firing and quiet cases (test/helpers/rule-tester.ts).
import { expect } from 'vitest';
import { custom, daemonSet, list } from '../helpers/fixtures/k8s.js';
import { testRule } from '../helpers/rule-tester.js';

const calicoOn = { 'cluster/daemonsets.json': list([daemonSet({ namespace: 'kube-system', name: 'calico-node', selector: { 'k8s-app': 'calico-node' }, containers: [{ name: 'calico-node', image: 'docker.io/calico/node:v3.28.1' }], desired: 1, ready: 1 })]) };
const withPools = (items: object[]) => ({ ...calicoOn, 'cluster/custom/ippools.crd.projectcalico.org.json': list(items) });
const pool = (name: string, spec: object) => custom('crd.projectcalico.org/v1', 'IPPool', name, spec);

testRule('calico-encapsulation-mismatch', {
  fires: [
    { name: "pools with IPIP and VXLAN, nodes without vxlan.calico", bundle: { scenario: 'calico-misconfig' }, severity: 'high', summary: [/lack the tunnel device/, /worker-2 \(no vxlan\.calico\)/], cites: ["nodes/cp-1/ip-link.txt"] },
    { name: 'a pool with both IPIP and VXLAN', bundle: { files: withPools([pool('p', { cidr: '192.168.0.0/16', ipipMode: 'Always', vxlanMode: 'CrossSubnet' })]) }, summary: [/IP pool p enables both IPIP and VXLAN, which Calico rejects/] },
    {
      name: 'a readable pool beside one that is not an IPPool: the first judged, the second a read problem with its line',
      bundle: { files: withPools([pool('good', { cidr: '192.168.0.0/16', ipipMode: 'Always', vxlanMode: 'Always' }), { ...pool('broken', {}), spec: 'not an object' }]) },
      summary: [/IP pool good enables both IPIP and VXLAN/],
      check: (_findings, report) => {
        const gap = report.findings.find((f) => f.ruleId === 'bundle-collection-gap' && /IPPool broken/.test(f.summary));
        expect(gap?.summary).toMatch(/cluster\/custom\/ippools\.crd\.projectcalico\.org\.json:\d+ \(IPPool broken is not a readable IPPool: spec: /);
      },
    },
  ],
  quiet: [
    { name: 'Calico with BGP down (another failure)', bundle: { scenario: 'calico-bgp-down' } },
    { name: 'a healthy Calico cluster', bundle: { scenario: 'healthy-calico' } },
    // IPIP carries IPv4 only: an IPv6 pool without it is not a mismatch.
    { name: 'an IPv4 IPIP pool beside an IPv6 pool', bundle: { files: withPools([pool('v4', { cidr: '192.168.0.0/16', ipipMode: 'Always', vxlanMode: 'Never' }), pool('v6', { cidr: 'fd00:10:244::/64', ipipMode: 'Never', vxlanMode: 'Never' })]) } },
  ],
});
