import { analyzePath } from '/work/main/src/analyze/index.js';
import { scrubBundle } from '/work/main/src/redact/bundle.js';
import { Pseudonymizer } from '/work/main/src/redact/pseudonyms.js';
import { readdirSync } from 'node:fs';
const only = process.argv[2];
const IDS = /\b(?:\d{1,3}\.){3}\d{1,3}(?:\/\d+)?\b|\bnode-[0-9a-f]{10}\b/g;
for (const name of readdirSync('/work/main/sample-bundles').filter(n => !only || n === only)) {
  const dir = `/work/main/sample-bundles/${name}`;
  const p = new Pseudonymizer(Buffer.from('k'.repeat(32)));
  const out = `/tmp/eq-${name}.tar.gz`;
  await scrubBundle(dir, out, { redact: true, pseudonymizer: p });
  const a = (await analyzePath(dir, { toolVersion: 't' })).report;
  const b = (await analyzePath(out, { toolVersion: 't' })).report;
  const id = (s: string) => s;
  const mask = (s: string) => s.replace(/node-[0-9a-f]{10}/g, 'NODE');
  const norm = (fs: any[], map: (s: string) => string, mapPath: (s: string) => string) => fs.map(f => JSON.stringify({ r: f.ruleId, s: f.severity, t: map(f.title), ids: [...new Set(map(f.summary).match(IDS) ?? [])].sort(), sc: { ...f.scope, text: map(f.scope.text), names: [...f.scope.names].map(n => f.scope.kind === 'bundle' ? mapPath(n) : map(n)).sort() }, ev: f.evidence.map((e: any) => [mask(mapPath(e.file)), e.file === 'manifest.json' ? 0 : e.line, e.file === 'manifest.json' ? null : e.excerpt && mask(map(e.excerpt))]).sort() })).sort();
  const PATHS = /[A-Za-z0-9_.\/-]+\.(?:txt|json|log|conflist|conf)\b/g;
  const A = norm(a.findings, s => p.text(s.replace(PATHS, (m) => p.path(m))), s => p.path(s));
  const B = norm(b.findings, id, id);
  const same = JSON.stringify(A) === JSON.stringify(B);
  console.log(name, same ? 'SAME' : 'DIFF', a.findings.length, b.findings.length);
  if (!same && only) for (let i = 0; i < Math.max(A.length, B.length); i++) if (A[i] !== B[i]) console.log('A', A[i], '\nB', B[i]);
}
