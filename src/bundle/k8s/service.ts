// The loose schema of a Namespace, Service and EndpointSlice and its reduction to the model's record.
import { z } from 'zod';
import type { EndpointSliceRecord, NamespaceRecord, ServiceRecord } from '../../model/k8s.js';
import { str, num, strMap, Meta } from './common.js';

export function reduceNamespace(raw: unknown): NamespaceRecord | undefined {
  const parsed = z.object({ metadata: Meta }).safeParse(raw);
  if (!parsed.success || !parsed.data.metadata?.name) return undefined;
  return { name: parsed.data.metadata.name, labels: parsed.data.metadata.labels ?? {} };
}

const ServiceSchema = z.object({
  metadata: Meta,
  spec: z
    .object({
      clusterIP: str,
      clusterIPs: z.array(z.string()).optional().catch(undefined),
      type: str,
      selector: strMap,
      ports: z.array(z.object({ port: num, protocol: str, name: str })).optional().catch(undefined),
    })
    .optional()
    .catch(undefined),
});

export function reduceService(raw: unknown, file: string, line: number): ServiceRecord | undefined {
  const parsed = ServiceSchema.safeParse(raw);
  if (!parsed.success || !parsed.data.metadata?.name) return undefined;
  const s = parsed.data;
  const ips = s.spec?.clusterIPs?.length ? s.spec.clusterIPs : s.spec?.clusterIP ? [s.spec.clusterIP] : [];
  return {
    namespace: s.metadata?.namespace ?? 'default',
    name: s.metadata!.name!,
    file,
    line,
    clusterIPs: ips.filter((ip) => ip && ip !== 'None'),
    selector: s.spec?.selector ?? {},
    labels: s.metadata?.labels ?? {},
  };
}

const EndpointSliceSchema = z.object({
  metadata: Meta,
  endpoints: z
    .array(z.object({ addresses: z.array(z.string()).optional().catch(undefined), conditions: z.object({ ready: z.boolean().nullable().optional().catch(undefined) }).optional().catch(undefined) }))
    .nullable()
    .optional()
    .catch(undefined),
});

export function reduceEndpointSlice(raw: unknown, file: string, line: number): EndpointSliceRecord | undefined {
  const parsed = EndpointSliceSchema.safeParse(raw);
  if (!parsed.success || !parsed.data.metadata?.name) return undefined;
  const e = parsed.data;
  let ready = 0;
  let notReady = 0;
  for (const ep of e.endpoints ?? []) {
    // A nil `ready` means ready (discovery/v1 semantics).
    if (ep.conditions?.ready === false) notReady++;
    else ready++;
  }
  return {
    namespace: e.metadata?.namespace ?? 'default',
    name: e.metadata!.name!,
    service: e.metadata?.labels?.['kubernetes.io/service-name'],
    file,
    line,
    ready,
    notReady,
  };
}
