// kube-proxy-unhealthy: kube-proxy short of ready pods, crash-looping, or printing its fatal lines.
// Firing and quiet cases (test/helpers/rule-tester.ts), from the real logs in ../shared/real-world.
import { expect } from 'vitest';
import { configMap, daemonSet, list, pod } from '../helpers/fixtures/k8s.js';
import { realWorld } from '../helpers/fixtures/node-files.js';
import { testRule } from '../helpers/rule-tester.js';

const IMAGE = 'registry.k8s.io/kube-proxy:v1.30.4';
/** One node's kube-proxy, ready or crash-looping, with the log it printed. */
function kubeProxy(o: { ready: boolean; log?: string; extra?: Record<string, string> }) {
  const c = o.ready ? { name: 'kube-proxy', image: IMAGE } : { name: 'kube-proxy', image: IMAGE, ready: false, restartCount: 7, waiting: { reason: 'CrashLoopBackOff' }, lastTerminated: { reason: 'Error', exitCode: 1 } };
  return {
    'cluster/daemonsets.json': list([daemonSet({ namespace: 'kube-system', name: 'kube-proxy', selector: { 'k8s-app': 'kube-proxy' }, containers: [{ name: 'kube-proxy', image: IMAGE }], desired: 1, ready: o.ready ? 1 : 0 })]),
    'cluster/pods.json': list([pod({ namespace: 'kube-system', name: 'kube-proxy-q7w2e', node: 'node-a', hostNetwork: true, ip: '10.0.0.5', labels: { 'k8s-app': 'kube-proxy' }, owner: { kind: 'DaemonSet', name: 'kube-proxy' }, containers: [c] })]),
    ...(o.log ? { [`logs/kube-system/kube-proxy-q7w2e/kube-proxy${o.ready ? '' : '.previous'}.log`]: o.log } : {}),
    ...o.extra,
  };
}

testRule('kube-proxy-unhealthy', {
  fires: [
    {
      name: 'kind: kube-proxy crash-looping on the conntrack sysctl (read-only file system), the root cause of kindnet and CoreDNS failing',
      bundle: { scenario: 'kind-kube-proxy-crashloop' },
      severity: 'critical',
      nodes: ['kind-worker'],
      summary: [/DaemonSet kube-system\/kube-proxy has 2\/3 ready/, /kube-proxy-b9mzq CrashLoopBackOff, 14 restarts/, /nf_conntrack_tcp_timeout_established: read-only file system/, /must run privileged/],
      cites: ['logs/kube-system/kube-proxy-b9mzq/kube-proxy.previous.log:1'],
      check: (findings, report) => {
        expect(report.findings[0]!.id).toBe(findings[0]!.id);
        expect(findings[0]!.explains.map((id) => id.split(':')[0])).toEqual(expect.arrayContaining(['cni-agent-unhealthy', 'coredns-unhealthy']));
        expect(findings[0]!.actions[1]!.commands).toEqual(['kubectl -n kube-system delete pod -l k8s-app=kube-proxy --field-selector spec.nodeName=kind-worker']);
      },
    },
    {
      // Ready, but every sync fails: Service rules go stale. The message continues on the next line.
      name: 'a ready kube-proxy whose iptables-restore fails at every sync (k8s 1.17 log)',
      bundle: { files: kubeProxy({ ready: true, log: realWorld('kube-proxy-log-iptables-restore-line-failed-1.17.txt') }) },
      nodes: ['node-a'],
      summary: [/Failed to execute iptables-restore/, /iptables backend \(legacy vs nf_tables\)/],
      check: (findings) => expect(findings[0]!.actions[0]!.commands.join('\n')).toMatch(/iptables --version/),
    },
    {
      name: 'a binary kube-proxy in the journal: ip6tables-restore (nf_tables) rejects --xor-mark',
      bundle: { files: kubeProxy({ ready: false, log: realWorld('kube-proxy-journal-ip6tables-restore-nftables-xor-mark.txt') }) },
      summary: [/kube-proxy-q7w2e CrashLoopBackOff, 7 restarts/, /Failed to execute iptables-restore/],
    },
    { name: 'crash-looping with no log collected', bundle: { files: kubeProxy({ ready: false }) }, summary: [/0\/1 ready/, /kube-proxy-q7w2e CrashLoopBackOff/] },
  ],
  quiet: [
    { name: 'a healthy kind cluster', bundle: { scenario: 'healthy-kindnet' } },
    { name: 'a healthy Calico cluster', bundle: { scenario: 'healthy-calico' } },
    // Cilium does the Services' work: a leftover kube-proxy is not on the path.
    { name: 'Cilium with kube-proxy replacement', bundle: { files: kubeProxy({ ready: false, log: realWorld('kube-proxy-log-cri-format-conntrack-read-only-fatal.txt'), extra: { 'cluster/configmaps.json': list([configMap('kube-system', 'cilium-config', { 'kube-proxy-replacement': 'true' })]) } }) } },
    {
      name: 'kube-router run as the service proxy',
      bundle: {
        files: kubeProxy({
          ready: false,
          extra: {
            'cluster/daemonsets.json': list([
              daemonSet({ namespace: 'kube-system', name: 'kube-proxy', selector: { 'k8s-app': 'kube-proxy' }, containers: [{ name: 'kube-proxy', image: IMAGE }], desired: 1, ready: 0 }),
              daemonSet({ namespace: 'kube-system', name: 'kube-router', selector: { 'k8s-app': 'kube-router' }, containers: [{ name: 'kube-router', image: 'docker.io/cloudnativelabs/kube-router:v2.2.1', args: ['--run-router=true', '--run-firewall=true', '--run-service-proxy=true'] }], desired: 1, ready: 1 }),
            ]),
          },
        }),
      },
    },
  ],
});
