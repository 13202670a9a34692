// Base clusters per CNI: the agent, its configs, binaries, routes, links and plugin outputs, shaped
// like the real outputs in ../shared/real-world/.
import { parse } from 'yaml';
import { Cluster, REFERENCE_PLUGINS, T, baseCluster, binListing, lsLa, procMounts, realWorld } from './cluster.js';
import { configMap, custom, namespace, type NodeSpec } from '../../test/helpers/fixtures/k8s.js';

const SUFFIX = ['x2k9d', 'b7wqp', 'm4ntz', 'r8fvc', 'h2jxs', 'q9lpe'];

// --- Calico ------------------------------------------------------------------------------------

export const CALICO_IMAGE = 'docker.io/calico/node:v3.28.1';
export const CALICO_BLOCKS = ['192.168.23.0/26', '192.168.71.64/26', '192.168.140.128/26', '192.168.201.192/26', '192.168.9.0/26', '192.168.44.64/26'];

export function calicoConflist(node: string, opts: { cniVersion?: string; logLevel?: string } = {}): string {
  return realWorld('conflist-calico-10-calico-template.conflist')
    .replace('__KUBERNETES_NODE_NAME__', node)
    .replace('__CNI_MTU__', '0')
    .replace('__KUBECONFIG_FILEPATH__', '/etc/cni/net.d/calico-kubeconfig')
    .replace('"cniVersion": "0.3.1"', `"cniVersion": "${opts.cniVersion ?? '0.3.1'}"`)
    .replace('"log_level": "info"', `"log_level": "${opts.logLevel ?? 'info'}"`);
}

const CALICO_KUBECONFIG = `# Kubeconfig file for Calico CNI plugin. Installed by calico/node.
apiVersion: v1
kind: Config
clusters:
- name: local
  cluster:
    server: https://10.96.0.1:443
    certificate-authority-data: "<redacted:certificate>"
users:
- name: calico
  user:
    token: <redacted:token>
contexts:
- name: calico-context
  context:
    cluster: local
    user: calico
current-context: calico-context
`;

function blockBase(cidr: string): number[] {
  return cidr.split('/')[0]!.split('.').map(Number);
}
export function calicoIp(nodeIndex: number, n: number): string {
  const b = blockBase(CALICO_BLOCKS[nodeIndex]!);
  return `${b[0]}.${b[1]}.${b[2]}.${b[3]! + n}`;
}

/** calicoctl node status, tablewriter era (centred headers, INFO wrapped at 30 characters). */
export function calicoNodeStatusTable(peers: { ip: string; type?: string; state: string; since: string; info: string }[], style: 'tablewriter' | 'go-pretty' = 'tablewriter'): string {
  const headers = ['PEER ADDRESS', 'PEER TYPE', 'STATE', 'SINCE', 'INFO'];
  const rows: string[][] = [];
  for (const p of peers) {
    const cells = [p.ip, p.type ?? 'node-to-node mesh', p.state, p.since, p.info];
    if (style === 'tablewriter' && p.info.length > 30) {
      // tablewriter wraps on word boundaries, other cells blank on the continuation row.
      const words = p.info.split(' ');
      const lines: string[] = [''];
      for (const w of words) {
        if ((lines[lines.length - 1]! + ' ' + w).trim().length > 30) lines.push(w);
        else lines[lines.length - 1] = `${lines[lines.length - 1]} ${w}`.trim();
      }
      rows.push([...cells.slice(0, 4), lines[0]!]);
      for (const l of lines.slice(1)) rows.push(['', '', '', '', l]);
    } else rows.push(cells);
  }
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)) + (style === 'tablewriter' && i === 4 && peers.some((p) => p.info.length > 30) ? 0 : 0));
  const center = (s: string, w: number) => {
    const left = Math.floor((w - s.length) / 2);
    return ' '.repeat(left) + s + ' '.repeat(w - s.length - left);
  };
  const border = `+${widths.map((w) => '-'.repeat(w + 2)).join('+')}+`;
  const head = `|${headers.map((h, i) => ` ${style === 'tablewriter' ? center(h, widths[i]!) : h.padEnd(widths[i]!)} `).join('|')}|`;
  const body = rows.map((r) => `|${r.map((c, i) => ` ${c.padEnd(widths[i]!)} `).join('|')}|`);
  return ['Calico process is running.', '', 'IPv4 BGP status', border, head, border, ...body, border, '', 'IPv6 BGP status', 'No IPv6 peers found.', '', ''].join('\n');
}

export function calicoCluster(nodeCount = 3, opts: { withProbe?: boolean; memoryLimit?: string } = {}): Cluster {
  const specs: NodeSpec[] = Array.from({ length: nodeCount }, (_, i) => ({
    name: i === 0 ? 'cp-1' : `worker-${i}`,
    ip: `10.0.0.${10 + i}`,
    podCIDR: `10.244.${i}.0/24`,
    controlPlane: i === 0,
    annotations: {
      'projectcalico.org/IPv4Address': `10.0.0.${10 + i}/24`,
      'projectcalico.org/IPv4IPIPTunnelAddr': calicoIp(i, 0),
    },
    networkUnavailable: { status: 'False', reason: 'CalicoIsUp', message: 'Calico is running on this node' },
  }));
  const c = baseCluster({ nodes: specs, podIp: calicoIp, withProbe: opts.withProbe });
  const names = c.nodeNames();
  c.addDaemonSet({
    namespace: 'kube-system',
    name: 'calico-node',
    selector: { 'k8s-app': 'calico-node' },
    initContainers: [
      { name: 'upgrade-ipam', image: 'docker.io/calico/cni:v3.28.1' },
      { name: 'install-cni', image: 'docker.io/calico/cni:v3.28.1' },
      { name: 'mount-bpffs', image: CALICO_IMAGE },
    ],
    containers: [{ name: 'calico-node', image: CALICO_IMAGE, memoryLimit: opts.memoryLimit, env: { DATASTORE_TYPE: 'kubernetes', CALICO_NETWORKING_BACKEND: 'bird', CALICO_IPV4POOL_IPIP: 'Always', CALICO_IPV4POOL_VXLAN: 'Never', IP: 'autodetect' } }],
    hostPaths: { 'cni-bin-dir': '/opt/cni/bin', 'cni-net-dir': '/etc/cni/net.d', 'var-run-calico': '/var/run/calico', 'var-lib-calico': '/var/lib/calico', 'cni-log-dir': '/var/log/calico/cni' },
    desired: names.length,
    ready: names.length,
  });
  c.addDeployment({ namespace: 'kube-system', name: 'calico-kube-controllers', selector: { 'k8s-app': 'calico-kube-controllers' }, containers: [{ name: 'calico-kube-controllers', image: 'docker.io/calico/kube-controllers:v3.28.1' }], desired: 1, ready: 1 });
  c.addPod({ namespace: 'kube-system', name: 'calico-kube-controllers-6b7f8d9c4-tq2zl', node: names[0], ip: calicoIp(0, 1), hostIP: specs[0]!.ip, labels: { 'k8s-app': 'calico-kube-controllers' }, owner: { kind: 'ReplicaSet', name: 'calico-kube-controllers-6b7f8d9c4' }, containers: [{ name: 'calico-kube-controllers', image: 'docker.io/calico/kube-controllers:v3.28.1' }] });
  c.configMaps.push(configMap('kube-system', 'calico-config', { calico_backend: 'bird', cni_network_config: realWorld('conflist-calico-10-calico-template.conflist'), typha_service_name: 'none', veth_mtu: '0' }));
  names.forEach((n, i) => {
    const podName = `calico-node-${SUFFIX[i]}`;
    c.addPod({ namespace: 'kube-system', name: podName, node: n, hostNetwork: true, ip: specs[i]!.ip, hostIP: specs[i]!.ip, labels: { 'k8s-app': 'calico-node' }, owner: { kind: 'DaemonSet', name: 'calico-node' }, initContainers: [{ name: 'upgrade-ipam', image: 'docker.io/calico/cni:v3.28.1' }, { name: 'install-cni', image: 'docker.io/calico/cni:v3.28.1' }, { name: 'mount-bpffs', image: CALICO_IMAGE }], containers: [{ name: 'calico-node', image: CALICO_IMAGE, memoryLimit: opts.memoryLimit }] });
    c.file(`logs/kube-system/${podName}/calico-node.log`, [
      `2026-11-27 09:01:02.114 [INFO][9] startup/startup.go 428: Early log level set to info`,
      `2026-11-27 09:01:02.115 [INFO][9] startup/utils.go 126: Using NODENAME environment for node name ${n}`,
      `2026-11-27 09:01:02.131 [INFO][9] startup/startup.go 586: Using IPv4 address from environment: IP=10.0.0.${10 + i}/24`,
      `2026-11-27 09:01:02.180 [INFO][9] startup/startup.go 715: CALICO_IPV4POOL_NAT_OUTGOING is true (defaulted) through environment variable`,
      `2026-11-27 09:01:03.402 [INFO][63] felix/int_dataplane.go 1954: Completed first update to dataplane. secsSinceStart=0.81`,
      `2026-11-27 09:01:04.010 [INFO][61] confd/client.go 1364: Updated with new IPv4 block affinity: ${CALICO_BLOCKS[i]}`,
      '',
    ].join('\n'));
    const dir = `nodes/${n}`;
    c.file(`${dir}/etc-cni-net.d/10-calico.conflist`, calicoConflist(n));
    c.file(`${dir}/etc-cni-net.d/calico-kubeconfig`, CALICO_KUBECONFIG);
    c.file(`${dir}/ls-etc-cni-net.d.txt`, lsLa([{ name: '10-calico.conflist', size: calicoConflist(n).length }, { name: 'calico-kubeconfig', size: 2771, mode: '-rw-------' }]));
    c.file(`${dir}/ls-opt-cni-bin.txt`, binListing(['calico', 'calico-ipam', 'flannel', ...REFERENCE_PLUGINS]));
    const routes = [
      'default via 10.0.0.1 dev eth0 proto dhcp src 10.0.0.' + (10 + i) + ' metric 100',
      `10.0.0.0/24 dev eth0 proto kernel scope link src 10.0.0.${10 + i} metric 100`,
      `blackhole ${CALICO_BLOCKS[i]} proto bird`,
      ...names.map((m, j) => (j === i ? '' : `${CALICO_BLOCKS[j]} via 10.0.0.${10 + j} dev tunl0 proto bird onlink`)).filter(Boolean),
      `${calicoIp(i, 2)} dev cali3f9d8e7c1a2 scope link`,
      `${calicoIp(i, 3)} dev cali8e2b4a9d07f scope link`,
    ];
    c.file(`${dir}/ip-route.txt`, `${routes.join('\n')}\n`);
    c.file(`${dir}/ip-link.txt`, [
      '1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN mode DEFAULT group default qlen 1000',
      '    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00 promiscuity 0 minmtu 0 maxmtu 0 addrgenmode eui64 numtxqueues 1 numrxqueues 1 gso_max_size 65536 gso_max_segs 65535',
      '2: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc mq state UP mode DEFAULT group default qlen 1000',
      `    link/ether 52:54:00:1a:2b:${(0x10 + i).toString(16)} brd ff:ff:ff:ff:ff:ff promiscuity 0 minmtu 68 maxmtu 65535 addrgenmode eui64 numtxqueues 2 numrxqueues 2 gso_max_size 65536 gso_max_segs 65535`,
      '3: tunl0@NONE: <NOARP,UP,LOWER_UP> mtu 1480 qdisc noqueue state UNKNOWN mode DEFAULT group default qlen 1000',
      '    link/ipip 0.0.0.0 brd 0.0.0.0 promiscuity 0 minmtu 0 maxmtu 0',
      '    ipip any remote any local any ttl inherit nopmtudisc addrgenmode eui64 numtxqueues 1 numrxqueues 1 gso_max_size 65536 gso_max_segs 65535',
      '7: cali3f9d8e7c1a2@if3: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1480 qdisc noqueue state UP mode DEFAULT group default qlen 1000',
      '    link/ether ee:ee:ee:ee:ee:ee brd ff:ff:ff:ff:ff:ff link-netns cni-6f1a2b3c-4d5e-6f70-8192-a3b4c5d6e7f8 promiscuity 0 minmtu 68 maxmtu 65535',
      '    veth addrgenmode eui64 numtxqueues 2 numrxqueues 2 gso_max_size 65536 gso_max_segs 65535',
      '',
    ].join('\n'));
    c.file(`plugins/calico/node-status/${n}.txt`, calicoNodeStatusTable(names.map((m, j) => (j === i ? undefined : { ip: `10.0.0.${10 + j}`, state: 'up', since: '09:01:12', info: 'Established' })).filter((x): x is NonNullable<typeof x> => !!x)));
  });
  // IPAM: calicoctl output and the CRDs.
  const blocks = names.map((n, i) => ({ cidr: CALICO_BLOCKS[i]!, node: n, used: (c.pods.filter((p) => p.spec.nodeName === n && !p.spec.hostNetwork).length) + 1 }));
  c.file('plugins/calico/ipam-show.txt', ipamTable([{ grouping: 'IP Pool', cidr: '192.168.0.0/16', total: 65536, used: blocks.reduce((s, b) => s + b.used, 0) }]));
  c.file('plugins/calico/ipam-show-blocks.txt', ipamTable([{ grouping: 'IP Pool', cidr: '192.168.0.0/16', total: 65536, used: blocks.reduce((s, b) => s + b.used, 0) }, ...blocks.map((b) => ({ grouping: 'Block', cidr: b.cidr, total: 64, used: b.used }))]));
  c.addCustom('ippools.crd.projectcalico.org', custom('crd.projectcalico.org/v1', 'IPPool', 'default-ipv4-ippool', { allowedUses: ['Workload', 'Tunnel'], blockSize: 26, cidr: '192.168.0.0/16', ipipMode: 'Always', natOutgoing: true, nodeSelector: 'all()', vxlanMode: 'Never' }));
  for (const b of blocks) {
    c.addCustom('ipamblocks.crd.projectcalico.org', custom('crd.projectcalico.org/v1', 'IPAMBlock', b.cidr.replace(/[./]/g, '-'), { affinity: `host:${b.node}`, allocations: Array.from({ length: 64 }, (_, k) => (k < b.used ? k : null)), attributes: [], cidr: b.cidr, strictAffinity: false, unallocated: Array.from({ length: 64 - b.used }, (_, k) => b.used + k) }));
    c.addCustom('blockaffinities.crd.projectcalico.org', custom('crd.projectcalico.org/v1', 'BlockAffinity', `${b.node}-${b.cidr.replace(/[./]/g, '-')}`, { cidr: b.cidr, deleted: 'false', node: b.node, state: 'confirmed' }));
  }
  c.addCustom('bgpconfigurations.crd.projectcalico.org', custom('crd.projectcalico.org/v1', 'BGPConfiguration', 'default', { asNumber: 64512, logSeverityScreen: 'Info', nodeToNodeMeshEnabled: true }));
  c.addCustom('felixconfigurations.crd.projectcalico.org', custom('crd.projectcalico.org/v1', 'FelixConfiguration', 'default', { bpfLogLevel: '', floatingIPs: 'Disabled', logSeverityScreen: 'Info', reportingInterval: '0s' }));
  c.file('cluster/top-pods.txt', ['NAMESPACE     NAME                                       CPU(cores)   MEMORY(bytes)', ...c.pods.filter((p) => p.metadata.namespace === 'kube-system').map((p) => `${p.metadata.namespace.padEnd(13)} ${p.metadata.name.padEnd(42)} ${'12m'.padEnd(12)} ${p.metadata.name.startsWith('calico-node') ? '148Mi' : '38Mi'}`), ''].join('\n'));
  c.file('cluster/top-nodes.txt', topNodes(names));
  return c;
}

