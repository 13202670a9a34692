// IP utilization and the warning-event timeline, for the report's charts.
import type { IpUsage, TimelineEvent } from '../model/report.js';
import { isRecognised, type BundleData, nodeOutputs } from './bundle-data.js';
import type { Facts } from './facts.js';
import { parseCidr, usableHostAddresses, type Cidr } from './net.js';
import type { NodeRecord } from '../model/k8s.js';
import { OVN_RESERVED_PER_NODE_SUBNET, ovnNodeSubnets } from '../cni/ovn-kubernetes.js';
import { CILIUM_STATUS } from '../cni/cilium.js';
import { cniById, configOwner } from '../cni/index.js';

const MAX_BLOCKS = 100;
const MAX_TIMELINE = 1000;

/**
 * Pods take addresses of their node's podCIDR (host-local IPAM): the active configs say so where the
 * bundle has them (flannel's delegate, kindnet, kube-router, Canal's calico plugin with host-local);
 * without configs, any plugin but Calico's and Cilium's own IPAM is assumed to.
 */
export function usesHostLocalPodCidrs(data: BundleData, facts: Facts): boolean {
  // A meta-plugin's config (Multus) is active, but its delegate's IPAM is the one pods get: then the
  // node's other configs are read too.
  const configs = [...data.nodeData.values()].flatMap((nd) => {
    const active = facts.activeConfig(nd);
    if (!active) return [];
    return active.plugins.some((p) => cniById(configOwner(active.fileName, [p.type]) ?? '')?.meta) ? nd.cniConfigs.filter((c) => c.considered) : [active];
  });
  if (configs.length) return configs.some((c) => c.plugins.some((p) => p.type === 'host-local'));
  return !facts.plugins.present.has('calico') && !nodeOutputs(data, CILIUM_STATUS).size;
}

export interface OvnNodeSubnetUsage {
  node: NodeRecord;
  cidr: Cidr;
  /** Pods on the node that take an address (not host-network). */
  used: number;
  /** Addresses pods can get: the subnet less network, broadcast, gateway and management port. */
  total: number;
}

/** Each node's IPv4 OVN-Kubernetes subnet (its annotation) against its pods: OVN's own IPAM. */
export function ovnNodeSubnetUsage(data: BundleData, facts: Facts): OvnNodeSubnetUsage[] {
  if (!facts.plugins.present.has('ovn-kubernetes')) return [];
  const out: OvnNodeSubnetUsage[] = [];
  for (const node of data.nodes) {
    const cidr = ovnNodeSubnets(node.annotations).map(parseCidr).find((c) => c?.family === 4);
    if (!cidr) continue;
    const size = Number(cidr.end - cidr.start + 1n);
    out.push({ node, cidr, used: facts.pods.podNetworkCount(node.name), total: Math.max(0, size - 2 - OVN_RESERVED_PER_NODE_SUBNET) });
  }
  return out;
}

export function ipUsage(data: BundleData, facts: Facts): IpUsage[] {
  const out: IpUsage[] = [];
  for (const p of facts.calicoPools()) out.push({ source: 'calico-pool', name: p.cidr, node: null, used: p.inUse, total: p.total, file: p.file });
  const blocks = [...facts.calicoBlocks()]
    .sort((a, b) => b.percent - a.percent || (a.cidr < b.cidr ? -1 : 1))
    .slice(0, MAX_BLOCKS);
  for (const b of blocks) out.push({ source: 'calico-block', name: b.cidr, node: b.node ?? null, used: b.inUse, total: b.total, file: b.file });
  for (const [node, parsed] of nodeOutputs(data, CILIUM_STATUS)) {
    if (isRecognised(parsed) && parsed.result.format === 'cilium-status' && parsed.result.ipam) {
      out.push({ source: 'cilium', name: parsed.result.ipam.cidr ?? node, node, used: parsed.result.ipam.used, total: parsed.result.ipam.total, file: parsed.path });
    }
  }
  const runningPods = (node: string) => facts.pods.podNetworkCount(node);
  if (facts.plugins.present.has('aws-vpc-cni')) {
    for (const n of data.nodes) {
      if (n.maxPods && n.maxPods > 2) out.push({ source: 'aws', name: n.name, node: n.name, used: runningPods(n.name), total: n.maxPods - 2, file: n.file });
    }
  } else if (facts.plugins.present.has('ovn-kubernetes')) {
    // OVN-Kubernetes allocates from its own per-node subnets, not from spec.podCIDR.
    for (const u of ovnNodeSubnetUsage(data, facts)) out.push({ source: 'ovn-kubernetes', name: u.cidr.text, node: u.node.name, used: u.used, total: u.total, file: u.node.file });
  } else if (usesHostLocalPodCidrs(data, facts)) {
    for (const n of data.nodes) {
      const cidr = n.podCIDRs.map(parseCidr).find((c) => c?.family === 4);
      if (cidr) out.push({ source: 'host-local', name: cidr.text, node: n.name, used: runningPods(n.name), total: usableHostAddresses(cidr), file: n.file });
    }
  }
  return out;
}

export function timeline(data: BundleData, facts: Facts): TimelineEvent[] {
  return data.events
    .filter((e) => e.type === 'Warning')
    .sort((a, b) => ((a.time ?? '') < (b.time ?? '') ? -1 : (a.time ?? '') > (b.time ?? '') ? 1 : a.line - b.line))
    .slice(-MAX_TIMELINE)
    .map((e) => {
      const message = facts.shortMessage(e, 400);
      return {
        time: e.time ?? null,
        reason: e.reason,
        namespace: e.namespace,
        object: `${e.objectKind}/${e.objectName}`,
        node: facts.nodeOfEvent(e) ?? null,
        count: e.count,
        message,
        file: e.file,
        line: e.line,
      };
    });
}
