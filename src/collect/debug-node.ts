// The fallback for a node without a CNI agent pod to exec into: `kubectl debug node/<node>` with an
// image already on the node (the agent's own) or one the user names. One short-lived pod runs a
// script that prints every output between markers; its log is split into the bundle's node files.
// The pod is deleted whatever happens.
import { DISTRO_CNI_BIN_DIRS, DISTRO_CNI_CONF_DIRS } from '../cni/host.js';
import { runKubectl, type CommandResult, type KubectlOptions } from './kubectl.js';

const MARK = '@@cni-doctor@@';

/** Outputs read from the host (mounted at /host by kubectl debug node). Configs are base64, to stay byte-exact. */
// The directories the runtime reads: a distribution's own (k3s, RKE2, OpenShift, GKE) where it
// exists, else the conventional ones. Each header names the real path it read (third field).
const pick = (v: string, dirs: string[], fallback: string) => `${v}=${fallback}; for d in ${dirs.join(' ')}; do if [ -d "/host$d" ]; then ${v}="$d"; break; fi; done`;
export const DEBUG_SCRIPT = [
  pick('CONF', DISTRO_CNI_CONF_DIRS, '/etc/cni/net.d'),
  pick('BIN', DISTRO_CNI_BIN_DIRS, '/opt/cni/bin'),
  `echo "${MARK} ls-etc-cni-net.d.txt - $CONF"; ls -la "/host$CONF"; echo "${MARK}.exit $?"`,
  `echo "${MARK} ls-opt-cni-bin.txt - $BIN"; ls -la "/host$BIN"; echo "${MARK}.exit $?"`,
  `for f in "/host$CONF"/*; do [ -f "$f" ] || continue; echo "${MARK} etc-cni-net.d/$(basename "$f") base64 $CONF/$(basename "$f")"; base64 "$f"; echo "${MARK}.exit $?"; done`,
  `echo "${MARK} ip-route.txt"; chroot /host ip route show; echo "${MARK}.exit $?"`,
  `echo "${MARK} ip-link.txt"; chroot /host ip -d link show; echo "${MARK}.exit $?"`,
  `echo "${MARK} proc-mounts.txt"; cat /host/proc/mounts; echo "${MARK}.exit $?"`,
  `echo "${MARK} flannel-subnet.env"; cat /host/run/flannel/subnet.env; echo "${MARK}.exit $?"`,
].join('; ');

export interface DebugOutcome {
  /** `source`: the host path it was read from, where the script names it. */
  files: { name: string; content: Buffer; exitCode: number; source?: string }[];
  commands: CommandResult[];
  error?: string;
}

export function splitDebugLog(log: string): DebugOutcome['files'] {
  const files: DebugOutcome['files'] = [];
  const parts = log.split(new RegExp(`^${MARK} `, 'm')).slice(1);
  for (const part of parts) {
    const nl = part.indexOf('\n');
    const header = part.slice(0, nl < 0 ? undefined : nl).trim();
    const exit = new RegExp(`^${MARK}\\.exit (\\d+)$`, 'm').exec(part);
    const body = part.slice(nl + 1, exit ? exit.index : undefined);
    const [name, encoding, ...path] = header.split(' ');
    if (!name) continue;
    const content = encoding === 'base64' ? Buffer.from(body.replace(/\s+/g, ''), 'base64') : Buffer.from(body);
    files.push({ name, content, exitCode: exit ? Number(exit[1]) : 1, ...(path.length ? { source: path.join(' ') } : {}) });
  }
  return files;
}

export async function debugNode(k: KubectlOptions, node: string, image: string, timeoutSec: number): Promise<DebugOutcome> {
  const commands: CommandResult[] = [];
  const run = async (args: string[]) => {
    const r = await runKubectl(k, args);
    commands.push(r);
    return r;
  };
  const created = await run(['debug', `node/${node}`, `--image=${image}`, '--profile=sysadmin', '--', 'sh', '-c', DEBUG_SCRIPT]);
  const name = /Creating debugging pod (\S+)/.exec(created.stdout.toString('utf8') + created.stderr)?.[1];
  if (created.exitCode !== 0 || !name) return { files: [], commands, error: created.stderr.trim() || 'kubectl debug did not create a pod' };
  try {
    const started = Date.now();
    let phase = 'Pending';
    while (Date.now() - started < timeoutSec * 1000 && phase !== 'Succeeded' && phase !== 'Failed') {
      await new Promise((r) => setTimeout(r, 1000));
      const got = await runKubectl(k, ['get', 'pod', name, '-n', 'default', '-o', 'jsonpath={.status.phase}']);
      phase = got.stdout.toString('utf8').trim() || phase;
    }
    const logs = await run(['logs', name, '-n', 'default']);
    if (logs.exitCode !== 0) return { files: [], commands, error: `the debug pod's output could not be read: ${logs.stderr.trim()}` };
    return { files: splitDebugLog(logs.stdout.toString('utf8')), commands };
  } finally {
    await run(['delete', 'pod', name, '-n', 'default', '--wait=false', '--ignore-not-found']);
  }
}
