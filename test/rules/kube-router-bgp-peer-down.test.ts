// kube-router-bgp-peer-down: gobgp neighbor rows not Established (naming both ends), an empty
// neighbor table in a mesh, GoBGP refusing a peer it has no configuration for (KR-01). Firing and
// quiet cases (test/helpers/rule-tester.ts) on the real outputs.
import { expect } from 'vitest';
import { realWorld } from '../helpers/fixtures/node-files.js';
import { scenarioFiles } from '../helpers/bundles.js';
import { testRule } from '../helpers/rule-tester.js';

const HEADER_ONLY = 'Peer           AS  Up/Down State       |#Received  Accepted\n';
const refusedLine = realWorld('kube-router-log-passive-connection-unknown-peer.txt').split('\n')[0]!.replace('10.0.62.85', '10.0.0.10');
const routerLog = scenarioFiles('healthy-kube-router')['logs/kube-system/kube-router-c7d2k/kube-router.log']!.toString();

testRule('kube-router-bgp-peer-down', {
  fires: [
    {
      name: 'TCP 179 to one node blocked: every session to and from it Active, never up',
      bundle: { scenario: 'kube-router-bgp-down' },
      severity: 'critical',
      nodes: ['cp-1', 'worker-1', 'worker-2'],
      summary: [/cp-1 → 10\.0\.0\.12 \(worker-2\) Active, never up/, /worker-2 → 10\.0\.0\.11 \(worker-1\) Active, never up/, /Active: TCP 179 to the peer does not connect/, /Every failing session has worker-2 at one end/],
      cites: ['plugins/kube-router/gobgp-neighbor/cp-1.txt:3', 'plugins/kube-router/gobgp-neighbor/worker-2.txt:2'],
      check: (findings) => {
        expect(findings[0]!.rootCause).toBe(true);
        expect(findings[0]!.actions[1]!.commands).toContain('kubectl -n kube-system delete pod -l k8s-app=kube-router --field-selector spec.nodeName=worker-2');
      },
    },
    {
      name: 'the real never-Active rows of a converging mesh (kube-router#202), peers outside the bundle\'s nodes named by address',
      bundle: { files: { 'plugins/kube-router/gobgp-neighbor/n1.txt': realWorld('gobgp-neighbor-never-active-convergence.txt') } },
      nodes: ['n1'],
      summary: [/6 BGP session\(s\) are not Established: n1 → 172\.20\.33\.99 Active, never up/],
      cites: ['plugins/kube-router/gobgp-neighbor/n1.txt:5'],
    },
    {
      name: 'a node with an empty neighbor table refusing its peer (kube-router#272)',
      bundle: { files: scenarioFiles('healthy-kube-router', { 'plugins/kube-router/gobgp-neighbor/worker-1.txt': HEADER_ONLY, 'logs/kube-system/kube-router-c7d2k/kube-router.log': `${routerLog}${refusedLine}\n` }) },
      nodes: ['cp-1', 'worker-1'],
      summary: [/worker-1 has no BGP neighbor at all in a mesh of 3 nodes/, /worker-1 refuses 10\.0\.0\.10 \(cp-1\)/],
      cites: ['plugins/kube-router/gobgp-neighbor/worker-1.txt:1', 'logs/kube-system/kube-router-c7d2k/kube-router.log:6'],
    },
  ],
  quiet: [
    { name: 'a healthy kube-router mesh', bundle: { scenario: 'healthy-kube-router' } },
    { name: 'the real healthy full mesh (kube-router#58)', bundle: { files: { 'plugins/kube-router/gobgp-neighbor/n1.txt': realWorld('gobgp-neighbor-healthy-3-peers.txt') } } },
    { name: 'an empty table on a one-node cluster (nobody to peer with)', bundle: { files: { 'plugins/kube-router/gobgp-neighbor/n1.txt': HEADER_ONLY } } },
  ],
});
