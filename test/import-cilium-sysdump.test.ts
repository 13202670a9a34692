// cilium sysdump: a zip of one flat directory whose files are named after pods, not nodes. Read
// from the synthetic scenarios (sample-bundles/foreign-sysdump-*, written file by file as
// cilium-cli's sysdump.go writes them) zipped as sysdump zips them, and from small hand-made
// bundles for the traps: pod and container names full of dashes, the two bugtool generations, an
// exec pod the pod list no longer has, an agent whose API printed only an error.
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MemorySource } from '../src/bundle/source.js';
import { analyzeBundle } from '../src/analyze/engine.js';
import { loadBundle } from '../src/analyze/load.js';
import { nodeOutputs } from '../src/analyze/bundle-data.js';
import { CILIUM_STATUS } from '../src/cni/cilium.js';
import { analyze, realWorld, SAMPLES } from './helpers/bundles.js';
import { zip } from './helpers/zip.js';

const TS = '20261127-101500';
const tmp = mkdtempSync(path.join(tmpdir(), 'cni-doctor-sysdump-'));

/** The directory as sysdump's zipDirectory writes it: `<dir>/<file>` entries, deflate, no directory entries. */
function zipAsSysdump(dir: string, top = `cilium-sysdump-${TS}/`): string {
  const entries: { name: string; data: Buffer }[] = [];
  const walk = (rel: string) => {
    for (const name of readdirSync(path.join(dir, rel)).sort()) {
      const r = rel ? `${rel}/${name}` : name;
      if (statSync(path.join(dir, r)).isDirectory()) walk(r);
      else if (r !== 'expected.yaml') entries.push({ name: `${top}${r}`, data: readFileSync(path.join(dir, r)) });
    }
  };
  walk('');
  const out = path.join(tmp, `${path.basename(dir)}${top ? '' : '-flat'}.zip`);
  writeFileSync(out, zip(entries));
  return out;
}

const pod = (name: string, node: string, container = 'cilium-agent') =>
  `- metadata:\n    name: ${name}\n    namespace: kube-system\n    labels:\n      k8s-app: cilium\n  spec:\n    nodeName: ${node}\n    containers:\n    - name: ${container}\n      image: quay.io/cilium/cilium:v1.14.5\n  status:\n    phase: Running\n`;
const podList = (...items: string[]) => `apiVersion: v1\nitems:\n${items.join('')}kind: PodList\nmetadata:\n  resourceVersion: "1"\n`;

