// The redaction engine: one set of rules for every file a bundle holds, used by `collect` as it
// writes and by `redact` on a bundle that exists. Secrets are replaced by `<redacted:kind>` and
// counted by kind; what the diagnosis needs (CNI config fields, addresses, CIDRs, interface names,
// BGP tables, file paths) is never touched.
//
// Text is handled as latin1 so that every byte survives the round trip (a CNI config with a BOM or
// CRLF must stay byte-exact), and the patterns use ASCII classes only: `\s` would match U+00A0,
// which is half of a UTF-8 "à".
import { setOwn } from '../model/own-property.js';

export const SECRET_KINDS = ['password', 'token', 'api-key', 'private-key', 'credential', 'certificate', 'jwt', 'aws-key', 'gcp-key', 'azure-key', 'url-credentials', 'header', 'cookie'] as const;
export type SecretKind = (typeof SECRET_KINDS)[number];

const REDACTED = /^<redacted(:[a-z-]+)?>$/;

// --- Sensitive names -------------------------------------------------------------------------

/** Words that make a name secret on their own (as a whole word of the name). */
const SECRET_WORDS = new Map<string, SecretKind>([
  ['password', 'password'],
  ['passwd', 'password'],
  ['pass', 'password'],
  ['pwd', 'password'],
  ['passphrase', 'password'],
  ['passcode', 'password'],
  ['secret', 'token'],
  ['secrets', 'token'],
  ['token', 'token'],
  ['tokens', 'token'],
  ['apikey', 'api-key'],
  ['apikeys', 'api-key'],
  ['xapikey', 'api-key'],
  ['credential', 'credential'],
  ['credentials', 'credential'],
  ['creds', 'credential'],
  ['auth', 'credential'],
  ['privatekey', 'private-key'],
  ['accesskey', 'credential'],
  ['secretkey', 'credential'],
  ['accountkey', 'azure-key'],
  ['sharedaccesskey', 'azure-key'],
  ['cookie', 'cookie'],
  ['bearer', 'token'],
]);

/** Two-word names that are secret where each word alone is not ("key" alone is everywhere). */
const SECRET_PAIRS = new Map<string, SecretKind>([
  ['api key', 'api-key'],
  ['private key', 'private-key'],
  ['access key', 'credential'],
  ['secret key', 'credential'],
  ['account key', 'azure-key'],
  ['client key', 'private-key'],
  ['signing key', 'private-key'],
  ['encryption key', 'private-key'],
  ['session key', 'token'],
  ['master key', 'private-key'],
  ['shared key', 'credential'],
  ['access id', 'credential'],
]);

/** Names ending in these words name where a secret is or what it is like, not the secret itself. */
const REFERENCE_WORDS = new Set(['file', 'files', 'path', 'paths', 'dir', 'directory', 'name', 'names', 'ref', 'mount', 'location', 'type', 'mode', 'ttl', 'length', 'size', 'enabled', 'enable', 'disabled', 'required', 'format', 'version', 'source', 'url', 'endpoint', 'header', 'policy', 'provider', 'method', 'plugin', 'namespace', 'selector', 'period', 'expiration', 'seconds', 'timeout', 'audience', 'audiences', 'issuer', 'algorithm', 'count']);

/** Words a name is made of: `db_password` → db, password; `apiKey` → api, key; `X-Api-Key` → x, api, key. */
export function nameWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

/** The kind of secret a value under this name is, or undefined when the name is not sensitive. */
export function sensitiveName(name: string): SecretKind | undefined {
  const words = nameWords(name);
  if (!words.length) return undefined;
  if (REFERENCE_WORDS.has(words[words.length - 1]!)) return undefined;
  // client-certificate-data and certificate-authority-data are public; client-key-data is not.
  if (words.join(' ') === 'client key data') return 'private-key';
  // A pair says more than a word in it: aws_secret_access_key is an access key, not a "secret".
  for (let i = 0; i + 1 < words.length; i++) {
    const pair = SECRET_PAIRS.get(`${words[i]} ${words[i + 1]}`);
    if (pair) return pair;
  }
  for (const word of words) {
    const single = SECRET_WORDS.get(word);
    if (single) return single;
  }
  // Glued names: DBPASSWORD, ETCDPASSWORD, MYAPIKEY, githubtoken.
  const glued = words.join('');
  if (/(password|passwd|secret|token|apikey|privatekey|accesskey|secretkey|credentials?)$/.test(glued)) return /pass/.test(glued) ? 'password' : /apikey/.test(glued) ? 'api-key' : /privatekey/.test(glued) ? 'private-key' : /cred/.test(glued) ? 'credential' : 'token';
  return undefined;
}

