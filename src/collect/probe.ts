// The opt-in probe (--probe): a short-lived pod that answers "can a new pod get a network right now?"
// — scheduled? sandbox created (and how fast)? its routes, an in-cluster DNS lookup, an external
// request. The pod is deleted whatever happens. The only thing the collector ever changes.
import { runKubectl, type CommandResult, type KubectlOptions } from './kubectl.js';

export interface ProbeOutcome {
  result: Record<string, unknown>;
  commands: CommandResult[];
}

const SCRIPT = [
  'echo "== ip route"; ip route 2>&1 || route -n 2>&1',
  'echo "== dns"; nslookup kubernetes.default.svc.cluster.local 2>&1; echo "DNS_EXIT=$?"',
  'echo "== egress"; wget -q -T 5 -O /dev/null https://registry.k8s.io 2>&1; echo "EGRESS_EXIT=$?"',
].join('; ');

function section(logs: string, name: string): string {
  const m = new RegExp(`== ${name}\\n([\\s\\S]*?)(?=\\n== |$)`).exec(logs);
  return (m?.[1] ?? '').trim();
}

export async function runProbe(k: KubectlOptions, opts: { namespace: string; image: string; timeoutSec: number; name: string }): Promise<ProbeOutcome> {
  const commands: CommandResult[] = [];
  const run = async (args: string[]) => {
    const r = await runKubectl(k, args);
    commands.push(r);
    return r;
  };
  const result: Record<string, unknown> = { pod: `${opts.namespace}/${opts.name}`, image: opts.image, scheduled: false, sandboxCreated: false };
  const started = Date.now();
  try {
    const created = await run(['run', opts.name, '-n', opts.namespace, `--image=${opts.image}`, '--restart=Never', '--labels=app.kubernetes.io/name=cni-doctor-probe', '--command', '--', 'sh', '-c', SCRIPT]);
    if (created.exitCode !== 0) {
      result.error = `the probe pod could not be created: ${created.stderr.trim()}`;
      return { result, commands };
    }
    // Wait for a sandbox (an IP) and the end of the script, within the probe's own timeout.
    let phase = 'Pending';
    while (Date.now() - started < opts.timeoutSec * 1000) {
      const got = await runKubectl(k, ['get', 'pod', opts.name, '-n', opts.namespace, '-o', 'json']);
      if (got.exitCode === 0) {
        const pod = JSON.parse(got.stdout.toString('utf8')) as { spec?: { nodeName?: string }; status?: { phase?: string; podIP?: string } };
        result.node = pod.spec?.nodeName ?? null;
        result.scheduled = !!pod.spec?.nodeName;
        if (pod.status?.podIP && !result.sandboxCreated) {
          result.sandboxCreated = true;
          result.sandboxSeconds = Math.round((Date.now() - started) / 100) / 10;
        }
        phase = pod.status?.phase ?? phase;
        if (phase === 'Succeeded' || phase === 'Failed') break;
      }
      await new Promise((r) => setTimeout(r, 1000));
    }
    if (!result.sandboxCreated) {
      result.error = `no sandbox within ${opts.timeoutSec}s (phase ${phase})`;
      return { result, commands };
    }
    const logs = (await run(['logs', opts.name, '-n', opts.namespace])).stdout.toString('utf8');
    const dns = section(logs, 'dns');
    const egress = section(logs, 'egress');
    result.ipRoute = { output: section(logs, 'ip route') };
    result.dns = { ok: /DNS_EXIT=0/.test(dns), query: 'kubernetes.default.svc.cluster.local', output: dns.replace(/DNS_EXIT=\d+/, '').trim() };
    result.egress = { ok: /EGRESS_EXIT=0/.test(egress), target: 'https://registry.k8s.io', output: egress.replace(/EGRESS_EXIT=\d+/, '').trim() };
    return { result, commands };
  } finally {
    const del = await run(['delete', 'pod', opts.name, '-n', opts.namespace, '--wait=false', '--ignore-not-found']);
    result.deleted = del.exitCode === 0;
  }
}
