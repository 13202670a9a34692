// antctl get agentinfo and ovs-vsctl show (antrea-ovs) — on the real outputs in ../shared/real-world
// (sources in each file's first line) and on our own edge cases; the Antrea log signatures on the
// real agent and OVS logs.
import { describe, expect, it } from 'vitest';
import type { AntreaAgentInfo, OvsVsctlShow } from '../../src/model/outputs/antrea.js';
import { parseAntctlAgentInfo, parseOvsVsctlShow } from '../../src/parsers/antrea.js';
import { matchSignature } from '../../src/parsers/signatures.js';
import { realWorld } from '../helpers/bundles.js';

const ok = <T extends { format: string }>(r: T | { format: 'unrecognised'; reason: string }): T => {
  if (r.format === 'unrecognised') throw new Error(`not recognised: ${(r as { reason: string }).reason}`);
  return r as T;
};

describe('antctl get agentinfo', () => {
  it('reads a healthy agent (antrea#6653)', () => {
    const a = ok<AntreaAgentInfo>(parseAntctlAgentInfo(realWorld('antctl-get-agentinfo-healthy.txt')));
    expect(a).toEqual({ format: 'antctl-agentinfo', pod: 'kube-system/antrea-agent-d7b6g', node: 'bm02', status: 'Healthy', nodeSubnet: '192.168.1.0/24', localPods: 5, line: 2 });
  });

  it('reads a degraded agent and CRLF line endings', () => {
    const a = ok<AntreaAgentInfo>(parseAntctlAgentInfo('POD NODE STATUS NODE-SUBNET LOCAL-PODS\r\nkube-system/antrea-agent-x n1 Unhealthy 10.244.1.0/24 0\r\n'));
    expect(a.status).toBe('Unhealthy');
    expect(a.node).toBe('n1');
  });

  it('does not read an error or an empty table as agent info', () => {
    expect(parseAntctlAgentInfo('Error: error when requesting agentinfo: connection refused\n')).toMatchObject({ format: 'unrecognised', reason: expect.stringContaining('POD NODE STATUS') });
    expect(parseAntctlAgentInfo('POD NODE STATUS\n')).toMatchObject({ format: 'unrecognised', reason: expect.stringContaining('no row') });
  });
});

describe('ovs-vsctl show', () => {
  it('reads br-int with its tunnel, gateway and pod ports (antrea#5869, OVS 2.17.7)', () => {
    const s = ok<OvsVsctlShow>(parseOvsVsctlShow(realWorld('ovs-vsctl-show-antrea-healthy-ovs-2.17.7.txt')));
    expect(s.version).toBe('2.17.7');
    expect(s.errors).toEqual([]);
    expect(s.bridges.map((b) => b.name)).toEqual(['br-int']);
    expect(s.bridges[0]!.ports.map((p) => [p.name, p.type])).toEqual([
      ['antrea-tun0', 'geneve'],
      ['antrea-gw0', 'internal'],
      ['coredns--3bcc0c', ''],
      ['local-pa-daf9ad', ''],
      ['coredns--70cbe6', ''],
      ['antrea-t-579008', ''],
    ]);
  });

  it('reads a database it cannot reach as an error, with its line', () => {
    const s = ok<OvsVsctlShow>(parseOvsVsctlShow('ovs-vsctl: unix:/var/run/openvswitch/db.sock: database connection failed (No such file or directory)\n'));
    expect(s.bridges).toEqual([]);
    expect(s.errors).toEqual([{ line: 1, text: 'ovs-vsctl: unix:/var/run/openvswitch/db.sock: database connection failed (No such file or directory)' }]);
  });

  it('does not read other text as ovs-vsctl show', () => {
    expect(parseOvsVsctlShow('OCI runtime exec failed: exec: "ovs-vsctl": executable file not found in $PATH\n').format).toBe('unrecognised');
  });
});

describe('Antrea log signatures', () => {
  const ids = (text: string) => text.split('\n').map((l) => matchSignature(l)?.signature.id).filter(Boolean);

  it('AN-02 on every "Not connected yet" of the stuck agent (antrea#3152)', () => {
    expect(ids(realWorld('antrea-agent-log-ovsdb-not-connected-windows-1.4.txt'))).toEqual(['AN-02', 'AN-02', 'AN-02']);
  });

  it('AN-02 on the lost OpenFlow connection to br-int.mgmt (antrea#475)', () => {
    expect(ids(realWorld('antrea-agent-log-openflow-reconnect-br-int-mgmt.txt'))).toContain('AN-02');
  });

  it('AN-03 on ovsdb-server aborting on its pidfile, once per restart (antrea#648)', () => {
    expect(ids(realWorld('antrea-ovs-log-pidfile-check-failed-crashloop.txt')).filter((id) => id === 'AN-03').length).toBeGreaterThanOrEqual(3);
  });

  it('one "Not connected yet" in a healthy start-up', () => {
    expect(ids(realWorld('antrea-agent-log-healthy-startup-2.0.txt')).filter((id) => id === 'AN-02')).toEqual(['AN-02']);
  });
});
