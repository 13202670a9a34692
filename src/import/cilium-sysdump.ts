// `cilium sysdump` (cilium-cli): one flat directory, zipped, every file name ending in the sysdump's
// timestamp. Kubernetes objects as YAML Lists of all namespaces (items carry no kind, the List's
// kind comes after its items), the Cilium DaemonSets, Deployments and ConfigMaps as single objects,
// and per Cilium agent pod: its logs, its view of /etc/cni/net.d (`cniconf-<file>-<pod>-<ts>.txt`)
// and a cilium-bugtool directory whose `cmd/*.md` files hold raw command output (routes, links,
// `cilium status --verbose`). Files are named after pods, not nodes: the pod list says where each
// ran. Layout: ../shared/foreign-formats.md §3 (cilium-cli sysdump constants.go, sysdump.go).
import { CILIUM_BPF_ENDPOINTS, CILIUM_STATUS } from '../cni/cilium.js';
import { encodePathSegment, NODE_CNI_CONF_DIR, NODE_FILES, type BundlePath, type ClusterListName } from '../bundle/layout.js';
import { splitAtPod, type Importer, type PodDirectory, type ToolError } from './formats.js';

/** `20060102-150405`, the Go layout sysdump puts in every name. */
const TS = String.raw`\d{8}-\d{6}`;

/** k8s-<name>-<ts>.yaml, by the contract's List name. */
const K8S_LISTS: Record<string, ClusterListName> = {
  nodes: 'nodes',
  namespaces: 'namespaces',
  pods: 'pods',
  events: 'events',
  services: 'services',
  endpointslices: 'endpointslices',
  networkpolicies: 'networkpolicies',
};

/** Single objects sysdump writes for the Cilium family (and EKS's aws-node), by List. */
const OBJECT_FILES: { re: RegExp; list: ClusterListName }[] = [
  { re: /^(cilium|cilium-envoy|cilium-node-init|hubble|aws-node|cilium-spire-agent)-daemonset$/, list: 'daemonsets' },
  { re: /^(cilium-operator|hubble-relay|hubble-ui|clustermesh-apiserver)-deployment$/, list: 'deployments' },
  { re: /^(cilium|cilium-config|cni|hubble-relay|cilium-envoy|cilium-spire-agent|cilium-spire-server)-configmap$/, list: 'configmaps' },
];

/** Custom resource Lists: file stem → `<plural>.<group>` as the contract names them. */
const CUSTOM: Record<string, string> = {
  ciliumnodes: 'ciliumnodes.cilium.io',
  ciliumendpoints: 'ciliumendpoints.cilium.io',
  ciliumendpointslices: 'ciliumendpointslices.cilium.io',
  ciliumidentities: 'ciliumidentities.cilium.io',
  ciliumnetworkpolicies: 'ciliumnetworkpolicies.cilium.io',
  ciliumclusterwidenetworkpolicies: 'ciliumclusterwidenetworkpolicies.cilium.io',
  ciliumpodippools: 'ciliumpodippools.cilium.io',
  ciliumnodeconfigs: 'ciliumnodeconfigs.cilium.io',
  ciliumbgppeeringpolicies: 'ciliumbgppeeringpolicies.cilium.io',
  ciliumegressgatewaypolicies: 'ciliumegressgatewaypolicies.cilium.io',
  'aws-eniconfigs': 'eniconfigs.crd.k8s.amazonaws.com',
};

/**
 * bugtool's `cmd/<command>.md` (the command with `/` → space, space → `-`) → what it is. Two
 * generations: `cilium-dbg` since Cilium 1.15, `cilium` before.
 */
const BUGTOOL_COMMANDS: Record<string, { node: string } | { output: 'status' | 'bpf-endpoints' }> = {
  'ip--4-r': { node: NODE_FILES.ipRoute },
  'ip--d--s-l': { node: NODE_FILES.ipLink },
  'cilium-dbg-status---verbose': { output: 'status' },
  'cilium-status---verbose': { output: 'status' },
  'cilium-dbg-bpf-endpoint-list': { output: 'bpf-endpoints' },
  'cilium-bpf-endpoint-list': { output: 'bpf-endpoints' },
};

const LOG = new RegExp(`^logs-(.+)-(${TS})(-prev)?\\.log$`);
const CNI_CONF = new RegExp(`^cniconf-(.+)-(${TS})\\.txt$`);
/** The bugtool output of one agent: extracted (a directory), or left as the archive when sysdump could not unpack it. */
const BUGTOOL = new RegExp(`^cilium-bugtool-(.+)-(${TS})(?:\\.tar(?:\\.gz)?)?/(.+)$`);
/** bugtool appends this line when a command failed; what came before is whatever it printed. */
const BUGTOOL_ERROR = /^> Error while running '([^']*)':\s*(.*)$/m;

