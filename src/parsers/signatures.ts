// The failure signatures of ../shared/cni-signatures.md as data: each one recognises a message that a
// kubelet, runtime, CNI plugin or agent prints, and names what it means. Event messages, log lines
// and status outputs are matched against this one catalogue; rules read the matches.
// Patterns are case-insensitive because capitalisation changed across versions (catalogue note).

export type SignatureKind =
  | 'binary-missing'
  | 'binary-not-executable'
  | 'cni-version-incompatible'
  | 'config-missing'
  | 'config-invalid'
  | 'ip-exhausted'
  | 'aws-subnet-exhausted'
  | 'aws-ipamd-unreachable'
  | 'flannel-subnet-env-missing'
  | 'flannel-lease-failure'
  | 'flannel-vxlan-failure'
  | 'bridge-address-conflict'
  | 'rbac-denied'
  | 'apiserver-unreachable'
  | 'no-route-to-host'
  | 'bpf-fs-not-mounted'
  | 'bpf-map-enomem'
  | 'cilium-agent-down'
  | 'bgp-not-established'
  | 'bird-not-ready'
  | 'bgp-bad-peer-as'
  | 'calico-not-running'
  | 'calico-autodetect-failed'
  | 'calico-route-conflict'
  | 'coredns-upstream-timeout'
  | 'coredns-api-unreachable'
  | 'coredns-loop'
  | 'cidr-not-available'
  | 'plugin-output-invalid'
  | 'kube-proxy-fatal'
  | 'cni-agent-unreachable'
  | 'ovn-annotation-timeout'
  | 'multus-delegate'
  | 'antrea-ovs-down'
  | 'kube-router-bgp'
  | 'ovn-db-unreachable';

export interface Signature {
  id: string;
  kind: SignatureKind;
  /** What the signature matches (the catalogue's statement of it). */
  pattern: RegExp;
  /**
   * Finds the same match as `pattern` in linear time, where the pattern itself would backtrack
   * quadratically on a long line (its first token can start anywhere): matchSignature uses it.
   */
  find?: (text: string) => RegExpExecArray | null;
  /** What the message means, in one sentence for a report. */
  meaning: string;
  /** Catalogue entry in cni-signatures.md. */
  ref: string;
  /**
   * A line as the component prints it (event message, log line). The catalogue test checks that
   * each one passes the log pre-filter and is matched by this signature and no earlier one.
   */
  example: string;
}

export interface SignatureMatch {
  signature: Signature;
  /** Named captures of the pattern. */
  groups: Record<string, string>;
  /** The matched text. */
  text: string;
}

// MU-03's pattern, read from its literal outward. Unanchored, `[^\]\s/[]+` may start at any
// character and runs to the end of a run before failing: a 20 KB event message took 360 ms, and a
// bundle of such messages hours. The pod part (`[ns/pod/uid:network`) holds no whitespace and no
// "]", so a match ends at the first "]: error adding…" whose head is a pod part, and that head lies
// between the whitespace before it and the literal: each literal costs a bounded look back.
const MU03_LITERAL = ']: error adding container to network "';
const MU03_HEAD = /\[?(?<pod>[^\]\s/[]+\/[^\]\s/]+)(?:\/[^\]\s:]*)?:(?<network>[^\]\s]+)$/;
const MU03_TAIL = /\]: error adding container to network "[^"]+": (?<err>.+)/y;
const MU03_OTHER = /Multus: error adding pod to network "(?<network2>[^"]+)": (?<err2>.+)/;
/** Longest pod part read: namespace (63) / pod (253) / uid (36) : network (253), with room to spare. */
const MU03_MAX_HEAD = 1024;

function findMultusDelegateError(text: string): RegExpExecArray | null {
  const other = MU03_OTHER.exec(text);
  // A match of the first alternative that ends before `other` starts also starts before it: its
  // head holds no whitespace, and `other` does.
  for (let at = text.indexOf(MU03_LITERAL); at >= 0 && (!other || at < other.index); at = text.indexOf(MU03_LITERAL, at + 1)) {
    MU03_TAIL.lastIndex = at;
    const tail = MU03_TAIL.exec(text);
    if (!tail) continue;
    let from = at;
    while (from > 0 && at - from < MU03_MAX_HEAD && !/\s/.test(text[from - 1]!)) from--;
    const head = MU03_HEAD.exec(text.slice(from, at));
    if (!head) continue;
    // The shape pattern.exec gives: the match, where it starts, its named groups.
    const start = from + head.index;
    return Object.assign([text.slice(start, at) + tail[0]], { index: start, input: text, groups: { pod: head.groups!.pod!, network: head.groups!.network!, err: tail.groups!.err!, network2: undefined, err2: undefined } }) as unknown as RegExpExecArray;
  }
  return other;
}

