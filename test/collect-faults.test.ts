// collect under faults (injected through serve): forbidden resources, timeouts, a node whose exec
// fails, an unreachable node, Ctrl-C. Nothing is fatal; everything is recorded and reported. Plus
// redaction of secrets seeded everywhere a bundle can carry them, and the kubectl plugin entry point.
import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MemorySource, openBundle } from '../src/bundle/source.js';
import { kubeconfig, startServer, type Faults } from '../src/serve/server.js';
import { loadStore, type Store } from '../src/serve/store.js';
import { analyze, REPO, SAMPLES } from './helpers/bundles.js';

const tmp = mkdtempSync(path.join(tmpdir(), 'cni-doctor-faults-'));
const BIN = path.join(REPO, 'bin/cni-doctor.js');

async function withServer<T>(store: Store, faults: Faults | undefined, fn: (kc: string) => Promise<T>): Promise<T> {
  const server = await startServer(store, { faults });
  const kc = path.join(tmp, `kc-${server.port}`);
  writeFileSync(kc, kubeconfig(server.url, 'faults'));
  try {
    return await fn(kc);
  } finally {
    await server.close();
  }
}

function cli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { env: { ...process.env, ...env }, timeout: 120_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

async function entries(file: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for await (const ev of (await openBundle(file)).events()) {
    if (ev.type !== 'file') continue;
    const chunks: Buffer[] = [];
    for await (const c of ev.stream) chunks.push(c as Buffer);
    out.set(ev.path, Buffer.concat(chunks).toString('utf8'));
  }
  return out;
}

describe('collect under faults', () => {
  it('records a forbidden resource, a timeout, a failing and an unreachable node; writes the bundle; exits 5', async () => {
    const store = await loadStore(path.join(SAMPLES, 'healthy-calico'));
    const faults: Faults = { forbid: ['networkpolicies'], delay: [{ match: '/configmaps', ms: 4000 }], execFailNodes: ['worker-2'], unreachableNodes: ['cp-1'] };
    const out = path.join(tmp, 'faults.tar.gz');
    const r = await withServer(store, faults, (kc) => cli(['collect', '--kubeconfig', kc, '-o', out, '--timeout', '2', '--concurrency', '4']));
    expect(r.code).toBe(5);
    expect(r.stderr).toMatch(/wrote .*faults\.tar\.gz \(\d+ commands, \d+ failed: /);
    expect(r.stderr).toContain('warning: your credentials cannot list networkpolicies: NetworkPolicies (the DNS-by-policy check) will be missing from the bundle');
    const files = await entries(out);
    const manifest = JSON.parse(files.get('manifest.json')!);
    const byFile = (f: string) => manifest.commands.find((c: { file: string }) => c.file === f);
    expect(byFile('cluster/networkpolicies.json')).toMatchObject({ error: 'forbidden' });
    expect(byFile('cluster/configmaps.json')).toMatchObject({ error: 'timeout' });
    expect(byFile('nodes/worker-2/ip-route.txt')).toMatchObject({ node: 'worker-2', error: 'exec-failed' });
    expect(manifest.commands.filter((c: { node: string; error: string }) => c.node === 'cp-1' && c.error === 'unreachable').length).toBeGreaterThan(0);
    expect(files.has('cluster/pods.json')).toBe(true);
    expect(files.has('nodes/worker-1/ip-route.txt')).toBe(true);
    expect(manifest.complete).toBe(true);
    const { report } = await analyze(out);
    const gaps = report.findings.filter((f) => f.ruleId === 'bundle-collection-gap').map((f) => f.id).sort();
    expect(gaps).toEqual(expect.arrayContaining(['bundle-collection-gap:exec-failed', 'bundle-collection-gap:forbidden', 'bundle-collection-gap:timeout', 'bundle-collection-gap:unreachable']));
    expect(report.ruleRuns.find((x) => x.ruleId === 'dns-blocked-by-policy')?.status).toBe('skipped');
  });

  it('says clearly when the API server cannot be reached, and writes nothing', async () => {
    const kc = path.join(tmp, 'dead.kubeconfig');
    writeFileSync(kc, kubeconfig('http://127.0.0.1:9', 'dead'));
    const out = path.join(tmp, 'dead.tar.gz');
    const r = await cli(['collect', '--kubeconfig', kc, '-o', out, '--timeout', '5']);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/the Kubernetes API server cannot be reached/);
    expect(r.stderr).toMatch(/Check that `kubectl get nodes` works/);
    expect(existsSync(out)).toBe(false);
    const missing = await cli(['collect', '--kubectl', '/nonexistent/kubectl', '-o', out]);
    expect(missing.code).toBe(3);
    expect(missing.stderr).toMatch(/kubectl was not found/);
  });

  it('writes what was gathered on Ctrl-C, marked incomplete, and exits 130', async () => {
    const store = await loadStore(path.join(SAMPLES, 'healthy-cilium'));
    const out = path.join(tmp, 'interrupted.tar.gz');
    await withServer(store, { delay: [{ match: '/log', ms: 1500 }] }, async (kc) => {
      const child = spawn(process.execPath, [BIN, 'collect', '--kubeconfig', kc, '-o', out, '--concurrency', '1'], { stdio: ['ignore', 'pipe', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (d) => (stderr += d));
      const exited = new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
      // Let it reach the (slow) logs, then interrupt.
      await new Promise((r) => setTimeout(r, 6000));
      child.kill('SIGINT');
      expect(await exited).toBe(130);
      expect(stderr).toMatch(/interrupted: finishing the commands under way/);
    });
    const files = await entries(out);
    const manifest = JSON.parse(files.get('manifest.json')!);
    expect(manifest.complete).toBe(false);
    expect(files.has('cluster/pods.json')).toBe(true);
    const { report } = await analyze(out);
    expect(report.bundle.warnings).toContain('The collector was interrupted: the bundle is incomplete.');
  }, 60_000);
});

describe('the overall deadline', () => {
  it('stops starting commands at the deadline, writes the bundle marked incomplete, exits 5', async () => {
    const store = await loadStore(path.join(SAMPLES, 'healthy-flannel'));
    const out = path.join(tmp, 'deadline.tar.gz');
    const r = await withServer(store, { delay: [{ match: '/pods', ms: 2500 }] }, (kc) => cli(['collect', '--kubeconfig', kc, '-o', out, '--deadline', '1', '--concurrency', '1']));
    expect(r.code).toBe(5);
    expect(r.stderr).toMatch(/the overall deadline \(--deadline 1s\) was reached: the bundle is incomplete/);
    expect(r.stderr).toMatch(/cni-doctor: collecting: \d+\/\d+ steps/);
    const files = await entries(out);
    const manifest = JSON.parse(files.get('manifest.json')!);
    expect(manifest.complete).toBe(false);
    expect(manifest.commands.some((c: { error: string; stderr: string }) => c.error === 'skipped' && /interrupted before it ran/.test(c.stderr))).toBe(true);
  });
});

describe('the probe', () => {
  it('records why the probe pod could not run, and still tries to delete it', async () => {
    const store = await loadStore(path.join(SAMPLES, 'healthy-flannel'));
    const out = path.join(tmp, 'probe.tar.gz');
    const r = await withServer(store, undefined, (kc) => cli(['collect', '--kubeconfig', kc, '-o', out, '--probe']));
    expect(r.stderr).toMatch(/warning: probe: the probe pod could not be created: .*is forbidden: cni-doctor serve is read-only/);
    const files = await entries(out);
    const probe = JSON.parse(files.get('probe/result.json')!);
    expect(probe).toMatchObject({ scheduled: false, sandboxCreated: false, deleted: false });
    const manifest = JSON.parse(files.get('manifest.json')!);
    expect(manifest.options.probe).toBe(true);
    expect(manifest.commands.some((c: { argv: string[] }) => c.argv.includes('delete') && c.argv.includes('pod'))).toBe(true);
    const { report } = await analyze(out);
    expect(report.ruleRuns.find((x) => x.ruleId === 'probe-sandbox-timeout')?.status).toBe('passed');
    expect(report.findings.find((f) => f.id === 'bundle-collection-gap:probe')?.summary).toMatch(/the probe pod could not be created/);
  });
});

describe('redaction', () => {
  it('removes secrets from every place a bundle carries them, keeps IP addresses, and counts replacements', async () => {
    const JWT = 'eyJhbGciOiJSUzI1NiIsImtpZCI6IkFCQyJ9.eyJpc3MiOiJrdWJlcm5ldGVzL3NlcnZpY2VhY2NvdW50In0.c2lnbmF0dXJlc2lnbmF0dXJlc2lnbmF0dXJl';
    const PEM = '-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gun\n-----END RSA PRIVATE KEY-----';
    const AWS = 'AKIAIOSFODNN7EXAMPLE';
    const PASSWORD = 'hunter2-very-secret';
    const secrets = [JWT, 'MIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gun', AWS, PASSWORD, 'c2VjcmV0LWNsaWVudC1rZXktZGF0YS1zZWNyZXQ='];
    const pod = {
      apiVersion: 'v1', kind: 'Pod',
      metadata: { name: 'calico-node-abcde', namespace: 'kube-system', labels: { 'k8s-app': 'calico-node' }, ownerReferences: [{ kind: 'DaemonSet', name: 'calico-node' }], annotations: { note: `Bearer ${JWT}` } },
      spec: { nodeName: 'n1', hostNetwork: true, containers: [{ name: 'calico-node', image: 'calico/node:v3.28.1', env: [{ name: 'DB_PASSWORD', value: PASSWORD }, { name: 'AWS_ACCESS_KEY_ID', value: AWS }, { name: 'IP', value: '10.0.0.1' }] }] },
      status: { phase: 'Running', podIP: '10.0.0.1', containerStatuses: [{ name: 'calico-node', ready: true, restartCount: 0, image: 'calico/node:v3.28.1' }] },
    };
    const ds = { apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: 'calico-node', namespace: 'kube-system' }, spec: { selector: { matchLabels: { 'k8s-app': 'calico-node' } }, template: { spec: { containers: [{ name: 'calico-node', image: 'calico/node:v3.28.1', env: [{ name: 'API_TOKEN', value: PASSWORD }] }] } } }, status: { desiredNumberScheduled: 1, numberReady: 1 } };
    const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'calico-config', namespace: 'kube-system' }, data: { kubeconfig: `users:\n- name: x\n  user:\n    token: ${JWT}\n    client-key-data: c2VjcmV0LWNsaWVudC1rZXktZGF0YS1zZWNyZXQ=\n`, 'db.json': `{"password": "${PASSWORD}"}` } };
    const node = { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n1' }, status: { addresses: [{ type: 'InternalIP', address: '10.0.0.1' }], conditions: [{ type: 'Ready', status: 'True' }] } };
    const list = (items: unknown[]) => JSON.stringify({ apiVersion: 'v1', kind: 'List', items });
    const store = await loadStore('memory', new MemorySource({
      'manifest.json': JSON.stringify({ format: 'cni-doctor-bundle', formatVersion: 1, createdAt: '2026-11-27T10:00:00Z', collector: { name: 'cni-doctor', version: '0' }, cluster: { context: 'x', serverVersion: 'v1.30.4' }, options: {}, redaction: { applied: false, replacements: 0 }, commands: [] }),
      'cluster/nodes.json': list([node]),
      'cluster/namespaces.json': list([{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'kube-system' } }]),
      'cluster/pods.json': list([pod]),
      'cluster/daemonsets.json': list([ds]),
      'cluster/configmaps.json': list([cm]),
      'cluster/events.json': list([{ apiVersion: 'v1', kind: 'Event', metadata: { name: 'e1', namespace: 'kube-system' }, involvedObject: { kind: 'Pod', name: 'calico-node-abcde', namespace: 'kube-system' }, reason: 'Failed', type: 'Warning', message: `aws_secret_access_key=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY from 10.0.0.1` }]),
      'nodes/n1/ls-etc-cni-net.d.txt': 'total 8\n-rw-r--r-- 1 root root 300 Nov 20 08:03 10-calico.conflist\n-rw------- 1 root root 2771 Nov 20 08:03 calico-kubeconfig\n',
      'nodes/n1/etc-cni-net.d/10-calico.conflist': '{"name":"k8s-pod-network","cniVersion":"0.3.1","plugins":[{"type":"calico"}]}\n',
      'nodes/n1/etc-cni-net.d/calico-kubeconfig': `apiVersion: v1\nkind: Config\nusers:\n- name: calico\n  user:\n    token: ${JWT}\n    client-key-data: c2VjcmV0LWNsaWVudC1rZXktZGF0YS1zZWNyZXQ=\n`,
      'logs/kube-system/calico-node-abcde/calico-node.log': `2026-11-27 10:00:00 [INFO] connecting with Authorization: Bearer ${JWT}\n${PEM}\nkey ${AWS} from 10.0.0.1\n`,
    }));
    const out = path.join(tmp, 'redacted.tar.gz');
    const r = await withServer(store, undefined, (kc) => cli(['collect', '--kubeconfig', kc, '-o', out]));
    expect([0, 5]).toContain(r.code);
    const files = await entries(out);
    for (const [name, text] of files) for (const secret of secrets) expect(text.includes(secret), `${secret.slice(0, 12)}… survives in ${name}`).toBe(false);
    expect(files.get('nodes/n1/etc-cni-net.d/calico-kubeconfig')).toMatch(/token: <redacted:(jwt|token)>/);
    expect(files.get('cluster/events.json')).toContain('10.0.0.1');
    const manifest = JSON.parse(files.get('manifest.json')!);
    expect(manifest.redaction.applied).toBe(true);
    expect(manifest.redaction.replacements).toBeGreaterThanOrEqual(8);
    expect(Object.keys(manifest.redaction.byKind)).toEqual(expect.arrayContaining(['jwt', 'private-key', 'aws-key', 'password', 'token']));
    expect(manifest.commands.some((c: { argv: string[] }) => c.argv.includes('secrets'))).toBe(false);
  });
});

describe('kubectl plugin', () => {
  it('runs as `kubectl cni-doctor` from PATH', async () => {
    const env = { ...process.env, PATH: `${path.join(REPO, 'bin')}:${process.env.PATH}` };
    const help = await new Promise<string>((resolve) => execFile('kubectl', ['cni-doctor', 'collect', '--help'], { env }, (_e, out) => resolve(out)));
    expect(help).toMatch(/Usage: cni-doctor collect \[options\]/);
    const plugins = await new Promise<string>((resolve) => execFile('kubectl', ['plugin', 'list'], { env }, (_e, out, err) => resolve(out + err)));
    expect(plugins).toContain('kubectl-cni_doctor');
    expect(readFileSync(path.join(REPO, 'bin/kubectl-cni_doctor'), 'utf8')).toMatch(/^#!\/usr\/bin\/env node/);
  });
});