/** Values left alone under a sensitive name: nothing to hide, and the diagnosis may read them. */
function harmlessValue(value: string): boolean {
  return value === '' || REDACTED.test(value) || /^(true|false|yes|no|on|off|null|none|~|\*+|-|<[^>]*>|\$\{[^}]*\}|\$\([^)]*\))$/i.test(value) || /^\/[^ ]*$/.test(value);
}

// --- The engine ------------------------------------------------------------------------------

/** Deeper than any API object; a document past it is scrubbed as text instead (see TooDeepError). */
const MAX_DEPTH = 512;

/** The object is too deep to walk: the caller scrubs its text instead. */
export class TooDeepError extends Error {}

export class Redactor {
  readonly counts: Partial<Record<SecretKind, number>> = {};
  constructor(readonly enabled = true) {}

  get total(): number {
    return Object.values(this.counts).reduce((s, n) => s + (n ?? 0), 0);
  }

  private mark(kind: SecretKind): string {
    this.counts[kind] = (this.counts[kind] ?? 0) + 1;
    return `<redacted:${kind}>`;
  }

  /** Adds another engine's counts (a worker's, a file's). */
  merge(counts: Partial<Record<SecretKind, number>>): void {
    for (const [k, n] of Object.entries(counts)) this.counts[k as SecretKind] = (this.counts[k as SecretKind] ?? 0) + (n ?? 0);
  }

  /** A value under a name: the whole value goes when the name is sensitive, else its text is scanned. */
  value(name: string, value: string): string {
    if (!this.enabled) return value;
    const kind = sensitiveName(name);
    if (kind && !harmlessValue(value)) return this.mark(kind);
    return this.text(value);
  }

