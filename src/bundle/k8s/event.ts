// The loose schema of a Event and its reduction to the model's record.
import { z } from 'zod';
import type { EventRecord } from '../../model/k8s.js';
import { str, num } from './common.js';

const EventSchema = z.object({
  metadata: z.object({ namespace: str, creationTimestamp: str }).optional().catch(undefined),
  type: str,
  reason: str,
  message: str,
  note: str, // events.k8s.io/v1
  count: num,
  firstTimestamp: z.string().nullable().optional().catch(undefined),
  lastTimestamp: z.string().nullable().optional().catch(undefined),
  eventTime: z.string().nullable().optional().catch(undefined),
  series: z.object({ count: num, lastObservedTime: str }).nullable().optional().catch(undefined),
  involvedObject: z.object({ kind: str, name: str, namespace: str }).optional().catch(undefined),
  regarding: z.object({ kind: str, name: str, namespace: str }).optional().catch(undefined),
  source: z.object({ component: str, host: str }).optional().catch(undefined),
  reportingComponent: str,
  reportingController: str,
  reportingInstance: str,
});

export function reduceEvent(raw: unknown, file: string, line: number): EventRecord | undefined {
  const parsed = EventSchema.safeParse(raw);
  if (!parsed.success) return undefined;
  const e = parsed.data;
  const obj = e.involvedObject ?? e.regarding;
  const time = e.series?.lastObservedTime ?? e.lastTimestamp ?? e.eventTime ?? e.firstTimestamp ?? e.metadata?.creationTimestamp ?? undefined;
  return {
    namespace: e.metadata?.namespace ?? obj?.namespace ?? '',
    type: e.type ?? 'Normal',
    reason: e.reason ?? '',
    message: e.message ?? e.note ?? '',
    count: Math.max(e.count ?? 0, e.series?.count ?? 0, 1),
    time: time ?? undefined,
    firstTime: e.firstTimestamp ?? e.eventTime ?? undefined,
    objectKind: obj?.kind ?? '',
    objectName: obj?.name ?? '',
    objectNamespace: obj?.namespace,
    sourceHost: e.source?.host || e.reportingInstance || undefined,
    component: e.source?.component ?? e.reportingComponent ?? e.reportingController,
    file,
    line,
  };
}
