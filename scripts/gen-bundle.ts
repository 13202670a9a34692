// Large-bundle generator for the scale benchmark (issue 7):
//   npm run gen:bundle -- --nodes 5000 --pods 150000 --events 200000 -o big.tar.gz
// Deterministic (no clock, no randomness), realistic object sizes (built with the same builders as the
// sample bundles, so pods carry labels, owner references, container specs and statuses as kubectl
// prints them), per-node files and plugin outputs for every node, and a few injected failures so the
// rules have work: one NotReady node, one node whose conflist chains portmap without the binary (and
// its pods' FailedCreatePodSandBox events), one node with a BGP peer down.
//
// It streams: Lists are written item by item to a staging directory, then packed file by file into the
// .tar.gz, so memory does not grow with --pods or --events.
import { createReadStream, createWriteStream, mkdtempSync, rmSync, statSync, readdirSync, mkdirSync, writeFileSync, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import tar from 'tar-stream';
import { parseArgs } from 'node:util';
import { node, pod, event, daemonSet, resetCounters, T } from './sample-bundles/k8s.js';
import { calicoConflist, calicoNodeStatusTable, CALICO_IMAGE } from './sample-bundles/plugins.js';
import { binListing, procMounts, lsLa, REFERENCE_PLUGINS } from './sample-bundles/cluster.js';

export interface GenerateOptions {
  nodes: number;
  pods: number;
  events: number;
  cni: 'calico';
  output: string;
}

const SUPPORTED_CNI = ['calico'] as const;

/** Writes a `kind: List` one item at a time, honouring back-pressure. */
class ListWriter {
  private first = true;
  private constructor(private readonly out: WriteStream) {}
  static async open(file: string): Promise<ListWriter> {
    const out = createWriteStream(file);
    out.write('{\n    "apiVersion": "v1",\n    "items": [');
    return new ListWriter(out);
  }
  async add(item: unknown): Promise<void> {
    const text = (this.first ? '\n' : ',\n') + JSON.stringify(item, null, 4).replace(/^/gm, '        ');
    this.first = false;
    if (!this.out.write(text)) await once(this.out, 'drain');
  }
  async close(): Promise<void> {
    this.out.end(`${this.first ? '' : '\n    '}],\n    "kind": "List",\n    "metadata": {\n        "resourceVersion": ""\n    }\n}\n`);
    await once(this.out, 'finish');
  }
}

const nodeName = (i: number) => `node-${String(i).padStart(5, '0')}`;
const nodeIp = (i: number) => `10.${Math.floor(i / 250) % 250}.${i % 250}.${10}`;
/** Each node owns a /24 of 10.128.0.0/9 inside the Calico pool (enough for 65,536 nodes). */
const podIp = (nodeIndex: number, n: number) => `10.${128 + Math.floor(nodeIndex / 256)}.${nodeIndex % 256}.${(n % 250) + 2}`;
const blockOf = (i: number) => `10.${128 + Math.floor(i / 256)}.${i % 256}.0/24`;

const NOT_READY_NODE = 1;
const PORTMAP_MISSING_NODE = 2;
const BGP_DOWN_NODE = 3;
const NAMESPACES = ['default', 'payments', 'checkout', 'search', 'analytics', 'frontend', 'batch', 'monitoring'];

export async function generateBundle(o: GenerateOptions): Promise<void> {
  if (o.nodes < 4) throw new Error('--nodes must be at least 4 (the injected failures need 3 worker nodes)');
  resetCounters();
  const stage = mkdtempSync(path.join(os.tmpdir(), 'cni-doctor-gen-'));
  try {
    await writeStage(stage, o);
    await packDirectory(stage, o.output);
  } finally {
    rmSync(stage, { recursive: true, force: true });
  }
}

async function writeStage(root: string, o: GenerateOptions): Promise<void> {
  const file = (rel: string, content: string) => {
    const p = path.join(root, rel);
    mkdirSync(path.dirname(p), { recursive: true });
    writeFileSync(p, content);
  };
  mkdirSync(path.join(root, 'cluster'), { recursive: true });
  const empty = () => '{\n    "apiVersion": "v1",\n    "items": [],\n    "kind": "List",\n    "metadata": {\n        "resourceVersion": ""\n    }\n}\n';
  file('cluster/version.json', `${JSON.stringify({ clientVersion: { gitVersion: 'v1.30.4' }, serverVersion: { gitVersion: 'v1.30.4', major: '1', minor: '30', platform: 'linux/amd64' } }, null, 4)}\n`);
  for (const name of ['services', 'endpointslices', 'networkpolicies', 'configmaps', 'deployments']) file(`cluster/${name}.json`, empty());

  const namespaces = await ListWriter.open(path.join(root, 'cluster/namespaces.json'));
  for (const ns of ['kube-system', ...NAMESPACES]) await namespaces.add({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns, labels: { 'kubernetes.io/metadata.name': ns } }, spec: { finalizers: ['kubernetes'] }, status: { phase: 'Active' } });
  await namespaces.close();

  const nodes = await ListWriter.open(path.join(root, 'cluster/nodes.json'));
  for (let i = 0; i < o.nodes; i++) {
    await nodes.add(node({
      name: nodeName(i),
      ip: nodeIp(i),
      podCIDR: blockOf(i),
      controlPlane: i === 0,
      annotations: { 'projectcalico.org/IPv4Address': `${nodeIp(i)}/16` },
      networkUnavailable: { status: 'False', reason: 'CalicoIsUp', message: 'Calico is running on this node' },
      ...(i === NOT_READY_NODE ? { ready: { status: 'False', reason: 'KubeletNotReady', message: 'container runtime network not ready: NetworkReady=false reason:NetworkPluginNotReady message:Network plugin returns error: cni plugin not initialized' } } : {}),
    }));
  }
  await nodes.close();

  const daemonsets = await ListWriter.open(path.join(root, 'cluster/daemonsets.json'));
  await daemonsets.add(daemonSet({
    namespace: 'kube-system', name: 'calico-node', selector: { 'k8s-app': 'calico-node' },
    containers: [{ name: 'calico-node', image: CALICO_IMAGE, env: { DATASTORE_TYPE: 'kubernetes', CALICO_NETWORKING_BACKEND: 'bird' } }],
    hostPaths: { 'cni-bin-dir': '/opt/cni/bin', 'cni-net-dir': '/etc/cni/net.d' },
    desired: o.nodes, ready: o.nodes - 1,
  }));
  await daemonsets.close();

  // Pods: one calico-node per node, the rest spread round-robin over the workers.
  const pods = await ListWriter.open(path.join(root, 'cluster/pods.json'));
  const stuck: { ns: string; name: string }[] = [];
  for (let i = 0; i < o.nodes && i < o.pods; i++) {
    await pods.add(pod({ namespace: 'kube-system', name: `calico-node-${String(i).padStart(5, '0')}`, node: nodeName(i), hostNetwork: true, ip: nodeIp(i), hostIP: nodeIp(i), labels: { 'k8s-app': 'calico-node' }, owner: { kind: 'DaemonSet', name: 'calico-node' }, containers: [{ name: 'calico-node', image: CALICO_IMAGE, ready: i !== NOT_READY_NODE }] }));
  }
  for (let k = 0; k < o.pods - Math.min(o.nodes, o.pods); k++) {
    const nodeIndex = 1 + (k % (o.nodes - 1));
    const ns = NAMESPACES[k % NAMESPACES.length]!;
    const app = `app-${k % 997}`;
    const name = `${app}-7d9f8c6b5-${k.toString(36).padStart(5, '0')}`;
    const broken = nodeIndex === PORTMAP_MISSING_NODE && stuck.length < 20;
    if (broken) stuck.push({ ns, name });
    await pods.add(pod({
      namespace: ns, name, node: nodeName(nodeIndex), hostIP: nodeIp(nodeIndex),
      ...(broken ? { phase: 'Pending' } : { ip: podIp(nodeIndex, k) }),
      labels: { app, 'pod-template-hash': '7d9f8c6b5', tier: k % 3 === 0 ? 'backend' : 'frontend' },
      owner: { kind: 'ReplicaSet', name: `${app}-7d9f8c6b5` },
      containers: [
        { name: app, image: `registry.example.com/${ns}/${app}:1.${k % 40}.0`, memoryLimit: '256Mi', env: { LOG_LEVEL: 'info', PORT: '8080' }, ...(broken ? { waiting: { reason: 'ContainerCreating' } } : {}) },
        { name: 'istio-proxy', image: 'docker.io/istio/proxyv2:1.22.3', ...(broken ? { waiting: { reason: 'ContainerCreating' } } : {}) },
      ],
    }));
  }
  await pods.close();

  const events = await ListWriter.open(path.join(root, 'cluster/events.json'));
  let written = 0;
  for (const s of stuck) {
    if (written >= o.events) break;
    await events.add(event({ namespace: s.ns, object: { kind: 'Pod', name: s.name }, reason: 'FailedCreatePodSandBox', type: 'Warning', count: 12, host: nodeName(PORTMAP_MISSING_NODE), component: 'kubelet', message: `Failed to create pod sandbox: rpc error: code = Unknown desc = failed to setup network for sandbox "9f8e7d6c5b4a39281706f5e4d3c2b1a0f9e8d7c6b5a4938271605f4e3d2c1b0a": plugin type="portmap" failed (add): failed to find plugin "portmap" in path [/opt/cni/bin]` }));
    written++;
  }
  for (let k = 0; written < o.events; k++, written++) {
    const nodeIndex = 1 + (k % (o.nodes - 1));
    const ns = NAMESPACES[k % NAMESPACES.length]!;
    const app = `app-${k % 997}`;
    const kinds = [
      { reason: 'Scheduled', message: `Successfully assigned ${ns}/${app}-7d9f8c6b5-${k.toString(36)} to ${nodeName(nodeIndex)}`, component: 'default-scheduler' },
      { reason: 'Pulled', message: `Container image "registry.example.com/${ns}/${app}:1.${k % 40}.0" already present on machine`, component: 'kubelet' },
      { reason: 'Created', message: `Created container ${app}`, component: 'kubelet' },
      { reason: 'Started', message: `Started container ${app}`, component: 'kubelet' },
    ];
    const e = kinds[k % kinds.length]!;
    await events.add(event({ namespace: ns, object: { kind: 'Pod', name: `${app}-7d9f8c6b5-${k.toString(36)}` }, reason: e.reason, message: e.message, type: 'Normal', host: nodeName(nodeIndex), component: e.component, first: T(k % 60), last: T(k % 60) }));
  }
  await events.close();

  // Per-node files and plugin outputs for every node.
  const bins = binListing(['calico', 'calico-ipam', ...REFERENCE_PLUGINS]);
  const binsWithoutPortmap = binListing(['calico', 'calico-ipam', ...REFERENCE_PLUGINS.filter((b) => b !== 'portmap')]);
  for (let i = 0; i < o.nodes; i++) {
    const n = nodeName(i);
    const conflist = calicoConflist(n);
    file(`nodes/${n}/etc-cni-net.d/10-calico.conflist`, conflist);
    file(`nodes/${n}/ls-etc-cni-net.d.txt`, lsLa([{ name: '10-calico.conflist', size: conflist.length }]));
    file(`nodes/${n}/ls-opt-cni-bin.txt`, i === PORTMAP_MISSING_NODE ? binsWithoutPortmap : bins);
    file(`nodes/${n}/proc-mounts.txt`, procMounts(false));
    file(`nodes/${n}/ip-route.txt`, `default via 10.0.0.1 dev eth0 proto dhcp src ${nodeIp(i)} metric 100\nblackhole ${blockOf(i)} proto bird\n`);
    // Node-to-node mesh: a handful of peers per node is enough for realistic sizes.
    const peers = [1, 2, 3].map((d) => (i + d) % o.nodes).map((j) => ({ ip: nodeIp(j), state: i === BGP_DOWN_NODE && j === (i + 1) % o.nodes ? 'start' : 'up', since: '09:01:12', info: i === BGP_DOWN_NODE && j === (i + 1) % o.nodes ? 'Connect Socket: Connection refused' : 'Established' }));
    file(`plugins/calico/node-status/${n}.txt`, calicoNodeStatusTable(peers));
  }

  file('manifest.json', `${JSON.stringify({
    format: 'cni-doctor-bundle', formatVersion: 1, createdAt: '2026-11-27T10:15:00Z',
    collector: { name: 'cni-doctor gen:bundle', version: '1' },
    cluster: { context: `generated-${o.nodes}n-${o.pods}p`, serverVersion: 'v1.30.4' },
    options: { nodes: 'all', logLines: 2000, redact: true, probe: false },
    redaction: { applied: true, replacements: 0 },
    commands: [],
  }, null, 2)}\n`);
}

