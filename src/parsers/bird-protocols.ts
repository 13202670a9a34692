// `birdcl show protocols` (BIRD 1.6 inside calico-node, or birdc on a router). Calico names its BGP
// sessions Mesh_<ip>, Node_<ip> and Global_<ip> with '.'/':' replaced by '_'.
import { splitBgpInfo, splitLines, unrecognised } from './text.js';
import type { Unrecognised } from '../model/outputs/text.js';
import type { BirdProtocol, BirdProtocols } from '../model/outputs/bird-protocols.js';

const PEER_TYPES = { Mesh: 'node-to-node mesh', Node: 'node specific', Global: 'global' } as const;

export function decodeCalicoProtocolName(name: string): { peerAddress: string; peerType: BirdProtocol['peerType'] } | undefined {
  const m = /^(Mesh|Node|Global)_(.+)$/.exec(name);
  if (!m) return undefined;
  const body = m[2]!;
  const parts = body.split('_');
  const address = parts.length === 4 && parts.every((p) => /^\d{1,3}$/.test(p)) ? parts.join('.') : body.replace(/_/g, ':');
  return { peerAddress: address, peerType: PEER_TYPES[m[1] as keyof typeof PEER_TYPES] };
}

export function parseBirdProtocols(text: string): BirdProtocols | Unrecognised {
  const result: BirdProtocols = { format: 'bird-show-protocols', protocols: [], errors: [] };
  let header = false;
  for (const { n, text: raw } of splitLines(text)) {
    // birdc -v prefixes reply codes ("2002-name ..."); strip them.
    const line = raw.replace(/^\d{4}[- ]/, '');
    const t = line.trim();
    if (!t) continue;
    let m: RegExpExecArray | null;
    if ((m = /^BIRD (\S+) ready\.?$/.exec(t))) {
      result.version = m[1];
      continue;
    }
    if (/^name\s+proto\s+table\s+state\s+since\s+info$/i.test(t)) {
      header = true;
      continue;
    }
    if (/unable to connect|connection refused|no such file|error/i.test(t) && !header) {
      result.errors.push({ line: n, text: t });
      continue;
    }
    if (!header) continue;
    // name proto table state since [date-part] info...
    m = /^(\S+)\s+(\S+)\s+(\S+)\s+(\S+)\s+(\d{4}-\d{2}-\d{2}(?: \d{2}:\d{2}:\d{2})?|\d{2}:\d{2}(?::\d{2})?|\S+)\s*(.*)$/.exec(t);
    if (!m) continue;
    const info = m[6]!.trim();
    const decoded = decodeCalicoProtocolName(m[1]!);
    result.protocols.push({
      name: m[1]!,
      proto: m[2]!,
      table: m[3]!,
      state: m[4]!,
      since: m[5]!,
      info,
      ...splitBgpInfo(info),
      ...(decoded ?? {}),
      line: n,
    });
  }
  if (!header && !result.errors.length) {
    return unrecognised('no `show protocols` table header ("name proto table state since info") was found');
  }
  return result;
}
