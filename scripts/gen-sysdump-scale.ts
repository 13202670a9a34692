// A large cilium sysdump directory (nodes, pods and events as YAML Lists in the Kubernetes printers'
// layout, as sysdump writes them), for measuring the YAML path at scale until gen:bundle writes the
// foreign formats (now: npm run gen:bundle -- --format cilium-sysdump): npx tsx scripts/gen-sysdump-scale.ts <dir> [nodes] [pods] [events]
// Measured on this 2-core machine (/usr/bin/time -v): 5,000 / 150,000 / 200,000 (147 MB) peaks at
// 289 MB RSS in 80 s; 500 / 15,000 / 20,000 at 163 MB in 9 s.
import { createWriteStream } from 'node:fs';
const dir = process.argv[2]!; const N = Number(process.argv[3] ?? 5000); const P = Number(process.argv[4] ?? 150000); const E = Number(process.argv[5] ?? 200000);
const ts = '20261127-101500';
const w = (f: string) => createWriteStream(`${dir}/${f}`);
async function put(s: ReturnType<typeof w>, text: string) { if (!s.write(text)) await new Promise<void>((r) => s.once('drain', () => r())); }
const nodes = w(`k8s-nodes-${ts}.yaml`);
await put(nodes, 'apiVersion: v1\nitems:\n');
for (let i = 0; i < N; i++) await put(nodes, `- metadata:\n    name: node-${i}\n    labels:\n      kubernetes.io/hostname: node-${i}\n  spec:\n    podCIDR: 10.${(i >> 8) & 255}.${i & 255}.0/24\n    podCIDRs:\n    - 10.${(i >> 8) & 255}.${i & 255}.0/24\n  status:\n    conditions:\n    - type: Ready\n      status: "True"\n      reason: KubeletReady\n      message: kubelet is posting ready status\n    nodeInfo:\n      kernelVersion: 6.1.0-27-cloud-amd64\n      kubeletVersion: v1.30.4\n`);
await put(nodes, 'kind: NodeList\nmetadata:\n  resourceVersion: "1"\n'); nodes.end();
const pods = w(`k8s-pods-${ts}.yaml`);
await put(pods, 'apiVersion: v1\nitems:\n');
for (let i = 0; i < P; i++) await put(pods, `- metadata:\n    name: app-${i}-x7k2p\n    namespace: ns-${i % 200}\n    labels:\n      app: app-${i % 500}\n    ownerReferences:\n    - kind: ReplicaSet\n      name: app-${i % 500}-5d8f\n  spec:\n    nodeName: node-${i % N}\n    containers:\n    - name: app\n      image: ghcr.io/example/app:1.2.3\n      resources:\n        limits:\n          memory: 256Mi\n  status:\n    phase: Running\n    podIP: 10.${((i % N) >> 8) & 255}.${(i % N) & 255}.${(i % 250) + 2}\n    podIPs:\n    - ip: 10.${((i % N) >> 8) & 255}.${(i % N) & 255}.${(i % 250) + 2}\n    hostIP: 192.168.${(i % N) >> 8}.${(i % N) & 255}\n    containerStatuses:\n    - name: app\n      ready: true\n      restartCount: 0\n      image: ghcr.io/example/app:1.2.3\n      state:\n        running:\n          startedAt: "2026-11-27T09:00:00Z"\n`);
await put(pods, 'kind: PodList\nmetadata:\n  resourceVersion: "1"\n'); pods.end();
const ev = w(`k8s-events-${ts}.yaml`);
await put(ev, 'apiVersion: v1\nitems:\n');
for (let i = 0; i < E; i++) await put(ev, `- metadata:\n    name: app-${i}.17a\n    namespace: ns-${i % 200}\n  involvedObject:\n    kind: Pod\n    name: app-${i % P}-x7k2p\n    namespace: ns-${i % 200}\n  reason: Scheduled\n  type: Normal\n  message: Successfully assigned ns-${i % 200}/app-${i % P}-x7k2p to node-${i % N}\n  count: 1\n  lastTimestamp: "2026-11-27T09:00:00Z"\n`);
await put(ev, 'kind: EventList\nmetadata:\n  resourceVersion: "1"\n'); ev.end();
await new Promise<void>((r) => ev.once('finish', () => r()));
const log = w('cilium-sysdump.log'); log.end('🔍 Collecting sysdump with cilium-cli version: v0.16.19, args: [sysdump]\n');
