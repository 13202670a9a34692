// Text for the terminal: bundle text is untrusted, so control sequences (ANSI, OSC, CR, bidi
// overrides) are made visible before anything reaches the screen; tabs become spaces.
import type { Finding, Severity } from '../model/report.js';
import { visibleControls } from '../report/sanitize.js';

export function clean(text: string): string {
  return visibleControls(text.replace(/\t/g, '  ').replace(/\r?\n/g, ' '));
}

/** Cuts to `width` columns (by code points) with an ellipsis. */
export function fit(text: string, width: number): string {
  const chars = [...text];
  if (width <= 0) return '';
  return chars.length <= width ? text : `${chars.slice(0, Math.max(0, width - 1)).join('')}…`;
}

export const SEVERITY_STYLE: Record<Severity, { symbol: string; label: string; color: string }> = {
  critical: { symbol: '✖', label: 'CRIT', color: 'red' },
  high: { symbol: '▲', label: 'HIGH', color: 'yellow' },
  medium: { symbol: '●', label: 'MED ', color: 'magenta' },
  low: { symbol: '○', label: 'LOW ', color: 'cyan' },
  info: { symbol: '·', label: 'INFO', color: 'gray' },
};

export function relationMark(f: Finding): string {
  if (f.explains.length) return f.rootCause ? 'root ' : 'cause';
  if (f.causedBy.length) return '  ↳  ';
  return '     ';
}

export function findingMatches(f: Finding, query: string, node: string | undefined): boolean {
  if (node && !(f.scope.kind === 'nodes' && f.scope.names.includes(node))) return false;
  if (!query) return true;
  const q = query.toLowerCase();
  return [f.title, f.summary, f.ruleId, ...f.scope.names].some((s) => s.toLowerCase().includes(q));
}
