// Weave Net's own status commands, run in the `weave` container of weave-net
// (https://github.com/weaveworks/weave/blob/master/site/troubleshooting.md). Samples in
// ../shared/real-world/weave-status-*.txt: `status` is "Key: value" lines in Service sections,
// `status connections` one row per connection, `status ipam` one row per peer owning a range.
import type { Unrecognised } from '../model/outputs/text.js';
import type { WeaveConnection, WeaveConnections, WeaveConnectionState, WeaveIpam, WeavePeerName, WeaveStatus } from '../model/outputs/weave.js';
import { splitLines, unrecognised } from './text.js';

const PEER = /([0-9a-f]{2}(?::[0-9a-f]{2}){5})\(([^)]*)\)/i;

function peerName(text: string): WeavePeerName | undefined {
  const m = PEER.exec(text);
  return m ? { mac: m[1]!.toLowerCase(), nickname: m[2]! } : undefined;
}

/** Strips the frames of a log viewer (k9s "│") some pastes carry. */
const unframe = (t: string) => t.replace(/^\s*│\s?/, '').replace(/\s*│\s*$/, '');

export function parseWeaveStatus(text: string): WeaveStatus | Unrecognised {
  const out: WeaveStatus = { format: 'weave-status' };
  let service = '';
  let keys = 0;
  for (const { n, text: raw } of splitLines(text)) {
    const m = /^\s*([A-Za-z]+):\s*(.*?)\s*$/.exec(unframe(raw));
    if (!m) continue;
    const [, key, value] = m as unknown as [string, string, string];
    keys++;
    if (key === 'Service') service = value;
    else if (key === 'Version') out.version = value.split(/\s/)[0];
    else if (key === 'Name' && service === 'router') out.name = peerName(value);
    else if (key === 'Encryption') out.encryption = value;
    else if (key === 'Connections') {
      const total = /^(\d+)/.exec(value);
      const byState: Record<string, number> = {};
      for (const s of value.matchAll(/(\d+) (established|pending|retrying|failed|connecting)/g)) byState[s[2]!] = Number(s[1]);
      if (total) out.connections = { total: Number(total[1]), byState, line: n };
    } else if (key === 'Peers') {
      const c = /^(\d+)/.exec(value);
      if (c) out.peers = { count: Number(c[1]), line: n };
    } else if (key === 'Status' && service === 'ipam') out.ipam = { status: value, line: n };
    else if (key === 'Range' && service === 'ipam' && out.ipam) out.ipam.range = value;
  }
  if (!out.connections && !out.peers && !out.ipam && keys < 3) return unrecognised('no `weave status` fields ("Service:", "Connections:", "Peers:") were found');
  return out;
}

const ROW = /^(<-|->)\s+(\S+)\s+(established|pending|retrying|failed|connecting)\b\s*(.*)$/;

export function parseWeaveConnections(text: string): WeaveConnections | Unrecognised {
  const connections: WeaveConnection[] = [];
  let other = 0;
  for (const { n, text: raw } of splitLines(text)) {
    const t = unframe(raw).trim();
    if (!t) continue;
    const m = ROW.exec(t);
    if (!m) {
      other++;
      continue;
    }
    const info = m[4]!.trim();
    const dataPath = /\bfastdp\b/.exec(info) ? 'fastdp' : /\bsleeve\b/.exec(info) ? 'sleeve' : undefined;
    connections.push({ direction: m[1] === '<-' ? 'in' : 'out', address: m[2]!, state: m[3] as WeaveConnectionState, info, ...(dataPath ? { dataPath } : {}), ...(peerName(info) ? { peer: peerName(info) } : {}), self: /cannot connect to ourself/.test(info), line: n });
  }
  // No connections is a valid answer (a one-node cluster); text that is all something else is not.
  if (!connections.length && other) return unrecognised('no `weave status connections` rows ("-> <address> <state> …") were found');
  return { format: 'weave-status-connections', connections };
}

const IPAM_ROW = /^([0-9a-f]{2}(?::[0-9a-f]{2}){5})\(([^)]*)\)\s+(\d+) IPs \(([\d.]+)% of total\)(?:\s*\((\d+) active\))?(\s*- unreachable!)?/i;

export function parseWeaveIpam(text: string): WeaveIpam | Unrecognised {
  const entries: WeaveIpam['entries'] = [];
  let other = 0;
  for (const { n, text: raw } of splitLines(text)) {
    const t = unframe(raw).trim();
    if (!t) continue;
    const m = IPAM_ROW.exec(t);
    if (!m) {
      other++;
      continue;
    }
    entries.push({ peer: { mac: m[1]!.toLowerCase(), nickname: m[2]! }, ips: Number(m[3]), percent: Number(m[4]), ...(m[5] ? { active: Number(m[5]) } : {}), unreachable: !!m[6], line: n });
  }
  if (!entries.length) return unrecognised(other ? 'no `weave status ipam` rows ("<peer>(<nickname>) N IPs (P% of total)") were found' : 'empty output');
  return { format: 'weave-status-ipam', entries };
}
