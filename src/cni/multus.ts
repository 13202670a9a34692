// Multus: the meta-plugin that gives pods more than one network. Its config (00-multus.conf, type
// multus or multus-shim in thick mode) sorts first and delegates the default network to the real
// plugin's config (clusterNetwork / delegates) and each extra network a pod asks for
// (k8s.v1.cni.cncf.io/networks) to a NetworkAttachmentDefinition's config.
// https://github.com/k8snetworkplumbingwg/multus-cni/blob/master/docs/how-to-use.md
import { z } from 'zod';
import type { CustomList } from '../model/k8s/custom-object.js';
import type { MultusResources, NetworkAttachment } from '../model/multus.js';
import { defineCni } from './descriptor.js';

export const NETWORK_ATTACHMENTS = 'network-attachment-definitions.k8s.cni.cncf.io';

const NadSpec = z.object({ config: z.string().optional() }).passthrough();
const DelegateConfig = z.object({ type: z.string().optional(), plugins: z.array(z.object({ type: z.string().optional() }).passthrough()).optional() }).passthrough();

/** A NetworkAttachmentDefinition's delegate, as Multus reads spec.config (a JSON string). */
export function readNetworkAttachment(item: { name: string; namespace?: string; file: string; line: number; spec: unknown }): NetworkAttachment {
  const base = { name: item.name, namespace: item.namespace ?? 'default', file: item.file, line: item.line, types: [] as string[], fromFile: false };
  const spec = NadSpec.safeParse(item.spec ?? {});
  const config = spec.success ? spec.data.config : undefined;
  if (config === undefined || config.trim() === '') return { ...base, fromFile: true };
  let parsed: unknown;
  try {
    parsed = JSON.parse(config);
  } catch {
    // Our own words: the engine's message differs between Node versions, and reports must not.
    const start = config.trim().slice(0, 24);
    return { ...base, configError: `spec.config is not valid JSON (it starts with ${JSON.stringify(start)}${config.trim().length > 24 ? '…' : ''})` };
  }
  const conf = DelegateConfig.safeParse(parsed);
  if (!conf.success) return { ...base, configError: 'spec.config is not a JSON object' };
  const types = conf.data.plugins ? conf.data.plugins.map((p) => p.type ?? '') : conf.data.type ? [conf.data.type] : [];
  if (!types.length || types.some((t) => !t)) return { ...base, types: types.filter(Boolean), configError: conf.data.plugins ? 'a plugin in spec.config has no "type"' : 'spec.config has no "type" (nor "plugins")' };
  return { ...base, types };
}

export function readMultusResources(custom: ReadonlyMap<string, CustomList>): MultusResources {
  const list = custom.get(NETWORK_ATTACHMENTS);
  if (!list) return {};
  return { networkAttachments: { path: list.path, items: list.items.map(readNetworkAttachment) } };
}

export const multus = defineCni({
  id: 'multus',
  name: 'Multus',
  plugins: ['multus'],
  meta: true,
  // Upstream kube-multus-ds (kube-multus-ds-amd64 before 3.7), OpenShift's multus in openshift-multus.
  agent: { workloadNames: /^(?:kube-multus-ds(?:-amd64)?|kube-multus|multus)$/, image: /multus-cni|\/multus(?:-cni)?:|ose-multus/, container: /^kube-multus$/ },
  configTypes: ['multus', 'multus-shim'],
  configFileName: /multus/,
  namespaces: ['openshift-multus'],
  customGroups: ['k8s.cni.cncf.io'],
  readResources: (custom) => ({ multus: readMultusResources(custom) }),
});
