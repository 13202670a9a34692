// What `cilium status` (in-agent) and the cilium CLI's status says, as the parser (src/parsers/cilium-status.ts) reads it.

export interface StatusField {
  state: string;
  message: string;
  line: number;
  raw: string;
}

export interface CiliumController {
  name: string;
  lastSuccess: string;
  lastError: string;
  failureCount: number;
  message: string;
  line: number;
}

export interface CiliumStatus {
  format: 'cilium-status';
  fields: Record<string, { value: string; line: number }>;
  kvstore?: StatusField;
  kubernetes?: StatusField;
  cilium?: StatusField;
  healthDaemon?: StatusField;
  kubeProxyReplacement?: string;
  version?: string;
  ipam?: { family: 'IPv4'; used: number; total: number; cidr?: string; line: number };
  controllers?: { healthy: number; total: number; line: number; failing: CiliumController[] };
  clusterHealth?: { reachable: number; total: number; line: number; unreachableNodes: { name: string; line: number }[] };
  cniConfig?: { ok: boolean; message: string; line: number };
  routing?: string;
  errors: { line: number; text: string }[];
}

export interface CiliumCliStatus {
  format: 'cilium-cli-status';
  errors: { line: number; text: string }[];
  warnings: { line: number; text: string }[];
}