// Ordered from specific to general: the first match wins.
export const SIGNATURES: readonly Signature[] = [
  // kube-proxy's own failures (rules-more-cnis.md kube-proxy-unhealthy), each with its own cause.
  {
    id: 'KP-01',
    kind: 'kube-proxy-fatal',
    pattern: /(?:open|write) (?<path>\/proc\/sys\/net\/netfilter\/nf_conntrack_\w+): (?<err>read-only file system|permission denied)/,
    meaning: 'kube-proxy cannot set the conntrack sysctls: it must run privileged (securityContext.privileged: true), or the node must allow writing /proc/sys (set conntrack.maxPerCore: 0 in its config to skip it)',
    ref: 'kube-proxy (rules-more-cnis.md)',
    example: 'F1127 09:12:44.117402       1 server.go:495] "Error running ProxyServer" err="open /proc/sys/net/netfilter/nf_conntrack_max: permission denied"',
  },
  {
    id: 'KP-02',
    kind: 'kube-proxy-fatal',
    pattern: /Failed to execute (?<tool>ip6?tables-restore)/,
    meaning: 'the node rejects the rules kube-proxy writes: its iptables backend (legacy vs nf_tables) or kernel modules do not match what kube-proxy uses',
    ref: 'kube-proxy (rules-more-cnis.md)',
    example: 'E0809 11:02:31.112349       1 proxier.go:1615] Failed to execute iptables-restore: exit status 1 (iptables-restore: line 51 failed',
  },
  {
    id: 'KP-03',
    kind: 'kube-proxy-fatal',
    pattern: /Failed to retrieve node info/,
    meaning: 'kube-proxy cannot find its Node object (hostname override or API access), so it cannot start',
    ref: 'kube-proxy (rules-more-cnis.md)',
    example: 'E1127 09:12:44.117402       1 node.go:152] Failed to retrieve node info: nodes "ip-10-0-1-12" not found',
  },
  {
    id: 'KP-04',
    kind: 'kube-proxy-fatal',
    pattern: /[Cc]an't use (?:the )?(?:IPVS|ipvs) proxier|(?:unable|failed) to create proxier/,
    meaning: 'kube-proxy cannot start the proxier its mode asks for (IPVS kernel modules missing, or an invalid mode)',
    ref: 'kube-proxy (rules-more-cnis.md)',
    example: 'E1127 09:12:44.117402       1 server_others.go:337] "Can\'t use the IPVS proxier" err="IPVS proxier will not be used because the following required kernel modules are not loaded: [ip_vs_rr]"',
  },
  // The node agent a thin CNI plugin hands the work to is not answering (the agent is down there).
  {
    id: 'W-01',
    kind: 'cni-agent-unreachable',
    pattern: /unable to allocate IP address: Post "?http:\/\/127\.0\.0\.1:6784\/ip\/|127\.0\.0\.1:6784\S*:? connect: connection refused/,
    meaning: 'the weave-net CNI plugin cannot reach the weave router on the node (127.0.0.1:6784): weave-net is not running there',
    ref: 'Weave Net (rules-more-cnis.md)',
    example: 'Warning  FailedCreatePodSandBox  pod/web-1  Failed to create pod sandbox: rpc error: code = Unknown desc = failed to setup network for sandbox "ab12": unable to allocate IP address: Post "http://127.0.0.1:6784/ip/ab12": dial tcp 127.0.0.1:6784: connect: connection refused',
  },
  {
    id: 'AN-01',
    kind: 'cni-agent-unreachable',
    pattern: /dial unix \/var\/run\/antrea\/cni\.sock: connect: (?:no such file or directory|connection refused)/,
    meaning: 'the antrea CNI plugin cannot reach antrea-agent on the node (/var/run/antrea/cni.sock): the agent is not running there, or an Antrea config was left behind',
    ref: 'Antrea (rules-more-cnis.md)',
    example: 'failed to setup network for sandbox "ab12": rpc error: code = Unavailable desc = connection error: desc = "transport: Error while dialing dial unix /var/run/antrea/cni.sock: connect: no such file or directory"',
  },
  {
    id: 'OS-01',
    kind: 'cni-agent-unreachable',
    pattern: /dial unix \/var\/run\/openshift-sdn\/cni(?:server\/socket|-server\.sock): connect: (?:no such file or directory|connection refused)/,
    meaning: 'the openshift-sdn CNI plugin cannot reach the sdn pod on the node (its CNI server socket is missing): sdn is not running there',
    ref: 'OpenShift SDN (rules-more-cnis.md)',
    example: 'Multus: error in invoke Delegate add - "openshift-sdn": failed to send CNI request: Post http://dummy/: dial unix /var/run/openshift-sdn/cniserver/socket: connect: no such file or directory',
  },
  // Antrea's agent and its OVS (antrea-agent / antrea-ovs logs). One "Not connected yet" while OVS
  // starts is normal (a healthy start-up prints it once); the rule counts them.
  {
    id: 'AN-02',
    kind: 'antrea-ovs-down',
    pattern: /ovs_client\.go:\d+\] Not connected yet, will try again in|Failed to connect to \S*br-int\.mgmt/,
    meaning: 'antrea-agent cannot connect to Open vSwitch (the OVSDB socket or the br-int OpenFlow socket): antrea-ovs is not running or not ready',
    ref: 'Antrea (rules-more-cnis.md)',
    example: 'I0425 03:39:06.142553    5880 ovs_client.go:67] Not connected yet, will try again in 2s',
  },
  {
    id: 'AN-03',
    kind: 'antrea-ovs-down',
    pattern: /ovsdb-server: \S+: pidfile check failed \([^)]*\), aborting|ovs-vswitchd: .*(?:aborting|could not initialize)|could not open datapath/,
    meaning: 'Open vSwitch itself does not start in antrea-ovs (a stale pidfile, or the openvswitch kernel module missing)',
    ref: 'Antrea (rules-more-cnis.md)',
    example: 'ovsdb-server: /var/run/openvswitch/ovsdb-server.pid: pidfile check failed (No such process), aborting',
  },
  // kube-router's GoBGP refusing a BGP OPEN from an address it has no neighbor configured for
  // (kube-router#272: the mesh lost peers, pods lost connectivity).
  {
    id: 'KR-01',
    kind: 'kube-router-bgp',
    pattern: /Can't find configuration for a new passive connection from:? ?(?<peer>[0-9a-f.:]+)/i,
    meaning: 'kube-router\'s BGP speaker has no neighbor configured for a peer that connects to it, so it refuses the session: the two ends disagree on who their peers are',
    ref: 'kube-router (rules-more-cnis.md)',
    example: 'time="2018-01-04T03:17:58Z" level=warning msg="Can\'t find configuration for a new passive connection from:10.0.0.12" Topic=Peer',
  },
  {
    id: 'OVN-01',
    kind: 'ovn-annotation-timeout',
    pattern: /failed to get pod annotation: timed out waiting for (?:annotations|the condition)/,
    meaning: 'ovnkube-node waited for the pod\'s network annotation that the OVN control plane (ovnkube-master / ovnkube-controller) writes, and it never came',
    ref: 'OVN-Kubernetes (rules-more-cnis.md)',
    example: 'E1019 12:03:01.552213 1234 cni.go:214] failed to get pod annotation: timed out waiting for annotations: context deadline exceeded',
  },
  // A component of OVN-Kubernetes that cannot reach an OVSDB: ovnkube's libovsdb client
  // ("failed to connect to endpoints"), OVS/OVN's C daemons (lib/reconnect.c: "<target>: connection
  // attempt failed (<errno>)"), ovsdb-client. The rule reads them only in OVN's own pods (Antrea's OVS
  // prints the same reconnect line) and counts them: one failed attempt while a database starts is normal.
  {
    id: 'OVN-02',
    kind: 'ovn-db-unreachable',
    pattern: /failed to connect to endpoints "?\[?(?<target>[^"\]\s]+)|(?<target2>(?:tcp|ssl|unix):\S+): connection attempt (?:failed|timed out)|ovsdb-client: failed to connect to "(?<target3>[^"]+)"/,
    meaning: 'an OVN-Kubernetes component cannot connect to an OVN database (northbound, southbound) or to the node\'s Open vSwitch database: that database is down, or not reachable from this node',
    ref: 'OVN-Kubernetes (rules-more-cnis.md)',
    example: 'E1127 09:14:02.880411       1 ovnkube.go:137] failed to run ovnkube: failed to initialize libovsdb NB client: failed to connect to endpoints "[unix:/var/run/ovn/ovnnb_db.sock]": dial unix /var/run/ovn/ovnnb_db.sock: connect: no such file or directory',
  },
  {
    id: 'MU-01',
    kind: 'multus-delegate',
    pattern: /cannot find (?:get )?a network-attachment-definition \((?<network>[^)]+)\)(?: in namespace \((?<namespace>[^)]+)\))?/,
    meaning: 'a pod asks for a network (k8s.v1.cni.cncf.io/networks) whose NetworkAttachmentDefinition does not exist in that namespace',
    ref: 'Multus (rules-more-cnis.md)',
    example: 'Warning  FailedCreatePodSandBox  pod/centos  Multus: error adding pod to network: getKubernetesDelegate: cannot find get a network-attachment-definition (centos-runtimeconfig-def) in namespace (default): network-attachment-definitions.k8s.cni.cncf.io "centos-runtimeconfig-def" not found',
  },
  {
    id: 'MU-02',
    kind: 'multus-delegate',
    pattern: /error adding container to network "(?<network>[^"]+)": must be called as chained plugin/,
    meaning: 'Multus called a delegate that only works chained after another plugin (flannel\'s portmap/bandwidth-style config, or the wrong file picked as the default network)',
    ref: 'Multus (rules-more-cnis.md)',
    example: 'Multus: [max-dev/mc-void:cbr0]: error adding container to network "cbr0": must be called as chained plugin',
  },
  {
    id: 'MU-04',
    kind: 'multus-delegate',
    pattern: /still waiting for readinessindicatorfile @ (?<file>\S+?)\.? pollimmediate error/,
    meaning: 'Multus waits for the default network\'s readiness file, which that plugin\'s agent writes once it is ready: the default network (OVN-Kubernetes, OpenShift SDN, Calico…) is not up on the node',
    ref: 'Multus (rules-more-cnis.md)',
    example: 'Multus: [openshift-monitoring/prometheus-k8s-0/3f6c2a1e-0b5d-4c7e-9a2f-8d1e6b4c0a97]: have you checked that your default network is ready? still waiting for readinessindicatorfile @ /var/run/multus/cni/net.d/10-ovn-kubernetes.conf. pollimmediate error: timed out waiting for the condition',
  },
  {
    id: 'AZ-01',
    kind: 'ip-exhausted',
    pattern: /Failed to allocate address: No available addresses|No available address pools|not enough IPs available for \S+, waiting on Azure CNS to allocate more/,
    meaning: 'Azure CNI has no free address for the pod: the node\'s share of the subnet (or the CNS allocation) is used up',
    ref: 'Azure CNI (rules-more-cnis.md)',
    example: '2019/04/13 10:21:09 [cni-ipam] ADD command completed with result:<nil> err:Failed to allocate address: No available addresses.',
  },
  {
    id: 'WH-01',
    kind: 'ip-exhausted',
    pattern: /Could not allocate IP in range/,
    meaning: 'whereabouts IPAM has no free address left in the range of the NetworkAttachmentDefinition',
    ref: 'whereabouts (rules-more-cnis.md)',
    example: 'Error at storage engine: Could not allocate IP in range: ip: 10.10.0.1 / - 10.10.0.6 / range: net.IPNet{IP:net.IP{0xa, 0xa, 0x0, 0x0}}',
  },
  {
    id: 'G-05',
    kind: 'binary-missing',
    pattern: /failed to find plugin "(?<plugin>[^"]+)" in path \[(?<paths>[^\]]*)\]/i,
    meaning: 'the runtime could not find a CNI plugin binary named by the config in its bin dir',
    ref: 'G-05',
    example: 'failed to find plugin "calico" in path [/opt/cni/bin]',
  },
  {
    id: 'G-06',
    kind: 'binary-not-executable',
    pattern: /fork\/exec (?<path>\/\S*?\/(?<plugin>[^/\s:]+)): (?<err>permission denied|exec format error|no such file or directory)/i,
    meaning: 'a CNI plugin binary exists but cannot be executed (mode bits, noexec mount, wrong architecture or missing loader)',
    ref: 'G-06',
    example: 'failed to setup network for sandbox "ab12": fork/exec /opt/cni/bin/calico: permission denied',
  },
  {
    id: 'G-07',
    kind: 'cni-version-incompatible',
    pattern: /incompatible CNI versions[;:]? config is \\?"(?<cfg>[^"\\]+)\\?", plugin supports \[(?<sup>[^\]]*)\]|plugin (?<plugin>\S+) does not support config version \\?"(?<v>[^"\\]+)/i,
    meaning: "the config's cniVersion is not supported by the plugin binary",
    ref: 'G-07',
    example: 'plugin type="flannel" failed (add): incompatible CNI versions; config is "1.0.0", plugin supports ["0.1.0" "0.2.0" "0.3.0" "0.3.1" "0.4.0"]',
  },
  {
    id: 'F-01',
    kind: 'flannel-subnet-env-missing',
    pattern: /(?:failed to load flannel 'subnet\.env' file: |loadFlannelSubnetEnv failed: )?open (?<path>\S*subnet\.env): (?<err>no such file or directory|permission denied)/i,
    meaning: 'the flannel CNI plugin found no /run/flannel/subnet.env: flanneld on that node has not acquired a lease',
    ref: 'F-01',
    example: 'plugin type="flannel" failed (add): failed to load flannel \'subnet.env\' file: open /run/flannel/subnet.env: no such file or directory',
  },
  {
    id: 'F-05',
    kind: 'flannel-vxlan-failure',
    pattern: /VXLAN init: operation not supported|Error registering network: operation not (?:supported|permitted)|failed to create vxlan (?:device|interface)|failed to add vxlanRoute|AddFDB failed|AddARP failed/i,
    meaning: 'flanneld cannot create or program its VXLAN device (kernel module, privileges or routes)',
    ref: 'F-05',
    example: 'E1127 09:12:44.117402       1 main.go:332] Error registering network: operation not supported',
  },
  {
    id: 'F-03',
    kind: 'flannel-lease-failure',
    pattern: /subnet "(?<net>[^"]+)" specified in the flannel net config doesn't contain "(?<cidr>[^"]+)" (?:IPv6 )?PodCIDR of the "(?<node>[^"]+)" node/i,
    meaning: "the node's podCIDR lies outside the flannel net-conf Network",
    ref: 'F-03',
    example: 'E1127 09:12:44.117402       1 main.go:330] subnet "10.42.0.0/16" specified in the flannel net config doesn\'t contain "10.244.1.0/24" PodCIDR of the "worker-1" node',
  },
  {
    id: 'F-02',
    kind: 'flannel-lease-failure',
    pattern: /(?:Error registering network|failed to register network|failed to acquire lease)(?:: failed to acquire lease)?: (?:node "(?<node>[^"]+)" pod cidr not assigned|.*)/i,
    meaning: 'flanneld could not acquire a subnet lease for its node',
    ref: 'F-02',
    example: 'E1127 09:12:44.117402       1 main.go:330] Error registering network: failed to acquire lease: node "worker-1" pod cidr not assigned',
  },
  {
    id: 'G-12',
    kind: 'cidr-not-available',
    pattern: /CIDRNotAvailable|CIDR allocation failed; there are no remaining CIDRs left/i,
    meaning: "kube-controller-manager has no podCIDR left to give a node: the cluster CIDR is too small",
    ref: 'G-12',
    example: 'Warning  CIDRNotAvailable  node/worker-9  Node worker-9 status is now: CIDRNotAvailable',
  },
  {
    id: 'A-03',
    kind: 'aws-subnet-exhausted',
    pattern: /InsufficientFreeAddressesInSubnet|InsufficientCidrBlocks|There aren't sufficient free Ipv4 addresses or prefixes/i,
    meaning: "the node's VPC subnet has no free addresses (or contiguous /28 blocks) for ipamd to attach",
    ref: 'A-03',
    example: 'InsufficientFreeAddressesInSubnet: The specified subnet does not have enough free addresses to satisfy the request.',
  },
  {
    id: 'A-01',
    kind: 'ip-exhausted',
    pattern: /failed to assign an IP address to container|DataStore has no available IP\/Prefix addresses|no available IP\/Prefix addresses/i,
    meaning: 'ipamd had no free IP address or prefix for the pod on that node',
    ref: 'A-01',
    example: 'plugin type="aws-cni" name="aws-cni" failed (add): add cmd: failed to assign an IP address to container',
  },
  {
    id: 'G-09',
    kind: 'ip-exhausted',
    pattern: /no IP addresses available in range set(?:: (?<range>\S+))?/i,
    meaning: "host-local IPAM has a reservation for every address of the node's range (often leaked reservations)",
    ref: 'G-09',
    example: 'plugin type="host-local" failed (add): failed to allocate for range 0: no IP addresses available in range set: 10.244.1.1-10.244.1.254',
  },
  {
    id: 'CL-06',
    kind: 'ip-exhausted',
    pattern: /unable to allocate IP via local cilium agent.*range is full|postIpamFailure\s+range is full|range is full/i,
    meaning: "Cilium's IPAM range for the node is full",
    ref: 'CL-06',
    example: 'plugin type="cilium-cni" failed (add): unable to allocate IP via local cilium agent: [POST /ipam][502] postIpamFailure  range is full',
  },
  {
    id: 'C-06',
    kind: 'ip-exhausted',
    pattern: /Unable to autoassign an address|pools are likely exhausted|no configured Calico pools for node|cannot find a qualified ippool|failed to request IPv4 addresses/i,
    meaning: 'Calico IPAM could not allocate an address from the pools',
    ref: 'C-06',
    example: 'plugin type="calico" failed (add): Unable to autoassign an address - pools are likely exhausted',
  },
  {
    id: 'A-02',
    kind: 'aws-ipamd-unreachable',
    pattern: /Error received from AddNetwork gRPC call|failed to connect to backend server|failed to connect service \\?":50051\\?"/i,
    meaning: 'the aws-cni plugin cannot reach ipamd on the node (aws-node not running or not initialised)',
    ref: 'A-02',
    example: 'plugin type="aws-cni" failed (add): add cmd: Error received from AddNetwork gRPC call: rpc error: code = Unavailable desc = connection error: desc = "transport: Error while dialing dial tcp 127.0.0.1:50051: connect: connection refused"',
  },
  {
    id: 'G-10',
    kind: 'bridge-address-conflict',
    pattern: /failed to set bridge addr: (?:"(?<bridge>[^"]+)" already has an IP address different from (?<cidr>\S+)|could not add IP address to "[^"]+": (?<err>.+))/i,
    meaning: "the cni0 bridge carries an address from an earlier podCIDR, or the runtime may not set it",
    ref: 'G-10',
    example: 'plugin type="bridge" failed (add): failed to set bridge addr: "cni0" already has an IP address different from 10.244.1.1/24',
  },
  {
    id: 'C-05-routes',
    kind: 'calico-route-conflict',
    pattern: /error adding host side routes for interface: \S+, error: route .* already exists for an interface other than/i,
    meaning: 'a /32 route for the new pod IP already points at another veth: a leaked or duplicate IP',
    ref: 'C-05',
    example: 'plugin type="calico" failed (add): error adding host side routes for interface: cali12ab34cd56e, error: route (Ifindex: 27, Dst: 10.244.1.7/32, Scope: 253) already exists for an interface other than \'cali12ab34cd56e\'',
  },
  {
    id: 'C-05-nodename',
    kind: 'calico-not-running',
    pattern: /stat \/var\/lib\/calico\/nodename: no such file or directory/i,
    meaning: 'calico-node never started on this node, so the Calico CNI plugin cannot work there',
    ref: 'C-05',
    example: 'plugin type="calico" failed (add): stat /var/lib/calico/nodename: no such file or directory: check that the calico/node container is running and has mounted /var/lib/calico/',
  },
  {
    id: 'RBAC',
    kind: 'rbac-denied',
    pattern: /connection is unauthorized(?:: Unauthorized)?|\bUnauthorized\b|is forbidden: User "(?<user>[^"]+)" cannot|\bforbidden\b/i,
    meaning: "the agent or plugin's credentials are rejected by the API server (expired token or missing RBAC)",
    ref: 'C-05 / CL-03',
    example: 'plugin type="calico" failed (add): error getting ClusterInformation: connection is unauthorized: Unauthorized',
  },
  {
    id: 'CL-05',
    kind: 'bpf-fs-not-mounted',
    pattern: /BPF filesystem is not mounted|BPF filesystem not mounted/i,
    meaning: 'the BPF filesystem is not mounted on the host, so pinned maps are lost whenever the agent restarts',
    ref: 'CL-05',
    example: 'level=fatal msg="BPF filesystem is not mounted. This will lead to network disruption when Cilium pods are restarted." subsys=daemon',
  },
  {
    id: 'CL-07',
    kind: 'bpf-map-enomem',
    pattern: /(?:opening\/creating BPF maps|map create).*cannot allocate memory|Unable to initialize service maps.*cannot allocate memory/i,
    meaning: 'the agent cannot create its BPF maps: out of memory for map allocation (map sizes vs. node memory / memlock)',
    ref: 'CL-07',
    example: 'level=fatal msg="Unable to initialize service maps" error="Unable to create map: cannot allocate memory" subsys=daemon',
  },
  {
    id: 'CL-04',
    kind: 'cilium-agent-down',
    pattern: /Is the agent running\?|dial unix \/var\/run\/cilium\/cilium\.sock: connect|Cilium API client timeout exceeded/i,
    meaning: 'the Cilium agent API is not answering on the node',
    ref: 'CL-04',
    example: 'plugin type="cilium-cni" failed (add): unable to connect to Cilium daemon: failed to create cilium agent client after 30.000000 seconds timeout: Get "http:///var/run/cilium/cilium.sock/v1/config": dial unix /var/run/cilium/cilium.sock: connect: no such file or directory Is the agent running?',
  },
  {
    id: 'C-02-as',
    kind: 'bgp-bad-peer-as',
    pattern: /Bad peer AS/i,
    meaning: 'a BGP peer rejected the AS number Calico advertised',
    ref: 'C-02',
    example: '2024-03-01 10:00:00.000 [INFO][90] bird: Mesh_10_0_0_12: Error: Bad peer AS: 64513',
  },
  {
    id: 'C-03-bgp',
    kind: 'bgp-not-established',
    pattern: /BIRD6? is not ready: BGP not established with (?<peers>[0-9a-fA-F.:, ]+)/i,
    meaning: 'calico-node reports BGP sessions that are not established',
    ref: 'C-03',
    example: 'Readiness probe failed: calico/node is not ready: BIRD is not ready: BGP not established with 10.0.0.12',
  },
  {
    id: 'C-03-bird',
    kind: 'bird-not-ready',
    pattern: /(?:Error|error) querying BIRD: unable to connect to BIRDv?[46]? socket/i,
    meaning: 'BIRD is not running or its socket is missing in calico-node',
    ref: 'C-03',
    example: 'Readiness probe failed: calico/node is not ready: BIRD is not ready: Error querying BIRD: unable to connect to BIRDv4 socket: dial unix /var/run/calico/bird.ctl: connect: connection refused',
  },
  {
    id: 'C-04',
    kind: 'calico-autodetect-failed',
    pattern: /Couldn't autodetect an IPv4 address|Unable to auto-detect an IPv4 address|Invalid IP autodetection method|Calico node failed to start/i,
    meaning: 'calico-node could not determine the node IP and exits',
    ref: 'C-04',
    example: '2024-03-01 10:00:00.000 [WARNING][9] startup/startup.go 718: Unable to auto-detect an IPv4 address: no valid IPv4 addresses found on the host interfaces',
  },
  {
    id: 'D-04',
    kind: 'coredns-loop',
    pattern: /\[FATAL\] plugin\/loop: Loop .* detected/i,
    meaning: 'CoreDNS forwards to itself (resolv.conf loop) and exits',
    ref: 'D-04',
    example: '[FATAL] plugin/loop: Loop (127.0.0.1:55953 -> :53) detected for zone ".", see https://coredns.io/plugins/loop#troubleshooting. Query: "HINFO 4547991504243258144.3688648895315093531."',
  },
  {
    id: 'D-02',
    kind: 'coredns-api-unreachable',
    pattern: /plugin\/ready: (?:Still waiting on|Plugins not ready): "kubernetes"|plugin\/kubernetes: .*failed to list|Failed to list \*v1\.\w+: Get .*(?:i\/o timeout|connection refused|no route to host)/i,
    meaning: 'CoreDNS cannot reach the Kubernetes API, so it stays not ready',
    ref: 'D-02',
    example: '[INFO] plugin/ready: Still waiting on: "kubernetes"',
  },
  {
    id: 'D-01',
    kind: 'coredns-upstream-timeout',
    pattern: /\[ERROR\] plugin\/errors: \d+ \S+ [A-Z0-9]+: (?:unreachable backend: )?.*(?:i\/o timeout|no healthy proxies)|no healthy proxies/i,
    meaning: 'CoreDNS gets no answer from its upstream resolvers',
    ref: 'D-01',
    example: '[ERROR] plugin/errors: 2 example.com. A: read udp 10.244.0.5:41354->10.0.0.2:53: i/o timeout',
  },
  {
    id: 'CL-03',
    kind: 'apiserver-unreachable',
    pattern: /Unable to contact k8s api-server|Kubernetes service is not ready|Unable to initialize Kubernetes subsystem|Failed to communicate with K8S Server|Failed to initialize Calico datastore|error getting ClusterInformation: Get .*(?:i\/o timeout|connection refused|context deadline exceeded)|dial tcp [0-9.]+:443: (?:i\/o timeout|connect: connection refused|connect: operation not permitted)/i,
    meaning: 'the component cannot reach the Kubernetes API server (usually the kubernetes Service VIP)',
    ref: 'CL-03 / C-08 / A-05',
    example: 'level=warning msg="Unable to contact k8s api-server" error="Get \\"https://10.96.0.1:443/api/v1/namespaces/kube-system\\": dial tcp 10.96.0.1:443: i/o timeout" subsys=k8s-client',
  },
  {
    id: 'ROUTE',
    kind: 'no-route-to-host',
    pattern: /no route to host/i,
    meaning: 'packets to another node or pod have no route: BGP/VXLAN routes are missing',
    ref: 'C-02 / F-05',
    example: 'dial tcp 10.244.2.7:8080: connect: no route to host',
  },
  {
    id: 'G-01',
    kind: 'config-missing',
    pattern: /cni plugin not initialized|cni config uninitialized|no networks found in|no valid networks found in|no CNI configuration file in|Missing CNI default network|no network config found in/i,
    meaning: 'the runtime found no usable CNI config in /etc/cni/net.d',
    ref: 'G-01 / G-03 / G-04',
    example: 'Warning  NetworkNotReady  pod/web-1  network is not ready: container runtime network not ready: NetworkReady=false reason:NetworkPluginNotReady message:Network plugin returns error: cni plugin not initialized',
  },
  {
    id: 'G-08',
    kind: 'config-invalid',
    pattern: /error parsing configuration(?: list)?: (?<err>.+)|failed to load CNI config (?:list )?file (?<file>\S+)|network type not found in|has no networks, skipping/i,
    meaning: 'the runtime cannot parse a CNI config file',
    ref: 'G-02 / G-08',
    example: 'E1127 09:12:44.117402    1021 cni.go:219] error parsing configuration list: unexpected end of JSON input',
  },
  {
    // libcni reads a plugin's stdout as its JSON result; a log line printed beside it makes that
    // parse fail (Go's encoding/json wording). After G-08, which claims the config-parse case.
    id: 'G-13',
    kind: 'plugin-output-invalid',
    pattern: /invalid character '(?<char>[^']{1,4})' (?:after top-level value|looking for beginning of value)/,
    meaning: 'the plugin printed something besides its JSON result on stdout (usually its own log lines), so the runtime cannot read the result',
    ref: 'G-13',
    example: 'plugin type="aws-cni" name="aws-cni" failed (add): netplugin failed with no error message: invalid character \'{\' after top-level value',
  },
  // Multus wraps its delegate's own error; a catalogued one (a missing binary, a full range, the
  // default plugin's own failure) matched above first, so this one is only a failure nothing else
  // names, credited to the delegate network it names.
  {
    id: 'MU-03',
    kind: 'multus-delegate',
    pattern: /\[?(?<pod>[^\]\s/[]+\/[^\]\s/]+)(?:\/[^\]\s:]*)?:(?<network>[^\]\s]+)\]: error adding container to network "[^"]+": (?<err>.+)|Multus: error adding pod to network "(?<network2>[^"]+)": (?<err2>.+)/,
    find: findMultusDelegateError,
    meaning: 'Multus could not add the pod to one of its networks: the delegate plugin of that network failed (its own error follows)',
    ref: 'Multus (rules-more-cnis.md)',
    example: 'Failed to create pod sandbox: rpc error: code = Unknown desc = failed to setup network for sandbox "8a1f": plugin type="multus-shim" name="multus-cni-network" failed (add): CmdAdd (shim): CNI request failed with status 400: \'[telco/upf-0/6b0c9e2a-1d4f-4a8b-b3c5-7e9d2f1a0c64:sriov-net]: error adding container to network "sriov-net": SRIOV-CNI failed to load netconf: LoadConf(): VF pci addr is required\'',
  },
];

