// Every sample bundle's HTML report opened in Debian's Chromium (headless, driven by playwright-core):
// no console errors, no network request but the file itself, triage and findings visible, filters
// work with JavaScript and everything reads without it, and hostile bundle text executes nothing.
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../src/model/report.js';
import { renderHtml } from '../src/report/html/index.js';
import { analyze, REPO, SAMPLES, scenarioNames } from './helpers/bundles.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const available = existsSync(CHROMIUM);
// CI installs chromium (.ci/run); on a laptop without it these tests are skipped, loudly.
if (!available && process.env.CI) throw new Error(`chromium not found at ${CHROMIUM}: .ci/run installs it with apt-get`);
if (!available) console.warn(`html-browser tests skipped: no chromium at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)`);

const tmp = mkdtempSync(path.join(tmpdir(), 'cni-doctor-html-'));
const ARTIFACTS = path.join(REPO, 'test-artifacts');
let browser: Browser;

async function open(report: Report, name: string, javaScriptEnabled = true) {
  const file = path.join(tmp, `${name}${javaScriptEnabled ? '' : '-nojs'}.html`);
  writeFileSync(file, renderHtml(report));
  const context = await browser.newContext({ javaScriptEnabled, viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const problems: string[] = [];
  const requests: string[] = [];
  const dialogs: string[] = [];
  page.on('console', (m) => (m.type() === 'error' || m.type() === 'warning') && problems.push(`${m.type()}: ${m.text()}`));
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('request', (r) => requests.push(r.url()));
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  const url = pathToFileURL(file).href;
  await page.goto(url, { waitUntil: 'load' });
  return { page, problems, requests, dialogs, url, close: () => context.close() };
}

describe.skipIf(!available)('HTML report in Chromium', () => {
  beforeAll(async () => {
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  });
  afterAll(async () => browser?.close());

  it.each(scenarioNames())('%s: opens offline with no errors, triage and findings visible', async (name) => {
    const { report } = await analyze(path.join(SAMPLES, name));
    const { page, problems, requests, dialogs, url, close } = await open(report, name);
    try {
      expect(problems).toEqual([]);
      expect(requests).toEqual([url]);
      expect(dialogs).toEqual([]);
      await expect.poll(() => page.locator('#triage .verdict').isVisible()).toBe(true);
      expect(await page.locator('#triage .verdict').innerText()).toContain('Can new pods get a network?');
      const findings = report.findings.filter((f) => f.ruleId !== 'bundle-collection-gap');
      expect(await page.locator('#findings article.finding').count()).toBe(findings.length);
      if (findings[0]) expect(await page.locator('#findings article.finding h3').first().innerText()).toContain(findings[0].title);
      expect(await page.locator('script').count()).toBe(1);
      // The four answers come first, each linked to the findings that decide it.
      const tiles = page.locator('.answers article.tile');
      expect(await tiles.count()).toBe(4);
      for (const [i, row] of report.triage.matrix.entries()) {
        const tile = tiles.nth(i);
        expect(await tile.getAttribute('data-symptom')).toBe(row.symptom);
        expect(await tile.locator('.tile-verdict strong').innerText()).toBe({ failing: 'FAILING', 'at-risk': 'AT RISK', ok: 'OK', unknown: 'UNKNOWN' }[row.verdict]);
        // Each link leads to a finding on the page.
        const links = tile.locator('.tile-links a');
        expect(await links.count(), `${row.symptom} links`).toBe(row.findings.filter((id) => report.findings.some((f) => f.id === id)).length);
        for (let k = 0; k < (await links.count()); k++) {
          const href = (await links.nth(k).getAttribute('href'))!;
          expect(await page.locator(`[id="${href.slice(1)}"]`).count(), href).toBe(1);
        }
      }
    } finally {
      await close();
    }
  });

  it('opens calico-bgp-down on a red pod-to-pod tile and the BGP failure to fix first, above the findings', async () => {
    const { report } = await analyze(path.join(SAMPLES, 'calico-bgp-down'));
    const { page, close } = await open(report, 'calico-bgp-down-tiles');
    try {
      const tile = page.locator('.answers article.tile[data-symptom="pod-to-pod"]');
      expect(await tile.getAttribute('class')).toContain('tone-critical');
      expect(await tile.innerText()).toMatch(/Can pods on different nodes reach each other\?\s+FAILING impact in immediate\s+3 of 3 nodes: Calico BGP sessions are down/);
      expect(await page.locator('.answers article.tile[data-symptom="new-pods"]').getAttribute('class')).toContain('tone-ok');
      const fix = page.locator('.fix-first');
      expect(await fix.innerText()).toMatch(/^Fix first: #1 — Calico BGP sessions are down \(3 of 3 nodes\)/);
      // The tiles and the root cause are above the findings on the page.
      const y = async (sel: string) => (await page.locator(sel).first().boundingBox())!.y;
      expect(await y('.answers')).toBeLessThan(await y('#findings'));
      expect(await y('.fix-first')).toBeLessThan(await y('#triage'));
      await fix.locator('a').click();
      expect(new URL(page.url()).hash).toBe(`#${await page.locator('#findings article.finding').first().getAttribute('id')}`);
    } finally {
      await close();
    }
  });

  it('filters by severity, node and text; keeps a screenshot', async () => {
    const { report } = await analyze(path.join(SAMPLES, 'config-chaos'));
    const { page, problems, close } = await open(report, 'config-chaos');
    try {
      const visible = () => page.locator('#findings article.finding:visible').count();
      const total = await visible();
      expect(await page.locator('form.filters output').innerText()).toBe(`${total} of ${total} findings shown`);
      mkdirSync(ARTIFACTS, { recursive: true });
      await page.screenshot({ path: path.join(ARTIFACTS, 'report-config-chaos.png'), fullPage: true });
      await page.locator('input[name=severity][value=critical]').uncheck();
      const critical = report.findings.filter((f) => f.severity === 'critical' && f.ruleId !== 'bundle-collection-gap').length;
      expect(await visible()).toBe(total - critical);
      await page.locator('input[name=severity][value=critical]').check();
      await page.selectOption('select[name=node]', 'worker-4');
      const onWorker4 = report.findings.filter((f) => f.scope.kind === 'nodes' && f.scope.names.includes('worker-4')).length;
      expect(onWorker4).toBeGreaterThan(0);
      expect(await visible()).toBe(onWorker4);
      await page.selectOption('select[name=node]', '');
      await page.fill('input[name=q]', 'byte-order mark');
      expect(await visible()).toBe(1);
      expect(problems).toEqual([]);
    } finally {
      await close();
    }
  });

  it('reads completely without JavaScript, and prints without the controls', async () => {
    const { report } = await analyze(path.join(SAMPLES, 'flannel-broken'));
    const { page, close } = await open(report, 'flannel-broken', false);
    try {
      expect(await page.locator('form.filters').isHidden()).toBe(true);
      const n = report.findings.filter((f) => f.ruleId !== 'bundle-collection-gap').length;
      expect(await page.locator('#findings article.finding:visible').count()).toBe(n);
      expect(await page.locator('#matrix tr.applies').count()).toBeGreaterThan(0);
      expect(await page.locator('#ip svg rect.fill').count()).toBeGreaterThan(0);
      expect(await page.locator('#timeline svg rect').count()).toBeGreaterThan(0);
      await page.emulateMedia({ media: 'print' });
      expect(await page.locator('nav.toc').isHidden()).toBe(true);
    } finally {
      await close();
    }
  });

  it('shows hostile bundle text as text and executes none of it', async () => {
    const { report } = await analyze(path.join(SAMPLES, 'hostile-content'));
    const { page, problems, requests, dialogs, url, close } = await open(report, 'hostile-content');
    try {
      expect(await page.evaluate(() => (globalThis as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
      expect(dialogs).toEqual([]);
      expect(problems).toEqual([]);
      expect(requests).toEqual([url]);
      expect(await page.locator('script').count()).toBe(1);
      expect(await page.locator('img').count()).toBe(0);
      expect(await page.locator('[onerror]').count()).toBe(0);
      expect(await page.locator('a[href^="javascript:"]').count()).toBe(0);
      const text = await page.locator('body').innerText();
      expect(text).toContain('<script>window.__pwned=1;alert(1)</script>');
      expect(text).toContain("{{constructor.constructor('alert(1)')()}}");
      expect(text).toContain('\\x1b]0;pwned\\x07');
      expect(text).not.toContain('\u001b');
      expect(await page.title()).not.toContain('pwned');
    } finally {
      await close();
    }
  });
});
