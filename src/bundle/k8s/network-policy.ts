// The loose schema of a NetworkPolicy and its reduction to the model's record.
import { z } from 'zod';
import type { LabelSelectorRecord, NetworkPolicyRecord, PolicyRule } from '../../model/k8s.js';
import { str, num, strMap, Meta } from './common.js';

// NetworkPolicy: kept close to the API shape; rules evaluate selectors and ports.
const LabelSelector = z
  .object({
    matchLabels: strMap,
    matchExpressions: z
      .array(z.object({ key: z.string(), operator: z.string(), values: z.array(z.string()).optional().catch(undefined) }))
      .optional()
      .catch(undefined),
  })
  .nullable()
  .optional()
  .catch(undefined);

const Peer = z.object({
  podSelector: LabelSelector,
  namespaceSelector: LabelSelector,
  ipBlock: z.object({ cidr: z.string(), except: z.array(z.string()).optional().catch(undefined) }).nullable().optional().catch(undefined),
});
const PortSchema = z.object({ protocol: str, port: z.union([z.number(), z.string()]).optional().catch(undefined), endPort: num });

const NetworkPolicySchema = z.object({
  metadata: Meta,
  spec: z
    .object({
      podSelector: LabelSelector,
      policyTypes: z.array(z.string()).optional().catch(undefined),
      ingress: z.array(z.object({ from: z.array(Peer).nullable().optional().catch(undefined), ports: z.array(PortSchema).nullable().optional().catch(undefined) })).nullable().optional().catch(undefined),
      egress: z.array(z.object({ to: z.array(Peer).nullable().optional().catch(undefined), ports: z.array(PortSchema).nullable().optional().catch(undefined) })).nullable().optional().catch(undefined),
    })
    .optional()
    .catch(undefined),
});

function toSelector(s: z.infer<typeof LabelSelector>): LabelSelectorRecord | undefined {
  if (!s) return undefined;
  return {
    matchLabels: s.matchLabels ?? {},
    matchExpressions: (s.matchExpressions ?? []).map((e) => ({ key: e.key, operator: e.operator, values: e.values ?? [] })),
  };
}

export function reduceNetworkPolicy(raw: unknown, file: string, line: number): NetworkPolicyRecord | undefined {
  const parsed = NetworkPolicySchema.safeParse(raw);
  if (!parsed.success || !parsed.data.metadata?.name) return undefined;
  const p = parsed.data;
  const spec = p.spec ?? {};
  const rules = (list: typeof spec.ingress, key: 'from' | 'to'): PolicyRule[] =>
    (list ?? []).map((r) => {
      const peers = (r as Record<string, unknown>)[key] as z.infer<typeof Peer>[] | null | undefined;
      return {
        peers: peers?.length
          ? peers.map((x) => ({
              podSelector: toSelector(x.podSelector),
              namespaceSelector: toSelector(x.namespaceSelector),
              ipBlock: x.ipBlock ? { cidr: x.ipBlock.cidr, except: x.ipBlock.except ?? [] } : undefined,
            }))
          : undefined,
        ports: r.ports?.length ? r.ports.map((x) => ({ protocol: x.protocol ?? 'TCP', port: x.port, endPort: x.endPort })) : undefined,
      };
    });
  const types = spec.policyTypes?.length ? spec.policyTypes : spec.egress?.length ? ['Ingress', 'Egress'] : ['Ingress'];
  return {
    namespace: p.metadata?.namespace ?? 'default',
    name: p.metadata!.name!,
    file,
    line,
    podSelector: toSelector(spec.podSelector) ?? { matchLabels: {}, matchExpressions: [] },
    policyTypes: types,
    ingress: rules(spec.ingress, 'from'),
    egress: rules(spec.egress, 'to'),
  };
}