describe('cilium sysdump', () => {
  it('reads the zip sysdump writes as it reads the directory, and cites the files by their names in the zip', async () => {
    const dir = path.join(SAMPLES, 'foreign-sysdump-cilium-broken');
    const fromDir = await analyze(dir);
    const fromZip = await analyze(zipAsSysdump(dir));
    expect(fromZip.report.bundle.packaging).toBe('zip');
    expect(fromZip.report.bundle.origin).toEqual({ format: 'cilium-sysdump', tool: 'cilium sysdump', version: '0.16.19' });
    expect(fromZip.report.findings).toEqual(fromDir.report.findings);
    // Zipped from inside the directory (`zip -r x.zip .`): no top directory, the first entry in a subdirectory.
    const flat = await analyze(zipAsSysdump(dir, ''));
    expect(flat.report.findings).toEqual(fromDir.report.findings);
    // Counted independently: 3 nodes, 18 pods and 13 events in the YAML Lists of the scenario.
    expect(fromZip.report.bundle.counts).toMatchObject({ nodes: 3, pods: 18, events: 13 });
    expect(fromZip.report.bundle.kubernetesVersion).toBe('v1.30.4');
    const files = fromZip.report.findings.flatMap((f) => f.evidence.map((e) => e.file));
    expect(files).toContain(`k8s-pods-${TS}.yaml`);
    expect(files).toContain(`cilium-bugtool-cilium-b7wqp-${TS}/cmd/cilium-dbg-status---verbose.md`);
    expect(files).toContain(`logs-cilium-m4ntz-cilium-agent-${TS}-prev.log`);
    // Logs are attributed through the pod list, previous by sysdump's -prev suffix.
    expect(fromZip.data.logs.map((l) => `${l.namespace}/${l.pod}/${l.container}${l.previous ? ' (previous)' : ''}`)).toEqual([
      'kube-system/cilium-b7wqp/cilium-agent',
      'kube-system/cilium-m4ntz/cilium-agent (previous)',
      'kube-system/cilium-m4ntz/cilium-agent',
      'kube-system/cilium-x2k9d/cilium-agent',
    ]);
    // worker-2 was reached through an exec pod the pod list does not have: its hostname says the node.
    expect([...fromZip.data.nodeData.get('worker-2')!.ipRoute!.path.matchAll(/exec-7q2kd/g)]).toHaveLength(1);
    expect([...fromZip.data.nodeData.get('cp-1')!.cniConfigs.map((c) => c.path)]).toEqual([`cniconf-05-cilium.conflist-cilium-x2k9d-${TS}.txt`]);
  });

  it('says which tasks sysdump failed, where it says so, apart from what a sysdump never holds', async () => {
    const { report } = await analyze(path.join(SAMPLES, 'foreign-sysdump-cilium-broken'));
    const gap = report.findings.find((f) => f.ruleId === 'bundle-collection-gap' && f.title.includes('cilium sysdump'))!;
    expect(gap.summary).toMatch(/^3 collection task\(s\) failed while cilium sysdump made this bundle/);
    expect(gap.evidence).toContainEqual(expect.objectContaining({ file: 'cilium-sysdump.log', line: 12 }));
    expect(gap.evidence.map((e) => e.file)).toContain(`cilium-bugtool-cilium-sysdump-exec-7q2kd-${TS}/cmd/cilium-dbg-status---verbose.md`);
    // The dead agent's status is a failed collection, not a status to parse.
    const { data } = await analyze(path.join(SAMPLES, 'foreign-sysdump-cilium-broken'));
    expect([...nodeOutputs(data, CILIUM_STATUS).keys()].sort()).toEqual(['cp-1', 'worker-1']);
    expect(report.bundle.warnings.join(' ')).toContain('cilium sysdump 0.16.19');
    expect(report.bundle.warnings.join(' ')).toContain('/opt/cni/bin and /proc/mounts');
  });

  it('splits names at the longest pod the bundle has, and reads the bugtool of Cilium before 1.15', async () => {
    const status = realWorld('cilium-status-healthy-v1.7-kpr-strict.txt');
    const data = await loadBundle(
      new MemorySource({
        [`k8s-pods-${TS}.yaml`]: podList(pod('cilium-ab', 'n-1'), pod('cilium-ab-cd', 'n-2'), pod('hubble-relay-5d8f9-x2k9d', 'n-1', 'hubble-relay')),
        [`logs-cilium-ab-cd-cilium-agent-${TS}.log`]: 'level=info msg="ok"\n',
        [`logs-hubble-relay-5d8f9-x2k9d-hubble-relay-${TS}-prev.log`]: '2026-11-27T10:00:00.000000001Z level=info msg="relay"\n',
        [`cniconf-05-cilium.conflist-cilium-ab-cd-${TS}.txt`]: '{"cniVersion":"0.3.1","name":"cilium","plugins":[{"type":"cilium-cni"}]}\n',
        [`cniconf-05-cilium.conflist-cilium-ab-${TS}.txt`]: '{"cniVersion":"0.3.1","name":"cilium","plugins":[{"type":"cilium-cni"}]}\n',
        [`cilium-bugtool-cilium-ab-${TS}/cmd/cilium-status---verbose.md`]: status,
        [`cilium-bugtool-cilium-gone-${TS}/cmd/cilium-status---verbose.md`]: status,
      }),
    );
    expect(data.logs.map((l) => [l.pod, l.container, l.previous])).toEqual([
      ['cilium-ab-cd', 'cilium-agent', false],
      ['hubble-relay-5d8f9-x2k9d', 'hubble-relay', true],
    ]);
    expect(data.logs[1]!.tail[0]!.text).toBe('level=info msg="relay"');
    expect(data.nodeData.get('n-1')!.cniConfigs.map((c) => c.path)).toEqual([`cniconf-05-cilium.conflist-cilium-ab-${TS}.txt`]);
    expect(data.nodeData.get('n-2')!.cniConfigs.map((c) => c.path)).toEqual([`cniconf-05-cilium.conflist-cilium-ab-cd-${TS}.txt`]);
    expect([...nodeOutputs(data, CILIUM_STATUS).keys()]).toEqual(['n-1']);
    // A bugtool of a pod the bundle does not list, without its hostname: said, not guessed.
    expect(data.problems).toContainEqual(expect.objectContaining({ file: `cilium-bugtool-cilium-gone-${TS}/cmd/cilium-status---verbose.md`, message: expect.stringContaining('not attributed') }));
    const report = analyzeBundle(data, { toolVersion: 'test', source: 'sysdump' });
    expect(report.bundle.origin.format).toBe('cilium-sysdump');
  });

  it('is served to the real kubectl: nodes and pods of all namespaces', async () => {
    const { loadStore } = await import('../src/serve/store.js');
    const { startServer, kubeconfig } = await import('../src/serve/server.js');
    const { execFile } = await import('node:child_process');
    const { promisify } = await import('node:util');
    const store = await loadStore(zipAsSysdump(path.join(SAMPLES, 'foreign-sysdump-healthy-cilium')));
    const server = await startServer(store);
    try {
      const kc = path.join(tmp, 'sysdump.kubeconfig');
      writeFileSync(kc, kubeconfig(server.url, 'sysdump'));
      const kubectl = async (...args: string[]) => (await promisify(execFile)(process.env.KUBECTL ?? 'kubectl', ['--kubeconfig', kc, ...args], { encoding: 'utf8' })).stdout;
      expect((await kubectl('get', 'nodes', '--no-headers')).trim().split('\n')).toHaveLength(3);
      expect((await kubectl('get', 'pods', '-A', '--no-headers')).trim().split('\n')).toHaveLength(16);
      // Logs named after their pod, attributed through the pod list; the custom resources in YAML.
      expect(await kubectl('logs', '-n', 'kube-system', 'cilium-x2k9d', '-c', 'cilium-agent')).toContain('Wrote CNI configuration file');
      expect((await kubectl('get', 'ciliumnodes', '--no-headers')).trim().split('\n')).toHaveLength(3);
      expect(await kubectl('version', '-o', 'json')).toContain('"gitVersion": "v1.30.4"');
    } finally {
      await server.close();
    }
  });
});
