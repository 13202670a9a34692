// Pseudonyms that keep a network debuggable: every IPv4/IPv6 address is replaced by a
// prefix-preserving pseudonym (Crypto-PAn: two addresses that share their first k bits map to two
// that share exactly k bits), so CIDR containment, overlaps, routes and BGP peer ↔ node matches
// still compute; node names and hostnames are replaced by keyed names. The same key gives the
// same pseudonyms, so several bundles of one cluster stay comparable.
//
// Crypto-PAn (Xu, Fan, Ammar, Moon 2002): output bit i = input bit i XOR a keyed pseudo-random
// function of the first i input bits (AES). Any such "flip" function is prefix-preserving; here the
// flip is forced to 0 on the bits that must survive:
// - whole ranges that say what an address is, not whose it is (loopback, link-local, multicast,
//   unspecified, the docker0 default 172.17.0.1): kept as they are;
// - the network part of private ranges (10/8, 172.16/12, 192.168/16, 100.64/10, fc00::/7): a
//   private address stays private, its host part is pseudonymized.
// Because the map is a bijection on every prefix length, no other address can land in those ranges.
import { createCipheriv, createHash, createHmac, type Cipher } from 'node:crypto';
import { isIPv4, isIPv6 } from 'node:net';
import { decodePathSegment, encodePathSegment } from '../bundle/layout.js';

interface Range {
  bits: Uint8Array; // 4 or 16 bytes
  length: number;
  /** true: every bit of the range is kept; false: only the network part. */
  whole: boolean;
}

function range(cidr: string, whole: boolean): Range {
  const [addr, len] = cidr.split('/') as [string, string];
  return { bits: parseAddress(addr)!, length: Number(len), whole };
}

const V4_RANGES: Range[] = [
  range('0.0.0.0/8', true),
  range('127.0.0.0/8', true),
  range('169.254.0.0/16', true),
  range('224.0.0.0/4', true),
  range('240.0.0.0/4', true),
  range('172.17.0.1/32', true),
  range('10.0.0.0/8', false),
  range('172.16.0.0/12', false),
  range('192.168.0.0/16', false),
  range('100.64.0.0/10', false),
];
const V6_RANGES: Range[] = [range('::/96', true), range('fe80::/10', true), range('ff00::/8', true), range('fc00::/7', false), range('64:ff9b::/96', false)];

function bit(bytes: Uint8Array, i: number): number {
  return (bytes[i >> 3]! >> (7 - (i & 7))) & 1;
}

/** Do the first `n` bits of a and b agree? */
function samePrefix(a: Uint8Array, b: Uint8Array, n: number): boolean {
  for (let i = 0; i < n; i++) if (bit(a, i) !== bit(b, i)) return false;
  return true;
}

export function parseAddress(text: string): Uint8Array | undefined {
  if (isIPv4(text)) return Uint8Array.from(text.split('.').map(Number));
  if (!isIPv6(text)) return undefined;
  let s = text.replace(/%.*$/, '');
  // An embedded IPv4 tail (::ffff:10.1.2.3) as two groups.
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(s);
  if (v4) {
    const b = v4[1]!.split('.').map(Number);
    s = s.slice(0, -v4[1]!.length) + `${((b[0]! << 8) | b[1]!).toString(16)}:${((b[2]! << 8) | b[3]!).toString(16)}`;
  }
  const [head, tail] = s.includes('::') ? (s.split('::') as [string, string]) : [s, undefined];
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  const groups = tail === undefined ? h : [...h, ...Array(8 - h.length - t.length).fill('0'), ...t];
  const out = new Uint8Array(16);
  groups.forEach((g, i) => {
    const v = parseInt(g || '0', 16);
    out[i * 2] = v >> 8;
    out[i * 2 + 1] = v & 0xff;
  });
  return out;
}

/** RFC 5952 text: lower case, the longest run of zero groups (two or more) as "::". */
export function formatAddress(bytes: Uint8Array): string {
  if (bytes.length === 4) return [...bytes].join('.');
  const groups: number[] = [];
  for (let i = 0; i < 16; i += 2) groups.push((bytes[i]! << 8) | bytes[i + 1]!);
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen) {
      best = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (best < 0) return hex.join(':');
  return `${hex.slice(0, best).join(':')}::${hex.slice(best + bestLen).join(':')}`;
}

const V4 = String.raw`(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?:\.(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}`;
const V4_RE = new RegExp(String.raw`(?<![0-9.])(${V4})(?![0-9]|\.\d)(?:\/(\d{1,2})(?!\d))?`, 'g');
const V6_RE = /(?<![0-9A-Za-z:.])((?:[0-9A-Fa-f]{0,4}:){2,7}(?:[0-9A-Fa-f]{1,4}|(?:\d{1,3}\.){3}\d{1,3})?)(?![0-9A-Za-z:])(?:\/(\d{1,3})(?!\d))?/g;
const DASHED_CIDR = /-(\d{1,3})-(\d{1,3})-(\d{1,3})-(\d{1,3})-(\d{1,2})(?![0-9-])/;
const DASHED_CIDR_G = new RegExp(DASHED_CIDR.source, 'g');
const UNDERSCORED_RE = /\b([A-Za-z][A-Za-z0-9]*)_(\d{1,3})_(\d{1,3})_(\d{1,3})_(\d{1,3})(?![0-9_])/g;
/** AWS's `ip-10-0-1-23` hostnames spell an address with dashes. */
const DASHED_RE = /\bip-(\d{1,3})-(\d{1,3})-(\d{1,3})-(\d{1,3})(?![0-9])/g;

