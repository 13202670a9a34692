// Bundles made by Replicated troubleshoot's `support-bundle`: the real published baseline (a healthy
// k3s node; ../shared/foreign/troubleshoot, Apache-2.0, replicatedhq/troubleshoot
// test/baselines/supportbundle/baseline.tar.gz at 5bf008f7) must read as what it holds and stay
// quiet, and a faithful synthetic one of a broken Calico cluster (the layout of troubleshoot's
// cluster_resources.go: one List per namespace) must give the diagnosis with evidence pointing at
// the user's own files and lines.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeBundle } from '../src/analyze/engine.js';
import { loadBundle } from '../src/analyze/load.js';
import { MemorySource } from '../src/bundle/source.js';
import { analyze, REPO, SHARED } from './helpers/bundles.js';
import { daemonSet, event, list, node, pod } from './helpers/fixtures/k8s.js';

const BASELINE = path.join(SHARED, 'foreign/troubleshoot/ci-k3s-2025-v0.123/baseline.tar.gz');

describe('troubleshoot support-bundle', () => {
  it('reads the real baseline bundle: the node, pods, events and version it holds, made by troubleshoot, and stays quiet', async () => {
    const { report, data } = await analyze(BASELINE);
    expect(report.bundle.origin).toEqual({ format: 'troubleshoot', tool: 'Replicated troubleshoot (support-bundle)', version: 'v0.123.14-14-gf6c4386' });
    expect(report.bundle.counts).toMatchObject({ nodes: 1, pods: 7, events: 97 });
    expect(report.bundle.kubernetesVersion).toBe('v1.31.2+k3s1');
    expect(report.bundle.nodes.map((n) => n.name)).toEqual(['primary-node']);
    expect(report.triage.podNetwork.verdict).toBe('ok');
    // Its logs collectors' alias links are the format's own, not a hostile archive.
    expect(report.findings.filter((f) => f.ruleId === 'bundle-unsafe-entry')).toEqual([]);
    expect(data.aliases.map((a) => a.path)).toEqual(expect.arrayContaining(['run-example/run-example.log', 'run-pod-example/run-pod-example.log']));
    // Empty Lists (`"items": null`) are empty, not unreadable.
    expect(report.findings.filter((f) => f.severity !== 'info')).toEqual([]);
    expect(JSON.stringify(report.findings)).not.toMatch(/lack metadata\.name/);
    // What the format cannot hold is said, and the rules that need it are skipped for that reason.
    expect(report.bundle.warnings.join(' ')).toMatch(/made by Replicated troubleshoot \(support-bundle\) v0\.123\.14-14-gf6c4386 .*does not contain node files/);
    expect(report.ruleRuns.find((r) => r.ruleId === 'cni-config-invalid')).toMatchObject({ status: 'skipped', skip: 'data-not-collected', reason: expect.stringMatching(/not in a Replicated troubleshoot \(support-bundle\) bundle/) });
    expect(report.bundle.warnings.join(' ')).not.toMatch(/no manifest\.json/);
    // Its collectors' own error records: collected and failed, each where troubleshoot wrote it.
    expect(data.toolErrors.map((e) => `${e.file}: ${e.what}: ${e.message}`)).toEqual([
      'collector-errors/etcd-error.json: the etcd collector: current k8s distribution does not support etcd collector',
      'collector-errors/sonobuoy-error.json: the sonobuoy collector: sonobuoy pod sonobuoy in namespace sonobuoy not found',
      'configmaps-errors/default/example-configmap.json: configmaps-errors/default/example-configmap.json: configmaps "example-configmap" not found',
      expect.stringMatching(/^helm\/errors\.json: helm\/errors\.json: /),
      expect.stringMatching(/^metrics\/errors\.json: metrics\/errors\.json: could not construct endpoint/),
      'secrets-errors/default/example-secret.json: secrets-errors/default/example-secret.json: secrets "example-secret" not found',
    ]);
  });

  it('diagnoses a broken cluster from per-namespace Lists, citing the files and lines of the bundle as given', async () => {
    const calicoDs = daemonSet({ namespace: 'kube-system', name: 'calico-node', selector: { 'k8s-app': 'calico-node' }, containers: [{ name: 'calico-node', image: 'docker.io/calico/node:v3.28.1', memoryLimit: '512Mi' }], desired: 2, ready: 1 });
    const crashing = pod({ namespace: 'kube-system', name: 'calico-node-x7k2p', node: 'w-2', hostNetwork: true, ip: '10.0.0.12', owner: { kind: 'DaemonSet', name: 'calico-node' }, labels: { 'k8s-app': 'calico-node' }, containers: [{ name: 'calico-node', image: 'docker.io/calico/node:v3.28.1', ready: false, restartCount: 9, waiting: { reason: 'CrashLoopBackOff', message: 'back-off 5m0s restarting failed container' } }] });
    const healthy = pod({ namespace: 'kube-system', name: 'calico-node-a1b2c', node: 'w-1', hostNetwork: true, ip: '10.0.0.11', owner: { kind: 'DaemonSet', name: 'calico-node' }, labels: { 'k8s-app': 'calico-node' }, containers: [{ name: 'calico-node', image: 'docker.io/calico/node:v3.28.1' }] });
    const notReady = { status: 'False' as const, reason: 'KubeletNotReady', message: 'container runtime network not ready: NetworkReady=false reason:NetworkPluginNotReady message:Network plugin returns error: cni plugin not initialized' };
    const app = pod({ namespace: 'shop', name: 'web-5d8f7', phase: 'Pending', node: 'w-2', containers: [{ name: 'web', image: 'nginx:1.27' }] });
    const files = {
      'version.yaml': 'apiVersion: troubleshoot.sh/v1beta2\nkind: SupportBundle\nspec:\n  versionNumber: v0.130.0\n',
      'cluster-info/cluster_version.json': JSON.stringify({ info: { major: '1', minor: '30', gitVersion: 'v1.30.6' }, string: 'v1.30.6' }, null, 2),
      'cluster-resources/nodes.json': list([node({ name: 'w-1', ip: '10.0.0.11', podCIDR: '10.244.1.0/24' }), node({ name: 'w-2', ip: '10.0.0.12', podCIDR: '10.244.2.0/24', ready: notReady })]),
      'cluster-resources/daemonsets/kube-system.json': list([calicoDs]),
      'cluster-resources/pods/kube-system.json': list([healthy, crashing]),
      'cluster-resources/pods/shop.json': list([app]),
      'cluster-resources/events/shop.json': list([event({ namespace: 'shop', object: { kind: 'Pod', name: 'web-5d8f7' }, reason: 'FailedCreatePodSandBox', type: 'Warning', count: 14, host: 'w-2', message: 'Failed to create pod sandbox: rpc error: code = Unknown desc = failed to setup network for sandbox "3f1c": plugin type="calico" failed (add): stat /var/lib/calico/nodename: no such file or directory: check that the calico/node container is running and has mounted /var/lib/calico/' })]),
      'cluster-resources/pods/logs/kube-system/calico-node-x7k2p/calico-node-previous.log': '2026-11-30 09:58:01.123 [FATAL][1] startup/startup.go 155: Failed to query the Kubernetes API error=Unauthorized\n',
    };
    const data = await loadBundle(new MemorySource(files));
    const report = analyzeBundle(data, { toolVersion: 'test', source: 'support-bundle.tar.gz' });
    expect(report.bundle.origin).toMatchObject({ format: 'troubleshoot', version: 'v0.130.0' });
    expect(report.bundle.counts).toMatchObject({ nodes: 2, pods: 3, events: 1 });
    const agent = report.findings.find((f) => f.ruleId === 'cni-agent-unhealthy');
    expect(agent?.summary).toMatch(/calico-node-x7k2p/);
    const podEvidence = agent!.evidence.find((e) => e.file === 'cluster-resources/pods/kube-system.json');
    expect(podEvidence?.line).toBeGreaterThan(1);
    // The line cited is that line of the user's file, inside the crashing pod's item.
    const lines = files['cluster-resources/pods/kube-system.json'].split('\n');
    expect(podEvidence!.excerpt).toBe(lines[podEvidence!.line! - 1]);
    const itemStart = lines.findIndex((l) => l.includes('"name": "calico-node-x7k2p"'));
    expect(itemStart).toBeGreaterThan(0);
    expect(podEvidence!.line! - 1).toBeGreaterThan(itemStart);
    expect(agent!.evidence.map((e) => e.file)).toContain('cluster-resources/daemonsets/kube-system.json');
    const notReadyFinding = report.findings.find((f) => f.ruleId === 'node-not-ready');
    expect(notReadyFinding?.evidence.map((e) => e.file)).toEqual(['cluster-resources/nodes.json']);
    const sandbox = report.findings.find((f) => f.ruleId === 'cni-sandbox-failures');
    expect(sandbox?.evidence.some((e) => e.file === 'cluster-resources/events/shop.json' && e.line !== undefined)).toBe(true);
    expect(report.triage.podNetwork.nodes).toEqual(['w-2']);
  });
});

describe('--from', () => {
  it('reads a bundle as the format it names instead of the one its paths show', () => {
    const run = (...args: string[]) => spawnSync(process.execPath, [path.join(REPO, 'bin/cni-doctor.js'), 'analyze', BASELINE, '-f', 'json', ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    const told = JSON.parse(run().stdout);
    expect(told.bundle.origin.format).toBe('troubleshoot');
    const forced = JSON.parse(run('--from', 'cni-doctor').stdout);
    expect(forced.bundle.origin.format).toBe('cni-doctor');
    expect(forced.bundle.counts.nodes).toBe(0);
    const unknown = run('--from', 'sosreport');
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toMatch(/Allowed choices are cni-doctor, troubleshoot, cilium-sysdump, calico-diags, support-bundle-kit, must-gather, cluster-info-dump/);
  });
});
