// testRule(id, cases): a rule's firing and quiet cases, as ESLint's RuleTester gives each rule valid
// and invalid ones. A case is a scenario bundle (sample-bundles/<name>) or a small in-memory bundle;
// both go through the real loader and engine. A firing case says what a user must see: the summary
// (patterns), the severity, the nodes in scope, the evidence cited (file, or file:line). A quiet
// case must run the rule (status `passed`), not skip it: a rule skipped for lack of data proves
// nothing about false positives.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeBundle } from '../../src/analyze/engine.js';
import { analyzePath } from '../../src/analyze/index.js';
import { loadBundle } from '../../src/analyze/load.js';
import { RULES } from '../../src/analyze/rules/index.js';
import { MemorySource } from '../../src/bundle/source.js';
import type { Finding, Report, Severity } from '../../src/model/report.js';
import { SAMPLES } from './bundles.js';

export type CaseBundle = { scenario: string } | { files: Record<string, string | Buffer> };

export interface FiringCase {
  name: string;
  bundle: CaseBundle;
  /** Every pattern matches the summary of some finding of the rule. */
  summary?: RegExp[];
  /** Severity of the rule's first finding (they are ranked). */
  severity?: Severity;
  /** Exactly these nodes in the scope of the rule's first finding. */
  nodes?: string[];
  /** Evidence the rule's findings cite: `file` or `file:line`. */
  cites?: string[];
  /** How many findings the rule gives. */
  findings?: number;
  /** Anything else a case needs to check. */
  check?: (findings: Finding[], report: Report) => void;
}

export interface QuietCase {
  name: string;
  bundle: CaseBundle;
}

const scenarioReports = new Map<string, Promise<Report>>();

export function reportOf(bundle: CaseBundle): Promise<Report> {
  if ('scenario' in bundle) {
    let r = scenarioReports.get(bundle.scenario);
    if (!r) scenarioReports.set(bundle.scenario, (r = analyzePath(path.join(SAMPLES, bundle.scenario), { toolVersion: 'test' }).then((x) => x.report)));
    return r;
  }
  return loadBundle(new MemorySource(bundle.files)).then((data) => analyzeBundle(data, { toolVersion: 'test', source: 'memory' }));
}

const caseName = (c: { name: string; bundle: CaseBundle }) => ('scenario' in c.bundle ? `${c.name} (scenario ${c.bundle.scenario})` : c.name);

export function testRule(id: string, cases: { fires: FiringCase[]; quiet: QuietCase[] }): void {
  describe(`rule ${id}`, () => {
    it('is registered', () => {
      expect(RULES.map((r) => r.meta.id)).toContain(id);
      // Every rule file has both kinds of case.
      expect(cases.fires.length).toBeGreaterThan(0);
      expect(cases.quiet.length).toBeGreaterThan(0);
    });

    for (const c of cases.fires) {
      it(`fires: ${caseName(c)}`, async () => {
        const report = await reportOf(c.bundle);
        const findings = report.findings.filter((f) => f.ruleId === id);
        expect(report.ruleRuns.find((r) => r.ruleId === id)?.status, 'rule run status').toBe('fired');
        expect(findings.length).toBeGreaterThan(0);
        if (c.findings !== undefined) expect(findings.length, 'number of findings').toBe(c.findings);
        if (c.severity) expect(findings[0]!.severity).toBe(c.severity);
        if (c.nodes) expect(findings[0]!.scope.names).toEqual(c.nodes);
        for (const pattern of c.summary ?? []) expect(findings.map((f) => f.summary), `a summary matches ${pattern}`).toEqual(expect.arrayContaining([expect.stringMatching(pattern)]));
        const cited = new Set(findings.flatMap((f) => f.evidence.flatMap((e) => [e.file, `${e.file}:${e.line ?? ''}`])));
        for (const want of c.cites ?? []) expect([...cited], `evidence cites ${want}`).toContain(want);
        // Evidence is never empty unless the finding is about the bundle itself.
        for (const f of findings) if (f.scope.kind !== 'bundle') expect(f.evidence.length, `${f.id} cites evidence`).toBeGreaterThan(0);
        c.check?.(findings, report);
      });
    }

    for (const c of cases.quiet) {
      it(`quiet: ${caseName(c)}`, async () => {
        const report = await reportOf(c.bundle);
        const run = report.ruleRuns.find((r) => r.ruleId === id);
        expect(run?.status, `ran and found nothing${run?.reason ? ` (${run.reason})` : ''}`).toBe('passed');
        expect(report.findings.filter((f) => f.ruleId === id)).toEqual([]);
      });
    }
  });
}
