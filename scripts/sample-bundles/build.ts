// Writes sample-bundles/<scenario>/ and <scenario>.expected.yaml. Run once after changing a scenario
// (`npm run gen:samples`); the generated bundles are committed and are what the tests read.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { stringify } from 'yaml';
import path from 'node:path';
import { writeCalicoDiags, writeSupportBundleKit, writeSysdump } from './foreign-layouts.js';
import { COREDNS_IMAGE, Cluster, T, binListing, lsLa, procMounts, realWorld, REFERENCE_PLUGINS, type Expected } from './cluster.js';
import { configMap, custom, namespace, networkPolicy, resetCounters } from '../../test/helpers/fixtures/k8s.js';
import { AWS_NODES, AZURE_NODES, azureCluster, k3sCluster, rke2CanalCluster, OCP_NODES, SDN_IMAGE, SDN_PODS, openshiftSdnCluster, CALICO_IMAGE, awsConflist, awsCluster, calicoCluster, calicoIp, calicoConflist, calicoNodeStatusTable, ciliumCluster, flannelCluster, ipamTable, kindCluster, weaveCluster, weaveStatus, antreaCluster, kubeRouterCluster, multusCluster, networkAttachment, ovnCluster, OVN_DB_POD, OVN_IMAGE, OVN_MASTER_POD, OVN_NAMESPACE, OVN_NODE_PODS, ANTREA_AGENT_PODS, ANTREA_IMAGE, CALICO_BLOCKS } from './plugins.js';

const OUT = path.resolve(import.meta.dirname, '../../sample-bundles');
const HEX = (seed: number) => Array.from({ length: 64 }, (_, i) => '0123456789abcdef'[(seed * 7 + i * 13 + ((seed * i) % 5)) % 16]).join('');

function sandboxFailure(c: Cluster, ns: string, podName: string, node: string, message: string, count: number, minute: number): void {
  c.addEvent({ namespace: ns, object: { kind: 'Pod', name: podName }, reason: 'FailedCreatePodSandBox', type: 'Warning', message, host: node, count, first: T(minute - 3), last: T(minute) });
  c.addEvent({ namespace: ns, object: { kind: 'Pod', name: podName }, reason: 'SandboxChanged', message: 'Pod sandbox changed, it will be killed and re-created.', host: node, count, first: T(minute - 3), last: T(minute) });
}

function stuckPod(c: Cluster, ns: string, name: string, node: string, app: string, hostIP: string): void {
  c.addPod({ namespace: ns, name, node, phase: 'Pending', hostIP, labels: { app }, owner: { kind: 'ReplicaSet', name: name.split('-').slice(0, 2).join('-') }, containers: [{ name: app, image: `ghcr.io/example/${app}:2.4.1`, memoryLimit: '256Mi' }], created: T(2) });
}

const NOT_HEALTHY_QUIET_BASE = ['bundle-unsafe-entry'];

