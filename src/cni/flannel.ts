// Flannel (also k3s/RKE2's embedded one and Canal's networking): subnet leases, VXLAN, podCIDRs.
// https://github.com/flannel-io/flannel/blob/master/Documentation/troubleshooting.md
import { NODE_FILES, nodeFilePath } from '../bundle/layout.js';
import { defineCni } from './descriptor.js';

export const flannel = defineCni({
  id: 'flannel',
  name: 'Flannel',
  plugins: ['flannel'],
  agent: { workloadNames: /^(kube-flannel-ds(-\w+)?|flannel|kube-flannel)$/, image: /flannel(?!-cni-plugin)/, container: /^kube-flannel$|^flannel$/ },
  configTypes: ['flannel'],
  configFileName: /flannel/,
  namespaces: ['kube-flannel'],
  // VXLAN and host-gw: one "via <node> … onlink" route per other node's podCIDR.
  routesPerNode: { check: ['kubectl -n kube-flannel logs -l app=flannel --tail=100', '# on the node: ip route | grep flannel.1; bridge fdb show dev flannel.1'] },
  // The lease and the VXLAN forwarding table are on the host, whichever agent pod reads them (Canal's too).
  hostCommands: [
    { argv: ['cat', '/run/flannel/subnet.env'], output: (node) => nodeFilePath(node, NODE_FILES.flannelSubnetEnv), replays: /^cat (\/host)?\/run\/flannel\/subnet\.env$/ },
    { argv: ['bridge', 'fdb', 'show', 'dev', 'flannel.1'], output: (node) => nodeFilePath(node, NODE_FILES.bridgeFdbFlannel), replays: /^bridge fdb show dev flannel\.1$/ },
  ],
});
