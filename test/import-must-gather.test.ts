// OpenShift must-gather: the real published subset of a healthy OCP 4.9 cluster on Azure
// (../shared/foreign/must-gather, openshift/must-gather-clean test/files at cb2f7e58, Apache-2.0)
// reads as what it holds — YAML Lists per namespace, nodes one per file, logs per container — and
// stays quiet: its nodes said "no CNI configuration file" while they booted, before they were Ready.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MemorySource } from '../src/bundle/source.js';
import { analyzeBundle } from '../src/analyze/engine.js';
import { loadBundle } from '../src/analyze/load.js';
import { analyze, SHARED } from './helpers/bundles.js';

const REAL = path.join(SHARED, 'foreign/must-gather/ocp-4.9-openshiftsdn-azure-2021-subset/must-gather-azure');

describe('OpenShift must-gather', () => {
  it('reads the real subset: 6 nodes, 43 pods, 485 events and the container logs, and stays quiet', async () => {
    const { report, data } = await analyze(REAL);
    expect(report.bundle.origin).toMatchObject({ format: 'must-gather', tool: 'OpenShift must-gather' });
    // Counted independently (grep over the YAML Lists and the node files).
    expect(report.bundle.counts).toMatchObject({ nodes: 6, pods: 43, events: 485 });
    expect(report.bundle.nodes.every((n) => n.ready === 'True')).toBe(true);
    expect(data.logs.filter((l) => !l.previous)).toHaveLength(100);
    expect(data.logs.some((l) => l.namespace === 'openshift-sdn' && l.container === 'sdn')).toBe(true);
    // Boot-time "No CNI configuration file" events before the nodes turned Ready are history.
    // OpenShift's multus and sdn DaemonSets set memory requests and no limits (the platform's
    // convention): no finding. Both plugins are recognised, every agent ready.
    expect(report.findings.map((f) => `${f.ruleId} ${f.severity}`)).toEqual([]);
    expect(report.bundle.plugins.map((p) => p.id).sort()).toEqual(['multus', 'openshift-sdn']);
    expect(report.triage.agents.map((a) => `${a.workload} ${a.ready}/${a.desired}`)).toEqual(['openshift-multus/multus 6/6', 'openshift-sdn/sdn 6/6']);
    expect(report.ruleRuns.find((r) => r.ruleId === 'cni-config-missing')?.status).toBe('passed');
  });

  it('cites the YAML file and the line each object starts on', async () => {
    const pods = ['---', 'apiVersion: v1', 'items:', '- apiVersion: v1', '  kind: Pod', '  metadata:', '    name: sdn-abcde', '    namespace: openshift-sdn', '    ownerReferences:', '    - kind: DaemonSet', '      name: sdn', '  spec:', '    nodeName: w-1', '    containers:', '    - name: sdn', '      image: quay.io/openshift/sdn:4.9', '  status:', '    phase: Running', '    containerStatuses:', '    - name: sdn', '      ready: false', '      restartCount: 30', '      image: quay.io/openshift/sdn:4.9', '      state:', '        waiting:', '          reason: CrashLoopBackOff', 'kind: PodList', 'metadata: {}', ''].join('\n');
    const node = ['---', 'apiVersion: v1', 'kind: Node', 'metadata:', '  name: w-1', 'status:', '  conditions:', '  - type: Ready', '    status: "False"', '    reason: KubeletNotReady', '    message: "container runtime network not ready: NetworkReady=false reason:NetworkPluginNotReady message:Network plugin returns error: No CNI configuration file in /etc/kubernetes/cni/net.d/"', ''].join('\n');
    const data = await loadBundle(new MemorySource({ 'must-gather.local.1/quay-io-image/namespaces/openshift-sdn/core/pods.yaml': pods, 'must-gather.local.1/quay-io-image/cluster-scoped-resources/core/nodes/w-1.yaml': node }));
    const report = analyzeBundle(data, { toolVersion: 'test', source: 'mg' });
    expect(report.bundle.counts).toMatchObject({ nodes: 1, pods: 1 });
    expect(data.pods[0]).toMatchObject({ file: 'must-gather.local.1/quay-io-image/namespaces/openshift-sdn/core/pods.yaml', line: 4 });
    const notReady = report.findings.find((f) => f.ruleId === 'cni-config-missing');
    expect(notReady?.evidence[0]).toMatchObject({ file: 'must-gather.local.1/quay-io-image/cluster-scoped-resources/core/nodes/w-1.yaml' });
  });
});

describe('serve over foreign bundles', () => {
  it('answers the real kubectl from a must-gather and a troubleshoot bundle, their per-namespace Lists merged', async () => {
    const { loadStore } = await import('../src/serve/store.js');
    const { startServer, kubeconfig } = await import('../src/serve/server.js');
    const { execFile } = await import('node:child_process');
    const { promisify } = await import('node:util');
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const dir = mkdtempSync(path.join(tmpdir(), 'cni-doctor-serve-foreign-'));
    for (const [bundle, nodes, pods] of [[REAL, 6, 43], [path.join(SHARED, 'foreign/troubleshoot/ci-k3s-2025-v0.123/baseline.tar.gz'), 1, 7]] as const) {
      const store = await loadStore(bundle);
      const server = await startServer(store);
      try {
        const kc = path.join(dir, `${nodes}.kubeconfig`);
        writeFileSync(kc, kubeconfig(server.url, 'foreign'));
        // Asynchronous: the server answers from this process.
        const kubectl = async (...args: string[]) => (await promisify(execFile)(process.env.KUBECTL ?? 'kubectl', ['--kubeconfig', kc, ...args], { encoding: 'utf8' })).stdout;
        expect((await kubectl('get', 'nodes', '--no-headers')).trim().split('\n')).toHaveLength(nodes);
        expect((await kubectl('get', 'pods', '-A', '--no-headers')).trim().split('\n')).toHaveLength(pods);
      } finally {
        await server.close();
        store.close();
      }
    }
  }, 60_000);
});