const scenarios: Record<string, () => { cluster: Cluster; expected: Expected }> = {
  'healthy-calico': () => {
    const cluster = calicoCluster(3, { withProbe: true });
    return {
      cluster,
      expected: {
        description: 'A working three-node Calico (BIRD, IPIP) cluster with default calico-node resources and a passing probe. Nothing critical or high may fire; calico-node has no memory limit (the manifest default), which is reported at medium.',
        matrix: { 'new-pods': 'ok', 'pod-to-pod': 'ok', dns: 'ok', 'ip-space': 'ok' },
        maxSeverity: 'medium',
        verdict: 'ok',
        fires: [{ rule: 'cni-agent-memory', severity: 'medium' }],
        quiet: ['cni-sandbox-failures', 'node-not-ready', 'node-network-unavailable', 'cni-agent-unhealthy', 'cni-agent-oom', 'multiple-cni-plugins', 'cni-config-missing', 'cni-config-invalid', 'cni-config-crlf', 'cni-config-conflict', 'cni-config-unreadable', 'cni-config-drift', 'cni-binary-missing', 'cni-version-incompatible', 'ip-pool-exhaustion', 'calico-ipam-blocks-high', 'pod-cidr-overlap', 'calico-bgp-peer-down', 'calico-bgp-as-mismatch', 'calico-encapsulation-mismatch', 'dns-blocked-by-policy', 'coredns-unhealthy', 'pod-routing-failure', 'cni-rbac-denied', 'probe-sandbox-timeout', 'probe-dns-failed', 'probe-egress-failed', 'bundle-collection-gap', 'bundle-unsafe-entry'],
      },
    };
  },

  'healthy-cilium': () => {
    const cluster = ciliumCluster({ memoryLimit: '1Gi' });
    return {
      cluster,
      expected: {
        description: 'A working three-node Cilium 1.18 cluster (VXLAN tunnel, cluster-pool IPAM) with memory limits on the agents and the BPF filesystem mounted.',
        matrix: { 'new-pods': 'ok', 'pod-to-pod': 'ok', dns: 'ok', 'ip-space': 'ok' },
        maxSeverity: 'low',
        verdict: 'ok',
        fires: [],
        quiet: ['cni-agent-memory', 'cni-agent-unhealthy', 'cni-agent-oom', 'cilium-bpf-fs-not-mounted', 'cilium-k8s-api-unavailable', 'cilium-health-degraded', 'cilium-kernel-unsupported', 'ip-pool-exhaustion', 'cni-binary-missing', 'cni-config-conflict', 'cni-config-drift', 'cni-sandbox-failures', 'node-not-ready', 'multiple-cni-plugins', 'bundle-collection-gap'],
      },
    };
  },

  'healthy-flannel': () => {
    const cluster = flannelCluster(3);
    return {
      cluster,
      expected: {
        description: 'A working three-node Flannel (VXLAN) cluster: subnet.env as flanneld writes it, flannel.1 with one FDB entry and one route per other node. No metrics-server, so `kubectl top` could not be collected (an info gap).',
        matrix: { 'new-pods': 'ok', 'pod-to-pod': 'ok', dns: 'ok', 'ip-space': 'ok' },
        maxSeverity: 'low',
        verdict: 'ok',
        fires: [{ rule: 'bundle-collection-gap', severity: 'info', summaryIncludes: ['Metrics API not available'] }],
        quiet: ['flannel-subnet-missing', 'flannel-vxlan-unhealthy', 'flannel-lease-failure', 'pod-cidr-overlap', 'pod-routing-failure', 'ip-pool-exhaustion', 'cni-binary-missing', 'cni-agent-unhealthy', 'cni-agent-memory', 'cni-config-missing', 'node-not-ready'],
      },
    };
  },

  'healthy-aws': () => {
    const cluster = awsCluster();
    return {
      cluster,
      expected: {
        description: 'A working three-node EKS cluster with the AWS VPC CNI v1.18 (default env: prefix delegation off, WARM_ENI_TARGET=1), nodes well below their 29-pod limit.',
        matrix: { 'new-pods': 'ok', 'pod-to-pod': 'ok', dns: 'ok', 'ip-space': 'ok' },
        maxSeverity: 'medium',
        verdict: 'ok',
        fires: [{ rule: 'bundle-collection-gap', severity: 'info', summaryIncludes: ['Metrics API not available'] }],
        quiet: ['aws-eni-ip-limit', 'ip-pool-exhaustion', 'cni-binary-missing', 'cni-agent-unhealthy', 'cni-sandbox-failures', 'pod-cidr-overlap', 'cni-config-conflict', 'multiple-cni-plugins'],
      },
    };
  },

  'healthy-kindnet': () => {
    const cluster = kindCluster();
    return {
      cluster,
      expected: {
        description: 'A working three-node kind cluster: kindnet (ptp + host-local + portmap in 10-kindnet.conflist), a route per other node\'s podCIDR via its node IP, kube-proxy ready on every node. No metrics-server (an info gap).',
        matrix: { 'new-pods': 'ok', 'pod-to-pod': 'ok', dns: 'ok', 'ip-space': 'ok' },
        maxSeverity: 'low',
        verdict: 'ok',
        plugins: ['kindnet'],
        fires: [{ rule: 'bundle-collection-gap', severity: 'info', summaryIncludes: ['Metrics API not available'] }],
        quiet: ['kube-proxy-unhealthy', 'cni-agent-unhealthy', 'cni-binary-missing', 'cni-config-missing', 'cni-config-conflict', 'multiple-cni-plugins', 'pod-routing-failure', 'coredns-unhealthy', 'node-not-ready', 'cni-sandbox-failures'],
      },
    };
  },

  'healthy-weave': () => {
    const cluster = weaveCluster();
    return {
      cluster,
      expected: {
        description: 'A working three-node Weave Net 2.8.1 cluster: every pair of routers connected over fastdp, the IPAM range split among the three peers, 10-weave.conflist (weave-net + portmap) on every node.',
        matrix: { 'new-pods': 'ok', 'pod-to-pod': 'ok', dns: 'ok', 'ip-space': 'ok' },
        maxSeverity: 'low',
        verdict: 'ok',
        plugins: ['weave'],
        fires: [{ rule: 'bundle-collection-gap', severity: 'info', summaryIncludes: ['Metrics API not available'] }],
        quiet: ['weave-connection-failed', 'weave-ipam-unreachable', 'kube-proxy-unhealthy', 'cni-agent-unhealthy', 'cni-binary-missing', 'cni-config-missing', 'cni-config-conflict', 'multiple-cni-plugins', 'pod-routing-failure', 'cni-sandbox-failures', 'ip-pool-exhaustion'],
      },
    };
  },

  'healthy-kube-router': () => ({
    cluster: kubeRouterCluster(),
    expected: {
      description: 'A working three-node kube-router v2.1.3 cluster: an iBGP full mesh (AS 64512) with every session Established, each node routing the others\' pod CIDRs learnt over BGP, 10-kuberouter.conflist (bridge on kube-bridge + portmap) on every node, kube-proxy beside it (kube-router runs without --run-service-proxy).',
      matrix: { 'new-pods': 'ok', 'pod-to-pod': 'ok', dns: 'ok', 'ip-space': 'ok' },
      maxSeverity: 'low',
      verdict: 'ok',
      plugins: ['kube-router'],
      fires: [{ rule: 'bundle-collection-gap', severity: 'info', summaryIncludes: ['Metrics API not available'] }],
      quiet: ['kube-router-bgp-peer-down', 'kube-proxy-unhealthy', 'cni-agent-unhealthy', 'cni-binary-missing', 'cni-config-missing', 'cni-config-conflict', 'multiple-cni-plugins', 'pod-routing-failure', 'cni-sandbox-failures', 'ip-pool-exhaustion'],
    },
  }),

  'kube-router-bgp-down': () => {
    // TCP 179 to and from worker-2 is blocked (a security group change): its sessions never came
    // up, so it learns no route and nobody learns its pod CIDR; kube-router itself is Running and ready.
    const c = kubeRouterCluster({ blocked: [2] });
    c.addEvent({ namespace: 'shop', object: { kind: 'Pod', name: 'cart-5d8f7c6b4-w8n4z' }, reason: 'Unhealthy', type: 'Warning', host: 'worker-2', count: 22, last: T(13), message: 'Readiness probe failed: Get "http://10.244.2.13:8080/healthz": context deadline exceeded (Client.Timeout exceeded while awaiting headers)' });
    return {
      cluster: c,
      expected: {
        description: 'kube-router with worker-2 cut off from BGP: TCP 179 between it and the others is blocked, so every session to and from it is Active and never came up (gobgp neighbor), no node has a route to 10.244.2.0/24 and worker-2 has none to the others. kube-router is Running and ready everywhere: only its BGP table tells.',
        matrix: { 'new-pods': 'ok', 'pod-to-pod': 'failing', dns: 'ok', 'ip-space': 'ok' },
        first: 'kube-router-bgp-peer-down',
        plugins: ['kube-router'],
        fires: [{ rule: 'kube-router-bgp-peer-down', severity: 'critical', rootCause: true, nodes: ['cp-1', 'worker-1', 'worker-2'], summaryIncludes: ['cp-1 → 10.0.0.12 (worker-2) Active, never up', 'worker-2 → 10.0.0.10 (cp-1) Active', 'TCP 179 to the peer does not connect', 'Every failing session has worker-2 at one end'] },
          // Routes learnt over BGP are missing on every node for the far end: the symptom.
          { rule: 'pod-routing-failure', severity: 'high', rootCause: false, nodes: ['cp-1', 'worker-1', 'worker-2'], summaryIncludes: ['worker-2 misses 10.244.0.0/24 (cp-1), 10.244.1.0/24 (worker-1)'], actionsInclude: ['kubectl -n kube-system exec <kube-router-pod> -- gobgp neighbor'] },
        ],
        quiet: ['kube-proxy-unhealthy', 'cni-agent-unhealthy', 'cni-config-missing', 'cni-config-conflict', 'multiple-cni-plugins'],
      },
    };
  },

  'weave-split': () => {
    const c = weaveCluster();
    // UDP/TCP 6783 to worker-2 is blocked: its connections fail, it sees only itself; the IPAM ring
    // still lists two peers of nodes deleted last month, which own half the range.
    const names = c.nodeNames();
    c.file('plugins/weave/status-connections/cp-1.txt', `-> 10.0.0.11:6783      established fastdp 7e:21:4a:70:2f:45(worker-1) mtu=1376\n-> 10.0.0.12:6783      failed      dial tcp4 10.0.0.12:6783: i/o timeout, retry: 2026-11-27 10:16:38.246910357 +0000 UTC\n-> 10.0.0.10:6783      failed      cannot connect to ourself, retry: never\n`);
    c.file('plugins/weave/status-connections/worker-1.txt', `<- 10.0.0.10:40097     established fastdp c2:03:ba:47:32:13(cp-1) mtu=1376\n-> 10.0.0.12:6783      retrying    dial tcp4 10.0.0.12:6783: i/o timeout\n`);
    c.file('plugins/weave/status-connections/worker-2.txt', `-> 10.0.0.10:6783      failed      dial tcp4 10.0.0.10:6783: i/o timeout, retry: 2026-11-27 10:16:40.112210357 +0000 UTC\n-> 10.0.0.11:6783      connecting\n`);
    c.file('plugins/weave/status/worker-2.txt', weaveStatus({ nodeIndex: 2, node: 'worker-2', connections: '2 (1 failed, 1 connecting)', peers: 1 }));
    for (const n of names) {
      const rows = [`c2:03:ba:47:32:13(cp-1)                    262144 IPs (25.0% of total)${n === 'cp-1' ? ' (6 active)' : ''}`, `7e:21:4a:70:2f:45(worker-1)                131072 IPs (12.5% of total)${n === 'worker-1' ? ' (7 active)' : ''}`, `7e:ae:cd:d5:23:8d(worker-2)                131072 IPs (12.5% of total)${n === 'worker-2' ? ' (8 active)' : ''}`, 'ba:3e:73:6a:13:c7()                        262144 IPs (25.0% of total) - unreachable!', 'da:f0:0a:b5:31:58()                        262144 IPs (25.0% of total) - unreachable!'];
      c.file(`plugins/weave/status-ipam/${n}.txt`, `${rows.join('\n')}\n`);
    }
    c.addEvent({ namespace: 'shop', object: { kind: 'Pod', name: 'cart-5d8f7c6b4-w8n4z' }, reason: 'Unhealthy', type: 'Warning', host: 'worker-2', count: 22, last: T(13), message: 'Readiness probe failed: Get "http://10.36.0.13:8080/healthz": context deadline exceeded (Client.Timeout exceeded while awaiting headers)' });
    return {
      cluster: c,
      expected: {
        description: 'Weave Net with worker-2 cut off: TCP 6783 to and from it times out, so cp-1 and worker-1 show it failed/retrying and worker-2 knows only itself (Peers: 1). The "cannot connect to ourself" row on cp-1 is normal. Two deleted nodes still own half the IPAM range (unreachable).',
        matrix: { 'new-pods': 'ok', 'pod-to-pod': 'failing', dns: 'ok', 'ip-space': 'failing' },
        first: 'weave-connection-failed',
        plugins: ['weave'],
        fires: [
          { rule: 'weave-connection-failed', severity: 'high', rootCause: true, nodes: ['cp-1', 'worker-1', 'worker-2'], summaryIncludes: ['cp-1 → worker-2 (10.0.0.12:6783) failed: dial tcp4 10.0.0.12:6783: i/o timeout', 'worker-2 knows 1 peer(s) of 3 nodes', 'TCP 6783'] },
          { rule: 'weave-ipam-unreachable', severity: 'high', summaryIncludes: ['2 unreachable peer(s) still own 524288 addresses', 'ba:3e:73:6a:13:c7'] },
        ],
        quiet: ['cni-agent-unhealthy', 'kube-proxy-unhealthy', 'multiple-cni-plugins', 'cni-binary-missing', ...NOT_HEALTHY_QUIET_BASE],
      },
    };
  },

  'healthy-antrea': () => {
    const cluster = antreaCluster();
    return {
      cluster,
      expected: {
        description: 'A working three-node Antrea v2.2 cluster (Geneve encap): antrea-agent and antrea-ovs ready on every node, `antctl get agentinfo` Healthy, br-int with antrea-gw0 and antrea-tun0 in `ovs-vsctl show`, 10-antrea.conflist (antrea + portmap + bandwidth).',
        matrix: { 'new-pods': 'ok', 'pod-to-pod': 'ok', dns: 'ok', 'ip-space': 'ok' },
        maxSeverity: 'low',
        verdict: 'ok',
        plugins: ['antrea'],
        fires: [{ rule: 'bundle-collection-gap', severity: 'info', summaryIncludes: ['Metrics API not available'] }],
        quiet: ['antrea-ovs-unhealthy', 'kube-proxy-unhealthy', 'cni-agent-unhealthy', 'cni-binary-missing', 'cni-config-missing', 'cni-config-conflict', 'multiple-cni-plugins', 'pod-routing-failure', 'cni-sandbox-failures', 'ip-pool-exhaustion'],
      },
    };
  },

  'antrea-ovs-down': () => {
    const c = antreaCluster();
    const w2 = 'worker-2';
    const agentPod = ANTREA_AGENT_PODS[2]!;
    // ovsdb-server on worker-2 aborts on a stale pidfile (the node rebooted under memory pressure):
    // antrea-ovs crash-loops, antrea-agent cannot connect to OVSDB and its CNI server never starts.
    const containers = [
      { name: 'antrea-agent', image: ANTREA_IMAGE, memoryLimit: '512Mi', ready: false },
      { name: 'antrea-ovs', image: ANTREA_IMAGE, memoryLimit: '512Mi', ready: false, restartCount: 23, waiting: { reason: 'CrashLoopBackOff', message: `back-off 5m0s restarting failed container=antrea-ovs pod=${agentPod}_kube-system(8f2c1d7e-3a4b-4c5d-9e6f-7a8b9c0d1e2f)` }, lastTerminated: { reason: 'Error', exitCode: 1 } },
    ];
    c.replacePod(agentPod, { namespace: 'kube-system', name: agentPod, node: w2, hostNetwork: true, ip: '10.0.0.12', hostIP: '10.0.0.12', labels: { app: 'antrea', component: 'antrea-agent' }, owner: { kind: 'DaemonSet', name: 'antrea-agent' }, initContainers: [{ name: 'install-cni', image: ANTREA_IMAGE }], containers });
    c.setDaemonSetReady('antrea-agent', 2);
    c.file(`logs/kube-system/${agentPod}/antrea-ovs.previous.log`, realWorld('antrea-ovs-log-pidfile-check-failed-crashloop.txt'));
    c.file(`logs/kube-system/${agentPod}/antrea-agent.log`, realWorld('antrea-agent-log-ovsdb-not-connected-windows-1.4.txt').replace('\\\\.\\pipe\\C:openvswitchvarrunopenvswitchdb.sock', '/var/run/openvswitch/db.sock'));
    c.file(`plugins/antrea/ovs-vsctl-show/${w2}.txt`, 'ovs-vsctl: unix:/var/run/openvswitch/db.sock: database connection failed (No such file or directory)\n');
    c.failed.set(`plugins/antrea/agentinfo/${w2}.txt`, { exitCode: 1, durationMs: 412, stderr: 'Error: error when requesting agentinfo: Get "https://127.0.0.1:10350/agentinfo": dial tcp 127.0.0.1:10350: connect: connection refused', error: 'exec-failed' });
    const pods = [['shop', 'web-6c9f8b7d5-t7q2c', 'web'], ['shop', 'cart-5d8f7c6b4-zq9xw', 'cart']] as const;
    pods.forEach(([ns, name, app], k) => {
      stuckPod(c, ns, name, w2, app, '10.0.0.12');
      sandboxFailure(c, ns, name, w2, `Failed to create pod sandbox: rpc error: code = Unknown desc = failed to setup network for sandbox "${HEX(k + 31)}": rpc error: code = Unavailable desc = connection error: desc = "transport: Error while dialing dial unix /var/run/antrea/cni.sock: connect: no such file or directory"`, 18 + k * 4, 12 + k);
    });
    return {
      cluster: c,
      expected: {
        description: 'Antrea with Open vSwitch down on worker-2: ovsdb-server aborts on a stale pidfile (the real antrea-ovs log of antrea#648), antrea-ovs crash-loops, antrea-agent cannot connect to OVSDB, so its CNI server socket never appears and new pods there fail with `dial unix /var/run/antrea/cni.sock`. The agent and the sandbox failures are symptoms; OVS is the root cause.',
        first: 'antrea-ovs-unhealthy',
        plugins: ['antrea'],
        fires: [
          { rule: 'antrea-ovs-unhealthy', severity: 'critical', rootCause: true, nodes: [w2], summaryIncludes: ['antrea-ovs in antrea-agent-w4q7n CrashLoopBackOff (23 restarts)', 'pidfile check failed', 'database connection failed'] },
          { rule: 'cni-sandbox-failures', rootCause: false, nodes: [w2], summaryIncludes: ['cni.sock'] },
          { rule: 'cni-agent-unhealthy', rootCause: false, nodes: [w2] },
        ],
        quiet: ['multiple-cni-plugins', 'cni-config-missing', 'cni-binary-missing', 'cni-config-conflict', 'node-not-ready', 'kube-proxy-unhealthy', ...NOT_HEALTHY_QUIET_BASE],
      },
    };
  },

  'healthy-ovn-kubernetes': () => {
    const cluster = ovnCluster();
    return {
      cluster,
      expected: {
        description: 'A working three-node OVN-Kubernetes cluster (upstream central layout): ovnkube-db and ovnkube-master ready on cp-1, ovnkube-node (ovnkube-node, ovn-controller) and ovs-node ready everywhere, ovn-controller connected to the southbound database, 10-ovn-kubernetes.conf on every node.',
        // OVN-Kubernetes hands out node subnets in its own annotation (k8s.ovn.org/node-subnets), read against each node's pods.
        matrix: { 'new-pods': 'ok', 'pod-to-pod': 'ok', dns: 'ok', 'ip-space': 'ok' },
        plugins: ['ovn-kubernetes'],
        fires: [],
        quiet: ['ovn-kubernetes-unhealthy', 'kube-proxy-unhealthy', 'cni-agent-unhealthy', 'cni-binary-missing', 'cni-config-missing', 'cni-config-conflict', 'multiple-cni-plugins', 'pod-routing-failure', 'cni-sandbox-failures', 'ip-pool-exhaustion'],
      },
    };
  },

  'ovn-kubernetes-sbdb-down': () => {
    const c = ovnCluster();
    const ns = OVN_NAMESPACE;
    // The southbound database file on cp-1 is corrupt after a disk filled up: sb-ovsdb crash-loops,
    // ovnkube-master cannot connect to it and restarts, ovn-controller on every node retries
    // tcp:10.0.0.10:6642, and new pods wait for an annotation nobody writes.
    c.replacePod(OVN_DB_POD, { namespace: ns, name: OVN_DB_POD, node: 'cp-1', hostNetwork: true, ip: '10.0.0.10', hostIP: '10.0.0.10', labels: { name: 'ovnkube-db', 'pod-template-hash': '7d9c8b6f5' }, owner: { kind: 'ReplicaSet', name: 'ovnkube-db-7d9c8b6f5' }, containers: [{ name: 'nb-ovsdb', image: OVN_IMAGE }, { name: 'sb-ovsdb', image: OVN_IMAGE, ready: false, restartCount: 17, waiting: { reason: 'CrashLoopBackOff', message: `back-off 5m0s restarting failed container=sb-ovsdb pod=${OVN_DB_POD}_${ns}(5b8e2f14-7c3a-4d9e-a1b6-0f2c8d7e9a31)` }, lastTerminated: { reason: 'Error', exitCode: 1 } }] });
    c.replacePod(OVN_MASTER_POD, { namespace: ns, name: OVN_MASTER_POD, node: 'cp-1', hostNetwork: true, ip: '10.0.0.10', hostIP: '10.0.0.10', labels: { name: 'ovnkube-master', 'pod-template-hash': '5f7b9c4d8' }, owner: { kind: 'ReplicaSet', name: 'ovnkube-master-5f7b9c4d8' }, containers: [{ name: 'ovn-northd', image: OVN_IMAGE }, { name: 'ovnkube-master', image: OVN_IMAGE, ready: false, restartCount: 9, waiting: { reason: 'CrashLoopBackOff' }, lastTerminated: { reason: 'Error', exitCode: 1 } }] });
    c.file(`logs/${ns}/${OVN_DB_POD}/sb-ovsdb.previous.log`, ['2024-11-27T09:40:12.004Z|00001|vlog|INFO|opened log file /var/log/ovn/ovsdb-server-sb.log', 'ovsdb-server: ovsdb error: /etc/ovn/ovnsb_db.db: cannot identify file type', ''].join('\n'));
    c.file(`logs/${ns}/${OVN_MASTER_POD}/ovnkube-master.previous.log`, [
      'I1127 09:40:20.118402       1 ovnkube.go:324] Watching config file /run/ovnkube-config/ovnkube.conf for changes',
      'I1127 09:40:20.311352       1 client.go:783]  "msg"="connected" "database"="OVN_Northbound" "address"="tcp:10.0.0.10:6641"',
      ...[0, 1, 2, 3].map((k) => `E1127 09:40:${21 + k * 5}.640781       1 client.go:373] failed to connect: failed to connect to endpoints "[tcp:10.0.0.10:6642]": dial tcp 10.0.0.10:6642: connect: connection refused`),
      'F1127 09:40:41.002114       1 ovnkube.go:137] failed to run ovnkube: failed to initialize libovsdb SB client: failed to connect to endpoints "[tcp:10.0.0.10:6642]": dial tcp 10.0.0.10:6642: connect: connection refused',
      '',
    ].join('\n'));
    c.nodeNames().forEach((n, i) => {
      c.file(`logs/${ns}/${OVN_NODE_PODS[i]}/ovn-controller.log`, [
        '2024-11-27T09:01:02.530Z|00004|reconnect|INFO|tcp:10.0.0.10:6642: connecting...',
        '2024-11-27T09:01:02.531Z|00005|reconnect|INFO|tcp:10.0.0.10:6642: connected',
        '2024-11-27T09:40:11.902Z|00031|reconnect|ERR|tcp:10.0.0.10:6642: no response to inactivity probe after 60 seconds, disconnecting',
        '2024-11-27T09:40:11.903Z|00032|reconnect|INFO|tcp:10.0.0.10:6642: connection dropped',
        ...[0, 1, 2, 3, 4].map((k) => `2024-11-27T09:4${1 + k}:1${i}.531Z|000${33 + k * 2}|reconnect|${k ? 'WARN' : 'INFO'}|tcp:10.0.0.10:6642: connection attempt failed (Connection refused)`),
        '',
      ].join('\n'));
    });
    const pods = [['shop', 'web-6c9f8b7d5-t7q2c', 'web', 'worker-1', '10.0.0.11'], ['shop', 'cart-5d8f7c6b4-zq9xw', 'cart', 'worker-2', '10.0.0.12']] as const;
    pods.forEach(([pns, name, app, node, hostIP], k) => {
      stuckPod(c, pns, name, node, app, hostIP);
      sandboxFailure(c, pns, name, node, `Failed to create pod sandbox: rpc error: code = Unknown desc = failed to setup network for sandbox "${HEX(k + 41)}": CNI request failed with status 400: '[${pns}/${name} ${HEX(k + 41)}] [${pns}/${name} ${HEX(k + 41)}] failed to get pod annotation: timed out waiting for annotations: context deadline exceeded\n'`, 14 + k * 3, 12 + k);
    });
    return {
      cluster: c,
      expected: {
        description: 'OVN-Kubernetes with its southbound database down: the database file on cp-1 is corrupt, sb-ovsdb crash-loops, ovnkube-master cannot connect to tcp:10.0.0.10:6642 and restarts, ovn-controller on every node retries the connection, and new pods on the workers time out waiting for their network annotation (the wording of ovn-kubernetes#2590). The sandbox failures are symptoms; the OVN control plane is the root cause.',
        first: 'ovn-kubernetes-unhealthy',
        plugins: ['ovn-kubernetes'],
        fires: [
          { rule: 'ovn-kubernetes-unhealthy', severity: 'critical', rootCause: true, nodes: ['cp-1', 'worker-1', 'worker-2'], summaryIncludes: ['The OVN control plane is not healthy', `${OVN_DB_POD} on cp-1: sb-ovsdb CrashLoopBackOff (17 restarts)`, 'southbound database (tcp:10.0.0.10:6642)', 'timed out waiting for the network annotation that the control plane above writes'] },
          { rule: 'cni-sandbox-failures', rootCause: false, nodes: ['worker-1', 'worker-2'] },
        ],
        quiet: ['multiple-cni-plugins', 'cni-config-missing', 'cni-binary-missing', 'cni-config-conflict', 'node-not-ready', 'kube-proxy-unhealthy', ...NOT_HEALTHY_QUIET_BASE],
      },
    };
  },

  'healthy-multus': () => {
    const cluster = multusCluster();
    return {
      cluster,
      expected: {
        description: 'Flannel with Multus (thin plugin) in front: 00-multus.conf delegates the default network to flannel on every node, kube-multus ready, one macvlan NetworkAttachmentDefinition in namespace telco whose plugins are installed. Multus beside flannel is a design, not two plugins.',
        matrix: { 'new-pods': 'ok', 'pod-to-pod': 'ok', dns: 'ok', 'ip-space': 'ok' },
        plugins: ['flannel', 'multus'],
        fires: [],
        quiet: ['multus-delegate-failed', 'multiple-cni-plugins', 'cni-config-conflict', 'cni-agent-unhealthy', 'cni-binary-missing', 'cni-config-missing', 'cni-sandbox-failures', 'kube-proxy-unhealthy', 'flannel-subnet-missing'],
      },
    };
  },

  'multus-missing-network': () => {
    const c = multusCluster();
    // The shop team copied a Deployment from telco: its pods ask for "macvlan-conf", which exists
    // only in namespace telco. A second NetworkAttachmentDefinition nobody uses yet has a config
    // that is not JSON (a YAML paste).
    c.addCustom('network-attachment-definitions.k8s.cni.cncf.io', networkAttachment('shop', 'storage-net', 'type: macvlan\nmaster: eth2\n'));
    const pods = [['shop', 'web-6c9f8b7d5-t7q2c', 'web', 'worker-1', '10.0.0.11'], ['shop', 'web-6c9f8b7d5-x8k4d', 'web', 'worker-2', '10.0.0.12']] as const;
    pods.forEach(([ns, name, app, node, hostIP], k) => {
      stuckPod(c, ns, name, node, app, hostIP);
      sandboxFailure(c, ns, name, node, `Failed to create pod sandbox: rpc error: code = Unknown desc = failed to setup network for sandbox "${HEX(k + 51)}": plugin type="multus" name="multus-cni-network" failed (add): Multus: [${ns}/${name}/${HEX(k + 61).slice(0, 8)}-2c4e-4f1a-9b3d-5e7f8a0c1d2e]: error loading k8s delegates k8s args: TryLoadPodDelegates: error in getting k8s network for pod: GetNetworkDelegates: failed getting the delegate: getKubernetesDelegate: cannot find a network-attachment-definition (macvlan-conf) in namespace (${ns}): network-attachment-definitions.k8s.cni.cncf.io "macvlan-conf" not found`, 21 + k * 2, 12 + k);
    });
    return {
      cluster: c,
      expected: {
        description: 'Flannel with Multus: pods in namespace shop ask for network "macvlan-conf", whose NetworkAttachmentDefinition exists only in namespace telco, so Multus fails them with "cannot find a network-attachment-definition" (the wording of multus-cni#456) and they stay in ContainerCreating; another NetworkAttachmentDefinition in shop has a spec.config that is not JSON. The default network (flannel) works.',
        first: 'multus-delegate-failed',
        plugins: ['flannel', 'multus'],
        fires: [
          { rule: 'multus-delegate-failed', severity: 'critical', rootCause: true, nodes: ['worker-1', 'worker-2'], summaryIncludes: ['ask for network "macvlan-conf"', 'no NetworkAttachmentDefinition of that name in namespace shop', 'one exists in telco/macvlan-conf'] },
          { rule: 'multus-delegate-failed', severity: 'medium', summaryIncludes: ['shop/storage-net: spec.config is not valid JSON'] },
          { rule: 'cni-sandbox-failures', rootCause: false, nodes: ['worker-1', 'worker-2'] },
        ],
        quiet: ['multiple-cni-plugins', 'cni-config-conflict', 'cni-config-missing', 'cni-binary-missing', 'cni-agent-unhealthy', 'flannel-subnet-missing', 'kube-proxy-unhealthy', ...NOT_HEALTHY_QUIET_BASE],
      },
    };
  },

  'healthy-azure-cni': () => ({
    cluster: azureCluster(),
    expected: {
      description: 'A working three-node AKS cluster on Azure CNI with dynamic pod IP allocation: azure-cns ready on every node, 10-azure.conflist (azure-vnet in transparent mode, IPAM azure-cns, portmap), pods on addresses of the pod subnet, no podCIDR on the nodes (Azure CNI does not use it), kube-proxy beside it.',
      matrix: { 'new-pods': 'ok', 'pod-to-pod': 'ok', dns: 'ok', 'ip-space': 'unknown' },
      maxSeverity: 'low',
      verdict: 'ok',
      plugins: ['azure-cni'],
      fires: [{ rule: 'bundle-collection-gap', severity: 'info', summaryIncludes: ['Metrics API not available'] }],
      quiet: ['ip-pool-exhaustion', 'cni-agent-unhealthy', 'cni-binary-missing', 'cni-config-missing', 'cni-config-conflict', 'multiple-cni-plugins', 'pod-routing-failure', 'cni-sandbox-failures', 'kube-proxy-unhealthy', 'node-network-unavailable', 'pod-cidr-overlap'],
    },
  }),

  'azure-ip-exhaustion': () => {
    const c = azureCluster();
    const node = AZURE_NODES[1]!;
    // azure-cns has not been given enough addresses for the node (its NodeNetworkConfig): azure-vnet's
    // IPAM call to CNS fails. The message is the one Microsoft's AKS troubleshooting guide quotes,
    // unwrapped (the guide wraps it at 100 columns); its quotes are the guide's.
    const cnsMessage = realWorld('events-azure-cni-cns-not-enough-ips-docs.txt').split('\n').filter(Boolean).join('');
    ['web-6c9f8b7d5-q4m8z', 'web-6c9f8b7d5-w2c7n', 'worker-batch-7f6d5c4b9-k9d3s'].forEach((name, k) => {
      stuckPod(c, 'shop', name, node, name.startsWith('web') ? 'web' : 'worker-batch', '10.224.0.5');
      sandboxFailure(c, 'shop', name, node, cnsMessage.replace("'PodName':'a_podname','PodNamespace':'my_namespace'", `'PodName':'${name}','PodNamespace':'shop'`), 14 + k * 3, 12 + k);
    });
    return {
      cluster: c,
      expected: {
        description: 'AKS on Azure CNI with dynamic pod IP allocation: node vmss000001 has no free pod address (azure-cns reports "not enough IPs available … waiting on Azure CNS to allocate more", the wording of Microsoft\'s AKS troubleshooting guide) and three new pods stay in ContainerCreating. The steps are Azure\'s: the NodeNetworkConfig and the subnet, then a node pool on a larger subnet.',
        matrix: { 'new-pods': 'failing', 'pod-to-pod': 'ok', dns: 'ok', 'ip-space': 'failing' },
        first: 'ip-pool-exhaustion',
        verdict: 'localized',
        plugins: ['azure-cni'],
        fires: [
          { rule: 'ip-pool-exhaustion', severity: 'critical', rootCause: true, nodes: [node], summaryIncludes: ['not enough IPs available', 'Azure CNI has no free address'], actionsInclude: ['kubectl get nodenetworkconfigs -n kube-system -o wide'] },
          { rule: 'cni-sandbox-failures', rootCause: false, nodes: [node] },
        ],
        quiet: ['cni-agent-unhealthy', 'cni-binary-missing', 'multiple-cni-plugins', 'cni-config-conflict', ...NOT_HEALTHY_QUIET_BASE],
      },
    };
  },

  'healthy-openshift-sdn': () => ({
    cluster: openshiftSdnCluster(),
    expected: {
      description: 'A working three-node OpenShift 4.12 cluster on OpenShift SDN: sdn ready on every node (its log starts with the normal socat line while the CNI server comes up), Multus in front (00-multus.conf delegating to openshift-sdn), RHCOS nodes on CRI-O whose plugins live in /var/lib/cni/bin. OpenShift\'s agents set requests and no memory limits, by the platform\'s convention.',
      matrix: { 'new-pods': 'ok', 'pod-to-pod': 'ok', dns: 'ok', 'ip-space': 'unknown' },
      maxSeverity: 'low',
      verdict: 'ok',
      plugins: ['multus', 'openshift-sdn'],
      fires: [{ rule: 'bundle-collection-gap', severity: 'info', summaryIncludes: ['Metrics API not available'] }],
      quiet: ['cni-agent-unhealthy', 'cni-agent-memory', 'cni-binary-missing', 'multiple-cni-plugins', 'cni-config-conflict', 'cni-config-missing', 'cni-sandbox-failures', 'multus-delegate-failed', 'kube-proxy-unhealthy'],
    },
  }),

  'openshift-sdn-down': () => {
    const c = openshiftSdnCluster();
    const node = OCP_NODES[2]!;
    const pod = SDN_PODS[2]!;
    // sdn on ocp-worker-b cannot reach Open vSwitch and exits: its CNI server socket never appears,
    // so every pod Multus hands to openshift-sdn there fails (OS-01).
    c.replacePod(pod, { namespace: 'openshift-sdn', name: pod, node, hostNetwork: true, ip: '10.0.0.22', hostIP: '10.0.0.22', labels: { app: 'sdn', component: 'network' }, owner: { kind: 'DaemonSet', name: 'sdn' }, containers: [{ name: 'sdn', image: SDN_IMAGE, ready: false, restartCount: 12, waiting: { reason: 'CrashLoopBackOff', message: `back-off 5m0s restarting failed container=sdn pod=${pod}_openshift-sdn(2c9e4f1a-7b3d-4e8a-9c6f-1d2a0b8e7f53)` }, lastTerminated: { reason: 'Error', exitCode: 255 } }, { name: 'kube-rbac-proxy', image: 'quay.io/openshift-release-dev/ocp-v4.0-art-dev@sha256:' + '0c7e9d12'.repeat(8) }] });
    c.setDaemonSetReady('sdn', 2);
    c.file(`logs/openshift-sdn/${pod}/sdn.previous.log`, [
      `I1127 10:02:09.112385    2211 node.go:151] Initializing SDN node of type "redhat/openshift-ovs-networkpolicy" with configured hostname "${node}" (IP "10.0.0.22"), iptables sync period "30s"`,
      'I1127 10:02:09.118540    2211 node.go:281] Starting openshift-sdn network plugin',
      'F1127 10:02:11.514211    2211 cmd.go:111] Failed to start sdn: node SDN setup failed: error on port vxlan0: "could not open network device vxlan0 (No such device)"',
      '',
    ].join('\n'));
    ['web-6c9f8b7d5-m3k8q', 'web-6c9f8b7d5-p7x2v'].forEach((name, k) => {
      stuckPod(c, 'shop', name, node, 'web', '10.0.0.22');
      sandboxFailure(c, 'shop', name, node, `Failed to create pod sandbox: rpc error: code = Unknown desc = failed to create pod network sandbox k8s_${name}_shop_${HEX(k + 31).slice(0, 8)}-4d2e-4b1f-8c3a-6e9d0f2a1b7c_0(${HEX(k + 41)}): error adding pod shop_${name} to CNI network "multus-cni-network": plugin type="multus" name="multus-cni-network" failed (add): [shop/${name}/${HEX(k + 31).slice(0, 8)}-4d2e-4b1f-8c3a-6e9d0f2a1b7c:openshift-sdn]: error adding container to network "openshift-sdn": failed to send CNI request: Post "http://dummy/": dial unix /var/run/openshift-sdn/cniserver/socket: connect: no such file or directory`, 17 + k * 4, 12 + k);
    });
    return {
      cluster: c,
      expected: {
        description: 'OpenShift SDN: the sdn pod on ocp-worker-b crash-loops (its OVS port setup fails), so its CNI server socket is missing and every pod Multus hands to openshift-sdn there fails with "dial unix /var/run/openshift-sdn/cniserver/socket: connect: no such file or directory" (the wording of openshift/machine-config-operator#698). The sdn pod is the root cause; the sandbox failures and Multus\' delegate failure are its symptoms.',
        matrix: { 'new-pods': 'failing', 'pod-to-pod': 'ok', dns: 'ok', 'ip-space': 'unknown' },
        first: 'cni-agent-unhealthy',
        verdict: 'localized',
        plugins: ['multus', 'openshift-sdn'],
        fires: [
          { rule: 'cni-agent-unhealthy', severity: 'critical', rootCause: true, nodes: [node], summaryIncludes: ['sdn'] },
          { rule: 'cni-sandbox-failures', rootCause: false, nodes: [node], summaryIncludes: ['cniserver/socket'] },
        ],
        quiet: ['multiple-cni-plugins', 'cni-config-conflict', 'cni-binary-missing', 'cni-agent-memory', ...NOT_HEALTHY_QUIET_BASE],
      },
    };
  },

  // GKE Dataplane V2: Cilium as the DaemonSet anetd, no kube-proxy, GKE's netd beside it.
  'healthy-gke-dataplane-v2': () => {
    const c = ciliumCluster({ agentName: 'anetd', memoryLimit: '1Gi' });
    // GKE runs Cilium's operator in its own control plane: not in the cluster.
    c.deployments = c.deployments.filter((d) => d.metadata.name !== 'cilium-operator');
    c.pods = c.pods.filter((p) => !p.metadata.name.startsWith('kube-proxy-'));
    c.daemonSets = c.daemonSets.filter((d) => d.metadata.name !== 'kube-proxy');
    const netdImage = 'gke.gcr.io/netd-amd64:v0.8.5-gke.0';
    c.addDaemonSet({ namespace: 'kube-system', name: 'netd', selector: { 'k8s-app': 'netd' }, containers: [{ name: 'netd', image: netdImage, memoryLimit: '300Mi' }], hostPaths: { 'cni-spec-dir': '/etc/cni/net.d' }, desired: 3, ready: 3 });
    c.nodeNames().forEach((n, i) => c.addPod({ namespace: 'kube-system', name: `netd-${['9xk2p', 'c7m4q', 'h2v8t'][i]}`, node: n, hostNetwork: true, ip: `192.168.1.${10 + i}`, hostIP: `192.168.1.${10 + i}`, labels: { 'k8s-app': 'netd' }, owner: { kind: 'DaemonSet', name: 'netd' }, containers: [{ name: 'netd', image: netdImage, memoryLimit: '300Mi' }] }));
    return {
      cluster: c,
      expected: {
        description: 'A working GKE Dataplane V2 cluster: the Cilium agent runs as the DaemonSet anetd in kube-system (reading cilium-config), no kube-proxy, and GKE\'s netd beside it on every node. anetd is Cilium; netd beside it is one data path, not a second plugin.',
        matrix: { 'new-pods': 'ok', 'pod-to-pod': 'ok', dns: 'ok', 'ip-space': 'ok' },
        maxSeverity: 'low',
        verdict: 'ok',
        plugins: ['cilium', 'gke'],
        fires: [],
        quiet: ['multiple-cni-plugins', 'cni-agent-unhealthy', 'cilium-health-degraded', 'cni-config-conflict', 'cni-binary-missing', 'cni-sandbox-failures', 'kube-proxy-unhealthy'],
      },
    };
  },

  'healthy-k3s': () => ({
    cluster: k3sCluster(),
    expected: {
      description: 'A working three-node k3s v1.30 cluster: flannel, kube-proxy and the control plane run inside k3s (no DaemonSet, no static pods); the CNI config (flannel + portmap + bandwidth) and binaries are in k3s\'s own directories, read by a debug pod and recorded in the manifest. Flannel is recognised from its config and every binary its config needs is in k3s\'s bin dir.',
      matrix: { 'new-pods': 'ok', 'pod-to-pod': 'ok', dns: 'ok', 'ip-space': 'ok' },
      maxSeverity: 'low',
      verdict: 'ok',
      plugins: ['flannel'],
      fires: [{ rule: 'bundle-collection-gap', severity: 'info', summaryIncludes: ['Metrics API not available'] }],
      quiet: ['cni-binary-missing', 'cni-config-missing', 'cni-agent-unhealthy', 'kube-proxy-unhealthy', 'flannel-subnet-missing', 'multiple-cni-plugins', 'cni-config-conflict', 'pod-routing-failure', 'cni-sandbox-failures'],
    },
  }),

  'healthy-canal-rke2': () => ({
    cluster: rke2CanalCluster(),
    expected: {
      description: 'A working three-node RKE2 cluster on Canal: the DaemonSet rke2-canal runs calico-node (policy only, no BGP) and kube-flannel (VXLAN) in one pod per node, 10-canal.conflist is the calico plugin with host-local IPAM on each node\'s podCIDR, and the CNI files are in RKE2\'s own directories. Calico and Flannel in one pod are one design, not two plugins; with no BGP there is no BGP failure to report.',
      matrix: { 'new-pods': 'ok', 'pod-to-pod': 'ok', dns: 'ok', 'ip-space': 'ok' },
      maxSeverity: 'medium',
      verdict: 'ok',
      plugins: ['canal'],
      // RKE2's chart sets no memory limit on calico-node and kube-flannel (as Calico's manifest): medium.
      fires: [{ rule: 'cni-agent-memory', severity: 'medium', summaryIncludes: ['kube-system/rke2-canal container calico-node'] }],
      quiet: ['multiple-cni-plugins', 'cni-config-conflict', 'cni-agent-unhealthy', 'calico-bgp-peer-down', 'cni-binary-missing', 'cni-config-missing', 'flannel-subnet-missing', 'flannel-vxlan-unhealthy', 'pod-routing-failure', 'cni-sandbox-failures', 'kube-proxy-unhealthy'],
    },
  }),

  // Rows of the emergency matrix at risk: degraded or filling up, not failing yet.
  'weave-sleeve': () => {
    const c = weaveCluster();
    // Between cp-1 and worker-1 fastdp's encapsulated traffic (UDP 6784) is dropped on the way, so
    // that pair fell back to sleeve, the userspace path: it works, slowly.
    const pair = (f: string, peer: string) => c.file(f, c.files.get(f)!.toString().replace(new RegExp(`established fastdp (\\S+\\(${peer}\\))`), 'established sleeve $1'));
    pair('plugins/weave/status-connections/cp-1.txt', 'worker-1');
    pair('plugins/weave/status-connections/worker-1.txt', 'cp-1');
    return {
      cluster: c,
      expected: {
        description: 'Weave Net where the connection between cp-1 and worker-1 fell back from fastdp to sleeve (the userspace path; UDP 6784 is dropped between them): traffic flows, slowly. Pod-to-pod is at risk, not failing.',
        matrix: { 'new-pods': 'ok', 'pod-to-pod': 'at-risk', dns: 'ok', 'ip-space': 'ok' },
        maxSeverity: 'medium',
        plugins: ['weave'],
        fires: [{ rule: 'weave-connection-failed', severity: 'medium', summaryIncludes: ['sleeve'] }],
        quiet: ['weave-ipam-unreachable', 'cni-agent-unhealthy', 'cni-sandbox-failures', 'pod-routing-failure'],
      },
    };
  },

  'calico-pool-nearly-full': () => {
    const c = calicoCluster(3);
    // A /24 pool for the batch namespace holds 221 of its 256 addresses: allocations still succeed.
    c.file('plugins/calico/ipam-show.txt', ipamTable([{ grouping: 'IP Pool', cidr: '192.168.0.0/16', total: 65536, used: 13 }, { grouping: 'IP Pool', cidr: '10.99.0.0/24', total: 256, used: 221 }]));
    c.addCustom('ippools.crd.projectcalico.org', custom('crd.projectcalico.org/v1', 'IPPool', 'batch-ippool', { allowedUses: ['Workload'], blockSize: 26, cidr: '10.99.0.0/24', ipipMode: 'Always', natOutgoing: true, nodeSelector: 'all()', vxlanMode: 'Never' }));
    return {
      cluster: c,
      expected: {
        description: 'Calico with a second IP pool, 10.99.0.0/24 for the batch namespace, at 86 % (221 of 256): allocations still succeed, so IP space is at risk, not failing — the guide\'s 80 % threshold.',
        matrix: { 'new-pods': 'ok', 'pod-to-pod': 'ok', dns: 'ok', 'ip-space': 'at-risk' },
        fires: [{ rule: 'ip-pool-exhaustion', severity: 'high', summaryIncludes: ['10.99.0.0/24 221/256 (86 %)'] }],
        quiet: ['cni-sandbox-failures', 'calico-bgp-peer-down'],
      },
    };
  },

  'flannel-crlf-config': () => {
    const c = flannelCluster(3);
    // Someone edited worker-1's config on a Windows laptop: CRLF line endings, legal JSON whitespace.
    const f = 'nodes/worker-1/etc-cni-net.d/10-flannel.conflist';
    c.file(f, c.files.get(f)!.toString().replace(/\n/g, '\r\n'));
    return {
      cluster: c,
      expected: {
        description: 'Flannel where worker-1\'s 10-flannel.conflist has CRLF line endings (edited on Windows). CRLF is legal JSON whitespace and libcni parses it; it is hygiene that the next edit may break, so new pods are at risk, not failing.',
        matrix: { 'new-pods': 'at-risk', 'pod-to-pod': 'ok', dns: 'ok', 'ip-space': 'ok' },
        maxSeverity: 'low',
        fires: [{ rule: 'cni-config-crlf', severity: 'low', nodes: ['worker-1'] }],
        quiet: ['cni-config-invalid', 'cni-sandbox-failures', 'cni-config-missing'],
      },
    };
  },

  'kind-kube-proxy-crashloop': () => {
    const c = kindCluster();
    const worker = 'kind-worker';
    // kube-proxy on kind-worker runs unprivileged: it cannot write the conntrack sysctl and exits.
    c.replacePod('kube-proxy-b9mzq', { namespace: 'kube-system', name: 'kube-proxy-b9mzq', node: worker, hostNetwork: true, ip: '172.18.0.3', hostIP: '172.18.0.3', labels: { 'k8s-app': 'kube-proxy' }, owner: { kind: 'DaemonSet', name: 'kube-proxy' }, containers: [{ name: 'kube-proxy', image: 'registry.k8s.io/kube-proxy:v1.30.4', ready: false, restartCount: 14, waiting: { reason: 'CrashLoopBackOff', message: 'back-off 5m0s restarting failed container=kube-proxy pod=kube-proxy-b9mzq_kube-system(4d1c7e2a-9b3f-4e8a-8c6d-2f1a0b9e7c51)' }, lastTerminated: { reason: 'Error', exitCode: 1 } }] });
    c.setDaemonSetReady('kube-proxy', 2);
    c.file('logs/kube-system/kube-proxy-b9mzq/kube-proxy.previous.log', realWorld('kube-proxy-log-cri-format-conntrack-read-only-fatal.txt'));
    c.addEvent({ namespace: 'kube-system', object: { kind: 'Pod', name: 'kube-proxy-b9mzq' }, reason: 'BackOff', type: 'Warning', host: worker, count: 61, first: T(20, 9), last: T(14), message: 'Back-off restarting failed container kube-proxy in pod kube-proxy-b9mzq_kube-system(4d1c7e2a-9b3f-4e8a-8c6d-2f1a0b9e7c51)' });
    // Without kube-proxy no Service VIP answers on kind-worker: kindnet cannot list nodes through
    // 10.96.0.1 and panics, CoreDNS there cannot reach the API and stays not ready.
    c.replacePod('kindnet-fnmdn', { namespace: 'kube-system', name: 'kindnet-fnmdn', node: worker, hostNetwork: true, ip: '172.18.0.3', hostIP: '172.18.0.3', labels: { app: 'kindnet', 'k8s-app': 'kindnet', tier: 'node' }, owner: { kind: 'DaemonSet', name: 'kindnet' }, containers: [{ name: 'kindnet-cni', image: 'docker.io/kindest/kindnetd:v20241108-5c6d2daf', memoryLimit: '50Mi', ready: false, restartCount: 9, waiting: { reason: 'CrashLoopBackOff' }, lastTerminated: { reason: 'Error', exitCode: 2 } }] });
    c.setDaemonSetReady('kindnet', 2);
    c.file('logs/kube-system/kindnet-fnmdn/kindnet-cni.previous.log', realWorld('kindnet-log-failed-to-get-nodes-panic.txt'));
    c.replacePod('coredns-7db6d8ff4d-4jxkq', { namespace: 'kube-system', name: 'coredns-7db6d8ff4d-4jxkq', node: worker, ip: '10.244.1.2', hostIP: '172.18.0.3', labels: { 'k8s-app': 'kube-dns', 'pod-template-hash': '7db6d8ff4d' }, owner: { kind: 'ReplicaSet', name: 'coredns-7db6d8ff4d' }, containers: [{ name: 'coredns', image: COREDNS_IMAGE, memoryLimit: '170Mi', ready: false }] });
    c.file('logs/kube-system/coredns-7db6d8ff4d-4jxkq/coredns.log', realWorld('coredns-log-apiserver-unreachable-recent.txt').replace(/100\.64\.0\.1/g, '10.96.0.1').replace(/10\n0\.64\.0\.1/g, '10.96.0.1'));
    c.addEvent({ namespace: 'kube-system', object: { kind: 'Pod', name: 'coredns-7db6d8ff4d-4jxkq' }, reason: 'Unhealthy', type: 'Warning', host: worker, count: 40, last: T(14), message: 'Readiness probe failed: HTTP probe failed with statuscode: 503' });
    return {
      cluster: c,
      expected: {
        description: 'kind (kindnet): kube-proxy on kind-worker crash-loops because it cannot write /proc/sys/net/netfilter/nf_conntrack_tcp_timeout_established (read-only file system: it runs unprivileged). With no Service rules on the node, kindnet there cannot reach 10.96.0.1 and panics, and CoreDNS there stays not ready: both are symptoms, kube-proxy is the root cause.',
        matrix: { 'new-pods': 'ok', 'pod-to-pod': 'failing', dns: 'failing', 'ip-space': 'ok' },
        first: 'kube-proxy-unhealthy',
        plugins: ['kindnet'],
        fires: [
          { rule: 'kube-proxy-unhealthy', severity: 'critical', rootCause: true, nodes: ['kind-worker'], summaryIncludes: ['kube-proxy-b9mzq CrashLoopBackOff, 14 restarts', 'nf_conntrack_tcp_timeout_established: read-only file system', 'privileged'] },
          { rule: 'cni-agent-unhealthy', rootCause: false, nodes: ['kind-worker'] },
          { rule: 'coredns-unhealthy', rootCause: false },
        ],
        quiet: ['multiple-cni-plugins', 'cni-config-missing', 'cni-binary-missing', 'cni-config-conflict', 'node-not-ready', ...NOT_HEALTHY_QUIET_BASE],
      },
    };
  },

  'calico-missing-portmap': () => {
    const c = calicoCluster(3);
    const w2 = 'worker-2';
    // The chained portmap plugin is gone from worker-2's /opt/cni/bin (e.g. a node image rebuilt without it).
    c.file(`nodes/${w2}/ls-opt-cni-bin.txt`, binListing(['calico', 'calico-ipam', 'flannel', ...REFERENCE_PLUGINS.filter((p) => p !== 'portmap')]));
    // worker-1's config was hand-edited on Windows: CRLF line endings, otherwise identical.
    c.file('nodes/worker-1/etc-cni-net.d/10-calico.conflist', calicoConflist('worker-1').replace(/\n/g, '\r\n'));
    const pods = [['shop', 'web-6c9f8b7d5-t7q2c', 'web'], ['shop', 'cart-5d8f7c6b4-zq9xw', 'cart'], ['kube-system', 'metrics-server-5f9f776df5-8kq2n', 'metrics-server']] as const;
    pods.forEach(([ns, name, app], k) => {
      stuckPod(c, ns, name, w2, app, '10.0.0.12');
      sandboxFailure(c, ns, name, w2, `Failed to create pod sandbox: rpc error: code = Unknown desc = failed to setup network for sandbox "${HEX(k + 1)}": plugin type="portmap" failed (add): failed to find plugin "portmap" in path [/opt/cni/bin]`, 14 + k * 3, 12 + k);
    });
    return {
      cluster: c,
      expected: {
        description: 'portmap, chained after calico in 10-calico.conflist, is missing from /opt/cni/bin on worker-2: every new pod there fails with `failed to find plugin "portmap"` (containerd + libcni ≥ 1.0 wording). worker-1\'s config has CRLF line endings, which JSON accepts.',
        matrix: { 'new-pods': 'failing', 'pod-to-pod': 'ok', dns: 'ok', 'ip-space': 'ok' },
        first: 'cni-binary-missing',
        verdict: 'localized',
        fires: [
          { rule: 'cni-binary-missing', severity: 'critical', rootCause: true, nodes: ['worker-2'], summaryIncludes: ['portmap'] },
          { rule: 'cni-sandbox-failures', severity: 'critical', rootCause: false, nodes: ['worker-2'], summaryIncludes: ['failed to find plugin'] },
          { rule: 'cni-config-crlf', severity: 'low', nodes: ['worker-1'], summaryIncludes: ['not stop the runtime'] },
        ],
        quiet: ['node-not-ready', 'cni-agent-unhealthy', 'cni-config-invalid', 'cni-config-drift', 'calico-bgp-peer-down', 'ip-pool-exhaustion', 'cni-config-conflict', ...NOT_HEALTHY_QUIET_BASE],
      },
    };
  },

  'calico-bgp-down': () => {
    const c = calicoCluster(3, { withProbe: true });
    // TCP 179 blocked towards worker-1: its peers cannot connect to it, it cannot connect out.
    c.file('plugins/calico/node-status/worker-1.txt', calicoNodeStatusTable([
      { ip: '10.0.0.10', state: 'start', since: '09:44:38', info: 'Active Socket: Connection refused' },
      { ip: '10.0.0.12', state: 'start', since: '09:44:38', info: 'Active Socket: Connection refused' },
    ]));
    c.file('plugins/calico/node-status/cp-1.txt', calicoNodeStatusTable([
      { ip: '10.0.0.11', state: 'start', since: '09:44:41', info: 'Connect Socket: Connection refused' },
      { ip: '10.0.0.12', state: 'up', since: '09:01:12', info: 'Established' },
    ], 'go-pretty'));
    // worker-2 only has birdcl (no calicoctl in the image).
    c.files.delete('plugins/calico/node-status/worker-2.txt');
    c.file('plugins/calico/birdcl-protocols/worker-2.txt', 'BIRD v0.3.3+birdv1.6.8 ready.\nname     proto    table    state  since       info\nstatic1  Static   master   up     09:01:09    \nkernel1  Kernel   master   up     09:01:09    \ndevice1  Device   master   up     09:01:09    \ndirect1  Direct   master   up     09:01:09    \nMesh_10_0_0_10 BGP      master   up     09:01:12    Established   \nMesh_10_0_0_11 BGP      master   start  09:44:40    Connect       Socket: Connection refused\n');
    // calico-node on worker-1 runs but is not ready: its readiness probe reports the BGP failure.
    // The agent is a symptom here (issue 14): the finding for BGP is the root cause.
    c.replacePod('calico-node-b7wqp', { namespace: 'kube-system', name: 'calico-node-b7wqp', node: 'worker-1', hostNetwork: true, ip: '10.0.0.11', hostIP: '10.0.0.11', labels: { 'k8s-app': 'calico-node' }, owner: { kind: 'DaemonSet', name: 'calico-node' }, initContainers: [{ name: 'upgrade-ipam', image: 'docker.io/calico/cni:v3.28.1' }, { name: 'install-cni', image: 'docker.io/calico/cni:v3.28.1' }, { name: 'mount-bpffs', image: CALICO_IMAGE }], containers: [{ name: 'calico-node', image: CALICO_IMAGE, ready: false }] });
    c.setDaemonSetReady('calico-node', 2);
    c.addEvent({ namespace: 'kube-system', object: { kind: 'Pod', name: 'calico-node-b7wqp' }, reason: 'Unhealthy', type: 'Warning', host: 'worker-1', count: 46, first: T(45, 9), last: T(14), message: '2026-11-27 10:14:02.392 [INFO][226] confd/health.go 202: Number of node(s) with BGP peering established = 0\ncalico/node is not ready: BIRD is not ready: BGP not established with 10.0.0.10,10.0.0.12' });
    c.addEvent({ namespace: 'shop', object: { kind: 'Pod', name: 'cart-5d8f7c6b4-kq2mx' }, reason: 'Unhealthy', type: 'Warning', host: 'worker-1', count: 31, first: T(46, 9), last: T(13), message: 'Readiness probe failed: Get "http://192.168.71.76:8080/healthz": dial tcp 192.168.71.76:8080: connect: no route to host' });
    // worker-1's routing table has lost the other nodes' blocks.
    c.file('nodes/worker-1/ip-route.txt', `default via 10.0.0.1 dev eth0 proto dhcp src 10.0.0.11 metric 100\n10.0.0.0/24 dev eth0 proto kernel scope link src 10.0.0.11 metric 100\nblackhole ${CALICO_BLOCKS[1]} proto bird\n`);
    c.file('probe/result.json', `${JSON.stringify({ scheduled: true, node: 'worker-2', sandboxCreated: true, sandboxSeconds: 1.9, dns: { ok: true, query: 'kubernetes.default.svc.cluster.local', output: 'Server:\t\t10.96.0.10\nAddress:\t10.96.0.10:53\n\nName:\tkubernetes.default.svc.cluster.local\nAddress: 10.96.0.1\n' }, egress: { ok: false, target: 'https://registry.k8s.io', output: "curl: (28) Failed to connect to registry.k8s.io port 443 after 10002 ms: Timeout was reached\n" } }, null, 2)}\n`);
    return {
      cluster: c,
      expected: {
        description: 'TCP 179 to worker-1 is refused: its BGP sessions sit in Active/Connect, calico-node there is Running but not ready because its readiness probe reports BGP not established (a symptom of the BGP failure, not its cause) (calicoctl tablewriter output with a wrapped INFO cell on worker-1, go-pretty output on cp-1, birdcl on worker-2), calico-node reports `BGP not established`, pods time out with `no route to host`. The probe reached DNS but not the internet.',
        matrix: { 'new-pods': 'ok', 'pod-to-pod': 'failing', dns: 'ok', 'ip-space': 'ok' },
        first: 'calico-bgp-peer-down',
        fires: [
          { rule: 'calico-bgp-peer-down', severity: 'critical', rootCause: true, summaryIncludes: ['10.0.0.11', 'TCP 179'] },
          { rule: 'cni-agent-unhealthy', rootCause: false, nodes: ['worker-1'], summaryIncludes: ['Running but not ready', 'BGP not established', 'Restarting the agent does not help'] },
          { rule: 'pod-routing-failure', rootCause: false },
          { rule: 'probe-egress-failed', severity: 'high' },
        ],
        quiet: ['calico-bgp-as-mismatch', 'cni-binary-missing', 'cni-sandbox-failures', 'probe-dns-failed', 'probe-sandbox-timeout', 'calico-encapsulation-mismatch', ...NOT_HEALTHY_QUIET_BASE],
      },
    };
  },

  'calico-misconfig': () => {
    const c = calicoCluster(3);
    // A route-reflector style BGPPeer that expects the wrong AS from cp-1.
    c.addCustom('bgppeers.crd.projectcalico.org', custom('crd.projectcalico.org/v1', 'BGPPeer', 'peer-to-cp-1', { asNumber: 65001, peerIP: '10.0.0.10' }));
    c.file('plugins/calico/node-status/worker-2.txt', calicoNodeStatusTable([
      { ip: '10.0.0.10', type: 'node specific', state: 'start', since: '09:31:05', info: 'Idle Received: Bad peer AS' },
      { ip: '10.0.0.11', state: 'up', since: '09:01:12', info: 'Established' },
    ]));
    // A second pool with VXLAN while the default pool uses IPIP; no node has vxlan.calico.
    c.addCustom('ippools.crd.projectcalico.org', custom('crd.projectcalico.org/v1', 'IPPool', 'batch-pool', { allowedUses: ['Workload'], blockSize: 26, cidr: '172.20.0.0/16', ipipMode: 'Never', natOutgoing: true, nodeSelector: 'all()', vxlanMode: 'Always' }));
    // worker-1's block is almost full.
    const blocks = [{ cidr: CALICO_BLOCKS[0]!, used: 6 }, { cidr: CALICO_BLOCKS[1]!, used: 62 }, { cidr: CALICO_BLOCKS[2]!, used: 4 }];
    c.file('plugins/calico/ipam-show-blocks.txt', ipamTable([{ grouping: 'IP Pool', cidr: '192.168.0.0/16', total: 65536, used: 72 }, { grouping: 'IP Pool', cidr: '172.20.0.0/16', total: 65536, used: 0 }, ...blocks.map((b) => ({ grouping: 'Block', cidr: b.cidr, total: 64, used: b.used }))]));
    return {
      cluster: c,
      expected: {
        description: 'Three Calico misconfigurations: a BGPPeer expects AS 65001 from cp-1, which uses 64512 (`Idle Received: Bad peer AS` on worker-2); an IPIP pool beside a VXLAN pool while nodes have only tunl0; worker-1\'s IPAM block at 97 %.',
        matrix: { 'new-pods': 'ok', 'pod-to-pod': 'failing', dns: 'ok', 'ip-space': 'at-risk' },
        first: 'calico-bgp-as-mismatch',
        fires: [
          { rule: 'calico-bgp-as-mismatch', severity: 'high', rootCause: true, summaryIncludes: ['65001'] },
          { rule: 'calico-bgp-peer-down', rootCause: false },
          { rule: 'calico-encapsulation-mismatch', severity: 'high' },
          { rule: 'calico-ipam-blocks-high', severity: 'medium', summaryIncludes: ['192.168.71.64/26'] },
        ],
        quiet: ['ip-pool-exhaustion', 'cni-sandbox-failures', ...NOT_HEALTHY_QUIET_BASE],
      },
    };
  },

  'cilium-broken': () => {
    const c = ciliumCluster({ version: '1.16.3', kernels: ['6.1.0-27-cloud-amd64', '4.19.0-26-amd64', '6.1.0-27-cloud-amd64'] });
    // worker-2: the agent crash-loops, OOMKilled, and its BPF maps cannot be created.
    const agent = c.pods.find((p) => p.metadata.name === 'cilium-m4ntz')!;
    agent.status.phase = 'Running';
    agent.status.containerStatuses![0] = { ...agent.status.containerStatuses![0]!, ready: false, restartCount: 14, started: false, state: { waiting: { reason: 'CrashLoopBackOff', message: 'back-off 5m0s restarting failed container=cilium-agent pod=cilium-m4ntz_kube-system(5f3c1a2e)' } } as never, lastState: { terminated: { containerID: 'containerd://0f1e2d3c', exitCode: 137, finishedAt: T(10), reason: 'OOMKilled', startedAt: T(8) } } as never };
    const ds = c.daemonSets.find((d) => d.metadata.name === 'cilium')!;
    ds.status.numberReady = 2;
    ds.status.numberAvailable = 2;
    (ds.status as Record<string, number>).numberUnavailable = 1;
    c.file('logs/kube-system/cilium-m4ntz/cilium-agent.previous.log', `time="2026-11-27T10:08:01Z" level=info msg="Memory available for map entries (0.003% of 8196919296B): 20492298B" subsys=config\n${realWorld('cilium-agent-log-bpf-map-enomem.txt')}`);
    c.files.delete('plugins/cilium/status/worker-2.txt');
    c.failed.set('plugins/cilium/status/worker-2.txt', { exitCode: 1, durationMs: 312, stderr: 'error: unable to upgrade connection: container not found ("cilium-agent")', error: 'exec-failed' });
    c.files.delete('plugins/cilium/bpf-endpoint-list/worker-2.txt');
    c.failed.set('plugins/cilium/bpf-endpoint-list/worker-2.txt', { exitCode: 1, durationMs: 298, stderr: 'error: unable to upgrade connection: container not found ("cilium-agent")', error: 'exec-failed' });
    c.file('cluster/top-pods.txt', c.files.get('cluster/top-pods.txt')!.toString().replace(/(cilium-m4ntz\s+\S+\s+)\S+/, '$12617Mi'));
    for (const [k, name] of ['web-6c9f8b7d5-r4kx8', 'cart-5d8f7c6b4-p8vzn'].entries()) {
      stuckPod(c, 'shop', name, 'worker-2', name.split('-')[0]!, '192.168.1.12');
      sandboxFailure(c, 'shop', name, 'worker-2', `Failed to create pod sandbox: rpc error: code = Unknown desc = failed to setup network for sandbox "${HEX(20 + k)}": plugin type="cilium-cni" failed (add): unable to connect to Cilium daemon: failed to create cilium agent client after 30.000000 seconds timeout: Get "http:///var/run/cilium/cilium.sock/v1/config": dial unix /var/run/cilium/cilium.sock: connect: no such file or directory\nIs the agent running?`, 9 + k, 12);
    }
    c.addEvent({ namespace: 'kube-system', object: { kind: 'Pod', name: 'cilium-m4ntz' }, reason: 'BackOff', type: 'Warning', host: 'worker-2', count: 52, last: T(13), message: 'Back-off restarting failed container cilium-agent in pod cilium-m4ntz_kube-system(5f3c1a2e-7b4d-4c8e-9a1f-0000000000a1)' });
    // worker-1: the agent cannot reach the API server; its health view is degraded.
    c.file('logs/kube-system/cilium-b7wqp/cilium-agent.log', realWorld('cilium-agent-log-apiserver-unreachable-logfmt.txt').replace(/<my-domain>|my-domain>/g, '10.96.0.1').replace(/49\.12\.19\.27/g, '10.96.0.1'));
    const s1 = c.files.get('plugins/cilium/status/worker-1.txt')!.toString()
      .replace(/Kubernetes:\s+Ok\s+1\.32 \(v1\.32\.7\) \[linux\/amd64\]/, 'Kubernetes:             Failure    Get "https://10.96.0.1:443/version": dial tcp 10.96.0.1:443: i/o timeout')
      .replace(/Cilium:\s+Ok\s+1\.16\.3 \(v1\.16\.3-274205f0\)/, 'Cilium:                 Failure   1.16.3 (v1.16.3-274205f0)    Kubernetes service is not ready: Get "https://10.96.0.1:443/version": dial tcp 10.96.0.1:443: i/o timeout')
      .replace('Controller Status:      35/35 healthy', 'Controller Status:      33/35 healthy')
      .replace(/  cilium-health-ep                                           59s ago        never        0       no error   /, '  cilium-health-ep                                           14m2s ago      12s ago      23      Get "http://10.0.1.203:4240/hello": context deadline exceeded (Client.Timeout exceeded while awaiting headers)')
      .replace(/  k8s-heartbeat                                              32s ago        never        0       no error   /, '  k8s-heartbeat                                              14m5s ago      4s ago       84      k8s client is not ready')
      .replace('Cluster health:         3/3 reachable   (2026-11-27T10:14:31Z)', 'Cluster health:         1/3 reachable   (2026-11-27T10:14:31Z)\n  Name              IP              Node          Endpoints\n  cp-1              192.168.1.10    unreachable   unreachable\n  worker-2          192.168.1.12    unreachable   unreachable');
    c.file('plugins/cilium/status/worker-1.txt', s1);
    // cp-1: /sys/fs/bpf is not a bpffs.
    c.file('nodes/cp-1/proc-mounts.txt', procMounts(false));
    c.file('logs/kube-system/cilium-x2k9d/cilium-agent.log', [
      'time="2026-11-27T09:01:02Z" level=info msg="Memory available for map entries (0.003% of 8196919296B): 20492298B" subsys=config',
      'time="2026-11-27T09:01:02Z" level=warning msg="================================= WARNING ==========================================" subsys=bpf',
      'time="2026-11-27T09:01:02Z" level=warning msg="BPF filesystem is not mounted. This will lead to network disruption when Cilium pods" subsys=bpf',
      'time="2026-11-27T09:01:02Z" level=warning msg="are restarted. Ensure that the BPF filesystem is mounted in the host." subsys=bpf',
      'time="2026-11-27T09:01:02Z" level=warning msg="https://docs.cilium.io/en/stable/operations/system_requirements/#mounted-ebpf-filesystem" subsys=bpf',
      'time="2026-11-27T09:01:02Z" level=warning msg="====================================================================================" subsys=bpf',
      'time="2026-11-27T09:01:02Z" level=info msg="Mounting BPF filesystem at /sys/fs/bpf" subsys=bpf',
      '',
    ].join('\n'));
    return {
      cluster: c,
      expected: {
        description: 'Cilium 1.16.3 in trouble: worker-2\'s agent is OOMKilled and crash-loops (BPF map creation fails with ENOMEM), so pods there cannot reach the agent socket; worker-1\'s agent cannot reach the API server and sees 1/3 nodes; cp-1 has no bpffs mounted; worker-1 runs kernel 4.19, below the 5.4 Cilium 1.16 needs.',
        matrix: { 'new-pods': 'failing', 'pod-to-pod': 'failing', dns: 'ok', 'ip-space': 'ok' },
        first: 'cni-agent-oom',
        fires: [
          { rule: 'cni-agent-oom', severity: 'high', rootCause: true, nodes: ['worker-2'] },
          { rule: 'cni-agent-unhealthy', rootCause: false, summaryIncludes: ['cannot allocate memory'] },
          { rule: 'cni-sandbox-failures', rootCause: false, nodes: ['worker-2'] },
          { rule: 'cni-agent-memory', severity: 'medium' },
          { rule: 'cilium-k8s-api-unavailable', severity: 'critical', rootCause: true, nodes: ['worker-1'] },
          { rule: 'cilium-health-degraded', rootCause: false },
          { rule: 'cilium-bpf-fs-not-mounted', severity: 'critical', nodes: ['cp-1'] },
          { rule: 'cilium-kernel-unsupported', severity: 'high', nodes: ['worker-1'], summaryIncludes: ['5.4'] },
          { rule: 'bundle-collection-gap', severity: 'info', summaryIncludes: ['exec-failed'] },
        ],
        quiet: ['cni-binary-missing', 'cni-config-missing', 'ip-pool-exhaustion', ...NOT_HEALTHY_QUIET_BASE],
      },
    };
  },

  'flannel-broken': () => {
    const c = flannelCluster(4, { podCIDRs: ['10.244.0.0/24', '10.244.1.0/24', '10.244.1.0/24', undefined] });
    const w3 = 'worker-3';
    // worker-3 never got a podCIDR: flanneld cannot get a lease and exits.
    const agent = c.pods.find((p) => p.metadata.name === 'kube-flannel-ds-r8fvc')!;
    agent.status.containerStatuses![0] = { ...agent.status.containerStatuses![0]!, ready: false, restartCount: 21, started: false, state: { waiting: { reason: 'CrashLoopBackOff' } } as never, lastState: { terminated: { containerID: 'containerd://1a2b3c', exitCode: 1, finishedAt: T(11), reason: 'Error', startedAt: T(11) } } as never };
    const ds = c.daemonSets.find((d) => d.metadata.name === 'kube-flannel-ds')!;
    ds.status.numberReady = 3;
    ds.status.numberAvailable = 3;
    (ds.status as Record<string, number>).numberUnavailable = 1;
    c.file(`logs/kube-flannel/kube-flannel-ds-r8fvc/kube-flannel.previous.log`, [
      'I1127 10:11:02.104917       1 main.go:211] CLI flags config: {etcdEndpoints:http://127.0.0.1:4001,http://127.0.0.1:2379 etcdPrefix:/coreos.com/network kubeSubnetMgr:true ipMasq:true subnetFile:/run/flannel/subnet.env netConfPath:/etc/kube-flannel/net-conf.json setNodeNetworkUnavailable:true}',
      'I1127 10:11:02.131402       1 kube.go:139] Waiting 10m0s for node controller to sync',
      'I1127 10:11:03.131711       1 kube.go:469] Starting kube subnet manager',
      'E1127 10:11:03.141925       1 main.go:359] Error registering network: failed to acquire lease: node "worker-3" pod cidr not assigned',
      'I1127 10:11:03.142011       1 main.go:439] Stopping shutdownHandler...',
      '',
    ].join('\n'));
    c.failed.set(`nodes/${w3}/flannel-subnet.env`, { exitCode: 1, durationMs: 88, stderr: "cat: can't open '/run/flannel/subnet.env': No such file or directory", error: 'not-found' });
    c.addEvent({ namespace: 'default', object: { kind: 'Node', name: w3 }, reason: 'CIDRNotAvailable', message: `Node ${w3} status is now: CIDRNotAvailable`, component: 'cidrAllocator', count: 3, last: T(2) });
    for (const [k, name] of ['web-6c9f8b7d5-h2v6n', 'cart-5d8f7c6b4-c4m8j'].entries()) {
      stuckPod(c, 'shop', name, w3, name.split('-')[0]!, '10.0.0.13');
      sandboxFailure(c, 'shop', name, w3, `Failed to create pod sandbox: rpc error: code = Unknown desc = failed to setup network for sandbox "${HEX(40 + k)}": plugin type="flannel" failed (add): failed to load flannel 'subnet.env' file: open /run/flannel/subnet.env: no such file or directory. Check the flannel pod log for this node.`, 17 + k, 12);
    }
    // worker-1 and worker-2 were given the same podCIDR by hand; worker-1's range is now full.
    sandboxFailure(c, 'shop', 'cart-5d8f7c6b4-n5w2r', 'worker-1', `Failed to create pod sandbox: rpc error: code = Unknown desc = failed to setup network for sandbox "${HEX(50)}": plugin type="flannel" failed (add): failed to delegate add: failed to allocate for range 0: no IP addresses available in range set: 10.244.1.1-10.244.1.254`, 6, 13);
    stuckPod(c, 'shop', 'cart-5d8f7c6b4-n5w2r', 'worker-1', 'cart', '10.0.0.11');
    // worker-2's flannel.1 has no FDB entries; worker-1 carries an old whole-cluster route.
    c.file('nodes/worker-2/bridge-fdb-flannel.1.txt', '');
    c.file('nodes/worker-1/ip-route.txt', realWorld('flannel-ip-route-broken-16-route.txt').replace(/192\.168\.31\.1\b/, '10.0.0.1').replace(/enp0s8/g, 'eth0').replace(/10\.244\.0\.0\/24 dev cni0  proto kernel  scope link  src 10\.244\.0\.1/, '10.244.1.0/24 dev cni0  proto kernel  scope link  src 10.244.1.1').replace(/192\.168\.31\.0\/24 dev eth0  proto kernel  scope link  src 192\.168\.31\.102/, '10.0.0.0/24 dev eth0  proto kernel  scope link  src 10.0.0.11'));
    c.file('probe/result.json', `${JSON.stringify({ scheduled: true, node: w3, sandboxCreated: false, sandboxSeconds: 60, error: 'no sandbox within 60s (phase Pending)' }, null, 2)}\n`);
    return {
      cluster: c,
      expected: {
        description: 'Flannel with broken pod CIDRs: worker-3 has none (CIDRNotAvailable), so flanneld cannot get a lease, never writes subnet.env and every pod there fails; worker-1 and worker-2 share 10.244.1.0/24 and worker-1\'s host-local range is full; worker-2\'s flannel.1 has an empty FDB; worker-1 carries an old /16 flannel.1 route. The probe got no sandbox.',
        first: 'pod-cidr-overlap',
        verdict: 'localized',
        fires: [
          { rule: 'pod-cidr-overlap', severity: 'critical', rootCause: true, summaryIncludes: ['10.244.1.0/24'] },
          { rule: 'flannel-lease-failure', rootCause: false, nodes: ['worker-3'] },
          { rule: 'flannel-subnet-missing', rootCause: false, nodes: ['worker-3'] },
          { rule: 'cni-agent-unhealthy', rootCause: false },
          { rule: 'cni-sandbox-failures', rootCause: false },
          { rule: 'ip-pool-exhaustion', summaryIncludes: ['no IP addresses available'] },
          { rule: 'flannel-vxlan-unhealthy', nodes: ['worker-2'] },
          { rule: 'pod-routing-failure' },
          { rule: 'probe-sandbox-timeout', severity: 'critical' },
        ],
        quiet: ['cni-binary-missing', 'cni-config-missing', 'node-not-ready', ...NOT_HEALTHY_QUIET_BASE],
      },
    };
  },

  'aws-ip-exhaustion': () => {
    const c = awsCluster({ extraPodsOn: { node: 1, count: 23 }, env: { AWS_VPC_K8S_CNI_LOG_FILE: 'stdout' } });
    const n = AWS_NODES[1]!;
    c.file('logs/kube-system/aws-node-b7wqp/aws-node.log', `${c.files.get('logs/kube-system/aws-node-b7wqp/aws-node.log')}${realWorld('aws-vpc-cni-ipamd-log-insufficient-free-addresses.txt')}`);
    for (const [k, name] of ['worker-batch-7f6d5c4b9-x8k2m', 'worker-batch-7f6d5c4b9-p2w9q', 'web-6c9f8b7d5-j6c3t'].entries()) {
      stuckPod(c, 'shop', name, n, name.startsWith('web') ? 'web' : 'worker-batch', '10.0.2.45');
      sandboxFailure(c, 'shop', name, n, `Failed to create pod sandbox: rpc error: code = Unknown desc = failed to setup network for sandbox "${HEX(60 + k)}": plugin type="aws-cni" name="aws-cni" failed (add): add cmd: failed to assign an IP address to container`, 11 + k, 13);
    }
    return {
      cluster: c,
      expected: {
        description: 'EKS node ip-10-0-2-45 (m5.large, max 29 pods) runs 27 pod IPs; ipamd cannot get more from the subnet (InsufficientFreeAddressesInSubnet) and new pods fail with `failed to assign an IP address to container`. Prefix delegation is off.',
        matrix: { 'new-pods': 'failing', 'pod-to-pod': 'ok', dns: 'ok', 'ip-space': 'failing' },
        first: 'aws-eni-ip-limit',
        verdict: 'localized',
        fires: [
          { rule: 'aws-eni-ip-limit', severity: 'high', rootCause: true, summaryIncludes: ['ENABLE_PREFIX_DELEGATION'] },
          { rule: 'ip-pool-exhaustion', rootCause: false, summaryIncludes: ['failed to assign an IP address'] },
          { rule: 'cni-sandbox-failures', rootCause: false },
        ],
        quiet: ['cni-binary-missing', 'cni-agent-unhealthy', 'pod-cidr-overlap', 'multiple-cni-plugins', ...NOT_HEALTHY_QUIET_BASE],
      },
    };
  },

  // Issue 14's second misdiagnosis: Cilium chained onto the AWS VPC CNI is one data path (its
  // 05-cilium.conflist starts with aws-cni and wins over aws-node's own 10-aws.conflist, by design);
  // the failure is the aws-cni link writing its log to stdout, which breaks the runtime's parse.
  'eks-cilium-chaining': () => {
    const c = awsCluster({ env: { AWS_VPC_K8S_PLUGIN_LOG_FILE: 'stdout' } });
    const image = 'quay.io/cilium/cilium:v1.16.4';
    c.addDaemonSet({ namespace: 'kube-system', name: 'cilium', selector: { 'k8s-app': 'cilium' }, initContainers: [{ name: 'config', image }, { name: 'install-cni-binaries', image }], containers: [{ name: 'cilium-agent', image, memoryLimit: '1Gi' }], hostPaths: { 'cni-path': '/opt/cni/bin', 'etc-cni-netd': '/etc/cni/net.d', bpf: '/sys/fs/bpf' }, desired: 3, ready: 3 });
    c.configMaps.push(configMap('kube-system', 'cilium-config', { 'cni-chaining-mode': 'aws-cni', 'cni-exclusive': 'false', 'enable-ipv4-masquerade': 'false', ipam: 'cluster-pool', 'routing-mode': 'native', 'kube-proxy-replacement': 'false' }));
    const nodeIps = ['10.0.1.23', '10.0.2.45', '10.0.3.67'];
    AWS_NODES.forEach((n, i) => {
      const podName = `cilium-${['k3d9x', 'p7w2m', 'z5n8q'][i]}`;
      c.addPod({ namespace: 'kube-system', name: podName, node: n, hostNetwork: true, ip: nodeIps[i], hostIP: nodeIps[i], labels: { 'k8s-app': 'cilium' }, owner: { kind: 'DaemonSet', name: 'cilium' }, containers: [{ name: 'cilium-agent', image, memoryLimit: '1Gi' }] });
      const aws = JSON.parse(awsConflist(nodeIps[i]!).replace('/var/log/aws-routed-eni/plugin.log', 'stdout')) as { plugins: { type: string }[] };
      // What cilium writes in aws-cni chaining mode: aws-node's plugins, then cilium-cni.
      const chained = `${JSON.stringify({ cniVersion: '0.4.0', name: 'aws-cni', disableCheck: true, plugins: [...aws.plugins.filter((p) => p.type !== 'egress-cni'), { name: 'cilium', type: 'cilium-cni', 'enable-debug': false }] }, null, 2)}\n`;
      const own = c.files.get(`nodes/${n}/etc-cni-net.d/10-aws.conflist`)!.toString().replace('/var/log/aws-routed-eni/plugin.log', 'stdout');
      c.file(`nodes/${n}/etc-cni-net.d/05-cilium.conflist`, chained);
      c.file(`nodes/${n}/etc-cni-net.d/10-aws.conflist`, own);
      c.file(`nodes/${n}/ls-etc-cni-net.d.txt`, lsLa([{ name: '05-cilium.conflist', size: chained.length, mode: '-rw-------' }, { name: '10-aws.conflist', size: own.length }]));
      c.file(`nodes/${n}/ls-opt-cni-bin.txt`, binListing(['aws-cni', 'aws-cni-support.sh', 'egress-cni', 'cilium-cni', ...REFERENCE_PLUGINS]));
      c.file(`nodes/${n}/proc-mounts.txt`, procMounts(true));
    });
    const n = AWS_NODES[2]!;
    for (const [k, name] of ['checkout-5d8f7b6c4-t2k9w', 'checkout-5d8f7b6c4-v7m3x', 'cart-7c9d8e6f5-q4z8n'].entries()) {
      stuckPod(c, 'shop', name, n, name.split('-')[0]!, '10.0.3.67');
      sandboxFailure(c, 'shop', name, n, `Failed to create pod sandbox: rpc error: code = Unknown desc = failed to setup network for sandbox "${HEX(80 + k)}": plugin type="aws-cni" name="aws-cni" failed (add): invalid character '{' after top-level value`, 9 + k, 14);
    }
    return {
      cluster: c,
      expected: {
        description: 'EKS with Cilium chained onto the AWS VPC CNI (cni-chaining-mode: aws-cni): 05-cilium.conflist (aws-cni → portmap → cilium-cni) wins over aws-node\'s own 10-aws.conflist by design. New pods fail because the aws-cni link writes its log to stdout (AWS_VPC_K8S_PLUGIN_LOG_FILE=stdout), so the runtime cannot parse its result. The chain is not a conflict.',
        first: 'cni-sandbox-failures',
        verdict: 'localized',
        fires: [{ rule: 'cni-sandbox-failures', rootCause: true, summaryIncludes: ["invalid character '{' after top-level value", 'link 1 of 3', 'AWS_VPC_K8S_PLUGIN_LOG_FILE'] }],
        quiet: ['multiple-cni-plugins', 'cni-config-conflict', 'cni-binary-missing', 'cni-agent-unhealthy', ...NOT_HEALTHY_QUIET_BASE],
      },
    };
  },

  'config-chaos': () => {
    const c = calicoCluster(6);
    // worker-1: a leftover 10-aws.conflist from before the migration sorts before 10-calico.conflist.
    const aws = awsConflist('10.0.0.11');
    c.file('nodes/worker-1/etc-cni-net.d/10-aws.conflist', aws);
    c.file('nodes/worker-1/ls-etc-cni-net.d.txt', lsLa([{ name: '10-aws.conflist', size: aws.length }, { name: '10-calico.conflist', size: calicoConflist('worker-1').length }, { name: 'calico-kubeconfig', size: 2771, mode: '-rw-------' }]));
    c.file('nodes/worker-1/ls-opt-cni-bin.txt', binListing(['aws-cni', 'egress-cni', 'calico', 'calico-ipam', 'flannel', ...REFERENCE_PLUGINS]));
    stuckPod(c, 'shop', 'web-6c9f8b7d5-k3d8s', 'worker-1', 'web', '10.0.0.11');
    sandboxFailure(c, 'shop', 'web-6c9f8b7d5-k3d8s', 'worker-1', `Failed to create pod sandbox: rpc error: code = Unknown desc = failed to setup network for sandbox "${HEX(70)}": plugin type="aws-cni" name="aws-cni" failed (add): add cmd: Error received from AddNetwork gRPC call: rpc error: code = Unavailable desc = connection error: desc = "transport: Error while dialing dial tcp 127.0.0.1:50051: connect: connection refused"`, 25, 13);
    // worker-2: a config saved by a Windows editor (UTF-8 BOM + CRLF) sorts first.
    const custom00 = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(calicoConflist('worker-2').replace('"k8s-pod-network"', '"k8s-pod-network-custom"').replace(/\n/g, '\r\n'))]);
    c.file('nodes/worker-2/etc-cni-net.d/00-custom.conflist', custom00);
    c.file('nodes/worker-2/ls-etc-cni-net.d.txt', lsLa([{ name: '00-custom.conflist', size: custom00.length }, { name: '10-calico.conflist', size: calicoConflist('worker-2').length }, { name: 'calico-kubeconfig', size: 2771, mode: '-rw-------' }]));
    const notReady = { status: 'False' as const, reason: 'KubeletNotReady', message: 'container runtime network not ready: NetworkReady=false reason:NetworkPluginNotReady message:Network plugin returns error: cni plugin not initialized' };
    const setReady = (name: string, r: typeof notReady) => {
      const node = c.nodes.find((x) => x.metadata.name === name)!;
      const cond = node.status.conditions.find((x) => (x as { type: string }).type === 'Ready') as Record<string, string>;
      Object.assign(cond, r);
    };
    setReady('worker-2', notReady);
    // worker-3: install-cni fails, so /etc/cni/net.d holds only the kubeconfig.
    c.files.delete('nodes/worker-3/etc-cni-net.d/10-calico.conflist');
    c.file('nodes/worker-3/ls-etc-cni-net.d.txt', lsLa([{ name: 'calico-kubeconfig', size: 2771, mode: '-rw-------' }]));
    setReady('worker-3', notReady);
    const cn3 = c.pods.find((p) => p.metadata.name === 'calico-node-r8fvc')!;
    cn3.status.phase = 'Pending';
    cn3.status.initContainerStatuses![1] = { ...cn3.status.initContainerStatuses![1]!, ready: false, restartCount: 9, state: { waiting: { reason: 'CrashLoopBackOff', message: 'back-off 5m0s restarting failed container=install-cni' } } as never };
    cn3.status.containerStatuses![0] = { ...cn3.status.containerStatuses![0]!, ready: false, started: false, state: { waiting: { reason: 'PodInitializing' } } as never };
    c.file('logs/kube-system/calico-node-r8fvc/install-cni.log', '2026-11-27 10:02:11.508 [INFO][1] cni-installer/<nil> <nil>: Running as a Kubernetes pod\n2026-11-27 10:02:11.512 [ERROR][1] cni-installer/<nil> <nil>: Unable to create token for CNI kubeconfig error=serviceaccounts "calico-cni-plugin" is forbidden: User "system:serviceaccount:kube-system:calico-node" cannot create resource "serviceaccounts/token" in API group "" in the namespace "kube-system"\n2026-11-27 10:02:11.512 [FATAL][1] cni-installer/<nil> <nil>: Unable to create token for CNI kubeconfig error=serviceaccounts "calico-cni-plugin" is forbidden: User "system:serviceaccount:kube-system:calico-node" cannot create resource "serviceaccounts/token" in API group "" in the namespace "kube-system"\n');
    const ds = c.daemonSets.find((d) => d.metadata.name === 'calico-node')!;
    ds.status.numberReady = 5;
    ds.status.numberAvailable = 5;
    (ds.status as Record<string, number>).numberUnavailable = 1;
    // worker-4: an installer interrupted mid-write left an empty file that sorts first.
    c.file('nodes/worker-4/etc-cni-net.d/09-calico.conflist', '');
    c.file('nodes/worker-4/ls-etc-cni-net.d.txt', lsLa([{ name: '09-calico.conflist', size: 0 }, { name: '10-calico.conflist', size: calicoConflist('worker-4').length }, { name: 'calico-kubeconfig', size: 2771, mode: '-rw-------' }]));
    // worker-5: someone turned on debug logging by hand (drift), and its plugin token is rejected.
    c.file('nodes/worker-5/etc-cni-net.d/10-calico.conflist', calicoConflist('worker-5', { logLevel: 'debug' }));
    stuckPod(c, 'shop', 'cart-5d8f7c6b4-b7t4v', 'worker-5', 'cart', '10.0.0.15');
    sandboxFailure(c, 'shop', 'cart-5d8f7c6b4-b7t4v', 'worker-5', `Failed to create pod sandbox: rpc error: code = Unknown desc = failed to setup network for sandbox "${HEX(71)}": plugin type="calico" failed (add): error getting ClusterInformation: connection is unauthorized: Unauthorized`, 19, 14);
    // cp-1: the config was bumped to cniVersion 1.0.0 while the chained plugins are older.
    c.file('nodes/cp-1/etc-cni-net.d/10-calico.conflist', calicoConflist('cp-1', { cniVersion: '1.0.0' }));
    c.addPod({ namespace: 'kube-system', name: 'metrics-server-5f9f776df5-q8wz2', node: 'cp-1', phase: 'Pending', hostIP: '10.0.0.10', labels: { 'k8s-app': 'metrics-server' }, owner: { kind: 'ReplicaSet', name: 'metrics-server-5f9f776df5' }, containers: [{ name: 'metrics-server', image: 'registry.k8s.io/metrics-server/metrics-server:v0.7.2' }], created: T(3) });
    sandboxFailure(c, 'kube-system', 'metrics-server-5f9f776df5-q8wz2', 'cp-1', `Failed to create pod sandbox: rpc error: code = Unknown desc = failed to setup network for sandbox "${HEX(72)}": plugin type="portmap" failed (add): incompatible CNI versions; config is "1.0.0", plugin supports ["0.1.0" "0.2.0" "0.3.0" "0.3.1" "0.4.0"]`, 8, 14);
    return {
      cluster: c,
      expected: {
        description: 'A migration from the AWS VPC CNI to Calico gone wrong, one problem per node: a stale 10-aws.conflist wins on worker-1; a BOM+CRLF 00-custom.conflist sorts first on worker-2 (containerd stops, node NotReady); install-cni is forbidden on worker-3 so it has no config; an empty 09-calico.conflist on worker-4; a hand-edited config and an expired plugin token on worker-5; cniVersion 1.0.0 with older chained plugins on cp-1.',
        fires: [
          { rule: 'cni-config-conflict', severity: 'high', nodes: ['worker-1'], summaryIncludes: ['10-aws.conflist is used'] },
          { rule: 'multiple-cni-plugins', severity: 'high' },
          { rule: 'cni-config-invalid', severity: 'critical', rootCause: true, nodes: ['worker-2'], summaryIncludes: ['byte-order mark', 'not the cause'] },
          { rule: 'cni-config-crlf', severity: 'low', nodes: ['worker-2'] },
          { rule: 'cni-config-missing', severity: 'critical', rootCause: false },
          { rule: 'node-not-ready', severity: 'critical', rootCause: false },
          { rule: 'cni-agent-unhealthy', rootCause: false, nodes: ['worker-3'], summaryIncludes: ['forbidden'] },
          { rule: 'cni-config-unreadable', severity: 'high', nodes: ['worker-4'], summaryIncludes: ['empty'] },
          { rule: 'cni-config-drift', severity: 'medium', nodes: ['cp-1', 'worker-5'] },
          { rule: 'cni-rbac-denied', severity: 'critical', rootCause: true, nodes: ['worker-3', 'worker-5'], summaryIncludes: ['Unauthorized'] },
          { rule: 'cni-version-incompatible', severity: 'high', nodes: ['cp-1'], summaryIncludes: ['1.0.0'] },
          { rule: 'cni-sandbox-failures', rootCause: false },
        ],
        quiet: ['cni-binary-missing', 'calico-bgp-peer-down', ...NOT_HEALTHY_QUIET_BASE],
      },
    };
  },

  'dns-policy': () => {
    const c = calicoCluster(3, {});
    c.namespaces.push(namespace('payments'), namespace('billing'));
    // shop: the allow-dns policy was deleted, leaving default-deny egress.
    c.networkPolicies = c.networkPolicies.filter((p) => (p as { metadata: { name: string } }).metadata.name !== 'allow-dns');
    // payments: DNS allowed over UDP only.
    c.networkPolicies.push(networkPolicy('payments', 'default-deny-egress', { podSelector: {}, policyTypes: ['Egress'] }));
    c.networkPolicies.push(networkPolicy('payments', 'allow-dns-udp', { egress: [{ ports: [{ port: 53, protocol: 'UDP' }], to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } } }] }], podSelector: {}, policyTypes: ['Egress'] }));
    // billing: the allow rule selects a namespace label that kube-system does not carry.
    c.networkPolicies.push(networkPolicy('billing', 'egress-allow-dns', { egress: [{ ports: [{ port: 53, protocol: 'UDP' }, { port: 53, protocol: 'TCP' }], to: [{ namespaceSelector: { matchLabels: { name: 'kube-system' } } }] }], podSelector: {}, policyTypes: ['Egress'] }));
    for (const [ns, name, ip] of [['payments', 'ledger-0', calicoIp(1, 20)], ['billing', 'invoicer-7d9c8b6f5-l2x7w', calicoIp(2, 21)]] as const) {
      c.addPod({ namespace: ns, name, node: ns === 'payments' ? 'worker-1' : 'worker-2', ip, hostIP: ns === 'payments' ? '10.0.0.11' : '10.0.0.12', labels: { app: name.split('-')[0]! }, owner: { kind: name === 'ledger-0' ? 'StatefulSet' : 'ReplicaSet', name: name.replace(/-[a-z0-9]{5}$/, '').replace(/-0$/, '') }, containers: [{ name: name.split('-')[0]!, image: `ghcr.io/example/${name.split('-')[0]}:1.2.0`, memoryLimit: '256Mi' }] });
    }
    // CoreDNS on worker-2 cannot reach its upstream and is not ready.
    const dnsPod = c.pods.find((p) => p.metadata.name === 'coredns-7db6d8ff4d-vn9wz')!;
    dnsPod.status.containerStatuses![0] = { ...dnsPod.status.containerStatuses![0]!, ready: false };
    const dep = c.deployments.find((d) => d.metadata.name === 'coredns')!;
    (dep.status as Record<string, unknown>).availableReplicas = 1;
    (dep.status as Record<string, unknown>).readyReplicas = 1;
    (dep.status as Record<string, unknown>).unavailableReplicas = 1;
    c.file('logs/kube-system/coredns-7db6d8ff4d-vn9wz/coredns.log', realWorld('coredns-log-loop-hinfo-timeout.txt').replace(/10\.200\.0\.5/g, calicoIp(2, 3)));
    c.addEvent({ namespace: 'kube-system', object: { kind: 'Pod', name: 'coredns-7db6d8ff4d-vn9wz' }, reason: 'Unhealthy', type: 'Warning', host: 'worker-2', count: 40, last: T(14), message: 'Readiness probe failed: HTTP probe failed with statuscode: 503' });
    // worker-2's route was never created by the cloud route controller.
    const w2 = c.nodes.find((n) => n.metadata.name === 'worker-2')!;
    const nu = w2.status.conditions.find((x) => (x as { type: string }).type === 'NetworkUnavailable') as Record<string, string>;
    Object.assign(nu, { status: 'True', reason: 'NoRouteCreated', message: 'Node created without a route' });
    c.file('probe/result.json', `${JSON.stringify({ scheduled: true, node: 'worker-1', namespace: 'shop', sandboxCreated: true, sandboxSeconds: 2.2, dns: { ok: false, query: 'kubernetes.default.svc.cluster.local', output: realWorld('dns-client-timeout-dnsutils.txt').split('\n')[1] + '\n\ncommand terminated with exit code 1\n' } }, null, 2)}\n`);
    return {
      cluster: c,
      expected: {
        description: 'DNS broken by NetworkPolicy: shop has default-deny (Ingress+Egress) without its allow-dns policy, payments allows UDP 53 only, billing selects namespaces by a `name` label kube-system does not have. One CoreDNS replica cannot reach its upstream. The probe pod (in shop) cannot resolve. worker-2 reports NetworkUnavailable (NoRouteCreated).',
        matrix: { 'new-pods': 'failing', 'pod-to-pod': 'ok', dns: 'failing', 'ip-space': 'ok' },
        first: 'dns-blocked-by-policy',
        fires: [
          { rule: 'dns-blocked-by-policy', severity: 'critical', rootCause: true, summaryIncludes: ['shop', 'billing', 'UDP only'] },
          { rule: 'probe-dns-failed', rootCause: false },
          { rule: 'coredns-unhealthy', severity: 'critical', summaryIncludes: ['1/2'] },
          { rule: 'node-network-unavailable', severity: 'critical', nodes: ['worker-2'], summaryIncludes: ['NoRouteCreated'] },
        ],
        quiet: ['probe-egress-failed', 'probe-sandbox-timeout', 'cni-sandbox-failures', 'cni-agent-unhealthy', ...NOT_HEALTHY_QUIET_BASE],
      },
    };
  },

  'hostile-content': () => {
    const c = calicoCluster(3);
    const SCRIPT = '<script>window.__pwned=1;alert(1)</script>';
    // A forged node name (kubectl would never print it; a hand-made bundle can).
    // No agent pod runs on it, so a collector tries kubectl debug, which kubectl refuses for this name.
    c.failed.set(`nodes/${encodeURIComponent(`evil${SCRIPT}`).replace(/\./g, '%2E')}/ip-route.txt`, { exitCode: 1, durationMs: 60, stderr: 'error: arguments in resource/name form may not have more than one slash', error: 'exec-failed' });
    c.addNode({ name: `evil${SCRIPT}`, ip: '10.0.0.99', ready: { status: 'False', reason: `KubeletNotReady</td><td>${SCRIPT}`, message: `PLEG is not healthy {{constructor.constructor('alert(1)')()}} \u001b]0;pwned\u0007\u001b[2J\r` } });
    c.addEvent({ namespace: 'shop', object: { kind: 'Pod', name: 'web-6c9f8b7d5-2xkq4' }, reason: 'Failed', type: 'Warning', host: 'worker-1', count: 3, last: T(14), message: `Failed to pull image "x": </pre></details></article>${SCRIPT}<img src=x onerror="window.__pwned=2"> [docs](javascript:alert(1)) {{#each this}}{{/each}} \u202eevil\u202c` });
    // calico-node on worker-1 crash-loops; its log line carries markup and terminal escapes.
    const cn = c.pods.find((p) => p.metadata.name === 'calico-node-b7wqp')!;
    cn.status.containerStatuses![0] = { ...cn.status.containerStatuses![0]!, ready: false, restartCount: 7, started: false, state: { waiting: { reason: 'CrashLoopBackOff' } } as never, lastState: { terminated: { containerID: 'containerd://9f8e', exitCode: 1, finishedAt: T(12), reason: 'Error', startedAt: T(12) } } as never };
    const ds = c.daemonSets.find((d) => d.metadata.name === 'calico-node')!;
    ds.status.numberReady = 2;
    ds.status.numberAvailable = 2;
    c.file('logs/kube-system/calico-node-b7wqp/calico-node.previous.log', `2026-11-27 10:12:01.101 [INFO][9] startup/startup.go 428: Early log level set to info\n2026-11-27 10:12:03.922 [FATAL][9] startup/startup.go 171: Failed to initialize Calico datastore error=Get "https://10.96.0.1:443/${SCRIPT}": dial tcp 10.96.0.1:443: i/o timeout \u001b[31m\u001b]8;;javascript:alert(1)\u0007click\u001b]8;;\u0007\u001b[0m\r\n`);
    // worker-2 holds a config whose content is hostile and not JSON.
    c.file('nodes/worker-2/etc-cni-net.d/00-evil.conflist', `{\n  "name": "</pre>${SCRIPT}",\n  "cniVersion": "0.3.1",\n  "plugins": [ {{evil}} ]\n}\n`);
    c.file('nodes/worker-2/ls-etc-cni-net.d.txt', lsLa([{ name: '00-evil.conflist', size: 120 }, { name: '10-calico.conflist', size: calicoConflist('worker-2').length }, { name: 'calico-kubeconfig', size: 2771, mode: '-rw-------' }]));
    return {
      cluster: c,
      expected: {
        description: 'Hostile bundle content: markup, script tags, Handlebars syntax, javascript: URLs, ANSI/OSC escape sequences, carriage returns and bidi overrides in event messages, a node name, a log line and a CNI config. Every renderer must show them as text.',
        fires: [
          { rule: 'cni-agent-unhealthy', summaryIncludes: ['<script>'] },
          { rule: 'cni-config-invalid', nodes: ['worker-2'] },
          { rule: 'node-not-ready' },
        ],
        quiet: ['bundle-unsafe-entry', 'cni-binary-missing'],
      },
    };
  },

  'partial-bundle': () => {
    const c = calicoCluster(3);
    c.failed.set('cluster/networkpolicies.json', { exitCode: 1, durationMs: 205, stderr: 'Error from server (Forbidden): networkpolicies.networking.k8s.io is forbidden: User "support@example.com" cannot list resource "networkpolicies" in API group "networking.k8s.io" at the cluster scope', error: 'forbidden' });
    for (const f of ['ip-route.txt', 'ip-link.txt', 'ls-opt-cni-bin.txt']) {
      c.files.delete(`nodes/worker-2/${f}`);
      c.failed.set(`nodes/worker-2/${f}`, { exitCode: null, durationMs: 30000, stderr: 'error: unable to upgrade connection: pod does not exist', error: 'unreachable' });
    }
    c.files.delete('plugins/calico/node-status/worker-1.txt');
    c.failed.set('plugins/calico/node-status/worker-1.txt', { exitCode: null, durationMs: 30000, stderr: 'command timed out after 30s', error: 'timeout' });
    // An old calicoctl that does not know the subcommand: an output the parser must not read as healthy.
    c.file('plugins/calico/node-status/cp-1.txt', 'Error: unknown command "status" for "calicoctl node"\nRun \'calicoctl node --help\' for usage.\n');
    // A hostile event message: markup, a terminal title escape, a fence.
    c.addEvent({ namespace: 'shop', object: { kind: 'Pod', name: 'web-6c9f8b7d5-2xkq4' }, reason: 'BackOff', type: 'Warning', host: 'worker-1', count: 2, last: T(14), message: 'Back-off pulling image "ghcr.io/example/web:<script>alert(1)</script>" \u001b]0;pwned\u0007 ```\n# injected heading\n[click](javascript:alert(1))' });
    c.addEvent({ namespace: 'shop', object: { kind: 'Pod', name: 'cart-5d8f7c6b4-kq2mx' }, reason: 'FailedMount', type: 'Warning', host: 'worker-1', count: 1, last: T(14), message: 'MountVolume.SetUp failed for volume "config" : configmap "cart-config" not found' });
    c.symlinks.set('nodes/cp-1/etc-cni-net.d/99-evil.conflist', '/etc/shadow');
    return {
      cluster: c,
      expected: {
        description: 'A partial bundle: NetworkPolicies were forbidden, worker-2\'s node files unreachable, worker-1\'s calicoctl timed out, cp-1\'s calicoctl printed an error instead of a status; cluster/events.json is truncated mid-item; a symlink in cp-1\'s config directory points at /etc/shadow; an event message carries markup and escape sequences.',
        fires: [
          { rule: 'bundle-collection-gap', severity: 'info', summaryIncludes: ['forbidden'] },
          { rule: 'bundle-unsafe-entry', severity: 'medium', summaryIncludes: ['99-evil.conflist'] },
        ],
        quiet: ['cni-binary-missing', 'calico-bgp-peer-down'],
      },
    };
  },
};

