// `calicoctl node status`: both table styles (tablewriter with centred headers and INFO cells wrapped
// onto continuation rows, and go-pretty with left-aligned headers), plus the non-table forms.
// Format: projectcalico/calico calicoctl/commands/node/status.go (cni-signatures.md C-01).
import { splitBgpInfo, splitLines, tableCells, unrecognised } from './text.js';
import type { Unrecognised } from '../model/outputs/text.js';
import type { CalicoNodeStatus } from '../model/outputs/calico-node-status.js';

export function parseCalicoNodeStatus(text: string): CalicoNodeStatus | Unrecognised {
  const result: CalicoNodeStatus = { format: 'calicoctl-node-status', errors: [], peers: [], noPeers: [] };
  let family: 'IPv4' | 'IPv6' = 'IPv4';
  let columns: string[] | undefined;
  let recognised = false;
  for (const { n, text: line } of splitLines(text)) {
    const t = line.trim();
    if (!t) continue;
    let m: RegExpExecArray | null;
    if ((m = /^calico(?:-node)? (?:process|container) is (not )?running/i.exec(t))) {
      result.processRunning = !m[1];
      result.processLine = n;
      recognised = true;
    } else if ((m = /^(IPv4|IPv6) BGP status$/i.exec(t))) {
      family = m[1]!.toUpperCase() === 'IPV6' ? 'IPv6' : 'IPv4';
      columns = undefined;
      recognised = true;
    } else if ((m = /^No (IPv4|IPv6) peers found\.?$/i.exec(t))) {
      result.noPeers.push(m[1]!.toUpperCase() === 'IPV6' ? 'IPv6' : 'IPv4');
      recognised = true;
    } else if (/BGP backend process \(BIRD\) is not running/i.test(t) || /^INFO: BIRDv?[46]? process: '.*' is not running/i.test(t)) {
      result.birdNotRunning ??= { line: n, text: t };
      recognised = true;
    } else if (/^(Error querying BIRD|error executing command|unknown BIRD table output format|unexpected output line from BIRD)/i.test(t)) {
      result.errors.push({ line: n, text: t });
      recognised = true;
    } else if (t.startsWith('+') && /^\+[-+=]+\+$/.test(t)) {
      continue; // border
    } else if (t.startsWith('|')) {
      const cells = tableCells(t);
      if (!cells) continue;
      if (cells.some((c) => /^peer address$/i.test(c))) {
        columns = cells.map((c) => c.toUpperCase());
        recognised = true;
        continue;
      }
      if (!columns) continue;
      const get = (name: string) => cells[columns!.indexOf(name)] ?? '';
      const address = get('PEER ADDRESS');
      const info = get('INFO');
      const last = result.peers[result.peers.length - 1];
      if (!address && last) {
        // tablewriter wraps long INFO values onto rows whose other cells are blank.
        last.info = `${last.info} ${info}`.trim();
        Object.assign(last, splitBgpInfo(last.info));
        continue;
      }
      if (!address) continue;
      result.peers.push({
        family,
        address,
        peerType: get('PEER TYPE'),
        state: get('STATE'),
        since: get('SINCE'),
        info,
        ...splitBgpInfo(info),
        line: n,
      });
    }
  }
  if (!recognised) return unrecognised('no line of `calicoctl node status` output was found (expected "Calico process is running." and the BGP peer tables)');
  return result;
}
