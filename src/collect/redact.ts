// Redaction at collection time: secrets never enter a bundle. IP addresses are kept (network
// debugging needs them). Every replacement is counted by kind for the manifest.

export type SecretKind = 'jwt' | 'private-key' | 'aws-key' | 'bearer' | 'token' | 'password' | 'certificate';

export class Redactor {
  readonly counts: Partial<Record<SecretKind, number>> = {};
  constructor(private readonly enabled: boolean) {}

  get total(): number {
    return Object.values(this.counts).reduce((s, n) => s + (n ?? 0), 0);
  }

  private mark(kind: SecretKind): string {
    this.counts[kind] = (this.counts[kind] ?? 0) + 1;
    return `<redacted:${kind}>`;
  }

  /** Secrets anywhere in text: PEM private keys, JWTs, AWS access keys, bearer tokens, kubeconfig fields. */
  text(input: string): string {
    if (!this.enabled) return input;
    return input
      .replace(/-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?-----END [A-Z ]*PRIVATE KEY-----/g, () => this.mark('private-key'))
      .replace(/\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/g, () => this.mark('jwt'))
      .replace(/\b(AKIA|ASIA)[A-Z0-9]{16}\b/g, () => this.mark('aws-key'))
      .replace(/(aws_secret_access_key\s*[=:]\s*)[A-Za-z0-9/+=]{40}/gi, (_, p: string) => `${p}${this.mark('aws-key')}`)
      .replace(/(\bBearer\s+)(?!<redacted)[A-Za-z0-9._~+/=-]{16,}/g, (_, p: string) => `${p}${this.mark('bearer')}`)
      .replace(/((?:client-key-data|client-certificate-data|certificate-authority-data)\s*:\s*)"?(?!<redacted)[A-Za-z0-9+/=]{16,}"?/g, (_, p: string) => `${p}"${this.mark('certificate')}"`)
      .replace(/(^\s*token\s*:\s*)"?(?!<redacted)[^\s"]+"?/gm, (_, p: string) => `${p}${this.mark('token')}`)
      .replace(/(^\s*password\s*:\s*)"?(?!<redacted)[^\s"]+"?/gm, (_, p: string) => `${p}${this.mark('password')}`)
      .replace(/("(?:token|password|secret|apiKey|api_key)"\s*:\s*)"(?!<redacted)[^"]+"/gi, (_, p: string) => `${p}"${this.mark(/pass/i.test(p) ? 'password' : 'token')}"`);
  }

  /** Env values whose names say they are secret. */
  envValue(name: string, value: string): string {
    if (!this.enabled) return value;
    if (/PASSWORD|PASSWD|SECRET|TOKEN|PRIVATE_KEY|ACCESS_KEY|API_KEY|CREDENTIAL/i.test(name) && !value.startsWith('<redacted')) return this.mark(/PASS/i.test(name) ? 'password' : 'token');
    return this.text(value);
  }

  /** API objects: env values of pods and workloads, ConfigMap data, annotations. */
  object(obj: unknown): unknown {
    if (!this.enabled) return obj;
    const walk = (v: unknown, key?: string): unknown => {
      if (typeof v === 'string') return this.text(v);
      if (Array.isArray(v)) {
        if (key === 'env') {
          return v.map((e) => (e && typeof e === 'object' && typeof (e as { name?: unknown }).name === 'string' && typeof (e as { value?: unknown }).value === 'string' ? { ...(e as object), value: this.envValue((e as { name: string }).name, (e as { value: string }).value) } : walk(e)));
        }
        return v.map((x) => walk(x));
      }
      if (v && typeof v === 'object') {
        const out: Record<string, unknown> = {};
        for (const [k, x] of Object.entries(v)) out[k] = walk(x, k);
        return out;
      }
      return v;
    };
    return walk(obj);
  }
}
