// calicoctl node status, birdcl show protocols, calicoctl ipam show — on real outputs
// (../shared/real-world, sources in each file's first line) and on our own edge cases.
import { describe, expect, it } from 'vitest';
import { parseBirdProtocols } from '../../src/parsers/bird-protocols.js';
import { parseCalicoIpamShow } from '../../src/parsers/calico-ipam-show.js';
import { parseCalicoNodeStatus } from '../../src/parsers/calico-node-status.js';
import type { CalicoNodeStatus } from '../../src/model/outputs/calico-node-status.js';
import { realWorld } from '../helpers/bundles.js';

const status = (text: string) => {
  const r = parseCalicoNodeStatus(text);
  if (r.format !== 'calicoctl-node-status') throw new Error(`not recognised: ${r.reason}`);
  return r as CalicoNodeStatus;
};

describe('calicoctl node status', () => {
  it('reads the healthy tablewriter table (projectcalico/felix#1942), SINCE as date or time', () => {
    const s = status(realWorld('calico-node-status-healthy-established.txt'));
    expect(s.processRunning).toBe(true);
    expect(s.peers.map((p) => [p.address, p.peerType, p.state, p.since, p.bgpState])).toEqual([
      ['25.25.25.120', 'node-to-node mesh', 'up', '2019-01-12', 'Established'],
      ['35.35.35.122', 'node-to-node mesh', 'up', '18:24:27', 'Established'],
      ['35.35.35.123', 'node-to-node mesh', 'up', '18:24:27', 'Established'],
    ]);
    expect(s.noPeers).toEqual(['IPv6']);
  });

  it('joins an INFO cell wrapped onto a continuation row (projectcalico/calicoctl#1883)', () => {
    const s = status(realWorld('calico-node-status-active-connection-refused.txt'));
    expect(s.peers).toHaveLength(1);
    expect(s.peers[0]).toMatchObject({ address: '192.168.63.204', state: 'start', info: 'Active Socket: Connection refused', bgpState: 'Active', detail: 'Socket: Connection refused' });
  });

  it('reads a node-specific peer stuck Idle with Bad BGP identifier (projectcalico/calico#689)', () => {
    const s = status(realWorld('calico-node-status-bad-bgp-identifier.txt'));
    expect(s.peers[0]).toMatchObject({ address: '172.30.30.11', peerType: 'node specific', bgpState: 'Idle', detail: 'BGP Error: Bad BGP identifier' });
  });

  it('reads the go-pretty style with left-aligned headers and no wrapping', () => {
    const text = [
      'Calico process is running.',
      '',
      'IPv4 BGP status',
      '+--------------+-------------------+-------+----------+-----------------------------------+',
      '| PEER ADDRESS | PEER TYPE         | STATE | SINCE    | INFO                              |',
      '+--------------+-------------------+-------+----------+-----------------------------------+',
      '| 10.0.0.11    | node-to-node mesh | start | 09:44:41 | Connect Socket: Connection refused |',
      '+--------------+-------------------+-------+----------+-----------------------------------+',
      '',
    ].join('\n');
    expect(status(text).peers[0]).toMatchObject({ address: '10.0.0.11', bgpState: 'Connect', detail: 'Socket: Connection refused' });
  });

  it('reads "not running" and "Error querying BIRD" (printed without a trailing newline)', () => {
    expect(status('Calico process is not running.\n').processRunning).toBe(false);
    const s = status('Calico process is running.\n\nIPv4 BGP status\nError querying BIRD: unable to connect to BIRDv4 socket: dial unix /var/run/calico/bird.ctl: connect: connection refused\nIPv6 BGP status\nNo IPv6 peers found.\n');
    expect(s.errors.map((e) => e.line)).toEqual([4]);
    expect(s.peers).toEqual([]);
  });

  it('reads the BIRD-not-running line of VXLAN-only nodes, and CRLF output', () => {
    const s = status('Calico process is running.\r\n\r\nThe BGP backend process (BIRD) is not running.\r\n');
    expect(s.birdNotRunning?.line).toBe(3);
  });

  it('reads the per-family "process is not running" lines of calicoctl (BIRDv4 and BIRDv6)', () => {
    const s = status("Calico process is running.\n\nIPv4 BGP status\nINFO: BIRDv4 process: 'bird' is not running.\n\nIPv6 BGP status\nINFO: BIRDv6 process: 'bird6' is not running.\n");
    expect(s.birdNotRunning).toEqual({ line: 4, text: "INFO: BIRDv4 process: 'bird' is not running." });
  });

  it('reports unrecognised output instead of reading it as healthy', () => {
    const r = parseCalicoNodeStatus('Error: unknown command "status" for "calicoctl node"\n');
    expect(r.format).toBe('unrecognised');
  });
});

