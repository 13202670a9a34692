// Rancher support-bundle-kit, and the archives foreign bundles nest. The synthetic scenarios
// (sample-bundles/foreign-sbk-*, written as support-bundle-kit's collectors write them) read zipped
// as it zips them, nested node zips and all; small bundles for its "null" strings and error log;
// hostile nested archives of both kinds (a zip in a zip, a tar.gz in a sysdump) that must be held
// to the bundle's own rules and never stop it.
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import tar from 'tar-stream';
import { describe, expect, it } from 'vitest';
import { MemorySource, openBundle } from '../src/bundle/source.js';
import { analyzeBundle } from '../src/analyze/engine.js';
import { loadBundle } from '../src/analyze/load.js';
import { analyze, SAMPLES } from './helpers/bundles.js';
import { zip, type ZipEntry } from './helpers/zip.js';

const tmp = mkdtempSync(path.join(tmpdir(), 'cni-doctor-sbk-'));
const TOP = 'supportbundle_8c7e1b2a_2026-11-27T10-15-00Z';

function zipDir(dir: string, top: string, skip = new Set(['expected.yaml'])): Buffer {
  const entries: ZipEntry[] = [];
  const walk = (rel: string) => {
    for (const name of readdirSync(path.join(dir, rel)).sort()) {
      const r = rel ? `${rel}/${name}` : name;
      if (statSync(path.join(dir, r)).isDirectory()) walk(r);
      else if (!skip.has(r)) entries.push({ name: `${top}/${r}`, data: readFileSync(path.join(dir, r)) });
    }
  };
  walk('');
  return zip(entries);
}

async function tarGz(files: { name: string; data?: string; type?: 'symlink'; linkname?: string }[]): Promise<Buffer> {
  const pack = tar.pack();
  for (const f of files) pack.entry({ name: f.name, type: f.type ?? 'file', linkname: f.linkname }, f.data ?? '');
  pack.finalize();
  const chunks: Buffer[] = [];
  for await (const c of pack) chunks.push(c as Buffer);
  return gzipSync(Buffer.concat(chunks));
}

const podsYaml = ['apiVersion: v1', 'items:', '- apiVersion: v1', '  kind: Pod', '  metadata:', '    name: web-1', '    namespace: default', '    deletionTimestamp: "null"', '  spec:', '    nodeName: "null"', '    containers:', '    - name: web', '      image: nginx', '  status:', '    hostIP: "null"', '    phase: Pending', 'kind: List', 'metadata:', '  continue: "null"', '  resourceVersion: "null"', ''].join('\n');
const nodesYaml = ['apiVersion: v1', 'items:', '- apiVersion: v1', '  kind: Node', '  metadata:', '    name: n-1', '  spec:', '    podCIDR: "null"', '  status:', '    conditions:', '    - type: Ready', '      status: "True"', '      reason: KubeletReady', '      message: kubelet is posting ready status', '      lastProbeTime: "null"', 'kind: List', 'metadata:', '  resourceVersion: "null"', ''].join('\n');

describe('Rancher support-bundle-kit', () => {
  it('reads the zip it writes, nested node zips included, as it reads the directory', async () => {
    const dir = path.join(SAMPLES, 'foreign-sbk-config-chaos');
    const file = path.join(tmp, 'sbk.zip');
    writeFileSync(file, zipDir(dir, TOP));
    const fromDir = await analyze(dir);
    const fromZip = await analyze(file);
    expect(fromZip.report.bundle.origin).toEqual({ format: 'support-bundle-kit', tool: 'Rancher support-bundle-kit', version: '0.0.1' });
    expect(fromZip.report.findings).toEqual(fromDir.report.findings);
    // Counted independently: 6 nodes, 26 pods and 14 events (the events.k8s.io copy not counted again).
    expect(fromZip.report.bundle.counts).toMatchObject({ nodes: 6, pods: 26, events: 14 });
    expect(fromZip.report.bundle.kubernetesVersion).toBe('v1.30.4');
    expect([...fromZip.data.files.keys()]).toContain('nodes/worker-2.zip/logs/kubelet.log');
    const evidence = fromZip.report.findings.flatMap((f) => f.evidence.map((e) => e.file));
    expect(evidence).toContain('yamls/cluster/v1/nodes.yaml');
    expect(evidence.some((f) => /^yamls\/namespaced\/[^/]+\/v1\/events\.yaml$/.test(f))).toBe(true);
    expect(evidence).toContain('bundleGenerationError.log');
  });

  it('reads its "null" strings as absent', async () => {
    const data = await loadBundle(new MemorySource({ 'yamls/namespaced/default/v1/pods.yaml': podsYaml, 'yamls/cluster/v1/nodes.yaml': nodesYaml }));
    expect(data.origin.format).toBe('support-bundle-kit');
    const pod = data.podIndex.summary(0);
    expect(pod.nodeName).toBeUndefined();
    expect(data.nodes[0]!.podCIDRs).toEqual([]);
    expect(data.nodes[0]!.ready).toMatchObject({ status: 'True', reason: 'KubeletReady' });
    expect(data.problems).toEqual([]);
  });
});

