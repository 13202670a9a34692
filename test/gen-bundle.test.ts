// The scale generator (scripts/gen-bundle.ts) at a tiny size: a readable, deterministic bundle in which
// the analyzer finds exactly the injected failures, on the nodes they were injected on.
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateBundle } from '../scripts/gen-bundle.js';
import { analyze } from './helpers/bundles.js';

const tmp = mkdtempSync(path.join(tmpdir(), 'cni-doctor-gen-'));
const sha = (f: string) => createHash('sha256').update(readFileSync(f)).digest('hex');

describe('gen:bundle', () => {
  it('writes the same bytes twice and a bundle whose counts match the request', async () => {
    const a = path.join(tmp, 'a', 'gen.tar.gz');
    const b = path.join(tmp, 'b', 'gen.tar.gz');
    mkdirSync(path.dirname(a));
    mkdirSync(path.dirname(b));
    await generateBundle({ nodes: 12, pods: 300, events: 150, cni: 'calico', output: a });
    await generateBundle({ nodes: 12, pods: 300, events: 150, cni: 'calico', output: b });
    expect(sha(b)).toBe(sha(a));
    const { report } = await analyze(a);
    expect(report.bundle.counts).toMatchObject({ nodes: 12, pods: 300, events: 150 });
    expect(report.bundle.warnings).toEqual([]);
    expect(report.findings.filter((f) => f.ruleId === 'bundle-collection-gap')).toEqual([]);
  });

  it('injects failures the rules find on the right nodes', async () => {
    const f = path.join(tmp, 'c.tar.gz');
    await generateBundle({ nodes: 12, pods: 300, events: 150, cni: 'calico', output: f });
    const { report } = await analyze(f);
    const scopeOf = (rule: string) => report.findings.find((x) => x.ruleId === rule)?.scope.names;
    expect(scopeOf('node-not-ready')).toEqual(['node-00001']);
    expect(scopeOf('cni-binary-missing')).toEqual(['node-00002']);
    // The session node-00003 → node-00004 is down: both ends are affected.
    expect(scopeOf('calico-bgp-peer-down')).toEqual(['node-00003', 'node-00004']);
    expect(report.findings.find((x) => x.ruleId === 'cni-sandbox-failures')?.evidence[0]?.excerpt).toContain('failed to find plugin "portmap"');
    // The NotReady node has a config on disk: the finding must not claim otherwise without saying so.
    expect(report.findings.find((x) => x.ruleId === 'cni-config-missing')?.summary).toContain('the bundle does show a config now (10-calico.conflist)');
  });

  it('refuses a cluster too small for its injected failures', async () => {
    await expect(generateBundle({ nodes: 2, pods: 10, events: 0, cni: 'calico', output: path.join(tmp, 'd.tar.gz') })).rejects.toThrow('--nodes must be at least 4');
  });

  // The same NotReady node and missing binary for every CNI, and one failure of the CNI's own.
  it.each([
    { cni: 'cilium' as const, plugin: 'Cilium', binary: 'cilium-cni', own: 'cilium-bpf-fs-not-mounted', ownNodes: ['node-00003'] },
    { cni: 'flannel' as const, plugin: 'Flannel', binary: 'portmap', own: 'flannel-subnet-missing', ownNodes: ['node-00003'] },
    { cni: 'aws' as const, plugin: 'AWS VPC CNI', binary: 'portmap', own: 'aws-eni-ip-limit', ownNodes: ['node-00003'] },
    { cni: 'azure' as const, plugin: 'Azure CNI', binary: 'portmap', own: 'ip-pool-exhaustion', ownNodes: ['node-00003'] },
    { cni: 'weave' as const, plugin: 'Weave Net', binary: 'portmap', own: 'weave-connection-failed', ownNodes: ['node-00003', 'node-00004'] },
    { cni: 'kube-router' as const, plugin: 'kube-router', binary: 'portmap', own: 'kube-router-bgp-peer-down', ownNodes: ['node-00003', 'node-00004'] },
    { cni: 'antrea' as const, plugin: 'Antrea', binary: 'portmap', own: 'antrea-ovs-unhealthy', ownNodes: ['node-00003'] },
  ])('generates a $cni bundle whose injected failures the rules find', async ({ cni, plugin, binary, own, ownNodes }) => {
    const f = path.join(tmp, `${cni}.tar.gz`);
    await generateBundle({ nodes: 12, pods: 300, events: 150, cni, output: f });
    const { report } = await analyze(f);
    expect(report.bundle.plugins.map((p) => p.name)).toEqual([plugin]);
    expect(report.bundle.counts).toMatchObject({ nodes: 12, pods: 300, events: 150 });
    const scopeOf = (rule: string) => report.findings.find((x) => x.ruleId === rule)?.scope.names;
    expect(scopeOf('node-not-ready')).toEqual(['node-00001']);
    expect(scopeOf('cni-binary-missing')).toEqual(['node-00002']);
    expect(report.findings.find((x) => x.ruleId === 'cni-sandbox-failures')?.evidence[0]?.excerpt).toContain(`failed to find plugin "${binary}"`);
    expect(scopeOf(own)).toEqual(ownNodes);
  });

  // The same cluster in the layouts other tools write: the benchmark measures the importers on it.
  it('writes a troubleshoot support bundle whose failures are found with evidence in its own files', async () => {
    const f = path.join(tmp, 'support-bundle-gen.tar.gz');
    await generateBundle({ nodes: 12, pods: 300, events: 150, cni: 'calico', format: 'troubleshoot', output: f });
    const { report } = await analyze(f);
    expect(report.bundle.origin).toMatchObject({ format: 'troubleshoot', version: 'v0.123.14' });
    expect(report.bundle.counts).toMatchObject({ nodes: 12, pods: 300, events: 150 });
    const scopeOf = (rule: string) => report.findings.find((x) => x.ruleId === rule)?.scope.names;
    expect(scopeOf('node-not-ready')).toEqual(['node-00001']);
    const sandbox = report.findings.find((x) => x.ruleId === 'cni-sandbox-failures')!;
    expect(sandbox.evidence[0]?.file).toMatch(/^cluster-resources\/events\/[a-z-]+\.json$/);
    // troubleshoot holds no node files and no calicoctl output: the BGP failure cannot be seen.
    expect(scopeOf('calico-bgp-peer-down')).toBeUndefined();
  });

  it('writes a cilium sysdump zip, byte for byte the same twice, read through its importer', async () => {
    const a = path.join(tmp, 'a', 'cilium-sysdump-20261127-101500.zip');
    const b = path.join(tmp, 'b', 'cilium-sysdump-20261127-101500.zip');
    await generateBundle({ nodes: 12, pods: 300, events: 150, cni: 'cilium', format: 'cilium-sysdump', output: a });
    await generateBundle({ nodes: 12, pods: 300, events: 150, cni: 'cilium', format: 'cilium-sysdump', output: b });
    expect(sha(b)).toBe(sha(a));
    const { report } = await analyze(a);
    expect(report.bundle.origin).toMatchObject({ format: 'cilium-sysdump', version: '0.16.19' });
    expect(report.bundle.counts).toMatchObject({ nodes: 12, pods: 300, events: 150 });
    expect(report.bundle.plugins.map((p) => p.name)).toEqual(['Cilium']);
    const notReady = report.findings.find((x) => x.ruleId === 'node-not-ready')!;
    expect(notReady.scope.names).toEqual(['node-00001']);
    expect(notReady.evidence[0]?.file).toBe('k8s-nodes-20261127-101500.yaml');
    expect(notReady.evidence[0]?.line).toBeGreaterThan(1);
  });

  it('refuses a sysdump of a cluster without Cilium', async () => {
    await expect(generateBundle({ nodes: 6, pods: 10, events: 0, cni: 'calico', format: 'cilium-sysdump', output: path.join(tmp, 'e.zip') })).rejects.toThrow('--format cilium-sysdump needs --cni cilium');
  });
});
