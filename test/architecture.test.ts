// The layers hold: dependency-cruiser checks the imports of src/ against .dependency-cruiser.cjs (no
// cycles; the model at the bottom; collect, serve, redact, renderers and the terminal view never
// import the analysis; rules never read bundle paths or other rules). A second cruise over a small
// tree that breaks each rule on purpose proves the rules bite.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO } from './helpers/bundles.js';

const DEPCRUISE = path.join(REPO, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs');
const CONFIG = path.join(REPO, '.dependency-cruiser.cjs');

interface Violation {
  from: string;
  to: string;
  rule: { name: string };
  cycle?: { name: string }[];
}

function cruise(cwd: string): { violations: Violation[]; modules: number } {
  const r = spawnSync(process.execPath, [DEPCRUISE, 'src', '--config', CONFIG, '--output-type', 'json'], { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (!r.stdout) throw new Error(`dependency-cruiser printed nothing (exit ${r.status}): ${r.stderr}`);
  const result = JSON.parse(r.stdout) as { summary: { violations: Violation[]; totalCruised: number } };
  return { violations: result.summary.violations, modules: result.summary.totalCruised };
}

const describeViolation = (v: Violation) => `${v.rule.name}: ${v.from} → ${v.to}${v.cycle ? ` (cycle: ${v.cycle.map((c) => c.name).join(' → ')})` : ''}`;

describe('architecture', () => {
  it('src/ has no import cycle and no import across a forbidden layer', () => {
    const { violations, modules } = cruise(REPO);
    expect(violations.map(describeViolation)).toEqual([]);
    // It read the whole tree (a config that matched nothing would pass too).
    expect(modules).toBeGreaterThan(120);
  });

  it('each rule catches the import it forbids', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cni-doctor-arch-'));
    const files: Record<string, string> = {
      'src/model/report.ts': "import { x } from '../bundle/layout';\nexport const r = x;\n",
      'src/bundle/layout.ts': 'export const x = 1;\n',
      'src/bundle/a.ts': "import { b } from './b';\nexport const a = b;\n",
      'src/bundle/b.ts': "import { a } from './a';\nexport const b = () => a;\n",
      'src/analyze/engine.ts': 'export const run = 1;\n',
      'src/report/markdown.ts': "import { run } from '../analyze/engine';\nexport const md = run;\n",
      'src/collect/collect.ts': "import { run } from '../analyze/engine';\nexport const c = run;\n",
      'src/cni/calico.ts': "import { run } from '../analyze/engine';\nexport const d = run;\n",
      'src/analyze/rules/calico/peer-down.ts': "import { x } from '../../../bundle/layout';\nimport { y } from '../flannel/other';\nexport const p = x + y;\n",
      'src/analyze/rules/flannel/other.ts': 'export const y = 2;\n',
      'src/serve/server.ts': "import { c } from '../collect/collect';\nexport const s = c;\n",
      'src/import/troubleshoot.ts': "import { md } from '../report/markdown';\nexport const t = md;\n",
      'tsconfig.json': JSON.stringify({ compilerOptions: { module: 'nodenext', moduleResolution: 'nodenext' } }),
    };
    for (const [name, text] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
      writeFileSync(path.join(dir, name), text);
    }
    const found = new Set(cruise(dir).violations.map((v) => `${v.rule.name} ${v.from}`));
    for (const expected of [
      'model-at-the-bottom src/model/report.ts',
      'no-cycles src/bundle/a.ts',
      'only-analysis-imports-analysis src/report/markdown.ts',
      'renderers-read-the-report src/report/markdown.ts',
      'only-analysis-imports-analysis src/collect/collect.ts',
      'cni-descriptors-are-data src/cni/calico.ts',
      'rules-read-facts-not-files src/analyze/rules/calico/peer-down.ts',
      'a-rule-folder-holds-only-rules src/analyze/rules/calico/peer-down.ts',
      'collect-serve-redact-apart src/serve/server.ts',
      'importers-map-layouts src/import/troubleshoot.ts',
    ]) expect(found, expected).toContain(expected);
  });

  it('CONTRIBUTING.md names only files and folders that exist, and every layer the config checks', () => {
    const contributing = readFileSync(path.join(REPO, 'CONTRIBUTING.md'), 'utf8');
    const named = [...contributing.matchAll(/`((?:src|test|scripts|docs|templates)\/[^`<>*\s]*)`/g)].map((m) => m[1]!);
    expect(named.length).toBeGreaterThan(30);
    const missing = named.filter((p) => !existsSync(path.join(REPO, p)));
    expect(missing).toEqual([]);
    for (const layer of ['src/model/', 'src/parsers/', 'src/bundle/', 'src/cni/', 'src/import/', 'src/redact/', 'src/collect/', 'src/serve/', 'src/analyze/', 'src/report/', 'src/tui/', 'src/cli/']) expect(contributing, layer).toContain(`\`${layer}\``);
  });
});
