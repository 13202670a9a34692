// kube-router's BGP speaker is GoBGP; `gobgp neighbor` prints one row per peer:
//   Peer             AS  Up/Down State       |#Received  Accepted
//   172.20.33.99  64512    never Active      |        0         0
// Up/Down may be two tokens ("2d 01:05:07") and gobgp 1.21 left the Peer column empty, so a row is
// read from both ends of the '|' rather than by column position. Samples in ../shared/real-world/
// gobgp-neighbor-*.txt and kube-router-pod-toolbox-motd-healthy.txt.
// https://github.com/osrg/gobgp/blob/master/docs/sources/cli-command-syntax.md
import type { GobgpNeighbor, GobgpNeighbors } from '../model/outputs/kube-router.js';
import type { Unrecognised } from '../model/outputs/text.js';
import { splitLines, unrecognised } from './text.js';

const HEADER = /^\s*Peer\s+AS\s+Up\/Down\s+State\s*\|\s*#Received\s+Accepted\s*$/;
const ADDRESS = /^(?:\d{1,3}(?:\.\d{1,3}){3}|[0-9a-f:]*:[0-9a-f:]+)$/i;

export function parseGobgpNeighbor(text: string): GobgpNeighbors | Unrecognised {
  const lines = splitLines(text);
  const header = lines.find((l) => HEADER.test(l.text));
  if (!header) return unrecognised('no `gobgp neighbor` header ("Peer AS Up/Down State |#Received Accepted") was found');
  const out: GobgpNeighbors = { format: 'gobgp-neighbor', neighbors: [], headerLine: header.n };
  for (const l of lines) {
    if (l.n <= header.n) continue;
    // The table ends at the first line that is not a row (the toolbox banner prints more after it).
    const bar = l.text.indexOf('|');
    if (bar < 0) {
      if (l.text.trim()) break;
      continue;
    }
    const left = l.text.slice(0, bar).trim().split(/\s+/).filter(Boolean);
    const right = l.text.slice(bar + 1).trim().split(/\s+/).filter(Boolean);
    if (left.length < 3) break;
    const address = ADDRESS.test(left[0]!) ? left.shift()! : '';
    const as = /^\d+$/.test(left[0] ?? '') ? Number(left.shift()) : undefined;
    const state = left.pop()!;
    const n: GobgpNeighbor = { address, ...(as !== undefined ? { as } : {}), upDown: left.join(' '), state, line: l.n };
    const [received, accepted] = right.map(Number);
    if (Number.isFinite(received)) n.received = received;
    if (Number.isFinite(accepted)) n.accepted = accepted;
    out.neighbors.push(n);
  }
  return out;
}

/** gobgp abbreviates Established to fit its column. */
export const isEstablished = (state: string): boolean => /^establ(ished)?$/i.test(state);
