// reducePod and reduceEvent read the parsed JSON in place (src/bundle/k8s/loose.ts); their zod
// counterparts (reducePodBySchema, reduceEventBySchema) are the specification. Every pod and event
// of the sample bundles, and many thousands of mutations of them (seeded, so a failure reproduces),
// must reduce to the same record both ways: same fields, same values, same undefined fields.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { reducePod, reducePodBySchema } from '../src/bundle/k8s/pod.js';
import { reduceEvent, reduceEventBySchema } from '../src/bundle/k8s/event.js';
import { SAMPLES } from './helpers/bundles.js';

function jsonFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir).sort()) {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) jsonFiles(p, out);
    else if (name.endsWith('.json')) out.push(p);
  }
  return out;
}

/** The items of every sample List of the given kind (cni-doctor's cluster/ files and foreign layouts). */
function samplesOf(kind: 'Pod' | 'Event'): unknown[] {
  const items: unknown[] = [];
  for (const file of jsonFiles(SAMPLES)) {
    let doc: unknown;
    try {
      doc = JSON.parse(readFileSync(file, 'utf8'));
    } catch {
      continue; // the hostile and truncated samples
    }
    const list = (doc as { items?: unknown[] })?.items;
    if (!Array.isArray(list)) continue;
    for (const item of list) {
      const k = (item as { kind?: unknown })?.kind;
      const pathKind = /pods?\b/i.test(path.basename(file)) ? 'Pod' : /events?\b/i.test(path.basename(file)) ? 'Event' : undefined;
      if (k === kind || (k === undefined && pathKind === kind)) items.push(item);
    }
  }
  return items;
}

/** mulberry32: a small seeded generator, so every run mutates the same way. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Values a loose schema must tell apart: wrong types, empty and odd strings, non-finite numbers
// (JSON's 1e999 parses to Infinity), null, nested shapes, and a key zod never writes.
const ODD_VALUES: (() => unknown)[] = [
  () => null,
  () => undefined,
  () => '',
  () => 'ContainerCreating',
  () => 'x',
  () => 0,
  () => -1,
  () => 3.5,
  () => Infinity,
  () => true,
  () => false,
  () => [],
  () => [null],
  () => [{}],
  () => ['a'],
  () => ({}),
  () => ({ a: 'b' }),
  () => ({ a: 1 }),
  () => JSON.parse('{"__proto__": "x", "k": "v"}'),
  () => JSON.parse('{"__proto__": {"polluted": 1}}'),
  () => ({ memory: 512 }),
  () => ({ memory: '64Mi', cpu: 1 }),
  () => ({ memory: null }),
  () => ({ waiting: { reason: 'ContainerCreating', message: 'm' } }),
  () => ({ terminated: { reason: 'OOMKilled', exitCode: 137, finishedAt: 't' } }),
  () => ({ ip: '10.0.0.1' }),
  () => ({ count: 7, lastObservedTime: '2026-01-01T00:00:00Z' }),
];

/** Every path to a value inside `v` (objects and arrays), the root excluded. */
function paths(v: unknown, prefix: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  if (Array.isArray(v)) v.forEach((x, i) => (out.push([...prefix, i]), paths(x, [...prefix, i], out)));
  else if (typeof v === 'object' && v !== null) for (const k of Object.keys(v)) (out.push([...prefix, k]), paths((v as Record<string, unknown>)[k], [...prefix, k], out));
  return out;
}

// Paths the reducers read, so mutations also land where a missing one would go unnoticed.
const READ_PATHS: string[][] = [
  ['metadata'], ['metadata', 'name'], ['metadata', 'namespace'], ['metadata', 'labels'], ['metadata', 'creationTimestamp'], ['metadata', 'ownerReferences'],
  ['spec'], ['spec', 'nodeName'], ['spec', 'hostNetwork'], ['spec', 'containers'],
  ['status'], ['status', 'phase'], ['status', 'podIP'], ['status', 'podIPs'], ['status', 'containerStatuses'], ['status', 'initContainerStatuses'],
  ['type'], ['reason'], ['message'], ['note'], ['count'], ['firstTimestamp'], ['lastTimestamp'], ['eventTime'], ['series'], ['series', 'count'], ['series', 'lastObservedTime'],
  ['involvedObject'], ['involvedObject', 'namespace'], ['regarding'], ['source'], ['source', 'host'], ['source', 'component'], ['reportingComponent'], ['reportingController'], ['reportingInstance'],
];

function mutate(item: unknown, rnd: () => number): unknown {
  const copy = JSON.parse(JSON.stringify(item)) as Record<string, unknown>;
  const edits = 1 + Math.floor(rnd() * 3);
  for (let e = 0; e < edits; e++) {
    const all = paths(copy);
    const target = rnd() < 0.4 || !all.length ? READ_PATHS[Math.floor(rnd() * READ_PATHS.length)]! : all[Math.floor(rnd() * all.length)]!;
    let parent: Record<string | number, unknown> = copy;
    for (const key of target.slice(0, -1)) {
      const next = parent[key];
      if (typeof next !== 'object' || next === null) {
        parent[key] = {};
      }
      parent = parent[key] as Record<string | number, unknown>;
    }
    const last = target[target.length - 1]!;
    if (rnd() < 0.2) delete parent[last];
    else parent[last] = ODD_VALUES[Math.floor(rnd() * ODD_VALUES.length)]!();
  }
  return copy;
}

describe.each([
  { kind: 'Pod' as const, fast: reducePod, reference: reducePodBySchema },
  { kind: 'Event' as const, fast: reduceEvent, reference: reduceEventBySchema },
])('the in-place $kind reader', ({ kind, fast, reference }) => {
  const items = samplesOf(kind);

  it('has real samples to start from', () => {
    expect(items.length).toBeGreaterThan(kind === 'Pod' ? 200 : 100);
  });

  it('reduces every sample as the zod schema does', () => {
    let records = 0;
    for (const [i, item] of items.entries()) {
      const want = reference(item, 'f.json', i);
      expect(fast(item, 'f.json', i), JSON.stringify(item).slice(0, 300)).toStrictEqual(want);
      if (want) records++;
    }
    expect(records).toBe(items.length);
  });

  it('reduces 20,000 mutated samples as the zod schema does', () => {
    const rnd = random(kind === 'Pod' ? 16 : 61);
    let rejected = 0;
    for (let n = 0; n < 20_000; n++) {
      const item = mutate(items[Math.floor(rnd() * items.length)], rnd);
      const want = reference(item, 'f.json', n);
      expect(fast(item, 'f.json', n), JSON.stringify(item)).toStrictEqual(want);
      if (!want) rejected++;
    }
    // Some mutations must make the item unreadable (no name, not an object): both readers agree there too.
    if (kind === 'Pod') expect(rejected).toBeGreaterThan(0);
  });

  it('rejects what is not an object, as the zod schema does', () => {
    for (const v of [null, undefined, 1, 'pod', [], [{}], true]) {
      expect(fast(v, 'f.json', 1)).toBe(reference(v, 'f.json', 1));
      expect(reference(v, 'f.json', 1)).toBeUndefined();
    }
  });
});
