// calicoctl cluster diags: kubectl outputs as files, each the command's stdout and stderr together
// and written even when the command failed. Read from the synthetic scenarios
// (sample-bundles/foreign-calico-diags-*, written as diags.go writes them) and from small bundles
// for the traps: logs of every container concatenated, three generations of previous-log names,
// error text where data would be, a layout whose first paths look like cni-doctor's own.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MemorySource } from '../src/bundle/source.js';
import { analyzeBundle } from '../src/analyze/engine.js';
import { loadBundle } from '../src/analyze/load.js';
import { analyze, SAMPLES } from './helpers/bundles.js';

const pods = ['apiVersion: v1', 'items:', '- apiVersion: v1', '  kind: Pod', '  metadata:', '    labels:', '      k8s-app: calico-node', '    name: calico-node-x2k9d', '    namespace: calico-system', '  spec:', '    containers:', '    - image: docker.io/calico/node:v3.28.1', '      name: calico-node', '    nodeName: n-1', '  status:', '    phase: Running', 'kind: List', 'metadata:', '  resourceVersion: ""', ''].join('\n');

describe('calicoctl cluster diags', () => {
  it('reads what the format holds and says what it never does', async () => {
    const { report, data } = await analyze(path.join(SAMPLES, 'foreign-calico-diags-misconfig'));
    expect(report.bundle.origin).toEqual({ format: 'calico-diags', tool: 'calicoctl cluster diags', version: null });
    expect(report.bundle.counts).toMatchObject({ nodes: 3, pods: 17, events: 0 });
    expect(report.bundle.kubernetesVersion).toBe('v1.30.4');
    expect(report.bundle.warnings.join(' ')).toMatch(/does not contain events \(calicoctl cluster diags does not collect them/);
    // Events are said once, in what the format lacks, not again as a file gone missing.
    expect(report.findings.map((f) => f.summary).join('\n')).not.toMatch(/has no (cluster\/events\.json|events List)/);
    expect(report.ruleRuns.find((r) => r.ruleId === 'calico-bgp-peer-down')).toMatchObject({ status: 'skipped', reason: expect.stringContaining('not in a calicoctl cluster diags bundle') });
    // The CRDs and the links are the evidence, by their paths in the bundle.
    const encap = report.findings.find((f) => f.ruleId === 'calico-encapsulation-mismatch' && f.scope.kind === 'nodes')!;
    expect(encap.evidence.map((e) => e.file)).toContain('nodes/cp-1/ip-link.txt');
    // `ip route show table all`: the local table is not read as routes of the node.
    expect(data.nodeData.get('cp-1')!.ipRoute!.result).toMatchObject({ format: 'ip-route' });
    const routes = (data.nodeData.get('cp-1')!.ipRoute!.result as { routes: { type: string }[] }).routes;
    expect(routes.some((r) => r.type === 'local' || r.type === 'broadcast')).toBe(false);
    // A failed command's file holds its error: a failed collection, with its line.
    const gap = report.findings.find((f) => f.ruleId === 'bundle-collection-gap' && f.title.includes('calicoctl'))!;
    expect(gap.evidence).toContainEqual(expect.objectContaining({ file: 'nodes/worker-2/ip-link.txt', line: 1 }));
    expect(data.nodeData.get('worker-2')?.ipLink).toBeUndefined();
  });

  it('reads logs of all containers as one, and previous logs by each generation of names', async () => {
    const data = await loadBundle(
      new MemorySource({
        'cluster/kubernetes/pods.yaml': pods,
        'nodes/n-1/calico-system/calico-node-x2k9d.log': '2026-11-27 10:00:01.000 [INFO][1] install-cni done\n2026-11-27 10:00:02.000 [INFO][9] felix/daemon.go 1: Felix starting\n',
        'nodes/n-1/calico-system/calico-node-x2k9d.previous.log': 'bird: Mesh_10_0_0_2: Socket error: connect: Connection refused\n',
        'nodes/n-1/calico-system/calico-node-x2k9d.calico-node.previous.log': 'bird: Mesh_10_0_0_3: Socket error: connect: Connection refused\n',
        'nodes/n-1/calico-system/calico-node-x2k9d.txt': 'Name: calico-node-x2k9d\n',
      }),
    );
    expect(data.origin.format).toBe('calico-diags');
    expect(data.logs.map((l) => [l.pod, l.container, l.previous, l.lineCount])).toEqual([
      ['calico-node-x2k9d', 'calico-node', true, 1],
      ['calico-node-x2k9d', '(all containers)', false, 2],
      ['calico-node-x2k9d', '(all containers)', true, 1],
    ]);
  });

  it('takes error text where a List would be for a failed collection, not a List', async () => {
    const data = await loadBundle(
      new MemorySource({
        'cluster/kubernetes/nodes.yaml': 'Error from server (Forbidden): nodes is forbidden: User "support" cannot list resource "nodes" in API group "" at the cluster scope\n',
        'cluster/kubernetes/pods.yaml': pods,
      }),
    );
    expect(data.lists.has('nodes')).toBe(false);
    expect(data.toolErrors).toEqual([expect.objectContaining({ file: 'cluster/kubernetes/nodes.yaml', what: 'the nodes List', line: 1, message: expect.stringContaining('Forbidden') })]);
    const report = analyzeBundle(data, { toolVersion: 'test', source: 'diags' });
    const gaps = report.findings.filter((f) => f.ruleId === 'bundle-collection-gap').map((f) => f.summary);
    expect(gaps.join('\n')).toContain('the nodes List (Error from server (Forbidden)');
    expect(gaps.join('\n')).toContain('The bundle has no nodes List');
  });

  it('is told apart from a cni-doctor bundle whose first paths it shares', async () => {
    const diags = await loadBundle(new MemorySource({ 'nodes/n-1/ip-route.txt': 'default via 10.0.0.1 dev eth0\n', 'nodes/n-1/kube-system/calico-node-x2k9d.log': 'x\n' }));
    expect(diags.origin.format).toBe('calico-diags');
    expect(diags.nodeData.get('n-1')?.ipRoute).toBeDefined();
    // A native bundle with an odd file in a node's config directory stays native.
    const native = await loadBundle(new MemorySource({ 'nodes/n-1/etc-cni-net.d/notes.txt': 'x\n', 'nodes/n-1/ip-route.txt': 'default via 10.0.0.1 dev eth0\n' }));
    expect(native.origin.format).toBe('cni-doctor');
  });
});
