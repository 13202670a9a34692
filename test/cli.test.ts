// The real command line (bin/cni-doctor.js over the built dist/), as a user runs it.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { RULES } from '../src/analyze/rules/index.js';
import { describe, expect, it } from 'vitest';
import { analyze, packBundle, REPO, SAMPLES } from './helpers/bundles.js';

const tmp = mkdtempSync(path.join(tmpdir(), 'cni-doctor-cli-'));
const BIN = path.join(REPO, 'bin/cni-doctor.js');

function run(...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', cwd: tmp, env: { ...process.env, CNI_DOCTOR_DEBUG: '' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const noStackTrace = (text: string) => expect(text).not.toMatch(/\n\s+at .+:\d+:\d+\)?\n/);

describe('cni-doctor analyze', () => {
  it('prints the Markdown report of a bundle and exits 0', () => {
    const r = run('analyze', path.join(SAMPLES, 'calico-missing-portmap'));
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^# cni-doctor report: prod-eu1/);
    expect(r.stdout).toContain('### 1. [CRITICAL] CNI plugin binary "portmap" is missing or not executable');
  });

  it('the built program reads every format as the sources do (its lazily loaded parsers: YAML, zip, tar.xz)', async () => {
    // The CLI runs the esbuild bundle (scripts/bundle.mjs), the other tests mostly the sources; a
    // package loaded with import() can differ between the two (yaml did: only a default export).
    const samples = ['foreign-sysdump-cilium-broken', 'foreign-calico-diags-misconfig', 'foreign-must-gather-ocp', 'foreign-troubleshoot-k3s', 'foreign-sbk-config-chaos'];
    const zipped = path.join(tmp, 'sysdump.zip');
    const zipSource = spawnSync('zip', ['-qr', zipped, '.'], { cwd: path.join(SAMPLES, 'foreign-sysdump-cilium-broken') });
    const xz = path.join(tmp, 'calico.tar.xz');
    const tarSource = spawnSync('tar', ['-cJf', xz, '-C', SAMPLES, 'calico-missing-portmap']);
    const locations = [...samples.map((s) => path.join(SAMPLES, s)), ...(zipSource.status === 0 ? [zipped] : []), ...(tarSource.status === 0 ? [xz] : [])];
    expect(locations.length).toBeGreaterThanOrEqual(samples.length + 1);
    for (const location of locations) {
      const r = run('analyze', location, '--format', 'json');
      expect(r.code, `${location}: ${r.stderr}`).not.toBe(70);
      const built = JSON.parse(r.stdout);
      const { report } = await analyze(location);
      const problems = (doc: { bundle: { warnings: string[] } }) => doc.bundle.warnings.filter((w) => /could not be read|not a (function|constructor)/.test(w));
      expect(problems(built), location).toEqual([]);
      expect(built.findings, location).toEqual(JSON.parse(JSON.stringify(report.findings)));
      expect(built.ruleRuns, location).toEqual(JSON.parse(JSON.stringify(report.ruleRuns)));
    }
  });

  it('prints JSON with --format json', () => {
    const r = run('analyze', path.join(SAMPLES, 'healthy-flannel'), '--format', 'json');
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.schemaVersion).toBe(5);
    expect(doc.triage.podNetwork.verdict).toBe('ok');
  });

  it('exits 1 when --fail-on is met, 0 when it is not', () => {
    const broken = run('analyze', path.join(SAMPLES, 'calico-bgp-down'), '--fail-on', 'critical');
    expect(broken.code).toBe(1);
    expect(broken.stderr).toMatch(/finding\(s\) at or above critical/);
    expect(run('analyze', path.join(SAMPLES, 'healthy-cilium'), '--fail-on', 'medium').code).toBe(0);
    expect(run('analyze', path.join(SAMPLES, 'healthy-calico'), '--fail-on', 'medium').code).toBe(1);
  });

  it('writes -o FILE and says so on stderr; exits 4 when it cannot', () => {
    const out = path.join(tmp, 'report.md');
    const r = run('analyze', path.join(SAMPLES, 'dns-policy'), '-o', out);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/wrote md report to .*report\.md \(\d+ findings/);
    expect(readFileSync(out, 'utf8')).toContain('NetworkPolicies block DNS');
    const bad = run('analyze', path.join(SAMPLES, 'dns-policy'), '-o', path.join(tmp, 'no/such/dir/r.md'));
    expect(bad.code).toBe(4);
    expect(bad.stderr).toMatch(/cannot write .*r\.md/);
  });

  it('exits 2 on usage errors, with help', () => {
    const f = run('analyze', path.join(SAMPLES, 'healthy-aws'), '--format', 'pdf');
    expect(f.code).toBe(2);
    expect(f.stderr).toMatch(/Allowed choices are md, json, html, sarif/);
    expect(run('analyze').code).toBe(2);
    expect(run('frobnicate').code).toBe(2);
    expect(run().code).toBe(2);
    const s = run('analyze', 'x', '--fail-on', 'awful');
    expect(s.code).toBe(2);
    expect(s.stderr).toMatch(/expected one of critical, high, medium, low, info/);
  });

  it('exits 3 with a clear message when the bundle cannot be opened — no stack trace', () => {
    const missing = run('analyze', 'nope.tar.gz');
    expect(missing.code).toBe(3);
    expect(missing.stderr).toContain('cannot read the bundle: no such file or directory: nope.tar.gz');
    // The content decides, not the name: a "bundle.tar.gz" that starts with PK is read as a zip.
    const zip = path.join(tmp, 'bundle.tar.gz');
    writeFileSync(zip, 'PK\u0003\u0004 not gzip');
    const brokenZip = run('analyze', zip);
    expect(brokenZip.code).toBe(3);
    expect(brokenZip.stderr).toMatch(/the zip archive could not be read: .*central directory/);
    const text = path.join(tmp, 'notes.tar.gz');
    writeFileSync(text, 'just some notes\n');
    const notGzip = run('analyze', text);
    expect(notGzip.code).toBe(3);
    expect(notGzip.stderr).toMatch(/neither a gzip, xz nor zip file/);
    noStackTrace(missing.stderr + brokenZip.stderr + notGzip.stderr);
  });

  it('reports what a truncated .tar.gz holds, and exits 3 when nothing at all could be read', async () => {
    const full = path.join(tmp, 'full.tar.gz');
    await packBundle(path.join(SAMPLES, 'flannel-broken'), full);
    const bytes = readFileSync(full);
    const half = path.join(tmp, 'half.tar.gz');
    writeFileSync(half, bytes.subarray(0, Math.floor(bytes.length / 2)));
    const r = run('analyze', half);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/> \*\*Warning:\*\* The archive could not be read completely: the archive is truncated/);
    expect(r.stderr).toMatch(/warning: The archive could not be read completely/);
    const stub = path.join(tmp, 'stub.tar.gz');
    writeFileSync(stub, bytes.subarray(0, 40));
    const s = run('analyze', stub);
    expect(s.code).toBe(3);
    expect(s.stderr).toMatch(/cannot read the bundle .*truncated/);
    noStackTrace(r.stderr + s.stderr);
  });

  it('ends quietly, exit 0, when the reader closes the pipe early (analyze … | head)', () => {
    // A shell pipeline into `head -c 1`: head exits after one byte, so the rest of the report meets
    // a closed pipe (EPIPE). Before, that was an unhandled 'error' event and its stack trace.
    const r = spawnSync('bash', ['-c', `"${process.execPath}" "${BIN}" analyze "${path.join(SAMPLES, 'config-chaos')}" --format html | head -c 1 >/dev/null; echo "status=\${PIPESTATUS[0]}" >&2`], { encoding: 'utf8', cwd: tmp });
    expect(r.stderr).toContain('status=0');
    expect(r.stderr).not.toMatch(/EPIPE|Unhandled|internal error/);
    noStackTrace(r.stderr);
  });

  it('is deterministic: the same bundle gives the same report, byte for byte', async () => {
    for (const format of ['md', 'json']) {
      const a = run('analyze', path.join(SAMPLES, 'config-chaos'), '--format', format);
      const b = run('analyze', path.join(SAMPLES, 'config-chaos'), '--format', format);
      expect(a.stdout.length).toBeGreaterThan(1000);
      expect(b.stdout).toBe(a.stdout);
    }
  });

  it('says where the time went with --timings, on stderr, and the report is the same', () => {
    const bundle = path.join(SAMPLES, 'calico-bgp-down');
    const plain = run('analyze', bundle, '--format', 'json');
    const timed = run('analyze', bundle, '--format', 'json', '--timings');
    expect(timed.code).toBe(0);
    expect(timed.stdout).toBe(plain.stdout);
    expect(timed.stderr).toMatch(/^cni-doctor: timings: read \d+ ms, rules \d+ ms, report \d+ ms, render \d+ ms$/m);
    expect(plain.stderr).not.toMatch(/timings/);
  });
});

