// What `calicoctl node status` says, as the parser (src/parsers/calico-node-status.ts) reads it.
import type { BgpState } from './text.js';

export interface BgpPeerRow {
  family: 'IPv4' | 'IPv6';
  address: string;
  peerType: string;
  /** BIRD protocol state: up, start, down, ... */
  state: string;
  since: string;
  info: string;
  bgpState?: BgpState;
  detail: string;
  line: number;
}

export interface CalicoNodeStatus {
  format: 'calicoctl-node-status';
  processRunning?: boolean;
  processLine?: number;
  birdNotRunning?: { line: number; text: string };
  errors: { line: number; text: string }[];
  peers: BgpPeerRow[];
  noPeers: ('IPv4' | 'IPv6')[];
}
