// `cni-doctor serve` driven by the real kubectl binary (several versions where installed): discovery,
// get/list with selectors and pagination, describe, logs, exec replay over WebSocket, refused writes,
// custom resources, and the fault injection the collector's tests rely on.
import { execFile, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemorySource } from '../src/bundle/source.js';
import { kubeconfig, startServer, type Faults, type RunningServer } from '../src/serve/server.js';
import { loadStore } from '../src/serve/store.js';
import { packBundle, SAMPLES } from './helpers/bundles.js';

const tmp = mkdtempSync(path.join(tmpdir(), 'cni-doctor-serve-'));
const KUBECTL = process.env.KUBECTL ?? 'kubectl';
const hasKubectl = spawnSync(KUBECTL, ['version', '--client'], { encoding: 'utf8' }).status === 0;
if (!hasKubectl) throw new Error('kubectl not found: .ci/run installs Debian kubernetes-client when it is missing');
// Specific minors installed beside the dispatcher (1.27–1.29 speak only SPDY for exec).
const SDK = '/usr/lib/google-cloud-sdk/bin';
const versions = ['1.27', '1.28', '1.29', '1.30', '1.33'].map((v) => path.join(SDK, `kubectl.${v}`)).filter((p) => existsSync(p));
/** The minors that speak only SPDY/3.1 for exec. */
const spdyOnly = versions.filter((v) => /1\.2[789]$/.test(v));

interface Served {
  server: RunningServer;
  config: string;
  run: (args: string[], bin?: string) => Promise<{ code: number | null; stdout: string; stderr: string }>;
}

async function serve(location: string, faults?: Faults, store?: Awaited<ReturnType<typeof loadStore>>): Promise<Served> {
  const s = store ?? (await loadStore(location));
  const server = await startServer(s, { faults });
  const config = path.join(tmp, `kc-${server.port}`);
  writeFileSync(config, kubeconfig(server.url, `cni-doctor-${path.basename(location)}`));
  // Asynchronous: the server runs in this process, so a synchronous spawn would block it.
  const run = (args: string[], bin = KUBECTL) =>
    new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      execFile(bin, args, { encoding: 'utf8', env: { ...process.env, KUBECONFIG: config }, timeout: 30_000, maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
        resolve({ code: err ? ((err as NodeJS.ErrnoException & { code?: number }).code as unknown as number) ?? 1 : 0, stdout, stderr });
      });
    });
  return { server, config, run };
}

