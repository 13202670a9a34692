// `cni-doctor convert`: every foreign format, run as a user runs it, written as a cni-doctor bundle
// that analyzes to the same findings; files the contract holds carried byte for byte, each one's
// original path in the manifest; what the format never holds recorded as skipped.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ManifestSchema } from '../src/bundle/layout.js';
import { analyze, REPO, SAMPLES } from './helpers/bundles.js';

const tmp = mkdtempSync(path.join(tmpdir(), 'cni-doctor-convert-'));
const run = (...args: string[]) => spawnSync(process.execPath, [path.join(REPO, 'bin/cni-doctor.js'), ...args], { encoding: 'utf8' });

/** What a diagnosis says, apart from the statement of coverage (whose wording follows the layout). */
const diagnosis = (r: Awaited<ReturnType<typeof analyze>>['report']) =>
  r.findings.filter((f) => f.ruleId !== 'bundle-collection-gap').map((f) => ({ rule: f.ruleId, severity: f.severity, scope: f.scope.names, rootCause: f.rootCause }));

function extract(archive: string): string {
  const dir = mkdtempSync(path.join(tmp, 'x-'));
  const r = spawnSync('tar', ['-xzf', archive, '-C', dir, '--strip-components=1'], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  return dir;
}

describe('cni-doctor convert', () => {
  it.each(['foreign-sysdump-cilium-broken', 'foreign-calico-diags-misconfig', 'foreign-sbk-config-chaos', 'foreign-must-gather-ocp', 'foreign-troubleshoot-k3s'])('writes %s as a cni-doctor bundle with the same diagnosis', async (name) => {
    const out = path.join(tmp, `${name}.tar.gz`);
    const r = run('convert', path.join(SAMPLES, name), '-o', out);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/^cni-doctor: wrote .* files\) from the .+ bundle\n$/);
    const foreign = await analyze(path.join(SAMPLES, name));
    const converted = await analyze(out);
    expect(converted.report.bundle.origin.format).toBe('cni-doctor');
    const { nodes, pods, events } = foreign.report.bundle.counts;
    expect(converted.report.bundle.counts).toMatchObject({ nodes, pods, events });
    expect(diagnosis(converted.report)).toEqual(diagnosis(foreign.report));
    expect(converted.report.bundle.warnings.join(' ')).toContain(`converted by cni-doctor convert from a ${foreign.report.bundle.origin.tool} bundle`);
    // The manifest is ours, strictly valid, and says where each file came from and what the format lacks.
    const dir = extract(out);
    const manifest = ManifestSchema.parse(JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8')));
    expect(manifest.convertedFrom).toMatchObject({ format: foreign.report.bundle.origin.format, location: name });
    expect(manifest.commands.filter((c) => c.error === 'skipped').length).toBeGreaterThan(0);
    const rehomed = manifest.commands.filter((x) => x.file && x.via && !x.file.startsWith('foreign/') && !/logs\.txt$/.test(x.via));
    expect(rehomed.length).toBeGreaterThan(0);
    for (const c of rehomed) {
      const original = c.via!.slice(c.via!.indexOf(': ') + 2);
      // Byte for byte (log blocks of cluster-info dump are split, so they are left out above).
      expect(readFileSync(path.join(dir, c.file!)).equals(readFileSync(path.join(SAMPLES, name, original))), `${original} → ${c.file}`).toBe(true);
    }
  });

  it('carries sysdump files named after pods to the nodes the pod list names', () => {
    const out = path.join(tmp, 'sysdump.tar.gz');
    expect(run('convert', path.join(SAMPLES, 'foreign-sysdump-cilium-broken'), '-o', out).status).toBe(0);
    const dir = extract(out);
    expect(readFileSync(path.join(dir, 'nodes/cp-1/etc-cni-net.d/05-cilium.conflist')).equals(readFileSync(path.join(SAMPLES, 'foreign-sysdump-cilium-broken/cniconf-05-cilium.conflist-cilium-x2k9d-20261127-101500.txt')))).toBe(true);
    expect(readFileSync(path.join(dir, 'plugins/cilium/status/worker-1.txt'), 'utf8')).toContain('Cluster health:         1/3 reachable');
    expect(readFileSync(path.join(dir, 'logs/kube-system/cilium-m4ntz/cilium-agent.previous.log'), 'utf8')).toContain('cannot allocate memory');
    // worker-2 was reached through an exec pod: placed by its hostname.
    expect(readFileSync(path.join(dir, 'nodes/worker-2/ip-route.txt'), 'utf8')).toMatch(/^default via/);
  });

  it('refuses what it cannot convert, saying why', () => {
    const native = run('convert', path.join(SAMPLES, 'healthy-calico'), '-o', path.join(tmp, 'n.tar.gz'));
    expect(native.status).toBe(3);
    expect(native.stderr).toMatch(/already a cni-doctor bundle[\s\S]*cni-doctor redact/);
    const notABundle = path.join(tmp, 'notes.txt');
    writeFileSync(notABundle, 'just some notes\n');
    const stray = run('convert', notABundle, '-o', path.join(tmp, 'd.tar.gz'));
    expect(stray.status).toBe(3);
    expect(stray.stderr).toMatch(/cannot read the bundle/);
    expect(run('convert', '--help').stdout).toMatch(/Exit codes: 0 written; 5 written/);
  });
});
