// What `antctl get agentinfo` and `ovs-vsctl show` (antrea-ovs) say, as src/parsers/antrea.ts reads them.

export interface AntreaAgentInfo {
  format: 'antctl-agentinfo';
  pod: string;
  node: string;
  status: string;
  nodeSubnet?: string;
  localPods?: number;
  line: number;
}

export interface OvsPort {
  name: string;
  /** The interface type (geneve, vxlan, internal…); empty for a pod's veth. */
  type: string;
  line: number;
}

export interface OvsBridge {
  name: string;
  ports: OvsPort[];
  line: number;
}

export interface OvsVsctlShow {
  format: 'ovs-vsctl-show';
  bridges: OvsBridge[];
  version?: string;
  /** Lines saying the database is not reachable ("database connection failed"). */
  errors: { line: number; text: string }[];
}
