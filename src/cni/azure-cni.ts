// Azure CNI: the azure-vnet plugin (pods get addresses of the VNet, or of an overlay), its IPAM
// (azure-vnet-ipam on the node, or azure-cns: the Container Networking Service DaemonSet that holds
// the node's addresses from its NodeNetworkConfig). AKS ships the plugin in the node image, so the
// only DaemonSet is often azure-cns; self-managed clusters (CAPZ) run azure-cni / azure-cni-manager
// to install it. Its address exhaustion (AZ-01) is ip-pool-exhaustion's.
// https://learn.microsoft.com/en-us/azure/aks/azure-cni-overview
// https://github.com/Azure/azure-container-networking/blob/master/docs/cni.md
import { defineCni } from './descriptor.js';

export const azureCni = defineCni({
  id: 'azure-cni',
  name: 'Azure CNI',
  agent: {
    workloadNames: /^(azure-cns|azure-cni|azure-cni-manager)$/,
    image: /containernetworking\/(azure-cns|azure-cni|azure-cni-manager|cni-dropgz)\b/,
    container: /^(cns-container|azure-cni|azure-cni-installer|cni-installer)$/,
  },
  // azure-ipam is the IPAM of Azure CNI powered by Cilium (a Cilium config owns it by its first type).
  configTypes: ['azure-vnet', 'azure-vnet-ipam', 'azure-cns', 'azure-ipam'],
  // azure-vnet's "IPAM invoker" calls the CNS on the node for ipam type azure-cns: there is no binary.
  inProcessIpam: ['azure-cns'],
  configFileName: /azure/,
  coexistsWith: ['cilium'],
  namespaces: ['kube-system'],
  customGroups: ['acn.azure.com'],
});
