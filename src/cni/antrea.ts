// Antrea: antrea-agent on every node programs Open vSwitch (bridge br-int, gateway antrea-gw0,
// tunnel antrea-tun0) run by the antrea-ovs container of the same pod; its CNI plugin talks to the
// agent over /var/run/antrea/cni.sock.
// https://github.com/antrea-io/antrea/blob/main/docs/troubleshooting.md
import type { AntreaAgentInfo, OvsVsctlShow } from '../model/outputs/antrea.js';
import { parseAntctlAgentInfo, parseOvsVsctlShow } from '../parsers/antrea.js';
import { defineCni, nodeOutputPath, type NodeOutputSpec } from './descriptor.js';

export const ANTREA_AGENTINFO: NodeOutputSpec<AntreaAgentInfo> = { id: 'antrea/agentinfo', dir: 'plugins/antrea/agentinfo/', ext: '.txt', parse: parseAntctlAgentInfo, showsPlugin: true };
export const ANTREA_OVS_SHOW: NodeOutputSpec<OvsVsctlShow> = { id: 'antrea/ovs-vsctl-show', dir: 'plugins/antrea/ovs-vsctl-show/', ext: '.txt', parse: parseOvsVsctlShow , tells: [{ symptom: 'pod-to-pod', what: 'Open vSwitch bridges' }] };

/** The OVS bridge and gateway every Antrea node has (agent defaults ovsBridge / hostGateway). */
export const ANTREA_BRIDGE = 'br-int';
export const ANTREA_GATEWAY = 'antrea-gw0';

export const antrea = defineCni({
  id: 'antrea',
  name: 'Antrea',
  plugins: ['antrea'],
  agent: { workloadNames: /^antrea-agent$/, image: /antrea\/antrea-(agent|ubuntu)|antrea-agent/, container: /^antrea-agent$/ },
  configTypes: ['antrea'],
  configFileName: /antrea/,
  customGroups: ['crd.antrea.io'],
  nodeOutputs: [ANTREA_AGENTINFO, ANTREA_OVS_SHOW],
  agentCommands: [
    { argv: ['antctl', 'get', 'agentinfo'], output: (node) => nodeOutputPath(ANTREA_AGENTINFO, node), replays: /^antctl get agentinfo$/ },
    { argv: ['ovs-vsctl', 'show'], container: /^antrea-ovs$/, output: (node) => nodeOutputPath(ANTREA_OVS_SHOW, node), replays: /^ovs-vsctl show$/ },
  ],
});
