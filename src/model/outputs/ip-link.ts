// What `ip -d link show` says, as the parser (src/parsers/ip-link.ts) reads it.

export interface Link {
  index: number;
  name: string;
  parent?: string;
  flags: string[];
  mtu?: number;
  state?: string;
  kind?: string;
  /** `vxlan id 1 local 10.0.0.1 dev eth0 ... dstport 8472` details, when present. */
  vxlan?: { id?: number; local?: string; dev?: string; dstport?: number };
  line: number;
}

export interface LinkList {
  format: 'ip-link';
  links: Link[];
}
