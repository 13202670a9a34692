// Where gen:bundle puts what it generates: the cni-doctor bundle contract, or the layout another tool
// writes (../shared/foreign-formats.md), so the benchmark measures the importers at scale on the same
// cluster. Each layout takes Lists item by item and native per-node files, and keeps what its tool
// collects and nothing more, in its tool's dialect: troubleshoot's per-namespace JSON Lists (two-space
// indent, items with their kind), sysdump's all-namespace YAML Lists in the Kubernetes printers'
// layout (sorted keys, items without kind) with per-agent CNI configs and bugtool command outputs.
import { createWriteStream, mkdirSync, writeFileSync, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import path from 'node:path';
import { stringify } from 'yaml';
import { LIST_HEAD, listItemText, listTail } from '../src/bundle/list-writer.js';

export const GENERATED_FORMATS = ['cni-doctor', 'troubleshoot', 'cilium-sysdump'] as const;
export type GeneratedFormat = (typeof GENERATED_FORMATS)[number];

/** The Lists the generator writes, by the contract's names. */
export type GeneratedList = 'namespaces' | 'nodes' | 'daemonsets' | 'pods' | 'events' | 'services' | 'endpointslices' | 'networkpolicies' | 'configmaps' | 'deployments';

const KINDS: Record<GeneratedList, string> = {
  namespaces: 'NamespaceList', nodes: 'NodeList', daemonsets: 'DaemonSetList', pods: 'PodList', events: 'EventList',
  services: 'ServiceList', endpointslices: 'EndpointSliceList', networkpolicies: 'NetworkPolicyList', configmaps: 'ConfigMapList', deployments: 'DeploymentList',
};

export interface ItemSink {
  add(item: unknown): Promise<void>;
  close(): Promise<void>;
}

export interface GenLayout {
  /** What the packed file is. */
  readonly archive: 'tar.gz' | 'zip';
  /** The directory every path in the archive is under, from the output's file name. */
  top(output: string): string;
  list(name: GeneratedList): ItemSink;
  /** A file at its path in a cni-doctor bundle; a foreign layout re-homes it or leaves it out. */
  file(rel: string, content: string): void;
  /** The server's version, as the format records it. */
  version(gitVersion: string): void;
  /** Everything written, after every List is closed. */
  finish(): void;
}

type Item = { metadata?: { namespace?: string; name?: string }; [k: string]: unknown };

/** A file written as a stream, honouring back-pressure. */
class Out {
  private readonly out: WriteStream;
  constructor(file: string) {
    mkdirSync(path.dirname(file), { recursive: true });
    this.out = createWriteStream(file);
  }
  async write(text: string): Promise<void> {
    if (!this.out.write(text)) await once(this.out, 'drain');
  }
  async end(text: string): Promise<void> {
    this.out.end(text);
    await once(this.out, 'finish');
  }
}

function fileWriter(root: string) {
  return (rel: string, content: string) => {
    const p = path.join(root, rel);
    mkdirSync(path.dirname(p), { recursive: true });
    writeFileSync(p, content);
  };
}

const MAJOR_MINOR = (v: string) => v.replace(/^v/, '').split('.');

/** The contract: cluster/<list>.json as `kubectl get -o json` prints them, files where they are. */
export function nativeLayout(root: string, manifest: () => object): GenLayout {
  const file = fileWriter(root);
  return {
    archive: 'tar.gz',
    top: (output) => path.basename(output).replace(/\.tar\.gz$|\.tgz$/, ''),
    list(name) {
      const out = new Out(path.join(root, 'cluster', `${name}.json`));
      let first = true;
      let opened = out.write(LIST_HEAD);
      return {
        async add(item) {
          await opened;
          opened = out.write(listItemText(item, first));
          first = false;
        },
        async close() {
          await opened;
          await out.end(listTail(first));
        },
      };
    },
    file,
    version(v) {
      const [major, minor] = MAJOR_MINOR(v);
      file('cluster/version.json', `${JSON.stringify({ clientVersion: { gitVersion: v }, serverVersion: { gitVersion: v, major, minor, platform: 'linux/amd64' } }, null, 4)}\n`);
    },
    finish() {
      file('manifest.json', `${JSON.stringify(manifest(), null, 2)}\n`);
    },
  };
}

/** A typed List as troubleshoot marshals it: `json.MarshalIndent(list, "", "  ")`, kind first. */
class TroubleshootList {
  private first = true;
  private readonly out: Out;
  private opened: Promise<void>;
  constructor(file: string, kind: string) {
    this.out = new Out(file);
    this.opened = this.out.write(`{\n  "kind": "${kind}",\n  "apiVersion": "v1",\n  "metadata": {\n    "resourceVersion": "48213"\n  },\n  "items": [`);
  }
  async add(item: unknown): Promise<void> {
    await this.opened;
    this.opened = this.out.write(`${this.first ? '\n' : ',\n'}${JSON.stringify(item, null, 2).replace(/^/gm, '    ')}`);
    this.first = false;
  }
  async close(): Promise<void> {
    await this.opened;
    await this.out.end(`${this.first ? '' : '\n  '}]\n}`);
  }
}

/** troubleshoot's directory names for the namespaced Lists (sbctl's map). */
const TROUBLESHOOT_DIRS: Partial<Record<GeneratedList, string>> = {
  pods: 'pods', events: 'events', daemonsets: 'daemonsets', deployments: 'deployments', services: 'services',
  endpointslices: 'endpointslices', networkpolicies: 'network-policy', configmaps: 'configmaps',
};

/**
 * `support-bundle` with the default collectors: cluster-resources/ Lists per namespace, cluster-info,
 * version.yaml. No node files and no CNI plugin output: troubleshoot collects neither by default.
 */
export function troubleshootLayout(root: string, namespaces: string[]): GenLayout {
  const file = fileWriter(root);
  return {
    archive: 'tar.gz',
    top: (output) => path.basename(output).replace(/\.tar\.gz$|\.tgz$/, ''),
    list(name) {
      const dir = TROUBLESHOOT_DIRS[name];
      if (!dir) return new TroubleshootList(path.join(root, 'cluster-resources', `${name}.json`), KINDS[name]);
      // One file per namespace, opened as its first item arrives; every namespace has one, empty or not.
      const open = new Map<string, TroubleshootList>();
      const of = (ns: string) => {
        let l = open.get(ns);
        if (!l) open.set(ns, (l = new TroubleshootList(path.join(root, 'cluster-resources', dir, `${ns}.json`), KINDS[name])));
        return l;
      };
      return {
        add: (item) => of((item as Item).metadata?.namespace ?? 'default').add(item),
        async close() {
          for (const ns of namespaces) of(ns);
          for (const l of open.values()) await l.close();
        },
      };
    },
    file: () => {},
    version(v) {
      const [major, minor] = MAJOR_MINOR(v);
      file('cluster-info/cluster_version.json', JSON.stringify({ info: { major, minor, gitVersion: v, gitCommit: '9c1a2e3f', gitTreeState: 'clean', buildDate: '2026-08-14T10:12:45Z', goVersion: 'go1.22.5', compiler: 'gc', platform: 'linux/amd64' }, string: v }, null, 2));
    },
    finish() {
      file('version.yaml', 'apiVersion: troubleshoot.sh/v1beta2\nkind: SupportBundle\nspec:\n  versionNumber: v0.123.14\n');
    },
  };
}

/** sigs.k8s.io/yaml as the Go tools print it: keys sorted, sequences at the parent's column. */
const goYaml = (value: unknown) => stringify(value, { sortMapEntries: true, indentSeq: false, lineWidth: 0 });

/** An all-namespace List as sysdump writes it: `items:` first (sorted keys), items without TypeMeta. */
class SysdumpList {
  private readonly out: Out;
  private opened: Promise<void>;
  constructor(file: string, private readonly kind: string) {
    this.out = new Out(file);
    this.opened = this.out.write('apiVersion: v1\nitems:\n');
  }
  async add(item: unknown): Promise<void> {
    const { kind: _k, apiVersion: _a, ...rest } = item as Item;
    await this.opened;
    this.opened = this.out.write(goYaml(rest).replace(/\n(?=.)/g, '\n  ').replace(/^/, '- '));
  }
  async close(): Promise<void> {
    await this.opened;
    await this.out.end(`kind: ${this.kind}\nmetadata:\n  resourceVersion: "48213"\n`);
  }
}

/** The Lists sysdump writes as `k8s-<name>-<ts>.yaml`; the Cilium family's objects go one per file. */
const SYSDUMP_LISTS: Partial<Record<GeneratedList, string>> = { namespaces: 'namespaces', nodes: 'nodes', pods: 'pods', events: 'events', services: 'services', endpointslices: 'endpointslices', networkpolicies: 'networkpolicies' };

/**
 * `cilium sysdump`: one flat directory of all-namespace YAML Lists; per agent pod its view of
 * /etc/cni/net.d (cniconf-<file>-<pod>-<ts>.txt) and a bugtool directory of command outputs.
 * `agentOn(node)` names the agent pod a node's files came from.
 */
export function sysdumpLayout(root: string, agentOn: (node: string) => string, ts = '20261127-101500'): GenLayout {
  const file = fileWriter(root);
  const bugtool = (node: string, cmd: string) => `cilium-bugtool-${agentOn(node)}-${ts}/cmd/${cmd}.md`;
  const hostnames = new Set<string>();
  return {
    archive: 'zip',
    top: (output) => path.basename(output).replace(/\.zip$/, ''),
    list(name) {
      const stem = SYSDUMP_LISTS[name];
      if (stem) return new SysdumpList(path.join(root, `k8s-${stem}-${ts}.yaml`), KINDS[name]);
      const kind = name === 'daemonsets' ? 'daemonset' : name === 'deployments' ? 'deployment' : name === 'configmaps' ? 'configmap' : undefined;
      return {
        // Only the Cilium family's, one object per file.
        async add(item) {
          const n = (item as Item).metadata?.name ?? '';
          if (kind && /^(cilium|hubble)/.test(n)) file(`${n}-${kind}-${ts}.yaml`, goYaml(item));
        },
        close: async () => {},
      };
    },
    file(rel, content) {
      let m: RegExpExecArray | null;
      const host = (node: string) => {
        if (!hostnames.has(node)) file(bugtool(node, 'hostname'), `${node}\n`);
        hostnames.add(node);
      };
      if ((m = /^nodes\/([^/]+)\/etc-cni-net\.d\/([^/]+)$/.exec(rel))) file(`cniconf-${m[2]}-${agentOn(m[1]!)}-${ts}.txt`, content);
      else if ((m = /^nodes\/([^/]+)\/ip-route\.txt$/.exec(rel))) (host(m[1]!), file(bugtool(m[1]!, 'ip--4-r'), content));
      else if ((m = /^plugins\/cilium\/status\/([^/]+)\.txt$/.exec(rel))) (host(m[1]!), file(bugtool(m[1]!, 'cilium-dbg-status---verbose'), content));
      // ls listings, /proc/mounts and subnet.env: sysdump does not collect them.
    },
    version(v) {
      const [major, minor] = MAJOR_MINOR(v);
      file(`k8s-version-${ts}.txt`, `version.Info{Major:"${major}", Minor:"${minor}", GitVersion:"${v}", GitCommit:"9c1a2e3f", GitTreeState:"clean", BuildDate:"2026-08-14T10:12:45Z", GoVersion:"go1.22.5", Compiler:"gc", Platform:"linux/amd64"}`);
    },
    finish() {
      file('cilium-sysdump.log', ['🔍 Collecting sysdump with cilium-cli version: v0.16.19, args: [sysdump]', '🔮 Detected Cilium installation in namespace: "kube-system"', '🔍 Collecting Kubernetes nodes', '🔍 Collecting Kubernetes pods', '🔍 Collecting Kubernetes events', '🔍 Collecting the CNI configuration files from Cilium pods', '🔍 Collecting bugtool output from Cilium pods', '🗳 Compiling sysdump', `✅ The sysdump has been saved to cilium-sysdump-${ts}.zip`, ''].join('\n'));
    },
  };
}