describe('nested archives', () => {
  it('holds a nested zip to the rules of the bundle: no traversal, no bomb, no link, no second level', async () => {
    const node = zip([
      { name: 'n-1/logs/kubelet.log', data: 'ok\n' },
      { name: '../../../etc/passwd', data: 'root:x:0:0\n' },
      { name: 'n-1/logs/bomb.log', data: Buffer.alloc(1024), declaredSize: 900 * 1024 * 1024 },
      { name: 'n-1/link', data: '/etc/shadow', mode: 0o120777 },
      { name: 'n-1/inner.zip', data: zip([{ name: 'deeper.txt', data: 'x' }]) },
    ]);
    const data = await loadBundle(new MemorySource({ 'yamls/cluster/v1/nodes.yaml': nodesYaml, 'nodes/n-1.zip': node, 'nodes/n-2.zip': node.subarray(0, node.length - 30) }));
    expect(data.files.has('nodes/n-1.zip/logs/kubelet.log')).toBe(true);
    expect(data.rejected.map((r) => r.path)).toEqual(expect.arrayContaining(['nodes/n-1.zip/../../../etc/passwd', 'nodes/n-1.zip/logs/bomb.log', 'nodes/n-1.zip/link']));
    expect(data.rejected.find((r) => r.path === 'nodes/n-1.zip/logs/bomb.log')?.reason).toMatch(/decompression bomb/);
    // A zip inside the nested zip is a file, not opened.
    expect(data.files.has('nodes/n-1.zip/inner.zip')).toBe(true);
    expect([...data.files.keys()].some((k) => k.includes('deeper.txt'))).toBe(false);
    // A cut nested zip is said, and the bundle is read on.
    expect(data.problems).toContainEqual(expect.objectContaining({ file: 'nodes/n-2.zip', message: expect.stringContaining('nested archive nodes/n-2.zip') }));
    expect(data.nodes).toHaveLength(1);
    const report = analyzeBundle(data, { toolVersion: 'test', source: 'sbk' });
    expect(report.findings.find((f) => f.ruleId === 'bundle-unsafe-entry')?.summary).toMatch(/etc\/passwd/);
  });

  it('reads a cilium-bugtool archive sysdump could not unpack, and rejects what it should', async () => {
    const ts = '20261127-101500';
    const pods = `apiVersion: v1\nitems:\n- metadata:\n    name: cilium-x2k9d\n    namespace: kube-system\n    labels:\n      k8s-app: cilium\n  spec:\n    nodeName: n-1\n    containers:\n    - name: cilium-agent\n      image: quay.io/cilium/cilium:v1.16.3\n  status:\n    phase: Running\nkind: PodList\nmetadata: {}\n`;
    const bugtool = await tarGz([
      { name: `cilium-bugtool-${ts}/cmd/ip--4-r.md`, data: 'default via 10.0.0.1 dev eth0\n10.0.1.0/24 via 10.0.0.11 dev cilium_host\n' },
      { name: `cilium-bugtool-${ts}/../../escape.md`, data: 'x' },
      { name: `cilium-bugtool-${ts}/cmd/evil.md`, type: 'symlink', linkname: '/etc/shadow' },
    ]);
    const file = path.join(tmp, 'sysdump.zip');
    writeFileSync(file, zip([{ name: `cilium-sysdump-${ts}/k8s-pods-${ts}.yaml`, data: pods }, { name: `cilium-sysdump-${ts}/cilium-bugtool-cilium-x2k9d-${ts}.tar.gz`, data: bugtool }]));
    const data = await loadBundle(await openBundle(file));
    expect(data.origin.format).toBe('cilium-sysdump');
    expect(data.nodeData.get('n-1')?.ipRoute?.path).toBe(`cilium-bugtool-cilium-x2k9d-${ts}.tar.gz/cmd/ip--4-r.md`);
    expect(data.rejected.map((r) => r.reason).join('\n')).toMatch(/"\.\."[\s\S]*link/);
  });
});
