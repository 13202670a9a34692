// SARIF output checked by the independent validator Microsoft publishes (Sarif.Multitool, from the
// @microsoft/sarif-multitool npm package): schema errors fail the test.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { RULES } from '../src/analyze/rules/index.js';
import { describe, expect, it } from 'vitest';
import { renderSarif } from '../src/report/sarif.js';
import { analyze, REPO, SAMPLES } from './helpers/bundles.js';

const tmp = mkdtempSync(path.join(tmpdir(), 'cni-doctor-sarif-'));
const MULTITOOL = path.join(REPO, 'node_modules/.bin/sarif-multitool');

function validate(file: string): { errors: string[]; output: string } {
  const r = spawnSync(MULTITOOL, ['validate', file], { encoding: 'utf8', timeout: 120_000 });
  const output = `${r.stdout}${r.stderr}`;
  expect(output, output).toMatch(/Analysis completed successfully|Done\./);
  return { errors: output.split('\n').filter((l) => /: error [A-Z]+\d+:/.test(l)), output };
}

describe('SARIF 2.1.0', () => {
  it.each(['config-chaos', 'partial-bundle', 'healthy-cilium', 'hostile-content'])('%s: valid for the SARIF validator, one result per finding', async (name) => {
    const { report } = await analyze(path.join(SAMPLES, name));
    const text = renderSarif(report);
    const file = path.join(tmp, `${name}.sarif`);
    writeFileSync(file, text);
    expect(validate(file).errors).toEqual([]);
    const sarif = JSON.parse(text);
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.runs).toHaveLength(1);
    const run = sarif.runs[0];
    expect(run.tool.driver.rules.map((r: { id: string }) => r.id).sort()).toEqual(RULES.map((r) => r.meta.id).sort());
    for (const rule of run.tool.driver.rules) expect(rule.helpUri).toMatch(/^https:\/\//);
    expect(run.results).toHaveLength(report.findings.length);
    for (const [i, res] of run.results.entries()) {
      const f = report.findings[i]!;
      expect(res.level).toBe({ critical: 'error', high: 'error', medium: 'warning', low: 'note', info: 'note' }[f.severity]);
      expect(run.tool.driver.rules[res.ruleIndex].id).toBe(f.ruleId);
      const first = f.evidence[0];
      if (first?.line && f.ruleId !== 'bundle-unsafe-entry') expect(res.locations[0].physicalLocation).toMatchObject({ artifactLocation: { uriBaseId: 'BUNDLE' }, region: { startLine: first.line } });
    }
  });

  it('is really checked: the validator rejects a broken log', () => {
    const file = path.join(tmp, 'broken.sarif');
    writeFileSync(file, JSON.stringify({ version: '2.1.0', runs: [{ tool: { driver: {} }, results: [{ level: 'catastrophic' }] }] }));
    expect(validate(file).errors.length).toBeGreaterThan(0);
  });

  it('never writes an absolute or parent-escaping URI for a rejected archive entry', async () => {
    const { report } = await analyze(path.join(SAMPLES, 'partial-bundle'));
    report.findings[0]!.evidence.push({ file: '/etc/../../passwd', note: 'rejected' });
    const sarif = JSON.parse(renderSarif(report));
    const uris = sarif.runs[0].results.flatMap((r: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }) => r.locations.map((l) => l.physicalLocation.artifactLocation.uri));
    expect(uris).toContain('etc/passwd');
    for (const u of uris) expect(u).not.toMatch(/^\/|(^|\/)\.\.(\/|$)/);
  });
});
