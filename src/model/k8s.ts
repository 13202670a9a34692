// Kubernetes records: what the bundle's objects are reduced to at the edge. Rules, facts and
// renderers read these types; none of them touches raw JSON.
export type * from './k8s/node.js';
export type * from './k8s/pod.js';
export type * from './k8s/event.js';
export type * from './k8s/workload.js';
export type * from './k8s/namespace.js';
export type * from './k8s/service.js';
export type * from './k8s/network-policy.js';
export type * from './k8s/config-map.js';
export type * from './k8s/custom-object.js';
