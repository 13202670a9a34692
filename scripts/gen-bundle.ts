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
import { createReadStream, createWriteStream, mkdtempSync, rmSync, statSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import tar from 'tar-stream';
import { parseArgs } from 'node:util';
import { node, pod, event, daemonSet, resetCounters, T } from '../test/helpers/fixtures/k8s.js';
import { GENERATED_FORMATS, nativeLayout, sysdumpLayout, troubleshootLayout, type GeneratedFormat, type GenLayout } from './gen-layouts.js';
import { zipDirectory } from './zip-writer.js';
import { ANTREA_CONFLIST, ANTREA_IMAGE, antreaOvsShow, awsConflist, awsEnv, AZURE_CONFLIST, calicoConflist, calicoNodeStatusTable, CALICO_IMAGE, gobgpNeighbor, KUBE_ROUTER_CONFLIST, KUBE_ROUTER_IMAGE, WEAVE_CONFLIST, WEAVE_IMAGE } from './sample-bundles/plugins.js';
import { binListing, procMounts, lsLa, realWorld, REFERENCE_PLUGINS } from './sample-bundles/cluster.js';

export const SUPPORTED_CNI = ['calico', 'cilium', 'flannel', 'aws', 'azure', 'weave', 'kube-router', 'antrea'] as const;
export type GeneratedCni = (typeof SUPPORTED_CNI)[number];

export interface GenerateOptions {
  nodes: number;
  pods: number;
  events: number;
  cni: GeneratedCni;
  /** The layout written: the cni-doctor contract (default) or the bundle another tool writes. */
  format?: GeneratedFormat;
  /**
   * `varied` (default): 997 Deployments, two containers a pod, image tags that change.
   * `repetitive`: 40 Deployments of one container with fixed tags, as a cluster of a few large
   * workloads is — less to inflate per pod and more of it alike, so the floor (gzip -dc) is faster
   * and analysis costs relatively more (issue 16).
   */
  shape?: GeneratedShape;
  output: string;
}

export const GENERATED_SHAPES = ['varied', 'repetitive'] as const;
export type GeneratedShape = (typeof GENERATED_SHAPES)[number];

/**
 * What differs between CNIs: the agent, what nodes say about it, the files each node holds, and the
 * third injected failure (the first two — a NotReady node, a node missing the binary its config
 * chains, with its pods' sandbox failures — are the same for every CNI).
 */
interface CniProfile {
  agent: { namespace: string; name: string; labels: Record<string, string>; container: string; image: string; hostPaths: Record<string, string>; env?: Record<string, string> };
  node(i: number): { annotations?: Record<string, string>; networkUnavailable?: { status: 'True' | 'False'; reason: string; message: string }; instanceType?: string; maxPods?: number };
  /** The binary node-00002 lacks; its config chains it. */
  missingBinary: string;
  /** Files of node i (paths relative to the bundle root). */
  files(i: number, podsOnNode: number): Record<string, string>;
  /** The CNI's own failure, where it shows in events: FailedCreatePodSandBox messages on node-00003. */
  ownSandboxMessage?: string;
}

/** The three nodes after node i (wrapping): the peers a node's status shows, a handful at any size. */
const neighbours = (i: number, nodes: number) => [1, 2, 3].map((d) => (i + d) % nodes).filter((j) => j !== i);

const sandboxMessage = (plugin: string) =>
  `Failed to create pod sandbox: rpc error: code = Unknown desc = failed to setup network for sandbox "9f8e7d6c5b4a39281706f5e4d3c2b1a0f9e8d7c6b5a4938271605f4e3d2c1b0a": plugin type="${plugin}" failed (add): failed to find plugin "${plugin}" in path [/opt/cni/bin]`;

function profileOf(cni: GeneratedCni, o: GenerateOptions): CniProfile {
  const bins = (names: string[], i: number, missing: string, opts: { busybox?: boolean } = {}) => binListing(i === PORTMAP_MISSING_NODE ? names.filter((b) => b !== missing) : names, opts);
  switch (cni) {
    case 'calico':
      return {
        agent: { namespace: 'kube-system', name: 'calico-node', labels: { 'k8s-app': 'calico-node' }, container: 'calico-node', image: CALICO_IMAGE, hostPaths: { 'cni-bin-dir': '/opt/cni/bin', 'cni-net-dir': '/etc/cni/net.d' }, env: { DATASTORE_TYPE: 'kubernetes', CALICO_NETWORKING_BACKEND: 'bird' } },
        node: (i) => ({ annotations: { 'projectcalico.org/IPv4Address': `${nodeIp(i)}/16` }, networkUnavailable: { status: 'False', reason: 'CalicoIsUp', message: 'Calico is running on this node' } }),
        missingBinary: 'portmap',
        files: (i) => {
          const n = nodeName(i);
          const conflist = calicoConflist(n);
          // Node-to-node mesh: a handful of peers per node is enough for realistic sizes; node-00003's
          // session to node-00004 is down.
          const down = (j: number) => i === BGP_DOWN_NODE && j === (i + 1) % o.nodes;
          const peers = [1, 2, 3].map((d) => (i + d) % o.nodes).map((j) => ({ ip: nodeIp(j), state: down(j) ? 'start' : 'up', since: '09:01:12', info: down(j) ? 'Connect Socket: Connection refused' : 'Established' }));
          return {
            [`nodes/${n}/etc-cni-net.d/10-calico.conflist`]: conflist,
            [`nodes/${n}/ls-etc-cni-net.d.txt`]: lsLa([{ name: '10-calico.conflist', size: conflist.length }]),
            [`nodes/${n}/ls-opt-cni-bin.txt`]: bins(['calico', 'calico-ipam', ...REFERENCE_PLUGINS], i, 'portmap'),
            [`nodes/${n}/proc-mounts.txt`]: procMounts(false),
            [`nodes/${n}/ip-route.txt`]: `default via 10.0.0.1 dev eth0 proto dhcp src ${nodeIp(i)} metric 100\nblackhole ${blockOf(i)} proto bird\n`,
            [`plugins/calico/node-status/${n}.txt`]: calicoNodeStatusTable(peers),
          };
        },
      };
    case 'cilium': {
      const image = 'quay.io/cilium/cilium:v1.18.0';
      const conflist = realWorld('conflist-cilium-05-cilium-template.conflist').replace('{{.Debug | js }}', 'false').replace('{{.LogFile | js }}', '/var/run/cilium/cilium-cni.log');
      const status = realWorld('cilium-status-verbose-healthy-v1.18.txt');
      return {
        agent: { namespace: 'kube-system', name: 'cilium', labels: { 'k8s-app': 'cilium' }, container: 'cilium-agent', image, hostPaths: { 'cni-path': '/opt/cni/bin', 'etc-cni-netd': '/etc/cni/net.d', bpf: '/sys/fs/bpf' } },
        node: () => ({ networkUnavailable: { status: 'False', reason: 'CiliumIsUp', message: 'Cilium is running on this node' } }),
        missingBinary: 'cilium-cni',
        files: (i, podsOnNode) => {
          const n = nodeName(i);
          return {
            [`nodes/${n}/etc-cni-net.d/05-cilium.conflist`]: conflist,
            [`nodes/${n}/ls-etc-cni-net.d.txt`]: lsLa([{ name: '05-cilium.conflist', size: conflist.length, mode: '-rw-------' }]),
            [`nodes/${n}/ls-opt-cni-bin.txt`]: bins(['cilium-cni', ...REFERENCE_PLUGINS], i, 'cilium-cni'),
            // node-00003 has no BPF filesystem mounted.
            [`nodes/${n}/proc-mounts.txt`]: procMounts(i !== BGP_DOWN_NODE),
            [`nodes/${n}/ip-route.txt`]: `default via 10.0.0.1 dev eth0 proto dhcp src ${nodeIp(i)} metric 100\n${blockOf(i)} via ${blockOf(i).replace(/0\/24$/, '1')} dev cilium_host proto kernel\n`,
            [`plugins/cilium/status/${n}.txt`]: status.replace(/IPAM:\s+IPv4: 5\/254 allocated from 10\.0\.0\.0\/24, /, `IPAM:                   IPv4: ${podsOnNode + 2}/254 allocated from ${blockOf(i)}, `),
          };
        },
      };
    }
    case 'flannel': {
      const conflist = realWorld('conflist-flannel-10-flannel.conflist');
      return {
        agent: { namespace: 'kube-flannel', name: 'kube-flannel-ds', labels: { app: 'flannel', 'k8s-app': 'flannel' }, container: 'kube-flannel', image: 'ghcr.io/flannel-io/flannel:v0.26.1', hostPaths: { run: '/run/flannel', 'cni-plugin': '/opt/cni/bin', cni: '/etc/cni/net.d' } },
        node: (i) => ({ annotations: { 'flannel.alpha.coreos.com/backend-type': 'vxlan', 'flannel.alpha.coreos.com/kube-subnet-manager': 'true', 'flannel.alpha.coreos.com/public-ip': nodeIp(i) }, networkUnavailable: { status: 'False', reason: 'FlannelIsUp', message: 'Flannel is running on this node' } }),
        missingBinary: 'portmap',
        files: (i) => {
          const n = nodeName(i);
          return {
            [`nodes/${n}/etc-cni-net.d/10-flannel.conflist`]: conflist,
            [`nodes/${n}/ls-etc-cni-net.d.txt`]: lsLa([{ name: '10-flannel.conflist', size: conflist.length }]),
            [`nodes/${n}/ls-opt-cni-bin.txt`]: bins(['flannel', ...REFERENCE_PLUGINS], i, 'portmap', { busybox: true }),
            [`nodes/${n}/ip-route.txt`]: `default via 10.0.0.1 dev eth0 proto dhcp src ${nodeIp(i)} metric 100\n${blockOf(i)} dev cni0 proto kernel scope link src ${blockOf(i).replace(/0\/24$/, '1')}\n`,
            // node-00003 has no /run/flannel/subnet.env.
            ...(i === BGP_DOWN_NODE ? {} : { [`nodes/${n}/flannel-subnet.env`]: `FLANNEL_NETWORK=10.128.0.0/9\nFLANNEL_SUBNET=${blockOf(i).replace(/0\/24$/, '1/24')}\nFLANNEL_MTU=1450\nFLANNEL_IPMASQ=true\n` }),
          };
        },
      };
    }
    case 'azure': {
      const image = 'mcr.microsoft.com/containernetworking/azure-cns:v1.5.38';
      return {
        agent: { namespace: 'kube-system', name: 'azure-cns', labels: { 'k8s-app': 'azure-cns' }, container: 'cns-container', image, hostPaths: { 'cni-bin': '/opt/cni/bin', 'cni-conflist': '/etc/cni/net.d' } },
        node: () => ({ instanceType: 'Standard_D16s_v5', maxPods: 250 }),
        missingBinary: 'portmap',
        files: (i) => {
          const n = nodeName(i);
          return {
            [`nodes/${n}/etc-cni-net.d/10-azure.conflist`]: AZURE_CONFLIST,
            [`nodes/${n}/ls-etc-cni-net.d.txt`]: lsLa([{ name: '10-azure.conflist', size: AZURE_CONFLIST.length }]),
            [`nodes/${n}/ls-opt-cni-bin.txt`]: bins(['azure-vnet', 'azure-vnet-telemetry', ...REFERENCE_PLUGINS], i, 'portmap'),
            [`nodes/${n}/ip-route.txt`]: `default via 10.0.0.1 dev eth0 proto dhcp src ${nodeIp(i)} metric 100\n${podIp(i, 0)} dev azv4f3b2a1c0e9 proto static scope link\n`,
          };
        },
        // node-00003 was given no more pod addresses by azure-cns (the wording of Microsoft's AKS guide).
        ownSandboxMessage: `Failed to create pod sandbox: rpc error: code = Unknown desc = failed to setup network for sandbox "5e4d3c2b1a0f9e8d7c6b5a4938271605f4e3d2c1b0a9f8e7d6c5b4a39281706f": plugin type="azure-vnet" failed (add): IPAM Invoker Add failed with error: Failed to get IP address from CNS with error: %w: AllocateIPConfig failed: not enough IPs available for 9c6a7f37-dd43-4f7c-a01f-1ff41653609c, waiting on Azure CNS to allocate more with NC Status: , IP config request is [IPConfigRequest: DesiredIPAddress , PodInterfaceID a1876957-eth0]`,
      };
    }
    case 'weave':
      return {
        agent: { namespace: 'kube-system', name: 'weave-net', labels: { name: 'weave-net' }, container: 'weave', image: WEAVE_IMAGE, hostPaths: { 'cni-bin': '/opt', 'cni-conf': '/etc', weavedb: '/var/lib/weave' } },
        node: () => ({}),
        missingBinary: 'portmap',
        files: (i) => {
          const n = nodeName(i);
          const mac = (j: number) => `7e:${(j >> 16 & 255).toString(16).padStart(2, '0')}:${(j >> 8 & 255).toString(16).padStart(2, '0')}:${(j & 255).toString(16).padStart(2, '0')}:23:8d`;
          // node-00003 cannot reach node-00004 on TCP 6783.
          const failed = (j: number) => i === BGP_DOWN_NODE && j === (i + 1) % o.nodes;
          const peers = neighbours(i, o.nodes);
          const connections = peers.map((j) => (failed(j) ? `-> ${nodeIp(j)}:6783      failed      dial tcp4 :0->${nodeIp(j)}:6783: connect: connection refused, retry: 2026-11-27 10:14:41.442 +0000 UTC m=+3921.403112631` : `-> ${nodeIp(j)}:6783      established fastdp ${mac(j)}(${nodeName(j)}) mtu=1376`));
          const up = peers.filter((j) => !failed(j)).length;
          return {
            [`nodes/${n}/etc-cni-net.d/10-weave.conflist`]: WEAVE_CONFLIST,
            [`nodes/${n}/ls-etc-cni-net.d.txt`]: lsLa([{ name: '10-weave.conflist', size: WEAVE_CONFLIST.length }]),
            [`nodes/${n}/ls-opt-cni-bin.txt`]: bins(['weave-net', 'weave-ipam', ...REFERENCE_PLUGINS], i, 'portmap'),
            [`nodes/${n}/ip-route.txt`]: `default via 10.0.0.1 dev eth0 proto dhcp src ${nodeIp(i)} metric 100\n10.32.0.0/12 dev weave proto kernel scope link src 10.32.0.1\n`,
            [`plugins/weave/status/${n}.txt`]: `\n        Version: 2.8.1 (up to date; next check at 2026/11/27 16:50:47)\n\n        Service: router\n       Protocol: weave 1..2\n           Name: ${mac(i)}(${n})\n     Encryption: disabled\n  PeerDiscovery: enabled\n        Targets: ${peers.length}\n    Connections: ${peers.length} (${up} established${up < peers.length ? `, ${peers.length - up} failed` : ''})\n          Peers: ${o.nodes} (with ${o.nodes * 3} established connections)\n TrustedSubnets: none\n\n        Service: ipam\n         Status: ready\n          Range: 10.32.0.0/12\n  DefaultSubnet: 10.32.0.0/12\n`,
            [`plugins/weave/status-connections/${n}.txt`]: `${connections.join('\n')}\n`,
          };
        },
      };
    case 'kube-router':
      return {
        agent: { namespace: 'kube-system', name: 'kube-router', labels: { 'k8s-app': 'kube-router' }, container: 'kube-router', image: KUBE_ROUTER_IMAGE, hostPaths: { 'cni-conf-dir': '/etc/cni/net.d', kubeconfig: '/var/lib/kube-router' } },
        node: () => ({}),
        missingBinary: 'portmap',
        files: (i) => {
          const n = nodeName(i);
          // node-00003 and node-00004 cannot open their session (TCP 179 between them is cut).
          const cut = (a: number, b: number) => (a === BGP_DOWN_NODE && b === (BGP_DOWN_NODE + 1) % o.nodes) || (b === BGP_DOWN_NODE && a === (BGP_DOWN_NODE + 1) % o.nodes);
          const peers = [...new Set([...neighbours(i, o.nodes), ...(i === (BGP_DOWN_NODE + 1) % o.nodes ? [BGP_DOWN_NODE] : [])])];
          return {
            [`nodes/${n}/etc-cni-net.d/10-kuberouter.conflist`]: KUBE_ROUTER_CONFLIST,
            [`nodes/${n}/ls-etc-cni-net.d.txt`]: lsLa([{ name: '10-kuberouter.conflist', size: KUBE_ROUTER_CONFLIST.length }]),
            [`nodes/${n}/ls-opt-cni-bin.txt`]: bins(REFERENCE_PLUGINS, i, 'portmap'),
            [`plugins/kube-router/gobgp-neighbor/${n}.txt`]: gobgpNeighbor(peers.map((j) => (cut(i, j) ? { ip: nodeIp(j), upDown: 'never', state: 'Active', routes: 0 } : { ip: nodeIp(j), upDown: '01:12:07', state: 'Establ', routes: 1 }))),
          };
        },
      };
    case 'antrea':
      return {
        agent: { namespace: 'kube-system', name: 'antrea-agent', labels: { app: 'antrea', component: 'antrea-agent' }, container: 'antrea-agent', image: ANTREA_IMAGE, hostPaths: { 'host-cni-conf': '/etc/cni/net.d', 'host-cni-bin': '/opt/cni/bin', 'host-var-run-antrea': '/var/run/antrea' } },
        node: () => ({}),
        missingBinary: 'portmap',
        files: (i, podsOnNode) => {
          const n = nodeName(i);
          const ovs = antreaOvsShow(Array.from({ length: Math.min(podsOnNode, 3) }, (_, k) => `app-${k}-7d9f-${i.toString(36)}${k}`));
          return {
            [`nodes/${n}/etc-cni-net.d/10-antrea.conflist`]: ANTREA_CONFLIST,
            [`nodes/${n}/ls-etc-cni-net.d.txt`]: lsLa([{ name: '10-antrea.conflist', size: ANTREA_CONFLIST.length }]),
            [`nodes/${n}/ls-opt-cni-bin.txt`]: bins(['antrea', ...REFERENCE_PLUGINS], i, 'portmap'),
            [`nodes/${n}/ip-route.txt`]: `default via 10.0.0.1 dev eth0 proto dhcp src ${nodeIp(i)} metric 100\n${blockOf(i)} dev antrea-gw0 proto kernel scope link src ${blockOf(i).replace(/0\/24$/, '1')}\n`,
            [`plugins/antrea/agentinfo/${n}.txt`]: `POD                            NODE  STATUS  NODE-SUBNET    NETWORK-POLICIES ADDRESS-GROUPS APPLIED-TO-GROUPS LOCAL-PODS\nkube-system/antrea-agent-${i}   ${n}  Healthy ${blockOf(i)}  3                2              3                 ${podsOnNode}\n`,
            // node-00003's br-int has lost its gateway port antrea-gw0.
            [`plugins/antrea/ovs-vsctl-show/${n}.txt`]: i === BGP_DOWN_NODE ? ovs.replace(/ {8}Port antrea-gw0\n {12}Interface antrea-gw0\n {16}type: internal\n/, '') : ovs,
          };
        },
      };
    case 'aws': {
      const image = '602401143452.dkr.ecr.us-west-2.amazonaws.com/amazon-k8s-cni:v1.18.5-eksbuild.1';
      return {
        agent: { namespace: 'kube-system', name: 'aws-node', labels: { 'k8s-app': 'aws-node' }, container: 'aws-node', image, hostPaths: { 'cni-bin-dir': '/opt/cni/bin', 'cni-net-dir': '/etc/cni/net.d' }, env: awsEnv() },
        // node-00003 is an m5.large whose pods fill its IP limit; the others have room.
        node: (i) => (i === BGP_DOWN_NODE ? { instanceType: 'm5.large', maxPods: Math.min(29, workerPodsOn(i, o) + 3) } : { instanceType: 'm5.24xlarge', maxPods: 737 }),
        missingBinary: 'portmap',
        files: (i, podsOnNode) => {
          const n = nodeName(i);
          const conf = awsConflist(nodeIp(i));
          return {
            [`nodes/${n}/etc-cni-net.d/10-aws.conflist`]: conf,
            [`nodes/${n}/ls-etc-cni-net.d.txt`]: lsLa([{ name: '10-aws.conflist', size: conf.length }]),
            [`nodes/${n}/ls-opt-cni-bin.txt`]: bins(['aws-cni', 'aws-cni-support.sh', 'egress-cni', ...REFERENCE_PLUGINS], i, 'portmap'),
            [`nodes/${n}/ip-route.txt`]: `default via 10.0.0.1 dev ens5\n10.0.0.0/16 dev ens5 proto kernel scope link src ${nodeIp(i)}\n`,
            [`plugins/aws-vpc-cni/enis/${n}.json`]: `${JSON.stringify({ TotalIPs: 27, AssignedIPs: podsOnNode, ENIs: {} }, null, 2)}\n`,
          };
        },
      };
    }
  }
}

/** Worker pods the generator puts on node i (pods are spread round-robin over nodes 1…N-1). */
function workerPodsOn(i: number, o: Pick<GenerateOptions, 'nodes' | 'pods'>): number {
  if (i === 0) return 0;
  const workers = Math.max(0, o.pods - Math.min(o.nodes, o.pods));
  const perRound = o.nodes - 1;
  return Math.floor(workers / perRound) + (i <= workers % perRound ? 1 : 0);
}

const nodeName = (i: number) => `node-${String(i).padStart(5, '0')}`;
const nodeIp = (i: number) => `10.${Math.floor(i / 250) % 250}.${i % 250}.${10}`;
/** Each node owns a /24 of 10.128.0.0/9 inside the Calico pool (enough for 65,536 nodes). */
const podIp = (nodeIndex: number, n: number) => `10.${128 + Math.floor(nodeIndex / 256)}.${nodeIndex % 256}.${(n % 250) + 2}`;
const blockOf = (i: number) => `10.${128 + Math.floor(i / 256)}.${i % 256}.0/24`;

const NOT_READY_NODE = 1;
const PORTMAP_MISSING_NODE = 2;
const BGP_DOWN_NODE = 3;
/** Bumped whenever the generated bytes change, so the benchmark's cache never serves a stale bundle. */
export const GENERATOR_VERSION = 4;

const NAMESPACES = ['default', 'payments', 'checkout', 'search', 'analytics', 'frontend', 'batch', 'monitoring'];

export async function generateBundle(o: GenerateOptions): Promise<void> {
  if (o.nodes < 4) throw new Error('--nodes must be at least 4 (the injected failures need 3 worker nodes)');
  if (!SUPPORTED_CNI.includes(o.cni)) throw new Error(`--cni ${String(o.cni)}: one of ${SUPPORTED_CNI.join(', ')}`);
  if (o.shape !== undefined && !GENERATED_SHAPES.includes(o.shape)) throw new Error(`--shape ${String(o.shape)}: one of ${GENERATED_SHAPES.join(', ')}`);
  const format = o.format ?? 'cni-doctor';
  if (!GENERATED_FORMATS.includes(format)) throw new Error(`--format ${String(format)}: one of ${GENERATED_FORMATS.join(', ')}`);
  // A sysdump is what cilium-cli collects from a Cilium cluster; it holds nothing of another CNI's agent.
  if (format === 'cilium-sysdump' && o.cni !== 'cilium') throw new Error(`--format cilium-sysdump needs --cni cilium (sysdump collects Cilium's agents), got --cni ${o.cni}`);
  resetCounters();
  const stage = mkdtempSync(path.join(os.tmpdir(), 'cni-doctor-gen-'));
  try {
    const layout = layoutOf(format, stage, o);
    await writeStage(layout, o);
    if (layout.archive === 'zip') await zipDirectory(stage, o.output, layout.top(o.output));
    else await packDirectory(stage, o.output, layout.top(o.output));
  } finally {
    rmSync(stage, { recursive: true, force: true });
  }
}

const namespacesOf = (o: GenerateOptions) => [...new Set(['kube-system', profileOf(o.cni, o).agent.namespace, ...NAMESPACES])];
const agentPodName = (agent: { name: string }, i: number) => `${agent.name}-${String(i).padStart(5, '0')}`;

function layoutOf(format: GeneratedFormat, root: string, o: GenerateOptions): GenLayout {
  switch (format) {
    case 'cni-doctor':
      return nativeLayout(root, () => ({
        format: 'cni-doctor-bundle', formatVersion: 1, createdAt: '2026-11-27T10:15:00Z',
        collector: { name: 'cni-doctor gen:bundle', version: '1' },
        cluster: { context: `generated-${o.nodes}n-${o.pods}p`, serverVersion: 'v1.30.4' },
        options: { nodes: 'all', logLines: 2000, redact: true, probe: false },
        redaction: { applied: true, replacements: 0 },
        commands: [],
      }));
    case 'troubleshoot':
      return troubleshootLayout(root, namespacesOf(o));
    case 'cilium-sysdump': {
      const agent = profileOf(o.cni, o).agent;
      return sysdumpLayout(root, (n) => agentPodName(agent, Number(n.replace(/^node-/, ''))));
    }
  }
}

async function writeStage(layout: GenLayout, o: GenerateOptions): Promise<void> {
  const profile = profileOf(o.cni, o);
  const agent = profile.agent;
  layout.version('v1.30.4');
  for (const name of ['services', 'endpointslices', 'networkpolicies', 'configmaps', 'deployments'] as const) await layout.list(name).close();

  const namespaces = layout.list('namespaces');
  for (const ns of namespacesOf(o)) await namespaces.add({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns, labels: { 'kubernetes.io/metadata.name': ns } }, spec: { finalizers: ['kubernetes'] }, status: { phase: 'Active' } });
  await namespaces.close();

  const nodes = layout.list('nodes');
  for (let i = 0; i < o.nodes; i++) {
    await nodes.add(node({
      name: nodeName(i),
      ip: nodeIp(i),
      podCIDR: blockOf(i),
      controlPlane: i === 0,
      ...profile.node(i),
      ...(i === NOT_READY_NODE ? { ready: { status: 'False', reason: 'KubeletNotReady', message: 'container runtime network not ready: NetworkReady=false reason:NetworkPluginNotReady message:Network plugin returns error: cni plugin not initialized' } } : {}),
    }));
  }
  await nodes.close();

  const daemonsets = layout.list('daemonsets');
  await daemonsets.add(daemonSet({
    namespace: agent.namespace, name: agent.name, selector: agent.labels,
    containers: [{ name: agent.container, image: agent.image, ...(agent.env ? { env: agent.env } : {}) }],
    hostPaths: agent.hostPaths,
    desired: o.nodes, ready: o.nodes - 1,
  }));
  await daemonsets.close();

  // Pods: one agent per node, the rest spread round-robin over the workers.
  const pods = layout.list('pods');
  const stuck: { ns: string; name: string }[] = [];
  for (let i = 0; i < o.nodes && i < o.pods; i++) {
    await pods.add(pod({ namespace: agent.namespace, name: agentPodName(agent, i), node: nodeName(i), hostNetwork: true, ip: nodeIp(i), hostIP: nodeIp(i), labels: agent.labels, owner: { kind: 'DaemonSet', name: agent.name }, containers: [{ name: agent.container, image: agent.image, ready: i !== NOT_READY_NODE }] }));
  }
  const repetitive = o.shape === 'repetitive';
  const apps = repetitive ? 40 : 997;
  for (let k = 0; k < o.pods - Math.min(o.nodes, o.pods); k++) {
    const nodeIndex = 1 + (k % (o.nodes - 1));
    // 997 Deployments (40 when repetitive), each in one namespace: replicas of an app share their labels, as in a cluster.
    const appIndex = k % apps;
    const ns = NAMESPACES[appIndex % NAMESPACES.length]!;
    const app = `app-${appIndex}`;
    const name = `${app}-7d9f8c6b5-${k.toString(36).padStart(5, '0')}`;
    const broken = nodeIndex === PORTMAP_MISSING_NODE && stuck.length < 20;
    if (broken) stuck.push({ ns, name });
    await pods.add(pod({
      namespace: ns, name, node: nodeName(nodeIndex), hostIP: nodeIp(nodeIndex),
      ...(broken ? { phase: 'Pending' } : { ip: podIp(nodeIndex, k) }),
      labels: { app, 'pod-template-hash': '7d9f8c6b5', tier: appIndex % 3 === 0 ? 'backend' : 'frontend' },
      owner: { kind: 'ReplicaSet', name: `${app}-7d9f8c6b5` },
      containers: repetitive
        ? [{ name: app, image: `registry.example.com/${ns}/${app}:1.0.0`, memoryLimit: '256Mi', ...(broken ? { waiting: { reason: 'ContainerCreating' } } : {}) }]
        : [
            { name: app, image: `registry.example.com/${ns}/${app}:1.${k % 40}.0`, memoryLimit: '256Mi', env: { LOG_LEVEL: 'info', PORT: '8080' }, ...(broken ? { waiting: { reason: 'ContainerCreating' } } : {}) },
            { name: 'istio-proxy', image: 'docker.io/istio/proxyv2:1.22.3', ...(broken ? { waiting: { reason: 'ContainerCreating' } } : {}) },
          ],
    }));
  }
  await pods.close();

  const events = layout.list('events');
  let written = 0;
  for (const s of stuck) {
    if (written >= o.events) break;
    await events.add(event({ namespace: s.ns, object: { kind: 'Pod', name: s.name }, reason: 'FailedCreatePodSandBox', type: 'Warning', count: 12, host: nodeName(PORTMAP_MISSING_NODE), component: 'kubelet', message: sandboxMessage(profile.missingBinary) }));
    written++;
  }
  if (profile.ownSandboxMessage && written < o.events) {
    await events.add(event({ namespace: 'batch', object: { kind: 'Pod', name: 'report-builder-5c8d7f9b6-q2w4e' }, reason: 'FailedCreatePodSandBox', type: 'Warning', count: 9, host: nodeName(BGP_DOWN_NODE), component: 'kubelet', message: profile.ownSandboxMessage }));
    written++;
  }
  for (let k = 0; written < o.events; k++, written++) {
    const nodeIndex = 1 + (k % (o.nodes - 1));
    const appIndex = k % apps;
    const ns = NAMESPACES[appIndex % NAMESPACES.length]!;
    const app = `app-${appIndex}`;
    const kinds = [
      { reason: 'Scheduled', message: `Successfully assigned ${ns}/${app}-7d9f8c6b5-${k.toString(36)} to ${nodeName(nodeIndex)}`, component: 'default-scheduler' },
      { reason: 'Pulled', message: `Container image "registry.example.com/${ns}/${app}:1.${repetitive ? 0 : k % 40}.0" already present on machine`, component: 'kubelet' },
      { reason: 'Created', message: `Created container ${app}`, component: 'kubelet' },
      { reason: 'Started', message: `Started container ${app}`, component: 'kubelet' },
    ];
    const e = kinds[k % kinds.length]!;
    await events.add(event({ namespace: ns, object: { kind: 'Pod', name: `${app}-7d9f8c6b5-${k.toString(36)}` }, reason: e.reason, message: e.message, type: 'Normal', host: nodeName(nodeIndex), component: e.component, first: T(k % 60), last: T(k % 60) }));
  }
  await events.close();

  // Per-node files and plugin outputs for every node.
  for (let i = 0; i < o.nodes; i++) {
    for (const [rel, content] of Object.entries(profile.files(i, workerPodsOn(i, o)))) layout.file(rel, content);
  }
  layout.finish();
}

