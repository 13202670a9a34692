// Detects plugin binaries that the active config needs (every plugins entry, ipam.type, flannel's
// delegates) but that are absent from /opt/cni/bin or not executable, an empty /opt/cni/bin, and
// `failed to find plugin` / `fork/exec … permission denied` errors.
// https://www.cni.dev/docs/spec/#section-3-execution-of-network-configurations
import type { Evidence } from '../../../model/report.js';
import { isRecognised } from '../../bundle-data.js';
import { listNames } from '../../facts.js';
import { defineRule } from '../../rule.js';
import { nuclearResetAction, restartAgentAction } from '../../agent-actions.js';
import { IN_PROCESS_IPAM } from '../../../cni/index.js';
import { listedDirOf, lsCniBinOutput } from '../../../cni/host.js';

const OTHER_BIN_DIR = /k3s|rke2|-gke\./;
const OPENSHIFT_NODE = /(Red Hat Enterprise Linux|Fedora|CentOS Stream) CoreOS/;

export default defineRule({
  meta: {
    id: 'cni-binary-missing',
    title: 'A CNI plugin binary is missing from /opt/cni/bin',
    area: 'config',
    severity: 'critical',
    urgency: 'minutes',
    answers: 'new-pods',
    description: 'A plugin `type` used by the active config (each entry of `plugins`, `ipam.type`, flannel\'s bridge/host-local delegates) that is absent from /opt/cni/bin or not executable; an empty /opt/cni/bin; `failed to find plugin` or `fork/exec … permission denied` / `exec format error` events.',
    rationale: 'The runtime executes every plugin of the chain for each pod: one missing binary fails every sandbox on the node (and, with CRI-O or dockershim, makes the whole config invalid so the node goes NotReady).',
    evidence: 'nodes/<node>/ls-opt-cni-bin.txt against the active config, and the sandbox events naming the binary.',
    actions: [
      { title: 'Restart the CNI DaemonSet: its init container reinstalls the binaries', commands: ['kubectl -n <namespace> rollout restart daemonset/<cni-daemonset>'], risk: 'disruptive' },
      { title: 'If a chained plugin (portmap, bandwidth, tuning) is missing: install the reference plugins on the node', commands: ['# on the node: install containernetworking/plugins into /opt/cni/bin (or the runtime\'s bin_dir), then chmod 755 /opt/cni/bin/*'], risk: 'safe' },
      nuclearResetAction(),
    ],
    docs: ['https://www.cni.dev/docs/spec/#section-3-execution-of-network-configurations', 'https://github.com/containernetworking/plugins', 'https://kubernetes.io/docs/concepts/extend-kubernetes/compute-storage-net/network-plugins/#installation'],
    explains: ['cni-sandbox-failures', 'node-not-ready', 'cni-config-missing'],
  },
  requires: ['node-cni-bin', 'events'],
  check(ctx) {
    // binary → node → evidence
    const missing = new Map<string, Map<string, { why: string; evidence: Evidence[] }>>();
    const add = (binary: string, node: string, why: string, ev: Evidence) => {
      const byNode = missing.get(binary) ?? new Map();
      const entry = byNode.get(node) ?? { why, evidence: [] };
      if (entry.evidence.length < 2) entry.evidence.push(ev);
      byNode.set(node, entry);
      missing.set(binary, byNode);
    };
    for (const nd of ctx.data.nodeData.values()) {
      if (!isRecognised(nd.lsCniBin)) continue;
      // The directory the collector listed: the distribution's own where it exists (k3s/RKE2 under
      // /var/lib/rancher, GKE's /home/kubernetes/bin), else /opt/cni/bin.
      const listingFile = lsCniBinOutput(nd.name);
      // The listing that worked (the collector tries the agent's mounts in turn, the absent ones recorded too).
      const recorded = ctx.data.manifest?.commands.findLast((c) => c.file === listingFile && c.exitCode === 0);
      const binDir = (recorded && listedDirOf(recorded.argv)) ?? '/opt/cni/bin';
      // k3s/RKE2 and GKE run their plugins from another bin_dir, and OpenShift's CRI-O from
      // /var/lib/cni/bin and /usr/libexec/cni: a listing of /opt/cni/bin says nothing there.
      const n = ctx.facts.nodeByName.get(nd.name);
      const elsewhere = OTHER_BIN_DIR.test(`${n?.containerRuntimeVersion ?? ''} ${n?.kubeletVersion ?? ''}`) || OPENSHIFT_NODE.test(n?.osImage ?? '');
      if (elsewhere && binDir === '/opt/cni/bin') continue;
      const listing = nd.lsCniBin.result;
      const path = nd.lsCniBin.path;
      const active = ctx.facts.activeConfig(nd);
      const files = listing.entries.filter((e) => e.type !== 'directory');
      if (listing.missing || !files.length) {
        const why = listing.missing ? `${binDir} does not exist` : `${binDir} is empty`;
        add('(all)', nd.name, why, ctx.facts.evidence.line(path, listing.missing?.line ?? 1, undefined, why));
        continue;
      }
      if (!active) continue;
      for (const ref of active.plugins) {
        if (ref.role === 'ipam' && IN_PROCESS_IPAM.has(ref.type)) continue;
        const entry = files.find((e) => e.name === ref.type);
        const cfgEv = ctx.facts.evidence.line(active.path, ref.line, undefined, `${active.fileName} needs "${ref.type}" (${ref.role})`);
        if (!entry) {
          add(ref.type, nd.name, `absent from ${binDir}`, cfgEv);
          add(ref.type, nd.name, `absent from ${binDir}`, ctx.facts.evidence.line(path, undefined, undefined, `no "${ref.type}" among ${files.length} entries of ${binDir}`));
        } else if (entry.type === 'file' && !entry.executable) {
          add(ref.type, nd.name, `present but not executable (${entry.mode})`, ctx.facts.evidence.line(path, entry.line));
        }
      }
    }
    for (const { event, match } of [...ctx.facts.eventsOfKind('binary-missing'), ...ctx.facts.eventsOfKind('binary-not-executable')]) {
      const node = ctx.facts.nodeOfEvent(event) ?? '(unknown node)';
      const binary = match.groups.plugin ?? '(unknown)';
      const why = match.signature.kind === 'binary-missing' ? `runtime: "${match.text}"` : `runtime: "${match.text}"`;
      add(binary, node, why, ctx.facts.evidence.event(event));
    }
    return [...missing.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([binary, byNode]) => {
      const nodes = [...byNode.keys()].filter((n) => n !== '(unknown node)').sort();
      const whys = [...new Set([...byNode.values()].map((v) => v.why))];
      const evidence = [...byNode.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).slice(0, 3).flatMap(([, v]) => v.evidence);
      const what = binary === '(all)' ? 'No CNI plugin binaries' : `The "${binary}" CNI plugin binary`;
      return {
        key: binary === '(all)' ? 'empty-bin-dir' : binary,
        title: binary === '(all)' ? '/opt/cni/bin holds no CNI plugin binaries' : `CNI plugin binary "${binary}" is missing or not executable`,
        scope: nodes.length ? { kind: 'nodes' as const, names: nodes } : { kind: 'cluster' as const },
        summary: `${what} on ${nodes.length ? listNames(nodes) : 'the nodes named by the events'}: ${whys.slice(0, 2).join('; ')}. Every pod sandbox on ${nodes.length === 1 ? 'that node' : 'those nodes'} fails until it is installed.`,
        evidence,
        actions: [restartAgentAction(ctx, 'Restart the CNI DaemonSet: its init container reinstalls the binaries'), { title: 'If a chained plugin (portmap, bandwidth, tuning) is missing: install the reference plugins on the node', commands: ['# on the node: install containernetworking/plugins into /opt/cni/bin (or the runtime\'s bin_dir), then chmod 755 /opt/cni/bin/*'], risk: 'safe' as const }, nuclearResetAction()],
      };
    });
  },
});
