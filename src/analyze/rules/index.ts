// The rule registry: every rule of ../shared/rules.md, one file each. Adding a rule = adding its file here.
import type { Rule } from '../rule.js';
import awsEniIpLimit from './aws/aws-eni-ip-limit.js';
import bundleCollectionGap from './bundle/bundle-collection-gap.js';
import bundleUnsafeEntry from './bundle/bundle-unsafe-entry.js';
import calicoBgpAsMismatch from './calico/calico-bgp-as-mismatch.js';
import calicoBgpPeerDown from './calico/calico-bgp-peer-down.js';
import calicoEncapsulationMismatch from './calico/calico-encapsulation-mismatch.js';
import ciliumBpfFsNotMounted from './cilium/cilium-bpf-fs-not-mounted.js';
import ciliumHealthDegraded from './cilium/cilium-health-degraded.js';
import ciliumK8sApiUnavailable from './cilium/cilium-k8s-api-unavailable.js';
import ciliumKernelUnsupported from './cilium/cilium-kernel-unsupported.js';
import cniBinaryMissing from './config/cni-binary-missing.js';
import cniConfigConflict from './config/cni-config-conflict.js';
import cniConfigCrlf from './config/cni-config-crlf.js';
import cniConfigDrift from './config/cni-config-drift.js';
import cniConfigInvalid from './config/cni-config-invalid.js';
import cniConfigMissing from './config/cni-config-missing.js';
import cniConfigUnreadable from './config/cni-config-unreadable.js';
import cniVersionIncompatible from './config/cni-version-incompatible.js';
import corednsUnhealthy from './dns/coredns-unhealthy.js';
import dnsBlockedByPolicy from './dns/dns-blocked-by-policy.js';
import flannelLeaseFailure from './flannel/flannel-lease-failure.js';
import flannelSubnetMissing from './flannel/flannel-subnet-missing.js';
import flannelVxlanUnhealthy from './flannel/flannel-vxlan-unhealthy.js';
import cniAgentMemory from './generic/cni-agent-memory.js';
import cniAgentOom from './generic/cni-agent-oom.js';
import cniAgentUnhealthy from './generic/cni-agent-unhealthy.js';
import cniRbacDenied from './generic/cni-rbac-denied.js';
import cniSandboxFailures from './generic/cni-sandbox-failures.js';
import kubeProxyUnhealthy from './generic/kube-proxy-unhealthy.js';
import weaveConnectionFailed from './weave/weave-connection-failed.js';
import weaveIpamUnreachable from './weave/weave-ipam-unreachable.js';
import antreaOvsUnhealthy from './antrea/antrea-ovs-unhealthy.js';
import kubeRouterBgpPeerDown from './kube-router/kube-router-bgp-peer-down.js';
import ovnKubernetesUnhealthy from './ovn-kubernetes/ovn-kubernetes-unhealthy.js';
import multusDelegateFailed from './multus/multus-delegate-failed.js';
import multipleCniPlugins from './generic/multiple-cni-plugins.js';
import nodeNetworkUnavailable from './generic/node-network-unavailable.js';
import nodeNotReady from './generic/node-not-ready.js';
import podCidrOverlap from './generic/pod-cidr-overlap.js';
import podRoutingFailure from './generic/pod-routing-failure.js';
import calicoIpamBlocksHigh from './ipam/calico-ipam-blocks-high.js';
import ipPoolExhaustion from './ipam/ip-pool-exhaustion.js';
import probeDnsFailed from './probe/probe-dns-failed.js';
import probeEgressFailed from './probe/probe-egress-failed.js';
import probeSandboxTimeout from './probe/probe-sandbox-timeout.js';

export const RULES: readonly Rule[] = [
  awsEniIpLimit,
  bundleCollectionGap,
  bundleUnsafeEntry,
  calicoBgpAsMismatch,
  calicoBgpPeerDown,
  calicoEncapsulationMismatch,
  ciliumBpfFsNotMounted,
  ciliumHealthDegraded,
  ciliumK8sApiUnavailable,
  ciliumKernelUnsupported,
  cniBinaryMissing,
  cniConfigConflict,
  cniConfigCrlf,
  cniConfigDrift,
  cniConfigInvalid,
  cniConfigMissing,
  cniConfigUnreadable,
  cniVersionIncompatible,
  corednsUnhealthy,
  dnsBlockedByPolicy,
  flannelLeaseFailure,
  flannelSubnetMissing,
  flannelVxlanUnhealthy,
  cniAgentMemory,
  cniAgentOom,
  cniAgentUnhealthy,
  cniRbacDenied,
  cniSandboxFailures,
  kubeProxyUnhealthy,
  multipleCniPlugins,
  weaveConnectionFailed,
  weaveIpamUnreachable,
  antreaOvsUnhealthy,
  ovnKubernetesUnhealthy,
  multusDelegateFailed,
  kubeRouterBgpPeerDown,
  nodeNetworkUnavailable,
  nodeNotReady,
  podCidrOverlap,
  podRoutingFailure,
  calicoIpamBlocksHigh,
  ipPoolExhaustion,
  probeDnsFailed,
  probeEgressFailed,
  probeSandboxTimeout,
];
