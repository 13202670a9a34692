// Renderers are pure functions of a Report: golden files from a fixed report fixture, escaping of
// hostile text, and the JSON output validated against the published schema by an independent validator.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { reportJsonSchema, ReportSchema, type Report } from '../src/model/report.js';
import { renderHtml } from '../src/report/html/index.js';
import { renderJson } from '../src/report/json.js';
import { renderSarif } from '../src/report/sarif.js';
import { fence, mdText, renderMarkdown } from '../src/report/markdown.js';
import { analyze, REPO, SAMPLES, scenarioNames } from './helpers/bundles.js';

const FIXTURE = path.join(REPO, 'test/fixtures/report.json');
const GOLDEN = path.join(REPO, 'test/golden');
const fixture = (): Report => ReportSchema.parse(JSON.parse(readFileSync(FIXTURE, 'utf8')));
const update = process.env.UPDATE_GOLDEN === '1';

function golden(name: string, actual: string) {
  const file = path.join(GOLDEN, name);
  if (update) writeFileSync(file, actual);
  expect(actual).toBe(readFileSync(file, 'utf8'));
}

describe('renderers on the fixed report fixture', () => {
  it('Markdown matches the golden file', () => golden('report.md', renderMarkdown(fixture())));
  it('JSON matches the golden file', () => golden('report.json', renderJson(fixture())));
  it('HTML matches the golden file', () => golden('report.html', renderHtml(fixture())));
  it('SARIF matches the golden file', () => golden('report.sarif', renderSarif(fixture())));

  it('renders the same Report to the same bytes every time', () => {
    expect(renderHtml(fixture())).toBe(renderHtml(fixture()));
    expect(renderSarif(fixture())).toBe(renderSarif(fixture()));
  });

  it('puts triage before findings and findings before collection gaps; labels downtime in words', () => {
    const md = renderMarkdown(fixture());
    const order = ['## Triage', '## Findings', '## Collection gaps'].map((h) => md.indexOf(h));
    expect(order.every((v, i) => v > 0 && (i === 0 || v > order[i - 1]!))).toBe(true);
    expect(md).toMatch(/\*\*DOWNTIME:\*\* .* — risk: DOWNTIME — stops workloads/);
    expect(md).toContain('**Root cause of:** #2');
    expect(md).toContain('**Symptom of:** #1');
  });
});

describe('untrusted text in Markdown', () => {
  it('escapes markup, HTML and links in inline text, and shows control characters', () => {
    const t = mdText('pod <script>alert(1)</script> [x](javascript:alert(1)) `code` *b* | cell \u001b]0;title\u0007 \r\nnext');
    expect(t).not.toMatch(/<script>|\u001b|\u0007|\r|\n/);
    expect(t).toContain('&lt;script&gt;');
    expect(t).toContain('\\[x\\](javascript:alert(1))');
    expect(t).toContain('\\|');
    expect(t).toContain('\\\\x1b');
    expect(mdText('# heading')).toBe('\\# heading');
    expect(mdText('2. item')).toBe('2\\. item');
    expect(mdText('---')).toBe('\\---');
    // A version is text, not a list item: no stray backslash (it printed "cni-doctor \0.1.0").
    expect(mdText('0.1.0')).toBe('0.1.0');
    expect(mdText('2.8.1')).toBe('2.8.1');
  });

  it('fences excerpts with a fence longer than any backtick run inside', () => {
    const f = fence('a ```` b\n```\nc');
    expect(f.startsWith('`````\n')).toBe(true);
    expect(f.endsWith('\n`````')).toBe(true);
  });
});

describe('JSON report schema', () => {
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  const validate = ajv.compile(reportJsonSchema());

  it('is the published schema/report.schema.json (run npm run gen:schema)', () => {
    expect(JSON.parse(readFileSync(path.join(REPO, 'schema/report.schema.json'), 'utf8'))).toEqual(reportJsonSchema());
  });

  it.each(scenarioNames())('validates the report of %s', async (name) => {
    const { report } = await analyze(path.join(SAMPLES, name));
    const doc = JSON.parse(renderJson(report));
    const ok = validate(doc);
    expect(validate.errors ?? [], JSON.stringify(validate.errors?.slice(0, 3))).toEqual([]);
    expect(ok).toBe(true);
    expect(doc.schemaVersion).toBe(5);
  });

  it('rejects a report that breaks the contract', () => {
    const bad = JSON.parse(renderJson(fixture()));
    bad.findings[0].severity = 'catastrophic';
    delete bad.findings[0].evidence;
    expect(validate(bad)).toBe(false);
  });
});

describe('untrusted text in HTML', () => {
  it('escapes markup everywhere and never emits a bundle-controlled URL or script', () => {
    const r = fixture();
    const evil = '</pre><script>alert(1)</script><a href="javascript:alert(1)">x</a>{{this}}\u001b[2J';
    r.findings[0]!.summary = evil;
    r.findings[0]!.evidence[0]!.excerpt = evil;
    r.bundle.nodes[0]!.name = evil;
    const html = renderHtml(r);
    expect(html.match(/<script>/g)).toHaveLength(1);
    expect(html).not.toContain('href="javascript:');
    expect(html).toContain('&lt;/pre&gt;&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).not.toContain('\u001b');
    expect(html).toContain('\\x1b[2J');
    expect(html).toMatch(/Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-[A-Za-z0-9+/]+(=|&#x3D;)*'/);
  });
});
