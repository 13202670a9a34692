// Secrets never leave: a bundle seeded with credentials in every ordinary place loses every one of
// them through `redact`, and through `collect` from `serve` with the real kubectl, while the
// findings stay the same. Pseudonyms keep every scenario's diagnosis.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, statSync, writeFileSync, appendFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { collect } from '../src/collect/collect.js';
import type { Report } from '../src/model/report.js';
import { scrubBundle } from '../src/redact/bundle.js';
import { Pseudonymizer } from '../src/redact/pseudonyms.js';
import { Redactor, sensitiveName } from '../src/redact/secrets.js';
import { kubeconfig, startServer } from '../src/serve/server.js';
import { loadStore } from '../src/serve/store.js';
import { analyze, REPO, SAMPLES, scenarioNames } from './helpers/bundles.js';

const tmp = mkdtempSync(path.join(tmpdir(), 'cni-doctor-redact-'));
const BIN = path.join(REPO, 'bin/cni-doctor.js');
const KUBECTL = process.env.KUBECTL ?? 'kubectl';

const PEM = ['-----BEGIN OPENSSH PRIVATE KEY-----', 'b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW', 'QyNTUxOQAAACBpemZzZWNyZXRrZXltYXRlcmlhbHNob3VsZG5vdGxlYXZl', '-----END OPENSSH PRIVATE KEY-----'].join('\n');
const RSA = '-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEAgcpRsaKeyMaterialThatMustNotSurviveRedaction0001\n-----END RSA PRIVATE KEY-----\n';
const JWT = 'eyJhbGciOiJSUzI1NiIsImtpZCI6InNlZWQifQ.eyJzdWIiOiJzeXN0ZW06c2VydmljZWFjY291bnQifQ.c2lnbmF0dXJlLXNlZWQtand0';

/** Every secret value seeded below: none may appear in any byte of a scrubbed bundle. */
const SECRETS = [
  's3cr3t-etcd-pw',
  'hunter2-db',
  'AK-live-9f8e7d6c5b4a',
  'pg-pass-123',
  'yaml-pw-456',
  '1b2c3d4e5f60718293a4b5c6d7e8f9001122aabb',
  'RsaKeyMaterialThatMustNotSurviveRedaction',
  'azkey1234567890abcdef',
  'kubeconfig-token-abc123',
  'Y2xpZW50LWtleS1kYXRhLXNlZWQ',
  'annot-token-xyz',
  'arg-pw-1',
  'arg-token-2',
  'env-pass-3',
  'wJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEY',
  'hdr-key-4',
  'dXNlcjpwYXNzd29yZA',
  'url-pass-5',
  'cookie-6-session',
  'c2lnbmF0dXJlLXNlZWQtand0',
  'AKIAIOSFODNN7SEEDKEY',
  'izzsecretkeymaterialshouldnotleave',
  'b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ',
  'flag-secret-7',
  'proxy-auth-8',
  'logfmt-token-9',
  'clientsecret-10',
];

