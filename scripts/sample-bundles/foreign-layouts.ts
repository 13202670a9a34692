// A sample cluster written as another tool would have bundled it, file by file as its producer's
// source writes them (../shared/foreign-formats.md): the synthetic scenarios of the formats no real
// published bundle exists for. Each writer takes what the tool collects and nothing more, with the
// tool's quirks (names, list dialects, log prefixes, error records), so the importers are tested
// against the format, not against our own layout.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { stringify } from 'yaml';
import type { Expected } from '../../test/helpers/fixtures/expected.js';
import type { Cluster } from './cluster.js';
import { zip } from '../../test/helpers/zip.js';

type Obj = { metadata: { name: string; namespace?: string; labels?: Record<string, string> }; [k: string]: unknown };

/** sigs.k8s.io/yaml as the Go tools print it: keys sorted, sequences at the parent's column. */
function goYaml(value: unknown): string {
  return stringify(value, { sortMapEntries: true, indentSeq: false, lineWidth: 0 });
}

/**
 * A typed List as client-go returns it and sysdump / calicoctl write it: the items carry no kind or
 * apiVersion (their TypeMeta is empty); sorted keys put `kind` and `metadata` after `items`.
 */
function typedList(kind: string, items: unknown[], keepItemKind = false): string {
  const stripped = keepItemKind ? items : items.map((i) => Object.fromEntries(Object.entries(i as object).filter(([k]) => k !== 'kind' && k !== 'apiVersion')));
  return goYaml({ apiVersion: 'v1', items: stripped, kind, metadata: { resourceVersion: '48213' } });
}

function write(dir: string, files: Map<string, string | Buffer>): void {
  rmSync(dir, { recursive: true, force: true });
  for (const [file, content] of files) {
    const full = path.join(dir, file);
    mkdirSync(path.dirname(full), { recursive: true });
    writeFileSync(full, content);
  }
}

/** Lines as `kubectl logs --timestamps` prints them (sysdump, support-bundle-kit): RFC3339Nano first. */
function timestamped(text: string, start = Date.parse('2026-11-27T09:01:02Z')): string {
  return text
    .split('\n')
    .map((l, i) => (l === '' ? l : `${new Date(start + i * 1000).toISOString().replace('.000Z', `.${String(123456789 + i).slice(0, 9)}Z`)} ${l}`))
    .join('\n');
}

const isCiliumAgent = (p: Obj) => p.metadata.labels?.['k8s-app'] === 'cilium';
const isCiliumFamily = (p: Obj) => isCiliumAgent(p) || /^(cilium-operator|hubble|cilium-envoy)/.test(p.metadata.name);

export interface SysdumpOptions {
  /** The `<ts>` in every name. */
  ts?: string;
  /** Agents not running: sysdump reaches the node through an exec pod named so, deleted afterwards. */
  execPods?: Record<string, string>;
}

/**
 * `cilium sysdump`: one flat directory; Lists of all namespaces; the Cilium family's DaemonSets,
 * Deployments, ConfigMaps and logs; per agent its CNI configs and a bugtool directory.
 */