/** Packs a directory into a .tar.gz under a top-level directory, in sorted order, one file stream at a time. */
async function packDirectory(root: string, output: string, top: string): Promise<void> {
  const pack = tar.pack();
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
  return `usage: npm run gen:bundle -- --nodes N --pods P --events E [--cni ${SUPPORTED_CNI.join('|')}] [--format ${GENERATED_FORMATS.join('|')}] [--shape ${GENERATED_SHAPES.join('|')}] -o FILE.tar.gz|FILE.zip
  --format  the layout written: a cni-doctor bundle (default, .tar.gz), a troubleshoot support bundle (.tar.gz),
            or a cilium sysdump (.zip; needs --cni cilium)
  --shape   varied (default: 997 Deployments, two containers a pod) or repetitive (40 Deployments of one
            container: the bundle packs smaller, the floor is faster)`;
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { nodes: { type: 'string' }, pods: { type: 'string' }, events: { type: 'string' }, cni: { type: 'string', default: 'calico' }, format: { type: 'string', default: 'cni-doctor' }, shape: { type: 'string', default: 'varied' }, output: { type: 'string', short: 'o' }, help: { type: 'boolean', short: 'h' } } });
  if (values.help) {
    console.log(usage());
    return;
  }
  const num = (name: string, v: string | undefined) => {
    const n = Number(v);
    if (!v || !Number.isInteger(n) || n < 0) throw new Error(`--${name} must be a non-negative integer, got ${JSON.stringify(v)}\n${usage()}`);
    return n;
  };
  if (!SUPPORTED_CNI.includes(values.cni as GeneratedCni)) throw new Error(`--cni ${values.cni}: one of ${SUPPORTED_CNI.join(', ')}\n${usage()}`);
  if (!GENERATED_FORMATS.includes(values.format as GeneratedFormat)) throw new Error(`--format ${values.format}: one of ${GENERATED_FORMATS.join(', ')}\n${usage()}`);
  if (!GENERATED_SHAPES.includes(values.shape as GeneratedShape)) throw new Error(`--shape ${values.shape}: one of ${GENERATED_SHAPES.join(', ')}\n${usage()}`);
  if (!values.output) throw new Error(`-o FILE is required\n${usage()}`);
  await generateBundle({ nodes: num('nodes', values.nodes), pods: num('pods', values.pods), events: num('events', values.events), cni: values.cni as GeneratedCni, format: values.format as GeneratedFormat, shape: values.shape as GeneratedShape, output: values.output });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((e: unknown) => {
    console.error(`gen:bundle: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(2);
  });
}
