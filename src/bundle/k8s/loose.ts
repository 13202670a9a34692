// Hand-written readers with exactly the semantics of common.ts's loose zod schemas, for the two
// Lists that are most of a large bundle's bytes (pods and events: 350,000 items at 5,000 nodes).
// A zod parse copies every object it walks; these read the parsed JSON in place, which halves the
// allocations of the hot path. The zod schemas stay the specification: pod.ts and event.ts keep
// them (reducePodBySchema, reduceEventBySchema), and test/loose-readers.test.ts feeds both readers
// mutated real objects and requires the same records.
//
// The inputs are JSON.parse results, so some zod details cannot arise here and are not mirrored:
// every object is plain (its `constructor` is Object or an own data property), every key is a
// string and enumerable.

export type Loose = Record<string, unknown>;

/** z.object(…): any non-null, non-array object. */
export function looseObject(v: unknown): Loose | undefined {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Loose) : undefined;
}

/** common.ts `str`. */
export function looseString(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

/** common.ts `num`: z.number() accepts finite numbers only (JSON's 1e999 parses to Infinity). */
export function looseNumber(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

/** common.ts `bool`. */
export function looseBoolean(v: unknown): boolean | undefined {
  return typeof v === 'boolean' ? v : undefined;
}

/** z.string().nullable().optional().catch(undefined). */
export function looseStringOrNull(v: unknown): string | null | undefined {
  return typeof v === 'string' || v === null ? v : undefined;
}

/** z.array(z.object(…)).optional().catch(undefined): one element that is not an object drops the array. */
export function looseObjects(v: unknown): Loose[] | undefined {
  if (!Array.isArray(v)) return undefined;
  for (const e of v) if (typeof e !== 'object' || e === null || Array.isArray(e)) return undefined;
  return v as Loose[];
}

/**
 * z.record(z.string(), V).optional().catch(undefined), V accepting what `accepts` does: one value V
 * rejects drops the record. zod never writes a `__proto__` key (nor checks its value); the input is
 * returned as is when it has none, a copy without it otherwise.
 */
function looseRecord<T>(v: unknown, accepts: (x: unknown) => x is T): Record<string, T> | undefined {
  const o = looseObject(v);
  if (!o) return undefined;
  let hasProto = false;
  for (const key in o) {
    if (key === '__proto__') hasProto = true;
    else if (!accepts(o[key])) return undefined;
  }
  if (!hasProto) return o as Record<string, T>;
  const out: Record<string, T> = {};
  for (const key in o) if (key !== '__proto__') out[key] = o[key] as T;
  return out;
}

const isString = (x: unknown): x is string => typeof x === 'string';
const isStringOrNumber = (x: unknown): x is string | number => typeof x === 'string' || (typeof x === 'number' && Number.isFinite(x));

/** common.ts `strMap`. */
export function looseStringMap(v: unknown): Record<string, string> | undefined {
  return looseRecord(v, isString);
}

/** z.record(z.string(), z.union([z.string(), z.number()])): resource quantities. */
export function looseQuantities(v: unknown): Record<string, string | number> | undefined {
  return looseRecord(v, isStringOrNumber);
}