export function writeSysdump(c: Cluster, dir: string, expected: Expected, o: SysdumpOptions = {}): void {
  const ts = o.ts ?? '20261127-101500';
  const files = new Map<string, string>();
  const pods = c.pods as unknown as Obj[];
  const failedTasks: string[] = [];
  files.set(`k8s-nodes-${ts}.yaml`, typedList('NodeList', c.nodes));
  files.set(`k8s-namespaces-${ts}.yaml`, typedList('NamespaceList', c.namespaces));
  files.set(`k8s-pods-${ts}.yaml`, typedList('PodList', c.pods));
  files.set(`k8s-events-${ts}.yaml`, typedList('EventList', c.events));
  files.set(`k8s-services-${ts}.yaml`, typedList('ServiceList', c.services));
  files.set(`k8s-endpointslices-${ts}.yaml`, typedList('EndpointSliceList', c.endpointSlices));
  files.set(`k8s-networkpolicies-${ts}.yaml`, typedList('NetworkPolicyList', c.networkPolicies));
  const [major, minor] = c.serverVersion.replace(/^v/, '').split('.');
  files.set(`k8s-version-${ts}.txt`, `version.Info{Major:"${major}", Minor:"${minor}", GitVersion:"${c.serverVersion}", GitCommit:"9c1a2e3f", GitTreeState:"clean", BuildDate:"2026-08-14T10:12:45Z", GoVersion:"go1.22.5", Compiler:"gc", Platform:"linux/amd64"}`);
  for (const ds of c.daemonSets as unknown as Obj[]) if (/^(cilium|cilium-envoy|cilium-node-init|hubble)$/.test(ds.metadata.name)) files.set(`${ds.metadata.name}-daemonset-${ts}.yaml`, goYaml(ds));
  for (const d of c.deployments as unknown as Obj[]) if (/^(cilium-operator|hubble-relay|hubble-ui)$/.test(d.metadata.name)) files.set(`${d.metadata.name}-deployment-${ts}.yaml`, goYaml(d));
  for (const cm of c.configMaps as unknown as Obj[]) if (cm.metadata.name === 'cilium-config') files.set(`cilium-configmap-${ts}.yaml`, goYaml(cm));
  for (const [name, items] of c.custom) {
    const m = /^(.+)\.cilium\.io$/.exec(name);
    if (m) files.set(`${m[1]}-${ts}.yaml`, typedList(`${(items[0] as { kind?: string })?.kind ?? 'Custom'}List`, items, true));
  }
  // Logs of the Cilium family, with the timestamps sysdump asks for; -prev for restarted containers.
  for (const [file, content] of c.files) {
    const m = /^logs\/([^/]+)\/([^/]+)\/(.+?)(\.previous)?\.log$/.exec(file);
    if (!m) continue;
    const pod = pods.find((p) => p.metadata.name === m[2]);
    if (!pod || !isCiliumFamily(pod)) continue;
    files.set(`logs-${m[2]}-${m[3]}-${ts}${m[4] ? '-prev' : ''}.log`, timestamped(content.toString()));
  }
  let task = 30;
  for (const agent of pods.filter(isCiliumAgent)) {
    const node = (agent as { spec?: { nodeName?: string } }).spec?.nodeName;
    if (!node) continue;
    const name = agent.metadata.name;
    const execPod = o.execPods?.[name];
    const confs = [...c.files.keys()].filter((f) => f.startsWith(`nodes/${node}/etc-cni-net.d/`));
    if (execPod) {
      // The agent container is not running: `ls`/`cat` in it fail, bugtool runs in the exec pod.
      failedTasks.push(`⚠️ [${task++}] cniconflist-${name}: failed to list CNI configuration files in ${name}: command terminated with exit code 1: error: unable to upgrade connection: container not found ("cilium-agent")`);
    } else {
      for (const f of confs) files.set(`cniconf-${f.slice(`nodes/${node}/etc-cni-net.d/`.length)}-${name}-${ts}.txt`, c.files.get(f)!.toString());
    }
    const bugtool = `cilium-bugtool-${execPod ?? name}-${ts}/cmd/`;
    files.set(`${bugtool}hostname.md`, `${node}\n`);
    const route = c.files.get(`nodes/${node}/ip-route.txt`);
    if (route) files.set(`${bugtool}ip--4-r.md`, route.toString());
    const link = c.files.get(`nodes/${node}/ip-link.txt`);
    if (link) files.set(`${bugtool}ip--d--s-l.md`, link.toString());
    const agentDown = `Error: Cannot get status/probe: Put "http://localhost/v1/status/probe": dial unix /var/run/cilium/cilium.sock: connect: no such file or directory\nIs the agent running?\n\n`;
    const status = c.files.get(`plugins/cilium/status/${node}.txt`);
    files.set(`${bugtool}cilium-dbg-status---verbose.md`, status ? status.toString() : `${agentDown}> Error while running 'cilium-dbg status --verbose':  exit status 1\n`);
    const endpoints = c.files.get(`plugins/cilium/bpf-endpoint-list/${node}.txt`);
    files.set(`${bugtool}cilium-dbg-bpf-endpoint-list.md`, endpoints ? endpoints.toString() : `Error: unable to open map /sys/fs/bpf/tc/globals/cilium_lxc: no such file or directory\n\n> Error while running 'cilium-dbg bpf endpoint list':  exit status 1\n`);
  }
  files.set(
    'cilium-sysdump.log',
    [
      '🔍 Collecting sysdump with cilium-cli version: v0.16.19, args: [sysdump]',
      '🔮 Detected Cilium installation in namespace: "kube-system"',
      '🔮 Detected Cilium operator in namespace: "kube-system"',
      '🔍 Collecting Kubernetes nodes',
      '🔍 Collecting Kubernetes pods',
      '🔍 Collecting Kubernetes events',
      '🔍 Collecting the CNI configuration files from Cilium pods',
      '🔍 Collecting bugtool output from Cilium pods',
      '🔍 Collecting logs from Cilium pods',
      ...Object.entries(o.execPods ?? {}).map(([pod]) => `⚠️ Container "cilium-agent" for pod "${pod}" in namespace "kube-system" is not running. Trying EphemeralContainer or separate Pod instead...`),
      ...(failedTasks.length ? ['⚠️ The following tasks failed, the sysdump may be incomplete:', ...failedTasks, '⚠️ Please note that depending on your Cilium version and installation options, this may be expected'] : []),
      '🗳 Compiling sysdump',
      `✅ The sysdump has been saved to cilium-sysdump-${ts}.zip`,
      '',
    ].join('\n'),
  );
  files.set('expected.yaml', stringify(expected));
  write(dir, files);
}

