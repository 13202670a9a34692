// cni-config-conflict: a config of another plugin that wins by file name. Firing and quiet cases (test/helpers/rule-tester.ts).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { testRule } from '../helpers/rule-tester.js';
import { SAMPLES } from '../helpers/bundles.js';
/** The chained EKS scenario (Cilium over aws-cni) with a flannel config left behind on one node. */
function chainWithLeftover(): Record<string, string> {
  const dir = path.join(SAMPLES, 'eks-cilium-chaining');
  const files: Record<string, string> = {};
  for (const f of readdirSync(dir, { recursive: true }) as string[]) if (statSync(path.join(dir, f)).isFile() && f !== 'expected.yaml') files[f] = readFileSync(path.join(dir, f), 'utf8');
  files['nodes/ip-10-0-2-45.us-west-2.compute.internal/etc-cni-net.d/00-flannel.conflist'] = JSON.stringify({ name: 'cbr0', cniVersion: '0.3.1', plugins: [{ type: 'flannel', delegate: { hairpinMode: true, isDefaultGateway: true } }, { type: 'portmap', capabilities: { portMappings: true } }] }, null, 2);
  delete files['nodes/ip-10-0-2-45.us-west-2.compute.internal/ls-etc-cni-net.d.txt'];
  return files;
}


const calico = JSON.stringify({ cniVersion: '0.3.1', name: 'k8s-pod-network', plugins: [{ type: 'calico' }, { type: 'portmap' }] });
const multus = JSON.stringify({ cniVersion: '0.3.1', name: 'multus-cni-network', type: 'multus', kubeconfig: '/etc/cni/net.d/multus.d/multus.kubeconfig', delegates: [JSON.parse(calico)] });

testRule('cni-config-conflict', {
  fires: [
    { name: 'a flannel config that sorts before the Cilium-over-aws-cni chain', bundle: { files: chainWithLeftover() }, severity: 'high', nodes: ['ip-10-0-2-45.us-west-2.compute.internal'], summary: [/00-flannel\.conflist is used \(first by name\)/] },
    { name: "10-aws.conflist shadows 10-calico.conflist on worker-1", bundle: { scenario: 'config-chaos' }, severity: 'high', summary: [/On worker-1: 10-aws\.conflist is used \(first by name\); 10-calico\.conflist is shadowed/], cites: ["nodes/worker-1/ls-etc-cni-net.d.txt:4"] },
    { name: 'a .conf beside the .conflist of the same plugin', bundle: { files: { 'nodes/n1/etc-cni-net.d/10-calico.conf': calico, 'nodes/n1/etc-cni-net.d/10-calico.conflist': calico } }, severity: 'medium', summary: [/^On n1: 10-calico\.conf is used \(first by name\); 10-calico\.conflist is shadowed\.$/] },
  ],
  quiet: [
    // The chain wins over its base's own config by design (cni-chaining-mode: aws-cni).
    { name: 'Cilium chained onto the AWS VPC CNI, 10-aws.conflist shadowed', bundle: { scenario: 'eks-cilium-chaining' } },
    { name: 'a healthy Calico cluster', bundle: { scenario: 'healthy-calico' } },
    { name: 'Calico with BGP down (another failure)', bundle: { scenario: 'calico-bgp-down' } },
    { name: 'Multus sorting first on purpose', bundle: { files: { 'nodes/n1/etc-cni-net.d/00-multus.conf': multus, 'nodes/n1/etc-cni-net.d/10-calico.conflist': calico } } },
  ],
});