export function ipamTable(rows: { grouping: string; cidr: string; total: number; used: number }[]): string {
  const fmt = (n: number) => (n >= 100000 ? n.toExponential(4).replace(/\.?0+e/, 'e').replace('e+', 'e+0').replace(/e\+0(\d\d)/, 'e+$1') : String(n));
  const cells = rows.map((r) => [r.grouping, r.cidr, fmt(r.total), `${fmt(r.used)} (${Math.round((r.used / r.total) * 100)}%)`, `${fmt(r.total - r.used)} (${Math.round(((r.total - r.used) / r.total) * 100)}%)`]);
  const headers = ['GROUPING', 'CIDR', 'IPS TOTAL', 'IPS IN USE', 'IPS FREE'];
  const widths = headers.map((h, i) => Math.max(h.length, ...cells.map((r) => r[i]!.length)));
  const center = (s: string, w: number) => ' '.repeat(Math.floor((w - s.length) / 2)) + s + ' '.repeat(w - s.length - Math.floor((w - s.length) / 2));
  const border = `+${widths.map((w) => '-'.repeat(w + 2)).join('+')}+`;
  return [border, `|${headers.map((h, i) => ` ${center(h, widths[i]!)} `).join('|')}|`, border, ...cells.map((r) => `|${r.map((c, i) => ` ${i === 2 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)} `).join('|')}|`), border, ''].join('\n');
}

// --- Cilium ------------------------------------------------------------------------------------

export function ciliumCluster(opts: { version?: string; memoryLimit?: string; kernels?: string[]; agentName?: string } = {}): Cluster {
  const version = opts.version ?? '1.18.0';
  // GKE Dataplane V2 runs the same agent as the DaemonSet anetd.
  const agent = opts.agentName ?? 'cilium';
  const image = `quay.io/cilium/cilium:v${version}`;
  const specs: NodeSpec[] = [0, 1, 2].map((i) => ({
    name: i === 0 ? 'cp-1' : `worker-${i}`,
    ip: `192.168.1.${10 + i}`,
    podCIDR: `10.0.${i}.0/24`,
    controlPlane: i === 0,
    kernel: opts.kernels?.[i] ?? '6.1.0-27-cloud-amd64',
    networkUnavailable: { status: 'False', reason: 'CiliumIsUp', message: 'Cilium is running on this node' },
  }));
  const ip = (i: number, n: number) => `10.0.${i}.${100 + n * 7}`;
  const c = baseCluster({ nodes: specs, podIp: ip });
  const names = c.nodeNames();
  c.addDaemonSet({
    namespace: 'kube-system',
    name: agent,
    selector: { 'k8s-app': 'cilium' },
    initContainers: [{ name: 'config', image }, { name: 'mount-cgroup', image }, { name: 'apply-sysctl-overwrites', image }, { name: 'mount-bpf-fs', image }, { name: 'clean-cilium-state', image }, { name: 'install-cni-binaries', image }],
    containers: [{ name: 'cilium-agent', image, memoryLimit: opts.memoryLimit }],
    hostPaths: { 'cni-path': '/opt/cni/bin', 'etc-cni-netd': '/etc/cni/net.d', bpf: '/sys/fs/bpf', 'cilium-run': '/var/run/cilium' },
    desired: 3,
    ready: 3,
  });
  c.addDeployment({ namespace: 'kube-system', name: 'cilium-operator', selector: { 'io.cilium/app': 'operator' }, containers: [{ name: 'cilium-operator', image: `quay.io/cilium/operator-generic:v${version}`, memoryLimit: opts.memoryLimit }], desired: 1, ready: 1 });
  c.configMaps.push(configMap('kube-system', 'cilium-config', { 'cluster-pool-ipv4-cidr': '10.0.0.0/8', 'cluster-pool-ipv4-mask-size': '24', ipam: 'cluster-pool', 'kube-proxy-replacement': 'false', 'routing-mode': 'tunnel', 'tunnel-protocol': 'vxlan', 'bpf-map-dynamic-size-ratio': '0.0025', 'cni-exclusive': 'true' }));
  const statusTemplate = realWorld('cilium-status-verbose-healthy-v1.18.txt');
  const conflist = realWorld('conflist-cilium-05-cilium-template.conflist').replace('{{.Debug | js }}', 'false').replace('{{.LogFile | js }}', '/var/run/cilium/cilium-cni.log');
  names.forEach((n, i) => {
    const podName = `${agent}-${SUFFIX[i]}`;
    c.addPod({ namespace: 'kube-system', name: podName, node: n, hostNetwork: true, ip: specs[i]!.ip, hostIP: specs[i]!.ip, labels: { 'k8s-app': 'cilium' }, owner: { kind: 'DaemonSet', name: agent }, containers: [{ name: 'cilium-agent', image, memoryLimit: opts.memoryLimit }] });
    c.file(`logs/kube-system/${podName}/cilium-agent.log`, [
      `time="2026-11-27T09:01:02Z" level=info msg="Memory available for map entries (0.003% of 8196919296B): 20492298B" subsys=config`,
      `time="2026-11-27T09:01:02Z" level=info msg="Detected mounted BPF filesystem at /sys/fs/bpf" subsys=bpf`,
      `time="2026-11-27T09:01:03Z" level=info msg="Establishing connection to apiserver" host="https://10.96.0.1:443" subsys=k8s-client`,
      `time="2026-11-27T09:01:03Z" level=info msg="Connected to apiserver" subsys=k8s-client`,
      `time="2026-11-27T09:01:09Z" level=info msg="Wrote CNI configuration file" file-path=/host/etc/cni/net.d/05-cilium.conflist subsys=cni-config`,
      '',
    ].join('\n'));
    const dir = `nodes/${n}`;
    c.file(`${dir}/etc-cni-net.d/05-cilium.conflist`, conflist);
    c.file(`${dir}/ls-etc-cni-net.d.txt`, lsLa([{ name: '05-cilium.conflist', size: conflist.length, mode: '-rw-------' }]));
    c.file(`${dir}/ls-opt-cni-bin.txt`, binListing(['cilium-cni', ...REFERENCE_PLUGINS]));
    c.file(`${dir}/proc-mounts.txt`, procMounts(true));
    c.file(`${dir}/ip-route.txt`, [`default via 192.168.1.1 dev ens18 proto static`, `10.0.${i}.0/24 via 10.0.${i}.124 dev cilium_host proto kernel src 10.0.${i}.124`, `10.0.${i}.124 dev cilium_host proto kernel scope link`, ...names.map((_, j) => (j === i ? '' : `10.0.${j}.0/24 via 10.0.${i}.124 dev cilium_host proto kernel src 10.0.${i}.124 mtu 1450`)).filter(Boolean), `192.168.1.0/24 dev ens18 proto kernel scope link src 192.168.1.${10 + i}`, ''].join('\n'));
    c.file(`${dir}/ip-link.txt`, [
      '1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN mode DEFAULT group default qlen 1000',
      '    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00',
      '2: ens18: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc fq_codel state UP mode DEFAULT group default qlen 1000',
      `    link/ether bc:24:11:57:4e:${(0xf0 + i).toString(16)} brd ff:ff:ff:ff:ff:ff`,
      '3: cilium_net@cilium_host: <BROADCAST,MULTICAST,NOARP,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP mode DEFAULT group default qlen 1000',
      '    link/ether 8a:2e:1f:33:0c:41 brd ff:ff:ff:ff:ff:ff',
      '    veth addrgenmode eui64 numtxqueues 1 numrxqueues 1',
      '4: cilium_host@cilium_net: <BROADCAST,MULTICAST,NOARP,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP mode DEFAULT group default qlen 1000',
      '    link/ether 4e:91:0b:6a:2d:77 brd ff:ff:ff:ff:ff:ff',
      '    veth addrgenmode eui64 numtxqueues 1 numrxqueues 1',
      '5: cilium_vxlan: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UNKNOWN mode DEFAULT group default qlen 1000',
      '    link/ether 3a:71:c2:90:5e:18 brd ff:ff:ff:ff:ff:ff',
      '    vxlan external id 0 srcport 0 0 dstport 8472 nolearning ttl auto ageing 300 udpcsum noudp6zerocsumtx noudp6zerocsumrx',
      '',
    ].join('\n'));
    const podsHere = c.pods.filter((p) => p.spec.nodeName === n && !p.spec.hostNetwork);
    const status = statusTemplate
      .replace(/IPAM:\s+IPv4: 5\/254 allocated from 10\.0\.0\.0\/24, /, `IPAM:                   IPv4: ${podsHere.length + 2}/254 allocated from 10.0.${i}.0/24, `)
      .replace(/Allocated addresses:\n(  .*\n)+/, `Allocated addresses:\n  10.0.${i}.124 (router)\n  10.0.${i}.203 (health)\n${podsHere.map((p) => `  ${p.status.podIP} (${p.metadata.namespace}/${p.metadata.name})`).join('\n')}\n`)
      .replace('Cilium:                 Ok   1.18.0 (v1.18.0-274205f0)', `Cilium:                 Ok   ${version} (v${version}-274205f0)`)
      .replace(/91\.217\.196\.189/g, `192.168.1.${10 + i}`);
    c.file(`plugins/cilium/status/${n}.txt`, `${status.replace(/\s*$/, '')}\nCluster health:         3/3 reachable   (2026-11-27T10:14:31Z)\n`);
    const endpoints = [
      'IP ADDRESS              LOCAL ENDPOINT INFO',
      ...podsHere.map((p, k) => `${`${p.status.podIP}:0`.padEnd(23)} id=${String(300 + k * 97).padEnd(5)} sec_id=${String(15975 + k * 311).padEnd(5)} flags=0x0000 ifindex=${String(17 + 2 * k).padEnd(3)} mac=42:E9:20:B0:00:${(16 + k).toString(16).toUpperCase()} nodemac=22:36:B2:97:BD:${(0x99 - k).toString(16).toUpperCase()} parent_ifindex=0     `),
      `${`10.0.${i}.203:0`.padEnd(23)} id=412   sec_id=4     flags=0x0000 ifindex=23  mac=5E:92:51:F1:A6:FB nodemac=6E:D9:3E:63:A8:7B parent_ifindex=0     `,
      `${`192.168.1.${10 + i}:0`.padEnd(23)} (localhost)                                                                                                         `,
      '',
    ];
    c.file(`plugins/cilium/bpf-endpoint-list/${n}.txt`, endpoints.join('\n'));
    c.addCustom('ciliumnodes.cilium.io', custom('cilium.io/v2', 'CiliumNode', n, { addresses: [{ ip: specs[i]!.ip, type: 'InternalIP' }, { ip: `10.0.${i}.124`, type: 'CiliumInternalIP' }], ipam: { podCIDRs: [`10.0.${i}.0/24`] } }));
  });
  c.file('cluster/top-pods.txt', ['NAMESPACE     NAME                                       CPU(cores)   MEMORY(bytes)', ...c.pods.filter((p) => p.metadata.namespace === 'kube-system').map((p) => `${p.metadata.namespace.padEnd(13)} ${p.metadata.name.padEnd(42)} ${'21m'.padEnd(12)} ${p.metadata.name.startsWith(`${agent}-`) ? '212Mi' : '35Mi'}`), ''].join('\n'));
  c.file('cluster/top-nodes.txt', topNodes(names));
  return c;
}

