// What a container's logs say about why it failed, for rules that name a crashed container.
import type { LogFile } from '../bundle-data.js';

const ERROR_LINE = /\b(fatal|error|FATAL|ERROR|panic)\b|level=(fatal|error)|failed to start/i;

/** The last error, fatal or panic line among a log's last lines. */
export function lastErrorLine(log: LogFile): { line: number; text: string } | undefined {
  return [...log.tail].reverse().find((l) => ERROR_LINE.test(l.text));
}

/** The most telling line of a set of logs: a catalogued signature, else the last error/fatal line; a previous instance (the one that died) first. */
export function explainFromLogs(logs: readonly LogFile[]): { log: LogFile; line: { line: number; text: string } } | undefined {
  const ordered = [...logs].sort((a, b) => Number(b.previous) - Number(a.previous) || (a.path < b.path ? -1 : 1));
  for (const log of ordered) {
    const m = log.matches[log.matches.length - 1];
    if (m) return { log, line: m };
  }
  for (const log of ordered) {
    const t = lastErrorLine(log);
    if (t) return { log, line: t };
  }
  return undefined;
}

/**
 * A log line without its header, for quoting in a sentence: klog (`F1127 09:40:50.002114  4417
 * ovnkube.go:137] `), OVS/OVN vlog (`2024-11-27T09:40:11.902Z|00031|reconnect|ERR|`), a CRI
 * timestamp and stream (`2024-11-27T09:40:11.902Z stderr F `). The evidence keeps the whole line.
 */
export function messageOf(line: string): string {
  return line
    .replace(/^\d{4}-\d\d-\d\dT[\d:.]+(?:Z|[+-]\d\d:?\d\d)? (?:stdout|stderr) [FP] /, '')
    .replace(/^[IWEF]\d{4} [\d:.]+\s+\d+ [^\]\s]+\] /, '')
    .replace(/^\d{4}-\d\d-\d\dT[\d:.]+Z?\|\d+\|[\w()]+\|[A-Z]+\|/, '');
}