const only = process.argv.slice(2);
for (const [name, build] of Object.entries(scenarios)) {
  if (only.length && !only.includes(name)) continue;
  resetCounters();
  const { cluster, expected } = build();
  const dir = path.join(OUT, name);
  cluster.write(dir, expected);
  if (name === 'partial-bundle') {
    // Truncate events.json mid-item, after the hostile event, as an interrupted copy would.
    const file = path.join(dir, 'cluster/events.json');
    const text = readFileSync(file, 'utf8');
    const last = text.lastIndexOf('"MountVolume.SetUp failed');
    writeFileSync(file, text.slice(0, last + 40));
  }
  console.log(`wrote ${path.relative(process.cwd(), dir)}`);
}
void configMap;

// Bundles other tools made, copied verbatim from ../shared/foreign (Apache-2.0; the attribution
// goes with each copy). They are scenarios like the others: the scenario test reads them as a
// directory and packed, and the fuzzer damages them.
const FOREIGN: Record<string, { from: string; archive?: boolean; attribution: string; expected: Expected }> = {
  'foreign-troubleshoot-k3s': {
    from: 'troubleshoot/ci-k3s-2025-v0.123/baseline.tar.gz',
    archive: true,
    attribution: 'replicatedhq/troubleshoot test/baselines/supportbundle/baseline.tar.gz at 5bf008f7d2460b500085eb948ce416a475131f6c (last changed a9d2180d, 2025-12-10), Apache-2.0. Extracted verbatim (its top directory supportbundle/ removed).',
    expected: {
      description: 'A real troubleshoot support-bundle v0.123.14 of a healthy single-node k3s v1.31.2 (flannel embedded in k3s, no CNI DaemonSet). Its logs collectors link their output into cluster-resources/ (aliases, not hostile). Empty Lists say "items": null. It has no node files: those rules are skipped as not in a troubleshoot bundle. Its own error records (etcd and sonobuoy collectors unsupported, an example secret and ConfigMap not found, helm and metrics examples failing) are reported as collected and failed, at info.',
      verdict: 'ok',
      maxSeverity: 'info',
      fires: [{ rule: 'bundle-collection-gap', severity: 'info', summaryIncludes: ['6 collection task(s) failed', 'the etcd collector'] }],
      quiet: ['bundle-unsafe-entry', 'node-not-ready', 'cni-sandbox-failures', 'coredns-unhealthy', 'cni-agent-unhealthy'],
    },
  },
  'foreign-must-gather-ocp': {
    from: 'must-gather/ocp-4.9-openshiftsdn-azure-2021-subset/must-gather-azure',
    attribution: 'openshift/must-gather-clean test/files/must-gather-azure.tar.xz at cb2f7e580bde628058a2f14b9ea1033ba3804c5b, Apache-2.0; the subset kept in ../shared/foreign/must-gather (timestamp, version, nodes, networks, clusterversions, and the namespaces openshift-sdn, openshift-multus, openshift-dns, openshift-network-operator; secrets removed).',
    expected: {
      description: 'A real OpenShift must-gather subset of a healthy OCP 4.9 cluster on Azure (OpenShiftSDN): six Ready nodes, YAML Lists per namespace, logs per container. Its nodes said "No CNI configuration file" while they booted, before they turned Ready: history, not a missing config.',
      matrix: { 'new-pods': 'ok', 'pod-to-pod': 'unknown', dns: 'ok', 'ip-space': 'unknown' },
      verdict: 'ok',
      plugins: ['multus', 'openshift-sdn'],
      maxSeverity: 'info',
      fires: [],
      // OpenShift's multus and sdn DaemonSets set memory requests and, by the platform's convention, no limits.
      quiet: ['cni-config-missing', 'node-not-ready', 'cni-sandbox-failures', 'bundle-unsafe-entry', 'coredns-unhealthy', 'cni-agent-memory', 'cni-agent-unhealthy', 'multiple-cni-plugins', 'multus-delegate-failed'],
    },
  },
};