// --- Flannel -----------------------------------------------------------------------------------

export function flannelCluster(nodeCount = 3, opts: { podCIDRs?: (string | undefined)[] } = {}): Cluster {
  const specs: NodeSpec[] = Array.from({ length: nodeCount }, (_, i) => ({
    name: i === 0 ? 'cp-1' : `worker-${i}`,
    ip: `10.0.0.${10 + i}`,
    podCIDR: opts.podCIDRs ? opts.podCIDRs[i] : `10.244.${i}.0/24`,
    controlPlane: i === 0,
    annotations: { 'flannel.alpha.coreos.com/backend-type': 'vxlan', 'flannel.alpha.coreos.com/kube-subnet-manager': 'true', 'flannel.alpha.coreos.com/public-ip': `10.0.0.${10 + i}` },
    networkUnavailable: { status: 'False', reason: 'FlannelIsUp', message: 'Flannel is running on this node' },
  }));
  const ip = (i: number, n: number) => `10.244.${i}.${2 + n}`;
  const c = baseCluster({ nodes: specs, podIp: ip });
  c.namespaces.push({ apiVersion: 'v1', kind: 'Namespace', metadata: { creationTimestamp: '2026-11-20T08:00:00Z', labels: { 'kubernetes.io/metadata.name': 'kube-flannel', 'pod-security.kubernetes.io/enforce': 'privileged' }, name: 'kube-flannel', resourceVersion: '14', uid: '9a' }, spec: { finalizers: ['kubernetes'] }, status: { phase: 'Active' } });
  const names = c.nodeNames();
  const image = 'ghcr.io/flannel-io/flannel:v0.26.1';
  c.addDaemonSet({
    namespace: 'kube-flannel',
    name: 'kube-flannel-ds',
    selector: { app: 'flannel', 'k8s-app': 'flannel' },
    initContainers: [{ name: 'install-cni-plugin', image: 'ghcr.io/flannel-io/flannel-cni-plugin:v1.5.1-flannel2' }, { name: 'install-cni', image }],
    containers: [{ name: 'kube-flannel', image, memoryLimit: '50Mi' }],
    hostPaths: { run: '/run/flannel', 'cni-plugin': '/opt/cni/bin', cni: '/etc/cni/net.d', xtables: '/run/xtables.lock' },
    desired: names.length,
    ready: names.length,
  });
  const cniConf = realWorld('conflist-flannel-10-flannel.conflist');
  c.configMaps.push(configMap('kube-flannel', 'kube-flannel-cfg', { 'cni-conf.json': cniConf, 'net-conf.json': realWorld('flannel-net-conf.json') }));
  names.forEach((n, i) => {
    const podName = `kube-flannel-ds-${SUFFIX[i]}`;
    c.addPod({ namespace: 'kube-flannel', name: podName, node: n, hostNetwork: true, ip: specs[i]!.ip, hostIP: specs[i]!.ip, labels: { app: 'flannel', 'k8s-app': 'flannel' }, owner: { kind: 'DaemonSet', name: 'kube-flannel-ds' }, containers: [{ name: 'kube-flannel', image, memoryLimit: '50Mi' }] });
    const cidr = specs[i]!.podCIDR;
    c.file(`logs/kube-flannel/${podName}/kube-flannel.log`, [
      `I1127 09:01:02.104917       1 main.go:211] CLI flags config: {etcdEndpoints:http://127.0.0.1:4001,http://127.0.0.1:2379 etcdPrefix:/coreos.com/network etcdKeyfile: etcdCertfile: etcdCAFile: etcdUsername: etcdPassword: version:false kubeSubnetMgr:true kubeApiUrl: kubeAnnotationPrefix:flannel.alpha.coreos.com kubeConfigFile: iface:[] ifaceRegex:[] ipMasq:true ifaceCanReach: subnetFile:/run/flannel/subnet.env publicIP: publicIPv6: subnetLeaseRenewMargin:60 healthzIP:0.0.0.0 healthzPort:0 iptablesResyncSeconds:5 iptablesForwardRules:true netConfPath:/etc/kube-flannel/net-conf.json setNodeNetworkUnavailable:true}`,
      `I1127 09:01:02.131402       1 kube.go:139] Waiting 10m0s for node controller to sync`,
      `I1127 09:01:03.131711       1 kube.go:469] Starting kube subnet manager`,
      ...(cidr ? [`I1127 09:01:03.141925       1 kube.go:490] Creating the node lease for IPv4. This is the n.Spec.PodCIDRs: [${cidr}]`, `I1127 09:01:03.202113       1 main.go:430] Current network or subnet (10.244.0.0/16, ${cidr.replace('.0/24', '.0/24')}) is not equal to previous one (0.0.0.0/0, 0.0.0.0/0), trying to recycle old iptables rules`, `I1127 09:01:03.402210       1 main.go:413] Wrote subnet file to /run/flannel/subnet.env`] : []),
      '',
    ].join('\n'));
    const dir = `nodes/${n}`;
    c.file(`${dir}/etc-cni-net.d/10-flannel.conflist`, cniConf);
    c.file(`${dir}/ls-etc-cni-net.d.txt`, lsLa([{ name: '10-flannel.conflist', size: cniConf.length }]));
    c.file(`${dir}/ls-opt-cni-bin.txt`, binListing(['flannel', ...REFERENCE_PLUGINS], { busybox: true }));
    if (cidr) {
      c.file(`${dir}/flannel-subnet.env`, `FLANNEL_NETWORK=10.244.0.0/16\nFLANNEL_SUBNET=${cidr.replace(/\.0\/24$/, '.1/24')}\nFLANNEL_MTU=1450\nFLANNEL_IPMASQ=true\n`);
    }
    const other = names.map((m, j) => ({ m, j, cidr: specs[j]!.podCIDR })).filter((x) => x.j !== i && x.cidr);
    c.file(`${dir}/ip-route.txt`, [
      `default via 10.0.0.1 dev eth0 proto dhcp src 10.0.0.${10 + i} metric 100`,
      `10.0.0.0/24 dev eth0 proto kernel scope link src 10.0.0.${10 + i} metric 100`,
      ...(cidr ? [`${cidr} dev cni0 proto kernel scope link src ${cidr.replace(/\.0\/24$/, '.1')}`] : []),
      ...other.map((x) => `${x.cidr} via ${x.cidr!.split('/')[0]} dev flannel.1 onlink`),
      '',
    ].join('\n'));
    c.file(`${dir}/ip-link.txt`, [
      '1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN mode DEFAULT group default qlen 1000',
      '    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00',
      '2: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc pfifo_fast state UP mode DEFAULT group default qlen 1000',
      `    link/ether 00:0c:29:f5:95:${(0x90 + i).toString(16)} brd ff:ff:ff:ff:ff:ff`,
      '4: flannel.1: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1450 qdisc noqueue state UNKNOWN mode DEFAULT group default',
      `    link/ether da:83:06:ab:33:${(0x20 + i).toString(16)} brd ff:ff:ff:ff:ff:ff promiscuity 0 minmtu 68 maxmtu 65535`,
      `    vxlan id 1 local 10.0.0.${10 + i} dev eth0 srcport 0 0 dstport 8472 nolearning ttl auto ageing 300 udpcsum noudp6zerocsumtx noudp6zerocsumrx addrgenmode eui64 numtxqueues 1 numrxqueues 1 gso_max_size 65536 gso_max_segs 65535`,
      '5: cni0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1450 qdisc noqueue state UP mode DEFAULT group default qlen 1000',
      `    link/ether 4a:a6:6c:89:6e:${(0x6a + i).toString(16)} brd ff:ff:ff:ff:ff:ff promiscuity 0 minmtu 68 maxmtu 65535`,
      '    bridge forward_delay 1500 hello_time 200 max_age 2000 ageing_time 30000 stp_state 0 priority 32768 vlan_filtering 0 vlan_protocol 802.1Q',
      '',
    ].join('\n'));
    c.file(`${dir}/bridge-fdb-flannel.1.txt`, other.map((x) => `da:83:06:ab:33:${(0x20 + x.j).toString(16)} dst 10.0.0.${10 + x.j} self permanent`).join('\n') + '\n');
  });
  return c;
}

// --- AWS VPC CNI -------------------------------------------------------------------------------

export const AWS_NODES = ['ip-10-0-1-23.us-west-2.compute.internal', 'ip-10-0-2-45.us-west-2.compute.internal', 'ip-10-0-3-67.us-west-2.compute.internal'];

export function awsEnv(overrides: Record<string, string> = {}): Record<string, string> {
  const doc = parse(realWorld('aws-node-daemonset-env-default.yaml')) as { env: { name: string; value?: string }[] };
  const env: Record<string, string> = {};
  for (const e of doc.env) if (typeof e.value === 'string') env[e.name] = e.value;
  return { ...env, ...overrides };
}

export function awsConflist(nodeIp: string): string {
  return realWorld('conflist-aws-vpc-cni-10-aws-template.conflist')
    .replace('__VETHPREFIX__', 'eni')
    .replace(/__MTU__/g, '9001')
    .replace('__PODSGENFORCINGMODE__', 'strict')
    .replace('__PLUGINLOGFILE__', '/var/log/aws-routed-eni/plugin.log')
    .replace(/__PLUGINLOGLEVEL__/g, 'DEBUG')
    .replace('__EGRESSPLUGINENABLED__', 'false')
    .replace('__RANDOMIZESNAT__', 'prng')
    .replace('__NODEIP__', nodeIp)
    .replace('__EGRESSPLUGINIPAMSUBNET__', 'fd00::ac:00/118')
    .replace('__EGRESSPLUGINIPAMDST__', '::/0')
    .replace('__EGRESSPLUGINIPAMDATADIR__', '/run/cni/v4pd/egress-v6-ipam')
    .replace('__EGRESSPLUGINLOGFILE__', '/var/log/aws-routed-eni/egress-v6-plugin.log');
}

