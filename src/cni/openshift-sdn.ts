// OpenShift SDN: the sdn DaemonSet in openshift-sdn (one pod per node, container sdn) serves the
// openshift-sdn CNI plugin over a socket (/var/run/openshift-sdn/cniserver/socket); its Open vSwitch
// ran as the ovs DaemonSet up to OCP 4.5, and sdn-controller on the masters hands out HostSubnets.
// In OCP 4 Multus sits in front of it (00-multus.conf delegating to 80-openshift-network.conf).
// A missing socket (OS-01) means sdn is not running on that node.
// https://docs.openshift.com/container-platform/4.12/networking/openshift_sdn/about-openshift-sdn.html
import { defineCni } from './descriptor.js';

export const openshiftSdn = defineCni({
  id: 'openshift-sdn',
  name: 'OpenShift SDN',
  agent: { workloadNames: /^(sdn|ovs)$/, image: /openshift-sdn|origin-node|ose-node|\/sdn:/, container: /^(sdn|openvswitch)$/ },
  controlPlane: { workloadNames: /^sdn-controller/ },
  configTypes: ['openshift-sdn'],
  configFileName: /openshift-(sdn|network)/,
  namespaces: ['openshift-sdn'],
  customGroups: ['network.openshift.io'],
});