export interface PseudonymMapping {
  /** A fingerprint of the key (never the key): bundles with the same one are comparable. */
  keyId: string;
  addresses: Record<string, string>;
  names: Record<string, string>;
}

export class Pseudonymizer {
  private readonly cipher: Cipher;
  private readonly pad: Buffer;
  private readonly nameKey: Buffer;
  readonly keyId: string;
  private readonly addresses = new Map<string, string>();
  private readonly names = new Map<string, string>();
  private nameRe: RegExp | undefined;
  replacements = 0;

  /** `key`: any bytes (32 random ones); the AES key, the pad and the name key are derived from it. */
  constructor(key: Buffer) {
    const k = createHash('sha256').update(key).digest();
    this.cipher = createCipheriv('aes-128-ecb', k.subarray(0, 16), null);
    this.cipher.setAutoPadding(false);
    this.pad = this.cipher.update(k.subarray(16, 32));
    this.nameKey = createHash('sha256').update('cni-doctor names').update(k).digest();
    this.keyId = createHash('sha256').update('cni-doctor key id').update(k).digest('hex').slice(0, 16);
  }

  // --- Addresses -----------------------------------------------------------------------------

  /** The pseudonym of an address given as bytes (4 or 16). */
  addressBytes(input: Uint8Array): Uint8Array {
    const n = input.length * 8;
    const ranges = input.length === 4 ? V4_RANGES : V6_RANGES;
    const out = Uint8Array.from(input);
    const block = Buffer.alloc(16);
    for (let i = 0; i < n; i++) {
      if (ranges.some((r) => (i < r.length ? samePrefix(input, r.bits, i) : r.whole && samePrefix(input, r.bits, r.length)))) continue;
      const flip = this.flipBit(input, i, block);
      if (flip) out[i >> 3]! ^= 1 << (7 - (i & 7));
    }
    return out;
  }

  /**
   * The flip of bit i: a pseudo-random function of (i, the first i bits). Crypto-PAn's own input
   * (the first i bits, then the pad's bits from i on) is the same block for i and i+1 whenever
   * address bit i equals pad bit i, which ties neighbouring flips together; here the masked prefix
   * and i go in separately (one AES block for IPv4, a two-block CBC-MAC for IPv6).
   */
  private flipBit(input: Uint8Array, i: number, block: Buffer): number {
    this.pad.copy(block);
    const full = i >> 3;
    for (let b = 0; b < input.length; b++) block[b] = b < full ? input[b]! : 0;
    if (i & 7) block[full] = input[full]! & (0xff << (8 - (i & 7)));
    if (input.length === 4) {
      block[4] = i;
      return this.cipher.update(block)[0]! >> 7;
    }
    for (let b = 0; b < 16; b++) block[b]! ^= this.pad[b]!;
    const x = this.cipher.update(block);
    x[0]! ^= i;
    return this.cipher.update(x)[0]! >> 7;
  }

  /** The pseudonym of an address in text form, or the text itself when it is not an address. */
  address(text: string, prefixLength?: number): string {
    const bytes = parseAddress(text);
    if (!bytes) return text;
    const mappedV4 = bytes.length === 16 && bytes.subarray(0, 10).every((b) => b === 0) && bytes[10] === 0xff && bytes[11] === 0xff && /\./.test(text);
    const cacheKey = `${text}/${prefixLength ?? ''}`;
    const cached = this.addresses.get(cacheKey);
    if (cached) return cached;
    let out: string;
    if (mappedV4) out = `::ffff:${this.address(formatAddress(bytes.subarray(12)))}`;
    else {
      let p = this.addressBytes(bytes);
      // A network written as a CIDR keeps its zero host part: 10.244.0.0/16 stays a network.
      if (prefixLength !== undefined && hostPartZero(bytes, prefixLength)) p = zeroHostPart(p, prefixLength);
      out = formatAddress(p);
    }
    this.addresses.set(cacheKey, out);
    return out;
  }

  // --- Names ---------------------------------------------------------------------------------

  /** Registers a node name or hostname; `text()` replaces it from then on. */
  addName(name: string): void {
    if (!name || name.length < 2 || this.names.has(name) || parseAddress(name)) return;
    const dot = name.indexOf('.');
    if (dot > 0) {
      // ip-10-0-1-23.eu-west-1.compute.internal: the host label and the domain, each consistently.
      this.addName(name.slice(0, dot));
      this.names.set(name, `${this.names.get(name.slice(0, dot)) ?? this.hashName('node', name.slice(0, dot))}.${this.hashName('d', name.slice(dot + 1))}.invalid`);
    } else this.names.set(name, this.hashName('node', name));
    this.nameRe = undefined;
  }

