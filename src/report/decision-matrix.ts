// The field guide's decision matrix: symptom → time to impact → primary action → fallback, with the
// rules whose findings make a row apply to a bundle.

export interface MatrixRow {
  symptom: string;
  timeToImpact: string;
  primary: string;
  fallback: string;
  rules: string[];
}

export const DECISION_MATRIX: readonly MatrixRow[] = [
  {
    symptom: 'New pods stuck in ContainerCreating; FailedCreatePodSandBox',
    timeToImpact: 'minutes',
    primary: 'Restart the CNI DaemonSet (its installer rewrites configs and binaries)',
    fallback: 'Nuclear CNI reset: drain, clear /etc/cni/net.d and /var/lib/cni, reinstall (downtime)',
    rules: ['cni-sandbox-failures', 'cni-binary-missing', 'cni-version-incompatible', 'probe-sandbox-timeout'],
  },
  {
    symptom: 'Nodes NotReady: network plugin not ready / no CNI config',
    timeToImpact: 'minutes',
    primary: 'Fix the config in /etc/cni/net.d (remove stale, empty or invalid files), restart the agent',
    fallback: 'Recreate the node',
    rules: ['node-not-ready', 'node-network-unavailable', 'cni-config-missing', 'cni-config-invalid', 'cni-config-unreadable', 'cni-config-conflict', 'multiple-cni-plugins'],
  },
  {
    symptom: 'CNI agent pods crash-looping, OOMKilled or forbidden',
    timeToImpact: 'minutes',
    primary: 'kubectl rollout restart the agent DaemonSet; restore its RBAC; raise its memory limit',
    fallback: 'Delete the failing agent pods',
    rules: ['cni-agent-unhealthy', 'cni-agent-oom', 'cni-agent-memory', 'cni-rbac-denied'],
  },
  {
    symptom: 'Pods on different nodes cannot talk (BGP down, VXLAN broken, routes missing)',
    timeToImpact: 'immediate',
    primary: 'Open TCP 179 (BGP) / UDP 8472 (VXLAN) between nodes; fix AS numbers and encapsulation',
    fallback: 'Delete the agent pods on both ends',
    rules: ['calico-bgp-peer-down', 'calico-bgp-as-mismatch', 'calico-encapsulation-mismatch', 'flannel-vxlan-unhealthy', 'pod-routing-failure', 'cilium-health-degraded'],
  },
  {
    symptom: 'DNS lookups time out',
    timeToImpact: 'immediate',
    primary: 'Add a DNS egress allow rule (UDP and TCP 53); restart CoreDNS',
    fallback: 'Delete the blocking NetworkPolicy (emergency)',
    rules: ['dns-blocked-by-policy', 'coredns-unhealthy', 'probe-dns-failed'],
  },
  {
    symptom: 'Pod IPs running out',
    timeToImpact: 'hours',
    primary: 'Clean up completed pods and leaked IPs; AWS: enable prefix delegation',
    fallback: 'Expand the pod CIDR / add an IP pool (downtime risk)',
    rules: ['ip-pool-exhaustion', 'calico-ipam-blocks-high', 'aws-eni-ip-limit', 'pod-cidr-overlap'],
  },
  {
    symptom: 'Cilium agent cannot program the datapath (bpffs, API server, kernel)',
    timeToImpact: 'minutes',
    primary: 'Mount bpffs on the host; point the agent at a reachable API endpoint',
    fallback: 'Roll back Cilium or upgrade the kernel',
    rules: ['cilium-bpf-fs-not-mounted', 'cilium-k8s-api-unavailable', 'cilium-kernel-unsupported'],
  },
  {
    symptom: 'flannel: no subnet lease, subnet.env missing',
    timeToImpact: 'minutes',
    primary: 'Give the node a podCIDR inside the flannel Network; restart kube-flannel on it',
    fallback: 'Recreate the node',
    rules: ['flannel-subnet-missing', 'flannel-lease-failure'],
  },
  {
    symptom: 'Pods reach the cluster but not the outside',
    timeToImpact: 'immediate',
    primary: 'Check masquerade / SNAT settings of the CNI and egress firewalls',
    fallback: 'Route egress through a NAT gateway',
    rules: ['probe-egress-failed'],
  },
  {
    symptom: 'Hygiene: CRLF configs, config drift between nodes',
    timeToImpact: 'days',
    primary: 'Reconcile through the CNI installer; convert to LF',
    fallback: '—',
    rules: ['cni-config-crlf', 'cni-config-drift'],
  },
];