/** calico-bgp-down with credentials in ConfigMap data, annotations, env, args, logs and a node file. */
function seededBundle(): string {
  const dir = path.join(tmp, 'seeded');
  cpSync(path.join(SAMPLES, 'calico-bgp-down'), dir, { recursive: true });
  const cms = JSON.parse(readFileSync(path.join(dir, 'cluster/configmaps.json'), 'utf8'));
  const gcp = JSON.stringify({ type: 'service_account', project_id: 'p', private_key_id: '1b2c3d4e5f60718293a4b5c6d7e8f9001122aabb', private_key: RSA, client_email: 'x@p.iam.gserviceaccount.com' }, null, 2);
  cms.items.push({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'app-settings', namespace: 'kube-system', annotations: { 'example.com/token': 'annot-token-xyz', 'example.com/owner': 'team-net' } },
    data: {
      'etcd-password': 's3cr3t-etcd-pw',
      db_password: 'password=hunter2-db',
      apiKey: 'AK-live-9f8e7d6c5b4a',
      'app.yaml': 'database:\n  url: postgres://app:pg-pass-123@db.internal:5432/app\n  password: yaml-pw-456\n  pool: 5\n',
      'sa.json': gcp,
      'storage.conf': 'DefaultEndpointsProtocol=https;AccountName=netlogs;AccountKey=azkey1234567890abcdef;EndpointSuffix=core.windows.net',
      kubeconfig: 'apiVersion: v1\nkind: Config\nusers:\n- name: x\n  user:\n    token: kubeconfig-token-abc123\n    client-key-data: Y2xpZW50LWtleS1kYXRhLXNlZWQ=\n',
      'oidc.json': '{"client_secret": "clientsecret-10", "issuer": "https://issuer.example.com"}',
      'mtu': '1440',
    },
  });
  writeFileSync(path.join(dir, 'cluster/configmaps.json'), JSON.stringify(cms, null, 4));
  const pods = JSON.parse(readFileSync(path.join(dir, 'cluster/pods.json'), 'utf8'));
  const agent = pods.items.find((p: { metadata: { name: string } }) => p.metadata.name.startsWith('calico-node'));
  const c = agent.spec.containers[0];
  c.args = [...(c.args ?? []), '--password=arg-pw-1', '--token', 'arg-token-2', '--log-level=info'];
  c.env = [...(c.env ?? []), { name: 'DB_PASS', value: 'env-pass-3' }, { name: 'AWS_SECRET_ACCESS_KEY', value: 'wJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEY' }, { name: 'FELIX_LOGSEVERITYSCREEN', value: 'info' }];
  writeFileSync(path.join(dir, 'cluster/pods.json'), JSON.stringify(pods, null, 4));
  const logDir = path.join(dir, 'logs/kube-system', agent.metadata.name);
  const log = path.join(logDir, readdirSync(logDir).filter((f) => f.endsWith('.log'))[0]!);
  appendFileSync(
    log,
    [
      '2026-11-27 10:14:05.000 [INFO] request headers: X-Api-Key: hdr-key-4',
      '2026-11-27 10:14:05.001 [INFO] Authorization: Basic dXNlcjpwYXNzd29yZA==',
      '2026-11-27 10:14:05.002 [INFO] GET https://admin:url-pass-5@registry.example.com/v2/ failed',
      '2026-11-27 10:14:05.003 [INFO] Cookie: session=cookie-6-session',
      `2026-11-27 10:14:05.004 [INFO] token ${JWT} rejected`,
      '2026-11-27 10:14:05.005 [INFO] using AKIAIOSFODNN7SEEDKEY',
      PEM,
      '2026-11-27 10:14:05.006 [INFO] started with --client-secret flag-secret-7',
      '2026-11-27 10:14:05.007 [INFO] map[Proxy-Authorization:[proxy-auth-8] Accept:[*/*]]',
      '2026-11-27 10:14:05.008 level=info msg=login token=logfmt-token-9 user=x',
      '',
    ].join('\n'),
  );
  return dir;
}

/** Every byte of every entry of a .tar.gz, as one latin1 string. */
function archiveText(file: string): string {
  return gunzipSync(readFileSync(file)).toString('latin1');
}

const findingKeys = (r: Report) => r.findings.map((f) => `${f.id} ${f.severity} ${f.title} | ${f.scope.names.join(',')} | ${[...new Set(f.evidence.map((e) => e.file))].sort().join(',')}`).sort();

