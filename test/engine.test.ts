// The engine: a rule that throws is recorded as errored and the run goes on. Each rule's own
// firing and quiet cases are in test/rules/<rule-id>.test.ts.
import { describe, expect, it } from 'vitest';
import { analyzeBundle } from '../src/analyze/engine.js';
import { loadBundle } from '../src/analyze/load.js';
import { RULES } from '../src/analyze/rules/index.js';
import { MemorySource } from '../src/bundle/source.js';
import { list, node } from './helpers/fixtures/k8s.js';

describe('rule isolation', () => {
  it('records a rule that throws as errored and runs the others', async () => {
    const data = await loadBundle(new MemorySource({ 'cluster/nodes.json': list([node({ name: 'n1', ip: '10.0.0.1', ready: { status: 'False', reason: 'KubeletNotReady', message: 'PLEG is not healthy' } })]) }));
    const boom = { ...RULES[0]!, meta: { ...RULES[0]!.meta, id: 'boom', plugin: undefined }, requires: [], check: () => { throw new Error('kaput'); } };
    const r = analyzeBundle(data, { toolVersion: 't', source: 'm', rules: [...RULES, boom] });
    expect(r.ruleRuns.find((x) => x.ruleId === 'boom')).toEqual({ ruleId: 'boom', status: 'errored', reason: 'kaput', findings: 0 });
    expect(r.findings.find((f) => f.ruleId === 'node-not-ready')?.summary).toContain('PLEG is not healthy');
  });
});
