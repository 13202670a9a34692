// A read-only Kubernetes API over a bundle, for the real kubectl: discovery, list/get with label and
// field selectors, pagination, server-side Table printing, pod logs, exec replay over WebSocket
// (v5/v4.channel.k8s.io). Writes are refused with a Status kubectl prints. Faults can be injected
// (forbidden resources, delays, failing or unreachable nodes) for the collector's tests.
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { WebSocketServer } from 'ws';
import { SpdyExecSession, type SpdyStreamType } from './spdy.js';
import { replayExec } from './exec.js';
import { fieldValue, matchesLabels, parseFieldSelector, parseLabelSelector, SelectorError } from './selectors.js';
import { BUILTIN_RESOURCES, INDEXED_FIELDS, objectsOf, type K8sObject, type ResourceType, type Store, type StoredObject } from './store.js';
import { toTable } from './tables.js';
import { faultInjector, statusBody, type Faults } from './faults.js';

export type { Faults } from './faults.js';

export interface ServeOptions {
  port?: number;
  host?: string;
  faults?: Faults;
}

export interface RunningServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

/** How long a replayed process takes to "start" (see upgrade()). */
const EXEC_START_MS = 250;
const EXEC_PROTOCOLS = ['v5.channel.k8s.io', 'v4.channel.k8s.io', 'v3.channel.k8s.io', 'v2.channel.k8s.io', 'channel.k8s.io'];
/** v5 (the close signal) exists only over WebSocket. */
const SPDY_EXEC_PROTOCOLS = EXEC_PROTOCOLS.slice(1);

/** Where an exec's output goes: the WebSocket channels, or the SPDY streams. */
interface ExecSink {
  protocol: string;
  stdout(data: Buffer): void;
  stderr(data: Buffer): void;
  /** The exit status: a JSON Status for v4+, a message before. */
  status(data: Buffer): void;
  close(): void;
}
const VERSIONED = /^v(\d+)\.(\d+)\.(\d+)/;

function send(res: http.ServerResponse, code: number, body: unknown, headers: Record<string, string> = {}) {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(code, { 'Content-Type': typeof body === 'string' ? 'text/plain; charset=utf-8' : 'application/json', ...headers });
  res.end(text);
}

const groupVersion = (r: ResourceType) => (r.group ? `${r.group}/${r.version}` : r.version);
const apiVersion = groupVersion;

function sortKey(o: StoredObject): string {
  return `${o.namespace ?? ''}\u0000${o.name ?? ''}`;
}

