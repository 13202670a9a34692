// `ip -d link show` (and plain `ip link`): "N: name[@parent]: <FLAGS> mtu M ... state S ..." followed
// by indented detail lines; with -d the first detail after link/* names the kind (vxlan, ipip, ...).
import { splitLines, unrecognised } from './text.js';
import type { Unrecognised } from '../model/outputs/text.js';
import type { Link, LinkList } from '../model/outputs/ip-link.js';

const HEAD = /^(\d+):\s+([^:@\s]+)(?:@([^:\s]+))?:\s+<([^>]*)>(.*)$/;
const KINDS = /^(vxlan|ipip|ip6tnl|gre|gretap|geneve|bridge|veth|dummy|vlan|macvlan|ipvlan|wireguard|tun|bond|team|vrf|sit|xfrm|nlmon)\b/;

export function parseIpLink(text: string): LinkList | Unrecognised {
  const links: Link[] = [];
  let current: Link | undefined;
  for (const { n, text: line } of splitLines(text)) {
    const m = HEAD.exec(line.trim());
    if (m && !/^\s/.test(line)) {
      const rest = m[5]!;
      const mtu = /\bmtu (\d+)/.exec(rest);
      const state = /\bstate (\S+)/.exec(rest);
      current = {
        index: Number(m[1]),
        name: m[2]!,
        parent: m[3],
        flags: m[4]!.split(',').filter(Boolean),
        mtu: mtu ? Number(mtu[1]) : undefined,
        state: state?.[1],
        line: n,
      };
      links.push(current);
      continue;
    }
    if (!current) continue;
    const t = line.trim();
    const km = KINDS.exec(t);
    if (km && current.kind === undefined) {
      current.kind = km[1];
      if (km[1] === 'vxlan') {
        const id = /\bid (\d+)/.exec(t);
        const local = /\blocal (\S+)/.exec(t);
        const dev = /\bdev (\S+)/.exec(t);
        const port = /\bdstport (\d+)/.exec(t);
        current.vxlan = { id: id ? Number(id[1]) : undefined, local: local?.[1], dev: dev?.[1], dstport: port ? Number(port[1]) : undefined };
      }
    }
  }
  if (!links.length) return unrecognised('no `ip link` entry ("N: name: <FLAGS> mtu ...") was found');
  return { format: 'ip-link', links };
}
