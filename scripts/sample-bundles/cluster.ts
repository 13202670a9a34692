// A sample cluster being assembled: API objects, node files, plugin outputs and logs, written out as
// an unpacked bundle with a manifest that records the command behind every file.
import { mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { stringify } from 'yaml';
import { nodeCommandOfOutput } from '../../src/cni/index.js';
import type { Expected } from '../../test/helpers/fixtures/expected.js';
import { procMounts } from '../../test/helpers/fixtures/node-files.js';
import { T, configMap, daemonSet, deployment, endpointSlice, event, list, namespace, node, pod, service, type EventSpec, type NodeSpec, type PodSpec, type WorkloadSpec } from '../../test/helpers/fixtures/k8s.js';

export interface Command {
  argv: string[];
  node: string | null;
  file: string | null;
  exitCode: number | null;
  durationMs: number;
  stderr: string;
  error: null | 'timeout' | 'forbidden' | 'not-found' | 'exec-failed' | 'unreachable' | 'skipped';
}

export class Cluster {
  nodes: ReturnType<typeof node>[] = [];
  pods: ReturnType<typeof pod>[] = [];
  events: ReturnType<typeof event>[] = [];
  daemonSets: ReturnType<typeof daemonSet>[] = [];
  deployments: ReturnType<typeof deployment>[] = [];
  services: unknown[] = [];
  endpointSlices: unknown[] = [];
  networkPolicies: unknown[] = [];
  configMaps: unknown[] = [];
  namespaces: unknown[] = [];
  custom = new Map<string, unknown[]>();
  files = new Map<string, string | Buffer>();
  commands: Command[] = [];
  /** Files deliberately left out of the bundle (their command failed). */
  failed = new Map<string, Omit<Command, 'file' | 'argv' | 'node'>>();
  symlinks = new Map<string, string>();
  /** The argv the manifest records for a file, where it is not the usual one (k3s's directories, say). */
  argvFor = new Map<string, string[]>();
  omitLists = new Set<string>();
  serverVersion = 'v1.30.4';
  context = 'prod-eu1';
  private duration = 100;

  addNode(s: NodeSpec): void {
    this.nodes.push(node(s));
  }
  addPod(s: PodSpec): ReturnType<typeof pod> {
    const p = pod(s);
    this.pods.push(p);
    return p;
  }
  /** Rebuilds a pod from a new spec at the same place in the list (a base cluster's pod gone bad). */
  replacePod(name: string, s: PodSpec): void {
    const i = this.pods.findIndex((p) => p.metadata.name === name);
    if (i < 0) throw new Error(`no pod ${name}`);
    this.pods[i] = pod(s);
  }
  /** A DaemonSet with only `ready` of its pods ready. */
  setDaemonSetReady(name: string, ready: number): void {
    const ds = this.daemonSets.find((d) => d.metadata.name === name);
    if (!ds) throw new Error(`no DaemonSet ${name}`);
    const status = ds.status as Record<string, number>;
    status.numberReady = ready;
    status.numberAvailable = ready;
    if (status.desiredNumberScheduled! > ready) status.numberUnavailable = status.desiredNumberScheduled! - ready;
  }
  addEvent(s: EventSpec): void {
    this.events.push(event(s));
  }
  addDaemonSet(s: WorkloadSpec): void {
    this.daemonSets.push(daemonSet(s));
  }
  addDeployment(s: WorkloadSpec): void {
    this.deployments.push(deployment(s));
  }
  addCustom(name: string, item: unknown): void {
    this.custom.set(name, [...(this.custom.get(name) ?? []), item]);
  }
  file(p: string, content: string | Buffer): void {
    this.files.set(p, content);
  }
  nodeNames(): string[] {
    return this.nodes.map((n) => n.metadata.name);
  }

  private record(argv: string[], node: string | null, file: string | null): void {
    this.duration = (this.duration * 37 + 11) % 900 + 40;
    const failure = file ? this.failed.get(file) : undefined;
    this.commands.push({ argv, node, file, exitCode: failure ? failure.exitCode : 0, durationMs: failure?.durationMs ?? this.duration, stderr: failure?.stderr ?? '', error: failure?.error ?? null });
  }

  write(dir: string, expected: Expected): void {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    const out = new Map<string, string | Buffer>();
    const lists: [string, unknown[], string[]][] = [
      ['cluster/version.json', [], ['kubectl', 'version', '-o', 'json']],
      ['cluster/namespaces.json', this.namespaces, ['kubectl', 'get', 'namespaces', '-o', 'json']],
      ['cluster/nodes.json', this.nodes, ['kubectl', 'get', 'nodes', '-o', 'json']],
      ['cluster/pods.json', this.pods, ['kubectl', 'get', 'pods', '-A', '-o', 'json']],
      ['cluster/events.json', this.events, ['kubectl', 'get', 'events', '-A', '-o', 'json']],
      ['cluster/daemonsets.json', this.daemonSets, ['kubectl', 'get', 'daemonsets', '-A', '-o', 'json']],
      ['cluster/deployments.json', this.deployments, ['kubectl', 'get', 'deployments', '-A', '-o', 'json']],
      ['cluster/services.json', this.services, ['kubectl', 'get', 'services', '-A', '-o', 'json']],
      ['cluster/endpointslices.json', this.endpointSlices, ['kubectl', 'get', 'endpointslices', '-A', '-o', 'json']],
      ['cluster/networkpolicies.json', this.networkPolicies, ['kubectl', 'get', 'networkpolicies', '-A', '-o', 'json']],
      ['cluster/configmaps.json', this.configMaps, ['kubectl', 'get', 'configmaps', '-n', 'kube-system', '-o', 'json']],
    ];
    for (const [file, items, argv] of lists) {
      if (this.omitLists.has(file)) continue;
      this.record(argv, null, file);
      if (this.failed.has(file)) continue;
      if (file === 'cluster/version.json') {
        out.set(file, `${JSON.stringify({ clientVersion: { major: '1', minor: '30', gitVersion: 'v1.30.4', platform: 'linux/amd64' }, kustomizeVersion: 'v5.0.4-0.20230601165947-6ce0bf390ce3', serverVersion: { major: '1', minor: this.serverVersion.split('.')[1], gitVersion: this.serverVersion, platform: 'linux/amd64' } }, null, 2)}\n`);
      } else out.set(file, list(items));
    }
    for (const [name, items] of [...this.custom.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) {
      const file = `cluster/custom/${name}.json`;
      this.record(['kubectl', 'get', name, '-A', '-o', 'json'], null, file);
      if (!this.failed.has(file)) out.set(file, list(items));
    }
    for (const [file, content] of [...this.files.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) {
      const m = /^nodes\/([^/]+)\//.exec(file) ?? /^plugins\/[^/]+\/[^/]+\/([^/]+)\.(?:txt|json)$/.exec(file);
      this.record(this.argvFor.get(file) ?? commandFor(file), m?.[1] ?? null, file);
      if (!this.failed.has(file)) out.set(file, content);
    }
    // `kubectl top` where metrics are served; its failure where they are not, as a collector records it.
    if (!this.files.has('cluster/top-pods.txt') && !this.failed.has('cluster/top-pods.txt')) {
      for (const f of ['cluster/top-nodes.txt', 'cluster/top-pods.txt']) this.failed.set(f, { exitCode: 1, durationMs: 180, stderr: 'error: Metrics API not available', error: 'exec-failed' });
    }
    // Commands that failed without producing any file.
    for (const [file, f] of this.failed) {
      if (this.commands.some((c) => c.file === file)) continue;
      const m = /^nodes\/([^/]+)\//.exec(file) ?? /^plugins\/[^/]+\/[^/]+\/([^/]+)\.(?:txt|json)$/.exec(file);
      this.commands.push({ argv: commandFor(file), node: m?.[1] ?? null, file, ...f });
    }
    const manifest = {
      format: 'cni-doctor-bundle',
      formatVersion: 1,
      createdAt: T(15),
      collector: { name: 'cni-doctor', version: '0.1.0' },
      cluster: { context: this.context, serverVersion: this.serverVersion },
      options: { nodes: 'all', logLines: 2000, redact: true, probe: out.has('probe/result.json') || this.files.has('probe/result.json') },
      redaction: { applied: true, replacements: 3 },
      commands: this.commands,
    };
    out.set('manifest.json', `${JSON.stringify(manifest, null, 2)}\n`);
    for (const [file, content] of out) {
      const full = path.join(dir, file);
      mkdirSync(path.dirname(full), { recursive: true });
      writeFileSync(full, content);
    }
    for (const [file, target] of this.symlinks) {
      const full = path.join(dir, file);
      mkdirSync(path.dirname(full), { recursive: true });
      symlinkSync(target, full);
    }
    writeFileSync(path.join(dir, 'expected.yaml'), stringify(expected));
  }
}

function commandFor(file: string): string[] {
  let m: RegExpExecArray | null;
  if ((m = /^nodes\/([^/]+)\/etc-cni-net\.d\/(.+)$/.exec(file))) return ['kubectl', 'exec', '<agent-pod>', '--', 'cat', `/host/etc/cni/net.d/${m[2]}`];
  if ((m = /^nodes\/[^/]+\/(.+)$/.exec(file))) {
    const map: Record<string, string[]> = {
      'ls-etc-cni-net.d.txt': ['ls', '-la', '/host/etc/cni/net.d'],
      'ls-opt-cni-bin.txt': ['ls', '-la', '/host/opt/cni/bin'],
      'ip-route.txt': ['ip', 'route', 'show'],
      'ip-link.txt': ['ip', '-d', 'link', 'show'],
      'proc-mounts.txt': ['cat', '/proc/mounts'],
      'flannel-subnet.env': ['cat', '/run/flannel/subnet.env'],
      'bridge-fdb-flannel.1.txt': ['bridge', 'fdb', 'show', 'dev', 'flannel.1'],
    };
    return ['kubectl', 'exec', '<agent-pod>', '--', ...(map[m[1]!] ?? ['cat', m[1]!])];
  }
  if (file.startsWith('plugins/calico/node-status/')) return ['kubectl', 'exec', '<calico-node-pod>', '--', 'calicoctl', 'node', 'status'];
  if (file.startsWith('plugins/calico/birdcl-protocols/')) return ['kubectl', 'exec', '<calico-node-pod>', '--', 'birdcl', '-s', '/var/run/calico/bird.ctl', 'show', 'protocols'];
  if (file === 'plugins/calico/ipam-show.txt') return ['calicoctl', 'ipam', 'show'];
  if (file === 'plugins/calico/ipam-show-blocks.txt') return ['calicoctl', 'ipam', 'show', '--show-blocks'];
  if (file.startsWith('plugins/cilium/status/')) return ['kubectl', 'exec', '<cilium-pod>', '-c', 'cilium-agent', '--', 'cilium-dbg', 'status', '--verbose'];
  if (file.startsWith('plugins/cilium/bpf-endpoint-list/')) return ['kubectl', 'exec', '<cilium-pod>', '-c', 'cilium-agent', '--', 'cilium-dbg', 'bpf', 'endpoint', 'list'];
  if (file.startsWith('plugins/aws-vpc-cni/enis/')) return ['kubectl', 'exec', '<aws-node-pod>', '--', 'curl', '-s', 'http://localhost:61679/v1/enis'];
  if ((m = /^logs\/([^/]+)\/([^/]+)\/(.+?)(\.previous)?\.log$/.exec(file))) return ['kubectl', 'logs', '-n', m[1]!, m[2]!, '-c', m[3]!, '--tail=2000', ...(m[4] ? ['--previous'] : [])];
  if (file === 'cluster/top-pods.txt') return ['kubectl', 'top', 'pods', '-A'];
  if (file === 'cluster/top-nodes.txt') return ['kubectl', 'top', 'nodes'];
  if (file === 'probe/result.json') return ['kubectl', 'run', 'cni-doctor-probe', '--image=<agent-image>', '--restart=Never'];
  // Any other plugin output: the command its descriptor runs (src/cni/).
  const c = nodeCommandOfOutput(file);
  if (c) return ['kubectl', 'exec', '<agent-pod>', ...(c.container ? ['-c', '<container>'] : []), '--', ...c.argv];
  return ['cat', file];
}

// --- the parts every cluster has --------------------------------------------------------------

export interface BaseOptions {
  nodes: NodeSpec[];
  /** Pod IPs per node are taken from this function. */
  podIp: (nodeIndex: number, n: number) => string;
  withProbe?: boolean;
}

export const COREDNS_IMAGE = 'registry.k8s.io/coredns/coredns:v1.11.3';

export function baseCluster(o: BaseOptions): Cluster {
  const c = new Cluster();
  for (const n of o.nodes) c.addNode(n);
  for (const ns of ['default', 'kube-node-lease', 'kube-public', 'kube-system', 'shop']) c.namespaces.push(namespace(ns));
  const names = o.nodes.map((n) => n.name);
  const cp = names[0]!;
  // Control plane static pods on the first node (host network).
  for (const comp of ['etcd', 'kube-apiserver', 'kube-controller-manager', 'kube-scheduler']) {
    c.addPod({ namespace: 'kube-system', name: `${comp}-${cp}`, node: cp, hostNetwork: true, ip: o.nodes[0]!.ip, hostIP: o.nodes[0]!.ip, labels: { component: comp, tier: 'control-plane' }, owner: { kind: 'Node', name: cp }, containers: [{ name: comp, image: `registry.k8s.io/${comp}:v1.30.4` }] });
  }
  names.forEach((n, i) => {
    c.addPod({ namespace: 'kube-system', name: `kube-proxy-${['7xk2p', 'b9mzq', 'h4wtn', 'q2rvd', 'zz8kd', 'm3pfx'][i]}`, node: n, hostNetwork: true, ip: o.nodes[i]!.ip, hostIP: o.nodes[i]!.ip, labels: { 'k8s-app': 'kube-proxy' }, owner: { kind: 'DaemonSet', name: 'kube-proxy' }, containers: [{ name: 'kube-proxy', image: 'registry.k8s.io/kube-proxy:v1.30.4' }] });
  });
  c.addDaemonSet({ namespace: 'kube-system', name: 'kube-proxy', selector: { 'k8s-app': 'kube-proxy' }, containers: [{ name: 'kube-proxy', image: 'registry.k8s.io/kube-proxy:v1.30.4' }], desired: names.length, ready: names.length });
  // CoreDNS on the two workers (or the first node of a one-node cluster).
  const dnsNodes = names.length > 1 ? [1, 2 % names.length] : [0, 0];
  const dnsPods = ['coredns-7db6d8ff4d-4jxkq', 'coredns-7db6d8ff4d-vn9wz'].map((name, k) => {
    const ni = dnsNodes[k]!;
    return { name, node: names[ni]!, ip: o.podIp(ni, 2 + k), hostIP: o.nodes[ni]!.ip };
  });
  for (const d of dnsPods) {
    c.addPod({ namespace: 'kube-system', name: d.name, node: d.node, ip: d.ip, hostIP: d.hostIP, labels: { 'k8s-app': 'kube-dns', 'pod-template-hash': '7db6d8ff4d' }, owner: { kind: 'ReplicaSet', name: 'coredns-7db6d8ff4d' }, containers: [{ name: 'coredns', image: COREDNS_IMAGE, memoryLimit: '170Mi' }] });
    c.file(`logs/kube-system/${d.name}/coredns.log`, `.:53\n[INFO] plugin/reload: Running configuration SHA512 = 591cf328cccc12bc490481273e738df59329c62c0b729d94e8b61db9961c2fa5f046dd37f1cf888b953814040d180f52594972691cd6ff41be96639138a43908\nCoreDNS-1.11.3\nlinux/amd64, go1.21.11, a6338e9\n`);
  }
  c.addDeployment({ namespace: 'kube-system', name: 'coredns', selector: { 'k8s-app': 'kube-dns' }, containers: [{ name: 'coredns', image: COREDNS_IMAGE, memoryLimit: '170Mi' }], desired: 2, ready: 2 });
  c.services.push(service('default', 'kubernetes', '10.96.0.1', undefined, [{ name: 'https', port: 443, protocol: 'TCP' }], { component: 'apiserver', provider: 'kubernetes' }));
  c.services.push(service('kube-system', 'kube-dns', '10.96.0.10', { 'k8s-app': 'kube-dns' }, [{ name: 'dns', port: 53, protocol: 'UDP' }, { name: 'dns-tcp', port: 53, protocol: 'TCP' }, { name: 'metrics', port: 9153, protocol: 'TCP' }], { 'k8s-app': 'kube-dns' }));
  c.endpointSlices.push(endpointSlice('kube-system', 'kube-dns', dnsPods.map((d) => ({ ip: d.ip, ready: true, node: d.node }))));
  // A small shop application spread over the workers.
  const workers = names.length > 1 ? names.slice(1) : names;
  const appPods: { name: string; node: string; ip: string }[] = [];
  ['web-6c9f8b7d5-2xkq4', 'web-6c9f8b7d5-9pzt7', 'cart-5d8f7c6b4-kq2mx', 'cart-5d8f7c6b4-w8n4z'].forEach((name, k) => {
    const ni = names.indexOf(workers[k % workers.length]!);
    const app = name.split('-')[0]!;
    appPods.push({ name, node: names[ni]!, ip: o.podIp(ni, 10 + k) });
    c.addPod({ namespace: 'shop', name, node: names[ni]!, ip: o.podIp(ni, 10 + k), hostIP: o.nodes[ni]!.ip, labels: { app, 'pod-template-hash': name.split('-')[1]! }, owner: { kind: 'ReplicaSet', name: name.split('-').slice(0, 2).join('-') }, containers: [{ name: app, image: `ghcr.io/example/${app}:2.4.1`, memoryLimit: '256Mi' }] });
  });
  for (const app of ['web', 'cart']) {
    c.addDeployment({ namespace: 'shop', name: app, selector: { app }, containers: [{ name: app, image: `ghcr.io/example/${app}:2.4.1`, memoryLimit: '256Mi' }], desired: 2, ready: 2 });
  }
  c.services.push(service('shop', 'web', '10.96.120.15', { app: 'web' }, [{ name: 'http', port: 80, protocol: 'TCP' }]));
  c.services.push(service('shop', 'cart', '10.96.87.201', { app: 'cart' }, [{ name: 'http', port: 8080, protocol: 'TCP' }]));
  // A healthy policy set: default deny + DNS and app egress allowed.
  c.networkPolicies.push(
    { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { creationTimestamp: '2026-11-20T09:00:00Z', generation: 1, name: 'default-deny', namespace: 'shop', resourceVersion: '1201', uid: 'a1' }, spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] } },
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { creationTimestamp: '2026-11-20T09:00:00Z', generation: 1, name: 'allow-dns', namespace: 'shop', resourceVersion: '1202', uid: 'a2' },
      spec: { egress: [{ ports: [{ port: 53, protocol: 'UDP' }, { port: 53, protocol: 'TCP' }], to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } }, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }] }], podSelector: {}, policyTypes: ['Egress'] },
    },
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { creationTimestamp: '2026-11-20T09:00:00Z', generation: 1, name: 'web-to-cart', namespace: 'shop', resourceVersion: '1203', uid: 'a3' },
      spec: { egress: [{ ports: [{ port: 8080, protocol: 'TCP' }], to: [{ podSelector: { matchLabels: { app: 'cart' } } }] }], ingress: [{ from: [{ podSelector: { matchLabels: { app: 'web' } } }], ports: [{ port: 8080, protocol: 'TCP' }] }], podSelector: { matchLabels: { app: 'cart' } }, policyTypes: ['Ingress', 'Egress'] },
    },
  );
  c.configMaps.push(configMap('kube-system', 'coredns', { Corefile: '.:53 {\n    errors\n    health {\n       lameduck 5s\n    }\n    ready\n    kubernetes cluster.local in-addr.arpa ip6.arpa {\n       pods insecure\n       fallthrough in-addr.arpa ip6.arpa\n       ttl 30\n    }\n    prometheus :9153\n    forward . /etc/resolv.conf {\n       max_concurrent 1000\n    }\n    cache 30\n    loop\n    reload\n    loadbalance\n}\n' }));
  // Normal events of a working cluster.
  appPods.forEach((p, k) => {
    c.addEvent({ namespace: 'shop', object: { kind: 'Pod', name: p.name }, reason: 'Scheduled', message: `Successfully assigned shop/${p.name} to ${p.node}`, component: 'default-scheduler', last: T(1 + k) });
    c.addEvent({ namespace: 'shop', object: { kind: 'Pod', name: p.name }, reason: 'Started', message: `Started container ${p.name.split('-')[0]}`, host: p.node, last: T(2 + k) });
  });
  for (const n of names) c.file(`nodes/${n}/proc-mounts.txt`, procMounts(false));
  if (o.withProbe) {
    c.file('probe/result.json', `${JSON.stringify({ scheduled: true, node: workers[0], sandboxCreated: true, sandboxSeconds: 2.4, ipRoute: { output: 'default via 169.254.1.1 dev eth0\n169.254.1.1 dev eth0 scope link\n' }, dns: { ok: true, query: 'kubernetes.default.svc.cluster.local', output: 'Server:\t\t10.96.0.10\nAddress:\t10.96.0.10:53\n\nName:\tkubernetes.default.svc.cluster.local\nAddress: 10.96.0.1\n' }, egress: { ok: true, target: 'https://registry.k8s.io', output: 'HTTP/2 200\n' } }, null, 2)}\n`);
  }
  return c;
}

export { T };
export { binListing, lsLa, procMounts, realWorld, REFERENCE_PLUGINS } from '../../test/helpers/fixtures/node-files.js';
export type { Expected } from '../../test/helpers/fixtures/expected.js';