describe('redaction engine', () => {
  it('judges names by whole words: db_password, etcd-password, apiKey, X-Api-Key are secret; key, keyFile, secretName are not', () => {
    for (const n of ['db_password', 'etcd-password', 'apiKey', 'API_KEY', 'X-Api-Key', 'private_key_id', 'client_secret', 'DBPASSWORD', 'credentials', 'auth', 'token', 'passwd', 'AccountKey', 'client-key-data']) expect(sensitiveName(n), n).toBeDefined();
    for (const n of ['key', 'monkey', 'keyFile', 'tls-private-key-file', 'secretName', 'serviceAccountToken-path', 'authorization-mode', 'passive', 'bypass', 'certificate-authority-data', 'client-certificate-data', 'tokenFile', 'compass', 'ipam', 'kubeconfig']) expect(sensitiveName(n), n).toBeUndefined();
  });

  it('leaves JSON and YAML structures under secret-sounding names intact (a CRD schema with "cookie" and "password" properties stays valid JSON)', () => {
    const r = new Redactor();
    const schema = JSON.stringify({ properties: { cookie: { description: 'Cookie defines the sticky cookie configuration.', type: 'object', properties: { httpOnly: { type: 'boolean' } } }, password: { type: 'string' }, authorization: ['a', 'b'] } }, null, 2);
    const out = r.text(schema);
    expect(out).toBe(schema);
    expect(() => JSON.parse(out)).not.toThrow();
    // A header still goes, in every spelling.
    expect(r.text('"Set-Cookie": "session=abc123; Path=/"')).toBe('"Set-Cookie": "<redacted:cookie>"');
    expect(r.text('Cookie: session=abc123')).toBe('Cookie: <redacted:cookie>');
  });

  it('keeps a JSON file JSON even if a text rule would break it: the document is redacted as an object instead', () => {
    // A text rule that breaks JSON (as the header rule once did on "cookie": { … }).
    class Breaking extends Redactor {
      override text(input: string): string {
        return input.replace('"cookie": {', '"cookie": <redacted:cookie>');
      }
    }
    const doc = JSON.stringify({ spec: { cookie: { httpOnly: true }, password: 'hunter2' } }, null, 2);
    const out = new Breaking().document(doc);
    expect(JSON.parse(out)).toEqual({ spec: { cookie: { httpOnly: true }, password: '<redacted:password>' } });
  });

  it('ends an env or logfmt value at the blank, so the rest of the line is kept; YAML and INI values run to the end', () => {
    const r = new Redactor();
    expect(r.text('aws_secret_access_key=wJalrXUtnFEMI/K7MDENG from 10.0.0.1')).toBe('aws_secret_access_key=<redacted:credential> from 10.0.0.1');
    expect(r.text('DB_PASSWORD=hunter2\nIP=10.0.0.1')).toBe('DB_PASSWORD=<redacted:password>\nIP=10.0.0.1');
    expect(r.text('password: two secret words')).toBe('password: <redacted:password>');
    expect(r.text('password = two secret words')).toBe('password = <redacted:password>');
    expect(r.text('PASSWORD="two secret words" # set by ops')).toBe('PASSWORD="<redacted:password>" # set by ops');
  });

  it('judges an env var\'s value by the name beside it in printed objects: JSON, escaped JSON, old kubectl\'s Name/Value, YAML', () => {
    const r = new Redactor();
    expect(r.text('{"name": "DB_PASSWORD", "value": "hunter2-x"}, {"name": "LOG_LEVEL", "value": "info"}')).toBe('{"name": "DB_PASSWORD", "value": "<redacted:password>"}, {"name": "LOG_LEVEL", "value": "info"}');
    // kubectl's pretty JSON puts the two fields on two lines.
    expect(r.text('{\n    "name": "API_TOKEN",\n    "value": "tok-abcdef123456"\n}')).toBe('{\n    "name": "API_TOKEN",\n    "value": "<redacted:token>"\n}');
    expect(r.text('"{\\"env\\":[{\\"name\\":\\"SECRET_KEY\\",\\"value\\":\\"abcd1234xyz\\"}]}"')).toBe('"{\\"env\\":[{\\"name\\":\\"SECRET_KEY\\",\\"value\\":\\"<redacted:credential>\\"}]}"');
    expect(r.text('{"Name": "AWS_SECRET_ACCESS_KEY", "Value": "wJalrXUtnFEMI/K7MDENG"}')).toBe('{"Name": "AWS_SECRET_ACCESS_KEY", "Value": "<redacted:credential>"}');
    // YAML as sysdump and support-bundle-kit print Pods; a block scalar goes whole.
    expect(r.text('    - name: DB_PASSWORD\n      value: hunter2-x\n    - name: PORT\n      value: "8080"\n')).toBe('    - name: DB_PASSWORD\n      value: <redacted:password>\n    - name: PORT\n      value: "8080"\n');
    expect(r.text("    - name: 'API_TOKEN'\n      value: 'abc-def-ghi-123'\n")).toBe("    - name: 'API_TOKEN'\n      value: '<redacted:token>'\n");
    expect(r.text('    - name: DB_PASSWORD\n      value: |\n        first line\n        second line\n    - name: PORT\n')).toBe('    - name: DB_PASSWORD\n      value: <redacted:password>\n    - name: PORT\n');
  });

  it('leaves CNI configs, addresses, CIDRs, interface names and BGP tables of every sample byte for byte', () => {
    const r = new Redactor();
    let files = 0;
    for (const s of scenarioNames()) {
      const walk = (rel: string) => {
        for (const name of readdirSync(path.join(SAMPLES, s, rel))) {
          const p = path.join(rel, name);
          const st = statSync(path.join(SAMPLES, s, p), { throwIfNoEntry: false });
          if (!st) continue;
          if (st.isDirectory()) walk(p);
          else if (/^(nodes|plugins)\//.test(p)) {
            const buf = readFileSync(path.join(SAMPLES, s, p));
            expect(r.bytes(buf).equals(buf), `${s}/${p}`).toBe(true);
            files++;
          }
        }
      };
      walk('');
    }
    expect(files).toBeGreaterThan(100);
    expect(r.total).toBe(0);
  });
});

