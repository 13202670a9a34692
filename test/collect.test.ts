// cni-doctor collect, end to end with the real kubectl against `cni-doctor serve`: for every sample
// bundle S, collecting from serve S yields a bundle whose analysis equals S's analysis (same findings,
// same evidence files) and whose cluster/ objects equal S's after redaction and ordering.
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { collect } from '../src/collect/collect.js';
import { Redactor } from '../src/redact/secrets.js';
import type { Report } from '../src/model/report.js';
import { kubeconfig, startServer, type Faults } from '../src/serve/server.js';
import { loadStore } from '../src/serve/store.js';
import { analyze, SAMPLES, scenarioNames } from './helpers/bundles.js';
import { readJsonList } from '../src/bundle/json-list.js';
import { Readable } from 'node:stream';
import { openBundle } from '../src/bundle/source.js';

const tmp = mkdtempSync(path.join(tmpdir(), 'cni-doctor-collect-'));
const KUBECTL = process.env.KUBECTL ?? 'kubectl';
// The probe is a live action (a test pod) that a recorded bundle cannot replay. Unsafe entries and
// unreadable (truncated) files describe how S itself was packaged; re-collecting repairs them.
const PROBE = /^probe-|^bundle-unsafe-entry|^bundle-collection-gap:(unreadable|archive)$/;

async function collectFrom(scenario: string, faults?: Faults, extra: Partial<Parameters<typeof collect>[0]> = {}) {
  const store = await loadStore(path.join(SAMPLES, scenario));
  const server = await startServer(store, { faults });
  const config = path.join(tmp, `${scenario}-${server.port}.kubeconfig`);
  writeFileSync(config, kubeconfig(server.url, `rt-${scenario}`));
  try {
    return await collect({ kubectl: KUBECTL, kubeconfig: config, nodes: 'all', maxNodes: 50, logLines: 2000, timeoutSec: 60, concurrency: 4, probe: false, redact: true, toolVersion: 'test', output: path.join(tmp, `${scenario}-${server.port}.tar.gz`), ...extra });
  } finally {
    await server.close();
  }
}

// By id: ranking can differ only through the excluded probe findings (a probe symptom raises its cause).
const summary = (r: Report) =>
  r.findings
    .filter((f) => !PROBE.test(f.id))
    .map((f) => ({ id: f.id, severity: f.severity, rootCause: f.rootCause || f.causedBy.every((c) => PROBE.test(c)), files: [...new Set(f.evidence.map((e) => e.file))].sort() }))
    .sort((a, b) => (a.id < b.id ? -1 : 1));
const runs = (r: Report) => r.ruleRuns.filter((x) => !PROBE.test(x.ruleId)).map((x) => `${x.ruleId}:${x.status}`);
// (bundle-collection-gap's run stays compared: it fires in both whenever any gap is left.)

/** The items of every cluster/*.json of a bundle, sorted, keyed by file. */
async function clusterObjects(location: string, redact: boolean): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  const redactor = new Redactor(redact);
  const source = await openBundle(location);
  for await (const ev of source.events()) {
    if (ev.type !== 'file') continue;
    if (!/^cluster\/(custom\/)?[^/]+\.json$/.test(ev.path) || ev.path === 'cluster/version.json') {
      ev.stream.resume();
      continue;
    }
    const items: unknown[] = [];
    await readJsonList(ev.stream, (i) => items.push(redactor.object(i.value)));
    const key = (o: unknown) => { const m = (o as { metadata?: { namespace?: string; name?: string } }).metadata; return `${m?.namespace ?? ''}/${m?.name ?? ''}`; };
    out[ev.path] = items.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  }
  return out;
}
void Readable;

// Bundles other tools made (foreign-*) are left out: collecting from serve over one converts it to a
// cni-doctor bundle, whose gaps and sources differ by design.
// Scenarios whose node files a debug pod read (k3s: no agent pod to exec into) are left out too:
// serve is read-only and creates no debug pod, so collecting from it records those files as skipped.
const throughDebugPod = (name: string) => (JSON.parse(readFileSync(path.join(SAMPLES, name, 'manifest.json'), 'utf8')) as { commands: { argv: string[] }[] }).commands.some((c) => c.argv[0] === 'kubectl' && c.argv[1] === 'debug');
// Two at a time (vitest's maxConcurrency, set in vitest.config.ts): one round trip is bound by kubectl
// processes starting and serve answering on one thread, which leaves the second core mostly idle.
describe('round trip', () => {
  it.concurrent.for(scenarioNames().filter((n) => !n.startsWith('foreign-') && !throughDebugPod(n)))('of %s: collect from serve gives the same analysis and the same cluster objects', { timeout: 300_000 }, async (name, { expect }) => {
    const result = await collectFrom(name);
    const original = await analyze(path.join(SAMPLES, name));
    const collected = await analyze(result.file);
    // On a difference, say which collection commands failed (a timeout under load reads differently from a bug).
    const failed = result.failed.map((c) => `${c.error} ${c.file ?? c.argv.join(' ')}: ${c.stderr.slice(0, 120)}`).join('\n');
    expect(summary(collected.report), failed).toEqual(summary(original.report));
    expect(runs(collected.report), failed).toEqual(runs(original.report));
    const a = await clusterObjects(path.join(SAMPLES, name), true);
    const b = await clusterObjects(result.file, false);
    expect(Object.keys(b).sort()).toEqual(Object.keys(a).sort());
    for (const file of Object.keys(a)) expect(b[file], file).toEqual(a[file]);
  });
});

void readFileSync;
void readdirSync;

describe('--max-nodes', () => {
  it('bounds node data and the logs of per-node pods to the selected nodes; CoreDNS logs are kept', { timeout: 120_000 }, async () => {
    // A TMPDIR of its own (test files run in separate processes): kubectl's Lists went through a
    // scratch directory there, which must be gone afterwards.
    const ownTmp = mkdtempSync(path.join(tmp, 'tmpdir-'));
    const savedTmp = process.env.TMPDIR;
    process.env.TMPDIR = ownTmp;
    let result;
    try {
      result = await collectFrom('healthy-calico', undefined, { maxNodes: 1 });
    } finally {
      if (savedTmp === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = savedTmp;
    }
    expect(readdirSync(ownTmp)).toEqual([]);
    const paths: string[] = [];
    for await (const ev of (await openBundle(result.file)).events()) {
      if (ev.type !== 'file') continue;
      paths.push(ev.path);
      ev.stream.resume();
    }
    const nodeDirs = [...new Set(paths.filter((p) => p.startsWith('nodes/')).map((p) => p.split('/')[1]))];
    expect(nodeDirs).toEqual(['cp-1']);
    const logDirs = [...new Set(paths.filter((p) => p.startsWith('logs/')).map((p) => p.split('/').slice(1, 3).join('/')))].sort();
    // calico-node-x2k9d and kube-proxy-7xk2p run on cp-1; worker-1 and worker-2 were not selected.
    expect(logDirs).toEqual(['kube-system/calico-node-x2k9d', 'kube-system/coredns-7db6d8ff4d-4jxkq', 'kube-system/coredns-7db6d8ff4d-vn9wz', 'kube-system/kube-proxy-7xk2p']);
  });
});