export function awsCluster(opts: { extraPodsOn?: { node: number; count: number }; env?: Record<string, string> } = {}): Cluster {
  const nodeIps = ['10.0.1.23', '10.0.2.45', '10.0.3.67'];
  const specs: NodeSpec[] = AWS_NODES.map((name, i) => ({ name, ip: nodeIps[i]!, instanceType: 'm5.large', maxPods: 29, kernel: '6.1.112-122.189.amzn2023.x86_64', os: 'Amazon Linux 2023.6.20241111', providerID: `aws:///us-west-2${'abc'[i]}/i-0${(0x3f2a9b1c + i).toString(16)}e5d7a1`, kubelet: 'v1.30.4-eks-a737599' }));
  const ip = (i: number, n: number) => `10.0.${i + 1}.${100 + n * 3}`;
  const c = baseCluster({ nodes: specs, podIp: ip });
  c.context = 'arn:aws:eks:us-west-2:111122223333:cluster/prod';
  c.serverVersion = 'v1.30.6-eks-7f9249a';
  const image = '602401143452.dkr.ecr.us-west-2.amazonaws.com/amazon-k8s-cni:v1.18.5-eksbuild.1';
  const env = awsEnv(opts.env);
  c.addDaemonSet({
    namespace: 'kube-system',
    name: 'aws-node',
    selector: { 'k8s-app': 'aws-node' },
    initContainers: [{ name: 'aws-vpc-cni-init', image: '602401143452.dkr.ecr.us-west-2.amazonaws.com/amazon-k8s-cni-init:v1.18.5-eksbuild.1' }],
    containers: [{ name: 'aws-node', image, env }, { name: 'aws-eks-nodeagent', image: '602401143452.dkr.ecr.us-west-2.amazonaws.com/amazon/aws-network-policy-agent:v1.1.4-eksbuild.1' }],
    hostPaths: { 'cni-bin-dir': '/opt/cni/bin', 'cni-net-dir': '/etc/cni/net.d', 'log-dir': '/var/log/aws-routed-eni', 'run-dir': '/var/run/aws-node' },
    desired: 3,
    ready: 3,
  });
  AWS_NODES.forEach((n, i) => {
    const podName = `aws-node-${SUFFIX[i]}`;
    c.addPod({ namespace: 'kube-system', name: podName, node: n, hostNetwork: true, ip: nodeIps[i], hostIP: nodeIps[i], labels: { 'k8s-app': 'aws-node' }, owner: { kind: 'DaemonSet', name: 'aws-node' }, containers: [{ name: 'aws-node', image }, { name: 'aws-eks-nodeagent', image: '602401143452.dkr.ecr.us-west-2.amazonaws.com/amazon/aws-network-policy-agent:v1.1.4-eksbuild.1' }] });
    c.file(`logs/kube-system/${podName}/aws-node.log`, [
      '{"level":"info","ts":"2026-11-27T09:01:02.101Z","caller":"entrypoint.sh","msg":"Validating env variables ..."}',
      '{"level":"info","ts":"2026-11-27T09:01:02.102Z","caller":"entrypoint.sh","msg":"Install CNI binaries.."}',
      '{"level":"info","ts":"2026-11-27T09:01:02.135Z","caller":"entrypoint.sh","msg":"Starting IPAM daemon in the background ... "}',
      '{"level":"info","ts":"2026-11-27T09:01:03.402Z","caller":"entrypoint.sh","msg":"Checking for IPAM connectivity ... "}',
      '{"level":"info","ts":"2026-11-27T09:01:04.505Z","caller":"entrypoint.sh","msg":"Copying config file ... "}',
      '{"level":"info","ts":"2026-11-27T09:01:04.512Z","caller":"entrypoint.sh","msg":"Successfully copied CNI plugin binary and config file."}',
      '',
    ].join('\n'));
    const dir = `nodes/${n}`;
    const conf = awsConflist(nodeIps[i]!);
    c.file(`${dir}/etc-cni-net.d/10-aws.conflist`, conf);
    c.file(`${dir}/ls-etc-cni-net.d.txt`, lsLa([{ name: '10-aws.conflist', size: conf.length }]));
    c.file(`${dir}/ls-opt-cni-bin.txt`, binListing(['aws-cni', 'aws-cni-support.sh', 'egress-cni', ...REFERENCE_PLUGINS]));
    c.file(`${dir}/ip-route.txt`, [`default via 10.0.${i + 1}.1 dev ens5`, `10.0.${i + 1}.0/24 dev ens5 proto kernel scope link src ${nodeIps[i]}`, `${ip(i, 2)} dev eni8ea2c11fe35 scope link`, `${ip(i, 3)} dev eni41c5a1d2f77 scope link`, ''].join('\n'));
    c.file(`${dir}/ip-link.txt`, [
      '1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN mode DEFAULT group default qlen 1000',
      '    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00',
      '2: ens5: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 9001 qdisc mq state UP mode DEFAULT group default qlen 1000',
      `    link/ether 02:4e:7a:11:c2:${(0x30 + i).toString(16)} brd ff:ff:ff:ff:ff:ff`,
      '3: eni8ea2c11fe35@if3: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 9001 qdisc noqueue state UP mode DEFAULT group default',
      '    link/ether 9a:6e:52:d1:0b:3c brd ff:ff:ff:ff:ff:ff link-netns cni-3e2f1a0b-9c8d-7e6f-5a4b-3c2d1e0f9a8b',
      '    veth addrgenmode eui64 numtxqueues 2 numrxqueues 2',
      '',
    ].join('\n'));
    const used = c.pods.filter((p) => p.spec.nodeName === n && !p.spec.hostNetwork).length;
    c.file(`plugins/aws-vpc-cni/enis/${n}.json`, `${JSON.stringify({ TotalIPs: 27, AssignedIPs: used, ENIs: { [`eni-0${(0x7a1b2c3d + i).toString(16)}f9e8d7`]: { ID: `eni-0${(0x7a1b2c3d + i).toString(16)}f9e8d7`, IsPrimary: true, IsTrunk: false, IsEFA: false, DeviceNumber: 0, AvailableIPv4Cidrs: {} } } }, null, 2)}\n`);
  });
  if (opts.extraPodsOn) {
    const { node, count } = opts.extraPodsOn;
    for (let k = 0; k < count; k++) {
      const name = `worker-batch-7f6d5c4b9-${(0x10000 + k * 7919).toString(36).slice(-5)}`;
      c.addPod({ namespace: 'shop', name, node: AWS_NODES[node], ip: ip(node, 20 + k), hostIP: nodeIps[node], labels: { app: 'worker-batch' }, owner: { kind: 'ReplicaSet', name: 'worker-batch-7f6d5c4b9' }, containers: [{ name: 'worker', image: 'ghcr.io/example/worker:1.9.0', memoryLimit: '128Mi' }] });
    }
  }
  void T;
  return c;
}

function topNodes(names: string[]): string {
  return ['NAME       CPU(cores)   CPU(%)   MEMORY(bytes)   MEMORY(%)', ...names.map((n, i) => `${n.padEnd(10)} ${`${180 + i * 37}m`.padEnd(12)} ${`${9 + i}%`.padEnd(8)} ${`${2100 + i * 113}Mi`.padEnd(15)} ${27 + i}%`), ''].join('\n');
}

// --- kindnet (kind) -------------------------------------------------------------------------------

export const KIND_NODES = ['kind-control-plane', 'kind-worker', 'kind-worker2'];
export const KINDNET_IMAGE = 'docker.io/kindest/kindnetd:v20241108-5c6d2daf';

/** What kindnetd writes to /etc/cni/net.d/10-kindnet.conflist for a node's podCIDR (kind images/kindnetd cni.go template). */
/** `ip -d link show` of a node: lo, eth0, then the plugin's devices (each `[name@peer, flags, kind line]`). */
export function ipLinkShow(i: number, devices: { name: string; mtu: number; kind: string; flags?: string }[]): string {
  return [
    '1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN mode DEFAULT group default qlen 1000',
    '    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00 promiscuity 0 minmtu 0 maxmtu 0 addrgenmode eui64 numtxqueues 1 numrxqueues 1',
    '2: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc mq state UP mode DEFAULT group default qlen 1000',
    `    link/ether 52:54:00:3c:4d:${(0x20 + i).toString(16)} brd ff:ff:ff:ff:ff:ff promiscuity 0 minmtu 68 maxmtu 65535 addrgenmode eui64 numtxqueues 2 numrxqueues 2`,
    ...devices.flatMap((d, k) => [
      `${3 + k}: ${d.name}: <${d.flags ?? 'BROADCAST,MULTICAST,UP,LOWER_UP'}> mtu ${d.mtu} qdisc noqueue state UP mode DEFAULT group default qlen 1000`,
      `    link/ether 6a:1f:0c:${(0x30 + i).toString(16)}:${(0x10 + k).toString(16)}:9e brd ff:ff:ff:ff:ff:ff promiscuity 0 minmtu 68 maxmtu 65535`,
      `    ${d.kind} addrgenmode eui64 numtxqueues 1 numrxqueues 1 gso_max_size 65536 gso_max_segs 65535`,
    ]),
    '',
  ].join('\n');
}

export function kindnetConflist(podCIDR: string): string {
  return `\n{\n\t"cniVersion": "0.3.1",\n\t"name": "kindnet",\n\t"plugins": [\n\t{\n\t\t"type": "ptp",\n\t\t"ipMasq": false,\n\t\t"ipam": {\n\t\t\t"type": "host-local",\n\t\t\t"dataDir": "/run/cni-ipam-state",\n\t\t\t"routes": [\n\t\t\t\t{ "dst": "0.0.0.0/0" }\n\t\t\t],\n\t\t\t"ranges": [\n\t\t\t\t[ { "subnet": "${podCIDR}" } ]\n\t\t\t]\n\t\t}\n\t\t,\n\t\t"mtu": 1500\n\t\t\n\t},\n\t{\n\t\t"type": "portmap",\n\t\t"capabilities": {\n\t\t\t"portMappings": true\n\t\t}\n\t}\n\t]\n}\n`;
}

/** A three-node kind cluster: kindnet (ptp + host-local), a route per other node's podCIDR via its node IP. */
export function kindCluster(): Cluster {
  const specs: NodeSpec[] = KIND_NODES.map((name, i) => ({ name, ip: `172.18.0.${2 + i}`, podCIDR: `10.244.${i}.0/24`, controlPlane: i === 0, runtime: 'containerd://1.7.18', kernel: '6.8.0-49-generic', os: 'Debian GNU/Linux 12 (bookworm)' }));
  const c = baseCluster({ nodes: specs, podIp: (i, n) => `10.244.${i}.${2 + n}` });
  c.context = 'kind-kind';
  c.addDaemonSet({ namespace: 'kube-system', name: 'kindnet', selector: { app: 'kindnet' }, containers: [{ name: 'kindnet-cni', image: KINDNET_IMAGE, memoryLimit: '50Mi' }], hostPaths: { 'cni-cfg': '/etc/cni/net.d', 'xtables-lock': '/run/xtables.lock', 'lib-modules': '/lib/modules' }, desired: 3, ready: 3 });
  KIND_NODES.forEach((n, i) => {
    const podName = `kindnet-${['dm9jb', 'fnmdn', 'x7kq2'][i]}`;
    c.addPod({ namespace: 'kube-system', name: podName, node: n, hostNetwork: true, ip: specs[i]!.ip, hostIP: specs[i]!.ip, labels: { app: 'kindnet', 'k8s-app': 'kindnet', tier: 'node' }, owner: { kind: 'DaemonSet', name: 'kindnet' }, containers: [{ name: 'kindnet-cni', image: KINDNET_IMAGE, memoryLimit: '50Mi' }] });
    const others = KIND_NODES.map((m, j) => ({ m, j })).filter((x) => x.j !== i);
    c.file(`logs/kube-system/${podName}/kindnet-cni.log`, [
      `I1127 09:01:05.101224       1 main.go:109] connected to apiserver: https://10.96.0.1:443`,
      `I1127 09:01:05.101301       1 main.go:139] hostIP = ${specs[i]!.ip}`,
      `podIP = ${specs[i]!.ip}`,
      ...others.flatMap((x) => [`I1127 09:01:05.202114       1 main.go:297] Handling node with IPs: map[172.18.0.${2 + x.j}:{}]`, `I1127 09:01:05.202160       1 main.go:324] Node ${x.m} has CIDR [10.244.${x.j}.0/24] `, `I1127 09:01:05.202231       1 routes.go:62] Adding route {Ifindex: 0 Dst: 10.244.${x.j}.0/24 Src: <nil> Gw: 172.18.0.${2 + x.j} Flags: [] Table: 0} `]),
      '',
    ].join('\n'));
    const dir = `nodes/${n}`;
    const conf = kindnetConflist(specs[i]!.podCIDR!);
    c.file(`${dir}/etc-cni-net.d/10-kindnet.conflist`, conf);
    c.file(`${dir}/ls-etc-cni-net.d.txt`, lsLa([{ name: '10-kindnet.conflist', size: conf.length }]));
    c.file(`${dir}/ls-opt-cni-bin.txt`, binListing(['host-local', 'loopback', 'portmap', 'ptp']));
    c.file(`${dir}/ip-route.txt`, [
      `default via 172.18.0.1 dev eth0`,
      ...others.map((x) => `10.244.${x.j}.0/24 via 172.18.0.${2 + x.j} dev eth0`),
      `172.18.0.0/16 dev eth0 proto kernel scope link src ${specs[i]!.ip}`,
      '',
    ].join('\n'));
    c.file(`${dir}/ip-link.txt`, ipLinkShow(i, [{ name: 'veth5f3a1c2b@if2', mtu: 1500, kind: 'veth' }]));
  });
  return c;
}

// --- Weave Net ----------------------------------------------------------------------------------

export const WEAVE_IMAGE = 'docker.io/weaveworks/weave-kube:2.8.1';
const WEAVE_MACS = ['c2:03:ba:47:32:13', '7e:21:4a:70:2f:45', '7e:ae:cd:d5:23:8d'];
export const WEAVE_CONFLIST = '{\n    "cniVersion": "0.3.0",\n    "name": "weave",\n    "plugins": [\n        {\n            "name": "weave",\n            "type": "weave-net",\n            "hairpinMode": true\n        },\n        {\n            "type": "portmap",\n            "capabilities": {"portMappings": true},\n            "snat": true\n        }\n    ]\n}\n';

/** `weave --local status` as the router prints it (shape of ../shared/real-world/weave-status-*.txt). */
export function weaveStatus(o: { nodeIndex: number; node: string; connections: string; peers: number; ipamStatus?: string }): string {
  return `\n        Version: 2.8.1 (up to date; next check at 2026/11/27 16:50:47)\n\n        Service: router\n       Protocol: weave 1..2\n           Name: ${WEAVE_MACS[o.nodeIndex]}(${o.node})\n     Encryption: disabled\n  PeerDiscovery: enabled\n        Targets: 2\n    Connections: ${o.connections}\n          Peers: ${o.peers} (with ${o.peers * (o.peers - 1)} established connections)\n TrustedSubnets: none\n\n        Service: ipam\n         Status: ${o.ipamStatus ?? 'ready'}\n          Range: 10.32.0.0/12\n  DefaultSubnet: 10.32.0.0/12\n`;
}

