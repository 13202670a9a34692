// ovn-kubernetes-unhealthy: the OVN control plane or ovnkube-node not ready (quoting the crashed
// container's last error), components failing to reach an OVN database again and again (OVN-02,
// one line per component and database), new pods waiting for their annotation (OVN-01, the real
// wordings of ovn-kubernetes#1523 and #2590). Firing and quiet cases (test/helpers/rule-tester.ts).
import { expect } from 'vitest';
import { event, list, pod } from '../helpers/fixtures/k8s.js';
import { realWorld, scenarioFiles } from '../helpers/bundles.js';
import { testRule } from '../helpers/rule-tester.js';

const IMAGE = 'quay.io/openshift-release-dev/ocp-v4.0-art-dev@sha256:0f3c';
const NS = 'ovn-kubernetes';

/** The healthy scenario's pods with one replaced. */
function podsWith(name: string, replacement: ReturnType<typeof pod>): string {
  const pods = JSON.parse(scenarioFiles('healthy-ovn-kubernetes')['cluster/pods.json']!.toString()) as { items: { metadata: { name: string } }[] };
  return list(pods.items.map((p) => (p.metadata.name === name ? replacement : p)));
}

/** The healthy scenario's events with some added. */
function eventsWith(...added: ReturnType<typeof event>[]): string {
  const events = JSON.parse(scenarioFiles('healthy-ovn-kubernetes')['cluster/events.json']!.toString()) as { items: unknown[] };
  return list([...events.items, ...added]);
}

// OpenShift 4.14+ ("interconnect"): each ovnkube-node pod runs its own databases and controller.
const INTERCONNECT = ['ovn-controller', 'ovn-acl-logging', 'kube-rbac-proxy-node', 'kube-rbac-proxy-ovn-metrics', 'northd', 'nbdb', 'sbdb', 'ovnkube-controller'];
const brokenNode = pod({
  namespace: NS,
  name: 'ovnkube-node-jx4r2',
  node: 'worker-1',
  hostNetwork: true,
  ip: '10.0.0.11',
  hostIP: '10.0.0.11',
  labels: { name: 'ovnkube-node' },
  owner: { kind: 'DaemonSet', name: 'ovnkube-node' },
  containers: INTERCONNECT.map((name) => (name === 'ovnkube-controller' ? { name, image: IMAGE, ready: false, restartCount: 6, waiting: { reason: 'CrashLoopBackOff' }, lastTerminated: { reason: 'Error', exitCode: 1 } } : name === 'nbdb' ? { name, image: IMAGE, ready: false } : { name, image: IMAGE })),
});
const controllerDied = [
  'I1127 09:40:20.118402    4417 ovnkube.go:599] Starting ovnkube-controller',
  'F1127 09:40:50.002114    4417 ovnkube.go:137] failed to run ovnkube: failed to start network controller: failed to initialize libovsdb NB client: failed to connect to endpoints "[unix:/var/run/ovn/ovnnb_db.sock]": dial unix /var/run/ovn/ovnnb_db.sock: connect: no such file or directory',
  '',
].join('\n');
// The event of ovn-kubernetes#1523 (older wording, "timed out waiting for the condition"), on worker-1.
const annotationEvent = event({
  namespace: 'shop',
  object: { kind: 'Pod', name: 'web-6c9f8b7d5-t7q2c' },
  reason: 'FailedCreatePodSandBox',
  type: 'Warning',
  host: 'worker-1',
  count: 9,
  message: realWorld('events-ovn-kubernetes-pod-annotation-timed-out-condition.txt').split('\n').find((l) => l.includes('failed to get pod annotation'))!.trim(),
});

const controllerLog = scenarioFiles('healthy-ovn-kubernetes')['logs/ovn-kubernetes/ovnkube-node-jx4r2/ovn-controller.log']!.toString();
const attempt = (k: number) => `2024-11-27T09:4${k}:10.531Z|0004${k}|reconnect|INFO|tcp:10.0.0.10:6642: connection attempt failed (Connection refused)`;

