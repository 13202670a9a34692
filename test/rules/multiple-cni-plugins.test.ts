// multiple-cni-plugins: configs or agents of more than one CNI. Firing and quiet cases (test/helpers/rule-tester.ts).
import { daemonSet, list } from '../helpers/fixtures/k8s.js';
import { testRule } from '../helpers/rule-tester.js';

const awsDs = daemonSet({ namespace: 'kube-system', name: 'aws-node', selector: { 'k8s-app': 'aws-node' }, containers: [{ name: 'aws-node', image: '602401143452.dkr.ecr.us-west-2.amazonaws.com/amazon-k8s-cni:v1.18.5' }], desired: 1, ready: 1 });
const calicoBeside = (backend: string) => ({ 'cluster/daemonsets.json': list([awsDs, daemonSet({ namespace: 'kube-system', name: 'calico-node', selector: { 'k8s-app': 'calico-node' }, containers: [{ name: 'calico-node', image: 'docker.io/calico/node:v3.28.1', env: { CALICO_NETWORKING_BACKEND: backend } }], desired: 1, ready: 1 })]), 'cluster/pods.json': list([]) });

testRule('multiple-cni-plugins', {
  fires: [
    { name: "an AWS and a Calico config on worker-1", bundle: { scenario: 'config-chaos' }, severity: 'high', nodes: ["worker-1"], summary: [/worker-1: aws-vpc-cni \+ calico/], cites: ["nodes/worker-1/etc-cni-net.d/10-aws.conflist", "nodes/worker-1/etc-cni-net.d/10-calico.conflist"] },
    { name: 'Calico networking beside aws-node', bundle: { files: calicoBeside('bird') }, summary: [/2 CNI agents are deployed/], cites: ['cluster/daemonsets.json'] },
  ],
  quiet: [
    { name: 'a healthy Calico cluster', bundle: { scenario: 'healthy-calico' } },
    { name: 'Calico with BGP down (another failure)', bundle: { scenario: 'calico-bgp-down' } },
    // EKS runs Calico for policy only (CALICO_NETWORKING_BACKEND=none) beside aws-node.
    { name: 'Calico in policy-only mode beside aws-node', bundle: { files: calicoBeside('none') } },
  ],
});
