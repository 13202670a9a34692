// The loose schema of a ConfigMap, custom resource and server version and its reduction to the model's record.
import { z } from 'zod';
import type { ConfigMapRecord, CustomObjectRecord } from '../../model/k8s.js';
import { str, strMap, Meta } from './common.js';

export function reduceConfigMap(raw: unknown, file: string, line: number, text?: string): ConfigMapRecord | undefined {
  const parsed = z.object({ metadata: Meta, data: strMap }).safeParse(raw);
  if (!parsed.success || !parsed.data.metadata?.name) return undefined;
  return { namespace: parsed.data.metadata.namespace ?? 'default', name: parsed.data.metadata.name, file, line, data: parsed.data.data ?? {}, text };
}

export function reduceCustomObject(raw: unknown, file: string, line: number): CustomObjectRecord | undefined {
  if (!raw || typeof raw !== 'object') return undefined;
  const parsed = z.object({ metadata: Meta }).passthrough().safeParse(raw);
  if (!parsed.success || !parsed.data.metadata?.name) return undefined;
  const obj = raw as Record<string, unknown>;
  return {
    name: parsed.data.metadata.name,
    namespace: parsed.data.metadata.namespace,
    file,
    line,
    labels: parsed.data.metadata.labels ?? {},
    spec: obj.spec,
    status: obj.status,
    raw: obj,
  };
}

/** The server's gitVersion: `kubectl version -o json`, or troubleshoot's cluster_version.json (`info`). */
export function readServerVersion(raw: unknown): string | undefined {
  const parsed = z
    .object({ serverVersion: z.object({ gitVersion: str }).optional().catch(undefined), info: z.object({ gitVersion: str }).optional().catch(undefined), string: str })
    .safeParse(raw);
  return parsed.success ? (parsed.data.serverVersion?.gitVersion ?? parsed.data.info?.gitVersion ?? parsed.data.string) : undefined;
}