/** Packs a directory into a .tar.gz under a top-level directory, in sorted order, one file stream at a time. */
async function packDirectory(root: string, output: string): Promise<void> {
  const pack = tar.pack();
  const top = path.basename(output).replace(/\.tar\.gz$|\.tgz$/, '');
  const done = pipeline(pack, createGzip({ level: 6 }), createWriteStream(output));
  const walk = async (rel: string): Promise<void> => {
    for (const name of readdirSync(path.join(root, rel)).sort()) {
      const relPath = rel ? `${rel}/${name}` : name;
      const abs = path.join(root, relPath);
      const st = statSync(abs);
      if (st.isDirectory()) {
        await walk(relPath);
        continue;
      }
      const entry = pack.entry({ name: `${top}/${relPath}`, size: st.size, mode: 0o644, mtime: new Date(0) });
      await pipeline(createReadStream(abs), entry);
    }
  };
  await walk('');
  pack.finalize();
  await done;
}

function usage(): string {
  return 'usage: npm run gen:bundle -- --nodes N --pods P --events E [--cni calico] -o FILE.tar.gz';
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { nodes: { type: 'string' }, pods: { type: 'string' }, events: { type: 'string' }, cni: { type: 'string', default: 'calico' }, output: { type: 'string', short: 'o' }, help: { type: 'boolean', short: 'h' } } });
  if (values.help) {
    console.log(usage());
    return;
  }
  const num = (name: string, v: string | undefined) => {
    const n = Number(v);
    if (!v || !Number.isInteger(n) || n < 0) throw new Error(`--${name} must be a non-negative integer, got ${JSON.stringify(v)}\n${usage()}`);
    return n;
  };
  if (!SUPPORTED_CNI.includes(values.cni as 'calico')) throw new Error(`--cni ${values.cni}: only ${SUPPORTED_CNI.join(', ')} is generated so far`);
  if (!values.output) throw new Error(`-o FILE.tar.gz is required\n${usage()}`);
  await generateBundle({ nodes: num('nodes', values.nodes), pods: num('pods', values.pods), events: num('events', values.events), cni: 'calico', output: values.output });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((e: unknown) => {
    console.error(`gen:bundle: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(2);
  });
}