/** `kubectl get <x> -A -o yaml`: a List whose items keep their kind, keys sorted. */
function kubectlList(items: unknown[]): string {
  return goYaml({ apiVersion: 'v1', items, kind: 'List', metadata: { resourceVersion: '' } });
}

export interface CalicoDiagsOptions {
  /** Commands that failed, by file: their error text is what the file holds (combined output). */
  failed?: Record<string, string>;
}

/**
 * `calicoctl cluster diags`: kubectl outputs, one file per command, each its stdout and stderr
 * together. No events, no CNI configs, no node status; routes of every table; pod logs of every
 * container concatenated, per node of a picked calico-node pod.
 */
export function writeCalicoDiags(c: Cluster, dir: string, expected: Expected, o: CalicoDiagsOptions = {}): void {
  const files = new Map<string, string>();
  const [major, minor] = c.serverVersion.replace(/^v/, '').split('.');
  files.set('cluster/version.yaml', goYaml({ clientVersion: { buildDate: '2026-08-14T10:12:45Z', compiler: 'gc', gitCommit: '9c1a2e3f', gitTreeState: 'clean', gitVersion: 'v1.30.4', goVersion: 'go1.22.5', major: '1', minor: '30', platform: 'linux/amd64' }, kustomizeVersion: 'v5.0.4-0.20230601165947-6ce0bf390ce3', serverVersion: { buildDate: '2026-08-14T10:12:45Z', compiler: 'gc', gitCommit: '9c1a2e3f', gitTreeState: 'clean', gitVersion: c.serverVersion, goVersion: 'go1.22.5', major, minor, platform: 'linux/amd64' } }));
  const lists: Record<string, unknown[]> = { namespaces: c.namespaces, nodes: c.nodes, pods: c.pods, daemonsets: c.daemonSets, deployments: c.deployments, services: c.services, endpoints: [], endpointslices: c.endpointSlices, configmaps: c.configMaps, networkpolicies: c.networkPolicies };
  for (const [name, items] of Object.entries(lists)) files.set(`cluster/kubernetes/${name}.yaml`, kubectlList(items));
  files.set('cluster/kubernetes/nodes.txt', ['NAME       STATUS   ROLES           AGE   VERSION', ...c.nodes.map((n) => `${n.metadata.name.padEnd(10)} Ready    <none>          7d    ${c.serverVersion}`), ''].join('\n'));
  files.set('cluster/kubernetes/network-attachment-definitions.yaml', 'error: the server doesn\'t have a resource type "network-attachment-definitions"\n');
  for (const [name, items] of c.custom) if (/\.crd\.projectcalico\.org$/.test(name)) files.set(`cluster/crd/${name}.yaml`, kubectlList(items));
  const pods = c.pods as unknown as (Obj & { spec?: { nodeName?: string; containers?: { name: string }[]; initContainers?: { name: string }[] } })[];
  for (const p of pods.filter((x) => /calico/.test(x.metadata.labels?.['k8s-app'] ?? ''))) {
    const node = p.spec?.nodeName;
    const ns = p.metadata.namespace ?? 'default';
    if (!node) continue;
    const route = c.files.get(`nodes/${node}/ip-route.txt`)?.toString();
    if (route) {
      const ip = /src (\d+\.\d+\.\d+\.\d+)/.exec(route)?.[1] ?? '127.0.0.1';
      files.set(`nodes/${node}/ip-route.txt`, `${route.trimEnd()}\nlocal ${ip} dev eth0 table local proto kernel scope host src ${ip}\nbroadcast 127.255.255.255 dev lo table local proto kernel scope link src 127.0.0.1\nlocal 127.0.0.0/8 dev lo table local proto kernel scope host src 127.0.0.1\n`);
    }
    // `ip link` (not -d): the detail lines are not there.
    const link = c.files.get(`nodes/${node}/ip-link.txt`)?.toString();
    if (link) files.set(`nodes/${node}/ip-link.txt`, link.split('\n').filter((l) => !/^ {4}(vxlan|ipip|veth|bridge|wireguard|geneve) /.test(l)).join('\n'));
    // `kubectl logs --all-containers`: every container's log, one after the other, no separator.
    const containers = [...(p.spec?.initContainers ?? []), ...(p.spec?.containers ?? [])].map((x) => x.name);
    const current = containers.map((ct) => c.files.get(`logs/${ns}/${p.metadata.name}/${ct}.log`)?.toString() ?? '').join('');
    files.set(`nodes/${node}/${ns}/${p.metadata.name}.log`, current);
    for (const ct of containers) {
      const prev = c.files.get(`logs/${ns}/${p.metadata.name}/${ct}.previous.log`);
      if (prev) files.set(`nodes/${node}/${ns}/${p.metadata.name}.${ct}.previous.log`, prev.toString());
    }
    files.set(`nodes/${node}/${ns}/${p.metadata.name}.txt`, `Name:             ${p.metadata.name}\nNamespace:        ${ns}\nNode:             ${node}\n`);
  }
  for (const [file, text] of Object.entries(o.failed ?? {})) files.set(file, text);
  files.set('expected.yaml', stringify(expected));
  write(dir, files);
}

