// The pod index answers what a plain list of every pod would: node of a pod, pods on a node, filters.
import { describe, expect, it } from 'vitest';
import type { PodRecord } from '../src/model/k8s.js';
import { ipv4ToNumber, PodIndex, type PodSummary } from '../src/analyze/pod-index.js';

function rng(seed: number) {
  let x = seed;
  return (n: number) => Math.floor(((x = (x * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff) * n);
}

function randomPods(count: number, seed: number): PodRecord[] {
  const r = rng(seed);
  const ips = () => [[], [`10.${r(256)}.${r(256)}.${r(256)}`], [`fd00::${r(999)}`], [`10.0.0.${r(9)}`, `fd00::${r(9)}`], ['010.1.2.3'], ['not-an-ip'], ['255.255.255.255']][r(7)]!;
  return Array.from({ length: count }, (_, i) => ({
    namespace: ['default', 'kube-system', 'a/b', ''][r(4)]!,
    name: `p-${r(count)}`, // duplicates on purpose: the last one wins
    file: ['cluster/pods.json', 'cluster-resources/pods/kube-system.json'][r(2)]!,
    line: 1 + i * 37,
    nodeName: r(5) ? `node-${r(7)}` : undefined,
    phase: ['Running', 'Pending', 'Succeeded', 'Failed', 'Unknown', 'Weird'][r(6)]!,
    hostNetwork: r(4) === 0,
    podIPs: ips(),
    labels: {},
    containers: [],
    containerCreating: r(3) === 0,
  }));
}

const summaryOf = (p: PodRecord): PodSummary => {
  const s: PodSummary = { namespace: p.namespace, name: p.name, file: p.file, line: p.line, phase: p.phase, hostNetwork: p.hostNetwork, podIPs: p.podIPs, containerCreating: p.containerCreating };
  if (p.nodeName) s.nodeName = p.nodeName;
  return s;
};

describe('PodIndex', () => {
  it.each([1, 2, 3])('agrees with a list of every pod (seed %s)', (seed) => {
    const pods = randomPods(3000, seed);
    const index = new PodIndex();
    for (const p of pods) index.add(p);
    expect(index.size).toBe(pods.length);
    expect(index.filter(() => true)).toEqual(pods.map(summaryOf));
    // filter's test reads each field through a moving view: every field must read as the pod's own.
    const summaries = pods.map(summaryOf);
    const tests: ((p: Readonly<PodSummary>) => boolean)[] = [
      (p) => p.phase === 'Pending' && p.containerCreating && !!p.nodeName,
      (p) => p.hostNetwork,
      (p) => p.namespace.startsWith('a') && p.name.includes('2'),
      (p) => p.line % 7 === 0 && p.file.length > 0,
      (p) => p.podIPs.length !== 1 || p.podIPs[0]!.endsWith('.1'),
      (p) => p.nodeName === undefined,
    ];
    for (const test of tests) {
      const expected = summaries.filter(test);
      expect(expected.length).toBeGreaterThan(0);
      expect(index.filter(test)).toEqual(expected);
    }
    for (const node of ['node-0', 'node-3', 'node-6', 'absent']) {
      expect(index.onNode(node)).toEqual(pods.filter((p) => p.nodeName === node).map(summaryOf));
      expect(index.podNetworkCount(node)).toBe(pods.filter((p) => p.nodeName === node && !p.hostNetwork && (p.phase === 'Running' || p.phase === 'Pending')).length);
    }
    const last = new Map(pods.map((p) => [JSON.stringify([p.namespace, p.name]), p.nodeName]));
    for (const [key, node] of last) expect(index.nodeOf(...(JSON.parse(key) as [string, string]))).toBe(node);
    expect(index.nodeOf('nowhere', 'none')).toBeUndefined();
    // findByName: the first pod of a name, in any namespace.
    const first = new Map<string, PodRecord>();
    for (const p of pods) if (!first.has(p.name)) first.set(p.name, p);
    for (const [name, p] of first) expect(index.findByName(name)).toEqual({ namespace: p.namespace, ...(p.nodeName ? { node: p.nodeName } : {}) });
    expect(index.findByName('absent')).toBeUndefined();
    expect(index.nodeOf('default', 'absent')).toBeUndefined();
    expect([...index.nodes()].sort()).toEqual([...new Set(pods.map((p) => p.nodeName).filter(Boolean))].sort());
  });
});

describe('ipv4ToNumber', () => {
  // The regex it replaced, as the specification: four decimal parts 0–255, no leading zeros.
  const bySpec = (ip: string): number | undefined => {
    const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(ip);
    if (!m) return undefined;
    const parts = m.slice(1).map(Number);
    if (parts.some((p) => p > 255) || m.slice(1).some((p) => p.length > 1 && p.startsWith('0'))) return undefined;
    return parts.reduce((v, p) => v * 256 + p, 0);
  };
  it('agrees with the regex on chosen and random strings', () => {
    const r = rng(11);
    const alphabet = ['0', '1', '2', '5', '9', '.', '.', 'a', ' ', '\n', '٣', '00', '255', '256'];
    const cases = ['1.2.3.4', '0.0.0.0', '255.255.255.255', '01.2.3.4', '1.2.3.4.', '.1.2.3', '1..2.3', '1.2.3', '1.2.3.4.5', '256.1.1.1', '1.2.3.04', '10.0.0.0', '', '1.2.3.4\n'];
    for (let i = 0; i < 100_000; i++) {
      let s = '';
      for (let j = 1 + r(12); j > 0; j--) s += alphabet[r(alphabet.length)];
      cases.push(s, `${r(300)}.${r(300)}.${r(300)}.${r(300)}`);
    }
    let valid = 0;
    for (const ip of cases) {
      const expected = bySpec(ip);
      if (expected !== undefined) valid++;
      expect(ipv4ToNumber(ip), ip).toBe(expected);
    }
    expect(valid).toBeGreaterThan(10_000);
    expect(ipv4ToNumber('255.255.255.255')).toBe(0xffffffff);
  });
});
