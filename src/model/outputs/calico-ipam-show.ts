// What `calicoctl ipam show [--show-blocks]` says, as the parser (src/parsers/calico-ipam-show.ts) reads it.

export interface IpamRow {
  grouping: 'IP Pool' | 'Block';
  cidr: string;
  total: number;
  inUse: number;
  free: number;
  usedPercent: number;
  line: number;
}

export interface CalicoIpamShow {
  format: 'calicoctl-ipam-show';
  pools: IpamRow[];
  blocks: IpamRow[];
}
