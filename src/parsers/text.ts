// Helpers shared by the text parsers.

export interface TextLine {
  /** 1-based line number in the file. */
  n: number;
  /** The line without its line ending (a trailing CR is removed). */
  text: string;
}

export function splitLines(text: string): TextLine[] {
  const out: TextLine[] = [];
  const raw = text.split('\n');
  // A final newline does not start another line.
  if (raw.length > 1 && raw[raw.length - 1] === '') raw.pop();
  for (let i = 0; i < raw.length; i++) {
    const t = raw[i]!;
    out.push({ n: i + 1, text: t.endsWith('\r') ? t.slice(0, -1) : t });
  }
  return out;
}

/** What a parser says about input it could not interpret: never read as healthy. */
export interface Unrecognised {
  format: 'unrecognised';
  reason: string;
}

export function unrecognised(reason: string): Unrecognised {
  return { format: 'unrecognised', reason };
}

/** Cells of an ASCII table row `| a | b |`, trimmed. Returns undefined for border rows. */
export function tableCells(line: string): string[] | undefined {
  const t = line.trim();
  if (!t.startsWith('|') || !t.endsWith('|')) return undefined;
  return t
    .slice(1, -1)
    .split('|')
    .map((c) => c.trim());
}

export const BGP_STATES = ['Established', 'Idle', 'Connect', 'Active', 'OpenSent', 'OpenConfirm', 'Passive'] as const;
export type BgpState = (typeof BGP_STATES)[number];

/** Splits a BIRD/calicoctl INFO value such as "Active Socket: Connection refused". */
export function splitBgpInfo(info: string): { bgpState?: BgpState; detail: string } {
  const m = /^(\S+)\s*(.*)$/.exec(info.trim());
  const first = m?.[1] ?? '';
  const state = BGP_STATES.find((s) => s.toLowerCase() === first.toLowerCase());
  if (state) return { bgpState: state, detail: (m?.[2] ?? '').trim() };
  return { detail: info.trim() };
}
