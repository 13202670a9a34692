// cni-config-conflict: a config of another plugin that wins by file name. Firing and quiet cases (test/helpers/rule-tester.ts).
import { testRule } from '../helpers/rule-tester.js';

const calico = JSON.stringify({ cniVersion: '0.3.1', name: 'k8s-pod-network', plugins: [{ type: 'calico' }, { type: 'portmap' }] });
const multus = JSON.stringify({ cniVersion: '0.3.1', name: 'multus-cni-network', type: 'multus', kubeconfig: '/etc/cni/net.d/multus.d/multus.kubeconfig', delegates: [JSON.parse(calico)] });

testRule('cni-config-conflict', {
  fires: [
    { name: "10-aws.conflist shadows 10-calico.conflist on worker-1", bundle: { scenario: 'config-chaos' }, severity: 'high', summary: [/On worker-1: 10-aws\.conflist is used \(first by name\); 10-calico\.conflist is shadowed/], cites: ["nodes/worker-1/ls-etc-cni-net.d.txt:4"] },
    { name: 'a .conf beside the .conflist of the same plugin', bundle: { files: { 'nodes/n1/etc-cni-net.d/10-calico.conf': calico, 'nodes/n1/etc-cni-net.d/10-calico.conflist': calico } }, severity: 'medium', summary: [/^On n1: 10-calico\.conf is used \(first by name\); 10-calico\.conflist is shadowed\.$/] },
  ],
  quiet: [
    { name: 'a healthy Calico cluster', bundle: { scenario: 'healthy-calico' } },
    { name: 'Calico with BGP down (another failure)', bundle: { scenario: 'calico-bgp-down' } },
    { name: 'Multus sorting first on purpose', bundle: { files: { 'nodes/n1/etc-cni-net.d/00-multus.conf': multus, 'nodes/n1/etc-cni-net.d/10-calico.conflist': calico } } },
  ],
});
