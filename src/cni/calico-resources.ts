// Calico's custom resources, typed at the edge: the loader calls readCalicoResources once, after
// the bundle is read, and rules read src/model/calico.ts records instead of parsing specs.
// https://docs.tigera.io/calico/latest/reference/resources/
import { z } from 'zod';
import type { CalicoResourceList, CalicoResources } from '../model/calico.js';
import type { CustomList, CustomObjectRecord } from '../model/k8s/custom-object.js';

const str = z.string().optional().catch(undefined);
const num = z.number().optional().catch(undefined);

const IpPoolSpec = z.object({ cidr: str, ipipMode: str, vxlanMode: str, disabled: z.boolean().optional().catch(undefined) });
const IpamBlockSpec = z.object({
  cidr: z.string(),
  affinity: z.string().nullable().optional().catch(undefined),
  allocations: z.array(z.number().nullable()).optional().catch(undefined),
});
const BgpConfigurationSpec = z.object({ asNumber: num });
const BgpPeerSpec = z.object({ peerIP: str, asNumber: num });

export const CALICO_RESOURCES = {
  ipPools: 'ippools.crd.projectcalico.org',
  ipamBlocks: 'ipamblocks.crd.projectcalico.org',
  bgpConfigurations: 'bgpconfigurations.crd.projectcalico.org',
  bgpPeers: 'bgppeers.crd.projectcalico.org',
} as const;

export interface ResourceProblem {
  file: string;
  line: number;
  message: string;
}

function typed<S extends z.ZodType, T>(list: CustomList | undefined, kind: string, schema: S, make: (item: CustomObjectRecord, spec: z.infer<S>) => T, problem: (p: ResourceProblem) => void): CalicoResourceList<T> | undefined {
  if (!list) return undefined;
  const items: T[] = [];
  for (const item of list.items) {
    const spec = schema.safeParse(item.spec);
    if (spec.success) items.push(make(item, spec.data));
    else problem({ file: item.file, line: item.line, message: `${kind} ${item.name || '(no name)'} is not a readable ${kind}: ${spec.error.issues.map((i) => `spec${i.path.length ? `.${i.path.join('.')}` : ''}: ${i.message}`).join('; ')}; it is left out of the analysis` });
  }
  return { path: list.path, items };
}

export function readCalicoResources(custom: ReadonlyMap<string, CustomList>, problem: (p: ResourceProblem) => void): CalicoResources {
  const base = (item: CustomObjectRecord) => ({ name: item.name, file: item.file, line: item.line });
  return {
    ipPools: typed(custom.get(CALICO_RESOURCES.ipPools), 'IPPool', IpPoolSpec, (i, s) => ({ ...base(i), ...s }), problem),
    ipamBlocks: typed(custom.get(CALICO_RESOURCES.ipamBlocks), 'IPAMBlock', IpamBlockSpec, (i, s) => ({ ...base(i), ...s }), problem),
    bgpConfigurations: typed(custom.get(CALICO_RESOURCES.bgpConfigurations), 'BGPConfiguration', BgpConfigurationSpec, (i, s) => ({ ...base(i), ...s }), problem),
    bgpPeers: typed(custom.get(CALICO_RESOURCES.bgpPeers), 'BGPPeer', BgpPeerSpec, (i, s) => ({ ...base(i), ...s }), problem),
  };
}
