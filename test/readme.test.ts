// The README's table of supported plugins stays true: every plugin cni-doctor knows has a row, every
// rule and scenario a row names exists, and every healthy scenario stays healthy (scenarios.test.ts).
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CNIS } from '../src/cni/index.js';
import { RULES } from '../src/analyze/rules/index.js';
import { REPO, SAMPLES } from './helpers/bundles.js';

const readme = readFileSync(path.join(REPO, 'README.md'), 'utf8');
const section = readme.slice(readme.indexOf('## Supported plugins'), readme.indexOf('\n## ', readme.indexOf('## Supported plugins') + 3));
const rows = section.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| Plugin') && !l.startsWith('| ---')).map((l) => l.split(' | ').map((c) => c.replace(/^\| |\s*\|$/g, '')));

describe('README: supported plugins', () => {
  it('has a row for every plugin cni-doctor recognises, and for kube-proxy', () => {
    expect(rows.length).toBeGreaterThanOrEqual(CNIS.length);
    const firstColumns = rows.map((r) => r[0]!);
    // Each descriptor's name, without its parenthesis (Canal (Calico + Flannel) → Canal).
    for (const c of CNIS) expect(firstColumns.some((f) => f.startsWith(c.name.replace(/ \(.*\)$/, '').replace(/ networking$/, ''))), c.name).toBe(true);
    expect(firstColumns).toContain('kube-proxy');
  });

  it('names only rules that exist, and scenarios that are in sample-bundles/ with their expectations', () => {
    const ids = new Set(RULES.map((r) => r.meta.id));
    for (const row of rows) {
      for (const id of row[3]!.match(/`[a-z0-9-]+`/g) ?? []) {
        const name = id.slice(1, -1);
        // The generic families (`cni-config-*`) and config types are named too; rule ids have a known prefix.
        if (/^(calico|cilium|flannel|aws|weave|antrea|kube-router|ovn|multus|cni|pod|ip|kube-proxy)-/.test(name)) expect(ids.has(name), `${row[0]}: rule ${name}`).toBe(true);
      }
      const scenarios = (row[4]!.match(/`[a-z0-9-]+`/g) ?? []).map((s) => s.slice(1, -1));
      expect(scenarios.length, `${row[0]} has scenarios`).toBeGreaterThan(0);
      for (const s of scenarios) expect(existsSync(path.join(SAMPLES, s, 'expected.yaml')), `${row[0]}: scenario ${s}`).toBe(true);
    }
  });

  it('says how many rules there are', () => {
    expect(readme).toContain(`[${RULES.length} rules](docs/rules/README.md)`);
  });
});
