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
  | 'kube-router-bgp';

export interface Signature {
  id: string;
  kind: SignatureKind;
  pattern: RegExp;
  /** What the message means, in one sentence for a report. */
  meaning: string;
  /** Catalogue entry in cni-signatures.md. */
  ref: string;
}

export interface SignatureMatch {
  signature: Signature;
  /** Named captures of the pattern. */
  groups: Record<string, string>;
  /** The matched text. */
  text: string;
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
  },
  {
    id: 'KP-02',
    kind: 'kube-proxy-fatal',
    pattern: /Failed to execute (?<tool>ip6?tables-restore)/,
    meaning: 'the node rejects the rules kube-proxy writes: its iptables backend (legacy vs nf_tables) or kernel modules do not match what kube-proxy uses',
    ref: 'kube-proxy (rules-more-cnis.md)',
  },
  {
    id: 'KP-03',
    kind: 'kube-proxy-fatal',
    pattern: /Failed to retrieve node info/,
    meaning: 'kube-proxy cannot find its Node object (hostname override or API access), so it cannot start',
    ref: 'kube-proxy (rules-more-cnis.md)',
  },
  {
    id: 'KP-04',
    kind: 'kube-proxy-fatal',
    pattern: /[Cc]an't use (?:the )?(?:IPVS|ipvs) proxier|(?:unable|failed) to create proxier/,
    meaning: 'kube-proxy cannot start the proxier its mode asks for (IPVS kernel modules missing, or an invalid mode)',
    ref: 'kube-proxy (rules-more-cnis.md)',
  },
  // The node agent a thin CNI plugin hands the work to is not answering (the agent is down there).
  {
    id: 'W-01',
    kind: 'cni-agent-unreachable',
    pattern: /unable to allocate IP address: Post "?http:\/\/127\.0\.0\.1:6784\/ip\/|127\.0\.0\.1:6784\S*:? connect: connection refused/,
    meaning: 'the weave-net CNI plugin cannot reach the weave router on the node (127.0.0.1:6784): weave-net is not running there',
    ref: 'Weave Net (rules-more-cnis.md)',
  },
  {
    id: 'AN-01',
    kind: 'cni-agent-unreachable',
    pattern: /dial unix \/var\/run\/antrea\/cni\.sock: connect: (?:no such file or directory|connection refused)/,
    meaning: 'the antrea CNI plugin cannot reach antrea-agent on the node (/var/run/antrea/cni.sock): the agent is not running there, or an Antrea config was left behind',
    ref: 'Antrea (rules-more-cnis.md)',
  },
  {
    id: 'OS-01',
    kind: 'cni-agent-unreachable',
    pattern: /dial unix \/var\/run\/openshift-sdn\/cni(?:server\/socket|-server\.sock): connect: (?:no such file or directory|connection refused)/,
    meaning: 'the openshift-sdn CNI plugin cannot reach the sdn pod on the node (its CNI server socket is missing): sdn is not running there',
    ref: 'OpenShift SDN (rules-more-cnis.md)',
  },
  // Antrea's agent and its OVS (antrea-agent / antrea-ovs logs). One "Not connected yet" while OVS
  // starts is normal (a healthy start-up prints it once); the rule counts them.
  {
    id: 'AN-02',
    kind: 'antrea-ovs-down',
    pattern: /ovs_client\.go:\d+\] Not connected yet, will try again in|Failed to connect to \S*br-int\.mgmt/,
    meaning: 'antrea-agent cannot connect to Open vSwitch (the OVSDB socket or the br-int OpenFlow socket): antrea-ovs is not running or not ready',
    ref: 'Antrea (rules-more-cnis.md)',
  },
  {
    id: 'AN-03',
    kind: 'antrea-ovs-down',
    pattern: /ovsdb-server: \S+: pidfile check failed \([^)]*\), aborting|ovs-vswitchd: .*(?:aborting|could not initialize)|could not open datapath/,
    meaning: 'Open vSwitch itself does not start in antrea-ovs (a stale pidfile, or the openvswitch kernel module missing)',
    ref: 'Antrea (rules-more-cnis.md)',
  },
  // kube-router's GoBGP refusing a BGP OPEN from an address it has no neighbor configured for
  // (kube-router#272: the mesh lost peers, pods lost connectivity).
  {
    id: 'KR-01',
    kind: 'kube-router-bgp',
    pattern: /Can't find configuration for a new passive connection from:? ?(?<peer>[0-9a-f.:]+)/i,
    meaning: 'kube-router\'s BGP speaker has no neighbor configured for a peer that connects to it, so it refuses the session: the two ends disagree on who their peers are',
    ref: 'kube-router (rules-more-cnis.md)',
  },
  {
    id: 'OVN-01',
    kind: 'ovn-annotation-timeout',
    pattern: /failed to get pod annotation: timed out waiting for (?:annotations|the condition)/,
    meaning: 'ovnkube-node waited for the pod\'s network annotation that the OVN control plane (ovnkube-master / ovnkube-controller) writes, and it never came',
    ref: 'OVN-Kubernetes (rules-more-cnis.md)',
  },
  {
    id: 'MU-01',
    kind: 'multus-delegate',
    pattern: /cannot find (?:get )?a network-attachment-definition \((?<network>[^)]+)\)(?: in namespace \((?<namespace>[^)]+)\))?/,
    meaning: 'a pod asks for a network (k8s.v1.cni.cncf.io/networks) whose NetworkAttachmentDefinition does not exist in that namespace',
    ref: 'Multus (rules-more-cnis.md)',
  },
  {
    id: 'MU-02',
    kind: 'multus-delegate',
    pattern: /error adding container to network "(?<network>[^"]+)": must be called as chained plugin/,
    meaning: 'Multus called a delegate that only works chained after another plugin (flannel\'s portmap/bandwidth-style config, or the wrong file picked as the default network)',
    ref: 'Multus (rules-more-cnis.md)',
  },
  {
    id: 'AZ-01',
    kind: 'ip-exhausted',
    pattern: /Failed to allocate address: No available addresses|No available address pools|not enough IPs available for \S+, waiting on Azure CNS to allocate more/,
    meaning: 'Azure CNI has no free address for the pod: the node\'s share of the subnet (or the CNS allocation) is used up',
    ref: 'Azure CNI (rules-more-cnis.md)',
  },
  {
    id: 'WH-01',
    kind: 'ip-exhausted',
    pattern: /Could not allocate IP in range/,
    meaning: 'whereabouts IPAM has no free address left in the range of the NetworkAttachmentDefinition',
    ref: 'whereabouts (rules-more-cnis.md)',
  },
  {
    id: 'G-05',
    kind: 'binary-missing',
    pattern: /failed to find plugin "(?<plugin>[^"]+)" in path \[(?<paths>[^\]]*)\]/i,
    meaning: 'the runtime could not find a CNI plugin binary named by the config in its bin dir',
    ref: 'G-05',
  },
  {
    id: 'G-06',
    kind: 'binary-not-executable',
    pattern: /fork\/exec (?<path>\/\S*?\/(?<plugin>[^/\s:]+)): (?<err>permission denied|exec format error|no such file or directory)/i,
    meaning: 'a CNI plugin binary exists but cannot be executed (mode bits, noexec mount, wrong architecture or missing loader)',
    ref: 'G-06',
  },
  {
    id: 'G-07',
    kind: 'cni-version-incompatible',
    pattern: /incompatible CNI versions[;:]? config is \\?"(?<cfg>[^"\\]+)\\?", plugin supports \[(?<sup>[^\]]*)\]|plugin (?<plugin>\S+) does not support config version \\?"(?<v>[^"\\]+)/i,
    meaning: "the config's cniVersion is not supported by the plugin binary",
    ref: 'G-07',
  },
  {
    id: 'F-01',
    kind: 'flannel-subnet-env-missing',
    pattern: /(?:failed to load flannel 'subnet\.env' file: |loadFlannelSubnetEnv failed: )?open (?<path>\S*subnet\.env): (?<err>no such file or directory|permission denied)/i,
    meaning: 'the flannel CNI plugin found no /run/flannel/subnet.env: flanneld on that node has not acquired a lease',
    ref: 'F-01',
  },
  {
    id: 'F-05',
    kind: 'flannel-vxlan-failure',
    pattern: /VXLAN init: operation not supported|Error registering network: operation not (?:supported|permitted)|failed to create vxlan (?:device|interface)|failed to add vxlanRoute|AddFDB failed|AddARP failed/i,
    meaning: 'flanneld cannot create or program its VXLAN device (kernel module, privileges or routes)',
    ref: 'F-05',
  },
  {
    id: 'F-03',
    kind: 'flannel-lease-failure',
    pattern: /subnet "(?<net>[^"]+)" specified in the flannel net config doesn't contain "(?<cidr>[^"]+)" (?:IPv6 )?PodCIDR of the "(?<node>[^"]+)" node/i,
    meaning: "the node's podCIDR lies outside the flannel net-conf Network",
    ref: 'F-03',
  },
  {
    id: 'F-02',
    kind: 'flannel-lease-failure',
    pattern: /(?:Error registering network|failed to register network|failed to acquire lease)(?:: failed to acquire lease)?: (?:node "(?<node>[^"]+)" pod cidr not assigned|.*)/i,
    meaning: 'flanneld could not acquire a subnet lease for its node',
    ref: 'F-02',
  },
  {
    id: 'G-12',
    kind: 'cidr-not-available',
    pattern: /CIDRNotAvailable|CIDR allocation failed; there are no remaining CIDRs left/i,
    meaning: "kube-controller-manager has no podCIDR left to give a node: the cluster CIDR is too small",
    ref: 'G-12',
  },
  {
    id: 'A-03',
    kind: 'aws-subnet-exhausted',
    pattern: /InsufficientFreeAddressesInSubnet|InsufficientCidrBlocks|There aren't sufficient free Ipv4 addresses or prefixes/i,
    meaning: "the node's VPC subnet has no free addresses (or contiguous /28 blocks) for ipamd to attach",
    ref: 'A-03',
  },
  {
    id: 'A-01',
    kind: 'ip-exhausted',
    pattern: /failed to assign an IP address to container|DataStore has no available IP\/Prefix addresses|no available IP\/Prefix addresses/i,
    meaning: 'ipamd had no free IP address or prefix for the pod on that node',
    ref: 'A-01',
  },
  {
    id: 'G-09',
    kind: 'ip-exhausted',
    pattern: /no IP addresses available in range set(?:: (?<range>\S+))?/i,
    meaning: "host-local IPAM has a reservation for every address of the node's range (often leaked reservations)",
    ref: 'G-09',
  },
  {
    id: 'CL-06',
    kind: 'ip-exhausted',
    pattern: /unable to allocate IP via local cilium agent.*range is full|postIpamFailure\s+range is full|range is full/i,
    meaning: "Cilium's IPAM range for the node is full",
    ref: 'CL-06',
  },
  {
    id: 'C-06',
    kind: 'ip-exhausted',
    pattern: /Unable to autoassign an address|pools are likely exhausted|no configured Calico pools for node|cannot find a qualified ippool|failed to request IPv4 addresses/i,
    meaning: 'Calico IPAM could not allocate an address from the pools',
    ref: 'C-06',
  },
  {
    id: 'A-02',
    kind: 'aws-ipamd-unreachable',
    pattern: /Error received from AddNetwork gRPC call|failed to connect to backend server|failed to connect service \\?":50051\\?"/i,
    meaning: 'the aws-cni plugin cannot reach ipamd on the node (aws-node not running or not initialised)',
    ref: 'A-02',
  },
  {
    id: 'G-10',
    kind: 'bridge-address-conflict',
    pattern: /failed to set bridge addr: (?:"(?<bridge>[^"]+)" already has an IP address different from (?<cidr>\S+)|could not add IP address to "[^"]+": (?<err>.+))/i,
    meaning: "the cni0 bridge carries an address from an earlier podCIDR, or the runtime may not set it",
    ref: 'G-10',
  },
  {
    id: 'C-05-routes',
    kind: 'calico-route-conflict',
    pattern: /error adding host side routes for interface: \S+, error: route .* already exists for an interface other than/i,
    meaning: 'a /32 route for the new pod IP already points at another veth: a leaked or duplicate IP',
    ref: 'C-05',
  },
  {
    id: 'C-05-nodename',
    kind: 'calico-not-running',
    pattern: /stat \/var\/lib\/calico\/nodename: no such file or directory/i,
    meaning: 'calico-node never started on this node, so the Calico CNI plugin cannot work there',
    ref: 'C-05',
  },
  {
    id: 'RBAC',
    kind: 'rbac-denied',
    pattern: /connection is unauthorized(?:: Unauthorized)?|\bUnauthorized\b|is forbidden: User "(?<user>[^"]+)" cannot|\bforbidden\b/i,
    meaning: "the agent or plugin's credentials are rejected by the API server (expired token or missing RBAC)",
    ref: 'C-05 / CL-03',
  },
  {
    id: 'CL-05',
    kind: 'bpf-fs-not-mounted',
    pattern: /BPF filesystem is not mounted|BPF filesystem not mounted/i,
    meaning: 'the BPF filesystem is not mounted on the host, so pinned maps are lost whenever the agent restarts',
    ref: 'CL-05',
  },
  {
    id: 'CL-07',
    kind: 'bpf-map-enomem',
    pattern: /(?:opening\/creating BPF maps|map create).*cannot allocate memory|Unable to initialize service maps.*cannot allocate memory/i,
    meaning: 'the agent cannot create its BPF maps: out of memory for map allocation (map sizes vs. node memory / memlock)',
    ref: 'CL-07',
  },
  {
    id: 'CL-04',
    kind: 'cilium-agent-down',
    pattern: /Is the agent running\?|dial unix \/var\/run\/cilium\/cilium\.sock: connect|Cilium API client timeout exceeded/i,
    meaning: 'the Cilium agent API is not answering on the node',
    ref: 'CL-04',
  },
  {
    id: 'C-02-as',
    kind: 'bgp-bad-peer-as',
    pattern: /Bad peer AS/i,
    meaning: 'a BGP peer rejected the AS number Calico advertised',
    ref: 'C-02',
  },
  {
    id: 'C-03-bgp',
    kind: 'bgp-not-established',
    pattern: /BIRD6? is not ready: BGP not established with (?<peers>[0-9a-fA-F.:, ]+)/i,
    meaning: 'calico-node reports BGP sessions that are not established',
    ref: 'C-03',
  },
  {
    id: 'C-03-bird',
    kind: 'bird-not-ready',
    pattern: /(?:Error|error) querying BIRD: unable to connect to BIRDv?6? socket/i,
    meaning: 'BIRD is not running or its socket is missing in calico-node',
    ref: 'C-03',
  },
  {
    id: 'C-04',
    kind: 'calico-autodetect-failed',
    pattern: /Couldn't autodetect an IPv4 address|Unable to auto-detect an IPv4 address|Invalid IP autodetection method|Calico node failed to start/i,
    meaning: 'calico-node could not determine the node IP and exits',
    ref: 'C-04',
  },
  {
    id: 'D-04',
    kind: 'coredns-loop',
    pattern: /\[FATAL\] plugin\/loop: Loop .* detected/i,
    meaning: 'CoreDNS forwards to itself (resolv.conf loop) and exits',
    ref: 'D-04',
  },
  {
    id: 'D-02',
    kind: 'coredns-api-unreachable',
    pattern: /plugin\/ready: (?:Still waiting on|Plugins not ready): "kubernetes"|plugin\/kubernetes: .*failed to list|Failed to list \*v1\.\w+: Get .*(?:i\/o timeout|connection refused|no route to host)/i,
    meaning: 'CoreDNS cannot reach the Kubernetes API, so it stays not ready',
    ref: 'D-02',
  },
  {
    id: 'D-01',
    kind: 'coredns-upstream-timeout',
    pattern: /\[ERROR\] plugin\/errors: \d+ \S+ [A-Z0-9]+: (?:unreachable backend: )?.*(?:i\/o timeout|no healthy proxies)|no healthy proxies/i,
    meaning: 'CoreDNS gets no answer from its upstream resolvers',
    ref: 'D-01',
  },
  {
    id: 'CL-03',
    kind: 'apiserver-unreachable',
    pattern: /Unable to contact k8s api-server|Kubernetes service is not ready|Unable to initialize Kubernetes subsystem|Failed to communicate with K8S Server|Failed to initialize Calico datastore|error getting ClusterInformation: Get .*(?:i\/o timeout|connection refused|context deadline exceeded)|dial tcp [0-9.]+:443: (?:i\/o timeout|connect: connection refused|connect: operation not permitted)/i,
    meaning: 'the component cannot reach the Kubernetes API server (usually the kubernetes Service VIP)',
    ref: 'CL-03 / C-08 / A-05',
  },
  {
    id: 'ROUTE',
    kind: 'no-route-to-host',
    pattern: /no route to host/i,
    meaning: 'packets to another node or pod have no route: BGP/VXLAN routes are missing',
    ref: 'C-02 / F-05',
  },
  {
    id: 'G-01',
    kind: 'config-missing',
    pattern: /cni plugin not initialized|cni config uninitialized|no networks found in|no valid networks found in|no CNI configuration file in|Missing CNI default network|no network config found in/i,
    meaning: 'the runtime found no usable CNI config in /etc/cni/net.d',
    ref: 'G-01 / G-03 / G-04',
  },
  {
    id: 'G-08',
    kind: 'config-invalid',
    pattern: /error parsing configuration(?: list)?: (?<err>.+)|failed to load CNI config (?:list )?file (?<file>\S+)|network type not found in|has no networks, skipping/i,
    meaning: 'the runtime cannot parse a CNI config file',
    ref: 'G-02 / G-08',
  },
  {
    // libcni reads a plugin's stdout as its JSON result; a log line printed beside it makes that
    // parse fail (Go's encoding/json wording). After G-08, which claims the config-parse case.
    id: 'G-13',
    kind: 'plugin-output-invalid',
    pattern: /invalid character '(?<char>[^']{1,4})' (?:after top-level value|looking for beginning of value)/,
    meaning: 'the plugin printed something besides its JSON result on stdout (usually its own log lines), so the runtime cannot read the result',
    ref: 'G-13',
  },
];

export function matchSignature(text: string): SignatureMatch | undefined {
  for (const signature of SIGNATURES) {
    const m = signature.pattern.exec(text);
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
    'K8S', 'datastore', 'ClusterInformation', 'dial tcp', 'cni', 'CNI', 'network', 'nf_conntrack', 'tables-restore', 'node info', 'proxier', '6784', 'cni.sock', 'openshift-sdn', 'pod annotation', 'network-attachment-definition', 'chained plugin', 'No available address', 'not enough IPs', 'allocate IP in range', 'Not connected yet', 'br-int', 'pidfile check failed', 'ovs-vswitchd', 'datapath', 'passive connection',
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
