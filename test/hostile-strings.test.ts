// Hostile values rather than hostile archives: keys named "__proto__", and strings of any length in
// the fields rules quote (reasons, times, versions, instance types).
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FINDING_TEXT_BOUNDS, REPORT_STRING_BOUND, boundText } from '../src/analyze/engine.js';
import { reduceWorkload } from '../src/bundle/k8s/workload.js';
import { fromInternalType } from '../src/bundle/k8s/internal-types.js';
import { nullStringsToAbsent } from '../src/import/support-bundle-kit.js';
import { Redactor } from '../src/redact/secrets.js';
import { FORMATS, RENDERERS } from '../src/report/index.js';
import type { Report } from '../src/model/report.js';
import { SAMPLES, analyze } from './helpers/bundles.js';

describe('a key named "__proto__" is a key like any other', () => {
  // JSON.parse makes it an own key; copying it with `out[k] = v` set the copy's prototype instead,
  // so the key and its value vanished from the redacted bundle without a word.
  const configMap = () => JSON.parse('{"kind":"ConfigMap","data":{"__proto__":{"password":"hunter2"},"ok":"1"}}') as unknown;

  it('survives redaction, with its value redacted', () => {
    const out = JSON.stringify(new Redactor(true).object(configMap()));
    expect(out).toBe('{"kind":"ConfigMap","data":{"__proto__":{"password":"<redacted:password>"},"ok":"1"}}');
  });

  it('survives the support-bundle-kit and internal-type rewrites', () => {
    expect(JSON.stringify(nullStringsToAbsent(configMap()))).toBe('{"kind":"ConfigMap","data":{"__proto__":{"password":"hunter2"},"ok":"1"}}');
    const internal = JSON.parse('{"Name":"x","Labels":{"__proto__":"v"},"Spec":{"__proto__":{"a":1}}}') as unknown;
    const converted = fromInternalType(internal) as { spec: Record<string, unknown> };
    expect(Object.getPrototypeOf(converted.spec)).toBe(Object.prototype);
    expect(JSON.stringify(converted.spec)).toBe('{"__proto__":{"a":1}}');
  });

  it('is an environment variable of a workload like any other', () => {
    const ds = JSON.parse('{"metadata":{"name":"agent","namespace":"kube-system"},"spec":{"template":{"spec":{"containers":[{"name":"c","env":[{"name":"__proto__","value":"x"},{"name":"FOO","value":"y"}]}]}}}}') as unknown;
    const w = reduceWorkload('DaemonSet', ds, 'cluster/daemonsets.json', 1)!;
    expect(Object.entries(w.containers[0]!.env)).toEqual([
      ['__proto__', 'x'],
      ['FOO', 'y'],
    ]);
  });
});

describe('strings of any length in the fields rules quote', () => {
  const root = mkdtempSync(path.join(tmpdir(), 'cni-doctor-long-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  const LONG = 150_000;
  // Every string of the cluster Lists but the names that tie objects together (and the values rules
  // match exactly) gets a 150 KB tail.
  const KEEP = new Set(['name', 'namespace', 'uid', 'kind', 'apiVersion', 'nodeName', 'podCIDR', 'podCIDRs', 'phase', 'type', 'status', 'hostIP', 'podIP', 'creationTimestamp', 'lastTimestamp', 'firstTimestamp', 'eventTime']);
  const tail = ` ${'a '.repeat(LONG / 2)}`;
  const lengthen = (v: unknown, key?: string): unknown => {
    if (typeof v === 'string') return key !== undefined && KEEP.has(key) ? v : v + tail;
    if (Array.isArray(v)) return v.map((x) => lengthen(x, key === 'podCIDRs' ? key : undefined));
    // An event's reason is matched exactly (FailedCreatePodSandBox): a longer one is another reason.
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, k === 'reason' && 'involvedObject' in v ? x : lengthen(x, k)]));
    return v;
  };
  const longest = (v: unknown): number => (typeof v === 'string' ? v.length : v && typeof v === 'object' ? Math.max(0, ...Object.values(v).map(longest)) : 0);

  it('are cut in the report, which still says what is broken and where', async () => {
    const name = 'config-chaos';
    const dir = path.join(root, name);
    cpSync(path.join(SAMPLES, name), dir, { recursive: true });
    for (const f of readdirSync(path.join(dir, 'cluster')).filter((n) => n.endsWith('.json'))) {
      const file = path.join(dir, 'cluster', f);
      writeFileSync(file, JSON.stringify(lengthen(JSON.parse(readFileSync(file, 'utf8'))), null, 1));
    }
    const original = (await analyze(path.join(SAMPLES, name))).report;
    const { report } = await analyze(dir);
    // The same problems are found on the same nodes.
    const what = (r: Report) => r.findings.map((f) => `${f.ruleId} ${f.scope.names.join(',')}`).sort();
    expect(what(report)).toEqual(what(original));
    // Before the bounds, 150 KB reasons were copied into summaries, notes, the node table and triage.
    expect(longest(report)).toBeLessThanOrEqual(REPORT_STRING_BOUND + 60);
    for (const f of report.findings) {
      expect(f.summary.length).toBeLessThanOrEqual(FINDING_TEXT_BOUNDS.summary + 60);
      for (const e of f.evidence) expect((e.note ?? '').length).toBeLessThanOrEqual(FINDING_TEXT_BOUNDS.note + 60);
    }
    const json = RENDERERS.json(report);
    expect(json).toMatch(/… \[\d+ more characters not shown\]/);
    // Every format stays the size of a report, not of the bundle's longest value.
    for (const format of FORMATS) expect(RENDERERS[format](report).length, format).toBeLessThan(1_500_000);
  }, 60_000);

  it('are cut without splitting a character', () => {
    expect(boundText('ab', 5)).toBe('ab');
    expect(boundText('abcdefgh', 4)).toBe('abcd… [4 more characters not shown]');
    // U+1F600 is two UTF-16 code units; a cut between them would leave a lone surrogate.
    expect(boundText('abc\u{1F600}xyz', 4)).toBe('abc… [5 more characters not shown]');
  });
});
