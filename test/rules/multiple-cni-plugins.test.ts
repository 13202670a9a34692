// multiple-cni-plugins: configs or agents of more than one CNI. Firing and quiet cases (test/helpers/rule-tester.ts).
import { daemonSet, list } from '../helpers/fixtures/k8s.js';
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


const awsDs = daemonSet({ namespace: 'kube-system', name: 'aws-node', selector: { 'k8s-app': 'aws-node' }, containers: [{ name: 'aws-node', image: '602401143452.dkr.ecr.us-west-2.amazonaws.com/amazon-k8s-cni:v1.18.5' }], desired: 1, ready: 1 });
const calicoBeside = (backend: string) => ({ 'cluster/daemonsets.json': list([awsDs, daemonSet({ namespace: 'kube-system', name: 'calico-node', selector: { 'k8s-app': 'calico-node' }, containers: [{ name: 'calico-node', image: 'docker.io/calico/node:v3.28.1', env: { CALICO_NETWORKING_BACKEND: backend } }], desired: 1, ready: 1 })]), 'cluster/pods.json': list([]) });

testRule('multiple-cni-plugins', {
  fires: [
    { name: "an AWS and a Calico config on worker-1", bundle: { scenario: 'config-chaos' }, severity: 'high', nodes: ["worker-1"], summary: [/worker-1: aws-vpc-cni \+ calico/], cites: ["nodes/worker-1/etc-cni-net.d/10-aws.conflist", "nodes/worker-1/etc-cni-net.d/10-calico.conflist"] },
    { name: 'Calico networking beside aws-node', bundle: { files: calicoBeside('bird') }, summary: [/2 CNI agents are deployed/], cites: ['cluster/daemonsets.json'] },
    // A leftover beside a chain is still a leftover: only flannel is named beside the chain.
    { name: 'a flannel config left beside the Cilium-over-aws-cni chain', bundle: { files: chainWithLeftover() }, nodes: ['ip-10-0-2-45.us-west-2.compute.internal'], summary: [/ip-10-0-2-45\.us-west-2\.compute\.internal: cilium \+ flannel\)/] },
  ],
  quiet: [
    { name: 'a healthy Calico cluster', bundle: { scenario: 'healthy-calico' } },
    { name: 'Calico with BGP down (another failure)', bundle: { scenario: 'calico-bgp-down' } },
    // EKS runs Calico for policy only (CALICO_NETWORKING_BACKEND=none) beside aws-node.
    { name: 'Calico in policy-only mode beside aws-node', bundle: { files: calicoBeside('none') } },
    // Cilium chained onto aws-cni: 05-cilium.conflist and aws-node's own 10-aws.conflist are one design.
    { name: 'Cilium chained onto the AWS VPC CNI', bundle: { scenario: 'eks-cilium-chaining' } },
  ],
});
