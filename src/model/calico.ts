// Calico's custom resources as typed records, read from cluster/custom/*.crd.projectcalico.org.json
// at load time (src/cni/calico-resources.ts). Every field is optional where Calico's own default
// applies, so objects of any Calico version are records; an object that is not one (no spec, a
// block without a CIDR) is a read problem with its file and line, never silently skipped.

export interface CalicoResource {
  name: string;
  /** The bundle file the object was read from. */
  file: string;
  line: number;
}

export interface CalicoIpPool extends CalicoResource {
  cidr?: string;
  ipipMode?: string;
  vxlanMode?: string;
  disabled?: boolean;
}

export interface CalicoIpamBlock extends CalicoResource {
  cidr: string;
  /** `host:<node>` for a block affine to a node. */
  affinity?: string | null;
  /** One entry per address: the allocation's index, or null when free. */
  allocations?: (number | null)[];
}

export interface CalicoBgpConfiguration extends CalicoResource {
  asNumber?: number;
}

export interface CalicoBgpPeer extends CalicoResource {
  peerIP?: string;
  asNumber?: number;
}

export interface CalicoResourceList<T> {
  path: string;
  items: T[];
}

export interface CalicoResources {
  ipPools?: CalicoResourceList<CalicoIpPool>;
  ipamBlocks?: CalicoResourceList<CalicoIpamBlock>;
  bgpConfigurations?: CalicoResourceList<CalicoBgpConfiguration>;
  bgpPeers?: CalicoResourceList<CalicoBgpPeer>;
}