describe('kubectl against a served bundle', () => {
  let s: Served;
  const bundle = path.join(SAMPLES, 'calico-bgp-down');
  beforeAll(async () => {
    s = await serve(bundle);
  });
  afterAll(() => s.server.close());

  it('reports the bundle\'s server version', async () => {
    expect(JSON.parse((await s.run(['version', '-o', 'json'])).stdout).serverVersion.gitVersion).toBe('v1.30.4');
  });

  it('get nodes prints the normal columns', async () => {
    const r = (await s.run(['get', 'nodes']));
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^NAME\s+STATUS\s+ROLES\s+AGE\s+VERSION$/);
    expect(lines.slice(1).map((l) => l.split(/\s+/).slice(0, 3).join(' '))).toEqual(['cp-1 Ready control-plane', 'worker-1 Ready <none>', 'worker-2 Ready <none>']);
  });

  it('get pods -A -o wide prints IP and NODE', async () => {
    const r = (await s.run(['get', 'pods', '-A', '-o', 'wide']));
    expect(r.stdout.split('\n')[0]).toMatch(/^NAMESPACE\s+NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE\s+IP\s+NODE\s+NOMINATED NODE\s+READINESS GATES$/);
    expect(r.stdout).toMatch(/shop\s+cart-5d8f7c6b4-kq2mx\s+1\/1\s+Running\s+0\s+\S+\s+192\.168\.71\.76\s+worker-1/);
  });

  it('filters by field and label selectors, and pages with --chunk-size', async () => {
    const onNode = (await s.run(['get', 'pods', '-A', '--field-selector', 'spec.nodeName=worker-1', '-o', 'name'])).stdout.trim().split('\n');
    expect(onNode).toEqual(['pod/calico-node-b7wqp', 'pod/coredns-7db6d8ff4d-4jxkq', 'pod/kube-proxy-b9mzq', 'pod/cart-5d8f7c6b4-kq2mx', 'pod/web-6c9f8b7d5-2xkq4']);
    expect((await s.run(['get', 'pods', '-A', '-l', 'k8s-app=calico-node', '-o', 'name'])).stdout.trim().split('\n')).toHaveLength(3);
    expect((await s.run(['get', 'pods', '-n', 'shop', '--field-selector', 'status.phase!=Running', '-o', 'name'])).stdout.trim()).toBe('');
    const all = (await s.run(['get', 'pods', '-A', '-o', 'name'])).stdout;
    expect((await s.run(['get', 'pods', '-A', '-o', 'name', '--chunk-size=2'])).stdout).toBe(all);
    const bad = (await s.run(['get', 'pods', '-l', 'a in (b']));
    expect(bad.code).not.toBe(0);
  });

  it('describe node shows the node and the pods on it', async () => {
    const r = (await s.run(['describe', 'node', 'worker-1']));
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Name:\s+worker-1$/m);
    expect(r.stdout).toContain('projectcalico.org/IPv4Address: 10.0.0.11/24');
    expect(r.stdout).toMatch(/Non-terminated Pods:\s+\(5 in total\)/);
  });

  it('logs honours container, tailLines and previous', async () => {
    const log = readFileSync(path.join(bundle, 'logs/kube-system/calico-node-b7wqp/calico-node.log'), 'utf8').trimEnd().split('\n');
    expect((await s.run(['-n', 'kube-system', 'logs', 'calico-node-b7wqp', '-c', 'calico-node', '--tail=2'])).stdout).toBe(`${log.slice(-2).join('\n')}\n`);
    const prev = (await s.run(['-n', 'kube-system', 'logs', 'calico-node-b7wqp', '--previous']));
    expect(prev.code).toBe(1);
    expect(prev.stderr).toMatch(/previous terminated container "calico-node" in pod "calico-node-b7wqp" not found/);
    // A container whose log was not collected: no lines, and kubectl prints the server's warning.
    const missing = (await s.run(['-n', 'kube-system', 'logs', 'kube-proxy-b9mzq']));
    expect(missing.code).toBe(0);
    expect(missing.stdout).toBe('');
    expect(missing.stderr).toMatch(/Warning: the log of container kube-proxy in pod kube-system\/kube-proxy-b9mzq is not in this bundle/);
  });

  it('exec replays the recorded output of the command on that pod\'s node', async () => {
    const r = (await s.run(['-n', 'kube-system', 'exec', 'calico-node-b7wqp', '-c', 'calico-node', '--', 'calicoctl', 'node', 'status']));
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(readFileSync(path.join(bundle, 'plugins/calico/node-status/worker-1.txt'), 'utf8'));
    const route = (await s.run(['-n', 'kube-system', 'exec', 'calico-node-x2k9d', '-c', 'calico-node', '--', 'ip', 'route']));
    expect(route.stdout).toBe(readFileSync(path.join(bundle, 'nodes/cp-1/ip-route.txt'), 'utf8'));
  });

  it('exec of ls/cat answers for the CNI directory the bundle was read from, not for k3s\'s on a kubeadm node', async () => {
    const ls = await s.run(['-n', 'kube-system', 'exec', 'calico-node-b7wqp', '-c', 'calico-node', '--', 'ls', '-la', '/host/etc/cni/net.d']);
    expect(ls.stdout).toBe(readFileSync(path.join(bundle, 'nodes/worker-1/ls-etc-cni-net.d.txt'), 'utf8'));
    // The file name has an "s": the regex once read \\s as a literal s and refused every such cat.
    const cat = await s.run(['-n', 'kube-system', 'exec', 'calico-node-b7wqp', '-c', 'calico-node', '--', 'cat', '/host/etc/cni/net.d/10-calico.conflist']);
    expect(cat.stdout).toBe(readFileSync(path.join(bundle, 'nodes/worker-1/etc-cni-net.d/10-calico.conflist'), 'utf8'));
    const k3s = await s.run(['-n', 'kube-system', 'exec', 'calico-node-b7wqp', '-c', 'calico-node', '--', 'ls', '-la', '/host/var/lib/rancher/k3s/agent/etc/cni/net.d']);
    expect(k3s.code).not.toBe(0);
    expect(k3s.stdout).toBe('');
    expect(k3s.stderr).toContain("ls: cannot access '/host/var/lib/rancher/k3s/agent/etc/cni/net.d': No such file or directory");
  });

  it('exec of a command the bundle has no record of fails like a missing binary', async () => {
    const r = (await s.run(['-n', 'kube-system', 'exec', 'calico-node-b7wqp', '-c', 'calico-node', '--', 'frobnicate', '--now']));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('exec: "frobnicate": executable file not found in $PATH');
  });

  it('lists custom resources', async () => {
    const r = (await s.run(['get', 'ippools.crd.projectcalico.org']));
    expect(r.stdout).toMatch(/^NAME\s+AGE\ndefault-ipv4-ippool\s+\S+\n$/);
    expect(JSON.parse((await s.run(['get', 'ipamblocks.crd.projectcalico.org', '-o', 'json'])).stdout).items).toHaveLength(3);
  });

  it('refuses writes with a Status kubectl prints', async () => {
    const del = (await s.run(['-n', 'shop', 'delete', 'pod', 'web-6c9f8b7d5-2xkq4']));
    expect(del.code).toBe(1);
    expect(del.stderr).toMatch(/Error from server \(Forbidden\): pods "web-6c9f8b7d5-2xkq4" is forbidden: cni-doctor serve is read-only/);
    const label = (await s.run(['-n', 'shop', 'label', 'pod', 'web-6c9f8b7d5-2xkq4', 'x=y']));
    expect(label.code).toBe(1);
    expect(label.stderr).toMatch(/read-only/);
  });

  it.each(versions)('works with %s too: get, and exec (SPDY/3.1 before 1.30, WebSocket after)', async (bin) => {
    expect((await s.run(['get', 'pods', '-n', 'shop', '-o', 'name'], bin)).stdout.trim().split('\n')).toHaveLength(4);
    const r = await s.run(['-n', 'kube-system', 'exec', 'calico-node-b7wqp', '-c', 'calico-node', '--', 'calicoctl', 'node', 'status'], bin);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(readFileSync(path.join(bundle, 'plugins/calico/node-status/worker-1.txt'), 'utf8'));
    const missing = await s.run(['-n', 'kube-system', 'exec', 'calico-node-b7wqp', '-c', 'calico-node', '--', 'frobnicate'], bin);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('exec: "frobnicate": executable file not found in $PATH');
  });

  it.each(spdyOnly)('%s over SPDY: with -i (a stdin stream), and with -i -t (a TTY and a resize stream)', async (bin) => {
    const withStdin = await new Promise<{ code: number | null; stdout: string }>((resolve) => {
      const child = execFile(bin, ['-n', 'kube-system', 'exec', '-i', 'calico-node-b7wqp', '-c', 'calico-node', '--', 'ip', 'route'], { encoding: 'utf8', env: { ...process.env, KUBECONFIG: s.config }, timeout: 30_000 }, (err, stdout) => resolve({ code: err ? 1 : 0, stdout }));
      child.stdin?.end('ignored\n');
    });
    expect(withStdin.code).toBe(0);
    expect(withStdin.stdout).toBe(readFileSync(path.join(bundle, 'nodes/worker-1/ip-route.txt'), 'utf8'));
    // A TTY needs a terminal: script(1) gives kubectl one.
    // (Asynchronous: the server runs in this process.)
    const tty = await new Promise<{ status: number; stdout: string }>((resolve) => {
      const child = execFile('script', ['-qc', `${bin} -n kube-system exec -it calico-node-b7wqp -c calico-node -- ip route`, '/dev/null'], { encoding: 'utf8', env: { ...process.env, KUBECONFIG: s.config }, timeout: 30_000 }, (err, stdout) => resolve({ status: err ? 1 : 0, stdout }));
      child.stdin?.end();
    });
    expect(tty.status).toBe(0);
    expect(tty.stdout.replace(/\r\n/g, '\n')).toContain(readFileSync(path.join(bundle, 'nodes/worker-1/ip-route.txt'), 'utf8').split('\n')[0]);
  });
});