/** support-bundle-kit's toObjCommon: `null` and `""` both become the string "null". */
function nullMangled(value: unknown): unknown {
  if (value === null || value === '') return 'null';
  if (Array.isArray(value)) return value.map(nullMangled);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, nullMangled(v)]));
  return value;
}

export interface SupportBundleKitOptions {
  /** Lines of bundleGenerationError.log. */
  errors?: string[];
  /** Namespaces whose pod logs are collected (besides default, kube-system, cattle-system). */
  logNamespaces?: string[];
}

/**
 * Rancher support-bundle-kit: YAML Lists per namespace and groupVersion, all "null"-mangled, pod
 * logs of a few namespaces, one nested zip per node with its configs and journal logs.
 */
export function writeSupportBundleKit(c: Cluster, dir: string, expected: Expected, o: SupportBundleKitOptions = {}): void {
  const files = new Map<string, string | Buffer>();
  const list = (items: unknown[]) => goYaml(nullMangled({ apiVersion: 'v1', items, kind: 'List', metadata: { resourceVersion: '', continue: '' } }));
  files.set('metadata.yaml', goYaml({ bundleVersion: '0.0.1', bundleCreatedAt: '2026-11-27T10:15:00Z', kubernetesVersion: c.serverVersion, projectName: 'harvester', projectVersion: 'v1.4.1', issueURL: '', issueDescription: 'pods stuck in ContainerCreating' }));
  files.set('yamls/cluster/v1/nodes.yaml', list(c.nodes));
  files.set('yamls/cluster/v1/namespaces.yaml', list(c.namespaces));
  const byNamespace = new Map<string, Map<string, unknown[]>>();
  const add = (gvr: string, items: unknown[]) => {
    for (const item of items) {
      const ns = (item as Obj).metadata.namespace ?? 'default';
      let m = byNamespace.get(ns);
      if (!m) byNamespace.set(ns, (m = new Map()));
      m.set(gvr, [...(m.get(gvr) ?? []), item]);
    }
  };
  add('v1/pods', c.pods);
  add('v1/events', c.events);
  add('events.k8s.io/v1/events', c.events);
  add('v1/services', c.services);
  add('v1/configmaps', c.configMaps);
  add('apps/v1/daemonsets', c.daemonSets);
  add('apps/v1/deployments', c.deployments);
  add('discovery.k8s.io/v1/endpointslices', c.endpointSlices);
  add('networking.k8s.io/v1/networkpolicies', c.networkPolicies);
  for (const [ns, m] of byNamespace) for (const [gvr, items] of m) files.set(`yamls/namespaced/${ns}/${gvr}.yaml`, list(items));
  for (const [name, items] of c.custom) {
    const m = /^([^.]+)\.(.+)$/.exec(name)!;
    const namespaced = items.some((i) => (i as Obj).metadata.namespace);
    if (!namespaced) files.set(`yamls/cluster/${m[2]}/v1/${m[1]}.yaml`, list(items));
    else for (const ns of new Set(items.map((i) => (i as Obj).metadata.namespace!))) files.set(`yamls/namespaced/${ns}/${m[2]}/v1/${m[1]}.yaml`, list(items.filter((i) => (i as Obj).metadata.namespace === ns)));
  }
  const logNamespaces = new Set(['default', 'kube-system', 'cattle-system', ...(o.logNamespaces ?? [])]);
  for (const [file, content] of c.files) {
    const m = /^logs\/([^/]+)\/([^/]+)\/(.+?)(\.previous)?\.log$/.exec(file);
    if (m && logNamespaces.has(m[1]!)) files.set(`logs/${m[1]}/${m[2]}/${m[3]}.log${m[4] ? '.1' : ''}`, timestamped(content.toString()));
  }
  for (const n of c.nodeNames()) {
    files.set(
      `nodes/${n}.zip`,
      zip([
        { name: `${n}/configs/etc/os-release`, data: 'NAME="SLE Micro"\nVERSION="5.5"\n' },
        { name: `${n}/logs/kubelet.log`, data: `Nov 27 10:00:01 ${n} kubelet[1201]: I1127 10:00:01.000000    1201 server.go:487] "Kubelet version" kubeletVersion="${c.serverVersion}"\n` },
        { name: `${n}/logs/containerd.log`, data: `Nov 27 10:00:00 ${n} containerd[998]: time="2026-11-27T10:00:00Z" level=info msg="containerd successfully booted"\n` },
      ]),
    );
  }
  if (o.errors?.length) files.set('bundleGenerationError.log', `${o.errors.join('\n')}\n`);
  files.set('expected.yaml', stringify(expected));
  write(dir, files);
}