export function createApi(store: Store, options: ServeOptions = {}) {
  const faults = faultInjector(options.faults);
  const now = Date.parse(store.createdAt ?? '') || Date.parse('2026-01-01T00:00:00Z');
  const resources = [...store.resources, ...BUILTIN_RESOURCES.filter((b) => !store.resources.some((r) => r.group === b.group && r.plural === b.plural))];
  const present = (r: ResourceType) => store.resources.includes(r);
  const sorted = new Map<ResourceType, StoredObject[]>();
  const itemsOf = (r: ResourceType): StoredObject[] => {
    let s = sorted.get(r);
    if (!s) {
      const keyed = objectsOf(store, r).map((o) => ({ o, k: sortKey(o) }));
      keyed.sort((a, b) => (a.k < b.k ? -1 : a.k > b.k ? 1 : 0));
      sorted.set(r, (s = keyed.map((x) => x.o)));
    }
    return s;
  };
  const podByKey = new Map(objectsOf(store, BUILTIN_RESOURCES.find((r) => r.plural === 'pods')!).map((p) => [`${p.namespace}/${p.name}`, p]));
  const podObject = (ns: string, name: string): K8sObject | undefined => podByKey.get(`${ns}/${name}`)?.object();
  const parsedVersion = VERSIONED.exec(store.serverVersion);
  // What the collector recorded as failed is replayed as that failure (a round trip keeps the gaps).
  const recordedFailure = new Map(store.commands.filter((c) => c.file && c.error && c.error !== 'skipped').map((c) => [c.file!, c]));
  const metrics = metricsFrom(store);

  const groups = () => {
    const byGroup = new Map<string, ResourceType[]>();
    for (const r of resources) if (r.group) byGroup.set(r.group, [...(byGroup.get(r.group) ?? []), r]);
    return [...byGroup.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([name, rs]) => {
      const versions = [...new Set(rs.map((r) => r.version))].map((v) => ({ groupVersion: `${name}/${v}`, version: v }));
      return { name, versions, preferredVersion: versions[0] };
    });
  };

  const resourceList = (gv: string) => {
    const rs = resources.filter((r) => groupVersion(r) === gv);
    if (!rs.length) return undefined;
    const list = rs.flatMap((r) => [
      { name: r.plural, singularName: r.singular, namespaced: r.namespaced, kind: r.kind, verbs: ['get', 'list'], ...(r.shortNames.length ? { shortNames: r.shortNames } : {}), categories: ['all'] },
      ...(r.plural === 'pods' && !r.group
        ? [
            { name: 'pods/log', singularName: '', namespaced: true, kind: 'Pod', verbs: ['get'] },
            { name: 'pods/exec', singularName: '', namespaced: true, kind: 'PodExecOptions', verbs: ['create', 'get'] },
          ]
        : []),
    ]);
    return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: gv, resources: list };
  };

  const forbidden = faults.forbidden;
  const nodeFault = faults.onNode;

  function replayedFailure(r: ResourceType, res: http.ServerResponse): boolean {
    const failed = present(r) ? undefined : recordedFailure.get(r.file);
    if (!failed) return false;
    const text = failed.stderr.split('\n').pop()?.replace(/^Error from server \(\w+\): /, '') ?? '';
    if (failed.error === 'forbidden') send(res, 403, statusBody(403, 'Forbidden', text || `${r.plural} is forbidden`));
    else if (failed.error === 'timeout') send(res, 504, statusBody(504, 'Timeout', `the request timed out when the bundle was collected (${text || 'timeout'})`));
    else if (failed.error === 'unreachable') send(res, 503, statusBody(503, 'ServiceUnavailable', `the API server could not be reached when the bundle was collected (${text})`));
    else if (failed.error === 'not-found') send(res, 404, statusBody(404, 'NotFound', text || `${r.plural} not found`));
    else send(res, 500, statusBody(500, 'InternalError', text || 'the collection command failed'));
    return true;
  }

  function list(r: ResourceType, ns: string | undefined, url: URL, accept: string, res: http.ServerResponse) {
    if (replayedFailure(r, res)) return;
    let items = itemsOf(r);
    if (ns) items = items.filter((o) => o.namespace === ns);
    try {
      const ls = url.searchParams.get('labelSelector');
      if (ls) {
        const reqs = parseLabelSelector(ls);
        items = items.filter((o) => matchesLabels(reqs, o.labels));
      }
      const fs = url.searchParams.get('fieldSelector');
      if (fs) {
        for (const f of parseFieldSelector(fs)) {
          // Indexed fields need no object read; others read each object (slow on a big List, but right).
          const indexed = INDEXED_FIELDS.includes(f.field);
          items = items.filter((o) => {
            const v = (indexed ? o.fields[f.field] : fieldValue(o.object(), f.field)) ?? '';
            return f.op === '=' ? v === f.value : v !== f.value;
          });
        }
      }
    } catch (err) {
      if (err instanceof SelectorError) return send(res, 400, statusBody(400, 'BadRequest', err.message));
      throw err;
    }
    const limit = Number(url.searchParams.get('limit') ?? 0);
    let offset = 0;
    const token = url.searchParams.get('continue');
    if (token) {
      try {
        offset = (JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { o: number }).o;
      } catch {
        return send(res, 410, statusBody(410, 'Expired', 'The provided continue parameter is not valid; restart the list'));
      }
    }
    const page = (limit > 0 ? items.slice(offset, offset + limit) : items.slice(offset)).map((o) => o.object());
    const next = limit > 0 && offset + limit < items.length ? Buffer.from(JSON.stringify({ o: offset + limit })).toString('base64url') : undefined;
    const metadata = { resourceVersion: '1', ...(next ? { continue: next, remainingItemCount: items.length - offset - limit } : {}) };
    const headers: Record<string, string> = present(r) ? {} : { Warning: `299 - "${r.file} is not in this bundle: the list is empty because it was not collected"` };
    if (/as=Table/.test(accept)) {
      const include = (url.searchParams.get('includeObject') as 'None' | 'Metadata' | 'Object' | null) ?? 'Metadata';
      return send(res, 200, { ...toTable(r, page, now, include), metadata }, headers);
    }
    return send(res, 200, { kind: `${r.kind}List`, apiVersion: apiVersion(r), metadata, items: page.map((o) => ({ apiVersion: apiVersion(r), kind: r.kind, ...o })) }, headers);
  }

  function getOne(r: ResourceType, ns: string | undefined, name: string, accept: string, res: http.ServerResponse) {
    const obj = itemsOf(r).find((o) => o.name === name && (!r.namespaced || o.namespace === ns))?.object();
    if (!obj) return send(res, 404, statusBody(404, 'NotFound', `${r.plural}${r.group ? `.${r.group}` : ''} "${name}" not found`, { name, kind: r.plural, ...(r.group ? { group: r.group } : {}) }));
    if (/as=Table/.test(accept)) return send(res, 200, { ...toTable(r, [obj], now, 'Metadata'), metadata: { resourceVersion: '1' } });
    return send(res, 200, { apiVersion: apiVersion(r), kind: r.kind, ...obj });
  }

  function logs(ns: string, pod: string, url: URL, res: http.ServerResponse) {
    const p = podObject(ns, pod);
    if (!p) return send(res, 404, statusBody(404, 'NotFound', `pods "${pod}" not found`, { name: pod, kind: 'pods' }));
    const fault = nodeFault(p, 'logs');
    if (fault) return send(res, 500, fault);
    const names = ((p.spec as { containers?: { name: string }[] } | undefined)?.containers ?? []).map((c) => c.name);
    const allNames = [...names, ...((p.spec as { initContainers?: { name: string }[] } | undefined)?.initContainers ?? []).map((c) => c.name)];
    let container = url.searchParams.get('container') ?? undefined;
    if (container && !allNames.includes(container)) return send(res, 400, statusBody(400, 'BadRequest', `container ${container} is not valid for pod ${pod}`));
    if (!container) {
      if (names.length !== 1) return send(res, 400, statusBody(400, 'BadRequest', `a container name must be specified for pod ${pod}, choose one of: [${names.join(' ')}]`));
      container = names[0]!;
    }
    const previous = url.searchParams.get('previous') === 'true';
    const text = store.logs.get(`${ns}/${pod}/${container}${previous ? '.previous' : ''}`);
    if (text === undefined) {
      const statuses = [...(((p.status as { containerStatuses?: unknown[] } | undefined)?.containerStatuses ?? []) as { name: string; restartCount?: number; lastState?: { terminated?: unknown } }[]), ...(((p.status as { initContainerStatuses?: unknown[] } | undefined)?.initContainerStatuses ?? []) as { name: string; restartCount?: number; lastState?: { terminated?: unknown } }[])];
      const st = statuses.find((c) => c.name === container);
      if (previous && !(st && ((st.restartCount ?? 0) > 0 || st.lastState?.terminated))) {
        return send(res, 400, statusBody(400, 'BadRequest', `previous terminated container "${container}" in pod "${pod}" not found`));
      }
      // The container exists but its log was not collected: no lines, and a warning kubectl prints.
      return send(res, 200, '', { Warning: `299 - "the ${previous ? 'previous ' : ''}log of container ${container} in pod ${ns}/${pod} is not in this bundle"` });
    }
    let lines = text.split('\n');
    if (lines[lines.length - 1] === '') lines.pop();
    const tail = url.searchParams.get('tailLines');
    if (tail !== null && /^\d+$/.test(tail)) lines = Number(tail) === 0 ? [] : lines.slice(-Number(tail));
    return send(res, 200, lines.length ? `${lines.join('\n')}\n` : '');
  }

  async function handle(req: http.IncomingMessage, res: http.ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const accept = String(req.headers.accept ?? '');
    await faults.delay(url.pathname);
    const path = url.pathname.replace(/\/+$/, '') || '/';
    if (path === '/version') {
      return send(res, 200, { major: parsedVersion?.[1] ?? '1', minor: parsedVersion?.[2] ?? '30', gitVersion: store.serverVersion, gitCommit: '', gitTreeState: 'clean', buildDate: store.createdAt ?? '', goVersion: '', compiler: 'gc', platform: 'linux/amd64' });
    }
    if (path === '/healthz' || path === '/readyz' || path === '/livez') return send(res, 200, 'ok');
    if (path === '/api') return send(res, 200, { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: req.headers.host ?? '127.0.0.1' }] });
    if (path === '/apis') {
      const extra = [{ name: 'authorization.k8s.io', versions: [{ groupVersion: 'authorization.k8s.io/v1', version: 'v1' }], preferredVersion: { groupVersion: 'authorization.k8s.io/v1', version: 'v1' } }];
      if (metrics) extra.push({ name: 'metrics.k8s.io', versions: [{ groupVersion: 'metrics.k8s.io/v1beta1', version: 'v1beta1' }], preferredVersion: { groupVersion: 'metrics.k8s.io/v1beta1', version: 'v1beta1' } });
      return send(res, 200, { kind: 'APIGroupList', apiVersion: 'v1', groups: [...groups(), ...extra].sort((a, b) => (a.name < b.name ? -1 : 1)) });
    }
    if (path === '/apis/authorization.k8s.io/v1') {
      return send(res, 200, { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: 'authorization.k8s.io/v1', resources: [{ name: 'selfsubjectaccessreviews', singularName: 'selfsubjectaccessreview', namespaced: false, kind: 'SelfSubjectAccessReview', verbs: ['create'] }] });
    }
    if (path === '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews' && req.method === 'POST') {
      const body = await readBody(req);
      const attrs = (JSON.parse(body || '{}') as { spec?: { resourceAttributes?: { verb?: string; resource?: string; subresource?: string; group?: string } } }).spec?.resourceAttributes ?? {};
      const r = resources.find((x) => x.plural === attrs.resource && (x.group === (attrs.group ?? '') || !attrs.group));
      const denied = !!r && (!!forbidden(r, attrs.verb ?? 'get') || recordedFailure.get(r.file)?.error === 'forbidden');
      return send(res, 201, { kind: 'SelfSubjectAccessReview', apiVersion: 'authorization.k8s.io/v1', metadata: {}, spec: { resourceAttributes: attrs }, status: { allowed: !denied, ...(denied ? { reason: 'the bundle recorded this as forbidden' } : {}) } });
    }
    if (metrics && path.startsWith('/apis/metrics.k8s.io/v1beta1')) {
      const rest = path.slice('/apis/metrics.k8s.io/v1beta1'.length);
      if (!rest) return send(res, 200, { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: 'metrics.k8s.io/v1beta1', resources: [{ name: 'nodes', singularName: '', namespaced: false, kind: 'NodeMetrics', verbs: ['get', 'list'] }, { name: 'pods', singularName: '', namespaced: true, kind: 'PodMetrics', verbs: ['get', 'list'] }] });
      const nsMatch = /^\/namespaces\/([^/]+)\/pods$/.exec(rest);
      if (rest === '/pods' || nsMatch) return send(res, 200, { kind: 'PodMetricsList', apiVersion: 'metrics.k8s.io/v1beta1', metadata: {}, items: metrics.pods.filter((p) => !nsMatch || p.metadata.namespace === nsMatch[1]) });
      if (rest === '/nodes') return send(res, 200, { kind: 'NodeMetricsList', apiVersion: 'metrics.k8s.io/v1beta1', metadata: {}, items: metrics.nodes });
      return send(res, 404, statusBody(404, 'NotFound', 'the server could not find the requested resource'));
    }
    const m = /^\/(?:api\/(v1)|apis\/([^/]+)\/([^/]+))(\/.*)?$/.exec(path);
    if (!m) return send(res, 404, statusBody(404, 'NotFound', `the server could not find the requested resource (${path})`));
    const gv = m[1] ?? `${m[2]}/${m[3]}`;
    const rest = (m[4] ?? '').split('/').filter(Boolean).map(decodeURIComponent);
    if (!rest.length) {
      const list = resourceList(gv);
      return list ? send(res, 200, list) : send(res, 404, statusBody(404, 'NotFound', `the server could not find the requested resource (${gv})`));
    }
    const byPlural = (plural: string) => resources.find((r) => groupVersion(r) === gv && r.plural === plural);
    let ns: string | undefined;
    let r: ResourceType | undefined;
    let name: string | undefined;
    let sub: string | undefined;
    if (rest[0] === 'namespaces' && rest.length >= 3) {
      ns = rest[1];
      r = byPlural(rest[2]!);
      name = rest[3];
      sub = rest[4];
    } else {
      r = byPlural(rest[0]!);
      name = rest[1];
      sub = rest[2];
    }
    if (!r) return send(res, 404, statusBody(404, 'NotFound', `the server could not find the requested resource`));
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      const what = name ? `${r.plural} "${name}"` : r.plural;
      return send(res, 403, statusBody(403, 'Forbidden', `${what} is forbidden: cni-doctor serve is read-only: it serves the support bundle ${store.source}, and nothing in it can be changed`, { kind: r.plural, ...(name ? { name } : {}) }));
    }
    if (url.searchParams.get('watch') === 'true' || url.searchParams.get('watch') === '1') {
      return send(res, 405, statusBody(405, 'MethodNotAllowed', 'watch is not supported: a support bundle is a snapshot, it does not change'));
    }
    const deny = forbidden(r, sub ? `get` : name ? 'get' : 'list', ns);
    if (deny) return send(res, 403, deny);
    if (sub === 'log' && r.plural === 'pods' && ns && name) return logs(ns, name, url, res);
    if (sub === 'exec') return send(res, 400, statusBody(400, 'BadRequest', 'exec needs an upgraded connection: WebSocket (kubectl 1.30 and newer) or SPDY/3.1 (older kubectl)'));
    if (sub) return send(res, 404, statusBody(404, 'NotFound', `the server could not find the requested resource (${r.plural}/${sub})`));
    if (name) return getOne(r, ns, name, accept, res);
    return list(r, ns, url, accept, res);
  }

  // --- exec over WebSocket ---------------------------------------------------------------------
  const wss = new WebSocketServer({
    noServer: true,
    handleProtocols: (protocols) => EXEC_PROTOCOLS.find((p) => protocols.has(p)) ?? false,
  });

  /** One exec, whatever carries it (WebSocket for kubectl ≥ 1.30, SPDY/3.1 before). */
  function exec(sink: ExecSink, url: URL, ns: string, podName: string) {
    const statusChannel = (status: object, text: string) => {
      // v4+ carry a JSON Status on the error channel; older protocols a plain error message.
      sink.status(Buffer.from(sink.protocol.startsWith('v4') || sink.protocol.startsWith('v5') ? JSON.stringify(status) : text));
    };
    const pod = podObject(ns, podName);
    const command = url.searchParams.getAll('command');
    if (!pod) {
      statusChannel(statusBody(404, 'NotFound', `pods "${podName}" not found`), `pods "${podName}" not found`);
      sink.close();
      return;
    }
    const fault = nodeFault(pod, 'exec');
    if (fault) {
      statusChannel(fault, fault.message);
      sink.close();
      return;
    }
    const node = (pod.spec as { nodeName?: string } | undefined)?.nodeName;
    const replay = replayExec(store, node, command);
    if (!replay.found && replay.failure) {
      const f = replay.failure;
      if (f.error === 'unreachable' || f.error === 'timeout') {
        const message = `${f.error === 'timeout' ? 'the command timed out' : 'the node could not be reached'} when the bundle was collected: ${f.stderr}`;
        statusChannel(statusBody(500, 'InternalError', message), message);
      } else {
        if (f.stderr) sink.stderr(Buffer.from(`${f.stderr}\n`));
        const code = f.exitCode ?? 1;
        statusChannel({ ...statusBody(500, 'NonZeroExitCode', `command terminated with non-zero exit code: exit code ${code}`), details: { causes: [{ reason: 'ExitCode', message: String(code) }] } }, `command terminated with exit code ${code}`);
      }
      sink.close();
      return;
    }
    if (!replay.found && replay.absent) {
      // What ls/cat print for a path the node does not have.
      sink.stderr(Buffer.from(`${replay.absent}\n`));
      statusChannel({ ...statusBody(500, 'NonZeroExitCode', 'command terminated with non-zero exit code: exit code 2'), details: { causes: [{ reason: 'ExitCode', message: '2' }] } }, 'command terminated with exit code 2');
      sink.close();
      return;
    }
    if (!replay.found) {
      const message = `Internal error occurred: error executing command in container: failed to exec in container: failed to start exec: OCI runtime exec failed: exec failed: unable to start container process: exec: "${command[0] ?? ''}": executable file not found in $PATH: unknown`;
      statusChannel(statusBody(500, 'InternalError', message), message);
      sink.close();
      return;
    }
    if (replay.stdout.length) sink.stdout(replay.stdout);
    if (replay.exitCode === 0) statusChannel({ metadata: {}, status: 'Success' }, '');
    else {
      statusChannel(
        { ...statusBody(500, 'NonZeroExitCode', `command terminated with non-zero exit code: error executing command [${command.join(' ')}], exit code ${replay.exitCode}`), details: { causes: [{ reason: 'ExitCode', message: String(replay.exitCode) }] } },
        `command terminated with exit code ${replay.exitCode}`,
      );
    }
    sink.close();
  }

  function upgrade(req: http.IncomingMessage, socket: Socket, head: Buffer) {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const m = /^\/api\/v1\/namespaces\/([^/]+)\/pods\/([^/]+)\/exec$/.exec(url.pathname);
    const wanted = String(req.headers.upgrade ?? '').toLowerCase();
    const isWebSocket = wanted === 'websocket';
    const isSpdy = wanted === 'spdy/3.1';
    if (!m || !(isWebSocket || isSpdy)) {
      const body = JSON.stringify(statusBody(400, 'BadRequest', isWebSocket || isSpdy ? 'only pods/exec is served over an upgraded connection' : `${req.headers.upgrade} upgrades are not served: cni-doctor serve speaks the exec protocols of kubectl (WebSocket, SPDY/3.1)`));
      socket.end(`HTTP/1.1 400 Bad Request\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
      return;
    }
    const r = BUILTIN_RESOURCES.find((x) => x.plural === 'pods')!;
    const deny = forbidden(r, 'create', decodeURIComponent(m[1]!));
    if (deny) {
      const body = JSON.stringify(deny);
      socket.end(`HTTP/1.1 403 Forbidden\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
      return;
    }
    const ns = decodeURIComponent(m[1]!);
    const pod = decodeURIComponent(m[2]!);
    if (isSpdy) return void spdyExec(req, socket, head, url, ns, pod);
    // client-go registers its streams after the upgrade completes; output sent in the same instant is
    // discarded as "Unknown stream id". A real process takes longer than this to start anyway.
    wss.handleUpgrade(req, socket, head, (ws) =>
      setTimeout(() => {
        const send = (channel: number) => (b: Buffer) => ws.send(Buffer.concat([Buffer.from([channel]), b]));
        exec({ protocol: ws.protocol, stdout: send(1), stderr: send(2), status: send(3), close: () => ws.close(1000) }, url, ns, pod);
      }, EXEC_START_MS),
    );
  }

  /** kubectl before 1.30: the SPDY/3.1 upgrade, one stream per channel (see spdy.ts). */
  async function spdyExec(req: http.IncomingMessage, socket: Socket, head: Buffer, url: URL, ns: string, pod: string) {
    const offered = String(req.headers['x-stream-protocol-version'] ?? '').split(',').map((p) => p.trim());
    const protocol = SPDY_EXEC_PROTOCOLS.find((p) => offered.includes(p));
    if (!protocol) {
      const body = JSON.stringify(statusBody(400, 'BadRequest', `none of the offered exec protocols (${offered.join(', ') || 'none'}) is served; served: ${SPDY_EXEC_PROTOCOLS.join(', ')}`));
      socket.end(`HTTP/1.1 400 Bad Request\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
      return;
    }
    const flag = (name: string) => ['true', '1'].includes(url.searchParams.get(name) ?? '');
    const expected = new Set<SpdyStreamType>(['error']);
    if (flag('stdout')) expected.add('stdout');
    if (flag('stderr')) expected.add('stderr');
    if (flag('stdin')) expected.add('stdin');
    if (flag('tty') && protocol !== 'channel.k8s.io' && protocol !== 'v2.channel.k8s.io') expected.add('resize');
    socket.write(`HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: SPDY/3.1\r\nX-Stream-Protocol-Version: ${protocol}\r\n\r\n`);
    const session = new SpdyExecSession(socket, head, expected);
    await session.ready;
    exec(
      {
        protocol,
        stdout: (b) => void session.write('stdout', b),
        stderr: (b) => void session.write('stderr', b),
        status: (b) => void session.write('error', b),
        close: () => void session.end(),
      },
      url,
      ns,
      pod,
    );
  }

  return {
    handle: (req: http.IncomingMessage, res: http.ServerResponse) =>
      handle(req, res).catch((err: Error) => {
        if (!res.headersSent) send(res, 500, statusBody(500, 'InternalError', `cni-doctor serve: ${err.message}`));
        else res.end();
      }),
    upgrade,
    close: () => wss.close(),
  };
}

export async function startServer(store: Store, options: ServeOptions = {}): Promise<RunningServer> {
  const api = createApi(store, options);
  const server = http.createServer((req, res) => void api.handle(req, res));
  server.on('upgrade', (req, socket, head) => api.upgrade(req, socket as Socket, head));
  const sockets = new Set<Socket>();
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${options.host ?? '127.0.0.1'}:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        api.close();
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

export function kubeconfig(url: string, name: string): string {
  const safe = name.replace(/[^A-Za-z0-9._-]/g, '-');
  return [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    `- name: ${safe}`,
    '  cluster:',
    `    server: ${url}`,
    'contexts:',
    `- name: ${safe}`,
    '  context:',
    `    cluster: ${safe}`,
    '    user: cni-doctor',
    '    namespace: default',
    `current-context: ${safe}`,
    'users:',
    '- name: cni-doctor',
    '  user: {}',
    '',
  ].join('\n');
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let body = '';
    req.on('data', (c: Buffer) => {
      if (body.length < 1024 * 1024) body += c.toString('utf8');
    });
    req.on('end', () => resolve(body));
    req.on('error', () => resolve(body));
  });
}

/** metrics.k8s.io objects from the recorded `kubectl top` outputs, so `kubectl top` works too. */
function metricsFrom(store: Store) {
  const pods = store.files.get('cluster/top-pods.txt')?.toString('utf8');
  const nodes = store.files.get('cluster/top-nodes.txt')?.toString('utf8');
  if (!pods && !nodes) return undefined;
  const rows = (text: string | undefined) => (text ?? '').split('\n').slice(1).map((l) => l.trim().split(/\s+/)).filter((c) => c.length >= 3);
  return {
    pods: rows(pods)
      .filter((c) => c.length >= 4)
      .map(([namespace, name, cpu, memory]) => ({ metadata: { name, namespace }, timestamp: store.createdAt ?? '', window: '30s', containers: [{ name: 'all', usage: { cpu, memory } }] })),
    nodes: rows(nodes).map(([name, cpu, , memory]) => ({ metadata: { name }, timestamp: store.createdAt ?? '', window: '30s', usage: { cpu, memory } })),
  };
}
