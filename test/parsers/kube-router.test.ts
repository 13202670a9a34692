// `gobgp neighbor` (kube-router) on the real outputs in ../shared/real-world (sources in each file's
// first line) and on our own edge cases; the kube-router log signature on the real log line.
import { describe, expect, it } from 'vitest';
import type { GobgpNeighbors } from '../../src/model/outputs/kube-router.js';
import { isEstablished, parseGobgpNeighbor } from '../../src/parsers/kube-router.js';
import { matchLogLine, matchSignature } from '../../src/parsers/signatures.js';
import { realWorld } from '../helpers/bundles.js';

const ok = (r: ReturnType<typeof parseGobgpNeighbor>): GobgpNeighbors => {
  if (r.format === 'unrecognised') throw new Error(`not recognised: ${r.reason}`);
  return r;
};

describe('gobgp neighbor', () => {
  it('reads a healthy full mesh (kube-router#58)', () => {
    const t = ok(parseGobgpNeighbor(realWorld('gobgp-neighbor-healthy-3-peers.txt')));
    expect(t.headerLine).toBe(1);
    expect(t.neighbors).toEqual([
      { address: '172.20.33.233', as: 64512, upDown: '00:19:22', state: 'Establ', received: 1, accepted: 1, line: 2 },
      { address: '172.20.41.250', as: 64512, upDown: '00:19:24', state: 'Establ', received: 1, accepted: 1, line: 3 },
      { address: '172.20.47.91', as: 64512, upDown: '00:19:32', state: 'Establ', received: 1, accepted: 1, line: 4 },
    ]);
    expect(t.neighbors.every((n) => isEstablished(n.state))).toBe(true);
  });

  it('reads peers that never came up (kube-router#202)', () => {
    const t = ok(parseGobgpNeighbor(realWorld('gobgp-neighbor-never-active-convergence.txt')));
    expect(t.neighbors).toHaveLength(20);
    const down = t.neighbors.filter((n) => !isEstablished(n.state));
    expect(down.map((n) => n.address)).toEqual(['172.20.33.99', '172.20.34.2', '172.20.34.41', '172.20.36.239', '172.20.37.170', '172.20.38.2']);
    expect(down[0]).toEqual({ address: '172.20.33.99', as: 64512, upDown: 'never', state: 'Active', received: 0, accepted: 0, line: 5 });
  });

  it('reads the empty Peer column of gobgp 1.21 and a two-token Up/Down inside the toolbox banner, stopping at the table\'s end', () => {
    const t = ok(parseGobgpNeighbor(realWorld('kube-router-pod-toolbox-motd-healthy.txt')));
    expect(t.neighbors).toEqual([{ address: '', as: 64512, upDown: '2d 01:05:07', state: 'Establ', received: 1, accepted: 1, line: 9 }]);
  });

  it('reads an empty table (header only) as no neighbors, and IPv6 peers and CRLF', () => {
    const lines = realWorld('kube-router-log-passive-connection-unknown-peer.txt').split('\n');
    expect(ok(parseGobgpNeighbor(lines.slice(1).join('\n'))).neighbors).toEqual([]);
    const v6 = ok(parseGobgpNeighbor('Peer             AS  Up/Down State       |#Received  Accepted\r\nfd00::12      64512 00:01:02 Idle        |        0         0\r\n'));
    expect(v6.neighbors[0]).toMatchObject({ address: 'fd00::12', state: 'Idle', line: 2 });
  });

  it('does not read an error as a table', () => {
    expect(parseGobgpNeighbor('rpc error: code = Unavailable desc = connection error: desc = "transport: Error while dialing dial tcp 127.0.0.1:50051: connect: connection refused"\n')).toMatchObject({ format: 'unrecognised', reason: expect.stringContaining('gobgp neighbor') });
  });
});

describe('kube-router log signature', () => {
  it('KR-01 names the refused peer (kube-router#272)', () => {
    const line = realWorld('kube-router-log-passive-connection-unknown-peer.txt').split('\n')[0]!;
    const m = matchSignature(line);
    expect(m?.signature.id).toBe('KR-01');
    expect(m?.groups.peer).toBe('10.0.62.85');
    // Logs pass a cheap pre-filter first: the line must get through it too.
    expect(matchLogLine(line)?.signature.id).toBe('KR-01');
  });
});
