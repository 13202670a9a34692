// `calicoctl cluster diags`: a tar.gz of kubectl outputs, each file the combined stdout and stderr
// of one command and written even when the command failed. Kubernetes objects as YAML Lists of all
// namespaces under cluster/kubernetes/, Calico's CRDs under cluster/crd/, and per node whose
// calico-node pod was picked (at most --max-logs) its routes of every table, links, and the pod logs
// of every container concatenated. No events, no CNI config, no BGP status.
// Layout: ../shared/foreign-formats.md §4 (calicoctl commands/cluster/diags.go at 87c15906).
import { decodePathSegment, NODE_FILES, type BundlePath, type ClusterListName } from '../bundle/layout.js';
import type { Importer, ToolError } from './formats.js';

const LISTS: Record<string, ClusterListName> = {
  namespaces: 'namespaces',
  nodes: 'nodes',
  pods: 'pods',
  daemonsets: 'daemonsets',
  deployments: 'deployments',
  services: 'services',
  endpointslices: 'endpointslices',
  configmaps: 'configmaps',
  networkpolicies: 'networkpolicies',
};

/** What kubectl prints instead of data when the command failed (its stderr, in the same file). */
const FAILED_OUTPUT = /^(error: .+|Error from server.*|command terminated with exit code \d+|\[FATAL\].*)$/m;

/** The container a log file is of: every container of the pod concatenated, except the previous logs of newer calicoctl. */
export const ALL_CONTAINERS = '(all containers)';

export const calicoDiags: Importer = {
  format: 'calico-diags',
  tool: 'calicoctl cluster diags',
  marks: (path) => /^(cluster\/(kubernetes|crd|calico-system|tigera-operator)\/|cluster\/version\.yaml$)/.test(path) || /^nodes\/[^/]+(?<!\.zip)\/(?!etc-cni-net\.d\/)[^/]+\/[^/]+\.(log|txt)$/.test(path),
  classify(path): BundlePath {
    if (path === 'cluster/version.yaml') return { kind: 'cluster-list', list: 'version', syntax: 'yaml' };
    let m: RegExpExecArray | null;
    if ((m = /^cluster\/kubernetes\/([a-z-]+)\.yaml$/.exec(path)) && LISTS[m[1]!]) return { kind: 'cluster-list', list: LISTS[m[1]!]!, syntax: 'yaml' };
    if ((m = /^cluster\/crd\/([^/]+\.[^/]+)\.yaml$/.exec(path))) return { kind: 'custom-list', resource: m[1]!, syntax: 'yaml' };
    if ((m = /^nodes\/([^/]+)\/(ip-route|ip-link)\.txt$/.exec(path))) {
      return { kind: 'node-file', node: decodePathSegment(m[1]!), segment: m[1]!, file: m[2] === 'ip-route' ? NODE_FILES.ipRoute : NODE_FILES.ipLink };
    }
    // Logs: <pod>.log (`kubectl logs --all-containers`), <pod>.<container>.previous.log (since
    // 2026-07), <pod>.previous.log (2026-05 to 07). Container names hold no dot, pod names may.
    if ((m = /^nodes\/[^/]+\/([^/]+)\/([^/]+)\.log$/.exec(path))) {
      const namespace = decodePathSegment(m[1]!);
      const name = m[2]!;
      const perContainer = /^(.+)\.([a-z0-9-]+)\.previous$/.exec(name);
      if (perContainer) return { kind: 'log', namespace, pod: perContainer[1]!, container: perContainer[2]!, previous: true };
      const previous = name.endsWith('.previous');
      return { kind: 'log', namespace, pod: previous ? name.slice(0, -'.previous'.length) : name, container: ALL_CONTAINERS, previous };
    }
    return { kind: 'other' };
  },
  failedOutput(text): ToolError | undefined {
    const head = text.slice(0, 4096);
    const m = FAILED_OUTPUT.exec(head);
    // A failed command's file holds its error and little else; data that merely mentions an error
    // (a log line, a ConfigMap value) is not one.
    if (!m || head.slice(0, m.index).trim().length > 0) return undefined;
    return { what: 'the command behind this file', message: m[1]!.slice(0, 300), line: head.slice(0, m.index).split('\n').length };
  },
  absentLists: ['events'],
  lacks: [
    'events (calicoctl cluster diags does not collect them: sandbox failures and NotReady history are not visible)',
    'CNI config files and /opt/cni/bin of the nodes',
    'BGP and BIRD status (calicoctl node status) and calicoctl ipam show (IPAM is read from the ipamblocks and blockaffinities CRDs)',
    'node files of nodes whose calico-node pod was not among the --max-logs picked',
  ],
};
