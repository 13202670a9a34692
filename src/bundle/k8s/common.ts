// Shared pieces of the loose Kubernetes schemas: every field optional and tolerant (`.catch`), so
// objects from any Kubernetes version parse and a wrong type is a missing field, not a failure.
import { z } from 'zod';

export const str = z.string().optional().catch(undefined);
export const num = z.number().optional().catch(undefined);
export const bool = z.boolean().optional().catch(undefined);
export const strMap = z.record(z.string(), z.string()).optional().catch(undefined);

export const Meta = z.object({ name: str, namespace: str, labels: strMap, annotations: strMap, creationTimestamp: str, uid: str }).optional().catch(undefined);

export const OwnerRefs = z.array(z.object({ kind: str, name: str })).optional().catch(undefined);
