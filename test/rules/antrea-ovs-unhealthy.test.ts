// antrea-ovs-unhealthy: antrea-ovs crash-looping, OVS unreachable or without br-int/antrea-gw0, the
// agent not Healthy or retrying OVS again and again. Firing and quiet cases
// (test/helpers/rule-tester.ts) on real outputs.
import { expect } from 'vitest';
import { realWorld } from '../helpers/fixtures/node-files.js';
import { testRule } from '../helpers/rule-tester.js';

const healthyInfo = (node: string) => `POD                            NODE  STATUS  NODE-SUBNET    NETWORK-POLICIES ADDRESS-GROUPS APPLIED-TO-GROUPS LOCAL-PODS\nkube-system/antrea-agent-d7b6g ${node} Healthy 10.244.1.0/24 0 0 0 5\n`;
const ovsShow = realWorld('ovs-vsctl-show-antrea-healthy-ovs-2.17.7.txt');

testRule('antrea-ovs-unhealthy', {
  fires: [
    {
      name: 'antrea-ovs crash-looping on a stale pidfile, the agent unable to reach OVSDB',
      bundle: { scenario: 'antrea-ovs-down' },
      severity: 'critical',
      nodes: ['worker-2'],
      summary: [/antrea-ovs in antrea-agent-w4q7n CrashLoopBackOff \(23 restarts\)/, /pidfile check failed \(No such process\), aborting/, /could not connect to OVS 3 times/],
      cites: ['plugins/antrea/ovs-vsctl-show/worker-2.txt:1', 'logs/kube-system/antrea-agent-w4q7n/antrea-agent.log:4'],
      check: (findings, report) => {
        expect(findings[0]!.rootCause).toBe(true);
        expect(report.findings.find((f) => f.ruleId === 'cni-sandbox-failures')?.rootCause).toBe(false);
      },
    },
    {
      name: 'br-int without its gateway port antrea-gw0',
      bundle: { files: { 'plugins/antrea/agentinfo/n1.txt': healthyInfo('n1'), 'plugins/antrea/ovs-vsctl-show/n1.txt': ovsShow.replace('        Port antrea-gw0\n            Interface antrea-gw0\n                type: internal\n', '') } },
      nodes: ['n1'],
      summary: [/br-int has no gateway port antrea-gw0/],
      cites: ['plugins/antrea/ovs-vsctl-show/n1.txt:2'],
    },
    {
      name: 'no br-int at all',
      bundle: { files: { 'plugins/antrea/agentinfo/n1.txt': healthyInfo('n1'), 'plugins/antrea/ovs-vsctl-show/n1.txt': '75566bd4-6363-42d2-9172-a4faa89ff450\n    ovs_version: "2.17.7"\n' } },
      summary: [/OVS has no bridge br-int/],
    },
    {
      name: 'the agent says it is not Healthy',
      bundle: { files: { 'plugins/antrea/agentinfo/n1.txt': healthyInfo('n1').replace('Healthy', 'Unhealthy') } },
      summary: [/`antctl get agentinfo` says Unhealthy/],
      cites: ['plugins/antrea/agentinfo/n1.txt:2'],
    },
  ],
  quiet: [
    { name: 'a healthy Antrea cluster (one "Not connected yet" in each agent\'s start-up log)', bundle: { scenario: 'healthy-antrea' } },
    { name: 'a healthy br-int and a Healthy agent', bundle: { files: { 'plugins/antrea/agentinfo/n1.txt': healthyInfo('n1'), 'plugins/antrea/ovs-vsctl-show/n1.txt': ovsShow } } },
  ],
});
