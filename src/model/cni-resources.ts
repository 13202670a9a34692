// The typed custom resources of the CNIs that have them, one field per CNI, as the analyzer's
// BundleData carries them. A CNI's descriptor fills its field at load time (readResources).
import type { CalicoResources } from './calico.js';
import type { MultusResources } from './multus.js';

export interface CniResources {
  calico: CalicoResources;
  multus: MultusResources;
}

/** What a bundle without any of these resources holds. */
export function emptyCniResources(): CniResources {
  return { calico: {}, multus: {} };
}
