// `ls -la <dir>` in GNU coreutils and busybox formats. Dates come as "Mar 11 15:34", "Mar 11  2023"
// or ISO ("2023-03-11 15:34[:56.123456789 +0000]"); SELinux/ACL markers may follow the mode.
import { splitLines, unrecognised } from './text.js';
import type { Unrecognised } from '../model/outputs/text.js';
import type { LsListing } from '../model/outputs/ls-la.js';

const DATE = String.raw`(?:[A-Z][a-z]{2}\s+\d{1,2}\s+(?:\d{1,2}:\d{2}|\d{4})|\d{1,2}\s+[A-Z][a-z]{2}\s+(?:\d{1,2}:\d{2}|\d{4})|\d{4}-\d{2}-\d{2}(?:[ T]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:\s+[+-]\d{4})?)?)`;
const ROW = new RegExp(String.raw`^([-dlcbpsD])([rwxsStTl-]{9})[.+@]?\s+(\d+)\s+(\S+)\s+(\S+)\s+(\d+|\d+,\s*\d+)\s+${DATE}\s+(.+)$`);
// busybox may omit the group column when it equals the owner in some builds.
const ROW_NO_GROUP = new RegExp(String.raw`^([-dlcbpsD])([rwxsStTl-]{9})[.+@]?\s+(\d+)\s+(\S+)\s+(\d+)\s+${DATE}\s+(.+)$`);

export function parseLsLa(text: string): LsListing | Unrecognised {
  const result: LsListing = { format: 'ls-la', entries: [], unparsed: [] };
  let recognised = false;
  for (const { n, text: line } of splitLines(text)) {
    const t = line.trimEnd();
    if (!t.trim()) continue;
    if (/^total\s+\d+/.test(t)) {
      recognised = true;
      continue;
    }
    if (/No such file or directory/i.test(t) && /^(ls|\/bin\/ls)/.test(t)) {
      result.missing = { line: n, text: t };
      recognised = true;
      continue;
    }
    let m = ROW.exec(t);
    let owner: string, group: string, sizeCell: string, rest: string;
    if (m) {
      [owner, group, sizeCell, rest] = [m[4]!, m[5]!, m[6]!, m[7]!];
    } else if ((m = ROW_NO_GROUP.exec(t))) {
      [owner, group, sizeCell, rest] = [m[4]!, m[4]!, m[5]!, m[6]!];
    } else {
      result.unparsed.push({ line: n, text: t });
      continue;
    }
    recognised = true;
    const typeChar = m[1]!;
    const perms = m[2]!;
    let name = rest;
    let linkTarget: string | undefined;
    if (typeChar === 'l') {
      const arrow = rest.indexOf(' -> ');
      if (arrow >= 0) {
        name = rest.slice(0, arrow);
        linkTarget = rest.slice(arrow + 4);
      }
    }
    if (name === '.' || name === '..') continue;
    result.entries.push({
      type: typeChar === '-' ? 'file' : typeChar === 'd' ? 'directory' : typeChar === 'l' ? 'symlink' : 'other',
      mode: typeChar + perms,
      owner,
      group,
      size: Number.parseInt(sizeCell, 10),
      name,
      linkTarget,
      line: n,
      executable: /[xst]/.test(perms[2]! + perms[5]! + perms[8]!),
      readable: perms.includes('r'),
    });
  }
  if (!recognised) return unrecognised('no `ls -la` line was recognised (expected "total N" and mode/owner/size/date/name rows)');
  return result;
}
