// The loose schema of an Event and its reduction to the model's record: reduceEventBySchema is the
// specification (zod), reduceEvent the same reduction read in place (loose.ts says why), proven
// equal by test/loose-readers.test.ts.
import { z } from 'zod';
import type { EventRecord } from '../../model/k8s.js';
import { str, num } from './common.js';
import { looseNumber, looseObject, looseString, looseStringOrNull } from './loose.js';

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

export function reduceEventBySchema(raw: unknown, file: string, line: number): EventRecord | undefined {
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

/** reduceEventBySchema, reading the parsed JSON in place: the hot path of a large bundle. */
export function reduceEvent(raw: unknown, file: string, line: number): EventRecord | undefined {
  const e = looseObject(raw);
  if (!e) return undefined;
  const metadata = looseObject(e.metadata);
  const involved = looseObject(e.involvedObject);
  const obj = involved ?? looseObject(e.regarding);
  // series is nullable: null and a non-object both read as "no series".
  const series = looseObject(e.series);
  const source = looseObject(e.source);
  const firstTimestamp = looseStringOrNull(e.firstTimestamp);
  const eventTime = looseStringOrNull(e.eventTime);
  const time = (series ? looseString(series.lastObservedTime) : undefined) ?? looseStringOrNull(e.lastTimestamp) ?? eventTime ?? firstTimestamp ?? (metadata ? looseString(metadata.creationTimestamp) : undefined);
  const objNamespace = obj ? looseString(obj.namespace) : undefined;
  const count = looseNumber(e.count);
  const seriesCount = series ? looseNumber(series.count) : undefined;
  return {
    namespace: (metadata ? looseString(metadata.namespace) : undefined) ?? objNamespace ?? '',
    type: looseString(e.type) ?? 'Normal',
    reason: looseString(e.reason) ?? '',
    message: looseString(e.message) ?? looseString(e.note) ?? '',
    count: Math.max(count ?? 0, seriesCount ?? 0, 1),
    time: time ?? undefined,
    firstTime: firstTimestamp ?? eventTime ?? undefined,
    objectKind: (obj ? looseString(obj.kind) : undefined) ?? '',
    objectName: (obj ? looseString(obj.name) : undefined) ?? '',
    objectNamespace: objNamespace,
    sourceHost: (source ? looseString(source.host) : undefined) || looseString(e.reportingInstance) || undefined,
    component: (source ? looseString(source.component) : undefined) ?? looseString(e.reportingComponent) ?? looseString(e.reportingController),
    file,
    line,
  };
}
