// ls -la (GNU and busybox), ip route, ip -d link, /proc/mounts, flannel subnet.env.
import { describe, expect, it } from 'vitest';
import { parseFlannelSubnetEnv } from '../../src/parsers/flannel-subnet-env.js';
import { parseIpLink } from '../../src/parsers/ip-link.js';
import { parseIpRoute } from '../../src/parsers/ip-route.js';
import { parseLsLa } from '../../src/parsers/ls-la.js';
import { parseProcMounts } from '../../src/parsers/proc-mounts.js';
import { realWorld } from '../helpers/bundles.js';

describe('ls -la', () => {
  it('reads GNU output with SELinux dots, symlinks, and the mode of a non-executable plugin (aws/amazon-vpc-cni-k8s#3621)', () => {
    const line = realWorld('events-cni-plugin-binary-not-executable.txt').split('\n').find((l) => l.includes('-rw-r--r--.'))!.replace(/`/g, '');
    const r = parseLsLa(`total 128\n${line}\nlrwxrwxrwx. 1 root root 6 Mar 11 15:34 calico-ipam -> calico\ndrwxr-xr-x. 2 root root 4096 Mar 11  2025 .\n`);
    if (r.format !== 'ls-la') throw new Error(r.reason);
    expect(r.entries[0]).toMatchObject({ name: '/opt/cni/bin/bandwidth', mode: '-rw-r--r--', size: 4899649, executable: false, type: 'file' });
    expect(r.entries[1]).toMatchObject({ name: 'calico-ipam', type: 'symlink', linkTarget: 'calico' });
    expect(r.entries).toHaveLength(2);
  });

  it('reads busybox output and ISO dates', () => {
    const r = parseLsLa('drwxr-xr-x    2 root     root          4096 Nov 20 08:03 .\n-rwxr-xr-x    1 root     root       3069556 Nov 20 08:03 flannel\n-rwxr-xr-x 1 0 0 4100000 2026-11-20 08:03:11.000000000 +0000 host-local\n');
    if (r.format !== 'ls-la') throw new Error(r.reason);
    expect(r.entries.map((e) => [e.name, e.executable])).toEqual([
      ['flannel', true],
      ['host-local', true],
    ]);
  });

  it('reads "No such file or directory" and rejects unrelated text', () => {
    const r = parseLsLa("ls: cannot access '/host/opt/cni/bin': No such file or directory\n");
    expect(r.format === 'ls-la' && r.missing?.line).toBe(1);
    expect(parseLsLa('permission denied\n').format).toBe('unrecognised');
  });
});

describe('ip route', () => {
  it('keeps only the main table of `ip route show table all` (calicoctl cluster diags)', () => {
    const r = parseIpRoute(['default via 10.0.0.1 dev eth0 proto dhcp src 10.0.0.5 metric 100', '192.168.23.0/26 via 10.0.0.10 dev tunl0 proto bird onlink', 'local 10.0.0.5 dev eth0 table local proto kernel scope host src 10.0.0.5', 'broadcast 10.0.0.255 dev eth0 table local proto kernel scope link src 10.0.0.5', '10.9.0.0/16 dev wg0 table 1 scope link', 'fe80::/64 dev eth0 proto kernel metric 256 pref medium', 'local ::1 dev lo table local proto kernel metric 0 pref medium', ''].join('\n'));
    if (r.format !== 'ip-route') throw new Error(r.reason);
    expect(r.routes.map((x) => x.dst)).toEqual(['default', '192.168.23.0/26', 'fe80::/64']);
  });
  it('reads the broken whole-cluster flannel route (flannel-io/flannel#545)', () => {
    const r = parseIpRoute(realWorld('flannel-ip-route-broken-16-route.txt'));
    if (r.format !== 'ip-route') throw new Error(r.reason);
    expect(r.routes.find((x) => x.dev === 'flannel.1')).toMatchObject({ dst: '10.244.0.0/16', scope: 'link', src: '10.244.0.0' });
    expect(r.routes[0]).toMatchObject({ dst: 'default', via: '192.168.31.1', dev: 'enp0s8', proto: 'static' });
  });

  it('reads Calico BIRD routes, blackholes and onlink', () => {
    const r = parseIpRoute('blackhole 192.168.71.64/26 proto bird\n192.168.23.0/26 via 10.0.0.10 dev tunl0 proto bird onlink\n');
    if (r.format !== 'ip-route') throw new Error(r.reason);
    expect(r.routes).toEqual([
      expect.objectContaining({ type: 'blackhole', dst: '192.168.71.64/26', proto: 'bird' }),
      expect.objectContaining({ dst: '192.168.23.0/26', via: '10.0.0.10', dev: 'tunl0', onlink: true }),
    ]);
  });
});

describe('ip -d link', () => {
  it('reads flannel.1 and cni0 (flannel-io/flannel#959)', () => {
    const r = parseIpLink(realWorld('flannel-ip-link-healthy.txt'));
    if (r.format !== 'ip-link') throw new Error(r.reason);
    expect(r.links.map((l) => l.name)).toEqual(['lo', 'ens32', 'docker0', 'cni0', 'flannel.1']);
    expect(r.links.find((l) => l.name === 'flannel.1')).toMatchObject({ mtu: 1450, flags: ['BROADCAST', 'MULTICAST', 'UP', 'LOWER_UP'] });
  });

  it('reads -d details: the vxlan kind, VNI, port; ipip tunl0@NONE', () => {
    const r = parseIpLink('3: tunl0@NONE: <NOARP,UP,LOWER_UP> mtu 1480 qdisc noqueue state UNKNOWN mode DEFAULT group default qlen 1000\n    link/ipip 0.0.0.0 brd 0.0.0.0 promiscuity 0\n    ipip any remote any local any ttl inherit nopmtudisc\n4: flannel.1: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1450 qdisc noqueue state UNKNOWN mode DEFAULT group default\n    link/ether da:83:06:ab:33:25 brd ff:ff:ff:ff:ff:ff promiscuity 0\n    vxlan id 1 local 10.0.0.10 dev eth0 srcport 0 0 dstport 8472 nolearning ttl auto ageing 300\n');
    if (r.format !== 'ip-link') throw new Error(r.reason);
    expect(r.links[0]).toMatchObject({ name: 'tunl0', parent: 'NONE', kind: 'ipip' });
    expect(r.links[1]).toMatchObject({ kind: 'vxlan', vxlan: { id: 1, local: '10.0.0.10', dev: 'eth0', dstport: 8472 } });
  });
});

describe('/proc/mounts', () => {
  it('finds bpffs and unescapes octal spaces', () => {
    const r = parseProcMounts('bpf /sys/fs/bpf bpf rw,nosuid,nodev,noexec,relatime,mode=700 0 0\n/dev/sdb1 /mnt/my\\040disk ext4 rw 0 0\n');
    if (r.format !== 'proc-mounts') throw new Error(r.reason);
    expect(r.mounts.map((m) => [m.mountPoint, m.fsType])).toEqual([
      ['/sys/fs/bpf', 'bpf'],
      ['/mnt/my disk', 'ext4'],
    ]);
  });
});

describe('flannel subnet.env', () => {
  it('reads the file flanneld writes (flannel-io/flannel#1203)', () => {
    const r = parseFlannelSubnetEnv(realWorld('flannel-subnet-env-flanneld-generated.env'));
    if (r.format !== 'flannel-subnet-env') throw new Error(r.reason);
    expect(r).toMatchObject({ network: '172.101.0.0/16', subnet: '172.101.151.1/24', mtu: 1500, ipMasq: true, missing: [] });
  });

  it('keeps the tell-tale .0 subnet of a hand-written file (kubernetes/website#23446)', () => {
    const r = parseFlannelSubnetEnv(realWorld('flannel-subnet-env-handwritten-workaround.env'));
    expect(r.format === 'flannel-subnet-env' && r.subnet).toBe('10.244.1.0/24');
  });

  it('reads a pasted shell session line by line and CRLF, and lists missing keys', () => {
    const r = parseFlannelSubnetEnv(realWorld('flannel-subnet-env-network-podcidr-mismatch.env').replace(/\n/g, '\r\n'));
    if (r.format !== 'flannel-subnet-env') throw new Error(r.reason);
    expect(r.subnet).toBe('10.224.0.1/24');
    const partial = parseFlannelSubnetEnv('FLANNEL_NETWORK=10.244.0.0/16\nFLANNEL_SUBNET=10.244.3.1/24\n');
    expect(partial.format === 'flannel-subnet-env' && partial.missing).toEqual(['FLANNEL_IPMASQ', 'FLANNEL_MTU']);
  });
});
