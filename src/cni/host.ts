// What the collector reads of every selected node, whatever its CNI: the CNI config directory and
// binaries (listed, then each config byte for byte), routes, links and mounts.
import { NODE_CNI_CONF_DIR, NODE_FILES, encodePathSegment, nodeFilePath } from '../bundle/layout.js';
import type { NodeCommand } from './descriptor.js';

export const HOST_COMMANDS: NodeCommand[] = [
  { argv: ['ip', 'route', 'show'], output: (node) => nodeFilePath(node, NODE_FILES.ipRoute), replays: /^ip route( show)?$/ },
  { argv: ['ip', '-d', 'link', 'show'], output: (node) => nodeFilePath(node, NODE_FILES.ipLink), replays: /^ip -d link( show)?$/ },
  { argv: ['cat', '/proc/mounts'], output: (node) => nodeFilePath(node, NODE_FILES.procMounts), replays: /^cat \/proc\/mounts$/ },
];

/**
 * Where distributions keep the directories the runtime reads, before the conventional ones: k3s and
 * RKE2's embedded containerd (/var/lib/rancher/<k3s|rke2>/agent/etc/cni/net.d, binaries under
 * data/current/bin), OpenShift's CRI-O via Multus (/etc/kubernetes/cni/net.d), GKE (/home/kubernetes/bin).
 * Where one of them exists it is what the runtime reads, so it is tried first.
 */
export const DISTRO_CNI_CONF_DIRS = ['/var/lib/rancher/k3s/agent/etc/cni/net.d', '/var/lib/rancher/rke2/agent/etc/cni/net.d', '/etc/kubernetes/cni/net.d'];
export const DISTRO_CNI_BIN_DIRS = ['/var/lib/rancher/k3s/data/current/bin', '/var/lib/rancher/rke2/data/current/bin', '/home/kubernetes/bin'];

/** Where the host's CNI directories are seen from inside a pod: its hostPath mounts first, then these. */
export const HOST_CNI_CONF_DIRS = [...DISTRO_CNI_CONF_DIRS.map((d) => `/host${d}`), '/host/etc/cni/net.d', '/etc/cni/net.d'];
export const HOST_CNI_BIN_DIRS = [...DISTRO_CNI_BIN_DIRS.map((d) => `/host${d}`), '/host/opt/cni/bin', '/opt/cni/bin'];

const CONF_DIR = String.raw`(?:/host)?(?:/etc/cni/net\.d|/var/lib/rancher/(?:k3s|rke2)/agent/etc/cni/net\.d|/etc/kubernetes/cni/net\.d)`;
const BIN_DIR = String.raw`(?:/host)?(?:/opt/cni/bin|/var/lib/rancher/(?:k3s|rke2)/data/[^/\s]+/bin|/home/kubernetes/bin)`;
const LS_CONF = new RegExp(`^ls -la ${CONF_DIR}/?$`);
const LS_BIN = new RegExp(`^ls -la ${BIN_DIR}/?$`);
const CAT_CONF = new RegExp(String.raw`^cat ${CONF_DIR}/([^/\s]+)$`);

export const lsCniConfOutput = (node: string) => nodeFilePath(node, NODE_FILES.lsCniConf);
export const lsCniBinOutput = (node: string) => nodeFilePath(node, NODE_FILES.lsCniBin);
export const cniConfigOutput = (node: string, file: string) => nodeFilePath(node, `${NODE_CNI_CONF_DIR}${encodePathSegment(file)}`);

/**
 * The host directory (without the /host mount prefix) an `ls -la`/`cat` of the CNI directories reads,
 * and which of the two it is: serve answers only for the directory the bundle was read from, so a
 * kubeadm node does not pretend to have k3s's directory.
 */
export function hostCniDirOf(cmd: string): { kind: 'conf' | 'bin'; dir: string } | undefined {
  const m = new RegExp(String.raw`^(?:ls -la|cat) (?:/host)?(/\S+?)/?$`).exec(cmd);
  if (!m) return undefined;
  const isConf = LS_CONF.test(cmd) || CAT_CONF.test(cmd);
  if (!isConf && !LS_BIN.test(cmd)) return undefined;
  const dir = cmd.startsWith('cat ') ? m[1]!.replace(/\/[^/]+$/, '') : m[1]!;
  return { kind: isConf ? 'conf' : 'bin', dir };
}

/**
 * The host directory a recorded collection command listed: `ls -la /host<dir>` run in a pod, or the
 * debug pod's script, whose manifest argv ends with the path it read.
 */
export function listedDirOf(argv: readonly string[]): string | undefined {
  if (argv[0] === 'kubectl' && argv[1] === 'debug') {
    const last = argv.at(-1) ?? '';
    return last.startsWith('/') ? last.replace(/\/+$/, '') : undefined;
  }
  // `kubectl exec <pod> -- ls -la <dir>` as written out in full, or the command run in the pod alone.
  const dash = argv.indexOf('--');
  const inPod = argv[0] === 'kubectl' && dash >= 0 ? argv.slice(dash + 1) : argv;
  return hostCniDirOf(inPod.join(' ').replace(/\s+/g, ' ').trim())?.dir.replace(/\/+$/, '');
}

/** The bundle file a host command (run with any of the usual mount prefixes) was written to. */
export function hostCommandOutput(node: string, cmd: string): string | undefined {
  for (const c of HOST_COMMANDS) if (c.replays.test(cmd)) return c.output(node);
  if (LS_CONF.test(cmd)) return lsCniConfOutput(node);
  if (LS_BIN.test(cmd)) return lsCniBinOutput(node);
  const m = CAT_CONF.exec(cmd);
  // The file name as the collector wrote it (serve used to join it raw, which differs only for odd names).
  return m ? nodeFilePath(node, `${NODE_CNI_CONF_DIR}${m[1]}`) : undefined;
}
