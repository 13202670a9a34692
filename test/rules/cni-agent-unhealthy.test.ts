// cni-agent-unhealthy: CNI agent DaemonSets with pods not ready. Firing and quiet cases (test/helpers/rule-tester.ts).
import { daemonSet, list, pod } from '../helpers/fixtures/k8s.js';
import { testRule } from '../helpers/rule-tester.js';

const manifest = (createdAt: string) => JSON.stringify({ format: 'cni-doctor-bundle', formatVersion: 1, createdAt, collector: { name: 'cni-doctor', version: '0.1.0' }, cluster: { context: 't', serverVersion: 'v1.30.4' }, options: {}, redaction: { applied: true, replacements: 0 }, commands: [] });
const calicoDs = daemonSet({ namespace: 'kube-system', name: 'calico-node', selector: { 'k8s-app': 'calico-node' }, containers: [{ name: 'calico-node', image: 'docker.io/calico/node:v3.28.1', memoryLimit: '512Mi' }], desired: 1, ready: 1 });
/** One Calico agent pod that restarted `restarts` times, the last instance ending at `finishedAt`. */
function restarted(restarts: number, finishedAt: string) {
  const p = pod({ namespace: 'kube-system', name: 'calico-node-abcde', node: 'n1', hostNetwork: true, ip: '10.0.0.1', owner: { kind: 'DaemonSet', name: 'calico-node' }, labels: { 'k8s-app': 'calico-node' }, containers: [{ name: 'calico-node', image: 'docker.io/calico/node:v3.28.1', restartCount: restarts, lastTerminated: { reason: 'Error', exitCode: 1 } }] });
  (p.status.containerStatuses![0]!.lastState as { terminated: { finishedAt: string } }).terminated.finishedAt = finishedAt;
  return { 'manifest.json': manifest('2026-11-27T10:15:00Z'), 'cluster/daemonsets.json': list([calicoDs]), 'cluster/pods.json': list([p]) };
}

testRule('cni-agent-unhealthy', {
  fires: [
    { name: "a cilium-agent in CrashLoopBackOff, with the reason from its previous log", bundle: { scenario: 'cilium-broken' }, severity: 'critical', summary: [/DaemonSet kube-system\/cilium has 2 of 3 pods ready/, /CrashLoopBackOff \(last exit: OOMKilled\)/], cites: ["cluster/daemonsets.json:219", "logs/kube-system/cilium-m4ntz/cilium-agent.previous.log:2"] },
    { name: 'restarts within a day of the collection', bundle: { files: restarted(12, '2026-11-27T10:02:00Z') }, summary: [/12 restarts, the last at 2026-11-27T10:02:00Z/] },
  ],
  quiet: [
    { name: 'a healthy Calico cluster', bundle: { scenario: 'healthy-calico' } },
    { name: 'Calico with BGP down (another failure)', bundle: { scenario: 'calico-bgp-down' } },
    // Node reboots over months restart every agent: not a failure now.
    { name: 'restarts that ended long before the collection', bundle: { files: restarted(12, '2026-08-01T00:00:00Z') } },
  ],
});
