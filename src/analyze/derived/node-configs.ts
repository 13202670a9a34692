// What each node's /etc/cni/net.d holds, from the copied files and/or the `ls -la` listing.
import type { NodeData } from '../bundle-data.js';
import { isRecognised } from '../bundle-data.js';
import type { LsEntry } from '../../model/outputs/ls-la.js';
import { CNI_CONFIG_EXTENSIONS } from '../../parsers/cni-config.js';

export const isConfigName = (name: string) => CNI_CONFIG_EXTENSIONS.some((ext) => name.endsWith(ext));

export interface ConfDir {
  /** Considered config names, sorted in the runtime's (byte) order. */
  names: string[];
  listing?: { path: string; entries: LsEntry[]; missingLine?: number };
  known: boolean;
}

export function confDir(nd: NodeData): ConfDir {
  const names = new Set<string>();
  let listing: ConfDir['listing'];
  if (isRecognised(nd.lsCniConf)) {
    const r = nd.lsCniConf.result;
    listing = { path: nd.lsCniConf.path, entries: r.entries, missingLine: r.missing?.line };
    for (const e of r.entries) if (e.type !== 'directory' && isConfigName(e.name)) names.add(e.name);
  }
  for (const c of nd.cniConfigs) if (c.considered) names.add(c.fileName);
  return { names: [...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)), listing, known: !!listing || nd.cniConfigs.length > 0 };
}
