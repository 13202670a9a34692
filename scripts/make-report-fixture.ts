// Writes test/fixtures/report.json: a fixed Report for the renderer golden tests (they never run the
// engine). Built once from two sample bundles so it holds a root cause with its symptom, a downtime
// action, a collection gap and hostile event text.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { analyzePath } from '../src/analyze/index.js';

const root = path.resolve(import.meta.dirname, '..');
const { report } = await analyzePath(path.join(root, 'sample-bundles/calico-missing-portmap'), { toolVersion: '0.1.0' });
const partial = (await analyzePath(path.join(root, 'sample-bundles/partial-bundle'), { toolVersion: '0.1.0' })).report;
report.findings.push(...partial.findings.filter((f) => f.ruleId === 'bundle-collection-gap' || f.ruleId === 'bundle-unsafe-entry'));
report.triage.recentErrors.unshift(...partial.triage.recentErrors.filter((e) => e.reason === 'BackOff'));
for (const f of partial.findings) if (f.ruleId === 'bundle-collection-gap' || f.ruleId === 'bundle-unsafe-entry') report.counts[f.severity]++;
writeFileSync(path.join(root, 'test/fixtures/report.json'), `${JSON.stringify(report, null, 2)}\n`);
