// What `gobgp neighbor` (in the kube-router container) says, as src/parsers/kube-router.ts reads it.

export interface GobgpNeighbor {
  /** The peer's address; empty where gobgp 1.21 printed an empty Peer column (kube-router#58). */
  address: string;
  as?: number;
  /** "00:19:22", "2d 01:05:07", or "never". */
  upDown: string;
  /** Established is abbreviated Establ; Active, Idle, Connect, OpenSent, OpenConfirm otherwise. */
  state: string;
  received?: number;
  accepted?: number;
  line: number;
}

export interface GobgpNeighbors {
  format: 'gobgp-neighbor';
  neighbors: GobgpNeighbor[];
  /** The line of the table's header (an empty table is the header alone). */
  headerLine: number;
}
