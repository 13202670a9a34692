// CoreDNS as the bundle shows it: its Deployment, pods, Service and pod IPs.
import type { PodRecord, ServiceRecord, WorkloadRecord } from '../../model/k8s.js';
import type { BundleData } from '../bundle-data.js';

export interface CoreDns {
  /** Its Deployment (OpenShift: the DaemonSet dns-default). */
  deployment?: WorkloadRecord;
  pods: PodRecord[];
  service?: ServiceRecord;
  namespace: string;
  labels: Record<string, string>;
}

export function findCoreDns(data: BundleData): CoreDns {
  // OpenShift runs CoreDNS as the DaemonSet dns-default in openshift-dns (its DNS operator's).
  const deployment =
    data.deployments.find((d) => d.namespace === 'kube-system' && /^(coredns|kube-dns|rke2-coredns.*)$/.test(d.name)) ??
    data.deployments.find((d) => /coredns/.test(d.name)) ??
    data.daemonSets.find((d) => d.namespace === 'openshift-dns' && d.name === 'dns-default');
  const labels = deployment?.selector && Object.keys(deployment.selector).length ? deployment.selector : { 'k8s-app': 'kube-dns' };
  const namespace = deployment?.namespace ?? 'kube-system';
  const pods = data.pods.filter((p) => p.namespace === namespace && Object.entries(labels).every(([k, v]) => p.labels[k] === v));
  const service = data.services.find((s) => s.namespace === namespace && (s.name === 'kube-dns' || /coredns/.test(s.name)));
  return { deployment, pods, service, namespace, labels: pods[0]?.labels ?? labels };
}