describe('cni-doctor tui', () => {
  it('prints the Markdown report, and says why on stderr, when not on a terminal', () => {
    const r = run('tui', path.join(SAMPLES, 'healthy-aws'));
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^# cni-doctor report: arn:aws:eks:us-west-2:111122223333:cluster\/prod/);
    expect(r.stderr).toContain('not a terminal, so printing the Markdown report instead of the interactive view');
    expect(run('tui', 'missing-bundle').code).toBe(3);
  });
});

describe('other commands', () => {
  it('--help on every command documents it', () => {
    const top = run('--help');
    expect(top.code).toBe(0);
    expect(top.stdout).toMatch(/analyze \[options\] <bundle>/);
    const a = run('analyze', '--help');
    expect(a.stdout).toMatch(/Exit codes: 0 report written; 1 --fail-on threshold met; 2 usage error; 3 bundle cannot be opened; 4 output cannot be written; 70 internal error/);
    expect(run('rules', '--help').stdout).toMatch(/List every rule/);
    expect(run('tui', '--help').stdout).toMatch(/Keys: arrows or j\/k move, enter opens/);
    expect(run('schema', '--help').stdout).toMatch(/JSON Schema/);
  });

  it('rules lists every registered rule, one per line; schema prints the JSON Schema', () => {
    const rules = run('rules');
    expect(rules.stdout.trim().split('\n').map((l) => l.split(/\s+/)[0]).sort()).toEqual(RULES.map((r) => r.meta.id).sort());
    expect(rules.stdout).toMatch(/^aws-eni-ip-limit\s+high\s+hours\s+aws-vpc-cni/m);
    expect(JSON.parse(run('schema').stdout).title).toBe('cni-doctor report');
    expect(run('--version').stdout.trim()).toBe(JSON.parse(readFileSync(path.join(REPO, 'package.json'), 'utf8')).version);
  });
});
