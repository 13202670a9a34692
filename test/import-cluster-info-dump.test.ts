// `kubectl cluster-info dump --output-directory`: a faithful synthetic dump (the layout of kubectl's
// clusterinfo_dump.go) of a cluster whose Calico agent crash-loops and whose node is NotReady with
// `cni plugin not initialized` must give that diagnosis, citing the dump's own files and lines —
// logs.txt holds every container between START/END markers, and a conflist that install-cni prints
// at column 0 inside it is log text, not a document.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyze, SHARED } from './helpers/bundles.js';
import { daemonSet, event, list, node, pod } from './helpers/fixtures/k8s.js';

function dump(): string {
  const dir = path.join(mkdtempSync(path.join(tmpdir(), 'cni-doctor-cid-')), 'cluster-state');
  const notReady = { status: 'False' as const, reason: 'KubeletNotReady', message: 'container runtime network not ready: NetworkReady=false reason:NetworkPluginNotReady message:Network plugin returns error: cni plugin not initialized' };
  const calicoDs = daemonSet({ namespace: 'kube-system', name: 'calico-node', selector: { 'k8s-app': 'calico-node' }, containers: [{ name: 'calico-node', image: 'docker.io/calico/node:v3.27.3', memoryLimit: '512Mi' }], desired: 2, ready: 1 });
  const crashing = pod({ namespace: 'kube-system', name: 'calico-node-x7k2p', node: 'w-2', hostNetwork: true, ip: '10.0.0.12', owner: { kind: 'DaemonSet', name: 'calico-node' }, labels: { 'k8s-app': 'calico-node' }, initContainers: [{ name: 'install-cni', image: 'docker.io/calico/cni:v3.27.3' }], containers: [{ name: 'calico-node', image: 'docker.io/calico/node:v3.27.3', ready: false, restartCount: 14, waiting: { reason: 'CrashLoopBackOff', message: 'back-off 5m0s restarting failed container' } }] });
  const healthy = pod({ namespace: 'kube-system', name: 'calico-node-a1b2c', node: 'w-1', hostNetwork: true, ip: '10.0.0.11', owner: { kind: 'DaemonSet', name: 'calico-node' }, labels: { 'k8s-app': 'calico-node' }, containers: [{ name: 'calico-node', image: 'docker.io/calico/node:v3.27.3' }] });
  const files: Record<string, string> = {
    'nodes.json': list([node({ name: 'w-1', ip: '10.0.0.11', podCIDR: '10.244.1.0/24' }), node({ name: 'w-2', ip: '10.0.0.12', podCIDR: '10.244.2.0/24', ready: notReady })]),
    'kube-system/daemonsets.json': list([calicoDs]),
    'kube-system/pods.json': list([healthy, crashing]),
    'kube-system/events.json': list([event({ namespace: 'kube-system', object: { kind: 'Pod', name: 'calico-node-x7k2p' }, reason: 'BackOff', type: 'Warning', count: 40, host: 'w-2', message: 'Back-off restarting failed container calico-node in pod calico-node-x7k2p_kube-system' })]),
    'kube-system/services.json': list([]),
    'kube-system/deployments.json': list([]),
    'kube-system/replicasets.json': list([]),
    'kube-system/calico-node-x7k2p/logs.txt': [
      '==== START logs for container install-cni of pod kube-system/calico-node-x7k2p ====',
      '2026-11-30 09:57:58.001 [INFO][1] cni-installer/install.go 400: Created CNI config calico.conflist',
      '{',
      '  "name": "k8s-pod-network",',
      '  "cniVersion": "0.3.1",',
      '  "plugins": [{"type": "calico"}]',
      '}',
      '==== END logs for container install-cni of pod kube-system/calico-node-x7k2p ====',
      '==== START logs for container calico-node of pod kube-system/calico-node-x7k2p ====',
      '2026-11-30 09:58:01.123 [FATAL][1] startup/startup.go 155: Failed to query the Kubernetes API error=Unauthorized',
      '==== END logs for container calico-node of pod kube-system/calico-node-x7k2p ====',
      '',
    ].join('\n'),
  };
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

describe('kubectl cluster-info dump (directory form)', () => {
  it('diagnoses the crash-looping agent and the NotReady node, citing the dump\'s files and lines', async () => {
    const { report, data } = await analyze(dump());
    expect(report.bundle.origin).toEqual({ format: 'cluster-info-dump', tool: 'kubectl cluster-info dump', version: null });
    expect(report.bundle.counts).toMatchObject({ nodes: 2, pods: 2, events: 1 });
    expect(report.bundle.plugins.map((p) => p.id)).toEqual(['calico']);
    // logs.txt splits into one log per container, lines numbered in the file.
    expect(data.logs.map((l) => `${l.container}:${l.lineCount}`)).toEqual(['install-cni:6', 'calico-node:1']);
    const notReady = report.findings.find((f) => f.ruleId === 'node-not-ready');
    expect(notReady?.scope.names).toEqual(['w-2']);
    expect(notReady?.evidence.map((e) => e.file)).toEqual(['nodes.json']);
    const agent = report.findings.find((f) => f.ruleId === 'cni-agent-unhealthy');
    expect(agent?.summary).toMatch(/calico-node-x7k2p calico-node CrashLoopBackOff/);
    expect(agent?.evidence.map((e) => e.file)).toEqual(expect.arrayContaining(['kube-system/daemonsets.json', 'kube-system/pods.json']));
    const rbac = report.findings.find((f) => f.ruleId === 'cni-rbac-denied');
    expect(rbac?.evidence).toEqual(expect.arrayContaining([expect.objectContaining({ file: 'kube-system/calico-node-x7k2p/logs.txt', line: 10, excerpt: expect.stringContaining('error=Unauthorized') })]));
    // The conflist install-cni printed is log text: no document, no read problem.
    expect(JSON.stringify(report.findings)).not.toMatch(/could not be read or interpreted/);
    expect(report.bundle.warnings.join(' ')).toMatch(/made by kubectl cluster-info dump .*does not contain previous logs/);
  });
});

describe('kubectl cluster-info dump (stdout form)', () => {
  // ../shared/foreign/cluster-info-dump: a real dump of a healthy minikube (craig8/
  // blockchain-automation-framework cluster-dump.txt at c5ddeb40, Apache-2.0).
  const REAL = path.join(SHARED, 'foreign/cluster-info-dump/stdout-minikube-2020/cluster-dump.txt');

  it('reads the real dump: every document, every log block, lines numbered in the file, and stays quiet', async () => {
    const { report, data } = await analyze(REAL);
    expect(report.bundle.packaging).toBe('file');
    expect(report.bundle.origin.format).toBe('cluster-info-dump');
    // Counted independently of the reader: 1 NodeList item, 12 pods, 69 events.
    expect(report.bundle.counts).toMatchObject({ nodes: 1, pods: 12, events: 69, files: 1 });
    expect(report.bundle.nodes.map((n) => n.name)).toEqual(['minikube']);
    const text = readFileSync(REAL, 'utf8').split('\n');
    expect(data.logs).toHaveLength(text.filter((l) => l.startsWith('==== START logs for container ')).length);
    expect(data.logs.find((l) => l.container === 'kube-proxy')).toMatchObject({ namespace: 'kube-system', pod: 'kube-proxy-xvjhl' });
    // Evidence lines are lines of the user's file.
    for (const e of report.bundle.timeline) expect(text[e.line! - 1], `${e.file}:${e.line}`).toContain('"message"');
    expect(report.findings.filter((f) => f.severity !== 'info')).toEqual([]);
  });

  it('keeps JSON printed inside a log block as log text, and says when the dump is cut inside a document', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cni-doctor-cid-stdout-'));
    const nodes = JSON.stringify({ kind: 'NodeList', apiVersion: 'v1', metadata: {}, items: [node({ name: 'w-1', ip: '10.0.0.11' })] }, null, 4);
    const pods = JSON.stringify({ kind: 'PodList', apiVersion: 'v1', metadata: {}, items: [pod({ namespace: 'kube-system', name: 'calico-node-a1b2c', node: 'w-1', containers: [{ name: 'calico-node', image: 'calico/node:v3.27.3' }] })] }, null, 4);
    const logBlock = ['==== START logs for container install-cni of pod kube-system/calico-node-a1b2c ====', '{', '    "kind": "PodList",', '    "items": []', '}', '==== END logs for container install-cni of pod kube-system/calico-node-a1b2c ===='].join('\n');
    const file = path.join(dir, 'dump.txt');
    writeFileSync(file, `${nodes}\n${pods}\n${logBlock}\n${pods.split('\n').slice(0, 12).join('\n')}\n`);
    const { report, data } = await analyze(file);
    expect(report.bundle.counts).toMatchObject({ nodes: 1, pods: 1 });
    expect(data.logs.map((l) => `${l.container}:${l.lineCount}`)).toEqual(['install-cni:4']);
    expect(data.problems.map((p) => p.message).join(' ')).toMatch(/ends inside a document/);
  });
});