for (const [name, f] of Object.entries(FOREIGN)) {
  if (only.length && !only.includes(name)) continue;
  const dir = path.join(OUT, name);
  const source = path.resolve(import.meta.dirname, '../../../shared/foreign', f.from);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  if (f.archive) {
    // GNU tar keeps the links as links; the bundle's single top directory is removed.
    const r = spawnSync('tar', ['-xzf', source, '-C', dir, '--strip-components=1'], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`tar -xzf ${source}: ${r.stderr}`);
  } else {
    cpSync(source, dir, { recursive: true, verbatimSymlinks: true });
  }
  writeFileSync(path.join(dir, 'ATTRIBUTION.md'), `# Attribution\n\n${f.attribution}\n`);
  writeFileSync(path.join(dir, 'expected.yaml'), stringify(f.expected));
  console.log(`wrote ${path.relative(process.cwd(), dir)}`);
}

// Formats no real bundle of is published: a scenario cluster written file by file as the producing
// tool writes it (foreign-layouts.ts). The expected findings are what that format can show.
const SYNTHETIC_FOREIGN: Record<string, { from: string; write: (c: Cluster, dir: string, e: Expected) => void; expected: Expected }> = {
  'foreign-sysdump-cilium-broken': {
    from: 'cilium-broken',
    write: (c, dir, e) => writeSysdump(c, dir, e, { execPods: { 'cilium-m4ntz': 'cilium-sysdump-exec-7q2kd' } }),
    expected: {
      description: 'The cluster of cilium-broken as `cilium sysdump` bundles it: YAML Lists of all namespaces, files named after pods, per agent its CNI configs and bugtool output. worker-2\'s agent crash-loops, so sysdump reached that node through an exec pod (its bugtool directory is named after that pod, deleted since: the node comes from its hostname) and could not list its CNI configs (a failed task in cilium-sysdump.log); its `cilium-dbg status` printed only an error.',
      first: 'cni-agent-oom',
      fires: [
        { rule: 'cni-agent-oom', severity: 'high', rootCause: true, nodes: ['worker-2'] },
        { rule: 'cni-agent-unhealthy', rootCause: false, summaryIncludes: ['cannot allocate memory'] },
        { rule: 'cni-sandbox-failures', rootCause: false, nodes: ['worker-2'] },
        { rule: 'cilium-k8s-api-unavailable', severity: 'critical', rootCause: true, nodes: ['worker-1'] },
        { rule: 'cilium-health-degraded', rootCause: false, nodes: ['worker-1'] },
        // No /proc/mounts in a sysdump: the agent's own warning in its log says it.
        { rule: 'cilium-bpf-fs-not-mounted', severity: 'critical', nodes: ['cp-1'] },
        { rule: 'cilium-kernel-unsupported', severity: 'high', nodes: ['worker-1'] },
        { rule: 'bundle-collection-gap', severity: 'info', summaryIncludes: ['cilium sysdump', 'cniconflist-cilium-m4ntz', 'cilium-dbg status --verbose'] },
      ],
      quiet: ['cni-config-missing', 'cni-config-invalid', 'multiple-cni-plugins', 'ip-pool-exhaustion', 'bundle-unsafe-entry', 'node-not-ready'],
    },
  },
  'foreign-calico-diags-misconfig': {
    from: 'calico-misconfig',
    write: (c, dir, e) => writeCalicoDiags(c, dir, e, { failed: { 'nodes/worker-2/ip-link.txt': 'error: unable to upgrade connection: container not found ("calico-node")\n' } }),
    expected: {
      description: 'The cluster of calico-misconfig as `calicoctl cluster diags` bundles it: YAML Lists of all namespaces, Calico CRDs, routes of every table, logs of all containers concatenated; no events and no BGP status. What the CRDs and links show is found (the BGPPeer AS mismatch, IPIP and VXLAN pools side by side); the BGP sessions themselves are not in the format, and the ipamblocks CRDs hold few allocations (the 97 % of the native scenario is in its `calicoctl ipam show`). worker-2\'s `ip link` failed and its file holds the error; network-attachment-definitions are not served (no Multus).',
      fires: [
        { rule: 'calico-bgp-as-mismatch', severity: 'high', rootCause: true, summaryIncludes: ['65001'] },
        { rule: 'calico-encapsulation-mismatch', severity: 'high', nodes: ['cp-1', 'worker-1'] },
        { rule: 'bundle-collection-gap', severity: 'info', summaryIncludes: ['calicoctl cluster diags', 'nodes/worker-2/ip-link.txt', 'network-attachment-definitions'] },
      ],
      quiet: ['node-not-ready', 'cni-agent-unhealthy', 'cni-agent-oom', 'multiple-cni-plugins', 'pod-cidr-overlap', 'calico-ipam-blocks-high', 'bundle-unsafe-entry'],
    },
  },
  'foreign-calico-diags-healthy': {
    from: 'healthy-calico',
    write: (c, dir, e) => writeCalicoDiags(c, dir, e),
    expected: {
      description: 'The healthy Calico cluster of healthy-calico as `calicoctl cluster diags` bundles it. Nothing critical or high; calico-node has no memory limit (medium, as in the native scenario); the only failed command is the NetworkAttachmentDefinitions of a cluster without Multus.',
      maxSeverity: 'medium',
      fires: [
        { rule: 'cni-agent-memory', severity: 'medium' },
        { rule: 'bundle-collection-gap', severity: 'info', summaryIncludes: ['network-attachment-definitions'] },
      ],
      quiet: ['node-not-ready', 'node-network-unavailable', 'cni-agent-unhealthy', 'cni-agent-oom', 'multiple-cni-plugins', 'ip-pool-exhaustion', 'calico-ipam-blocks-high', 'pod-cidr-overlap', 'calico-bgp-as-mismatch', 'calico-encapsulation-mismatch', 'dns-blocked-by-policy', 'coredns-unhealthy', 'pod-routing-failure', 'bundle-unsafe-entry'],
    },
  },
  'foreign-sbk-config-chaos': {
    from: 'config-chaos',
    write: (c, dir, e) => writeSupportBundleKit(c, dir, e, { errors: ['failed to get /apis/metrics.k8s.io/v1beta1: the server is currently unable to handle the request'] }),
    expected: {
      description: 'The cluster of config-chaos as Rancher support-bundle-kit bundles it: YAML Lists per namespace and groupVersion with every null and "" turned into the string "null", logs of default, kube-system and cattle-system, one nested zip per node (configs and journal logs, no network state). Without /etc/cni/net.d the configs themselves cannot be judged; what the API shows still is: worker-2 and worker-3 NotReady with no CNI config, calico-node forbidden on worker-3, sandbox failures, the cniVersion the plugin refuses on cp-1.',
      fires: [
        { rule: 'node-not-ready', severity: 'critical', rootCause: false, nodes: ['worker-2', 'worker-3'] },
        { rule: 'cni-config-missing', severity: 'critical', nodes: ['worker-2', 'worker-3'] },
        { rule: 'cni-agent-unhealthy', nodes: ['worker-3'] },
        { rule: 'cni-rbac-denied', severity: 'critical' },
        { rule: 'cni-sandbox-failures', severity: 'critical' },
        { rule: 'cni-version-incompatible', nodes: ['cp-1'] },
        { rule: 'bundle-collection-gap', severity: 'info', summaryIncludes: ['Rancher support-bundle-kit', 'metrics.k8s.io'] },
      ],
      quiet: ['bundle-unsafe-entry', 'pod-cidr-overlap', 'ip-pool-exhaustion'],
    },
  },
  'foreign-sbk-healthy-calico': {
    from: 'healthy-calico',
    write: (c, dir, e) => writeSupportBundleKit(c, dir, e),
    expected: {
      description: 'The healthy Calico cluster of healthy-calico as Rancher support-bundle-kit bundles it ("null"-mangled YAML, nested node zips). Nothing critical or high; calico-node has no memory limit (medium, as in the native scenario).',
      maxSeverity: 'medium',
      fires: [{ rule: 'cni-agent-memory', severity: 'medium' }],
      quiet: ['node-not-ready', 'node-network-unavailable', 'cni-agent-unhealthy', 'cni-agent-oom', 'cni-sandbox-failures', 'cni-config-missing', 'multiple-cni-plugins', 'ip-pool-exhaustion', 'calico-ipam-blocks-high', 'pod-cidr-overlap', 'calico-bgp-as-mismatch', 'dns-blocked-by-policy', 'coredns-unhealthy', 'bundle-collection-gap', 'bundle-unsafe-entry'],
    },
  },
  'foreign-sysdump-healthy-cilium': {
    from: 'healthy-cilium',
    write: (c, dir, e) => writeSysdump(c, dir, e),
    expected: {
      description: 'The healthy Cilium cluster of healthy-cilium as `cilium sysdump` bundles it: every agent answered, nothing failed. It must stay quiet, and no rule may read the absent /opt/cni/bin or /proc/mounts as a fault.',
      verdict: 'ok',
      maxSeverity: 'low',
      fires: [],
      quiet: ['cni-agent-unhealthy', 'cni-agent-oom', 'cilium-bpf-fs-not-mounted', 'cilium-k8s-api-unavailable', 'cilium-health-degraded', 'cni-binary-missing', 'cni-config-missing', 'cni-config-conflict', 'cni-sandbox-failures', 'node-not-ready', 'multiple-cni-plugins', 'bundle-collection-gap', 'bundle-unsafe-entry'],
    },
  },
};

for (const [name, f] of Object.entries(SYNTHETIC_FOREIGN)) {
  if (only.length && !only.includes(name)) continue;
  resetCounters();
  const { cluster } = scenarios[f.from]!();
  f.write(cluster, path.join(OUT, name), f.expected);
  console.log(`wrote ${path.relative(process.cwd(), path.join(OUT, name))}`);
}
