// The layered FailedCreatePodSandBox message: kubelet → runtime → libcni → plugin, on real events.
import { describe, expect, it } from 'vitest';
import { parseSandboxMessage } from '../../src/parsers/sandbox-message.js';
import { realWorld } from '../helpers/bundles.js';

/** The Message column of the first FailedCreatePodSandBox row of a real `kubectl describe` paste. */
function message(file: string): string {
  const line = realWorld(file).split('\n').find((l) => l.includes('FailedCreatePodSandBox'))!;
  return line.slice(line.search(/Failed (?:to )?create pod sandbox/)).replace(/`$/, '');
}

describe('sandbox failure messages', () => {
  it('containerd + libcni ≥1.0: plugin type and the plugin error (projectcalico/calico#8180)', () => {
    const f = parseSandboxMessage(message('events-calico-host-route-conflict.txt'));
    expect(f).toMatchObject({ network: true, runtime: 'containerd', pluginType: 'calico', operation: 'add' });
    expect(f.sandboxId).toMatch(/^3c8b059c/);
    expect(f.signature?.signature.kind).toBe('calico-route-conflict');
  });

  it("Azure CNI through CNS, as Microsoft's AKS guide prints it: single quotes, wrapped (MicrosoftDocs/architecture-center#4402)", () => {
    // The guide wraps the message at 100 columns after a space; unwrapped it is the event's message.
    const text = realWorld('events-azure-cni-cns-not-enough-ips-docs.txt').split('\n').filter(Boolean).join('');
    const f = parseSandboxMessage(text);
    expect(f).toMatchObject({ network: true, runtime: 'containerd', pluginType: 'azure-vnet', operation: 'add' });
    expect(f.sandboxId).toBe('ac1b1354613465324654c1588ac64f1a756aa32f14732246ac4132133ba21364');
    expect(f.pluginError).toMatch(/^IPAM Invoker Add failed with error: Failed to get IP address from CNS/);
    expect(f.signature?.signature.id).toBe('AZ-01');
  });

  it('CRI-O: network name and the bridge plugin error (kubernetes/kubernetes#121102)', () => {
    const f = parseSandboxMessage(message('events-crio-bridge-permission-denied.txt'));
    expect(f).toMatchObject({ runtime: 'cri-o', cniNetwork: 'crio', pod: 'kube-system_nginx', pluginType: 'bridge' });
    expect(f.pluginError).toBe('failed to set bridge addr: could not add IP address to "cni0": permission denied');
    expect(f.signature?.signature.kind).toBe('bridge-address-conflict');
  });

  it('dockershim, old kubelet wording and no libcni wrapper (aws/amazon-vpc-cni-k8s#281)', () => {
    const f = parseSandboxMessage(message('events-aws-cni-failed-to-assign-ip-dockershim.txt'));
    expect(f).toMatchObject({ runtime: 'dockershim', pluginError: 'add cmd: failed to assign an IP address to container' });
    expect(f.pluginType).toBeUndefined();
    expect(f.signature?.signature.kind).toBe('ip-exhausted');
  });

  it('dockershim with the flannel plugin of containernetworking/plugins (kubernetes/website#10377)', () => {
    const f = parseSandboxMessage(message('events-flannel-subnet-env-missing-dockershim.txt'));
    expect(f.signature?.signature.kind).toBe('flannel-subnet-env-missing');
    expect(f.pod).toBe('node1-6777d4468-d6tvq_default');
  });

  it('Calico: nodename missing and ClusterInformation timeout (kubernetes/kubernetes#62451, projectcalico/calico#6716)', () => {
    expect(parseSandboxMessage(message('events-calico-nodename-missing-dockershim.txt')).signature?.signature.kind).toBe('calico-not-running');
    expect(parseSandboxMessage(message('events-calico-failedcreatepodsandbox-clusterinformation-timeout.txt')).signature?.signature.kind).toBe('apiserver-unreachable');
  });

  it('a plugin binary that is not executable (aws/amazon-vpc-cni-k8s#3621)', () => {
    const f = parseSandboxMessage(message('events-cni-plugin-binary-not-executable.txt'));
    expect(f).toMatchObject({ pluginType: 'bandwidth' });
    expect(f.signature?.groups).toMatchObject({ plugin: 'bandwidth', err: 'permission denied' });
  });

  it('keeps the pod network flag off for a failure that is not about the network', () => {
    const f = parseSandboxMessage('Failed to create pod sandbox: rpc error: code = Unknown desc = failed to create containerd task: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: error during container init: error setting cgroup config for procHooks process: failed to write "400000": write /sys/fs/cgroup/cpu.max: invalid argument: unknown');
    expect(f.network).toBe(false);
  });
});
