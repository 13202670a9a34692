// coredns-unhealthy: CoreDNS not ready or failing. Firing and quiet cases (test/helpers/rule-tester.ts).
import { expect } from 'vitest';
import { deployment, list, pod } from '../helpers/fixtures/k8s.js';
import { testRule } from '../helpers/rule-tester.js';

/** One CoreDNS pod, ready or not, whose log shows it still waiting for the API at startup. */
const dns = (ready: boolean) => ({
  'cluster/deployments.json': list([deployment({ namespace: 'kube-system', name: 'coredns', selector: { 'k8s-app': 'kube-dns' }, containers: [{ name: 'coredns', image: 'coredns:1.11.3' }], desired: 1, ready: ready ? 1 : 0 })]),
  'cluster/pods.json': list([pod({ namespace: 'kube-system', name: 'coredns-7db6d8ff4d-4jxkq', node: 'n1', ip: '10.244.0.2', labels: { 'k8s-app': 'kube-dns' }, owner: { kind: 'ReplicaSet', name: 'coredns-7db6d8ff4d' }, containers: [{ name: 'coredns', image: 'coredns:1.11.3', ready }] })]),
  'logs/kube-system/coredns-7db6d8ff4d-4jxkq/coredns.log': '.:53\n[INFO] plugin/ready: Still waiting on: "kubernetes"\nCoreDNS-1.11.3\n',
});

testRule('coredns-unhealthy', {
  fires: [
    { name: "one of two CoreDNS pods not ready, no upstream answers", bundle: { scenario: 'dns-policy' }, severity: 'critical', summary: [/deployment kube-system\/coredns has 1\/2 available/, /coredns-7db6d8ff4d-vn9wz/], cites: ["cluster/deployments.json:65", "logs/kube-system/coredns-7db6d8ff4d-vn9wz/coredns.log:5"] },
    { name: 'startup log lines of a ready CoreDNS, at medium', bundle: { files: dns(true) }, severity: 'medium', check: (findings) => expect(findings[0]!.title).toBe('CoreDNS is ready but logs errors') },
    { name: 'an unready CoreDNS that cannot reach the API, as critical', bundle: { files: dns(false) }, severity: 'critical', summary: [/0\/1 available/] },
  ],
  quiet: [
    { name: 'a healthy Calico cluster', bundle: { scenario: 'healthy-calico' } },
    { name: 'Calico with BGP down (another failure)', bundle: { scenario: 'calico-bgp-down' } },
  ],
});
