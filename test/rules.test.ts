// Rule-level cases (valid and invalid, as ESLint's RuleTester does): small in-memory bundles through
// the real loader and engine, for behaviour the sample scenarios do not pin down — mostly false
// positives a healthy real cluster would otherwise trigger.
import { describe, expect, it } from 'vitest';
import { analyzeBundle } from '../src/analyze/engine.js';
import { loadBundle } from '../src/analyze/load.js';
import { MemorySource } from '../src/bundle/source.js';
import type { Report } from '../src/model/report.js';
import { binListing, lsLa } from './helpers/fixtures/node-files.js';
import { custom, daemonSet, deployment, list, node, pod } from './helpers/fixtures/k8s.js';

async function report(files: Record<string, string | Buffer>): Promise<Report> {
  const data = await loadBundle(new MemorySource(files));
  return analyzeBundle(data, { toolVersion: 'test', source: 'memory' });
}
const fired = (r: Report, rule: string) => r.findings.filter((f) => f.ruleId === rule);
const status = (r: Report, rule: string) => r.ruleRuns.find((x) => x.ruleId === rule)?.status;
const manifest = (createdAt: string) => JSON.stringify({ format: 'cni-doctor-bundle', formatVersion: 1, createdAt, collector: { name: 'cni-doctor', version: '0.1.0' }, cluster: { context: 't', serverVersion: 'v1.30.4' }, options: {}, redaction: { applied: true, replacements: 0 }, commands: [] });

const calicoDs = (env: Record<string, string> = {}) => daemonSet({ namespace: 'kube-system', name: 'calico-node', selector: { 'k8s-app': 'calico-node' }, containers: [{ name: 'calico-node', image: 'docker.io/calico/node:v3.28.1', env, memoryLimit: '512Mi' }], desired: 1, ready: 1 });
const calicoPod = (restarts: number, finishedAt?: string) => {
  const p = pod({ namespace: 'kube-system', name: 'calico-node-abcde', node: 'n1', hostNetwork: true, ip: '10.0.0.1', owner: { kind: 'DaemonSet', name: 'calico-node' }, labels: { 'k8s-app': 'calico-node' }, containers: [{ name: 'calico-node', image: 'docker.io/calico/node:v3.28.1', restartCount: restarts, lastTerminated: finishedAt ? { reason: 'Error', exitCode: 1 } : undefined }] });
  if (finishedAt) (p.status.containerStatuses![0]!.lastState as { terminated: { finishedAt: string } }).terminated.finishedAt = finishedAt;
  return p;
};

describe('cni-agent-unhealthy', () => {
  it('ignores restarts that ended long before the collection (node reboots over months)', async () => {
    const r = await report({ 'manifest.json': manifest('2026-11-27T10:15:00Z'), 'cluster/daemonsets.json': list([calicoDs()]), 'cluster/pods.json': list([calicoPod(12, '2026-08-01T00:00:00Z')]) });
    expect(status(r, 'cni-agent-unhealthy')).toBe('passed');
  });
  it('reports restarts within a day of the collection', async () => {
    const r = await report({ 'manifest.json': manifest('2026-11-27T10:15:00Z'), 'cluster/daemonsets.json': list([calicoDs()]), 'cluster/pods.json': list([calicoPod(12, '2026-11-27T10:02:00Z')]) });
    expect(fired(r, 'cni-agent-unhealthy')[0]?.summary).toContain('12 restarts, the last at 2026-11-27T10:02:00Z');
  });
});

describe('multiple-cni-plugins', () => {
  const awsDs = daemonSet({ namespace: 'kube-system', name: 'aws-node', selector: { 'k8s-app': 'aws-node' }, containers: [{ name: 'aws-node', image: '602401143452.dkr.ecr.us-west-2.amazonaws.com/amazon-k8s-cni:v1.18.5' }], desired: 1, ready: 1 });
  it('does not count Calico in policy-only mode (EKS) as a second CNI', async () => {
    const r = await report({ 'cluster/daemonsets.json': list([awsDs, calicoDs({ CALICO_NETWORKING_BACKEND: 'none' })]), 'cluster/pods.json': list([]) });
    expect(status(r, 'multiple-cni-plugins')).toBe('passed');
  });
  it('reports Calico networking beside aws-node', async () => {
    const r = await report({ 'cluster/daemonsets.json': list([awsDs, calicoDs({ CALICO_NETWORKING_BACKEND: 'bird' })]), 'cluster/pods.json': list([]) });
    expect(fired(r, 'multiple-cni-plugins')[0]?.summary).toMatch(/2 CNI agents are deployed/);
  });
});