describe('birdcl show protocols', () => {
  it('reads the healthy BIRD 1.6.8 table with trailing spaces', () => {
    const r = parseBirdProtocols(realWorld('bird-show-protocols-healthy.txt'));
    if (r.format !== 'bird-show-protocols') throw new Error(r.reason);
    expect(r.version).toBe('1.6.8');
    expect(r.protocols.filter((p) => p.proto === 'BGP').map((p) => [p.name, p.bgpState])).toEqual([
      ['control1', 'Established'],
      ['worker1', 'Established'],
      ['worker2', 'Established'],
    ]);
  });

  it('reads sessions stuck in Connect with "Socket: No route to host"', () => {
    const r = parseBirdProtocols(realWorld('bird-show-protocols-no-route-to-host.txt'));
    if (r.format !== 'bird-show-protocols') throw new Error(r.reason);
    const bgp = r.protocols.filter((p) => p.proto === 'BGP');
    expect(bgp.map((p) => [p.state, p.bgpState, p.detail])).toEqual([
      ['start', 'Connect', 'Socket: No route to host'],
      ['start', 'Connect', 'Socket: No route to host'],
    ]);
    expect(r.protocols.find((p) => p.name === 'direct1')?.state).toBe('down');
  });

  it("decodes Calico's protocol names into peer addresses", () => {
    const r = parseBirdProtocols('BIRD v0.3.3+birdv1.6.8 ready.\nname     proto    table    state  since       info\nMesh_10_0_0_11 BGP      master   start  09:44:40    Connect       Socket: Connection refused\nNode_fd00__1 BGP master up 09:00:00 Established\n');
    if (r.format !== 'bird-show-protocols') throw new Error(r.reason);
    expect(r.protocols.map((p) => [p.peerAddress, p.peerType])).toEqual([
      ['10.0.0.11', 'node-to-node mesh'],
      ['fd00::1', 'node specific'],
    ]);
  });

  it('reports output without the table as unrecognised', () => {
    expect(parseBirdProtocols('something else\n').format).toBe('unrecognised');
  });
});

describe('calicoctl ipam show', () => {
  it('reads --show-blocks (projectcalico/calico#6206): pool row and /26 block rows', () => {
    const r = parseCalicoIpamShow(realWorld('calico-ipam-show-blocks-healthy.txt'));
    if (r.format !== 'calicoctl-ipam-show') throw new Error(r.reason);
    expect(r.pools).toEqual([expect.objectContaining({ cidr: '10.244.0.0/16', total: 65536, inUse: 41, free: 65495 })]);
    expect(r.blocks).toHaveLength(6);
    expect(r.blocks[4]).toMatchObject({ cidr: '10.244.31.64/26', total: 64, inUse: 16 });
  });

  it('parses %.5g exponent notation for large pools', () => {
    const r = parseCalicoIpamShow('+----------+-------------+------------+------------+------------+\n| GROUPING |    CIDR     | IPS TOTAL  | IPS IN USE |  IPS FREE  |\n+----------+-------------+------------+------------+------------+\n| IP Pool  | 10.0.0.0/8  | 1.6777e+07 | 3 (0%)     | 1.6777e+07 (100%) |\n');
    if (r.format !== 'calicoctl-ipam-show') throw new Error(r.reason);
    expect(r.pools[0]!.total).toBeCloseTo(16_777_000, -3);
  });

  it('reports a missing table as unrecognised', () => {
    expect(parseCalicoIpamShow('Failed to create Calico API client: invalid configuration\n').format).toBe('unrecognised');
  });
});