testRule('ovn-kubernetes-unhealthy', {
  fires: [
    {
      name: 'the southbound database crash-looping: the control plane named first, every node retrying it, pods waiting for their annotation',
      bundle: { scenario: 'ovn-kubernetes-sbdb-down' },
      severity: 'critical',
      nodes: ['cp-1', 'worker-1', 'worker-2'],
      summary: [
        /The OVN control plane is not healthy: ovnkube-db-7d9c8b6f5-kx2pq on cp-1: sb-ovsdb CrashLoopBackOff \(17 restarts\), last error "ovsdb-server: ovsdb error: \/etc\/ovn\/ovnsb_db\.db: cannot identify file type"/,
        /ovnkube-master cannot connect to the southbound database \(tcp:10\.0\.0\.10:6642\) \(5 failed attempts in one log\) in ovnkube-master-5f7b9c4d8-w8hzn/,
        /On every node \(cp-1, worker-1, worker-2\), ovn-controller cannot connect to the southbound database \(tcp:10\.0\.0\.10:6642\)/,
        /2 new pod\(s\) on worker-1, worker-2 timed out waiting for the network annotation that the control plane above writes/,
      ],
      cites: ['logs/ovn-kubernetes/ovnkube-db-7d9c8b6f5-kx2pq/sb-ovsdb.previous.log:2', 'logs/ovn-kubernetes/ovnkube-master-5f7b9c4d8-w8hzn/ovnkube-master.previous.log:7'],
      check: (findings, report) => {
        expect(findings[0]!.rootCause).toBe(true);
        expect(findings[0]!.actions[0]!.commands).toContain('kubectl -n ovn-kubernetes logs ovnkube-db-7d9c8b6f5-kx2pq -c sb-ovsdb --previous --tail=50');
        expect(findings[0]!.actions.at(-1)!.risk).toBe('downtime');
        // With the control plane down, restarting every ovnkube-node would not help: not offered.
        expect(findings[0]!.actions.flatMap((a) => a.commands).some((c) => c.includes('-l app=ovnkube-node'))).toBe(false);
        expect(report.findings.find((f) => f.ruleId === 'cni-sandbox-failures')?.causedBy).toEqual([findings[0]!.id]);
      },
    },
    {
      name: 'interconnect (OpenShift 4.14+): ovnkube-controller crash-looping in one ovnkube-node pod, its nbdb not ready, a pod there waiting for its annotation',
      bundle: { files: scenarioFiles('healthy-ovn-kubernetes', { 'cluster/pods.json': podsWith('ovnkube-node-jx4r2', brokenNode), 'cluster/events.json': eventsWith(annotationEvent), 'logs/ovn-kubernetes/ovnkube-node-jx4r2/ovnkube-controller.previous.log': controllerDied }) },
      nodes: ['worker-1'],
      summary: [/ovnkube-node is not ready on worker-1: worker-1: ovnkube-node-jx4r2: nbdb not ready, ovnkube-controller CrashLoopBackOff \(6 restarts\), last error "failed to run ovnkube: failed to start network controller: failed to initialize libovsdb NB client: failed to connect to endpoints/, /1 new pod\(s\) on worker-1 timed out waiting for the network annotation that ovnkube-node on those nodes \(interconnect mode\) or the control plane writes/],
      cites: ['logs/ovn-kubernetes/ovnkube-node-jx4r2/ovnkube-controller.previous.log:2'],
      check: (findings) => {
        expect(findings[0]!.actions[0]!.commands[0]).toBe('kubectl -n ovn-kubernetes delete pod -l app=ovnkube-node --field-selector spec.nodeName=worker-1');
      },
    },
    {
      name: 'ovn-controller failing to reach the southbound database three times on one node, the control plane fine',
      bundle: { files: scenarioFiles('healthy-ovn-kubernetes', { 'logs/ovn-kubernetes/ovnkube-node-jx4r2/ovn-controller.log': `${controllerLog}${[1, 2, 3].map(attempt).join('\n')}\n` }) },
      nodes: ['worker-1'],
      summary: [/On worker-1, ovn-controller cannot connect to the southbound database \(tcp:10\.0\.0\.10:6642\) \(3 failed attempts in one log\)/],
      cites: ['logs/ovn-kubernetes/ovnkube-node-jx4r2/ovn-controller.log:8'],
    },
  ],
  quiet: [
    { name: 'a healthy OVN-Kubernetes cluster', bundle: { scenario: 'healthy-ovn-kubernetes' } },
    { name: 'two failed attempts while the southbound database restarts (normal)', bundle: { files: scenarioFiles('healthy-ovn-kubernetes', { 'logs/ovn-kubernetes/ovnkube-node-jx4r2/ovn-controller.log': `${controllerLog}${[1, 2].map(attempt).join('\n')}\n` }) } },
  ],
});