export function matchSignature(text: string): SignatureMatch | undefined {
  for (const signature of SIGNATURES) {
    const m = signature.find ? signature.find(text) : signature.pattern.exec(text);
    if (m) {
      const groups: Record<string, string> = {};
      for (const [k, v] of Object.entries(m.groups ?? {})) if (v !== undefined) groups[k] = v;
      return { signature, groups, text: m[0] };
    }
  }
  return undefined;
}

// A cheap pre-filter so that most log lines skip the full catalogue.
const PREFILTER = new RegExp(
  [
    'plugin', 'fork/exec', 'incompatible', 'subnet', 'vxlan', 'lease', 'register', 'CIDR', 'Insufficient', 'sufficient',
    'assign', 'IP addresses', 'range', 'autoassign', 'pools', 'ippool', 'IPv4', 'gRPC', 'backend', '50051', 'bridge',
    'route', 'nodename', 'nauthorized', 'forbidden', 'BPF', 'memory', 'agent', 'cilium.sock', 'peer AS', 'BGP', 'BIRD',
    'autodetect', 'auto-detect', 'Calico', 'Loop', 'ready', 'list', 'ERROR', 'proxies', 'api-server', 'Kubernetes',
    'K8S', 'datastore', 'ClusterInformation', 'dial tcp', 'cni', 'CNI', 'network', 'nf_conntrack', 'tables-restore', 'node info', 'proxier', '6784', 'cni.sock', 'openshift-sdn', 'pod annotation', 'network-attachment-definition', 'chained plugin', 'No available address', 'not enough IPs', 'allocate IP in range', 'Not connected yet', 'br-int', 'pidfile check failed', 'ovs-vswitchd', 'datapath', 'passive connection', 'connect to endpoints', 'connection attempt', 'ovsdb-client',
  ]
    .map((s) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'))
    .join('|'),
  'i',
);

export function matchLogLine(line: string): SignatureMatch | undefined {
  return PREFILTER.test(line) ? matchSignature(line) : undefined;
}

/** What a kubelet says in its Ready condition when the pod network is not up. */
export const NETWORK_NOT_READY = /NetworkPluginNotReady|cni config uninitialized|cni plugin not initialized|network plugin is not ready|no CNI configuration file|Missing CNI default network|NetworkReady=false/i;