describe('serving a .tar.gz and recorded exit codes', () => {
  it('serves a packed bundle without extracting it', async () => {
    const archive = path.join(tmp, 'flannel.tar.gz');
    await packBundle(path.join(SAMPLES, 'healthy-flannel'), archive);
    const s = await serve(archive);
    try {
      expect((await s.run(['get', 'ds', '-n', 'kube-flannel', '-o', 'name'])).stdout.trim()).toBe('daemonset.apps/kube-flannel-ds');
      const r = (await s.run(['-n', 'kube-flannel', 'exec', 'kube-flannel-ds-b7wqp', '--', 'cat', '/run/flannel/subnet.env']));
      expect(r.stdout).toBe('FLANNEL_NETWORK=10.244.0.0/16\nFLANNEL_SUBNET=10.244.1.1/24\nFLANNEL_MTU=1450\nFLANNEL_IPMASQ=true\n');
    } finally {
      await s.server.close();
    }
  });

  it.each(spdyOnly)('%s over SPDY: a large output arrives byte for byte, and a recorded exit status is kept', async (bin) => {
    const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'agent-x', namespace: 'kube-system' }, spec: { nodeName: 'n1', containers: [{ name: 'agent' }] }, status: { phase: 'Running' } };
    const manifest = { format: 'cni-doctor-bundle', formatVersion: 1, createdAt: '2026-11-27T10:00:00Z', collector: { name: 'cni-doctor', version: '0.1.0' }, cluster: { context: 'x', serverVersion: 'v1.28.4' }, options: {}, redaction: { applied: true, replacements: 0 }, commands: [{ argv: ['kubectl', 'exec', '-n', 'kube-system', 'agent-x', '--', 'calicoctl', 'node', 'status'], node: 'n1', file: 'plugins/calico/node-status/n1.txt', exitCode: 1, durationMs: 5, stderr: '', error: 'exec-failed' }] };
    // 1.5 MB of routes: past SPDY's 64 KiB window and many DATA frames.
    const routes = Array.from({ length: 30_000 }, (_, i) => `10.${(i >> 8) & 255}.${i & 255}.0/24 via 10.0.0.${i % 250} dev eth0 proto bird`).join('\n') + '\n';
    const store = await loadStore('memory', new MemorySource({ 'manifest.json': JSON.stringify(manifest), 'cluster/pods.json': JSON.stringify({ items: [pod] }), 'plugins/calico/node-status/n1.txt': 'Calico process is not running.\n', 'nodes/n1/ip-route.txt': routes }));
    const m = await serve('memory', undefined, store);
    try {
      const big = await m.run(['-n', 'kube-system', 'exec', 'agent-x', '--', 'ip', 'route'], bin);
      expect(big.code).toBe(0);
      expect(big.stdout.length).toBe(routes.length);
      expect(big.stdout).toBe(routes);
      const r = await m.run(['-n', 'kube-system', 'exec', 'agent-x', '--', 'calicoctl', 'node', 'status'], bin);
      expect(r.stdout).toBe('Calico process is not running.\n');
      expect(r.code).toBe(1);
      expect(r.stderr).toContain('command terminated with exit code 1');
    } finally {
      await m.server.close();
    }
  });

  it('returns the recorded exit status of a command', async () => {
    const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'agent-x', namespace: 'kube-system' }, spec: { nodeName: 'n1', containers: [{ name: 'agent' }] }, status: { phase: 'Running' } };
    const manifest = { format: 'cni-doctor-bundle', formatVersion: 1, createdAt: '2026-11-27T10:00:00Z', collector: { name: 'cni-doctor', version: '0.1.0' }, cluster: { context: 'x', serverVersion: 'v1.30.4' }, options: {}, redaction: { applied: true, replacements: 0 }, commands: [{ argv: ['kubectl', 'exec', '-n', 'kube-system', 'agent-x', '--', 'calicoctl', 'node', 'status'], node: 'n1', file: 'plugins/calico/node-status/n1.txt', exitCode: 1, durationMs: 5, stderr: '', error: 'exec-failed' }] };
    const store = await loadStore('memory', new MemorySource({ 'manifest.json': JSON.stringify(manifest), 'cluster/pods.json': JSON.stringify({ items: [pod] }), 'plugins/calico/node-status/n1.txt': 'Calico process is not running.\n' }));
    const s = await serve('memory', undefined, store);
    try {
      const r = (await s.run(['-n', 'kube-system', 'exec', 'agent-x', '--', 'calicoctl', 'node', 'status']));
      expect(r.stdout).toBe('Calico process is not running.\n');
      expect(r.code).toBe(1);
      expect(r.stderr).toContain('command terminated with exit code 1');
    } finally {
      await s.server.close();
    }
  });
});