/** A three-node Weave Net cluster: fastdp connections between every pair, IPAM split three ways. */
export function weaveCluster(): Cluster {
  const specs: NodeSpec[] = Array.from({ length: 3 }, (_, i) => ({ name: i === 0 ? 'cp-1' : `worker-${i}`, ip: `10.0.0.${10 + i}`, controlPlane: i === 0 }));
  const bases = ['10.32.0', '10.44.0', '10.36.0'];
  const c = baseCluster({ nodes: specs, podIp: (i, n) => `${bases[i]}.${1 + n}` });
  const names = c.nodeNames();
  const npc = 'docker.io/weaveworks/weave-npc:2.8.1';
  c.addDaemonSet({ namespace: 'kube-system', name: 'weave-net', selector: { name: 'weave-net' }, initContainers: [{ name: 'weave-init', image: WEAVE_IMAGE }], containers: [{ name: 'weave', image: WEAVE_IMAGE, memoryLimit: '300Mi', env: { IPALLOC_RANGE: '10.32.0.0/12', INIT_CONTAINER: 'true' } }, { name: 'weave-npc', image: npc, memoryLimit: '200Mi' }], hostPaths: { weavedb: '/var/lib/weave', 'cni-bin': '/opt', 'cni-bin2': '/home', 'cni-conf': '/etc', dbus: '/var/lib/dbus', 'cni-machine-id': '/etc/machine-id', lib: '/lib/modules', 'xtables-lock': '/run/xtables.lock' }, desired: 3, ready: 3 });
  names.forEach((n, i) => {
    const podName = `weave-net-${['16xbs', 'dcrj2', 'jhzs7'][i]}`;
    c.addPod({ namespace: 'kube-system', name: podName, node: n, hostNetwork: true, ip: specs[i]!.ip, hostIP: specs[i]!.ip, labels: { name: 'weave-net' }, owner: { kind: 'DaemonSet', name: 'weave-net' }, initContainers: [{ name: 'weave-init', image: WEAVE_IMAGE }], containers: [{ name: 'weave', image: WEAVE_IMAGE, memoryLimit: '300Mi' }, { name: 'weave-npc', image: npc, memoryLimit: '200Mi' }] });
    c.file(`logs/kube-system/${podName}/weave.log`, `INFO: 2026/11/27 09:01:02.444799 weave  2.8.1\nINFO: 2026/11/27 09:01:02.816690 Bridge type is bridged_fastdp\nINFO: 2026/11/27 09:01:02.816729 Communication between peers is unencrypted.\nINFO: 2026/11/27 09:01:03.018201 Our name is ${WEAVE_MACS[i]}(${n})\nINFO: 2026/11/27 09:01:03.402113 Listening for HTTP control messages on 127.0.0.1:6784\n`);
    const others = names.map((m, j) => ({ m, j })).filter((x) => x.j !== i);
    c.file(`plugins/weave/status/${n}.txt`, weaveStatus({ nodeIndex: i, node: n, connections: '2 (2 established)', peers: 3 }));
    c.file(`plugins/weave/status-connections/${n}.txt`, others.map((x) => `${x.j > i ? '->' : '<-'} 10.0.0.${10 + x.j}:${x.j > i ? '6783 ' : `${40000 + i * 97 + x.j}`}      established fastdp ${WEAVE_MACS[x.j]}(${x.m}) mtu=1376`).join('\n') + '\n');
    c.file(`plugins/weave/status-ipam/${n}.txt`, names.map((m, j) => `${WEAVE_MACS[j]}(${m})${' '.repeat(20)}${j === 0 ? 524288 : 262144} IPs (${j === 0 ? '50.0' : '25.0'}% of total)${j === i ? ` (${6 + j} active)` : ''}`).join('\n') + '\n');
    const dir = `nodes/${n}`;
    c.file(`${dir}/etc-cni-net.d/10-weave.conflist`, WEAVE_CONFLIST);
    c.file(`${dir}/ls-etc-cni-net.d.txt`, lsLa([{ name: '10-weave.conflist', size: WEAVE_CONFLIST.length }]));
    c.file(`${dir}/ls-opt-cni-bin.txt`, binListing(['weave-ipam', 'weave-net', 'weave-plugin-2.8.1', ...REFERENCE_PLUGINS]));
    c.file(`${dir}/ip-route.txt`, `default via 10.0.0.1 dev eth0 proto dhcp src 10.0.0.${10 + i} metric 100\n10.0.0.0/24 dev eth0 proto kernel scope link src 10.0.0.${10 + i} metric 100\n10.32.0.0/12 dev weave proto kernel scope link src ${bases[i]}.1\n`);
    c.file(`${dir}/ip-link.txt`, ipLinkShow(i, [{ name: 'datapath', mtu: 1376, kind: 'openvswitch' }, { name: 'weave', mtu: 1376, kind: 'bridge' }, { name: 'vxlan-6784', mtu: 65535, kind: 'vxlan external id 0 srcport 0 0 dstport 6784 nolearning ttl auto ageing 300 udpcsum noudp6zerocsumtx udp6zerocsumrx external' }]));
  });
  return c;
}

// --- Antrea -------------------------------------------------------------------------------------

export const ANTREA_IMAGE = 'antrea/antrea-agent-ubuntu:v2.2.0';
export const ANTREA_CONFLIST = '{\n    "cniVersion":"0.3.0",\n    "name": "antrea",\n    "plugins": [\n        {\n            "type": "antrea",\n            "ipam": {\n                "type": "host-local"\n            }\n        }\n        ,\n        {\n            "type": "portmap",\n            "capabilities": {"portMappings": true}\n        }\n        ,\n        {\n            "type": "bandwidth",\n            "capabilities": {"bandwidth": true}\n        }\n    ]\n}\n';

/** `ovs-vsctl show` of a healthy Antrea node (shape of ../shared/real-world/ovs-vsctl-show-antrea-healthy-ovs-2.17.7.txt). */
export function antreaOvsShow(pods: string[]): string {
  return ['75566bd4-6363-42d2-9172-a4faa89ff450', '    Bridge br-int', '        datapath_type: system', '        Port antrea-tun0', '            Interface antrea-tun0', '                type: geneve', '                options: {key=flow, remote_ip=flow}', '        Port antrea-gw0', '            Interface antrea-gw0', '                type: internal', ...pods.flatMap((p) => [`        Port ${p}`, `            Interface ${p}`]), '    ovs_version: "2.17.7"', ''].join('\n');
}

export const ANTREA_AGENT_PODS = ['antrea-agent-d7b6g', 'antrea-agent-k2x9p', 'antrea-agent-w4q7n'];

/** A three-node Antrea cluster (Geneve encap, host-local IPAM on the nodes' podCIDRs). */
export function antreaCluster(): Cluster {
  const specs: NodeSpec[] = Array.from({ length: 3 }, (_, i) => ({ name: i === 0 ? 'cp-1' : `worker-${i}`, ip: `10.0.0.${10 + i}`, podCIDR: `10.244.${i}.0/24`, controlPlane: i === 0 }));
  const c = baseCluster({ nodes: specs, podIp: (i, n) => `10.244.${i}.${2 + n}` });
  const names = c.nodeNames();
  const containers = [{ name: 'antrea-agent', image: ANTREA_IMAGE, memoryLimit: '512Mi' }, { name: 'antrea-ovs', image: ANTREA_IMAGE, memoryLimit: '512Mi' }];
  c.addDaemonSet({ namespace: 'kube-system', name: 'antrea-agent', selector: { app: 'antrea', component: 'antrea-agent' }, initContainers: [{ name: 'install-cni', image: ANTREA_IMAGE }], containers, hostPaths: { 'host-cni-conf': '/etc/cni/net.d', 'host-cni-bin': '/opt/cni/bin', 'host-var-run-antrea': '/var/run/antrea', 'host-lib-modules': '/lib/modules' }, desired: 3, ready: 3 });
  c.addDeployment({ namespace: 'kube-system', name: 'antrea-controller', selector: { app: 'antrea', component: 'antrea-controller' }, containers: [{ name: 'antrea-controller', image: 'antrea/antrea-controller-ubuntu:v2.2.0' }], desired: 1, ready: 1 });
  names.forEach((n, i) => {
    const podName = ANTREA_AGENT_PODS[i]!;
    c.addPod({ namespace: 'kube-system', name: podName, node: n, hostNetwork: true, ip: specs[i]!.ip, hostIP: specs[i]!.ip, labels: { app: 'antrea', component: 'antrea-agent' }, owner: { kind: 'DaemonSet', name: 'antrea-agent' }, initContainers: [{ name: 'install-cni', image: ANTREA_IMAGE }], containers });
    c.file(`logs/kube-system/${podName}/antrea-agent.log`, realWorld('antrea-agent-log-healthy-startup-2.0.txt'));
    c.file(`plugins/antrea/agentinfo/${n}.txt`, `POD                            NODE  STATUS  NODE-SUBNET    NETWORK-POLICIES ADDRESS-GROUPS APPLIED-TO-GROUPS LOCAL-PODS\nkube-system/${podName}   ${n}  Healthy 10.244.${i}.0/24  3                2              3                 ${2 + i}\n`);
    c.file(`plugins/antrea/ovs-vsctl-show/${n}.txt`, antreaOvsShow(i === 0 ? ['local-pa-daf9ad'] : ['coredns--3bcc0c', `web-6c9f-${i}a1b2c`]));
    const dir = `nodes/${n}`;
    c.file(`${dir}/etc-cni-net.d/10-antrea.conflist`, ANTREA_CONFLIST);
    c.file(`${dir}/ls-etc-cni-net.d.txt`, lsLa([{ name: '10-antrea.conflist', size: ANTREA_CONFLIST.length }]));
    c.file(`${dir}/ls-opt-cni-bin.txt`, binListing(['antrea', ...REFERENCE_PLUGINS]));
    const others = names.map((m, j) => j).filter((j) => j !== i);
    c.file(`${dir}/ip-route.txt`, [`default via 10.0.0.1 dev eth0 proto dhcp src 10.0.0.${10 + i} metric 100`, `10.0.0.0/24 dev eth0 proto kernel scope link src 10.0.0.${10 + i} metric 100`, `10.244.${i}.0/24 dev antrea-gw0 proto kernel scope link src 10.244.${i}.1`, ...others.map((j) => `10.244.${j}.0/24 via 10.244.${j}.1 dev antrea-gw0 onlink`), ''].join('\n'));
    c.file(`${dir}/ip-link.txt`, ipLinkShow(i, [{ name: 'ovs-system', mtu: 1500, kind: 'openvswitch', flags: 'BROADCAST,MULTICAST' }, { name: 'genev_sys_6081', mtu: 65000, kind: 'geneve external id 0 dstport 6081' }, { name: 'antrea-gw0', mtu: 1450, kind: 'openvswitch' }]));
  });
  return c;
}

// --- kube-router --------------------------------------------------------------------------------

export const KUBE_ROUTER_IMAGE = 'docker.io/cloudnativelabs/kube-router:v2.1.3';
const KUBE_ROUTER_ARGS = ['--run-router=true', '--run-firewall=true', '--run-service-proxy=false', '--bgp-graceful-restart=true', '--kubeconfig=/var/lib/kube-router/kubeconfig'];
/** The config kube-router's DaemonSets install (daemonset/generic-kuberouter.yaml): bridge on kube-bridge. */
export const KUBE_ROUTER_CONFLIST = '{\n   "cniVersion":"0.3.0",\n   "name":"mynet",\n   "plugins":[\n      {\n         "name":"kubernetes",\n         "type":"bridge",\n         "bridge":"kube-bridge",\n         "isDefaultGateway":true,\n         "hairpinMode":true,\n         "ipam":{\n            "type":"host-local"\n         }\n      },\n      {\n         "type":"portmap",\n         "capabilities":{\n            "snat":true,\n            "portMappings":true\n         }\n      }\n   ]\n}\n';

/** `gobgp neighbor` as GoBGP prints it (shape of ../shared/real-world/gobgp-neighbor-*.txt). */
export function gobgpNeighbor(rows: { ip: string; upDown: string; state: string; routes: number }[]): string {
  return ['Peer           AS  Up/Down State       |#Received  Accepted', ...rows.map((r) => `${r.ip.padEnd(11)} 64512 ${r.upDown.padStart(8)} ${r.state.padEnd(11)} |${String(r.routes).padStart(9)} ${String(r.routes).padStart(9)}`), ''].join('\n');
}

