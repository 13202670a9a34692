// Writes the fixed Reports that renderer and terminal-view tests read (they never run the engine):
// test/fixtures/report.json, built once from two sample bundles so it holds a root cause with its
// symptom, a downtime action, a collection gap and hostile event text; and
// test/fixtures/reports/<scenario>.json, the Report of each scenario the terminal-view tests open.
// test/scenarios.test.ts fails when a scenario's fixture is not what the engine gives today.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { analyzePath } from '../src/analyze/index.js';

const root = path.resolve(import.meta.dirname, '..');
const TUI_SCENARIOS = ['calico-bgp-down', 'calico-missing-portmap', 'cilium-broken', 'config-chaos', 'healthy-flannel', 'hostile-content'];

const { report } = await analyzePath(path.join(root, 'sample-bundles/calico-missing-portmap'), { toolVersion: '0.1.0' });
const partial = (await analyzePath(path.join(root, 'sample-bundles/partial-bundle'), { toolVersion: '0.1.0' })).report;
report.findings.push(...partial.findings.filter((f) => f.ruleId === 'bundle-collection-gap' || f.ruleId === 'bundle-unsafe-entry'));
report.triage.recentErrors.unshift(...partial.triage.recentErrors.filter((e) => e.reason === 'BackOff'));
for (const f of partial.findings) if (f.ruleId === 'bundle-collection-gap' || f.ruleId === 'bundle-unsafe-entry') report.counts[f.severity]++;
writeFileSync(path.join(root, 'test/fixtures/report.json'), `${JSON.stringify(report, null, 2)}\n`);

mkdirSync(path.join(root, 'test/fixtures/reports'), { recursive: true });
for (const scenario of TUI_SCENARIOS) {
  const r = (await analyzePath(path.join(root, 'sample-bundles', scenario), { toolVersion: 'test' })).report;
  writeFileSync(path.join(root, 'test/fixtures/reports', `${scenario}.json`), `${JSON.stringify(r, null, 2)}\n`);
}