describe('fault injection', () => {
  let s: Served;
  beforeAll(async () => {
    s = await serve(path.join(SAMPLES, 'calico-bgp-down'), {
      forbid: ['networkpolicies', 'crd.projectcalico.org/ippools'],
      delay: [{ match: '/configmaps', ms: 3000 }],
      execFailNodes: ['worker-2'],
      unreachableNodes: ['cp-1'],
    });
  });
  afterAll(() => s.server.close());

  it('answers a forbidden resource with an RBAC-style 403', async () => {
    const r = (await s.run(['get', 'networkpolicies', '-A']));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('Error from server (Forbidden): networkpolicies.networking.k8s.io is forbidden: User "system:serviceaccount:cni-doctor:collector" cannot list resource "networkpolicies" in API group "networking.k8s.io" at the cluster scope');
    expect((await s.run(['get', 'ippools.crd.projectcalico.org'])).stderr).toMatch(/Forbidden/);
    expect((await s.run(['get', 'pods', '-n', 'shop', '-o', 'name'])).code).toBe(0);
  });

  it('delays responses past a client timeout', async () => {
    const r = (await s.run(['get', 'configmaps', '-A', '--request-timeout=1s']));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/Client\.Timeout|context deadline exceeded|timeout/i);
  });

  it('fails exec on one node and makes another unreachable', async () => {
    const failed = (await s.run(['-n', 'kube-system', 'exec', 'calico-node-m4ntz', '-c', 'calico-node', '--', 'calicoctl', 'node', 'status']));
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(/error executing command in container/);
    const ok = (await s.run(['-n', 'kube-system', 'exec', 'calico-node-b7wqp', '-c', 'calico-node', '--', 'calicoctl', 'node', 'status']));
    expect(ok.code).toBe(0);
    // The same faults over SPDY (kubectl before 1.30).
    for (const bin of spdyOnly) {
      const spdyFailed = await s.run(['-n', 'kube-system', 'exec', 'calico-node-m4ntz', '-c', 'calico-node', '--', 'calicoctl', 'node', 'status'], bin);
      expect(spdyFailed.code).toBe(1);
      expect(spdyFailed.stderr).toMatch(/error executing command in container/);
    }
    const unreachable = (await s.run(['-n', 'kube-system', 'logs', 'calico-node-x2k9d']));
    expect(unreachable.code).toBe(1);
    expect(unreachable.stderr).toMatch(/is unreachable/);
  });
});

