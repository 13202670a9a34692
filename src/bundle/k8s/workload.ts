// The loose schema of a DaemonSet and Deployment and its reduction to the model's record.
import { z } from 'zod';
import type { WorkloadContainer, WorkloadRecord } from '../../model/k8s.js';
import { str, num, strMap, Meta } from './common.js';
import { ContainerSpec } from './pod.js';
import { setOwn } from '../../model/own-property.js';

const PodTemplate = z
  .object({
    metadata: Meta,
    spec: z
      .object({
        containers: z.array(ContainerSpec).optional().catch(undefined),
        initContainers: z.array(ContainerSpec).optional().catch(undefined),
        volumes: z
          .array(z.object({ name: str, hostPath: z.object({ path: str }).optional().catch(undefined) }))
          .optional()
          .catch(undefined),
      })
      .optional()
      .catch(undefined),
  })
  .optional()
  .catch(undefined);

const WorkloadSchema = z.object({
  metadata: Meta,
  spec: z
    .object({
      replicas: num,
      selector: z.object({ matchLabels: strMap }).optional().catch(undefined),
      template: PodTemplate,
    })
    .optional()
    .catch(undefined),
  status: z
    .object({
      desiredNumberScheduled: num,
      currentNumberScheduled: num,
      numberReady: num,
      numberAvailable: num,
      numberUnavailable: num,
      updatedNumberScheduled: num,
      replicas: num,
      readyReplicas: num,
      availableReplicas: num,
      unavailableReplicas: num,
    })
    .optional()
    .catch(undefined),
});

function workloadContainer(c: z.infer<typeof ContainerSpec>): WorkloadContainer {
  const env: Record<string, string> = {};
  for (const e of c.env ?? []) if (e.name && typeof e.value === 'string') setOwn(env, e.name, e.value);
  const mem = c.resources?.limits?.memory;
  const args = [...(c.command ?? []), ...(c.args ?? [])].filter((a): a is string => typeof a === 'string');
  return { name: c.name ?? '', image: c.image ?? '', env, args, memoryLimit: mem === undefined ? undefined : String(mem) };
}

export function reduceWorkload(kind: 'DaemonSet' | 'Deployment', raw: unknown, file: string, line: number, text?: string): WorkloadRecord | undefined {
  const parsed = WorkloadSchema.safeParse(raw);
  if (!parsed.success || !parsed.data.metadata?.name) return undefined;
  const w = parsed.data;
  const s = w.status ?? {};
  const tpl = w.spec?.template?.spec;
  const desired = kind === 'DaemonSet' ? s.desiredNumberScheduled ?? 0 : w.spec?.replicas ?? s.replicas ?? 1;
  const ready = kind === 'DaemonSet' ? s.numberReady ?? 0 : s.readyReplicas ?? 0;
  const available = kind === 'DaemonSet' ? s.numberAvailable ?? 0 : s.availableReplicas ?? 0;
  return {
    kind,
    namespace: w.metadata?.namespace ?? 'default',
    name: w.metadata!.name!,
    file,
    line,
    labels: w.metadata?.labels ?? {},
    selector: w.spec?.selector?.matchLabels ?? {},
    desired,
    ready,
    available,
    containers: (tpl?.containers ?? []).map(workloadContainer),
    initContainers: (tpl?.initContainers ?? []).map(workloadContainer),
    hostPaths: (tpl?.volumes ?? []).map((v) => v.hostPath?.path).filter((p): p is string => !!p),
    text,
  };
}
