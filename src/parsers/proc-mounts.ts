// /proc/mounts: "device mountpoint fstype options dump pass", spaces in paths escaped as \040.
import { splitLines, unrecognised } from './text.js';
import type { Unrecognised } from '../model/outputs/text.js';
import type { Mount, MountTable } from '../model/outputs/proc-mounts.js';

const unescape = (s: string) => s.replace(/\\([0-7]{3})/g, (_, o: string) => String.fromCharCode(Number.parseInt(o, 8)));

export function parseProcMounts(text: string): MountTable | Unrecognised {
  const mounts: Mount[] = [];
  for (const { n, text: line } of splitLines(text)) {
    const parts = line.trim().split(/\s+/);
    if (parts.length < 4 || !parts[1]!.startsWith('/')) continue;
    mounts.push({ device: unescape(parts[0]!), mountPoint: unescape(parts[1]!), fsType: parts[2]!, options: parts[3]!.split(','), line: n });
  }
  if (!mounts.length) return unrecognised('no mount line ("device /mount/point fstype options 0 0") was found');
  return { format: 'proc-mounts', mounts };
}
