// Antrea's status outputs: `antctl get agentinfo` (a table, one row for the agent) and `ovs-vsctl
// show` in antrea-ovs (bridges, ports and their interface types, indented). Samples in
// ../shared/real-world/antctl-get-agentinfo-healthy.txt and ovs-vsctl-show-antrea-healthy-ovs-2.17.7.txt.
// https://github.com/antrea-io/antrea/blob/main/docs/antctl.md
import type { AntreaAgentInfo, OvsBridge, OvsVsctlShow } from '../model/outputs/antrea.js';
import type { Unrecognised } from '../model/outputs/text.js';
import { splitLines, unrecognised } from './text.js';

export function parseAntctlAgentInfo(text: string): AntreaAgentInfo | Unrecognised {
  const lines = splitLines(text).filter((l) => l.text.trim());
  const headerAt = lines.findIndex((l) => /^\s*POD\s+NODE\s+STATUS\b/.test(l.text));
  if (headerAt < 0) return unrecognised('no `antctl get agentinfo` header ("POD NODE STATUS …") was found');
  const header = lines[headerAt]!.text;
  const row = lines[headerAt + 1];
  if (!row) return unrecognised('the `antctl get agentinfo` table has no row');
  // Columns are separated by runs of spaces and no cell holds a space: split both the same way.
  const names = header.trim().split(/\s+/);
  const cells = row.text.trim().split(/\s+/);
  const cell = (name: string) => cells[names.indexOf(name)];
  const localPods = Number(cell('LOCAL-PODS'));
  return {
    format: 'antctl-agentinfo',
    pod: cell('POD') ?? '',
    node: cell('NODE') ?? '',
    status: cell('STATUS') ?? '',
    ...(cell('NODE-SUBNET') ? { nodeSubnet: cell('NODE-SUBNET') } : {}),
    ...(Number.isFinite(localPods) ? { localPods } : {}),
    line: row.n,
  };
}

export function parseOvsVsctlShow(text: string): OvsVsctlShow | Unrecognised {
  const out: OvsVsctlShow = { format: 'ovs-vsctl-show', bridges: [], errors: [] };
  let bridge: OvsBridge | undefined;
  let port: OvsBridge['ports'][number] | undefined;
  let recognised = false;
  for (const { n, text: t } of splitLines(text)) {
    let m: RegExpExecArray | null;
    if (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\s*$/i.test(t)) recognised = true;
    else if ((m = /^\s+Bridge\s+"?([^"\s]+)"?/.exec(t))) {
      bridge = { name: m[1]!, ports: [], line: n };
      out.bridges.push(bridge);
      port = undefined;
      recognised = true;
    } else if ((m = /^\s+Port\s+"?([^"\s]+)"?/.exec(t)) && bridge) {
      port = { name: m[1]!, type: '', line: n };
      bridge.ports.push(port);
    } else if ((m = /^\s+type:\s+(\S+)/.exec(t)) && port) port.type = m[1]!;
    else if ((m = /^\s+ovs_version:\s+"?([^"\s]+)"?/.exec(t))) {
      out.version = m[1];
      recognised = true;
    } else if (/database connection failed|ovs-vsctl: unix:.*(No such file|Connection refused)/i.test(t)) {
      out.errors.push({ line: n, text: t.trim() });
      recognised = true;
    }
  }
  if (!recognised) return unrecognised('no `ovs-vsctl show` database id, Bridge or ovs_version line was found');
  return out;
}