describe('cni-doctor redact', () => {
  const seeded = seededBundle();

  it('removes every seeded credential, counts them by kind, and keeps the findings', async () => {
    // The seeded bundle really holds them (the test would prove nothing otherwise).
    const before = spawnSync('grep', ['-rF', '-c', 'hdr-key-4', seeded], { encoding: 'utf8' });
    expect(before.stdout).toMatch(/:1/);
    const out = path.join(tmp, 'seeded-clean.tar.gz');
    const r = spawnSync(process.execPath, [BIN, 'redact', seeded, '-o', out], { encoding: 'utf8' });
    expect(r.stderr).toMatch(/wrote .*seeded-clean\.tar\.gz \(\d+ files; \d+ secret\(s\) redacted: /);
    expect(r.status).toBe(0);
    const text = archiveText(out);
    for (const s of SECRETS) expect(text.includes(s), `secret "${s}" survived redact`).toBe(false);
    // What the diagnosis needs is still there.
    expect(text).toContain('"mtu": "1440"');
    expect(text).toContain('FELIX_LOGSEVERITYSCREEN');
    expect(text).toContain('--log-level=info');
    expect(text).toContain('postgres://app:<redacted:url-credentials>@db.internal:5432/app');
    const manifest = JSON.parse(/\{\n {2}"format": "cni-doctor-bundle"[\s\S]*?\n\}\n/.exec(text)![0]);
    expect(manifest.redaction.applied).toBe(true);
    expect(manifest.redaction.replacements).toBeGreaterThanOrEqual(SECRETS.length - 4);
    expect(Object.keys(manifest.redaction.byKind)).toEqual(expect.arrayContaining(['password', 'token', 'api-key', 'private-key', 'jwt', 'aws-key', 'azure-key', 'url-credentials', 'header', 'cookie']));
    expect(JSON.stringify(manifest.redaction)).not.toMatch(/hunter2|hdr-key/);
    expect(findingKeys((await analyze(out)).report)).toEqual(findingKeys((await analyze(seeded)).report));
  });

  it('lets nothing through collect from serve with the real kubectl, and the findings stay the same', async () => {
    const store = await loadStore(seeded);
    const server = await startServer(store);
    const config = path.join(tmp, 'seeded.kubeconfig');
    writeFileSync(config, kubeconfig(server.url, 'seeded'));
    const out = path.join(tmp, 'seeded-collected.tar.gz');
    try {
      await collect({ kubectl: KUBECTL, kubeconfig: config, nodes: 'all', maxNodes: 50, logLines: 2000, timeoutSec: 60, concurrency: 4, probe: false, redact: true, toolVersion: 'test', output: out });
    } finally {
      await server.close();
      store.close();
    }
    const text = archiveText(out);
    // The seeded ConfigMap and the log line were collected (else nothing was tested).
    expect(text).toContain('app-settings');
    expect(text).toContain('request headers: X-Api-Key: <redacted:header>');
    for (const s of SECRETS) expect(text.includes(s), `secret "${s}" survived collect`).toBe(false);
    const collected = (await analyze(out)).report;
    // (The probe is a live action a recorded bundle cannot replay: collect.test.ts excludes it too.)
    const ids = (r: Report) => r.findings.map((f) => f.id).filter((id) => !id.startsWith('probe-')).sort();
    expect(ids(collected)).toEqual(ids((await analyze(seeded)).report));
    expect(ids(collected).length).toBeGreaterThan(2);
  }, 120_000);

  it('scrubs env secrets out of foreign bundles: a cluster-info dump\'s stdout and a sysdump\'s YAML pods', async () => {
    const dir = mkdtempSync(path.join(tmp, 'foreign-'));
    const dump = path.join(dir, 'cluster-dump.txt');
    const pod = { metadata: { name: 'app-1', namespace: 'default' }, spec: { nodeName: 'w-1', containers: [{ name: 'app', image: 'x', env: [{ name: 'DB_PASSWORD', value: 'dump-env-pw-1' }, { name: 'LOG_LEVEL', value: 'info' }] }] } };
    writeFileSync(dump, `${JSON.stringify({ kind: 'PodList', apiVersion: 'v1', metadata: {}, items: [pod] }, null, 4)}\n==== START logs for container app of pod default/app-1 ====\nlogin with token=dump-log-tok-2\n==== END logs for container app of pod default/app-1 ====\n`);
    const sysdump = path.join(dir, 'cilium-sysdump-20261127-101500');
    cpSync(path.join(SAMPLES, 'foreign-sysdump-healthy-cilium'), sysdump, { recursive: true });
    const pods = path.join(sysdump, 'k8s-pods-20261127-101500.yaml');
    // Keys sorted and sequences at their parent's column, as sigs.k8s.io/yaml prints them.
    writeFileSync(pods, readFileSync(pods, 'utf8').replace('    containers:\n    - image:', '    containers:\n    - env:\n      - name: API_TOKEN\n        value: sysdump-env-tok-3\n      image:'));
    expect(readFileSync(pods, 'utf8')).toContain('sysdump-env-tok-3');
    for (const [input, secrets, keep] of [[dump, ['dump-env-pw-1', 'dump-log-tok-2'], 'LOG_LEVEL'], [sysdump, ['sysdump-env-tok-3'], 'API_TOKEN']] as const) {
      const out = path.join(dir, `${path.basename(input)}.tar.gz`);
      const r = spawnSync(process.execPath, [BIN, 'redact', input, '-o', out], { encoding: 'utf8' });
      expect(r.status, r.stderr).toBe(0);
      const text = archiveText(out);
      for (const secret of secrets) expect(text.includes(secret), `"${secret}" survived redact of ${path.basename(input)}`).toBe(false);
      expect(text).toContain(keep);
    }
    // The redacted sysdump is still read as one, with the same pods.
    const before = await analyze(sysdump);
    const after = await analyze(path.join(dir, 'cilium-sysdump-20261127-101500.tar.gz'));
    expect(after.report.bundle.origin.format).toBe('cilium-sysdump');
    expect(after.report.bundle.counts.pods).toBe(before.report.bundle.counts.pods);
  });

  it('refuses to overwrite its input and says why', () => {
    const r = spawnSync(process.execPath, [BIN, 'redact', seeded, '-o', seeded], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/must be a new file/);
  });

  it('says it cannot write an output in a directory that does not exist (exit 4), and leaves nothing behind', () => {
    const out = path.join(tmp, 'no-such-dir', 'clean.tar.gz');
    const r = spawnSync(process.execPath, [BIN, 'redact', seeded, '-o', out], { encoding: 'utf8' });
    expect(r.status).toBe(4);
    expect(r.stderr).toMatch(/^cni-doctor: cannot write .*no-such-dir\/clean\.tar\.gz: ENOENT.*\nChoose a writable path with -o\.\n$/);
    expect(r.stderr).not.toMatch(/internal error/);
  });
});

// --- Pseudonyms ----------------------------------------------------------------------------------

function bitsOf(addr: string): string {
  return addr.includes(':')
    ? addr.split(':').map((g) => parseInt(g || '0', 16).toString(2).padStart(16, '0')).join('')
    : addr.split('.').map((o) => Number(o).toString(2).padStart(8, '0')).join('');
}
const common = (a: string, b: string) => {
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  return i;
};

/** A seeded PRNG (mulberry32): the same pairs every run. */
function prng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('pseudonyms', () => {
  const p = new Pseudonymizer(Buffer.from('0123456789abcdef0123456789abcdef'));

  it('preserve prefixes exactly: two addresses sharing k bits map to two sharing exactly k bits (IPv4 and IPv6)', () => {
    const rnd = prng(7);
    const octet = () => Math.floor(rnd() * 256);
    for (let i = 0; i < 400; i++) {
      const a = [octet(), octet(), octet(), octet()].join('.');
      // b shares a random number of leading bits with a.
      const k = Math.floor(rnd() * 33);
      const ab = bitsOf(a);
      const flipped = k < 32 ? ab.slice(0, k) + (ab[k] === '0' ? '1' : '0') + [...ab.slice(k + 1)].map(() => (rnd() < 0.5 ? '0' : '1')).join('') : ab;
      const b = [0, 8, 16, 24].map((o) => parseInt(flipped.slice(o, o + 8), 2)).join('.');
      expect(common(bitsOf(p.address(a)), bitsOf(p.address(b))), `${a} ${b}`).toBe(common(ab, bitsOf(b)));
    }
    const v6 = ['2001:db8:1:2::1', '2001:db8:1:2::2', '2001:db8:1:3::1', '2600:1f14::5', 'fd00:10:244::1'];
    const expand = (s: string) => bitsOf(s.replace('::', ':' + '0:'.repeat(9 - s.split(':').length)).replace(/:$/, ':0'));
    for (const a of v6) for (const b of v6) expect(common(expand(p.address(a)), expand(p.address(b)))).toBe(common(expand(a), expand(b)));
  });

  it('keep loopback, link-local, multicast and unspecified addresses, and private ones private', () => {
    for (const a of ['127.0.0.1', '169.254.169.254', '224.0.0.5', '0.0.0.0', '255.255.255.255', '::1', '::', 'fe80::1', 'ff02::1']) expect(p.address(a)).toBe(a);
    expect(p.text('default via 0.0.0.0/0 dev eth0')).toBe('default via 0.0.0.0/0 dev eth0');
    for (let i = 1; i < 50; i++) {
      expect(p.address(`10.${i}.${i * 3}.${i}`)).toMatch(/^10\./);
      expect(p.address(`192.168.${i}.${i}`)).toMatch(/^192\.168\./);
      expect(Number(p.address(`172.${16 + (i % 16)}.${i}.1`).split('.')[1])).toBeGreaterThanOrEqual(16);
      const pub = p.address(`${20 + i}.${i}.${i}.${i}`);
      expect(pub).not.toMatch(/^(10|127)\.|^192\.168\.|^169\.254\./);
    }
    expect(p.address('fd12:3456::1')).toMatch(/^f[cd]/);
  });

  it('keep a CIDR a network and containment true: 10.244.1.0/24 holds the pseudonym of 10.244.1.7', () => {
    const net = p.text('10.244.1.0/24');
    expect(net).toMatch(/^10\.\d+\.\d+\.0\/24$/);
    const host = p.address('10.244.1.7');
    expect(host.split('.').slice(0, 3).join('.')).toBe(net.split('.').slice(0, 3).join('.'));
    expect(p.text('route 10.244.1.0/24 via 10.0.0.12 dev tunl0 onlink')).toBe(`route ${net} via ${p.address('10.0.0.12')} dev tunl0 onlink`);
  });

  it('are the same with the same key and differ with another', () => {
    const q = new Pseudonymizer(Buffer.from('0123456789abcdef0123456789abcdef'));
    const other = new Pseudonymizer(Buffer.from('another key, another set of names'));
    expect(q.address('10.1.2.3')).toBe(p.address('10.1.2.3'));
    expect(other.address('10.1.2.3')).not.toBe(p.address('10.1.2.3'));
    q.addName('worker-1');
    p.addName('worker-1');
    expect(q.text('node worker-1 is NotReady; kube-proxy-worker-1; worker-10')).toBe(p.text('node worker-1 is NotReady; kube-proxy-worker-1; worker-10'));
    expect(p.text('node worker-1, pod kube-proxy-worker-1, node worker-10')).toMatch(/^node node-[0-9a-f]{10}, pod kube-proxy-node-[0-9a-f]{10}, node worker-10$/);
  });

  it('give every scenario bundle the same findings (BGP peers matched to nodes included), with nothing real left in the bundle', async () => {
    const IDS = /\b(?:\d{1,3}\.){3}\d{1,3}(?:\/\d+)?\b|\bnode-[0-9a-f]{10}\b/g;
    const PATHS = /[A-Za-z0-9_.%()\/-]+\.(?:txt|json|log|conflist|conf)\b/g;
    const mask = (s: string) => s.replace(/node-[0-9a-f]{10}/g, 'NODE');
    for (const name of scenarioNames()) {
      const q = new Pseudonymizer(Buffer.from(`key of ${name}`));
      const out = path.join(tmp, `pseudo-${name}.tar.gz`);
      await scrubBundle(path.join(SAMPLES, name), out, { redact: true, pseudonymizer: q });
      const a = (await analyze(path.join(SAMPLES, name))).report;
      const b = (await analyze(out)).report;
      // A finding is the same when its rule, severity, title, scope (as a set) and evidence (files,
      // lines, excerpts) are, under the mapping; summaries name the same nodes and addresses (their
      // word order follows the sorted names, which pseudonyms change). Which node a finding cites
      // as the example of a majority may differ, so node names inside evidence are masked.
      const view = (r: Report, text: (s: string) => string, file: (s: string) => string) =>
        r.findings
          .map((f) =>
            JSON.stringify({
              r: f.ruleId,
              s: f.severity,
              t: text(f.title),
              ids: [...new Set(text(f.summary).match(IDS) ?? [])].sort(),
              scope: [f.scope.kind, f.scope.count, text(f.scope.text), f.scope.names.map((n) => (f.scope.kind === 'bundle' ? file(n) : text(n))).sort()],
              ev: f.evidence.map((e) => [mask(file(e.file)), e.file === 'manifest.json' ? 0 : e.line, e.file === 'manifest.json' ? null : e.excerpt && mask(text(e.excerpt))]).sort(),
            }),
          )
          .sort();
      const expected = view(a, (s) => q.text(s.replace(PATHS, (m) => q.path(m))), (s) => q.path(s));
      expect(view(b, (s) => s, (s) => s), name).toEqual(expected);
      // Nothing of the original node names or non-special addresses is left in the bundle's bytes.
      const text = archiveText(out);
      for (const [real] of Object.entries(q.mapping().names)) expect(new RegExp(`(?<![A-Za-z0-9_.-])${real.replace(/[.]/g, '\\.')}(?![A-Za-z0-9_-])`).test(text), `${name}: ${real}`).toBe(false);
      // (A real address may also be the pseudonym of another one: the map is a permutation.)
      const fakes = new Set(Object.values(q.mapping().addresses).map((f) => f.split('/')[0]));
      for (const [real, fake] of Object.entries(q.mapping().addresses)) if (!real.includes('/') && real !== fake && !fakes.has(real)) expect(new RegExp(`(?<![0-9.])${real.replace(/[.]/g, '\\.')}(?![0-9]|\\.\\d)`).test(text), `${name}: ${real}`).toBe(false);
    }
  }, 120_000);

  it('write the mapping beside the output with mode 0600, never into the bundle, and reuse a key file', () => {
    const key = path.join(tmp, 'pseudo.key');
    const out1 = path.join(tmp, 'p1.tar.gz');
    const out2 = path.join(tmp, 'p2.tar.gz');
    const r1 = spawnSync(process.execPath, [BIN, 'redact', path.join(SAMPLES, 'calico-bgp-down'), '-o', out1, '--pseudonymize', '--pseudonym-key', key], { encoding: 'utf8' });
    expect(r1.status).toBe(0);
    expect(r1.stderr).toMatch(/created the pseudonym key/);
    const r2 = spawnSync(process.execPath, [BIN, 'redact', path.join(SAMPLES, 'calico-bgp-down'), '-o', out2, '--pseudonymize', '--pseudonym-key', key], { encoding: 'utf8' });
    expect(r2.status).toBe(0);
    const m1 = path.join(tmp, 'p1.pseudonyms.json');
    expect(statSync(m1).mode & 0o777).toBe(0o600);
    expect(statSync(key).mode & 0o777).toBe(0o600);
    const map1 = JSON.parse(readFileSync(m1, 'utf8'));
    const map2 = JSON.parse(readFileSync(path.join(tmp, 'p2.pseudonyms.json'), 'utf8'));
    expect(map1.names['worker-1']).toMatch(/^node-[0-9a-f]{10}$/);
    expect(map2).toEqual(map1);
    expect(archiveText(out1)).not.toContain('pseudonyms');
    expect(archiveText(out1)).not.toContain('worker-1');
    // Without a key file, two runs give different pseudonyms.
    const out3 = path.join(tmp, 'p3.tar.gz');
    expect(spawnSync(process.execPath, [BIN, 'redact', path.join(SAMPLES, 'calico-bgp-down'), '-o', out3, '--pseudonymize'], { encoding: 'utf8' }).status).toBe(0);
    expect(JSON.parse(readFileSync(path.join(tmp, 'p3.pseudonyms.json'), 'utf8')).names['worker-1']).not.toBe(map1.names['worker-1']);
  });
});