/** Three nodes routed by kube-router (iBGP full mesh, AS 64512), pods on kube-bridge. `blocked` nodes have TCP 179 cut. */
export function kubeRouterCluster(opts: { blocked?: number[] } = {}): Cluster {
  const blocked = new Set(opts.blocked ?? []);
  const specs: NodeSpec[] = Array.from({ length: 3 }, (_, i) => ({ name: i === 0 ? 'cp-1' : `worker-${i}`, ip: `10.0.0.${10 + i}`, podCIDR: `10.244.${i}.0/24`, controlPlane: i === 0 }));
  const c = baseCluster({ nodes: specs, podIp: (i, n) => `10.244.${i}.${2 + n}` });
  const names = c.nodeNames();
  c.addDaemonSet({ namespace: 'kube-system', name: 'kube-router', selector: { 'k8s-app': 'kube-router' }, containers: [{ name: 'kube-router', image: KUBE_ROUTER_IMAGE, memoryLimit: '250Mi', args: KUBE_ROUTER_ARGS }], hostPaths: { 'cni-conf-dir': '/etc/cni/net.d', 'lib-modules': '/lib/modules', kubeconfig: '/var/lib/kube-router', 'xtables-lock': '/run/xtables.lock' }, desired: 3, ready: 3 });
  const up = (i: number, j: number) => !blocked.has(i) && !blocked.has(j);
  names.forEach((n, i) => {
    const podName = `kube-router-${['4xq8m', 'c7d2k', 'p9w3t'][i]}`;
    c.addPod({ namespace: 'kube-system', name: podName, node: n, hostNetwork: true, ip: specs[i]!.ip, hostIP: specs[i]!.ip, labels: { 'k8s-app': 'kube-router' }, owner: { kind: 'DaemonSet', name: 'kube-router' }, containers: [{ name: 'kube-router', image: KUBE_ROUTER_IMAGE, memoryLimit: '250Mi', args: KUBE_ROUTER_ARGS }] });
    const others = names.map((m, j) => ({ m, j })).filter((x) => x.j !== i);
    c.file(`logs/kube-system/${podName}/kube-router.log`, [
      'I1127 09:01:04.211804       1 version.go:66] Running /usr/local/bin/kube-router version v2.1.3',
      'I1127 09:01:04.512117       1 network_routes_controller.go:1191] Starting network route controller',
      `I1127 09:01:04.730452       1 network_routes_controller.go:1260] Setting MTU of kube-bridge interface to: 1500`,
      ...others.map((x) => `I1127 09:01:05.0${x.j}1201       1 bgp_peers.go:98] Syncing BGP peers for the node: ${x.m} (10.0.0.${10 + x.j})`),
      '',
    ].join('\n'));
    c.file(`plugins/kube-router/gobgp-neighbor/${n}.txt`, gobgpNeighbor(others.map((x) => (up(i, x.j) ? { ip: `10.0.0.${10 + x.j}`, upDown: `01:1${x.j}:0${i}`, state: 'Establ', routes: 1 } : { ip: `10.0.0.${10 + x.j}`, upDown: 'never', state: 'Active', routes: 0 }))));
    const dir = `nodes/${n}`;
    c.file(`${dir}/etc-cni-net.d/10-kuberouter.conflist`, KUBE_ROUTER_CONFLIST);
    c.file(`${dir}/ls-etc-cni-net.d.txt`, lsLa([{ name: '10-kuberouter.conflist', size: KUBE_ROUTER_CONFLIST.length }]));
    c.file(`${dir}/ls-opt-cni-bin.txt`, binListing(REFERENCE_PLUGINS));
    c.file(`${dir}/ip-route.txt`, [`default via 10.0.0.1 dev eth0 proto dhcp src 10.0.0.${10 + i} metric 100`, `10.0.0.0/24 dev eth0 proto kernel scope link src 10.0.0.${10 + i} metric 100`, `10.244.${i}.0/24 dev kube-bridge proto kernel scope link src 10.244.${i}.1`, ...others.filter((x) => up(i, x.j)).map((x) => `10.244.${x.j}.0/24 via 10.0.0.${10 + x.j} dev eth0 proto 17`), ''].join('\n'));
    c.file(`${dir}/ip-link.txt`, ipLinkShow(i, [{ name: 'kube-bridge', mtu: 1500, kind: 'bridge' }, { name: 'veth3a9c1f20@if3', mtu: 1500, kind: 'veth' }]));
  });
  return c;
}

// --- OVN-Kubernetes -----------------------------------------------------------------------------

export const OVN_IMAGE = 'ghcr.io/ovn-kubernetes/ovn-kubernetes/ovn-kube-ubuntu:release-1.0';
export const OVN_NAMESPACE = 'ovn-kubernetes';
/** The config ovnkube-node writes (go-controller/pkg/cni/cni.go WriteCNIConfig). */
export const OVN_CONF = '{"cniVersion":"0.4.0","name":"ovn-kubernetes","type":"ovn-k8s-cni-overlay","ipam":{},"dns":{},"logFile":"/var/log/ovn-kubernetes/ovn-k8s-cni-overlay.log","logLevel":"4","logfile-maxsize":100,"logfile-maxbackups":5,"logfile-maxage":5}';
export const OVN_NODE_PODS = ['ovnkube-node-6bq8f', 'ovnkube-node-jx4r2', 'ovnkube-node-t9m5w'];
export const OVN_DB_POD = 'ovnkube-db-7d9c8b6f5-kx2pq';
export const OVN_MASTER_POD = 'ovnkube-master-5f7b9c4d8-w8hzn';
const OVN_NODE_CONTAINERS = ['ovnkube-node', 'ovn-controller'];

/**
 * A three-node cluster with upstream OVN-Kubernetes' central layout (dist/templates): ovnkube-db
 * (nb-ovsdb, sb-ovsdb) and ovnkube-master on cp-1, ovnkube-node (ovnkube-node, ovn-controller) and
 * ovs-node on every node, Geneve between nodes, each node's pod subnet behind ovn-k8s-mp0.
 */
export function ovnCluster(): Cluster {
  // ovnkube's cluster manager gives each node its subnet in an annotation (here the same as the
  // podCIDR kubeadm set, which OVN-Kubernetes itself ignores); pods start at .3 (.1 gateway, .2 ovn-k8s-mp0).
  const specs: NodeSpec[] = Array.from({ length: 3 }, (_, i) => ({ name: i === 0 ? 'cp-1' : `worker-${i}`, ip: `10.0.0.${10 + i}`, podCIDR: `10.244.${i}.0/24`, controlPlane: i === 0, annotations: { 'k8s.ovn.org/node-subnets': JSON.stringify({ default: [`10.244.${i}.0/24`] }) } }));
  const c = baseCluster({ nodes: specs, podIp: (i, n) => `10.244.${i}.${3 + n}` });
  const names = c.nodeNames();
  const ns = OVN_NAMESPACE;
  const containers = OVN_NODE_CONTAINERS.map((name) => ({ name, image: OVN_IMAGE, memoryLimit: '300Mi' }));
  c.addDaemonSet({ namespace: ns, name: 'ovnkube-node', selector: { name: 'ovnkube-node' }, containers, hostPaths: { 'host-cni-netd': '/etc/cni/net.d', 'host-opt-cni-bin': '/opt/cni/bin', 'host-var-run-ovs': '/var/run/openvswitch' }, desired: 3, ready: 3 });
  c.addDaemonSet({ namespace: ns, name: 'ovs-node', selector: { name: 'ovs-node' }, containers: [{ name: 'ovs-daemons', image: OVN_IMAGE, memoryLimit: '500Mi' }], desired: 3, ready: 3 });
  c.addDeployment({ namespace: ns, name: 'ovnkube-db', selector: { name: 'ovnkube-db' }, containers: [{ name: 'nb-ovsdb', image: OVN_IMAGE }, { name: 'sb-ovsdb', image: OVN_IMAGE }], desired: 1, ready: 1 });
  c.addDeployment({ namespace: ns, name: 'ovnkube-master', selector: { name: 'ovnkube-master' }, containers: [{ name: 'ovn-northd', image: OVN_IMAGE }, { name: 'ovnkube-master', image: OVN_IMAGE }], desired: 1, ready: 1 });
  c.addPod({ namespace: ns, name: OVN_DB_POD, node: 'cp-1', hostNetwork: true, ip: '10.0.0.10', hostIP: '10.0.0.10', labels: { name: 'ovnkube-db', 'pod-template-hash': '7d9c8b6f5' }, owner: { kind: 'ReplicaSet', name: 'ovnkube-db-7d9c8b6f5' }, containers: [{ name: 'nb-ovsdb', image: OVN_IMAGE }, { name: 'sb-ovsdb', image: OVN_IMAGE }] });
  c.addPod({ namespace: ns, name: OVN_MASTER_POD, node: 'cp-1', hostNetwork: true, ip: '10.0.0.10', hostIP: '10.0.0.10', labels: { name: 'ovnkube-master', 'pod-template-hash': '5f7b9c4d8' }, owner: { kind: 'ReplicaSet', name: 'ovnkube-master-5f7b9c4d8' }, containers: [{ name: 'ovn-northd', image: OVN_IMAGE }, { name: 'ovnkube-master', image: OVN_IMAGE }] });
  c.file(`logs/${ns}/${OVN_DB_POD}/sb-ovsdb.log`, ['2024-11-27T09:00:41.118Z|00001|vlog|INFO|opened log file /var/log/ovn/ovsdb-server-sb.log', '2024-11-27T09:00:41.121Z|00002|ovsdb_server|INFO|ovsdb-server (Open vSwitch) 3.1.2', '2024-11-27T09:00:51.130Z|00003|memory|INFO|6400 kB peak resident set size after 10.0 seconds', ''].join('\n'));
  c.file(`logs/${ns}/${OVN_MASTER_POD}/ovnkube-master.log`, ['I1127 09:00:52.402117       1 ovnkube.go:324] Watching config file /run/ovnkube-config/ovnkube.conf for changes', 'I1127 09:00:52.611352       1 client.go:783]  "msg"="connected" "database"="OVN_Northbound" "address"="tcp:10.0.0.10:6641"', 'I1127 09:00:52.640781       1 client.go:783]  "msg"="connected" "database"="OVN_Southbound" "address"="tcp:10.0.0.10:6642"', 'I1127 09:00:53.019254       1 master.go:117] Won leader election; in active mode', ''].join('\n'));
  names.forEach((n, i) => {
    const podName = OVN_NODE_PODS[i]!;
    c.addPod({ namespace: ns, name: podName, node: n, hostNetwork: true, ip: specs[i]!.ip, hostIP: specs[i]!.ip, labels: { name: 'ovnkube-node', component: 'network' }, owner: { kind: 'DaemonSet', name: 'ovnkube-node' }, containers });
    c.addPod({ namespace: ns, name: `ovs-node-${['2kd7v', 'h5w9c', 'q8n4z'][i]}`, node: n, hostNetwork: true, ip: specs[i]!.ip, hostIP: specs[i]!.ip, labels: { name: 'ovs-node' }, owner: { kind: 'DaemonSet', name: 'ovs-node' }, containers: [{ name: 'ovs-daemons', image: OVN_IMAGE, memoryLimit: '500Mi' }] });
    c.file(`logs/${ns}/${podName}/ovn-controller.log`, ['2024-11-27T09:01:02.514Z|00001|vlog|INFO|opened log file /var/log/ovn/ovn-controller.log', '2024-11-27T09:01:02.516Z|00002|reconnect|INFO|unix:/var/run/openvswitch/db.sock: connecting...', '2024-11-27T09:01:02.516Z|00003|reconnect|INFO|unix:/var/run/openvswitch/db.sock: connected', '2024-11-27T09:01:02.530Z|00004|reconnect|INFO|tcp:10.0.0.10:6642: connecting...', '2024-11-27T09:01:02.531Z|00005|reconnect|INFO|tcp:10.0.0.10:6642: connected', ''].join('\n'));
    const dir = `nodes/${n}`;
    c.file(`${dir}/etc-cni-net.d/10-ovn-kubernetes.conf`, OVN_CONF);
    c.file(`${dir}/ls-etc-cni-net.d.txt`, lsLa([{ name: '10-ovn-kubernetes.conf', size: OVN_CONF.length }]));
    c.file(`${dir}/ls-opt-cni-bin.txt`, binListing(['ovn-k8s-cni-overlay', ...REFERENCE_PLUGINS]));
    c.file(`${dir}/ip-route.txt`, [`default via 10.0.0.1 dev breth0 proto dhcp src 10.0.0.${10 + i} metric 100`, `10.0.0.0/24 dev breth0 proto kernel scope link src 10.0.0.${10 + i} metric 100`, `10.244.0.0/16 via 10.244.${i}.1 dev ovn-k8s-mp0`, `10.244.${i}.0/24 dev ovn-k8s-mp0 proto kernel scope link src 10.244.${i}.2`, `10.96.0.0/16 via 169.254.169.4 dev breth0 mtu 1400`, ''].join('\n'));
    c.file(`${dir}/ip-link.txt`, ipLinkShow(i, [{ name: 'ovs-system', mtu: 1500, kind: 'openvswitch', flags: 'BROADCAST,MULTICAST' }, { name: 'genev_sys_6081', mtu: 65000, kind: 'geneve external id 0 dstport 6081' }, { name: 'br-int', mtu: 1400, kind: 'openvswitch', flags: 'BROADCAST,MULTICAST' }, { name: 'ovn-k8s-mp0', mtu: 1400, kind: 'openvswitch' }, { name: 'breth0', mtu: 1500, kind: 'openvswitch' }]));
  });
  return c;
}

// --- Multus -------------------------------------------------------------------------------------

