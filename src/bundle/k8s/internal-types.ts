// kubectl up to 1.10 printed `cluster-info dump` from the API server's *internal* Go types
// (kubernetes/kubernetes#65221): a List is `{"selfLink", "resourceVersion", "Items": […]}`, items
// have no kind or apiVersion, ObjectMeta is inlined (its fields keep their json tags: `name`,
// `namespace`, `labels` at the item's top level) and every other struct field is the Go field name
// (`Spec.PodCIDR`, `Status.Conditions[].Type`), since internal types carry no json tags. Embedded
// structs without tags are inlined too (a Volume's VolumeSource: `{"Name", "HostPath": {…}}`).
// This maps such an item onto the versioned shape the rest of the tool reads.
import { setOwn } from '../../model/own-property.js';

/** ObjectMeta's json names: these sit at the top of an internal-type item and go under metadata. */
const OBJECT_META = new Set([
  'name', 'generateName', 'namespace', 'selfLink', 'uid', 'resourceVersion', 'generation', 'creationTimestamp',
  'deletionTimestamp', 'deletionGracePeriodSeconds', 'labels', 'annotations', 'ownerReferences', 'initializers',
  'finalizers', 'clusterName', 'managedFields',
]);

/**
 * Fields whose value is a Go map: its keys are data (label keys, resource names, ConfigMap keys), never
 * field names. Named as they read after conversion.
 */
const MAPS = new Set(['labels', 'annotations', 'nodeSelector', 'capacity', 'allocatable', 'limits', 'requests', 'matchLabels', 'data', 'binaryData', 'stringData', 'hard', 'used', 'extra']);

/**
 * A Go field name as its json tag spells it: the leading run of capitals lowered, except the last one
 * when a lowercase letter follows it (`PodCIDR` → `podCIDR`, `DNSPolicy` → `dnsPolicy`, `IP` → `ip`,
 * `HTTPGet` → `httpGet`), which is the Kubernetes API's convention for every field.
 */
export function jsonNameOf(goName: string): string {
  const run = /^[A-Z]+/.exec(goName)?.[0];
  if (!run) return goName;
  if (run.length === goName.length) return goName.toLowerCase();
  const keep = run.length > 1 && /[a-z]/.test(goName[run.length]!) ? run.length - 1 : run.length;
  return goName.slice(0, keep).toLowerCase() + goName.slice(keep);
}

function convert(value: unknown, key: string | undefined): unknown {
  if (Array.isArray(value)) return value.map((v) => convert(v, undefined));
  if (value === null || typeof value !== 'object') return value;
  // A Service's or ReplicationController's `Selector` is a map; a workload's `selector` is
  // metav1.LabelSelector, which keeps its json tags (its keys are already lower case).
  if ((key !== undefined && MAPS.has(key)) || key === 'Selector') return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) setOwn(out, jsonNameOf(k), convert(v, MAPS.has(jsonNameOf(k)) ? jsonNameOf(k) : k));
  return out;
}

/**
 * One item of an internal-type List, in the versioned shape. Fields that moved between the internal
 * and versioned types are put where the versioned type has them (internal PodSpec holds HostNetwork
 * in its SecurityContext).
 */
export function fromInternalType(item: unknown): unknown {
  if (item === null || typeof item !== 'object' || Array.isArray(item)) return item;
  const metadata: Record<string, unknown> = {};
  const rest: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(item as Record<string, unknown>)) {
    setOwn(OBJECT_META.has(k) ? metadata : rest, k, v);
  }
  const converted = convert(rest, undefined) as Record<string, unknown>;
  const out: Record<string, unknown> = { ...converted };
  if (Object.keys(metadata).length) out.metadata = { ...(converted.metadata as object | undefined), ...metadata };
  const spec = out.spec as Record<string, unknown> | undefined;
  const security = spec?.securityContext as Record<string, unknown> | undefined;
  if (spec && security) {
    for (const f of ['hostNetwork', 'hostPID', 'hostIPC']) {
      if (f in security && !(f in spec)) {
        spec[f] = security[f];
        delete security[f];
      }
    }
  }
  // The internal Pod status of those releases has one podIP; the versioned one also lists it.
  const status = out.status as Record<string, unknown> | undefined;
  if (status && typeof status.podIP === 'string' && status.podIP && !status.podIPs) status.podIPs = [{ ip: status.podIP }];
  return out;
}
