// The kubectl debug fallback's output format: one log, split into the node's bundle files.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
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
    expect(DEBUG_SCRIPT).toContain('ls -la "/host$CONF"');
    expect(DEBUG_SCRIPT).toContain('chroot /host ip route show');
  });

  // The script itself, run by sh over a fake node root: it reads the directories the runtime reads.
  const runScript = (root: string) => splitDebugLog(spawnSync('sh', ['-c', DEBUG_SCRIPT.replaceAll('/host', root)], { encoding: 'utf8' }).stdout);

  it('reads k3s/RKE2 embedded flannel where k3s keeps it, naming the real path', () => {
    const root = mkdtempSync(path.join(tmpdir(), 'debug-node-'));
    mkdirSync(path.join(root, 'var/lib/rancher/k3s/agent/etc/cni/net.d'), { recursive: true });
    mkdirSync(path.join(root, 'var/lib/rancher/k3s/data/current/bin'), { recursive: true });
    mkdirSync(path.join(root, 'etc/cni/net.d'), { recursive: true });
    writeFileSync(path.join(root, 'var/lib/rancher/k3s/agent/etc/cni/net.d/10-flannel.conflist'), '{"name":"cbr0"}\n');
    writeFileSync(path.join(root, 'var/lib/rancher/k3s/data/current/bin/flannel'), '');
    const files = runScript(root);
    expect(files.find((f) => f.name === 'ls-etc-cni-net.d.txt')).toMatchObject({ exitCode: 0, source: '/var/lib/rancher/k3s/agent/etc/cni/net.d' });
    expect(files.find((f) => f.name === 'ls-opt-cni-bin.txt')!.content.toString()).toContain('flannel');
    expect(files.find((f) => f.name === 'etc-cni-net.d/10-flannel.conflist')).toMatchObject({ source: '/var/lib/rancher/k3s/agent/etc/cni/net.d/10-flannel.conflist' });
    expect(files.find((f) => f.name === 'etc-cni-net.d/10-flannel.conflist')!.content.toString()).toBe('{"name":"cbr0"}\n');
    rmSync(root, { recursive: true, force: true });
  });

  it('reads /etc/cni/net.d and /opt/cni/bin elsewhere', () => {
    const root = mkdtempSync(path.join(tmpdir(), 'debug-node-'));
    mkdirSync(path.join(root, 'etc/cni/net.d'), { recursive: true });
    writeFileSync(path.join(root, 'etc/cni/net.d/10-calico.conflist'), '{}');
    const files = runScript(root);
    expect(files.find((f) => f.name === 'ls-etc-cni-net.d.txt')).toMatchObject({ exitCode: 0, source: '/etc/cni/net.d' });
    expect(files.find((f) => f.name === 'ls-opt-cni-bin.txt')).toMatchObject({ source: '/opt/cni/bin' });
    expect(files.find((f) => f.name === 'ls-opt-cni-bin.txt')!.exitCode).not.toBe(0);
    rmSync(root, { recursive: true, force: true });
  });
});
