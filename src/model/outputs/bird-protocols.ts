// What BIRD `show protocols` says, as the parser (src/parsers/bird-protocols.ts) reads it.
import type { BgpState } from './text.js';

export interface BirdProtocol {
  name: string;
  proto: string;
  table: string;
  state: string;
  since: string;
  info: string;
  bgpState?: BgpState;
  detail: string;
  /** Peer address decoded from Calico's protocol name, when it is one. */
  peerAddress?: string;
  peerType?: 'node-to-node mesh' | 'node specific' | 'global';
  line: number;
}

export interface BirdProtocols {
  format: 'bird-show-protocols';
  version?: string;
  protocols: BirdProtocol[];
  errors: { line: number; text: string }[];
}
