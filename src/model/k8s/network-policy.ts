// The typed record of a NetworkPolicy, as the loader reduces it at the edge (src/bundle/k8s.ts).

export type LabelSelectorRecord = { matchLabels: Record<string, string>; matchExpressions: { key: string; operator: string; values: string[] }[] };

export interface PolicyPeer {
  podSelector?: LabelSelectorRecord;
  namespaceSelector?: LabelSelectorRecord;
  ipBlock?: { cidr: string; except: string[] };
}

export interface PolicyPort {
  protocol: string;
  port?: number | string;
  endPort?: number;
}

export interface PolicyRule {
  peers: PolicyPeer[] | undefined; // undefined/empty = all peers
  ports: PolicyPort[] | undefined; // undefined/empty = all ports
}

export interface NetworkPolicyRecord {
  namespace: string;
  name: string;
  /** The bundle file it was read from (a foreign bundle has several per kind). */
  file: string;
  line: number;
  podSelector: LabelSelectorRecord;
  policyTypes: string[];
  ingress: PolicyRule[];
  egress: PolicyRule[];
}
