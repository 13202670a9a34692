// Shapes every text parser shares: a numbered line, the result for a format not recognised, BGP states.

export interface TextLine {
  /** 1-based line number in the file. */
  n: number;
  /** The line without its line ending (a trailing CR is removed). */
  text: string;
}

/** What a parser says about input it could not interpret: never read as healthy. */
export interface Unrecognised {
  format: 'unrecognised';
  reason: string;
}

export const BGP_STATES = ['Established', 'Idle', 'Connect', 'Active', 'OpenSent', 'OpenConfirm', 'Passive'] as const;
export type BgpState = (typeof BGP_STATES)[number];