describe('cni-config-conflict', () => {
  const calico = JSON.stringify({ cniVersion: '0.3.1', name: 'k8s-pod-network', plugins: [{ type: 'calico' }, { type: 'portmap' }] });
  it('accepts Multus sorting first on purpose', async () => {
    const multus = JSON.stringify({ cniVersion: '0.3.1', name: 'multus-cni-network', type: 'multus', kubeconfig: '/etc/cni/net.d/multus.d/multus.kubeconfig', delegates: [JSON.parse(calico)] });
    const r = await report({ 'nodes/n1/etc-cni-net.d/00-multus.conf': multus, 'nodes/n1/etc-cni-net.d/10-calico.conflist': calico });
    expect(status(r, 'cni-config-conflict')).toBe('passed');
  });
  it('names the winner and the shadowed file otherwise', async () => {
    const r = await report({ 'nodes/n1/etc-cni-net.d/10-calico.conf': calico, 'nodes/n1/etc-cni-net.d/10-calico.conflist': calico });
    expect(fired(r, 'cni-config-conflict')[0]).toMatchObject({ severity: 'medium', summary: 'On n1: 10-calico.conf is used (first by name); 10-calico.conflist is shadowed.' });
  });
});

describe('calico-encapsulation-mismatch', () => {
  const pools = (...specs: object[]) => list(specs.map((s, i) => custom('crd.projectcalico.org/v1', 'IPPool', `pool-${i}`, s)));
  const calicoOn = { 'cluster/daemonsets.json': list([calicoDs()]) };
  it('does not compare an IPv4 IPIP pool with an IPv6 pool (IPIP cannot carry IPv6)', async () => {
    const r = await report({ ...calicoOn, 'cluster/custom/ippools.crd.projectcalico.org.json': pools({ cidr: '192.168.0.0/16', ipipMode: 'Always', vxlanMode: 'Never' }, { cidr: 'fd00:10:244::/64', ipipMode: 'Never', vxlanMode: 'Never' }) });
    expect(status(r, 'calico-encapsulation-mismatch')).toBe('passed');
  });
  it('reports a pool with both IPIP and VXLAN', async () => {
    const r = await report({ ...calicoOn, 'cluster/custom/ippools.crd.projectcalico.org.json': pools({ cidr: '192.168.0.0/16', ipipMode: 'Always', vxlanMode: 'CrossSubnet' }) });
    expect(fired(r, 'calico-encapsulation-mismatch')[0]?.summary).toContain('cannot both be enabled');
  });
  it('reports a pool that is not a readable IPPool as a read problem with its line, and judges the others', async () => {
    const items = [custom('crd.projectcalico.org/v1', 'IPPool', 'good', { cidr: '192.168.0.0/16', ipipMode: 'Always', vxlanMode: 'Always' }), { ...custom('crd.projectcalico.org/v1', 'IPPool', 'broken', {}), spec: 'not an object' }];
    const r = await report({ ...calicoOn, 'cluster/custom/ippools.crd.projectcalico.org.json': list(items) });
    expect(fired(r, 'calico-encapsulation-mismatch')[0]?.summary).toContain('IP pool good enables both IPIP and VXLAN');
    const gap = fired(r, 'bundle-collection-gap').find((f) => /IPPool broken is not a readable IPPool/.test(f.summary));
    expect(gap?.summary).toMatch(/cluster\/custom\/ippools\.crd\.projectcalico\.org\.json:\d+ \(IPPool broken is not a readable IPPool: spec: /);
  });
});

describe('cni-binary-missing', () => {
  const flannel = JSON.stringify({ name: 'cbr0', cniVersion: '0.3.1', plugins: [{ type: 'flannel', delegate: { isDefaultGateway: true } }, { type: 'portmap' }] });
  it('does not judge k3s nodes by /opt/cni/bin (their plugins live in another bin_dir)', async () => {
    const r = await report({ 'cluster/nodes.json': list([node({ name: 'n1', ip: '10.0.0.1', runtime: 'containerd://1.7.22-k3s1', kubelet: 'v1.30.6+k3s1' })]), 'nodes/n1/etc-cni-net.d/10-flannel.conflist': flannel, 'nodes/n1/ls-opt-cni-bin.txt': lsLa([]) });
    expect(status(r, 'cni-binary-missing')).toBe('passed');
  });
  it('reports the delegates flannel needs (bridge, host-local) when absent', async () => {
    const r = await report({ 'cluster/nodes.json': list([node({ name: 'n1', ip: '10.0.0.1' })]), 'nodes/n1/etc-cni-net.d/10-flannel.conflist': flannel, 'nodes/n1/ls-opt-cni-bin.txt': binListing(['flannel', 'portmap', 'loopback']) });
    expect(fired(r, 'cni-binary-missing').map((f) => f.id)).toEqual(['cni-binary-missing:bridge', 'cni-binary-missing:host-local']);
  });
  it('reports a binary present without execute permission', async () => {
    const r = await report({ 'nodes/n1/etc-cni-net.d/10-flannel.conflist': flannel, 'nodes/n1/ls-opt-cni-bin.txt': binListing(['flannel', 'portmap', 'bridge', 'host-local'], { notExecutable: ['portmap'] }) });
    expect(fired(r, 'cni-binary-missing')[0]?.summary).toContain('present but not executable (-rw-r--r--)');
  });
});

describe('coredns-unhealthy', () => {
  const dns = (ready: boolean) => ({
    'cluster/deployments.json': list([deployment({ namespace: 'kube-system', name: 'coredns', selector: { 'k8s-app': 'kube-dns' }, containers: [{ name: 'coredns', image: 'coredns:1.11.3' }], desired: 1, ready: ready ? 1 : 0 })]),
    'cluster/pods.json': list([pod({ namespace: 'kube-system', name: 'coredns-7db6d8ff4d-4jxkq', node: 'n1', ip: '10.244.0.2', labels: { 'k8s-app': 'kube-dns' }, owner: { kind: 'ReplicaSet', name: 'coredns-7db6d8ff4d' }, containers: [{ name: 'coredns', image: 'coredns:1.11.3', ready }] })]),
    'logs/kube-system/coredns-7db6d8ff4d-4jxkq/coredns.log': '.:53\n[INFO] plugin/ready: Still waiting on: "kubernetes"\nCoreDNS-1.11.3\n',
  });
  it('reports startup log lines of a ready CoreDNS at medium', async () => {
    expect(fired(await report(dns(true)), 'coredns-unhealthy')[0]).toMatchObject({ severity: 'medium', title: 'CoreDNS is ready but logs errors' });
  });
  it('reports an unready CoreDNS that cannot reach the API as critical', async () => {
    expect(fired(await report(dns(false)), 'coredns-unhealthy')[0]).toMatchObject({ severity: 'critical', summary: expect.stringContaining('0/1 available') });
  });
});

describe('rule isolation', () => {
  it('records a rule that throws as errored and runs the others', async () => {
    const data = await loadBundle(new MemorySource({ 'cluster/nodes.json': list([node({ name: 'n1', ip: '10.0.0.1', ready: { status: 'False', reason: 'KubeletNotReady', message: 'PLEG is not healthy' } })]) }));
    const { RULES } = await import('../src/analyze/rules/index.js');
    const boom = { ...RULES[0]!, meta: { ...RULES[0]!.meta, id: 'boom', plugin: undefined }, requires: [], check: () => { throw new Error('kaput'); } };
    const r = analyzeBundle(data, { toolVersion: 't', source: 'm', rules: [...RULES, boom] });
    expect(r.ruleRuns.find((x) => x.ruleId === 'boom')).toEqual({ ruleId: 'boom', status: 'errored', reason: 'kaput', findings: 0 });
    expect(fired(r, 'node-not-ready')[0]?.summary).toContain('PLEG is not healthy');
  });
});
