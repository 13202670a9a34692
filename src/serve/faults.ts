// Faults serve can inject for the collector's tests (RBAC-style 403s, slow answers, nodes whose
// container runtime fails exec, nodes whose kubelet cannot be reached). Off unless a test passes
// them to startServer: the default injector answers "no fault" to every question.
import type { K8sObject, ResourceType } from './store.js';

export interface Faults {
  /** Resources answered with 403, as `plural` (core) or `group/plural`. */
  forbid?: string[];
  /** Requests whose path contains `match` are answered after `ms` milliseconds. */
  delay?: { match: string; ms: number }[];
  /** exec in pods on these nodes fails as the container runtime would. */
  execFailNodes?: string[];
  /** logs and exec of pods on these nodes fail as when the kubelet cannot be reached. */
  unreachableNodes?: string[];
}

/** A Kubernetes Status body, as the API server sends for a failure. */
export function statusBody(code: number, reason: string, message: string, details?: object) {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, ...(details ? { details } : {}), code };
}
export type StatusBody = ReturnType<typeof statusBody>;

export interface FaultInjector {
  /** The 403 a forbidden resource gets, or undefined. */
  forbidden(r: ResourceType, verb: string, ns?: string): StatusBody | undefined;
  /** The 500 logs or exec of a pod on a failing node get, or undefined. */
  onNode(pod: K8sObject, what: 'exec' | 'logs'): StatusBody | undefined;
  /** Waits as long as the request's delay says (at once when none applies). */
  delay(path: string): Promise<void>;
}

export const NO_FAULTS: FaultInjector = {
  forbidden: () => undefined,
  onNode: () => undefined,
  delay: async () => undefined,
};

export function faultInjector(faults: Faults | undefined): FaultInjector {
  if (!faults) return NO_FAULTS;
  return {
    forbidden(r, verb, ns) {
      const id = r.group ? `${r.group}/${r.plural}` : r.plural;
      if (!faults.forbid?.includes(id) && !faults.forbid?.includes(r.plural)) return undefined;
      const scope = ns ? `in the namespace "${ns}"` : 'at the cluster scope';
      return statusBody(403, 'Forbidden', `${r.plural}${r.group ? `.${r.group}` : ''} is forbidden: User "system:serviceaccount:cni-doctor:collector" cannot ${verb} resource "${r.plural}" in API group "${r.group}" ${scope}`, { kind: r.plural, ...(r.group ? { group: r.group } : {}) });
    },
    onNode(pod, what) {
      const node = String((pod.spec as { nodeName?: string } | undefined)?.nodeName ?? '');
      if (faults.unreachableNodes?.includes(node)) {
        return statusBody(500, 'InternalError', `Get "https://${node}:10250/containerLogs": dial tcp: lookup ${node}: i/o timeout (error dialing backend: the kubelet on ${node} is unreachable)`);
      }
      if (what === 'exec' && faults.execFailNodes?.includes(node)) {
        return statusBody(500, 'InternalError', 'Internal error occurred: error executing command in container: failed to exec in container: failed to create exec "0f3c": cannot exec in a stopped state: unknown');
      }
      return undefined;
    },
    async delay(path) {
      for (const d of faults.delay ?? []) if (path.includes(d.match)) await new Promise((r) => setTimeout(r, d.ms));
    },
  };
}
