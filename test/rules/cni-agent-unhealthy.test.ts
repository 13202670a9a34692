// cni-agent-unhealthy: CNI agent DaemonSets with pods not ready. Firing and quiet cases (test/helpers/rule-tester.ts).
import { expect } from 'vitest';
import { daemonSet, event, list, pod } from '../helpers/fixtures/k8s.js';
import { testRule } from '../helpers/rule-tester.js';

const manifest = (createdAt: string) => JSON.stringify({ format: 'cni-doctor-bundle', formatVersion: 1, createdAt, collector: { name: 'cni-doctor', version: '0.1.0' }, cluster: { context: 't', serverVersion: 'v1.30.4' }, options: {}, redaction: { applied: true, replacements: 0 }, commands: [] });
const calicoDs = daemonSet({ namespace: 'kube-system', name: 'calico-node', selector: { 'k8s-app': 'calico-node' }, containers: [{ name: 'calico-node', image: 'docker.io/calico/node:v3.28.1', memoryLimit: '512Mi' }], desired: 1, ready: 1 });
/** One Calico agent pod that restarted `restarts` times, the last instance ending at `finishedAt`. */
function restarted(restarts: number, finishedAt: string) {
  const p = pod({ namespace: 'kube-system', name: 'calico-node-abcde', node: 'n1', hostNetwork: true, ip: '10.0.0.1', owner: { kind: 'DaemonSet', name: 'calico-node' }, labels: { 'k8s-app': 'calico-node' }, containers: [{ name: 'calico-node', image: 'docker.io/calico/node:v3.28.1', restartCount: restarts, lastTerminated: { reason: 'Error', exitCode: 1 } }] });
  (p.status.containerStatuses![0]!.lastState as { terminated: { finishedAt: string } }).terminated.finishedAt = finishedAt;
  return { 'manifest.json': manifest('2026-11-27T10:15:00Z'), 'cluster/daemonsets.json': list([calicoDs]), 'cluster/pods.json': list([p]) };
}

const calicoPod = (name: string, node: string, c: { ready?: boolean; restartCount?: number; waiting?: { reason: string } }) =>
  pod({ namespace: 'kube-system', name, node, hostNetwork: true, ip: '10.0.0.1', owner: { kind: 'DaemonSet', name: 'calico-node' }, labels: { 'k8s-app': 'calico-node' }, containers: [{ name: 'calico-node', image: 'docker.io/calico/node:v3.28.1', ...c }] });
const bgpProbe = (podName: string, node: string) => event({ namespace: 'kube-system', object: { kind: 'Pod', name: podName }, reason: 'Unhealthy', type: 'Warning', host: node, count: 12, message: 'Readiness probe failed: calico/node is not ready: BIRD is not ready: BGP not established with 10.0.0.2' });
/** n1's agent crash-loops; n2's runs but its probe reports BGP down. */
const mixed = {
  'manifest.json': manifest('2026-11-27T10:15:00Z'),
  'cluster/daemonsets.json': list([daemonSet({ namespace: 'kube-system', name: 'calico-node', selector: { 'k8s-app': 'calico-node' }, containers: [{ name: 'calico-node', image: 'docker.io/calico/node:v3.28.1' }], desired: 2, ready: 0 })]),
  'cluster/pods.json': list([calicoPod('calico-node-aaaaa', 'n1', { ready: false, restartCount: 9, waiting: { reason: 'CrashLoopBackOff' } }), calicoPod('calico-node-bbbbb', 'n2', { ready: false })]),
  'cluster/events.json': list([bgpProbe('calico-node-bbbbb', 'n2')]),
};

testRule('cni-agent-unhealthy', {
  fires: [
    {
      name: 'OpenShift SDN: the sdn pod crash-loops on one node, its fatal line quoted',
      bundle: { scenario: 'openshift-sdn-down' },
      severity: 'critical',
      nodes: ['ocp-worker-b'],
      summary: [/DaemonSet openshift-sdn\/sdn has 2 of 3 pods ready/, /Failed to start sdn: node SDN setup failed: error on port vxlan0/],
      cites: ['logs/openshift-sdn/sdn-r2t6p/sdn.previous.log:3'],
    },
    { name: "a cilium-agent in CrashLoopBackOff, with the reason from its previous log", bundle: { scenario: 'cilium-broken' }, severity: 'critical', summary: [/DaemonSet kube-system\/cilium has 2 of 3 pods ready/, /CrashLoopBackOff \(last exit: OOMKilled\)/], cites: ["cluster/daemonsets.json:219", "logs/kube-system/cilium-m4ntz/cilium-agent.previous.log:2"] },
    { name: 'restarts within a day of the collection', bundle: { files: restarted(12, '2026-11-27T10:02:00Z') }, summary: [/12 restarts, the last at 2026-11-27T10:02:00Z/] },
    {
      // Issue 14: the agent is a symptom of the BGP failure its readiness probe reports, never its cause.
      name: 'calico-node Running but not ready because BGP is not established: a symptom of calico-bgp-peer-down',
      bundle: { scenario: 'calico-bgp-down' },
      nodes: ['worker-1'],
      summary: [/Running but not ready \(calico-node-b7wqp on worker-1\)/, /BIRD is not ready: BGP not established with 10\.0\.0\.10,10\.0\.0\.12/, /Restarting the agent does not help/],
      cites: ['cluster/events.json:262'],
      check: (findings, report) => {
        const bgp = report.findings.find((f) => f.ruleId === 'calico-bgp-peer-down')!;
        expect(report.findings[0]!.id).toBe(bgp.id);
        expect(findings[0]!.rootCause).toBe(false);
        expect(findings[0]!.causedBy).toEqual([bgp.id]);
        expect(findings[0]!.explains).toEqual([]);
        expect(bgp.explains).toContain(findings[0]!.id);
      },
    },
    {
      name: 'a crash-looping agent and a BGP-not-ready one: two findings, only the BGP one a symptom',
      bundle: { files: mixed },
      findings: 2,
      summary: [/DaemonSet kube-system\/calico-node has 0 of 2 pods ready; 1 agent pod\(s\) are failing on 1 of 2 nodes: calico-node-aaaaa calico-node CrashLoopBackOff/, /calico-node-bbbbb on n2\): the readiness probe says/],
      check: (findings) => {
        expect(findings.map((f) => f.scope.names)).toEqual(expect.arrayContaining([['n1'], ['n2']]));
        // Nothing else fired, so both stand as root causes here; only the readiness one names its cause.
        expect(findings.find((f) => f.scope.names[0] === 'n2')!.summary).toMatch(/\(calico-bgp-peer-down\) is what to fix/);
      },
    },
  ],
  quiet: [
    { name: 'a healthy Calico cluster', bundle: { scenario: 'healthy-calico' } },
    { name: 'Flannel, healthy', bundle: { scenario: 'healthy-flannel' } },
    // Node reboots over months restart every agent: not a failure now.
    { name: 'restarts that ended long before the collection', bundle: { files: restarted(12, '2026-08-01T00:00:00Z') } },
  ],
});
