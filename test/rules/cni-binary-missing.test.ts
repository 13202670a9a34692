// cni-binary-missing: CNI plugin binaries a config needs that are not on the node. Firing and quiet cases (test/helpers/rule-tester.ts).
import { expect } from 'vitest';
import { list, node } from '../helpers/fixtures/k8s.js';
import { binListing, lsLa } from '../helpers/fixtures/node-files.js';
import { scenarioFiles } from '../helpers/bundles.js';
import { testRule } from '../helpers/rule-tester.js';

// k3s's bin dir as the debug pod listed it (the manifest records the path), without bandwidth.
const K3S_WITHOUT_BANDWIDTH = binListing(['bridge', 'cni', 'containerd', 'firewall', 'flannel', 'host-local', 'k3s', 'loopback', 'portmap', 'runc']);

const flannel = JSON.stringify({ name: 'cbr0', cniVersion: '0.3.1', plugins: [{ type: 'flannel', delegate: { isDefaultGateway: true } }, { type: 'portmap' }] });

testRule('cni-binary-missing', {
  fires: [
    { name: "portmap absent from /opt/cni/bin on worker-2", bundle: { scenario: 'calico-missing-portmap' }, severity: 'critical', nodes: ["worker-2"], summary: [/"portmap" CNI plugin binary on worker-2: absent from \/opt\/cni\/bin/], cites: ["nodes/worker-2/etc-cni-net.d/10-calico.conflist:23", "nodes/worker-2/ls-opt-cni-bin.txt"] },
    {
      name: 'the delegates flannel needs (bridge, host-local) absent',
      bundle: { files: { 'cluster/nodes.json': list([node({ name: 'n1', ip: '10.0.0.1' })]), 'nodes/n1/etc-cni-net.d/10-flannel.conflist': flannel, 'nodes/n1/ls-opt-cni-bin.txt': binListing(['flannel', 'portmap', 'loopback']) } },
      findings: 2,
      check: (findings) => expect(findings.map((f) => f.id)).toEqual(['cni-binary-missing:bridge', 'cni-binary-missing:host-local']),
    },
    {
      name: "Azure CNI v1's own IPAM binary (azure-vnet-ipam) absent",
      bundle: { files: { 'cluster/nodes.json': list([node({ name: 'n1', ip: '10.0.0.1' })]), 'nodes/n1/etc-cni-net.d/10-azure.conflist': JSON.stringify({ cniVersion: '0.3.0', name: 'azure', plugins: [{ type: 'azure-vnet', mode: 'transparent', ipam: { type: 'azure-vnet-ipam' } }, { type: 'portmap' }] }), 'nodes/n1/ls-opt-cni-bin.txt': binListing(['azure-vnet', 'portmap', 'loopback']) } },
      findings: 1,
      summary: [/"azure-vnet-ipam" CNI plugin binary on n1: absent from \/opt\/cni\/bin/],
    },
    {
      name: "k3s: its own bin dir (read from the manifest's argv) lacks bandwidth, which its flannel config chains",
      bundle: { files: scenarioFiles('healthy-k3s', { 'nodes/worker-1/ls-opt-cni-bin.txt': K3S_WITHOUT_BANDWIDTH }) },
      nodes: ['worker-1'],
      summary: [/"bandwidth" CNI plugin binary on worker-1: absent from \/var\/lib\/rancher\/k3s\/data\/current\/bin/],
      cites: ['nodes/worker-1/etc-cni-net.d/10-flannel.conflist', 'nodes/worker-1/ls-opt-cni-bin.txt'],
    },
    { name: 'a binary present without execute permission', bundle: { files: { 'nodes/n1/etc-cni-net.d/10-flannel.conflist': flannel, 'nodes/n1/ls-opt-cni-bin.txt': binListing(['flannel', 'portmap', 'bridge', 'host-local'], { notExecutable: ['portmap'] }) } }, summary: [/present but not executable \(-rw-r--r--\)/] },
  ],
  quiet: [
    { name: 'a healthy Calico cluster', bundle: { scenario: 'healthy-calico' } },
    { name: 'a broken Cilium cluster (another failure)', bundle: { scenario: 'cilium-broken' } },
    { name: "a healthy k3s cluster, read from k3s's own directories", bundle: { scenario: 'healthy-k3s' } },
    // k3s keeps its plugins in its own bin_dir, not /opt/cni/bin.
    // CRI-O on RHCOS runs OpenShift's plugins from /var/lib/cni/bin and /usr/libexec/cni.
    { name: 'OpenShift nodes without /opt/cni/bin', bundle: { scenario: 'healthy-openshift-sdn' } },
    // azure-vnet asks azure-cns for addresses over HTTP: ipam type azure-cns has no binary.
    { name: 'Azure CNI with IPAM azure-cns (served inside azure-vnet)', bundle: { scenario: 'healthy-azure-cni' } },
    { name: 'a k3s node with an empty /opt/cni/bin', bundle: { files: { 'cluster/nodes.json': list([node({ name: 'n1', ip: '10.0.0.1', runtime: 'containerd://1.7.22-k3s1', kubelet: 'v1.30.6+k3s1' })]), 'nodes/n1/etc-cni-net.d/10-flannel.conflist': flannel, 'nodes/n1/ls-opt-cni-bin.txt': lsLa([]) } } },
  ],
});
