// GKE's own networking: netd (DaemonSet in kube-system) writes 10-gke-ptp.conflist ("gke-pod-network":
// ptp, or the gke plugin, with host-local over the node's podCIDR) and sets up the node for it.
// Dataplane V2 is Cilium (its agent anetd is in the Cilium descriptor); netd runs beside it, and
// beside Calico where GKE's network policy is on, as part of one data path.
// https://github.com/GoogleCloudPlatform/netd
import { defineCni } from './descriptor.js';

export const gkeNetd = defineCni({
  id: 'gke',
  name: 'GKE networking (netd)',
  agent: { workloadNames: /^netd$/, image: /\/netd(-amd64|-arm64)?:/, container: /^netd$/ },
  configTypes: ['gke'],
  configFileName: /gke-ptp|gke/,
  coexistsWith: ['cilium', 'calico'],
  namespaces: ['kube-system'],
});
