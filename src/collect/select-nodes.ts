// Which nodes node data is collected from: every wanted node up to --max-nodes, the troubled ones
// first (NotReady, NetworkUnavailable, a failing CNI agent, sandbox failures), then healthy ones for
// contrast. A pure function of what the cluster Lists showed, so it is tested on its own.

export interface NodeState {
  name: string;
  conditions: { type: string; status: string }[];
}

export interface AgentPodState {
  nodeName?: string;
  phase: string;
  containers: { init: boolean; ready: boolean }[];
}

export interface NodeSelectionInput {
  nodes: NodeState[];
  agentPods: AgentPodState[];
  /** Nodes named by FailedCreatePodSandBox events (their host, or their pod's node). */
  sandboxFailureNodes: string[];
  wanted: 'all' | string[];
  maxNodes: number;
}

export interface NodeSelection {
  /** In collection order: troubled first, then healthy ones by name. */
  selected: string[];
  /** Why each selected node was chosen (the manifest's nodeSelection). */
  reasons: Map<string, string[]>;
  /** Wanted nodes left out by --max-nodes. */
  left: string[];
}

export function selectNodes(input: NodeSelectionInput): NodeSelection {
  const reasons = new Map<string, string[]>();
  const why = (n: string, r: string) => reasons.set(n, [...(reasons.get(n) ?? []), r]);
  for (const n of input.nodes) {
    if (n.conditions.find((c) => c.type === 'Ready')?.status !== 'True') why(n.name, 'not-ready');
    if (n.conditions.find((c) => c.type === 'NetworkUnavailable')?.status === 'True') why(n.name, 'network-unavailable');
  }
  for (const p of input.agentPods) if (p.nodeName && (p.phase !== 'Running' || p.containers.some((c) => !c.init && !c.ready))) why(p.nodeName, 'agent-not-ready');
  for (const node of input.sandboxFailureNodes) why(node, 'sandbox-failures');
  const wanted = input.wanted === 'all' ? input.nodes.map((n) => n.name) : input.wanted;
  const troubled = wanted.filter((n) => reasons.has(n)).sort();
  const healthy = wanted.filter((n) => !reasons.has(n)).sort();
  const room = Math.max(0, input.maxNodes - troubled.length);
  for (const n of healthy.slice(0, room)) why(n, troubled.length ? 'contrast' : 'selected');
  return { selected: [...troubled, ...healthy.slice(0, room)], reasons, left: healthy.slice(room) };
}
