// multus-delegate-failed: a NetworkAttachmentDefinition missing from the pod's namespace (MU-01), a
// chained-only plugin run alone (MU-02, the real k3s event of multus-cni#714), a delegate's own
// failure (MU-03), the default network's readiness file (MU-04), and NetworkAttachmentDefinitions
// Multus cannot use. Firing and quiet cases (test/helpers/rule-tester.ts).
import { expect } from 'vitest';
import { event, list } from '../helpers/fixtures/k8s.js';
import { realWorld, scenarioFiles } from '../helpers/bundles.js';
import { testRule } from '../helpers/rule-tester.js';
import { networkAttachment } from '../../scripts/sample-bundles/plugins.js';

const NADS = 'cluster/custom/network-attachment-definitions.k8s.cni.cncf.io.json';

/** The healthy scenario with events added (each a FailedCreatePodSandBox on `host`). */
function withEvents(...added: { pod: string; host: string; message: string }[]): Record<string, string | Buffer> {
  const events = JSON.parse(scenarioFiles('healthy-multus')['cluster/events.json']!.toString()) as { items: unknown[] };
  const extra = added.map((a) => event({ namespace: a.pod.split('/')[0]!, object: { kind: 'Pod', name: a.pod.split('/')[1]! }, reason: 'FailedCreatePodSandBox', type: 'Warning', host: a.host, count: 7, message: a.message }));
  return scenarioFiles('healthy-multus', { 'cluster/events.json': list([...events.items, ...extra]) });
}

// k9s draws its frame mid-word; joined back, the message is what the runtime printed.
const chainedEvent = realWorld('events-multus-k3s-flannel-delegate-must-be-chained.txt').split('\n').join('').replace(/ ?││ ?/g, '');
const chainedMessage = chainedEvent.slice(chainedEvent.indexOf('Failed to create pod sandbox'));
const sriovMessage = 'Failed to create pod sandbox: rpc error: code = Unknown desc = failed to setup network for sandbox "8a1f": plugin type="multus" name="multus-cni-network" failed (add): [telco/upf-0/6b0c9e2a-1d4f-4a8b-b3c5-7e9d2f1a0c64:sriov-net]: error adding container to network "sriov-net": SRIOV-CNI failed to load netconf: LoadConf(): VF pci addr is required';
const readinessMessage = 'Failed to create pod sandbox: rpc error: code = Unknown desc = failed to setup network for sandbox "77aa": plugin type="multus" name="multus-cni-network" failed (add): Multus: [shop/web-6c9f8b7d5-t7q2c/3f6c2a1e-0b5d-4c7e-9a2f-8d1e6b4c0a97]: have you checked that your default network is ready? still waiting for readinessindicatorfile @ /run/flannel/subnet.env. pollimmediate error: timed out waiting for the condition';

testRule('multus-delegate-failed', {
  fires: [
    {
      name: 'pods asking for a network defined only in another namespace, and a NetworkAttachmentDefinition whose config is not JSON',
      bundle: { scenario: 'multus-missing-network' },
      severity: 'critical',
      nodes: ['worker-1', 'worker-2'],
      findings: 2,
      summary: [/2 pod\(s\) \(shop\/web-6c9f8b7d5-t7q2c, shop\/web-6c9f8b7d5-x8k4d\) on worker-1, worker-2 ask for network "macvlan-conf", and Multus finds no NetworkAttachmentDefinition of that name in namespace shop \(one exists in telco\/macvlan-conf/, /shop\/storage-net: spec\.config is not valid JSON \(it starts with "type: macvlan\\nmaster: et"…\)/],
      cites: [`${NADS}:4`, `${NADS}:19`],
      check: (findings, report) => {
        expect(findings[0]!.rootCause).toBe(true);
        expect(findings[1]!.severity).toBe('medium');
        // A latent problem no pod has hit yet explains nothing.
        expect(findings[1]!.explains).toEqual([]);
        expect(report.findings.find((f) => f.ruleId === 'cni-sandbox-failures')?.causedBy).toEqual([findings[0]!.id]);
      },
    },
    {
      name: 'the real k3s event: flannel\'s "cbr0" run as a single plugin (multus-cni#714)',
      bundle: { files: withEvents({ pod: 'max-dev/mc-void', host: 'worker-1', message: chainedMessage }) },
      nodes: ['worker-1'],
      summary: [/Multus ran the chained-only plugin of network "cbr0" on its own \("must be called as chained plugin"\)/],
      check: (findings) => expect(findings[0]!.actions[0]!.commands[1]).toBe('kubectl -n kube-system rollout restart daemonset/kube-multus-ds'),
    },
    {
      name: 'a delegate\'s own error, named with the delegate of its NetworkAttachmentDefinition',
      bundle: { files: { ...withEvents({ pod: 'telco/upf-0', host: 'worker-2', message: sriovMessage }), [NADS]: list([networkAttachment('telco', 'sriov-net', '{"cniVersion":"0.3.1","type":"sriov","vlan":100,"ipam":{"type":"whereabouts","range":"10.56.217.0/24"}}')]) } },
      nodes: ['worker-2'],
      summary: [/1 pod\(s\) \(telco\/upf-0\) on worker-2 cannot be added to network "sriov-net" \(delegate sriov\): "SRIOV-CNI failed to load netconf: LoadConf\(\): VF pci addr is required"/],
      cites: [`${NADS}:4`],
    },
    {
      name: 'the default network\'s readiness file missing: a symptom of the default plugin, high',
      bundle: { files: withEvents({ pod: 'shop/web-6c9f8b7d5-t7q2c', host: 'worker-1', message: readinessMessage }) },
      severity: 'high',
      nodes: ['worker-1'],
      summary: [/Multus waits for the default network's readiness file \/run\/flannel\/subnet\.env for 1 pod\(s\)/],
    },
    {
      name: 'a NetworkAttachmentDefinition whose plugin no node has',
      bundle: { files: scenarioFiles('healthy-multus', { [NADS]: list([networkAttachment('telco', 'sriov-net', '{"cniVersion":"0.3.1","type":"sriov","ipam":{"type":"host-local","subnet":"10.56.217.0/24"}}')]) }) },
      severity: 'medium',
      summary: [/telco\/sriov-net: plugin sriov is in no node's CNI bin directory/],
    },
  ],
  quiet: [
    { name: 'Multus in front of flannel with a usable macvlan network', bundle: { scenario: 'healthy-multus' } },
    { name: 'a NetworkAttachmentDefinition without spec.config (Multus reads the file of that name)', bundle: { files: scenarioFiles('healthy-multus', { [NADS]: list([networkAttachment('telco', 'from-file', '')]) }) } },
  ],
});