export const MULTUS_IMAGE = 'ghcr.io/k8snetworkplumbingwg/multus-cni:v4.1.3';
const MULTUS_PODS = ['kube-multus-ds-4kq9z', 'kube-multus-ds-b7x2m', 'kube-multus-ds-t5n8c'];
/** The config Multus' thin entrypoint generates from the first config it finds (flannel's), as in multus-k3s-etc-cni-net.d-listing-wrong-dir.txt. */
export function multusConf(delegate: string): string {
  return JSON.stringify({ cniVersion: '0.3.1', name: 'multus-cni-network', type: 'multus', capabilities: { portMappings: true }, kubeconfig: '/etc/cni/net.d/multus.d/multus.kubeconfig', delegates: [JSON.parse(delegate)] }, null, 2) + '\n';
}

/** A NetworkAttachmentDefinition as `kubectl get -o json` prints it (spec.config is a JSON string). */
export function networkAttachment(namespace: string, name: string, config: string) {
  const nad = custom('k8s.cni.cncf.io/v1', 'NetworkAttachmentDefinition', name, { config });
  (nad.metadata as Record<string, unknown>).namespace = namespace;
  return nad;
}

export const MACVLAN_CONFIG = '{ "cniVersion": "0.3.1", "type": "macvlan", "master": "eth1", "mode": "bridge", "ipam": { "type": "host-local", "subnet": "192.168.50.0/24", "rangeStart": "192.168.50.100", "rangeEnd": "192.168.50.200" } }';

/** A flannel cluster with Multus (thin plugin) in front: 00-multus.conf delegating to flannel, and a macvlan network in namespace telco. */
export function multusCluster(): Cluster {
  const c = flannelCluster(3);
  const names = c.nodeNames();
  c.addDaemonSet({ namespace: 'kube-system', name: 'kube-multus-ds', selector: { app: 'multus', name: 'multus' }, initContainers: [{ name: 'install-multus-binary', image: MULTUS_IMAGE }], containers: [{ name: 'kube-multus', image: MULTUS_IMAGE, memoryLimit: '50Mi' }], hostPaths: { cni: '/etc/cni/net.d', cnibin: '/opt/cni/bin' }, desired: 3, ready: 3 });
  c.addCustom('network-attachment-definitions.k8s.cni.cncf.io', networkAttachment('telco', 'macvlan-conf', MACVLAN_CONFIG));
  const flannelConf = realWorld('conflist-flannel-10-flannel.conflist');
  names.forEach((n, i) => {
    c.addPod({ namespace: 'kube-system', name: MULTUS_PODS[i]!, node: n, hostNetwork: true, ip: `10.0.0.${10 + i}`, hostIP: `10.0.0.${10 + i}`, labels: { app: 'multus', name: 'multus' }, owner: { kind: 'DaemonSet', name: 'kube-multus-ds' }, initContainers: [{ name: 'install-multus-binary', image: MULTUS_IMAGE }], containers: [{ name: 'kube-multus', image: MULTUS_IMAGE, memoryLimit: '50Mi' }] });
    c.file(`logs/kube-system/${MULTUS_PODS[i]}/kube-multus.log`, ['2026-11-27T09:01:10+00:00 Generating Multus configuration file using files in /host/etc/cni/net.d...', '2026-11-27T09:01:10+00:00 Using MASTER_PLUGIN: 10-flannel.conflist', '2026-11-27T09:01:11+00:00 Config file created @ /host/etc/cni/net.d/00-multus.conf', '2026-11-27T09:01:11+00:00 Entering sleep (success)...', ''].join('\n'));
    const dir = `nodes/${n}`;
    const conf = multusConf(flannelConf);
    c.file(`${dir}/etc-cni-net.d/00-multus.conf`, conf);
    c.file(`${dir}/ls-etc-cni-net.d.txt`, lsLa([{ name: '00-multus.conf', size: conf.length }, { name: '10-flannel.conflist', size: flannelConf.length }, { name: 'multus.d', size: 4096, mode: 'drwxr-xr-x' }]));
    c.file(`${dir}/ls-opt-cni-bin.txt`, binListing(['flannel', 'multus', ...REFERENCE_PLUGINS], { busybox: true }));
  });
  return c;
}

// --- Azure CNI ------------------------------------------------------------------------------------

export const AZURE_NODES = ['aks-nodepool1-31415926-vmss000000', 'aks-nodepool1-31415926-vmss000001', 'aks-nodepool1-31415926-vmss000002'];
const AZURE_CNS_IMAGE = 'mcr.microsoft.com/containernetworking/azure-cns:v1.5.38';

/** 10-azure.conflist of Azure CNI with dynamic pod IP allocation: azure-vnet, its IPAM azure-cns. */
export const AZURE_CONFLIST = `${JSON.stringify({ cniVersion: '0.3.0', name: 'azure', plugins: [{ type: 'azure-vnet', mode: 'transparent', executionMode: 'v4swift', ipsToRouteViaHost: ['169.254.20.10'], ipam: { type: 'azure-cns' } }, { type: 'portmap', capabilities: { portMappings: true }, snat: true }] }, null, 3)}\n`;

/**
 * A three-node AKS cluster on Azure CNI with dynamic pod IP allocation: pods take addresses of the
 * pod subnet 10.225.0.0/16 that azure-cns (one pod per node) was given for its node; nodes have no
 * podCIDR. kube-proxy beside it.
 */
export function azureCluster(): Cluster {
  const nodeIps = ['10.224.0.4', '10.224.0.5', '10.224.0.6'];
  const specs: NodeSpec[] = AZURE_NODES.map((name, i) => ({ name, ip: nodeIps[i]!, controlPlane: false, maxPods: 30, instanceType: 'Standard_D4s_v5', kernel: '5.15.0-1074-azure', os: 'Ubuntu 22.04.5 LTS', providerID: `azure:///subscriptions/0b1f6471-1bf0-4dda-aec3-cb9272f09590/resourceGroups/mc_prod_aks_westeurope/providers/Microsoft.Compute/virtualMachineScaleSets/aks-nodepool1-31415926-vmss/virtualMachines/${i}`, kubelet: 'v1.30.5' }));
  const ip = (i: number, n: number) => `10.225.${i}.${10 + n}`;
  const c = baseCluster({ nodes: specs, podIp: ip });
  c.context = 'prod-aks';
  c.serverVersion = 'v1.30.5';
  c.addDaemonSet({ namespace: 'kube-system', name: 'azure-cns', selector: { 'k8s-app': 'azure-cns' }, containers: [{ name: 'cns-container', image: AZURE_CNS_IMAGE, memoryLimit: '250Mi' }], hostPaths: { 'log': '/var/log', 'cns-state': '/var/lib/azure-network', 'azure-endpoints': '/var/run/azure-cns/', 'cni-bin': '/opt/cni/bin', 'cni-conflist': '/etc/cni/net.d' }, desired: 3, ready: 3 });
  AZURE_NODES.forEach((n, i) => {
    const podName = `azure-cns-${SUFFIX[i]}`;
    c.addPod({ namespace: 'kube-system', name: podName, node: n, hostNetwork: true, ip: nodeIps[i], hostIP: nodeIps[i], labels: { 'k8s-app': 'azure-cns' }, owner: { kind: 'DaemonSet', name: 'azure-cns' }, containers: [{ name: 'cns-container', image: AZURE_CNS_IMAGE, memoryLimit: '250Mi' }] });
    const dir = `nodes/${n}`;
    c.file(`${dir}/etc-cni-net.d/10-azure.conflist`, AZURE_CONFLIST);
    c.file(`${dir}/ls-etc-cni-net.d.txt`, lsLa([{ name: '10-azure.conflist', size: AZURE_CONFLIST.length }]));
    c.file(`${dir}/ls-opt-cni-bin.txt`, binListing(['azure-vnet', 'azure-vnet-telemetry', 'azure-vnet-telemetry.config', ...REFERENCE_PLUGINS]));
    // Transparent mode: a /32 route per pod through its azv* veth, nothing to other nodes (the VNet routes them).
    c.file(`${dir}/ip-route.txt`, [`default via 10.224.0.1 dev eth0 proto dhcp src ${nodeIps[i]} metric 100`, `10.224.0.0/16 dev eth0 proto kernel scope link src ${nodeIps[i]} metric 100`, `${ip(i, 2)} dev azv4f3b2a1c0e9 proto static scope link`, `${ip(i, 3)} dev azv7a1c3e5f2d4 proto static scope link`, `168.63.129.16 via 10.224.0.1 dev eth0 proto dhcp src ${nodeIps[i]} metric 100`, ''].join('\n'));
    c.file(`${dir}/ip-link.txt`, ipLinkShow(i, [{ name: 'azv4f3b2a1c0e9@if2', mtu: 1500, kind: 'veth' }]));
  });
  return c;
}

// --- OpenShift SDN -------------------------------------------------------------------------------

export const OCP_NODES = ['ocp-master-0', 'ocp-worker-a', 'ocp-worker-b'];
export const SDN_PODS = ['sdn-7kq2x', 'sdn-c4v9m', 'sdn-r2t6p'];
const OCP_RELEASE = (digest: string) => `quay.io/openshift-release-dev/ocp-v4.0-art-dev@sha256:${digest.repeat(8)}`;
export const SDN_IMAGE = OCP_RELEASE('5f1c3e2a');
const OCP_MULTUS_IMAGE = OCP_RELEASE('a9d04b71');
/** The openshift-sdn config the network operator writes, and the Multus config in front of it. */
export const OPENSHIFT_SDN_CONF = '{"cniVersion":"0.3.1","name":"openshift-sdn","type":"openshift-sdn"}\n';

/**
 * A three-node OpenShift 4.12 cluster on OpenShift SDN: the sdn DaemonSet (sdn + kube-rbac-proxy,
 * requests and no limits, as OpenShift's components are), Multus in front (openshift-multus/multus,
 * 00-multus.conf delegating to openshift-sdn), RHCOS nodes on CRI-O. Pods take addresses of each
 * node's HostSubnet in 10.128.0.0/14.
 */
export function openshiftSdnCluster(): Cluster {
  const specs: NodeSpec[] = OCP_NODES.map((name, i) => ({ name, ip: `10.0.0.${20 + i}`, podCIDR: undefined, controlPlane: i === 0, runtime: 'cri-o://1.25.4-4.rhaos4.12.git67ee1bf.el8', kernel: '4.18.0-372.73.1.el8_6.x86_64', os: 'Red Hat Enterprise Linux CoreOS 412.86.202310111302-0 (Ootpa)', kubelet: 'v1.25.14+20cda61' }));
  const c = baseCluster({ nodes: specs, podIp: (i, n) => `10.${128 + Math.floor(i / 2)}.${(i % 2) * 2}.${10 + n}` });
  c.context = 'admin';
  c.serverVersion = 'v1.25.14+20cda61';
  for (const ns of ['openshift-sdn', 'openshift-multus']) c.namespaces.push(namespace(ns, { 'openshift.io/run-level': '0' }));
  c.addDaemonSet({ namespace: 'openshift-sdn', name: 'sdn', selector: { app: 'sdn' }, containers: [{ name: 'sdn', image: SDN_IMAGE }, { name: 'kube-rbac-proxy', image: OCP_RELEASE('0c7e9d12') }], hostPaths: { 'host-slash': '/', 'host-cni-bin': '/var/lib/cni/bin', 'host-cni-conf': '/var/run/multus/cni/net.d', 'host-var-run-netns': '/var/run/netns' }, desired: 3, ready: 3 });
  c.addDaemonSet({ namespace: 'openshift-multus', name: 'multus', selector: { app: 'multus' }, containers: [{ name: 'kube-multus', image: OCP_MULTUS_IMAGE }], hostPaths: { system: '/etc/kubernetes/cni/net.d', cnibin: '/var/lib/cni/bin' }, desired: 3, ready: 3 });
  const multus = `${JSON.stringify({ cniVersion: '0.3.1', name: 'multus-cni-network', type: 'multus', namespaceIsolation: true, logLevel: 'verbose', binDir: '/var/lib/cni/bin', readinessindicatorfile: '/var/run/multus/cni/net.d/80-openshift-network.conf', kubeconfig: '/etc/kubernetes/cni/net.d/multus.d/multus.kubeconfig', delegates: [JSON.parse(OPENSHIFT_SDN_CONF)] })}\n`;
  OCP_NODES.forEach((n, i) => {
    const ip = specs[i]!.ip;
    c.addPod({ namespace: 'openshift-sdn', name: SDN_PODS[i]!, node: n, hostNetwork: true, ip, hostIP: ip, labels: { app: 'sdn', component: 'network' }, owner: { kind: 'DaemonSet', name: 'sdn' }, containers: [{ name: 'sdn', image: SDN_IMAGE }, { name: 'kube-rbac-proxy', image: OCP_RELEASE('0c7e9d12') }] });
    // The start of a healthy sdn log: the socat line while the CNI server starts is normal (openshift/sdn#140).
    c.file(`logs/openshift-sdn/${SDN_PODS[i]}/sdn.log`, [
      `2026/11/27 09:01:08 socat[3636] E connect(5, AF=1 "/var/run/openshift-sdn/cniserver/socket", 40): No such file or directory`,
      `I1127 09:01:18.929569    3563 node.go:151] Initializing SDN node of type "redhat/openshift-ovs-networkpolicy" with configured hostname "${n}" (IP "${ip}"), iptables sync period "30s"`,
      `I1127 09:01:18.934523    3563 node.go:281] Starting openshift-sdn network plugin`,
      `I1127 09:01:19.412027    3563 sdn_controller.go:139] [SDN setup] full SDN setup required (Local subnet gateway CIDR not found)`,
      `I1127 09:01:20.118346    3563 node.go:340] Starting openshift-sdn pod manager`,
      `I1127 09:01:20.301776    3563 node.go:398] openshift-sdn network plugin ready`,
      '',
    ].join('\n'));
    const multusPod = `multus-${['8zq4w', 'k2c7d', 'x5m9h'][i]}`;
    c.addPod({ namespace: 'openshift-multus', name: multusPod, node: n, hostNetwork: true, ip, hostIP: ip, labels: { app: 'multus' }, owner: { kind: 'DaemonSet', name: 'multus' }, containers: [{ name: 'kube-multus', image: OCP_MULTUS_IMAGE }] });
    const dir = `nodes/${n}`;
    c.file(`${dir}/etc-cni-net.d/00-multus.conf`, multus);
    c.file(`${dir}/ls-etc-cni-net.d.txt`, lsLa([{ name: '00-multus.conf', size: multus.length }, { name: 'multus.d', size: 4096, mode: 'drwxr-xr-x' }, { name: 'whereabouts.d', size: 4096, mode: 'drwxr-xr-x' }]));
    // CRI-O on RHCOS runs its plugins from /var/lib/cni/bin and /usr/libexec/cni: /opt/cni/bin does not exist.
    c.file(`${dir}/ls-opt-cni-bin.txt`, "ls: cannot access '/host/opt/cni/bin': No such file or directory\n");
    c.file(`${dir}/ip-route.txt`, [`default via 10.0.0.1 dev br-ex proto dhcp src ${ip} metric 48`, `10.0.0.0/24 dev br-ex proto kernel scope link src ${ip} metric 48`, '10.128.0.0/14 dev tun0 scope link', '172.30.0.0/16 dev tun0', ''].join('\n'));
    c.file(`${dir}/ip-link.txt`, ipLinkShow(i, [{ name: 'tun0', mtu: 1450, kind: 'openvswitch' }, { name: 'vxlan_sys_4789', mtu: 65000, kind: 'vxlan' }]));
  });
  return c;
}

