// /run/flannel/subnet.env as written by flanneld (pkg/subnet/subnet.go WriteSubnetFile). The flannel
// CNI plugin reads it with bufio.Scanner, so CRLF line endings are harmless here.
import { splitLines, unrecognised } from './text.js';
import type { Unrecognised } from '../model/outputs/text.js';
import type { FlannelSubnetEnv } from '../model/outputs/flannel-subnet-env.js';

export function parseFlannelSubnetEnv(text: string): FlannelSubnetEnv | Unrecognised {
  const values: FlannelSubnetEnv['values'] = {};
  for (const { n, text: line } of splitLines(text)) {
    const t = line.trim();
    if (!t || t.startsWith('#')) continue;
    const m = /^(?:export\s+)?([A-Z0-9_]+)=(.*)$/.exec(t);
    if (m) values[m[1]!] = { value: m[2]!.replace(/^"(.*)"$/, '$1'), line: n };
  }
  if (!Object.keys(values).some((k) => k.startsWith('FLANNEL_'))) {
    return unrecognised('no FLANNEL_* variable was found');
  }
  const v = (k: string) => values[k]?.value;
  const hasV4 = v('FLANNEL_NETWORK') !== undefined || v('FLANNEL_SUBNET') !== undefined;
  const hasV6 = v('FLANNEL_IPV6_NETWORK') !== undefined || v('FLANNEL_IPV6_SUBNET') !== undefined;
  const required = ['FLANNEL_MTU', 'FLANNEL_IPMASQ'];
  if (hasV4 || !hasV6) required.push('FLANNEL_NETWORK', 'FLANNEL_SUBNET');
  if (hasV6) required.push('FLANNEL_IPV6_NETWORK', 'FLANNEL_IPV6_SUBNET');
  const mtu = v('FLANNEL_MTU');
  return {
    format: 'flannel-subnet-env',
    values,
    network: v('FLANNEL_NETWORK'),
    subnet: v('FLANNEL_SUBNET'),
    ipv6Network: v('FLANNEL_IPV6_NETWORK'),
    ipv6Subnet: v('FLANNEL_IPV6_SUBNET'),
    mtu: mtu !== undefined && /^\d+$/.test(mtu) ? Number(mtu) : undefined,
    ipMasq: v('FLANNEL_IPMASQ') === undefined ? undefined : v('FLANNEL_IPMASQ') === 'true',
    missing: required.filter((k) => v(k) === undefined).sort(),
  };
}
