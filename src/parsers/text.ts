// Helpers shared by the text parsers.
import { BGP_STATES, type BgpState, type TextLine, type Unrecognised } from '../model/outputs/text.js';

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

/** Splits a BIRD/calicoctl INFO value such as "Active Socket: Connection refused". */
export function splitBgpInfo(info: string): { bgpState?: BgpState; detail: string } {
  const m = /^(\S+)\s*(.*)$/.exec(info.trim());
  const first = m?.[1] ?? '';
  const state = BGP_STATES.find((s) => s.toLowerCase() === first.toLowerCase());
  if (state) return { bgpState: state, detail: (m?.[2] ?? '').trim() };
  return { detail: info.trim() };
}
