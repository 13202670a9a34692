// Every sample bundle, read as a directory and as a .tar.gz: identical reports, and the findings its
// expected.yaml demands (and forbids).
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { SEVERITIES, type Report } from '../src/model/report.js';
import type { Expected } from './helpers/fixtures/expected.js';
import { analyzePath } from '../src/analyze/index.js';
import { analyze, packBundle, REPO, SAMPLES, scenarioNames } from './helpers/bundles.js';


const tmp = mkdtempSync(path.join(tmpdir(), 'cni-doctor-scenarios-'));

// The fixed Reports the terminal-view and renderer tests read are those of a few scenarios: each
// must still be what analysing its scenario gives, and none may outlive its scenario.
const FIXTURES = path.join(REPO, 'test/fixtures/reports');
const fixtureNames = readdirSync(FIXTURES).filter((f) => f.endsWith('.json')).map((f) => f.slice(0, -'.json'.length)).sort();

describe('the fixed Reports', () => {
  it('are of existing scenarios, and there are some', () => {
    expect(fixtureNames.length).toBeGreaterThan(0);
    const scenarios = new Set(scenarioNames());
    expect(fixtureNames.filter((n) => !scenarios.has(n))).toEqual([]);
  });

  it.each(fixtureNames)('of %s is what analysing the scenario gives (regenerate: npx tsx scripts/make-report-fixture.ts)', async (name) => {
    const { report } = await analyzePath(path.join(SAMPLES, name), { toolVersion: 'test' });
    expect(`${JSON.stringify(report, null, 2)}\n`).toBe(readFileSync(path.join(FIXTURES, `${name}.json`), 'utf8'));
  });
});

/** The report without what legitimately differs between a directory and its archive. */
function comparable(r: Report) {
  return { ...r, bundle: { ...r.bundle, packaging: 'x', source: 'x' } };
}

describe.each(scenarioNames())('scenario %s', (name) => {
  const dir = path.join(SAMPLES, name);
  const expected = parse(readFileSync(path.join(dir, 'expected.yaml'), 'utf8')) as Expected;

  it('gives the same report as a directory and as a .tar.gz', async () => {
    const archive = path.join(tmp, `${name}.tar.gz`);
    await packBundle(dir, archive, `cni-doctor-${name}-20261127T101500Z`);
    const fromDir = await analyze(dir);
    const fromTar = await analyze(archive);
    expect(fromTar.report.bundle.packaging).toBe('tar.gz');
    expect(comparable(fromTar.report)).toEqual(comparable(fromDir.report));
  });

  it('produces the expected findings and only those', async () => {
    const { report, data } = await analyze(dir);
    const byRule = (rule: string) => report.findings.filter((f) => f.ruleId === rule);
    for (const want of expected.fires) {
      const found = byRule(want.rule);
      expect(found.length, `${want.rule} should fire`).toBeGreaterThan(0);
      if (want.severity) expect(found.map((f) => f.severity), `${want.rule} severity`).toContain(want.severity);
      if (want.rootCause !== undefined) expect(found.map((f) => f.rootCause), `${want.rule} rootCause`).toContain(want.rootCause);
      for (const node of want.nodes ?? []) expect(found.flatMap((f) => f.scope.names), `${want.rule} scope`).toContain(node);
      for (const text of want.summaryIncludes ?? []) expect(found.map((f) => f.summary).join('\n'), `${want.rule} summary`).toContain(text);
      const actions = found.flatMap((f) => f.actions.flatMap((a) => [a.title, ...a.commands])).join('\n');
      for (const text of want.actionsInclude ?? []) expect(actions, `${want.rule} actions`).toContain(text);
    }
    for (const rule of expected.quiet) {
      const run = report.ruleRuns.find((r) => r.ruleId === rule);
      expect(run?.status, `${rule} should run and pass (${run?.reason ?? ''})`).toBe('passed');
    }
    if (expected.maxSeverity) {
      const limit = SEVERITIES.indexOf(expected.maxSeverity as never);
      const tooHigh = report.findings.filter((f) => SEVERITIES.indexOf(f.severity) < limit).map((f) => `${f.id} ${f.severity}`);
      expect(tooHigh, 'findings above the allowed severity').toEqual([]);
    }
    if (expected.first) expect(report.findings[0]?.ruleId).toBe(expected.first);
    for (const [symptom, verdict] of Object.entries(expected.matrix ?? {})) {
      const row = report.triage.matrix.find((r) => r.symptom === symptom);
      expect(row?.verdict, `matrix ${symptom}: ${row?.summary}`).toBe(verdict);
      if (verdict === 'failing' || verdict === 'at-risk') expect(row?.findings.length, `matrix ${symptom} names its findings`).toBeGreaterThan(0);
    }
    if (expected.verdict) expect(report.triage.podNetwork.verdict).toBe(expected.verdict);
    if (expected.plugins) expect(report.bundle.plugins.map((p) => p.id), 'plugins detected').toEqual(expected.plugins);
    expect(report.ruleRuns.filter((r) => r.status === 'errored')).toEqual([]);
    // Every evidence pointer names a file that is in the bundle (unsafe entries name the rejected entry).
    for (const f of report.findings) {
      for (const e of f.evidence) {
        if (f.ruleId === 'bundle-unsafe-entry') expect(data.rejected.map((r) => r.path)).toContain(e.file);
        else expect(data.files.has(e.file), `${f.id} cites ${e.file}`).toBe(true);
      }
    }
  });
});

describe('cause → symptom chains', () => {
  it('keeps a middle link both a symptom and a cause (config-chaos: RBAC → agent → missing config, NotReady)', async () => {
    const { report } = await analyze(path.join(SAMPLES, 'config-chaos'));
    const agent = report.findings.find((f) => f.id === 'cni-agent-unhealthy:calico')!;
    expect(agent.rootCause).toBe(false);
    expect(agent.causedBy).toEqual(['cni-rbac-denied']);
    expect(agent.explains).toEqual(['cni-config-missing', 'node-not-ready:network']);
    expect(agent.relatedTo).toEqual(['cni-config-missing', 'cni-rbac-denied', 'node-not-ready:network']);
    // Ranked right after its cause, its own symptoms after it.
    const ids = report.findings.map((f) => f.id);
    expect(ids.indexOf('cni-agent-unhealthy:calico')).toBe(ids.indexOf('cni-rbac-denied') + 1);
    expect(ids.indexOf('cni-config-missing')).toBeGreaterThan(ids.indexOf('cni-agent-unhealthy:calico'));
  });
});