  /**
   * Secrets anywhere in text: logs, YAML, JSON, INI and env files, command lines, and documents
   * embedded in any of those. Order matters: whole blocks (PEM) first, then tokens recognisable by
   * shape, then values recognisable by the name in front of them.
   */
  text(input: string): string {
    if (!this.enabled || input.length < 6) return input;
    let s = input;
    // PEM private keys of every type (RSA, EC, DSA, OPENSSH, ENCRYPTED, PGP … BLOCK), also with
    // JSON-escaped newlines; a block cut short is redacted to its end.
    if (s.includes('PRIVATE KEY')) {
      s = s.replace(/-----BEGIN ([A-Z0-9 ]*)PRIVATE KEY( BLOCK)?-----(?:[\s\S]*?-----END [A-Z0-9 ]*PRIVATE KEY( BLOCK)?-----|[A-Za-z0-9+/=\\\r\n \t:-]*)/g, () => this.mark('private-key'));
    }
    // JWTs (service-account tokens, OIDC id tokens).
    if (s.includes('eyJ')) s = s.replace(/\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/g, () => this.mark('jwt'));
    // AWS access key ids.
    s = s.replace(/\b(AKIA|ASIA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA|ABIA|ACCA)[A-Z0-9]{16}\b/g, () => this.mark('aws-key'));
    // Azure connection strings and SAS signatures.
    if (/AccountKey|SharedAccess|sig=/i.test(s)) {
      s = s.replace(/\b(AccountKey|SharedAccessKey|SharedAccessSignature)=([^;"'\s&]+)/gi, (_m, k: string) => `${k}=${this.mark('azure-key')}`);
      s = s.replace(/([?&]sig=)(?!<redacted)[A-Za-z0-9%+/=]{16,}/g, (_m, p: string) => `${p}${this.mark('azure-key')}`);
    }
    // URL userinfo: scheme://user:password@host keeps the user and the host.
    if (s.includes('://')) {
      s = s.replace(/\b([a-zA-Z][a-zA-Z0-9+.-]{1,20}:\/\/)([^\/\s:@"'<>]*):([^\/\s@"'<>]+)@/g, (m, scheme: string, user: string, pass: string) => (REDACTED.test(pass) ? m : `${scheme}${user}:${this.mark('url-credentials')}@`));
      // A bare token as userinfo (https://ghp_xxx@github.com).
      s = s.replace(/\b([a-zA-Z][a-zA-Z0-9+.-]{1,20}:\/\/)([A-Za-z0-9_.~+-]{20,})@/g, (_m, scheme: string) => `${scheme}${this.mark('url-credentials')}@`);
    }
    // HTTP headers that carry credentials, as text (`Authorization: Basic …`) and as Go prints a
    // header map (`"Authorization":["Bearer …"]`, `Authorization:[Bearer …]`).
    s = s.replace(/\b(Authorization|Proxy-Authorization|Cookie|Set-Cookie|X-[A-Za-z0-9-]*(?:Api-?Key|Token|Auth[A-Za-z]*|Secret|Session)[A-Za-z0-9-]*)(\\?"?\s*[:=]\s*\\?"?\[?\\?"?)([^\r\n"\\\]]*)/gi, (m, name: string, sep: string, value: string) => {
      const v = value.trim();
      // A JSON/YAML structure under that name (a CRD schema's "cookie": { … }) is not a header value.
      if (!v || REDACTED.test(v) || /^<redacted/.test(v) || /^[{[]/.test(v)) return m;
      // "Authorization: Bearer <token>" keeps the scheme word: it tells what kind of auth failed.
      const scheme = /^(Bearer|Basic|Digest|Negotiate|AWS4-HMAC-SHA256|token)\s+/i.exec(v);
      const kind: SecretKind = /cookie/i.test(name) ? 'cookie' : 'header';
      return `${name}${sep}${scheme ? scheme[0] : ''}${this.mark(kind)}`;
    });
    // Bearer / Basic tokens anywhere else.
    s = s.replace(/\b(Bearer|Basic)(\s+)(?!<redacted)([A-Za-z0-9._~+/=-]{16,})/g, (_m, w: string, sp: string) => `${w}${sp}${this.mark('token')}`);
    // Environment variables as printed objects carry their name and value in two fields: the value
    // is judged by the name beside it. JSON (kubectl's, escaped inside an annotation, old kubectl's
    // `Name`/`Value`), and YAML sequences (`- name: K` then `  value: v`, block scalars too).
    if (/"(?:name|Name)\\*"\s*:/.test(s)) {
      s = s.replace(/(\\*"(?:name|Name)\\*"\s*:\s*\\*")([A-Za-z0-9_.-]{1,128})(\\*"\s*,\s*\\*"(?:value|Value)\\*"\s*:\s*\\*")((?:[^"\\]|\\(?!"))*)(\\*")/g, (m, a: string, key: string, b: string, value: string, c: string) => {
        const kind = sensitiveName(key);
        return kind && value && !harmlessValue(value) && !REDACTED.test(value) ? `${a}${key}${b}${this.mark(kind)}${c}` : m;
      });
    }
    if (/^[ \t]*- name:/m.test(s)) {
      s = s.replace(/^([ \t]*)- name:[ \t]*(["']?)([A-Za-z0-9_.-]{1,128})\2[ \t]*(\r?\n)\1  value:[ \t]*(?:([|>][-+]?[ \t]*(?:\r?\n\1   [^\r\n]*)*)|(["']?)([^\r\n]*?)\6)[ \t]*$/gm, (m, indent: string, q: string, key: string, nl: string, block: string | undefined, vq: string | undefined, value: string | undefined) => {
        const kind = sensitiveName(key);
        if (!kind) return m;
        if (block !== undefined) return `${indent}- name: ${q}${key}${q}${nl}${indent}  value: ${this.mark(kind)}`;
        if (!value || harmlessValue(value) || REDACTED.test(value)) return m;
        return `${indent}- name: ${q}${key}${q}${nl}${indent}  value: ${vq}${this.mark(kind)}${vq}`;
      });
    }
    // name = value in every dialect, decided by the name: JSON ("k": "v", \"k\": \"v\", "k": 123),
    // YAML (k: v, - k: v), env/INI (K=v, export K=v), and flags (--k=v, --k v, -k v).
    s = s.replace(/(\\*")([A-Za-z0-9_.@-]{2,64})(\\*"\s*:\s*)(\\*")((?:[^"\\\r\n]|\\(?!"))*)(\\*")/g, (m, q1: string, key: string, sep: string, q2: string, value: string, q3: string) => {
      const kind = sensitiveName(key);
      return kind && !harmlessValue(value) ? `${q1}${key}${sep}${q2}${this.mark(kind)}${q3}` : m;
    });
    s = s.replace(/(\\*")([A-Za-z0-9_.@-]{2,64})(\\*"\s*:\s*)(-?\d[\d.eE+-]*)(?=\s*[,}\r\n])/g, (m, q1: string, key: string, sep: string) => {
      const kind = sensitiveName(key);
      return kind ? `${q1}${key}${sep}"${this.mark(kind)}"` : m;
    });
    s = s.replace(/^([ \t]*(?:- )?(?:export )?)([A-Za-z0-9_.@-]{2,64})([ \t]*[:=][ \t]*)(?![|>][-+]?[ \t]*$)(["']?)([^\r\n]*?)(\4)([ \t]*(?:#[^\r\n]*)?)$/gm, (m, lead: string, key: string, sep: string, q: string, value: string, q2: string, tail: string) => {
      const kind = sensitiveName(key);
      // `KEY=value more words` is env or logfmt, where the value ends at the blank (and the rest of
      // the line is diagnosis: "from 10.0.0.1"); the inline rule below takes that first word. YAML
      // (`key: two words`) and INI (`key = two words`) values run to the end of the line.
      if (sep === '=' && !q && /[ \t]/.test(value)) return m;
      return kind && !harmlessValue(value.trim()) && !/^[{[]/.test(value) ? `${lead}${key}${sep}${q}${this.mark(kind)}${q2}${tail}` : m;
    });
    // Flags: --password=x, --token x, -p? (single-letter flags are too ambiguous to judge).
    s = s.replace(/(^|[\s"'\[,(])(--?[A-Za-z][A-Za-z0-9_.-]{1,63})(=|[ \t]+)(["']?)([^\s"',\])]+)(\4)/gm, (m, lead: string, flag: string, sep: string, q: string, value: string, q2: string) => {
      const kind = sensitiveName(flag);
      if (!kind || harmlessValue(value) || value.startsWith('-')) return m;
      return `${lead}${flag}${sep}${q}${this.mark(kind)}${q2}`;
    });
    // key=value inside a line (query strings, logfmt, Go's %v of structs): password=…, token:…
    s = s.replace(/(^|[\s,;&?{(\[])([A-Za-z0-9_.-]{2,64})([=:])(?!\/\/)(?!<redacted)([^\s,;&"'(){}\[\]<>]+)/gm, (m, lead: string, key: string, sep: string, value: string) => {
      const kind = sensitiveName(key);
      return kind && !harmlessValue(value) ? `${lead}${key}${sep}${this.mark(kind)}` : m;
    });
    return s;
  }

  /**
   * API objects (one item of a List): env values by their names, argv flags with their values in
   * the next element, values under sensitive keys anywhere (ConfigMap data, annotations, CRD
   * specs), and the text of every other string (documents embedded as strings included).
   */
  object(obj: unknown): unknown {
    if (!this.enabled) return obj;
    const walk = (v: unknown, key?: string, depth = 0): unknown => {
      if (depth > MAX_DEPTH) throw new TooDeepError(`nested more than ${MAX_DEPTH} levels deep`);
      if (typeof v === 'string') return key !== undefined ? this.value(key, v) : this.text(v);
      if (typeof v === 'number' && key !== undefined && sensitiveName(key)) return this.mark(sensitiveName(key)!);
      if (Array.isArray(v)) {
        if (key === 'env') return v.map((e) => this.envVar(e) ?? walk(e, undefined, depth + 1));
        if (key === 'args' || key === 'command') return this.argv(v);
        return v.map((x) => walk(x, undefined, depth + 1));
      }
      if (v && typeof v === 'object') {
        const out: Record<string, unknown> = {};
        for (const [k, x] of Object.entries(v)) setOwn(out, k, walk(x, k, depth + 1));
        return out;
      }
      return v;
    };
    return walk(obj);
  }

  private envVar(e: unknown): unknown {
    if (!e || typeof e !== 'object') return undefined;
    const { name, value } = e as { name?: unknown; value?: unknown };
    if (typeof name !== 'string' || typeof value !== 'string') return undefined;
    return { ...(e as object), value: this.value(name, value) };
  }

  /** `["--password", "x"]`: the value of a sensitive flag is the next element. */
  private argv(list: unknown[]): unknown[] {
    const out: unknown[] = [];
    for (let i = 0; i < list.length; i++) {
      const a = list[i];
      if (typeof a !== 'string') {
        out.push(this.object(a));
        continue;
      }
      out.push(this.text(a));
      const flag = /^--?([A-Za-z][A-Za-z0-9_.-]*)$/.exec(a);
      const next = list[i + 1];
      if (flag && typeof next === 'string' && !next.startsWith('-') && sensitiveName(flag[1]!) && !harmlessValue(next)) {
        out.push(this.mark(sensitiveName(flag[1]!)!));
        i++;
      }
    }
    return out;
  }

  /**
   * A whole file's text: scanned as text, which keeps every byte that is not a secret. A JSON file
   * must stay JSON — if the text rules would break it (a pattern no rule foresaw), the document is
   * redacted as an object instead and printed again, which changes its layout but not its meaning.
   */
  document(input: string): string {
    const out = this.text(input);
    if (out === input || !/^\s*[{[]/.test(input)) return out;
    let parsed: unknown;
    try {
      parsed = JSON.parse(input);
    } catch {
      return out;
    }
    try {
      JSON.parse(out);
      return out;
    } catch {
      return `${JSON.stringify(this.object(parsed), null, 2)}\n`;
    }
  }

  /** Bytes of a file, scanned as text; the same bytes come back when there was nothing to redact. */
  bytes(buf: Buffer): Buffer {
    if (!this.enabled) return buf;
    const text = buf.toString('latin1');
    const out = this.document(text);
    return out === text ? buf : Buffer.from(out, 'latin1');
  }
}
