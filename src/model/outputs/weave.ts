// What `weave --local status`, `status connections` and `status ipam` say, as src/parsers/weave.ts reads them.

export interface WeavePeerName {
  /** The peer's MAC-style name, e.g. c2:03:ba:47:32:13. */
  mac: string;
  /** Its nickname, the host name; empty for a peer that is gone. */
  nickname: string;
}

export interface WeaveStatus {
  format: 'weave-status';
  version?: string;
  name?: WeavePeerName;
  encryption?: string;
  /** `Connections: 2 (1 established, 1 failed)`: the total and each state's count. */
  connections?: { total: number; byState: Record<string, number>; line: number };
  /** `Peers: 2 (with 2 established connections)`. */
  peers?: { count: number; line: number };
  ipam?: { status: string; range?: string; line: number };
}

export type WeaveConnectionState = 'established' | 'pending' | 'retrying' | 'failed' | 'connecting';

export interface WeaveConnection {
  direction: 'in' | 'out';
  address: string;
  state: WeaveConnectionState;
  /** The rest of the row: encryption, data path, peer, or the error and retry time. */
  info: string;
  dataPath?: 'fastdp' | 'sleeve';
  peer?: WeavePeerName;
  /** "cannot connect to ourself": the router's own address in its peer list, not a failure. */
  self: boolean;
  line: number;
}

export interface WeaveConnections {
  format: 'weave-status-connections';
  connections: WeaveConnection[];
}

export interface WeaveIpamEntry {
  peer: WeavePeerName;
  /** Addresses of the range this peer owns. */
  ips: number;
  percent: number;
  /** Addresses in use (only the local peer prints it). */
  active?: number;
  unreachable: boolean;
  line: number;
}

export interface WeaveIpam {
  format: 'weave-status-ipam';
  entries: WeaveIpamEntry[];
}