describe('cni-doctor serve (the command)', () => {
  it('writes a kubeconfig, prints how to use it, serves kubectl, and stops cleanly on Ctrl-C', async () => {
    const { spawn } = await import('node:child_process');
    const kc = path.join(tmp, 'cli.kubeconfig');
    const child = spawn(process.execPath, [path.resolve('bin/cni-doctor.js'), 'serve', path.join(SAMPLES, 'healthy-cilium'), '--kubeconfig-out', kc], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      for (let i = 0; i < 100 && !stdout.includes('Press Ctrl-C'); i++) await new Promise((r) => setTimeout(r, 100));
      expect(stdout).toMatch(/^Serving .*healthy-cilium \(read-only\) at http:\/\/127\.0\.0\.1:\d+\n/);
      expect(stdout).toContain(`export KUBECONFIG=${kc}`);
      const nodes = await new Promise<string>((resolve) => execFile(KUBECTL, ['get', 'nodes', '-o', 'name'], { env: { ...process.env, KUBECONFIG: kc } }, (_e, out) => resolve(out)));
      expect(nodes).toBe('node/cp-1\nnode/worker-1\nnode/worker-2\n');
    } finally {
      child.kill('SIGINT');
    }
    expect(await exited).toBe(0);
    expect(stderr).toContain('cni-doctor: stopped');
  });
});

describe('big Lists spilled to disk', () => {
  it('kubectl sees the same objects, pages and selections whether a List is in memory or spilled, and the spill file goes with the store', async () => {
    const bundle = path.join(SAMPLES, 'calico-bgp-down');
    const ownTmp = mkdtempSync(path.join(tmp, 'spill-'));
    const savedTmp = process.env.TMPDIR;
    process.env.TMPDIR = ownTmp;
    let spilledStore;
    try {
      // Every List spilled (threshold 0 bytes).
      spilledStore = await loadStore(bundle, undefined, undefined, { spillBytes: 0 });
    } finally {
      if (savedTmp === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = savedTmp;
    }
    const spilled = await serve(bundle, undefined, spilledStore);
    const inMemory = await serve(bundle);
    try {
      for (const args of [
        ['get', 'pods', '-A', '-o', 'json'],
        ['get', 'pods', '-A', '-o', 'wide', '--chunk-size', '2'],
        ['get', 'pods', '-A', '--field-selector', 'spec.nodeName=worker-1'],
        ['get', 'pods', '-n', 'kube-system', '-l', 'k8s-app=calico-node', '-o', 'name'],
        ['get', 'events', '-A', '--field-selector', 'involvedObject.kind=Node'],
        ['get', 'nodes', 'worker-1', '-o', 'json'],
        ['-n', 'kube-system', 'logs', 'calico-node-b7wqp', '--tail', '3'],
      ]) {
        const a = await inMemory.run(args);
        const b = await spilled.run(args);
        expect(a.code, args.join(' ')).toBe(0);
        expect(b, args.join(' ')).toEqual(a);
      }
      expect(readdirSync(ownTmp)).toHaveLength(1);
    } finally {
      await spilled.server.close();
      await inMemory.server.close();
    }
    spilledStore.close();
    expect(readdirSync(ownTmp)).toEqual([]);
  });
});
