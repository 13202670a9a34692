// `cilium bpf endpoint list` / `cilium-dbg bpf endpoint list` (cni-signatures.md CL-08): the recent
// format prints keys as "<ip>:0" with sec_id/flags; the 2018 format has mixed-case headers and seclabel.
import { splitLines, unrecognised } from './text.js';
import type { Unrecognised } from '../model/outputs/text.js';
import type { BpfEndpoint, CiliumBpfEndpointList } from '../model/outputs/cilium-bpf-endpoints.js';

export function parseCiliumBpfEndpointList(text: string): CiliumBpfEndpointList | Unrecognised {
  let style: 'recent' | 'legacy' | undefined;
  const endpoints: BpfEndpoint[] = [];
  for (const { n, text: line } of splitLines(text)) {
    const t = line.trim();
    if (!t) continue;
    if (/^IP ADDRESS\s+LOCAL ENDPOINT INFO$/.test(t)) {
      style = 'recent';
      continue;
    }
    if (/^IP address\s+Local endpoint info$/i.test(t)) {
      style = 'legacy';
      continue;
    }
    if (!style) continue;
    const m = /^(\S+)\s+(.*)$/.exec(t);
    if (!m) continue;
    let ip = m[1]!;
    // Recent keys carry a ":0" suffix (the endpoint map key's port/family field).
    if (style === 'recent') ip = ip.replace(/:0$/, '');
    const info = m[2]!;
    const id = /\bid=(\d+)/.exec(info);
    const sec = /\bsec_id=(\d+)/.exec(info) ?? /\bseclabel=0x([0-9a-f]+)/i.exec(info);
    endpoints.push({
      ip,
      localhost: info.startsWith('(localhost)'),
      id: id ? Number(id[1]) : undefined,
      securityId: sec ? (sec[0].startsWith('seclabel') ? Number.parseInt(sec[1]!, 16) : Number(sec[1])) : undefined,
      line: n,
    });
  }
  if (!style) return unrecognised('no `cilium bpf endpoint list` header ("IP ADDRESS   LOCAL ENDPOINT INFO") was found');
  return { format: 'cilium-bpf-endpoint-list', style, endpoints };
}
