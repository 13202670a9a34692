// weave-connection-failed: weave connections not established, sleeve where fastdp is expected,
// fewer peers than nodes. Firing and quiet cases (test/helpers/rule-tester.ts) on real outputs.
import { expect } from 'vitest';
import { daemonSet, list } from '../helpers/fixtures/k8s.js';
import { realWorld } from '../helpers/fixtures/node-files.js';
import { testRule } from '../helpers/rule-tester.js';

const weaveDs = (env: Record<string, string> = {}) => list([daemonSet({ namespace: 'kube-system', name: 'weave-net', selector: { name: 'weave-net' }, containers: [{ name: 'weave', image: 'docker.io/weaveworks/weave-kube:2.8.1', env }], desired: 5, ready: 5 })]);

testRule('weave-connection-failed', {
  fires: [
    {
      name: 'worker-2 cut off on TCP 6783: failed/retrying/connecting rows, Peers: 1',
      bundle: { scenario: 'weave-split' },
      severity: 'high',
      nodes: ['cp-1', 'worker-1', 'worker-2'],
      summary: [/cp-1 → worker-2 \(10\.0\.0\.12:6783\) failed: dial tcp4 10\.0\.0\.12:6783: i\/o timeout/, /worker-1 → worker-2 \(10\.0\.0\.12:6783\) retrying/, /worker-2 knows 1 peer\(s\) of 3 nodes/, /open TCP 6783 and UDP 6783-6784/],
      cites: ['plugins/weave/status-connections/cp-1.txt:2', 'plugins/weave/status/worker-2.txt:11'],
      // The router's own address is not a failure.
      check: (findings) => expect(findings[0]!.summary).not.toMatch(/cannot connect to ourself|cp-1 → cp-1/),
    },
    {
      name: 'the guide\'s example: retrying, failed, pending and connecting rows',
      bundle: { files: { 'cluster/daemonsets.json': weaveDs(), 'plugins/weave/status-connections/host1.txt': realWorld('weave-status-connections-docs-all-states.txt') } },
      summary: [/4 weave connection\(s\) are not established/, /host1 → 192\.168\.48\.15:6783 failed: dial tcp4 192\.168\.48\.15:6783: no route to host/],
    },
    {
      name: 'a connection refused because the IPAM rings were seeded apart',
      bundle: { files: { 'plugins/weave/status-connections/host2.txt': realWorld('weave-status-connections-failed-seeded-by-different-peers.txt') } },
      summary: [/seeded by different peers/, /weave reset/],
    },
    {
      name: 'every link over sleeve where fastdp is expected (medium, the slow path)',
      bundle: { files: { 'cluster/daemonsets.json': weaveDs(), 'plugins/weave/status-connections/host1010051034219.txt': realWorld('weave-status-connections-sleeve-and-self-connection.txt') } },
      severity: 'medium',
      summary: [/4 connection\(s\) run over sleeve/],
    },
    { name: '`weave status` counting a failed connection (2.0.4)', bundle: { files: { 'plugins/weave/status/ip-10-8-31-224.txt': realWorld('weave-status-2.0.4-one-connection-failed.txt') } }, summary: [/ip-10-8-31-224: 1 failed of 2 connections/] },
  ],
  quiet: [
    { name: 'a healthy Weave cluster', bundle: { scenario: 'healthy-weave' } },
    { name: 'encrypted fastdp rows, all established', bundle: { files: { 'plugins/weave/status-connections/n1.txt': realWorld('weave-status-connections-healthy-encrypted-fastdp.txt') } } },
    { name: 'a single node: Connections 0, Peers 1', bundle: { files: { 'plugins/weave/status/giza.txt': realWorld('weave-status-healthy-single-node-2.6.4.txt') } } },
    // Sleeve is what WEAVE_NO_FASTDP asks for.
    { name: 'sleeve with fastdp turned off (WEAVE_NO_FASTDP)', bundle: { files: { 'cluster/daemonsets.json': weaveDs({ WEAVE_NO_FASTDP: 'true' }), 'plugins/weave/status-connections/host1010051034219.txt': realWorld('weave-status-connections-sleeve-and-self-connection.txt') } } },
  ],
});
