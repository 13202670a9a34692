// The optimised loading path (fast List splitting, pods and events reduced to an index as they
// stream, node outputs shared between nodes) must not change a single byte of any report. The
// reference path keeps every record and splits Lists byte by byte; both run on a mid-size generated
// bundle and on every scenario bundle, and every renderer's output is compared.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzePath } from '../src/analyze/index.js';
import { renderHtml } from '../src/report/html/index.js';
import { renderJson } from '../src/report/json.js';
import { renderMarkdown } from '../src/report/markdown.js';
import { generateBundle } from '../scripts/gen-bundle.js';
import { SAMPLES, scenarioNames } from './helpers/bundles.js';

const tmp = mkdtempSync(path.join(tmpdir(), 'cni-doctor-equiv-'));

async function bothPaths(location: string) {
  const fast = await analyzePath(location, { toolVersion: '0.0.0-test' });
  const reference = await analyzePath(location, { toolVersion: '0.0.0-test', reference: true });
  return { fast, reference };
}

function expectSameReports(a: Awaited<ReturnType<typeof analyzePath>>['report'], b: Awaited<ReturnType<typeof analyzePath>>['report']) {
  expect(renderJson(a)).toBe(renderJson(b));
  expect(renderMarkdown(a)).toBe(renderMarkdown(b));
  expect(renderHtml(a)).toBe(renderHtml(b));
}

describe('optimised and reference loading give the same report', () => {
  it('on a mid-size generated bundle (300 nodes, 6,000 pods, 8,000 events)', async () => {
    const file = path.join(tmp, 'mid.tar.gz');
    await generateBundle({ nodes: 300, pods: 6000, events: 8000, cni: 'calico', output: file });
    const { fast, reference } = await bothPaths(file);
    // The reference path really holds every record; the optimised one does not.
    expect(reference.data.pods).toHaveLength(6000);
    expect(fast.data.pods.length).toBeLessThan(6000);
    expect(reference.data.events).toHaveLength(8000);
    expect(fast.data.events.length).toBeLessThan(8000);
    expect(fast.report.findings.map((f) => f.ruleId)).toEqual(expect.arrayContaining(['node-not-ready', 'cni-binary-missing', 'cni-sandbox-failures', 'calico-bgp-peer-down']));
    expectSameReports(fast.report, reference.report);
  }, 120_000);

  it('on node outputs that differ in text but parse to the same value, which are held once', async () => {
    // Calico's conflist names its node; the parsed config blanks node-specific values, so 40 texts
    // give one value, held once rather than once per node (6.9 MB at 5,000 nodes before).
    const file = path.join(tmp, 'shared-results.tar.gz');
    await generateBundle({ nodes: 40, pods: 400, events: 200, cni: 'calico', shape: 'repetitive', output: file });
    const { fast, reference } = await bothPaths(file);
    const configs = (d: typeof fast.data) => [...d.nodeData.values()].flatMap((n) => n.cniConfigs).filter((c) => c.fileName === '10-calico.conflist');
    const texts = new Set(configs(fast.data).map((c) => fast.data.files.get(c.path)?.text));
    expect(texts.size).toBe(40);
    expect(new Set(configs(fast.data).map((c) => c.plugins)).size).toBe(1);
    // The reference path parses every file on its own.
    expect(new Set(configs(reference.data).map((c) => c.plugins)).size).toBe(40);
    expectSameReports(fast.report, reference.report);
  }, 60_000);

  it.each(scenarioNames())('on the %s scenario', async (name) => {
    const { fast, reference } = await bothPaths(path.join(SAMPLES, name));
    expectSameReports(fast.report, reference.report);
  });
});
