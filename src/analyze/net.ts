// IPv4/IPv6 CIDR arithmetic on bigints, for overlap and containment checks.

export interface Cidr {
  text: string;
  family: 4 | 6;
  start: bigint;
  end: bigint;
  prefix: number;
}

function parseV4(ip: string): bigint | undefined {
  const parts = ip.split('.');
  if (parts.length !== 4) return undefined;
  let v = 0n;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p) || Number(p) > 255) return undefined;
    v = (v << 8n) | BigInt(Number(p));
  }
  return v;
}

function parseV6(ip: string): bigint | undefined {
  if (!/^[0-9a-fA-F:.]+$/.test(ip) || ip.split('::').length > 2) return undefined;
  const [head, tail] = ip.includes('::') ? ip.split('::') : [ip, undefined];
  const toGroups = (s: string | undefined): number[] | undefined => {
    if (!s) return [];
    const out: number[] = [];
    const parts = s.split(':');
    for (let i = 0; i < parts.length; i++) {
      const p = parts[i]!;
      if (p.includes('.') && i === parts.length - 1) {
        const v4 = parseV4(p);
        if (v4 === undefined) return undefined;
        out.push(Number(v4 >> 16n), Number(v4 & 0xffffn));
      } else if (/^[0-9a-fA-F]{1,4}$/.test(p)) out.push(Number.parseInt(p, 16));
      else return undefined;
    }
    return out;
  };
  const h = toGroups(head);
  const t = toGroups(tail);
  if (!h || !t) return undefined;
  const fill = 8 - h.length - t.length;
  if (tail === undefined ? fill !== 0 : fill < 0) return undefined;
  let v = 0n;
  for (const g of [...h, ...Array(fill).fill(0), ...t]) v = (v << 16n) | BigInt(g);
  return v;
}

export function parseIp(ip: string): { family: 4 | 6; value: bigint } | undefined {
  const v4 = parseV4(ip);
  if (v4 !== undefined) return { family: 4, value: v4 };
  const v6 = parseV6(ip);
  return v6 === undefined ? undefined : { family: 6, value: v6 };
}

export function parseCidr(text: string): Cidr | undefined {
  const [ip, len] = text.trim().split('/');
  if (!ip) return undefined;
  const parsed = parseIp(ip);
  if (!parsed) return undefined;
  const bits = parsed.family === 4 ? 32 : 128;
  const prefix = len === undefined ? bits : /^\d+$/.test(len) ? Number(len) : NaN;
  if (!(prefix >= 0 && prefix <= bits)) return undefined;
  const size = 1n << BigInt(bits - prefix);
  const start = (parsed.value / size) * size;
  return { text: text.trim(), family: parsed.family, start, end: start + size - 1n, prefix };
}

export function overlaps(a: Cidr, b: Cidr): boolean {
  return a.family === b.family && a.start <= b.end && b.start <= a.end;
}

export function contains(outer: Cidr, inner: Cidr): boolean {
  return outer.family === inner.family && outer.start <= inner.start && inner.end <= outer.end;
}

export function containsIp(cidr: Cidr, ip: string): boolean {
  const p = parseIp(ip);
  return !!p && p.family === cidr.family && cidr.start <= p.value && p.value <= cidr.end;
}

/** Addresses a host-local range can hand out: minus network, gateway and broadcast. */
export function usableHostAddresses(cidr: Cidr): number {
  const size = Number(cidr.end - cidr.start + 1n);
  return cidr.family === 4 ? Math.max(0, size - 3) : Math.max(0, size - 2);
}

/**
 * CIDRs to test others against for containment in time independent of how many there are: by
 * prefix length, the network addresses of that length (at most 33 or 129 lookups per test). A
 * node's routing table against every other node's podCIDR is n² pairs otherwise.
 */
export class CidrCover {
  private readonly byPrefix = new Map<string, Set<bigint>>();

  add(c: Cidr): void {
    const key = `${c.family}/${c.prefix}`;
    let set = this.byPrefix.get(key);
    if (!set) this.byPrefix.set(key, (set = new Set()));
    set.add(c.start);
  }

  /** Some added CIDR contains `inner`. */
  covers(inner: Cidr): boolean {
    const bits = inner.family === 4 ? 32 : 128;
    for (const [key, starts] of this.byPrefix) {
      const [family, prefix] = key.split('/').map(Number) as [number, number];
      if (family !== inner.family || prefix > inner.prefix) continue;
      const hostBits = BigInt(bits - prefix);
      if (starts.has((inner.start >> hostBits) << hostBits)) return true;
    }
    return false;
  }
}
