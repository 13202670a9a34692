// A file of /etc/cni/net.d: `.conf` (one plugin), `.conflist` (a list), `.json` (either), as the
// runtimes read them (libcni conf.go; cni-signatures.md G-02, G-08, G-13, G-14). What is true:
// CRLF is JSON whitespace and parses fine; a byte-order mark is not JSON and makes libcni fail with
// `invalid character 'ï' looking for beginning of value`.
import { lineColumnAt, locateJsonError } from './json-error.js';
import type { CniConfigFile } from '../model/outputs/cni-config.js';
import { setOwn } from '../model/own-property.js';

export const CNI_CONFIG_EXTENSIONS = ['.conf', '.conflist', '.json'] as const;

function lineOf(text: string, re: RegExp): number | undefined {
  const m = re.exec(text);
  return m ? lineColumnAt(text, m.index).line : undefined;
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

// Values that legitimately differ per node and must not count as drift.
const NODE_SPECIFIC_KEYS = new Set(['nodename', 'nodeName', 'nodeIP', 'subnet', 'rangeStart', 'rangeEnd', 'gateway', 'ranges', 'routes', 'kubeconfig', 'log_file_path', 'mtu']);

function normalize(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(normalize);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      setOwn(out, key, NODE_SPECIFIC_KEYS.has(key) ? '<node-specific>' : normalize((value as Record<string, unknown>)[key]));
    }
    return out;
  }
  return value;
}

export function parseCniConfig(fileName: string, bytes: Buffer): CniConfigFile {
  const considered = CNI_CONFIG_EXTENSIONS.some((ext) => fileName.endsWith(ext));
  const result: CniConfigFile = {
    fileName,
    considered,
    size: bytes.length,
    empty: bytes.length === 0 || bytes.toString('utf8').trim() === '',
    isList: false,
    missingFields: [],
    plugins: [],
    placeholders: [],
  };
  let body = bytes;
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    result.bom = 'UTF-8';
    body = bytes.subarray(3);
  } else if (bytes[0] === 0xff && bytes[1] === 0xfe) {
    result.bom = 'UTF-16LE';
  } else if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    result.bom = 'UTF-16BE';
  }
  if (result.bom?.startsWith('UTF-16')) {
    result.parseError = {
      message: `the file is UTF-16 encoded (${result.bom} byte-order mark), not UTF-8 JSON`,
      line: 1,
      column: 1,
      libcniMessage: "invalid character 'ÿ' looking for beginning of value",
    };
    return result;
  }
  const text = body.toString('utf8');
  const crlfLines = [...text.matchAll(/\r\n/g)];
  if (crlfLines.length) result.crlf = { firstLine: lineColumnAt(text, crlfLines[0]!.index).line, count: crlfLines.length };
  result.placeholders = [...new Set([...text.matchAll(/__[A-Z][A-Z0-9_]*__/g)].map((m) => m[0]))].sort();
  if (result.empty) {
    result.parseError = { message: 'the file is empty', line: 1, column: 1, libcniMessage: 'unexpected end of JSON input' };
    return result;
  }
  const error = locateJsonError(text);
  if (error) {
    result.parseError = { message: error.message, line: error.line, column: error.column };
    if (error.offset >= text.length) result.parseError.libcniMessage = 'unexpected end of JSON input';
    return result;
  }
  const json: unknown = JSON.parse(text);
  if (result.bom) {
    // JSON itself would be fine; the BOM alone breaks libcni.
    result.parseError = {
      message: 'the file starts with a UTF-8 byte-order mark (EF BB BF), which is not valid JSON',
      line: 1,
      column: 1,
      libcniMessage: "invalid character 'ï' looking for beginning of value",
    };
  }
  if (!json || typeof json !== 'object' || Array.isArray(json)) {
    result.missingFields.push('top-level object');
    return result;
  }
  const obj = json as Record<string, unknown>;
  result.cniVersion = typeof obj.cniVersion === 'string' ? obj.cniVersion : undefined;
  result.name = typeof obj.name === 'string' ? obj.name : undefined;
  result.isList = Array.isArray(obj.plugins) || fileName.endsWith('.conflist');
  if (!result.cniVersion) result.missingFields.push('cniVersion');
  if (!result.name) result.missingFields.push('name');
  const entries: Record<string, unknown>[] = Array.isArray(obj.plugins)
    ? (obj.plugins as unknown[]).filter((p): p is Record<string, unknown> => !!p && typeof p === 'object')
    : typeof obj.type === 'string'
      ? [obj]
      : [];
  if (!entries.length) result.missingFields.push(fileName.endsWith('.conflist') ? 'plugins' : 'type or plugins');
  let searchFrom = 0;
  const typeLine = (type: string): number | undefined => {
    const re = new RegExp(`"type"\\s*:\\s*"${escapeRe(type)}"`, 'g');
    re.lastIndex = searchFrom;
    const m = re.exec(text);
    if (!m) return lineOf(text, new RegExp(`"type"\\s*:\\s*"${escapeRe(type)}"`));
    searchFrom = m.index + m[0].length;
    return lineColumnAt(text, m.index).line;
  };
  for (const entry of entries) {
    if (typeof entry.type !== 'string') {
      result.missingFields.push('type (in a plugins entry)');
      continue;
    }
    // A plugin's stdout is its result: a log setting pointing there breaks every ADD.
    const stdoutLog = Object.entries(entry).find(([k, v]) => /log/i.test(k) && typeof v === 'string' && /^(\/dev\/)?stdout$/.test(v.trim()))?.[0];
    result.plugins.push({ type: entry.type, role: 'plugin', line: typeLine(entry.type), ...(stdoutLog ? { logsToStdout: stdoutLog } : {}) });
    const ipam = entry.ipam as Record<string, unknown> | undefined;
    if (ipam && typeof ipam.type === 'string') result.plugins.push({ type: ipam.type, role: 'ipam', line: typeLine(ipam.type) });
    if (entry.type === 'flannel') {
      // The flannel plugin delegates to bridge (default) with host-local IPAM.
      const delegate = (entry.delegate ?? {}) as Record<string, unknown>;
      const dtype = typeof delegate.type === 'string' ? delegate.type : 'bridge';
      result.plugins.push({ type: dtype, role: 'delegate', line: typeof delegate.type === 'string' ? typeLine(dtype) : result.plugins.at(-1)?.line });
      const dipam = delegate.ipam as Record<string, unknown> | undefined;
      result.plugins.push({ type: typeof dipam?.type === 'string' ? dipam.type : 'host-local', role: 'delegate', line: result.plugins.at(-1)?.line });
    }
  }
  result.normalized = JSON.stringify(normalize(obj));
  return result;
}

/** The config the runtime uses: the first considered file in byte order (go-cni, ocicni, dockershim). */
export function activeConfigName(fileNames: string[]): string | undefined {
  return fileNames.filter((f) => CNI_CONFIG_EXTENSIONS.some((ext) => f.endsWith(ext))).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))[0];
}
