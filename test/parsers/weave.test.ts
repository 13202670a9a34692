// weave --local status / status connections / status ipam — on the real outputs in
// ../shared/real-world (sources in each file's first line) and on our own edge cases.
import { describe, expect, it } from 'vitest';
import type { WeaveConnections, WeaveIpam, WeaveStatus } from '../../src/model/outputs/weave.js';
import { parseWeaveConnections, parseWeaveIpam, parseWeaveStatus } from '../../src/parsers/weave.js';
import { matchSignature } from '../../src/parsers/signatures.js';
import { realWorld } from '../helpers/bundles.js';

const ok = <T extends { format: string }>(r: T | { format: 'unrecognised'; reason: string }): T => {
  if (r.format === 'unrecognised') throw new Error(`not recognised: ${(r as { reason: string }).reason}`);
  return r as T;
};

describe('weave status', () => {
  it('reads a router with one failed connection (weave 2.0.4, weaveworks/weave#3112)', () => {
    const s = ok<WeaveStatus>(parseWeaveStatus(realWorld('weave-status-2.0.4-one-connection-failed.txt')));
    expect(s.version).toBe('2.0.4');
    expect(s.name).toEqual({ mac: 'c2:03:ba:47:32:13', nickname: 'ip-10-8-31-224' });
    expect(s.connections).toMatchObject({ total: 2, byState: { established: 1, failed: 1 } });
    expect(s.peers?.count).toBe(2);
    expect(s.ipam).toMatchObject({ status: 'ready', range: '10.32.0.0/12' });
  });

  it('reads a healthy single node: Connections 0, Peers 1 (weave 2.6.4)', () => {
    const s = ok<WeaveStatus>(parseWeaveStatus(realWorld('weave-status-healthy-single-node-2.6.4.txt')));
    expect(s.connections).toMatchObject({ total: 0, byState: {} });
    expect(s.peers?.count).toBe(1);
    expect(s.encryption).toBe('enabled');
  });

  it('does not read other text as a status', () => {
    expect(parseWeaveStatus('weave container is not present. Have you launched it?\n').format).toBe('unrecognised');
  });
});

describe('weave status connections', () => {
  it('reads every state of the troubleshooting guide', () => {
    const c = ok<WeaveConnections>(parseWeaveConnections(realWorld('weave-status-connections-docs-all-states.txt')));
    expect(c.connections.map((x) => [x.direction, x.address, x.state])).toEqual([
      ['in', '192.168.48.12:33866', 'established'],
      ['in', '192.168.48.13:60773', 'pending'],
      ['out', '192.168.48.14:6783', 'retrying'],
      ['out', '192.168.48.15:6783', 'failed'],
      ['out', '192.168.48.16:6783', 'connecting'],
    ]);
    expect(c.connections[0]).toMatchObject({ dataPath: 'fastdp', peer: { mac: '7e:21:4a:70:2f:45', nickname: 'host2' }, line: 1 });
    expect(c.connections[3]!.info).toMatch(/no route to host, retry: 2015-08-06/);
  });

  it('reads encrypted fastdp rows with the missing space ("encrypted=truemtu=8192")', () => {
    const c = ok<WeaveConnections>(parseWeaveConnections(realWorld('weave-status-connections-healthy-encrypted-fastdp.txt')));
    expect(c.connections).toHaveLength(6);
    expect(c.connections.every((x) => x.state === 'established' && x.dataPath === 'fastdp')).toBe(true);
  });

  it('tells sleeve from fastdp and the router\'s own address from a failure', () => {
    const c = ok<WeaveConnections>(parseWeaveConnections(realWorld('weave-status-connections-sleeve-and-self-connection.txt')));
    expect(c.connections.filter((x) => x.dataPath === 'sleeve')).toHaveLength(4);
    expect(c.connections.at(-1)).toMatchObject({ state: 'failed', self: true });
    expect(c.connections.filter((x) => x.self)).toHaveLength(1);
  });

  it('keeps the IPAM refusal of a connection', () => {
    const c = ok<WeaveConnections>(parseWeaveConnections(realWorld('weave-status-connections-failed-seeded-by-different-peers.txt')));
    expect(c.connections[0]).toMatchObject({ state: 'failed', self: false });
    expect(c.connections[0]!.info).toMatch(/IP allocation was seeded by different peers/);
  });

  it('reads no output as no connections (one node), other text as unrecognised', () => {
    expect(ok<WeaveConnections>(parseWeaveConnections('')).connections).toEqual([]);
    expect(parseWeaveConnections('error: unable to upgrade connection\n').format).toBe('unrecognised');
  });
});

describe('weave status ipam', () => {
  it('reads the ranges of deleted peers as unreachable (weaveworks/weave#3384)', () => {
    const r = ok<WeaveIpam>(parseWeaveIpam(realWorld('weave-status-ipam-unreachable-dead-peers.txt')));
    expect(r.entries).toHaveLength(14);
    expect(r.entries[0]).toMatchObject({ peer: { nickname: 'ip-10-11-53-254.eu-west-1.compute.internal' }, ips: 7, active: 7, unreachable: false });
    expect(r.entries.filter((e) => e.unreachable)).toHaveLength(13);
    expect(r.entries[6]).toMatchObject({ peer: { mac: 'da:f0:0a:b5:31:58', nickname: '' }, ips: 524288, percent: 25 });
  });
});

describe('signatures of the plugins added with issue 14', () => {
  // Pastes wrap long event messages (k9s draws its frame "││" mid-word); joined back, the message
  // is what the runtime printed.
  const unwrapped = (file: string) => realWorld(file).split('\n').join('').replace(/ ?││ ?/g, '');
  it.each([
    ['events-weave-unable-to-allocate-ip-connection-refused.txt', 'W-01'],
    ['events-antrea-cni-sock-missing.txt', 'AN-01'],
    ['crio-journal-multus-openshift-sdn-cniserver-socket-missing.txt', 'OS-01'],
    ['events-ovn-kubernetes-pod-annotation-timed-out-condition.txt', 'OVN-01'],
    ['kubelet-log-ovn-kubernetes-pod-annotation-timed-out-kind.txt', 'OVN-01'],
    ['events-multus-cannot-find-network-attachment-definition.txt', 'MU-01'],
    ['events-multus-k3s-flannel-delegate-must-be-chained.txt', 'MU-02'],
    ['azure-vnet-ipam-log-no-available-addresses.txt', 'AZ-01'],
    ['events-azure-cni-no-available-address-pools-dualstack.txt', 'AZ-01'],
    ['events-azure-cni-cns-not-enough-ips-docs.txt', 'AZ-01'],
    ['kube-proxy-log-cri-format-conntrack-read-only-fatal.txt', 'KP-01'],
    ['kube-proxy-log-iptables-restore-line-failed-1.17.txt', 'KP-02'],
    ['kube-proxy-journal-ip6tables-restore-nftables-xor-mark.txt', 'KP-02'],
  ])('%s is %s', (file, id) => {
    expect(matchSignature(unwrapped(file))?.signature.id).toBe(id);
  });
  it('names the missing NetworkAttachmentDefinition', () => {
    expect(matchSignature(unwrapped('events-multus-cannot-find-network-attachment-definition.txt'))?.groups).toMatchObject({ network: 'centos-runtimeconfig-def', namespace: 'default' });
  });
});