// --- k3s (embedded flannel) ----------------------------------------------------------------------

const K3S_CONF_DIR = '/var/lib/rancher/k3s/agent/etc/cni/net.d';
const K3S_BIN_DIR = '/var/lib/rancher/k3s/data/current/bin';
/** The 10-flannel.conflist k3s writes for its embedded flannel (k3s pkg/agent/flannel/setup.go). */
export const K3S_FLANNEL_CONFLIST = `${JSON.stringify({ name: 'cbr0', cniVersion: '1.0.0', plugins: [{ type: 'flannel', delegate: { hairpinMode: true, forceAddress: true, isDefaultGateway: true } }, { type: 'portmap', capabilities: { portMappings: true } }, { type: 'bandwidth', capabilities: { bandwidth: true } }] }, null, 2)}\n`;
/** What k3s unpacks into its data dir's bin: the multi-call cni binary under every plugin name, and its own tools. */
export const K3S_BINARIES = ['bandwidth', 'bridge', 'cni', 'containerd', 'containerd-shim-runc-v2', 'crictl', 'ctr', 'firewall', 'flannel', 'host-local', 'k3s', 'kubectl', 'loopback', 'portmap', 'runc'];

/**
 * A three-node k3s cluster: flannel, kube-proxy and the control plane are inside the k3s binary (no
 * DaemonSet, no static pods); the CNI files are in k3s's own directories, read by a debug pod (no
 * agent pod to exec into), which the manifest's argv records.
 */
export function k3sCluster(): Cluster {
  const c = flannelCluster(3);
  const names = c.nodeNames();
  c.context = 'default';
  c.serverVersion = 'v1.30.6+k3s1';
  c.daemonSets = c.daemonSets.filter((d) => !['kube-flannel-ds', 'kube-proxy'].includes(d.metadata.name));
  c.pods = c.pods.filter((p) => !/^(kube-flannel-ds-|kube-proxy-|etcd-|kube-apiserver-|kube-controller-manager-|kube-scheduler-)/.test(p.metadata.name));
  c.configMaps = c.configMaps.filter((m) => (m as { metadata: { name: string } }).metadata.name !== 'kube-flannel-cfg');
  c.namespaces = c.namespaces.filter((ns) => (ns as { metadata: { name: string } }).metadata.name !== 'kube-flannel');
  for (const n of c.nodes) {
    const info = (n.status as { nodeInfo: Record<string, string> }).nodeInfo;
    info.kubeletVersion = 'v1.30.6+k3s1';
    info.kubeProxyVersion = 'v1.30.6+k3s1';
    info.containerRuntimeVersion = 'containerd://1.7.22-k3s1';
  }
  for (const f of [...c.files.keys()]) if (f.startsWith('logs/kube-flannel/') || f.startsWith('logs/kube-system/kube-proxy-')) c.files.delete(f);
  names.forEach((n) => {
    const dir = `nodes/${n}`;
    c.files.delete(`${dir}/etc-cni-net.d/10-flannel.conflist`);
    c.file(`${dir}/etc-cni-net.d/10-flannel.conflist`, K3S_FLANNEL_CONFLIST);
    c.file(`${dir}/ls-etc-cni-net.d.txt`, lsLa([{ name: '10-flannel.conflist', size: K3S_FLANNEL_CONFLIST.length }]));
    c.file(`${dir}/ls-opt-cni-bin.txt`, binListing(K3S_BINARIES));
    const via = (path: string) => ['kubectl', 'debug', `node/${n}`, '…', path];
    c.argvFor.set(`${dir}/ls-etc-cni-net.d.txt`, via(K3S_CONF_DIR));
    c.argvFor.set(`${dir}/ls-opt-cni-bin.txt`, via(K3S_BIN_DIR));
    c.argvFor.set(`${dir}/etc-cni-net.d/10-flannel.conflist`, via(`${K3S_CONF_DIR}/10-flannel.conflist`));
  });
  return c;
}

// --- Canal on RKE2 --------------------------------------------------------------------------------

const RKE2_CONF_DIR = '/var/lib/rancher/rke2/agent/etc/cni/net.d';
const RKE2_BIN_DIR = '/var/lib/rancher/rke2/data/current/bin';
export const RKE2_CANAL_PODS = ['rke2-canal-4xk7p', 'rke2-canal-9dm2w', 'rke2-canal-tq6zn'];
const RKE2_CALICO_IMAGE = 'rancher/hardened-calico:v3.28.2-build20241107';
const RKE2_FLANNEL_IMAGE = 'rancher/hardened-flannel:v0.26.1-build20241107';

/**
 * A three-node RKE2 cluster on Canal: the DaemonSet rke2-canal runs calico-node (policy only, no
 * BGP: CALICO_NETWORKING_BACKEND=none) and kube-flannel (VXLAN routing) in one pod per node
 * (rancher/rke2#2635); 10-canal.conflist is the calico plugin with host-local IPAM on the node's
 * podCIDR; the CNI files are in RKE2's own directories.
 */
const notInImage = (binary: string) => `error: Internal error occurred: error executing command in container: failed to exec in container: failed to start exec: OCI runtime exec failed: exec failed: unable to start container process: exec: "${binary}": executable file not found in $PATH: unknown`;

export function rke2CanalCluster(): Cluster {
  const c = flannelCluster(3);
  const names = c.nodeNames();
  c.context = 'rke2';
  c.serverVersion = 'v1.30.6+rke2r1';
  c.daemonSets = c.daemonSets.filter((d) => d.metadata.name !== 'kube-flannel-ds');
  c.pods = c.pods.filter((p) => !p.metadata.name.startsWith('kube-flannel-ds-'));
  c.configMaps = c.configMaps.filter((m) => (m as { metadata: { name: string } }).metadata.name !== 'kube-flannel-cfg');
  c.namespaces = c.namespaces.filter((ns) => (ns as { metadata: { name: string } }).metadata.name !== 'kube-flannel');
  for (const n of c.nodes) {
    const info = (n.status as { nodeInfo: Record<string, string> }).nodeInfo;
    info.kubeletVersion = 'v1.30.6+rke2r1';
    info.kubeProxyVersion = 'v1.30.6+rke2r1';
    info.containerRuntimeVersion = 'containerd://1.7.22-k3s1';
  }
  const containers = [{ name: 'calico-node', image: RKE2_CALICO_IMAGE, env: { CALICO_NETWORKING_BACKEND: 'none', FELIX_IPTABLESBACKEND: 'auto', CLUSTER_TYPE: 'k8s,canal' } }, { name: 'kube-flannel', image: RKE2_FLANNEL_IMAGE }];
  c.addDaemonSet({ namespace: 'kube-system', name: 'rke2-canal', selector: { 'k8s-app': 'canal' }, initContainers: [{ name: 'install-cni', image: 'rancher/hardened-cni-plugins:v1.5.1-build20241107' }, { name: 'flexvol-driver', image: RKE2_CALICO_IMAGE }], containers, hostPaths: { 'cni-bin-dir': RKE2_BIN_DIR, 'cni-net-dir': RKE2_CONF_DIR, run: '/run/flannel', 'var-run-calico': '/var/run/calico' }, desired: 3, ready: 3 });
  c.configMaps.push(configMap('kube-system', 'rke2-canal-config', { canal_iface: '', masquerade: 'true', veth_mtu: '1450', net_conf: realWorld('flannel-net-conf.json') }));
  const conflist = realWorld('conflist-canal-10-canal-template.conflist').replace('__CNI_MTU__', '1450').replace('__KUBECONFIG_FILEPATH__', `${RKE2_CONF_DIR}/calico-kubeconfig`);
  names.forEach((n, i) => {
    const pod = RKE2_CANAL_PODS[i]!;
    const ip = `10.0.0.${10 + i}`;
    c.addPod({ namespace: 'kube-system', name: pod, node: n, hostNetwork: true, ip, hostIP: ip, labels: { 'k8s-app': 'canal' }, owner: { kind: 'DaemonSet', name: 'rke2-canal' }, containers });
    // kube-flannel's log moves into the Canal pod; calico-node's is Felix alone (no BIRD).
    const flannelLog = [...c.files.keys()].find((f) => f.startsWith('logs/kube-flannel/') && f.includes(SUFFIX[i]!));
    if (flannelLog) {
      c.file(`logs/kube-system/${pod}/kube-flannel.log`, c.files.get(flannelLog)!);
      c.files.delete(flannelLog);
    }
    c.file(`logs/kube-system/${pod}/calico-node.log`, [
      `2026-11-27 09:01:04.118 [INFO][9] startup/startup.go 428: Early log level set to info`,
      `2026-11-27 09:01:04.121 [INFO][9] startup/startup.go 444: Using NODENAME environment for node name ${n}`,
      `2026-11-27 09:01:04.530 [INFO][9] startup/startup.go 702: CALICO_NETWORKING_BACKEND is none - no BGP daemon running`,
      `2026-11-27 09:01:05.612 [INFO][51] felix/int_dataplane.go 1123: Felix is in-sync with the datastore`,
      '',
    ].join('\n'));
    const dir = `nodes/${n}`;
    const conf = conflist.replace('__KUBERNETES_NODE_NAME__', n);
    c.files.delete(`${dir}/etc-cni-net.d/10-flannel.conflist`);
    c.file(`${dir}/etc-cni-net.d/10-canal.conflist`, conf);
    c.file(`${dir}/ls-etc-cni-net.d.txt`, lsLa([{ name: '10-canal.conflist', size: conf.length }]));
    c.file(`${dir}/ls-opt-cni-bin.txt`, binListing(['bandwidth', 'bridge', 'calico', 'calico-ipam', 'flannel', 'host-local', 'loopback', 'portmap', 'tuning']));
    const via = (path: string) => ['kubectl', 'exec', pod, '-c', 'calico-node', '--', 'ls', '-la', `/host${path}`];
    c.argvFor.set(`${dir}/ls-etc-cni-net.d.txt`, via(RKE2_CONF_DIR));
    c.argvFor.set(`${dir}/ls-opt-cni-bin.txt`, via(RKE2_BIN_DIR));
    c.argvFor.set(`${dir}/etc-cni-net.d/10-canal.conflist`, ['kubectl', 'exec', pod, '-c', 'calico-node', '--', 'cat', `/host${RKE2_CONF_DIR}/10-canal.conflist`]);
    // Policy only: no BIRD to ask, and RKE2's calico-node image has no calicoctl, as the collector records it.
    c.failed.set(`plugins/calico/birdcl-protocols/${n}.txt`, { exitCode: 1, durationMs: 40, stderr: notInImage('birdcl'), error: 'not-found' });
  });
  for (const f of ['plugins/calico/ipam-show.txt', 'plugins/calico/ipam-show-blocks.txt']) c.failed.set(f, { exitCode: 1, durationMs: 40, stderr: notInImage('calicoctl'), error: 'not-found' });
  return c;
}
