// Weave Net: the weave router on every node (peers over TCP 6783, fastdp or sleeve over UDP
// 6783-6784), its own IPAM over a ring of peers. Status commands run in the `weave` container.
// https://github.com/weaveworks/weave/blob/master/site/troubleshooting.md
import type { WeaveConnections, WeaveIpam, WeaveStatus } from '../model/outputs/weave.js';
import { parseWeaveConnections, parseWeaveIpam, parseWeaveStatus } from '../parsers/weave.js';
import { defineCni, nodeOutputPath, type NodeCommand, type NodeOutputSpec } from './descriptor.js';

export const WEAVE_STATUS: NodeOutputSpec<WeaveStatus> = { id: 'weave/status', dir: 'plugins/weave/status/', ext: '.txt', parse: parseWeaveStatus, showsPlugin: true , tells: [{ symptom: 'pod-to-pod', what: 'Weave peers' }] };
export const WEAVE_CONNECTIONS: NodeOutputSpec<WeaveConnections> = { id: 'weave/status-connections', dir: 'plugins/weave/status-connections/', ext: '.txt', parse: parseWeaveConnections, showsPlugin: true , tells: [{ symptom: 'pod-to-pod', what: 'Weave connections' }] };
export const WEAVE_IPAM: NodeOutputSpec<WeaveIpam> = { id: 'weave/status-ipam', dir: 'plugins/weave/status-ipam/', ext: '.txt', parse: parseWeaveIpam, showsPlugin: true , tells: [{ symptom: 'ip-space', what: 'Weave IPAM' }] };

const weaveCommand = (sub: string[], spec: NodeOutputSpec): NodeCommand => ({
  argv: ['/home/weave/weave', '--local', 'status', ...sub],
  output: (node) => nodeOutputPath(spec, node),
  replays: new RegExp(`^(/home/weave/)?weave --local status${sub.map((s) => ` ${s}`).join('')}$`),
});

export const weave = defineCni({
  id: 'weave',
  name: 'Weave Net',
  plugins: ['weave'],
  agent: { workloadNames: /^weave-net$/, image: /weave-kube|weaveworks\/weave|weave-net/, container: /^weave$/ },
  configTypes: ['weave-net'],
  configFileName: /weave/,
  nodeOutputs: [WEAVE_STATUS, WEAVE_CONNECTIONS, WEAVE_IPAM],
  agentCommands: [weaveCommand([], WEAVE_STATUS), weaveCommand(['connections'], WEAVE_CONNECTIONS), weaveCommand(['ipam'], WEAVE_IPAM)],
});
