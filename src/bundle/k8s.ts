// Loose schemas for the Kubernetes objects of a bundle: only the fields rules read are declared, and
// every one is optional, so objects from any Kubernetes version parse. Each object is reduced at the
// edge to a small typed record (src/model/k8s/); nothing downstream touches raw JSON. One file per
// kind in src/bundle/k8s/.
export { reduceNode } from './k8s/node.js';
export { reducePod } from './k8s/pod.js';
export { reduceEvent } from './k8s/event.js';
export { reduceWorkload } from './k8s/workload.js';
export { reduceEndpointSlice, reduceNamespace, reduceService } from './k8s/service.js';
export { reduceNetworkPolicy } from './k8s/network-policy.js';
export { readServerVersion, reduceConfigMap, reduceCustomObject } from './k8s/config.js';
