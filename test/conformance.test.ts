// The rule catalogue is complete and consistent: exactly the ids of ../shared/rules.md and rules-more-cnis.md, one file per
// rule named after it, documented, and each one seen firing and passing in a sample bundle.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ruleDoc, rulesIndex } from '../src/analyze/rule-docs.js';
import { RULES } from '../src/analyze/rules/index.js';
import { analyze, REPO, SAMPLES, SHARED, scenarioNames } from './helpers/bundles.js';

// rules.md, then the rules added with more CNIs and kube-proxy (same table layout).
const catalogue = ['rules.md', 'rules-more-cnis.md']
  .flatMap((f) => readFileSync(path.join(SHARED, f), 'utf8').split('\n'))
  .map((l) => /^\| `([a-z0-9-]+)` \| .*? \| ([a-z]+)[^|]*\| ([a-z—-]+) \|/.exec(l))
  .filter((m): m is RegExpExecArray => !!m)
  .map((m) => ({ id: m[1]!, severity: m[2]!, urgency: m[3] === '—' ? null : m[3]! }));

const rulesDir = path.join(REPO, 'src/analyze/rules');
const ruleFiles = readdirSync(rulesDir, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .flatMap((d) => readdirSync(path.join(rulesDir, d.name)).map((f) => path.join(d.name, f)))
  .filter((f) => /^export default defineRule/m.test(readFileSync(path.join(rulesDir, f), 'utf8')));

describe('rule catalogue', () => {
  it('registers exactly the ids of rules.md and rules-more-cnis.md', () => {
    expect(catalogue.length).toBe(38 + 7);
    expect(RULES.map((r) => r.meta.id).sort()).toEqual(catalogue.map((c) => c.id).sort());
  });

  it('has one file per rule, named after its id, in the folder of its area, opening with what it detects and a link', () => {
    expect(ruleFiles.length).toBe(RULES.length);
    for (const rule of RULES) {
      const file = path.join(rule.meta.area, `${rule.meta.id}.ts`);
      expect(ruleFiles, `${rule.meta.id} lives in ${file}`).toContain(file);
      const head = readFileSync(path.join(rulesDir, file), 'utf8').split('\n').filter((l) => l.startsWith('//')).join('\n');
      expect(head, `${file} opens with a comment`).toMatch(/^\/\/ (Detects|Reports) /);
      expect(head, `${file} links upstream documentation`).toMatch(/https:\/\//);
    }
  });

  it('has a test file per rule, test/rules/<id>.test.ts, with firing and quiet cases through testRule', () => {
    for (const rule of RULES) {
      const file = path.join(REPO, 'test/rules', `${rule.meta.id}.test.ts`);
      expect(existsSync(file), `${file} exists`).toBe(true);
      const text = readFileSync(file, 'utf8');
      expect(text, `${file} calls testRule('${rule.meta.id}', …)`).toContain(`testRule('${rule.meta.id}', {`);
      expect(text).toMatch(/fires: \[\s*\{/);
      expect(text).toMatch(/quiet: \[\s*(\/\/[^\n]*\s*)?\{/);
    }
  });

  it('carries the severity and urgency of rules.md and complete metadata', () => {
    for (const rule of RULES) {
      const c = catalogue.find((x) => x.id === rule.meta.id)!;
      expect(rule.meta.severity, rule.meta.id).toBe(c.severity);
      expect(rule.meta.urgency, rule.meta.id).toBe(c.urgency);
      for (const field of ['title', 'description', 'rationale', 'evidence'] as const) expect(rule.meta[field].length, `${rule.meta.id}.${field}`).toBeGreaterThan(field === 'title' ? 10 : 30);
      expect(rule.meta.actions.length, `${rule.meta.id} actions`).toBeGreaterThan(0);
      expect(rule.meta.docs.length, `${rule.meta.id} docs`).toBeGreaterThan(0);
      for (const d of rule.meta.docs) expect(d).toMatch(/^https:\/\//);
      for (const e of rule.meta.explains ?? []) expect(catalogue.map((x) => x.id), `${rule.meta.id} explains ${e}`).toContain(e);
      for (const a of rule.meta.actions) if (/nuclear|drain|recreate the (affected )?nodes|larger instance|Expand the pod CIDR/i.test(a.title)) expect(a.risk, `${rule.meta.id}: "${a.title}"`).toBe('downtime');
    }
  });

  it('documents every rule: docs/rules/<id>.md is the page generated from its metadata', () => {
    for (const rule of RULES) {
      const file = path.join(REPO, 'docs/rules', `${rule.meta.id}.md`);
      expect(existsSync(file), `${file} exists (run npm run gen:docs)`).toBe(true);
      expect(readFileSync(file, 'utf8'), `${file} is up to date (run npm run gen:docs)`).toBe(ruleDoc(rule));
    }
    expect(readFileSync(path.join(REPO, 'docs/rules/README.md'), 'utf8')).toBe(rulesIndex());
  });

  it('sees every rule fire in one sample bundle and pass in another', async () => {
    const fired = new Map<string, string[]>();
    const passed = new Map<string, string[]>();
    for (const name of scenarioNames()) {
      const { report } = await analyze(path.join(SAMPLES, name));
      for (const run of report.ruleRuns) {
        const map = run.status === 'fired' ? fired : run.status === 'passed' ? passed : undefined;
        map?.set(run.ruleId, [...(map.get(run.ruleId) ?? []), name]);
      }
    }
    const missingFire = RULES.map((r) => r.meta.id).filter((id) => !fired.has(id));
    const missingQuiet = RULES.map((r) => r.meta.id).filter((id) => !passed.has(id));
    expect(missingFire, 'rules with no firing scenario').toEqual([]);
    expect(missingQuiet, 'rules with no quiet scenario').toEqual([]);
  });
});