/** The part of a path inside the sysdump directory (a user may pass the directory that holds it). */
function inside(path: string): string {
  return path.replace(/^cilium-sysdump-[^/]*\//, '');
}

function stemOf(p: string, ext: string): string | undefined {
  return new RegExp(`^(.+)-${TS}\\.${ext}$`).exec(p)?.[1];
}

function nodeOfBugtool(dir: { pod: string; prefix: string }, pods: PodDirectory): string | undefined {
  const node = pods.find(dir.pod)?.node;
  if (node) return node;
  // An agent that was not running is reached through a separate exec pod, deleted afterwards: the
  // pod list does not have it, its hostname does (hostNetwork, so the node's).
  const host = pods.text(`${dir.prefix}cmd/hostname.md`)?.trim().split('\n')[0]?.trim();
  return host && /^[a-z0-9]([a-z0-9.-]*[a-z0-9])?$/.test(host) ? host : undefined;
}

export const ciliumSysdump: Importer = {
  format: 'cilium-sysdump',
  tool: 'cilium sysdump',
  marks: (path) => {
    const p = inside(path);
    return p === 'cilium-sysdump.log' || new RegExp(`^k8s-(nodes|pods|version)-${TS}\\.(yaml|txt)$`).test(p) || BUGTOOL.test(p);
  },
  classify(path): BundlePath {
    const p = inside(path);
    if (p === 'cilium-sysdump.log') return { kind: 'error-record' };
    if (new RegExp(`^k8s-version-${TS}\\.txt$`).test(p)) return { kind: 'version-text' };
    let m: RegExpExecArray | null;
    if ((m = LOG.exec(p))) return { kind: 'by-pod', log: { previous: !!m[3] } };
    if (CNI_CONF.test(p)) return { kind: 'by-pod' };
    if ((m = BUGTOOL.exec(p))) {
      const cmd = /^cmd\/(.+)\.md$/.exec(m[3]!)?.[1];
      return cmd && BUGTOOL_COMMANDS[cmd] ? { kind: 'by-pod' } : { kind: 'other' };
    }
    const stem = stemOf(p, 'yaml');
    if (!stem) return { kind: 'other' };
    const k8s = /^k8s-(.+)$/.exec(stem)?.[1];
    if (k8s && K8S_LISTS[k8s]) return { kind: 'cluster-list', list: K8S_LISTS[k8s]!, syntax: 'yaml' };
    const object = OBJECT_FILES.find((o) => o.re.test(stem));
    if (object) return { kind: 'cluster-list', list: object.list, syntax: 'yaml' };
    if (CUSTOM[stem]) return { kind: 'custom-list', resource: CUSTOM[stem]!, syntax: 'yaml' };
    return { kind: 'other' };
  },
  resolveByPod(path, pods): BundlePath | undefined {
    const p = inside(path);
    let m: RegExpExecArray | null;
    if ((m = LOG.exec(p))) {
      const split = splitAtPod(m[1]!, pods);
      if (!split) return undefined;
      return { kind: 'log', namespace: pods.find(split.pod)!.namespace, pod: split.pod, container: split.rest, previous: !!m[3] };
    }
    if ((m = CNI_CONF.exec(p))) {
      const split = splitAtPod(m[1]!, pods, true);
      const node = split && pods.find(split.pod)?.node;
      if (!split || !node) return undefined;
      return { kind: 'node-file', node, segment: encodePathSegment(node), file: `${NODE_CNI_CONF_DIR}${split.rest}` };
    }
    if ((m = BUGTOOL.exec(p))) {
      const prefix = p.slice(0, p.length - m[3]!.length);
      const node = nodeOfBugtool({ pod: m[1]!, prefix }, pods);
      const what = BUGTOOL_COMMANDS[/^cmd\/(.+)\.md$/.exec(m[3]!)?.[1] ?? ''];
      if (!node || !what) return undefined;
      // A command that failed (a dead agent's API) printed only its error: a failed collection.
      if (BUGTOOL_ERROR.test(pods.text(path) ?? '')) return { kind: 'error-record' };
      if ('node' in what) return { kind: 'node-file', node, segment: encodePathSegment(node), file: what.node };
      const spec = what.output === 'status' ? CILIUM_STATUS : CILIUM_BPF_ENDPOINTS;
      return { kind: 'plugin-output', cni: 'cilium', as: `${spec.dir}${encodePathSegment(node)}${spec.ext}` };
    }
    return undefined;
  },
  // sysdump leaves the archive in the zip when it could not unpack it (a warning in its log).
  nested: (path) => {
    const m = new RegExp(`^cilium-bugtool-.+-${TS}\\.tar(\\.gz)?$`).exec(inside(path));
    return m ? (m[1] ? 'tar.gz' : 'tar') : undefined;
  },
  readErrors(path, text): ToolError[] {
    const out: ToolError[] = [];
    const lines = text.split('\n');
    if (inside(path) === 'cilium-sysdump.log') {
      // "⚠️ [17] Collecting Tetragon PodInfo custom resources: failed to collect podinfo …", after
      // "The following tasks failed, the sysdump may be incomplete:".
      lines.forEach((l, i) => {
        const m = /^\S*\s*\[(\d+)\] ([^:]+): (.+)$/.exec(l.trim());
        if (m) out.push({ what: m[2]!, message: m[3]!, line: i + 1 });
      });
      return out;
    }
    lines.forEach((l, i) => {
      const m = BUGTOOL_ERROR.exec(l);
      if (m) out.push({ what: `${m[1]} (cilium-bugtool in ${BUGTOOL.exec(inside(path))?.[1] ?? 'an agent pod'})`, message: [m[2], ...lines.slice(0, i).filter((x) => x.trim())].filter(Boolean).join(' ').slice(0, 300), line: i + 1 });
    });
    return out;
  },
  version: { file: /(^|\/)cilium-sysdump\.log$/, read: (text) => /cilium-cli version:?\s+v?(\d+\.\d+\.\d+[^\s,]*)/i.exec(text)?.[1] },
  lacks: [
    '/opt/cni/bin and /proc/mounts of the nodes',
    'DaemonSets, ConfigMaps and logs of anything but the Cilium family (other CNIs, kube-proxy and CoreDNS are seen only in the pod list)',
    'node files of nodes without a Cilium agent pod',
  ],
};