  private hashName(prefix: string, name: string): string {
    return `${prefix}-${createHmac('sha256', this.nameKey).update(name).digest('hex').slice(0, 10)}`;
  }

  name(name: string): string {
    return this.names.get(name) ?? name;
  }

  // --- Text and paths ------------------------------------------------------------------------

  text(input: string): string {
    let s = input;
    if (this.names.size) {
      // A name ends where a name cannot go on, where a dashed CIDR follows (Calico's block
      // affinities are named <node>-<a>-<b>-<c>-<d>-<len>), or an event's hex suffix (<node>.18abc056).
      this.nameRe ??= new RegExp(`(?<![A-Za-z0-9_.])(${[...this.names.keys()].sort((a, b) => b.length - a.length || (a < b ? -1 : 1)).map(escapeRe).join('|')})(?:(?![A-Za-z0-9_-]|\\.[A-Za-z0-9])|(?=${DASHED_CIDR.source})|(?=\\.[0-9a-f]{6,}(?![A-Za-z0-9_.-])))`, 'g');
      s = s.replace(this.nameRe, (m) => {
        this.replacements++;
        return this.names.get(m) ?? m;
      });
    }
    if (/\d\.\d/.test(s)) {
      s = s.replace(V4_RE, (m, addr: string, len?: string) => {
        const out = this.address(addr, len === undefined || Number(len) > 32 ? undefined : Number(len));
        if (out !== addr) this.replacements++;
        return len === undefined ? out : `${out}/${len}`;
      });
    }
    if (s.includes('::') || /[0-9a-fA-F]:[0-9a-fA-F]+:[0-9a-fA-F]/.test(s)) {
      s = s.replace(V6_RE, (m, addr: string, len?: string) => {
        if (!isIPv6(addr)) return m;
        const out = this.address(addr, len === undefined || Number(len) > 128 ? undefined : Number(len));
        if (out !== addr) this.replacements++;
        return len === undefined ? out : `${out}/${len}`;
      });
    }
    if (/\d-\d/.test(s)) {
      s = s.replace(DASHED_CIDR_G, (m, a: string, b: string, c: string, d: string, len: string) => {
        const addr = `${a}.${b}.${c}.${d}`;
        if (!isIPv4(addr) || Number(len) > 32) return m;
        this.replacements++;
        return `-${this.address(addr, Number(len)).replace(/\./g, '-')}-${len}`;
      });
    }
    if (s.includes('_')) {
      // BIRD protocol names spell the peer with underscores: Mesh_10_0_0_11, Node_192_168_1_5.
      s = s.replace(UNDERSCORED_RE, (m, word: string, a: string, b: string, c: string, d: string) => {
        const addr = `${a}.${b}.${c}.${d}`;
        if (!isIPv4(addr)) return m;
        this.replacements++;
        return `${word}_${this.address(addr).replace(/\./g, '_')}`;
      });
    }
    if (s.includes('ip-')) {
      s = s.replace(DASHED_RE, (m, a: string, b: string, c: string, d: string) => {
        const addr = `${a}.${b}.${c}.${d}`;
        if (!isIPv4(addr)) return m;
        this.replacements++;
        return `ip-${this.address(addr).replace(/\./g, '-')}`;
      });
    }
    return s;
  }

  /** A bundle path with names and addresses in its segments replaced (nodes/<name>/…, logs/…). */
  path(p: string): string {
    return p
      .split('/')
      .map((seg) => {
        const decoded = decodePathSegment(seg);
        // `cp-1.txt`, `ip-10-0-1-23.ec2.internal.log`: a node name before the extension.
        let out = this.text(decoded);
        for (let dot = decoded.lastIndexOf('.'); dot > 0 && out === decoded; dot = decoded.lastIndexOf('.', dot - 1)) {
          const stem = decoded.slice(0, dot);
          if (this.names.has(stem)) out = this.names.get(stem)! + this.text(decoded.slice(dot));
        }
        return out === decoded ? seg : encodePathSegment(out);
      })
      .join('/');
  }

  /** What was replaced, for the mapping file beside the bundle (never inside it). */
  mapping(): PseudonymMapping {
    const addresses: Record<string, string> = {};
    for (const [k, v] of [...this.addresses].sort(([a], [b]) => (a < b ? -1 : 1))) {
      const [addr, len] = k.split('/');
      if (addr !== v) addresses[len ? `${addr}/${len}` : addr!] = len ? `${v}/${len}` : v;
    }
    const names: Record<string, string> = {};
    for (const [k, v] of [...this.names].sort(([a], [b]) => (a < b ? -1 : 1))) names[k] = v;
    return { keyId: this.keyId, addresses, names };
  }
}

function hostPartZero(bytes: Uint8Array, len: number): boolean {
  for (let i = len; i < bytes.length * 8; i++) if (bit(bytes, i)) return false;
  return true;
}

function zeroHostPart(bytes: Uint8Array, len: number): Uint8Array {
  const out = Uint8Array.from(bytes);
  for (let i = len; i < out.length * 8; i++) out[i >> 3]! &= ~(1 << (7 - (i & 7))) & 0xff;
  return out;
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
