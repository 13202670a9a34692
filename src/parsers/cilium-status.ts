// In-agent `cilium status [--verbose]` / `cilium-dbg status` across versions (pkg/client/client.go
// FormatStatusResponse; cni-signatures.md CL-01). The external cilium-cli `cilium status` (ASCII logo,
// DaemonSet summary) is recognised as a different format rather than misread.
import { splitLines, unrecognised } from './text.js';
import type { Unrecognised } from '../model/outputs/text.js';
import type { StatusField, CiliumStatus, CiliumCliStatus } from '../model/outputs/cilium-status.js';
import { setOwn } from '../model/own-property.js';

// Keys printed by FormatStatusResponse at column 0 (after any prefix the capture added).
const KEY_RE = /^([A-Za-z][A-Za-z0-9 ./()-]*?):(?:\s+(.*))?$/;

function statusField(value: string, line: number): StatusField {
  const m = /^(\S+)\s*(.*)$/.exec(value.trim());
  return { state: m?.[1] ?? '', message: (m?.[2] ?? '').trim(), line, raw: value.trim() };
}

export function parseCiliumStatus(text: string): CiliumStatus | CiliumCliStatus | Unrecognised {
  const lines = splitLines(text);
  if (lines.some((l) => /\/¯¯\\/.test(l.text) || /^DaemonSet\s+cilium\s+Desired:/.test(l.text.trim()))) {
    return parseCiliumCli(lines);
  }
  const result: CiliumStatus = { format: 'cilium-status', fields: {}, errors: [] };
  // The capture may prefix every line (CI harness tabs, "Stdout:"); find the indentation of the first key.
  let base: number | undefined;
  let section: string | undefined;
  for (const { n, text: raw } of lines) {
    if (!raw.trim()) continue;
    if (/^(Error|error):|Is the agent running\?|Unable to reach agent|cilium\.sock/i.test(raw.trim()) && base === undefined) {
      result.errors.push({ line: n, text: raw.trim() });
      continue;
    }
    const indent = raw.length - raw.replace(/^[\s\t]+/, '').length;
    const body = raw.slice(indent);
    const km = KEY_RE.exec(body.trimEnd());
    const isTopLevel = km && (base === undefined ? /^(KVStore|Kubernetes|Cilium|ContainerRuntime)$/.test(km[1]!) : indent <= base);
    if (km && isTopLevel) {
      base ??= indent;
      const key = km[1]!;
      const value = (km[2] ?? '').trim();
      section = key;
      if (!Object.hasOwn(result.fields, key)) setOwn(result.fields, key, { value, line: n });
      applyField(result, key, value, n);
      continue;
    }
    if (base === undefined) continue;
    // Indented lines belong to the section above.
    if (section === 'Controller Status' && result.controllers) {
      const cm = /^\s*(\S.*?)\s{2,}(never|\S+ ago)\s+(never|\S+ ago)\s+(\d+)\s+(.*)$/.exec(body.length ? raw.slice(base) : raw);
      if (cm) {
        const failureCount = Number.parseInt(cm[4]!, 10);
        const message = cm[5]!.trim();
        if (failureCount > 0 && cm[3] !== 'never') {
          result.controllers.failing.push({ name: cm[1]!.trim(), lastSuccess: cm[2]!, lastError: cm[3]!, failureCount, message, line: n });
        }
      }
    } else if (section === 'Cluster health' && result.clusterHealth) {
      const cells = body.trim().split(/\s{2,}/);
      if (/^name$/i.test(cells[0] ?? '')) continue;
      if (cells.length >= 2 && cells.slice(1).some((c) => /^(false|unreachable)$/i.test(c))) {
        result.clusterHealth.unreachableNodes.push({ name: cells[0]!.replace(/\s*\(localhost\)$/, ''), line: n });
      }
    }
  }
  if (base === undefined) {
    if (result.errors.length) return result;
    return unrecognised('no `cilium status` key was found (expected lines such as "KVStore:", "Kubernetes:", "Cilium:")');
  }
  return result;
}

function applyField(result: CiliumStatus, key: string, value: string, n: number): void {
  let m: RegExpExecArray | null;
  switch (key) {
    case 'KVStore':
      result.kvstore = statusField(value, n);
      break;
    case 'Kubernetes':
      result.kubernetes = statusField(value, n);
      break;
    case 'Cilium': {
      result.cilium = statusField(value, n);
      // "Ok   1.18.0 (v1.18.0-274205f0)"; older builds print "Ok   OK".
      const vm = /^(?:v)?(\d+\.\d+\.\d+\S*)/.exec(result.cilium.message);
      if (vm) result.version = vm[1];
      break;
    }
    case 'Cilium health daemon':
      result.healthDaemon = statusField(value, n);
      break;
    case 'KubeProxyReplacement':
      result.kubeProxyReplacement = value.split(/\s+/)[0];
      break;
    case 'Host Routing':
    case 'Routing':
      result.routing = value;
      break;
    case 'IPAM':
    case 'IPv4 address pool':
      if ((m = /(?:IPv4:\s*)?(\d+)\/(\d+) allocated(?: from ([0-9a-fA-F.:/]+))?/.exec(value))) {
        result.ipam = { family: 'IPv4', used: Number(m[1]), total: Number(m[2]), cidr: m[3], line: n };
      }
      break;
    case 'Controller Status':
      if ((m = /(\d+)\/(\d+) healthy/.exec(value))) {
        result.controllers = { healthy: Number(m[1]), total: Number(m[2]), line: n, failing: [] };
      }
      break;
    case 'Cluster health':
      if ((m = /(\d+)\/(\d+) reachable/.exec(value))) {
        result.clusterHealth = { reachable: Number(m[1]), total: Number(m[2]), line: n, unreachableNodes: [] };
      }
      break;
    case 'CNI Config file':
      result.cniConfig = { ok: !/^failed|could not/i.test(value), message: value, line: n };
      break;
  }
}

function parseCiliumCli(lines: ReturnType<typeof splitLines>): CiliumCliStatus {
  const out: CiliumCliStatus = { format: 'cilium-cli-status', errors: [], warnings: [] };
  let section: 'errors' | 'warnings' | undefined;
  for (const { n, text } of lines) {
    const m = /^(Errors|Warnings):\s+(.*)$/.exec(text);
    if (m) {
      section = m[1] === 'Errors' ? 'errors' : 'warnings';
      out[section].push({ line: n, text: m[2]!.trim().replace(/\s{2,}/g, ' ') });
    } else if (section && /^\s{10,}\S/.test(text)) {
      out[section].push({ line: n, text: text.trim().replace(/\s{2,}/g, ' ') });
    } else {
      section = undefined;
    }
  }
  return out;
}
