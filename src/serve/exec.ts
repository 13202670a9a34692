// Exec replay: a command run "in a pod" returns what the bundle recorded for that command on that
// pod's node — from the manifest's commands first, then from the contract's table of outputs.
import { CALICO_IPAM_SHOW, CALICO_IPAM_SHOW_BLOCKS, NODE_FILES, nodeFilePath, pluginNodeFilePath, type ManifestCommand } from '../bundle/layout.js';
import type { Store } from './store.js';

export type Replay = { found: true; stdout: Buffer; exitCode: number; file: string } | { found: false; failure?: ManifestCommand };

/** The command of a `kubectl exec … -- cmd…` argv, or the argv itself. */
function commandOf(argv: string[]): string[] {
  const dash = argv.indexOf('--');
  return argv[0] === 'kubectl' && dash >= 0 ? argv.slice(dash + 1) : argv;
}

const norm = (cmd: string[]) => cmd.join(' ').replace(/\s+/g, ' ').trim();

export function replayExec(store: Store, node: string | undefined, command: string[]): Replay {
  const wanted = norm(command);
  // 1. Exactly what the collector ran on that node.
  for (const c of store.commands) {
    if (!c.file || (c.node !== null && c.node !== node)) continue;
    if (norm(commandOf(c.argv)) !== wanted) continue;
    const bytes = store.files.get(c.file);
    if (bytes) return { found: true, stdout: bytes, exitCode: c.exitCode ?? 0, file: c.file };
  }
  // 2. The contract's table of commands and files.
  const file = contractFile(node, wanted);
  const bytes = file ? store.files.get(file) : undefined;
  if (file && bytes) return { found: true, stdout: bytes, exitCode: 0, file };
  // 3. The collector recorded this output as failed on this node: replay the failure.
  const failure = file ? store.commands.find((c) => c.file === file && c.error && c.error !== 'skipped') : undefined;
  return failure ? { found: false, failure } : { found: false };
}

function contractFile(node: string | undefined, cmd: string): string | undefined {
  let m: RegExpExecArray | null;
  if (cmd === 'calicoctl ipam show') return CALICO_IPAM_SHOW;
  if (cmd === 'calicoctl ipam show --show-blocks') return CALICO_IPAM_SHOW_BLOCKS;
  if (!node) return undefined;
  if (cmd === 'calicoctl node status') return pluginNodeFilePath('calicoNodeStatus', node);
  if (/^birdcl (-s \S+ )?show protocols$/.test(cmd)) return pluginNodeFilePath('birdProtocols', node);
  if (/^(cilium|cilium-dbg) status( --verbose)?$/.test(cmd)) return pluginNodeFilePath('ciliumStatus', node);
  if (/^(cilium|cilium-dbg) bpf endpoint list$/.test(cmd)) return pluginNodeFilePath('ciliumBpfEndpoints', node);
  if (/^curl (-s )?http:\/\/(localhost|127\.0\.0\.1):61679\/v1\/enis$/.test(cmd)) return pluginNodeFilePath('awsEnis', node);
  if (/^ip route( show)?$/.test(cmd)) return nodeFilePath(node, NODE_FILES.ipRoute);
  if (/^ip -d link( show)?$/.test(cmd)) return nodeFilePath(node, NODE_FILES.ipLink);
  if (cmd === 'cat /proc/mounts') return nodeFilePath(node, NODE_FILES.procMounts);
  if (/^ls -la (\/host)?\/etc\/cni\/net\.d\/?$/.test(cmd)) return nodeFilePath(node, NODE_FILES.lsCniConf);
  if (/^ls -la (\/host)?\/opt\/cni\/bin\/?$/.test(cmd)) return nodeFilePath(node, NODE_FILES.lsCniBin);
  if (/^cat (\/host)?\/run\/flannel\/subnet\.env$/.test(cmd)) return nodeFilePath(node, NODE_FILES.flannelSubnetEnv);
  if (cmd === 'bridge fdb show dev flannel.1') return nodeFilePath(node, NODE_FILES.bridgeFdbFlannel);
  if ((m = /^cat (?:\/host)?\/etc\/cni\/net\.d\/([^/\s]+)$/.exec(cmd))) return nodeFilePath(node, `etc-cni-net.d/${m[1]}`);
  return undefined;
}
