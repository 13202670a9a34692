// cilium status (in-agent, several versions; and the cilium-cli form) and bpf endpoint list, on real
// outputs from ../shared/real-world (sources in each file's first line).
import { describe, expect, it } from 'vitest';
import { parseCiliumBpfEndpointList } from '../../src/parsers/cilium-bpf-endpoints.js';
import { parseCiliumStatus } from '../../src/parsers/cilium-status.js';
import type { CiliumStatus } from '../../src/model/outputs/cilium-status.js';
import { realWorld } from '../helpers/bundles.js';

const agent = (text: string) => {
  const r = parseCiliumStatus(text);
  if (r.format !== 'cilium-status') throw new Error(`${r.format}`);
  return r as CiliumStatus;
};

describe('cilium status', () => {
  it('reads 1.18 --verbose: Routing line, KPR True, IPAM "x/y allocated from", controller table all healthy', () => {
    const s = agent(realWorld('cilium-status-verbose-healthy-v1.18.txt'));
    expect(s.kvstore?.state).toBe('Disabled');
    expect(s.kubernetes).toMatchObject({ state: 'Ok', message: '1.32 (v1.32.7) [linux/amd64]' });
    expect(s.kubeProxyReplacement).toBe('True');
    expect(s.cilium?.state).toBe('Ok');
    expect(s.version).toBe('1.18.0');
    expect(s.routing).toBe('Network: Tunnel [vxlan]   Host: Legacy');
    expect(s.ipam).toMatchObject({ used: 5, total: 254, cidr: '10.0.0.0/24' });
    expect(s.controllers).toMatchObject({ healthy: 35, total: 35, failing: [] });
    expect(s.cniConfig?.ok).toBe(true);
  });

  it('reads 1.7 output: KPR Strict, "Cilium: Ok OK", cluster health table with an unreachable endpoint', () => {
    const s = agent(realWorld('cilium-status-healthy-v1.7-kpr-strict.txt'));
    expect(s.kubeProxyReplacement).toBe('Strict');
    expect(s.cilium).toMatchObject({ state: 'Ok', message: 'OK' });
    expect(s.version).toBeUndefined();
    expect(s.ipam).toMatchObject({ used: 4, total: 65535, cidr: '10.1.0.0/16' });
    expect(s.clusterHealth).toMatchObject({ reachable: 0, total: 1 });
    expect(s.clusterHealth?.unreachableNodes.map((n) => n.name)).toEqual(['ceuse']);
  });

  it('reads a tab-prefixed capture with a KVStore failure (cilium/cilium#8733)', () => {
    const s = agent(realWorld('cilium-status-kvstore-failure-partial.txt'));
    expect(s.kvstore).toMatchObject({ state: 'Failure', message: 'Err: not able to connect to any etcd endpoints' });
    expect(s.cilium).toMatchObject({ state: 'Failure', message: 'Kvstore service is not ready' });
    expect(s.kubernetes?.state).toBe('Ok');
  });

  it('reads the pre-1.5 "IPv4 address pool: N/M allocated" form and failing controllers', () => {
    const s = agent([
      'KVStore:                Ok   Consul: 172.17.0.2:8300',
      'Kubernetes:             Ok   1.9 (v1.9.6) [linux/amd64]',
      'Cilium:                 Ok   OK',
      'IPv4 address pool:      250/255 allocated',
      'Controller Status:      14/15 healthy',
      '  Name                      Last success   Last error   Count   Message',
      '  cilium-health-ep          12m3s ago      4s ago       16      Get "http://10.11.0.4:4240/hello": context deadline exceeded (Client.Timeout exceeded while awaiting headers)',
      '  sync-to-k8s-ciliumendpoint (1)   2s ago   never   0   no error',
      '',
    ].join('\n'));
    expect(s.ipam).toMatchObject({ used: 250, total: 255 });
    expect(s.controllers?.failing.map((f) => [f.name, f.failureCount])).toEqual([['cilium-health-ep', 16]]);
  });

  it('recognises the external cilium-cli status and its errors (cilium/cilium#27982)', () => {
    const r = parseCiliumStatus(realWorld('cilium-cli-status-daemonset-not-ready.txt'));
    expect(r.format).toBe('cilium-cli-status');
    if (r.format !== 'cilium-cli-status') return;
    expect(r.errors[0]!.text).toContain('3 pods of DaemonSet cilium are not ready');
    expect(r.warnings).toHaveLength(3);
  });

  it('reads an agent that does not answer, and reports foreign text as unrecognised', () => {
    const down = parseCiliumStatus('Error: Unable to reach agent: Get "http:///var/run/cilium/cilium.sock/v1/healthz": dial unix /var/run/cilium/cilium.sock: connect: no such file or directory\nIs the agent running?\n');
    expect(down.format).toBe('cilium-status');
    if (down.format === 'cilium-status') expect(down.errors).toHaveLength(2);
    expect(parseCiliumStatus('hello world\n').format).toBe('unrecognised');
  });
});

describe('cilium bpf endpoint list', () => {
  it('reads the recent format: keys as ip:0, (localhost) host entries (cilium/cilium#40519)', () => {
    const r = parseCiliumBpfEndpointList(realWorld('cilium-bpf-endpoint-list-recent.txt'));
    if (r.format !== 'cilium-bpf-endpoint-list') throw new Error(r.reason);
    expect(r.style).toBe('recent');
    expect(r.endpoints).toHaveLength(9);
    expect(r.endpoints.find((e) => e.ip === '10.244.3.94')).toMatchObject({ id: 412, securityId: 4, localhost: false });
    expect(r.endpoints.find((e) => e.ip === '192.168.0.4')?.localhost).toBe(true);
    expect(r.endpoints[0]!.ip).toBe('fd00:10:244:3::f82d');
  });

  it('reads the 2018 format: mixed-case headers, no :0 suffix, seclabel (cilium/cilium#3294)', () => {
    const r = parseCiliumBpfEndpointList(realWorld('cilium-bpf-endpoint-list-legacy-2018.txt'));
    if (r.format !== 'cilium-bpf-endpoint-list') throw new Error(r.reason);
    expect(r.style).toBe('legacy');
    expect(r.endpoints.find((e) => e.ip === '10.233.64.172')).toMatchObject({ id: 29898, securityId: 0xd526 });
    // A legacy IPv6 address that ends in ":0"-like digits is not altered.
    expect(r.endpoints.some((e) => e.ip === 'f00d::ae9:4000:0:8ad6')).toBe(true);
  });

  it('reports output without a header as unrecognised', () => {
    expect(parseCiliumBpfEndpointList('command not found: cilium\n').format).toBe('unrecognised');
  });
});
