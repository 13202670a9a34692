// Exec replay: a command run "in a pod" returns what the bundle recorded for that command on that
// pod's node — from the manifest's commands first, then from the contract's table of outputs.
import type { ManifestCommand } from '../bundle/layout.js';
import { hostCniDirOf } from '../cni/host.js';
import { outputOfCommand } from '../cni/index.js';
import type { Store } from './store.js';

export type Replay = { found: true; stdout: Buffer; exitCode: number; file: string } | { found: false; failure?: ManifestCommand; absent?: string };

/** The command of a `kubectl exec … -- cmd…` argv, or the argv itself. */
function commandOf(argv: string[]): string[] {
  const dash = argv.indexOf('--');
  return argv[0] === 'kubectl' && dash >= 0 ? argv.slice(dash + 1) : argv;
}

const command0 = (cmd: string) => cmd.split(' ')[0]!;

/** The collector recorded a different directory of the same kind for this node. */
function readOtherDir(store: Store, node: string | undefined, want: { kind: 'conf' | 'bin'; dir: string }): boolean {
  let other = false;
  for (const c of store.commands) {
    if (c.node !== node) continue;
    const d = hostCniDirOf(norm(commandOf(c.argv)));
    if (!d || d.kind !== want.kind) continue;
    if (d.dir === want.dir) return false;
    other = true;
  }
  return other;
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
  // 2. The contract's table of commands and files (src/cni/: each plugin's commands and outputs) —
  // for the CNI directories, only the one the collector read on that node (a kubeadm node has no k3s
  // directory; answering for every candidate would make a collector pick the wrong one).
  const dir = hostCniDirOf(wanted);
  if (dir && readOtherDir(store, node, dir)) return { found: false, absent: `${command0(wanted)}: cannot access '${wanted.split(' ').pop()}': No such file or directory` };
  const file = outputOfCommand(node, wanted);
  const bytes = file ? store.files.get(file) : undefined;
  if (file && bytes) return { found: true, stdout: bytes, exitCode: 0, file };
  // 3. The collector recorded this output as failed on this node: replay the failure.
  const failure = file ? store.commands.find((c) => c.file === file && c.error && c.error !== 'skipped') : undefined;
  return failure ? { found: false, failure } : { found: false };
}
