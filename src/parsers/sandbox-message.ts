// The layered FailedCreatePodSandBox message (cni-signatures.md section 0), parsed from the outside
// in: kubelet → runtime (containerd / CRI-O / dockershim) → libcni `plugin type="…" failed (add)` →
// the plugin's own error, which is then matched against the signature catalogue.
import { matchSignature, type SignatureMatch } from './signatures.js';

export type RuntimeLayer = 'containerd' | 'cri-o' | 'dockershim' | 'unknown';

export interface SandboxFailure {
  /** The message names a network/CNI failure (rather than, say, a cgroup or image error). */
  network: boolean;
  runtime: RuntimeLayer;
  sandboxId?: string;
  pod?: string;
  cniNetwork?: string;
  /** From libcni ≥ 1.0's `plugin type="…"` wrapper, when present. */
  pluginType?: string;
  pluginName?: string;
  operation?: 'add' | 'delete';
  /** The innermost error: what the plugin itself said. */
  pluginError: string;
  signature?: SignatureMatch;
}

const KUBELET = /^(?:\(combined from similar events\): )?Failed (?:to )?create pod sandbox: (?:rpc error: code = \w+ desc = )?/i;
// containerd quotes with %q (double quotes); Microsoft's AKS troubleshooting guide quotes the same
// message with single quotes, and people paste from it: both are read.
const CONTAINERD = /failed to setup network for sandbox ["'](?<sandbox>[0-9a-f]{12,64}|[^"']*)["']: /i;
const CRIO = /failed to create pod network sandbox (?<name>k8s_\S+?)\((?<sandbox>[0-9a-f]{64})\): error adding pod (?<pod>\S+) to CNI network "(?<net>[^"]+)": /i;
const DOCKERSHIM_OUTER = /failed to set up sandbox container "(?<sandbox>[^"]+)" network for pod "(?<pod>[^"]+)": /i;
const DOCKERSHIM = /networkPlugin cni failed to set up pod "(?<pod>[^"]+)" network: /i;
const LIBCNI = /plugin type=["'](?<type>[^"']+)["'](?: name=["'](?<name>[^"']+)["'])? failed \((?<op>add|delete)\): /i;

export function parseSandboxMessage(message: string): SandboxFailure {
  let rest = message.trim().replace(KUBELET, '');
  const out: SandboxFailure = { network: false, runtime: 'unknown', pluginError: rest };
  let m: RegExpExecArray | null;
  if ((m = CONTAINERD.exec(rest))) {
    out.runtime = 'containerd';
    out.network = true;
    out.sandboxId = m.groups!.sandbox;
    rest = rest.slice(m.index + m[0].length);
  } else if ((m = CRIO.exec(rest))) {
    out.runtime = 'cri-o';
    out.network = true;
    out.sandboxId = m.groups!.sandbox;
    out.pod = m.groups!.pod;
    out.cniNetwork = m.groups!.net;
    rest = rest.slice(m.index + m[0].length);
  } else if ((m = DOCKERSHIM.exec(rest))) {
    out.runtime = 'dockershim';
    out.network = true;
    out.pod = m.groups!.pod;
    const outer = DOCKERSHIM_OUTER.exec(rest);
    if (outer) out.sandboxId = outer.groups!.sandbox;
    rest = rest.slice(m.index + m[0].length);
  }
  if ((m = LIBCNI.exec(rest))) {
    out.network = true;
    out.pluginType = m.groups!.type;
    out.pluginName = m.groups!.name;
    out.operation = m.groups!.op as 'add' | 'delete';
    rest = rest.slice(m.index + m[0].length);
  }
  // dockershim may bracket add and teardown errors together: keep the add part.
  if (rest.startsWith('[')) rest = rest.slice(1).replace(/, failed to clean up sandbox container[\s\S]*$/, '').replace(/\]$/, '');
  out.pluginError = rest.trim();
  out.signature = matchSignature(out.pluginError);
  if (out.signature) out.network = true;
  if (!out.network && /\bcni\b|network/i.test(message)) out.network = true;
  return out;
}
