// `ip route show` (iproute2): one route per line, `<type>? <dst> [via <gw>] [dev <if>] [proto <p>] ...`.
import { splitLines, unrecognised } from './text.js';
import type { Unrecognised } from '../model/outputs/text.js';
import type { Route, RouteTable } from '../model/outputs/ip-route.js';

const ROUTE_TYPES = new Set(['unicast', 'local', 'broadcast', 'multicast', 'throw', 'unreachable', 'prohibit', 'blackhole', 'nat', 'anycast']);
const DST = /^(default|[0-9a-fA-F.:]+(?:\/\d{1,3})?)$/;

export function parseIpRoute(text: string): RouteTable | Unrecognised {
  const result: RouteTable = { format: 'ip-route', routes: [], unparsed: [] };
  for (const { n, text: line } of splitLines(text)) {
    const t = line.trim();
    if (!t) continue;
    // Multipath continuation lines ("nexthop via ...") belong to the route above.
    if (t.startsWith('nexthop ')) continue;
    const tokens = t.split(/\s+/);
    let type = 'unicast';
    if (ROUTE_TYPES.has(tokens[0]!)) type = tokens.shift()!;
    const dst = tokens.shift() ?? '';
    if (!DST.test(dst)) {
      result.unparsed.push({ line: n, text: t });
      continue;
    }
    // `ip route show table all` (calicoctl cluster diags) also prints the local, broadcast and
    // policy tables, each route tagged `table <name>`; the main table's routes carry no tag. Only
    // the main table is what the node routes pod traffic by.
    const table = tokens.indexOf('table');
    if (table >= 0 && tokens[table + 1] !== 'main') continue;
    const route: Route = { type, dst, onlink: false, line: n };
    for (let i = 0; i < tokens.length; i++) {
      const k = tokens[i]!;
      const v = tokens[i + 1];
      if (k === 'via' && v) (route.via = v), i++;
      else if (k === 'dev' && v) (route.dev = v), i++;
      else if (k === 'proto' && v) (route.proto = v), i++;
      else if (k === 'scope' && v) (route.scope = v), i++;
      else if (k === 'src' && v) (route.src = v), i++;
      else if (k === 'onlink') route.onlink = true;
    }
    result.routes.push(route);
  }
  if (!result.routes.length && result.unparsed.length) {
    return unrecognised(`none of the ${result.unparsed.length} lines is an \`ip route\` entry`);
  }
  return result;
}
