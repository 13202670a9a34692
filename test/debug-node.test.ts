// The kubectl debug fallback's output format: one log, split into the node's bundle files.
import { describe, expect, it } from 'vitest';
import { DEBUG_SCRIPT, splitDebugLog } from '../src/collect/debug-node.js';

describe('kubectl debug node output', () => {
  it('splits the marked sections into files, decoding configs byte for byte', () => {
    const conf = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"cniVersion":"0.3.1",\r\n"name":"x"}\n')]);
    const log = [
      '@@cni-doctor@@ ls-etc-cni-net.d.txt',
      'total 4',
      '-rw-r--r-- 1 root root 40 Nov 20 08:03 00-x.conflist',
      '@@cni-doctor@@.exit 0',
      '@@cni-doctor@@ etc-cni-net.d/00-x.conflist base64',
      conf.toString('base64').replace(/(.{20})/g, '$1\n'),
      '@@cni-doctor@@.exit 0',
      '@@cni-doctor@@ flannel-subnet.env',
      "cat: can't open '/host/run/flannel/subnet.env': No such file or directory",
      '@@cni-doctor@@.exit 1',
      '',
    ].join('\n');
    const files = splitDebugLog(log);
    expect(files.map((f) => [f.name, f.exitCode])).toEqual([['ls-etc-cni-net.d.txt', 0], ['etc-cni-net.d/00-x.conflist', 0], ['flannel-subnet.env', 1]]);
    expect(files[1]!.content.equals(conf)).toBe(true);
    expect(files[0]!.content.toString()).toContain('00-x.conflist');
  });

  it('reads the host through /host (kubectl debug node mounts the node root there)', () => {
    expect(DEBUG_SCRIPT).toContain('ls -la /host/etc/cni/net.d');
    expect(DEBUG_SCRIPT).toContain('chroot /host ip route show');
  });
});
