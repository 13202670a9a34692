// What the collector reads of every selected node, whatever its CNI: the CNI config directory and
// binaries (listed, then each config byte for byte), routes, links and mounts.
import { NODE_CNI_CONF_DIR, NODE_FILES, encodePathSegment, nodeFilePath } from '../bundle/layout.js';
import type { NodeCommand } from './descriptor.js';

export const HOST_COMMANDS: NodeCommand[] = [
  { argv: ['ip', 'route', 'show'], output: (node) => nodeFilePath(node, NODE_FILES.ipRoute), replays: /^ip route( show)?$/ },
  { argv: ['ip', '-d', 'link', 'show'], output: (node) => nodeFilePath(node, NODE_FILES.ipLink), replays: /^ip -d link( show)?$/ },
  { argv: ['cat', '/proc/mounts'], output: (node) => nodeFilePath(node, NODE_FILES.procMounts), replays: /^cat \/proc\/mounts$/ },
];

/** Where the host's CNI directories are seen from inside a pod: its hostPath mounts first, then these. */
export const HOST_CNI_CONF_DIRS = ['/host/etc/cni/net.d', '/etc/cni/net.d'];
export const HOST_CNI_BIN_DIRS = ['/host/opt/cni/bin', '/opt/cni/bin'];

export const lsCniConfOutput = (node: string) => nodeFilePath(node, NODE_FILES.lsCniConf);
export const lsCniBinOutput = (node: string) => nodeFilePath(node, NODE_FILES.lsCniBin);
export const cniConfigOutput = (node: string, file: string) => nodeFilePath(node, `${NODE_CNI_CONF_DIR}${encodePathSegment(file)}`);

/** The bundle file a host command (run with any of the usual mount prefixes) was written to. */
export function hostCommandOutput(node: string, cmd: string): string | undefined {
  for (const c of HOST_COMMANDS) if (c.replays.test(cmd)) return c.output(node);
  if (/^ls -la (\/host)?\/etc\/cni\/net\.d\/?$/.test(cmd)) return lsCniConfOutput(node);
  if (/^ls -la (\/host)?\/opt\/cni\/bin\/?$/.test(cmd)) return lsCniBinOutput(node);
  const m = /^cat (?:\/host)?\/etc\/cni\/net\.d\/([^/\s]+)$/.exec(cmd);
  // The file name as the collector wrote it (serve used to join it raw, which differs only for odd names).
  return m ? nodeFilePath(node, `${NODE_CNI_CONF_DIR}${m[1]}`) : undefined;
}
