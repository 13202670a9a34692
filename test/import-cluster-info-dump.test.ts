// `kubectl cluster-info dump --output-directory`: a faithful synthetic dump (the layout of kubectl's
// clusterinfo_dump.go) of a cluster whose Calico agent crash-loops and whose node is NotReady with
// `cni plugin not initialized` must give that diagnosis, citing the dump's own files and lines —
// logs.txt holds every container between START/END markers, and a conflist that install-cni prints
// at column 0 inside it is log text, not a document.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyze, SHARED } from './helpers/bundles.js';
import { daemonSet, event, list, node, pod } from './helpers/fixtures/k8s.js';

function dump(): string {
  const dir = path.join(mkdtempSync(path.join(tmpdir(), 'cni-doctor-cid-')), 'cluster-state');
  const notReady = { status: 'False' as const, reason: 'KubeletNotReady', message: 'container runtime network not ready: NetworkReady=false reason:NetworkPluginNotReady message:Network plugin returns error: cni plugin not initialized' };
  const calicoDs = daemonSet({ namespace: 'kube-system', name: 'calico-node', selector: { 'k8s-app': 'calico-node' }, containers: [{ name: 'calico-node', image: 'docker.io/calico/node:v3.27.3', memoryLimit: '512Mi' }], desired: 2, ready: 1 });
  const crashing = pod({ namespace: 'kube-system', name: 'calico-node-x7k2p', node: 'w-2', hostNetwork: true, ip: '10.0.0.12', owner: { kind: 'DaemonSet', name: 'calico-node' }, labels: { 'k8s-app': 'calico-node' }, initContainers: [{ name: 'install-cni', image: 'docker.io/calico/cni:v3.27.3' }], containers: [{ name: 'calico-node', image: 'docker.io/calico/node:v3.27.3', ready: false, restartCount: 14, waiting: { reason: 'CrashLoopBackOff', message: 'back-off 5m0s restarting failed container' } }] });
  const healthy = pod({ namespace: 'kube-system', name: 'calico-node-a1b2c', node: 'w-1', hostNetwork: true, ip: '10.0.0.11', owner: { kind: 'DaemonSet', name: 'calico-node' }, labels: { 'k8s-app': 'calico-node' }, containers: [{ name: 'calico-node', image: 'docker.io/calico/node:v3.27.3' }] });
  const files: Record<string, string> = {
    'nodes.json': list([node({ name: 'w-1', ip: '10.0.0.11', podCIDR: '10.244.1.0/24' }), node({ name: 'w-2', ip: '10.0.0.12', podCIDR: '10.244.2.0/24', ready: notReady })]),
    'kube-system/daemonsets.json': list([calicoDs]),
    'kube-system/pods.json': list([healthy, crashing]),
    'kube-system/events.json': list([event({ namespace: 'kube-system', object: { kind: 'Pod', name: 'calico-node-x7k2p' }, reason: 'BackOff', type: 'Warning', count: 40, host: 'w-2', message: 'Back-off restarting failed container calico-node in pod calico-node-x7k2p_kube-system' })]),
    'kube-system/services.json': list([]),
    'kube-system/deployments.json': list([]),
    'kube-system/replicasets.json': list([]),
    'kube-system/calico-node-x7k2p/logs.txt': [
      '==== START logs for container install-cni of pod kube-system/calico-node-x7k2p ====',
      '2026-11-30 09:57:58.001 [INFO][1] cni-installer/install.go 400: Created CNI config calico.conflist',
      '{',
      '  "name": "k8s-pod-network",',
      '  "cniVersion": "0.3.1",',
      '  "plugins": [{"type": "calico"}]',
      '}',
      '==== END logs for container install-cni of pod kube-system/calico-node-x7k2p ====',
      '==== START logs for container calico-node of pod kube-system/calico-node-x7k2p ====',
      '2026-11-30 09:58:01.123 [FATAL][1] startup/startup.go 155: Failed to query the Kubernetes API error=Unauthorized',
      '==== END logs for container calico-node of pod kube-system/calico-node-x7k2p ====',
      '',
    ].join('\n'),
  };
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

describe('kubectl cluster-info dump (directory form)', () => {
  it('diagnoses the crash-looping agent and the NotReady node, citing the dump\'s files and lines', async () => {
    const { report, data } = await analyze(dump());
    expect(report.bundle.origin).toEqual({ format: 'cluster-info-dump', tool: 'kubectl cluster-info dump', version: null });
    expect(report.bundle.counts).toMatchObject({ nodes: 2, pods: 2, events: 1 });
    expect(report.bundle.plugins.map((p) => p.id)).toEqual(['calico']);
    // logs.txt splits into one log per container, lines numbered in the file.
    expect(data.logs.map((l) => `${l.container}:${l.lineCount}`)).toEqual(['install-cni:6', 'calico-node:1']);
    const notReady = report.findings.find((f) => f.ruleId === 'node-not-ready');
    expect(notReady?.scope.names).toEqual(['w-2']);
    expect(notReady?.evidence.map((e) => e.file)).toEqual(['nodes.json']);
    const agent = report.findings.find((f) => f.ruleId === 'cni-agent-unhealthy');
    expect(agent?.summary).toMatch(/calico-node-x7k2p calico-node CrashLoopBackOff/);
    expect(agent?.evidence.map((e) => e.file)).toEqual(expect.arrayContaining(['kube-system/daemonsets.json', 'kube-system/pods.json']));
    const rbac = report.findings.find((f) => f.ruleId === 'cni-rbac-denied');
    expect(rbac?.evidence).toEqual(expect.arrayContaining([expect.objectContaining({ file: 'kube-system/calico-node-x7k2p/logs.txt', line: 10, excerpt: expect.stringContaining('error=Unauthorized') })]));
    // The conflist install-cni printed is log text: no document, no read problem.
    expect(JSON.stringify(report.findings)).not.toMatch(/could not be read or interpreted/);
    expect(report.bundle.warnings.join(' ')).toMatch(/made by kubectl cluster-info dump .*does not contain previous logs/);
  });
});

// kubectl ≤ 1.10 printed the server's internal Go types (kubernetes/kubernetes#65221): `Items`, no
// kind, ObjectMeta inlined with its json names, every other field by its Go name. Written by hand as
// encoding/json prints those structs (4-space indent), not derived from the versioned fixtures.
const INTERNAL_NODES = `{
    "selfLink": "/api/v1/nodes",
    "resourceVersion": "90211",
    "Items": [
        {
            "name": "k8s-w-2",
            "selfLink": "/api/v1/nodes/k8s-w-2",
            "uid": "4c1d1b0e-2f53-11e8-9a7e-0800271b4a6c",
            "resourceVersion": "90190",
            "creationTimestamp": "2018-03-24T10:02:11Z",
            "labels": {
                "beta.kubernetes.io/arch": "amd64",
                "kubernetes.io/hostname": "k8s-w-2"
            },
            "annotations": {
                "node.alpha.kubernetes.io/ttl": "0"
            },
            "Spec": {
                "PodCIDR": "10.244.2.0/24",
                "ExternalID": "k8s-w-2",
                "ProviderID": "",
                "Unschedulable": false,
                "Taints": null,
                "ConfigSource": null
            },
            "Status": {
                "Capacity": {
                    "cpu": "2",
                    "memory": "2048076Ki",
                    "pods": "110"
                },
                "Allocatable": {
                    "cpu": "2",
                    "pods": "110"
                },
                "Phase": "",
                "Conditions": [
                    {
                        "Type": "Ready",
                        "Status": "False",
                        "LastHeartbeatTime": "2018-03-24T12:40:02Z",
                        "LastTransitionTime": "2018-03-24T10:02:11Z",
                        "Reason": "KubeletNotReady",
                        "Message": "runtime network not ready: NetworkReady=false reason:NetworkPluginNotReady message:docker: network plugin is not ready: cni config uninitialized"
                    }
                ],
                "Addresses": [
                    {
                        "Type": "InternalIP",
                        "Address": "192.168.56.12"
                    },
                    {
                        "Type": "Hostname",
                        "Address": "k8s-w-2"
                    }
                ],
                "DaemonEndpoints": {
                    "KubeletEndpoint": {
                        "Port": 10250
                    }
                },
                "NodeInfo": {
                    "MachineID": "0c3f5c8e2a0b4d7f9e1a2b3c4d5e6f70",
                    "KernelVersion": "4.4.0-116-generic",
                    "OSImage": "Ubuntu 16.04.4 LTS",
                    "ContainerRuntimeVersion": "docker://17.3.2",
                    "KubeletVersion": "v1.10.0",
                    "KubeProxyVersion": "v1.10.0",
                    "OperatingSystem": "linux",
                    "Architecture": "amd64"
                },
                "Images": null,
                "VolumesInUse": null,
                "VolumesAttached": null,
                "Config": null
            }
        }
    ]
}
`;
const INTERNAL_PODS = `{
    "selfLink": "/api/v1/namespaces/kube-system/pods",
    "resourceVersion": "90211",
    "Items": [
        {
            "name": "kube-flannel-ds-7xq2m",
            "generateName": "kube-flannel-ds-",
            "namespace": "kube-system",
            "selfLink": "/api/v1/namespaces/kube-system/pods/kube-flannel-ds-7xq2m",
            "uid": "5d2e2c1f-2f53-11e8-9a7e-0800271b4a6c",
            "resourceVersion": "90177",
            "creationTimestamp": "2018-03-24T10:02:40Z",
            "labels": {
                "app": "flannel",
                "tier": "node"
            },
            "ownerReferences": [
                {
                    "apiVersion": "extensions/v1beta1",
                    "kind": "DaemonSet",
                    "name": "kube-flannel-ds",
                    "uid": "1b0e4c1d-2f50-11e8-9a7e-0800271b4a6c",
                    "controller": true,
                    "blockOwnerDeletion": true
                }
            ],
            "Spec": {
                "Volumes": [
                    {
                        "Name": "cni",
                        "HostPath": {
                            "Path": "/etc/cni/net.d",
                            "Type": ""
                        }
                    }
                ],
                "InitContainers": null,
                "Containers": [
                    {
                        "Name": "kube-flannel",
                        "Image": "quay.io/coreos/flannel:v0.10.0-amd64",
                        "Command": [
                            "/opt/bin/flanneld"
                        ],
                        "Args": [
                            "--ip-masq",
                            "--kube-subnet-mgr"
                        ],
                        "Resources": {
                            "Limits": {
                                "cpu": "100m",
                                "memory": "50Mi"
                            },
                            "Requests": {
                                "cpu": "100m",
                                "memory": "50Mi"
                            }
                        },
                        "ImagePullPolicy": "IfNotPresent"
                    }
                ],
                "RestartPolicy": "Always",
                "DNSPolicy": "ClusterFirst",
                "NodeSelector": {
                    "beta.kubernetes.io/arch": "amd64"
                },
                "ServiceAccountName": "flannel",
                "NodeName": "k8s-w-2",
                "SecurityContext": {
                    "HostNetwork": true,
                    "HostPID": false,
                    "HostIPC": false
                }
            },
            "Status": {
                "Phase": "Running",
                "Conditions": [
                    {
                        "Type": "Ready",
                        "Status": "False",
                        "LastProbeTime": null,
                        "LastTransitionTime": "2018-03-24T10:03:40Z",
                        "Reason": "ContainersNotReady",
                        "Message": "containers with unready status: [kube-flannel]"
                    }
                ],
                "HostIP": "192.168.56.12",
                "PodIP": "192.168.56.12",
                "StartTime": "2018-03-24T10:02:40Z",
                "ContainerStatuses": [
                    {
                        "Name": "kube-flannel",
                        "State": {
                            "Waiting": {
                                "Reason": "CrashLoopBackOff",
                                "Message": "Back-off 5m0s restarting failed container=kube-flannel pod=kube-flannel-ds-7xq2m_kube-system(5d2e2c1f-2f53-11e8-9a7e-0800271b4a6c)"
                            },
                            "Running": null,
                            "Terminated": null
                        },
                        "LastTerminationState": {
                            "Waiting": null,
                            "Running": null,
                            "Terminated": {
                                "ExitCode": 1,
                                "Reason": "Error",
                                "StartedAt": "2018-03-24T12:35:01Z",
                                "FinishedAt": "2018-03-24T12:35:02Z"
                            }
                        },
                        "Ready": false,
                        "RestartCount": 31,
                        "Image": "quay.io/coreos/flannel:v0.10.0-amd64",
                        "ImageID": "docker-pullable://quay.io/coreos/flannel@sha256:88f2b4d96fae34bfff3d46293f7f18d1f9f3ca026b4a4d288f28347fcb6580ac",
                        "ContainerID": "docker://3f9d2c1b0a"
                    }
                ],
                "QOSClass": "Guaranteed"
            }
        }
    ]
}
`;

describe('kubectl cluster-info dump of kubectl ≤ 1.10 (internal-type JSON)', () => {
  it('reads `Items` and Go field names as the versioned objects, and diagnoses the NotReady node and crashing agent', async () => {
    const dir = path.join(mkdtempSync(path.join(tmpdir(), 'cni-doctor-cid-110-')), 'cluster-state');
    mkdirSync(path.join(dir, 'kube-system'), { recursive: true });
    writeFileSync(path.join(dir, 'nodes.json'), INTERNAL_NODES);
    writeFileSync(path.join(dir, 'kube-system/pods.json'), INTERNAL_PODS);
    // An empty internal List: a nil slice, no kind.
    writeFileSync(path.join(dir, 'kube-system/events.json'), '{\n    "selfLink": "/api/v1/namespaces/kube-system/events",\n    "resourceVersion": "90211",\n    "Items": null\n}\n');
    const { report, data } = await analyze(dir);
    expect(report.bundle.origin.format).toBe('cluster-info-dump');
    expect(report.bundle.counts).toMatchObject({ nodes: 1, pods: 1, events: 0 });
    expect(data.problems).toEqual([]);
    const [n] = data.nodes;
    expect(n).toMatchObject({ name: 'k8s-w-2', podCIDRs: ['10.244.2.0/24'], internalIPs: ['192.168.56.12'] });
    const [p] = data.pods;
    expect(p).toMatchObject({ namespace: 'kube-system', name: 'kube-flannel-ds-7xq2m', nodeName: 'k8s-w-2', hostNetwork: true });
    expect(report.bundle.plugins.map((x) => x.id)).toEqual(['flannel']);
    const notReady = report.findings.find((f) => f.ruleId === 'node-not-ready');
    expect(notReady?.scope.names).toEqual(['k8s-w-2']);
    // Evidence is the user's own bytes: the Go field names, on the condition's line in nodes.json.
    expect(notReady?.evidence).toEqual(expect.arrayContaining([expect.objectContaining({ file: 'nodes.json', excerpt: expect.stringContaining('cni config uninitialized') })]));
    const agent = report.findings.find((f) => f.ruleId === 'cni-agent-unhealthy');
    expect(agent?.summary).toMatch(/kube-flannel-ds-7xq2m kube-flannel CrashLoopBackOff/);
    expect(report.bundle.warnings.join(' ')).toMatch(/kubectl 1\.10 or older.*internal/);
  });

  it('reads the stdout form too: internal-type documents are told apart by their selfLink', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cni-doctor-cid-110-stdout-'));
    const file = path.join(dir, 'cluster-dump.txt');
    const replicaSets = '{\n    "selfLink": "/apis/extensions/v1beta1/namespaces/kube-system/replicasets",\n    "resourceVersion": "90211",\n    "Items": []\n}\n';
    const logBlock = ['==== START logs for container kube-flannel of pod kube-system/kube-flannel-ds-7xq2m ====', 'I0324 12:35:01.912345       1 main.go:474] Determining IP address of default interface', 'E0324 12:35:02.001234       1 main.go:231] Failed to create SubnetManager: error retrieving pod spec for \'kube-system/kube-flannel-ds-7xq2m\': pods "kube-flannel-ds-7xq2m" is forbidden: User "system:serviceaccount:kube-system:flannel" cannot get pods in the namespace "kube-system"', '==== END logs for container kube-flannel of pod kube-system/kube-flannel-ds-7xq2m ===='].join('\n');
    writeFileSync(file, `${INTERNAL_NODES}${replicaSets}${INTERNAL_PODS}${logBlock}\n`);
    const { report, data } = await analyze(file);
    expect(report.bundle.counts).toMatchObject({ nodes: 1, pods: 1 });
    expect(data.problems).toEqual([]);
    expect(data.pods[0]).toMatchObject({ name: 'kube-flannel-ds-7xq2m', nodeName: 'k8s-w-2', hostNetwork: true });
    expect(report.findings.find((f) => f.ruleId === 'node-not-ready')?.evidence[0]).toMatchObject({ file: 'cluster-dump.txt' });
    expect(report.findings.find((f) => f.ruleId === 'cni-rbac-denied')?.evidence).toEqual(expect.arrayContaining([expect.objectContaining({ file: 'cluster-dump.txt', excerpt: expect.stringContaining('cannot get pods') })]));
    expect(report.bundle.warnings.join(' ')).toMatch(/kubectl 1\.10 or older.*cluster-dump\.txt/);
  });
});

describe('kubectl cluster-info dump (stdout form) served and converted', () => {
  const REAL = path.join(SHARED, 'foreign/cluster-info-dump/stdout-minikube-2020/cluster-dump.txt');

  it('is served to the real kubectl: its Lists as resources, its log blocks as container logs', async () => {
    const { loadStore } = await import('../src/serve/store.js');
    const { startServer, kubeconfig } = await import('../src/serve/server.js');
    const { execFile } = await import('node:child_process');
    const { promisify } = await import('node:util');
    const store = await loadStore(REAL);
    const server = await startServer(store);
    try {
      const kc = path.join(mkdtempSync(path.join(tmpdir(), 'cni-doctor-cid-serve-')), 'kubeconfig');
      writeFileSync(kc, kubeconfig(server.url, 'dump'));
      const kubectl = async (...args: string[]) => (await promisify(execFile)(process.env.KUBECTL ?? 'kubectl', ['--kubeconfig', kc, ...args], { encoding: 'utf8' })).stdout;
      expect((await kubectl('get', 'nodes', '--no-headers')).trim()).toMatch(/^minikube +Ready/);
      const pods = (await kubectl('get', 'pods', '-A', '--no-headers')).trim().split('\n');
      expect(pods).toHaveLength(12);
      // The block between the START/END markers, without them.
      const text = readFileSync(REAL, 'utf8');
      const block = /==== START logs for container coredns of pod kube-system\/coredns-5c98db65d4-8zb2q ====\n([\s\S]*?)==== END logs/.exec(text)![1]!;
      expect(await kubectl('logs', '-n', 'kube-system', 'coredns-5c98db65d4-8zb2q')).toBe(block);
    } finally {
      await server.close();
    }
  });

  it('converts to a cni-doctor bundle: Lists merged, one log per block, the dump kept verbatim', async () => {
    const { spawnSync } = await import('node:child_process');
    const { REPO } = await import('./helpers/bundles.js');
    const dir = mkdtempSync(path.join(tmpdir(), 'cni-doctor-cid-convert-'));
    const out = path.join(dir, 'converted.tar.gz');
    const r = spawnSync(process.execPath, [path.join(REPO, 'bin/cni-doctor.js'), 'convert', REAL, '-o', out], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/from the kubectl cluster-info dump bundle/);
    const x = path.join(dir, 'x');
    mkdirSync(x);
    expect(spawnSync('tar', ['-xzf', out, '-C', x, '--strip-components=1']).status).toBe(0);
    expect(readFileSync(path.join(x, 'foreign/cluster-dump.txt')).equals(readFileSync(REAL))).toBe(true);
    const text = readFileSync(REAL, 'utf8');
    const block = /==== START logs for container kube-proxy of pod kube-system\/(kube-proxy-\w+) ====\n([\s\S]*?)==== END logs/.exec(text)!;
    expect(readFileSync(path.join(x, `logs/kube-system/${block[1]}/kube-proxy.log`), 'utf8')).toBe(block[2]);
    const original = await analyze(REAL);
    const converted = await analyze(out);
    expect(converted.report.bundle.counts).toMatchObject({ nodes: original.report.bundle.counts.nodes, pods: original.report.bundle.counts.pods, events: original.report.bundle.counts.events });
    const diagnosis = (f: typeof original.report.findings) => f.filter((x) => x.ruleId !== 'bundle-collection-gap').map((x) => [x.ruleId, x.severity, x.scope.names]);
    expect(diagnosis(converted.report.findings)).toEqual(diagnosis(original.report.findings));
    expect(converted.data.logs.length).toBe(original.data.logs.length);
  });
});

describe('kubectl cluster-info dump (stdout form)', () => {
  // ../shared/foreign/cluster-info-dump: a real dump of a healthy minikube (craig8/
  // blockchain-automation-framework cluster-dump.txt at c5ddeb40, Apache-2.0).
  const REAL = path.join(SHARED, 'foreign/cluster-info-dump/stdout-minikube-2020/cluster-dump.txt');

  it('reads the real dump: every document, every log block, lines numbered in the file, and stays quiet', async () => {
    const { report, data } = await analyze(REAL);
    expect(report.bundle.packaging).toBe('file');
    expect(report.bundle.origin.format).toBe('cluster-info-dump');
    // Counted independently of the reader: 1 NodeList item, 12 pods, 69 events.
    expect(report.bundle.counts).toMatchObject({ nodes: 1, pods: 12, events: 69, files: 1 });
    expect(report.bundle.nodes.map((n) => n.name)).toEqual(['minikube']);
    const text = readFileSync(REAL, 'utf8').split('\n');
    expect(data.logs).toHaveLength(text.filter((l) => l.startsWith('==== START logs for container ')).length);
    expect(data.logs.find((l) => l.container === 'kube-proxy')).toMatchObject({ namespace: 'kube-system', pod: 'kube-proxy-xvjhl' });
    // Evidence lines are lines of the user's file.
    for (const e of report.bundle.timeline) expect(text[e.line! - 1], `${e.file}:${e.line}`).toContain('"message"');
    expect(report.findings.filter((f) => f.severity !== 'info')).toEqual([]);
  });

  it('keeps JSON printed inside a log block as log text, and says when the dump is cut inside a document', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cni-doctor-cid-stdout-'));
    const nodes = JSON.stringify({ kind: 'NodeList', apiVersion: 'v1', metadata: {}, items: [node({ name: 'w-1', ip: '10.0.0.11' })] }, null, 4);
    const pods = JSON.stringify({ kind: 'PodList', apiVersion: 'v1', metadata: {}, items: [pod({ namespace: 'kube-system', name: 'calico-node-a1b2c', node: 'w-1', containers: [{ name: 'calico-node', image: 'calico/node:v3.27.3' }] })] }, null, 4);
    const logBlock = ['==== START logs for container install-cni of pod kube-system/calico-node-a1b2c ====', '{', '    "kind": "PodList",', '    "items": []', '}', '==== END logs for container install-cni of pod kube-system/calico-node-a1b2c ===='].join('\n');
    const file = path.join(dir, 'dump.txt');
    writeFileSync(file, `${nodes}\n${pods}\n${logBlock}\n${pods.split('\n').slice(0, 12).join('\n')}\n`);
    const { report, data } = await analyze(file);
    expect(report.bundle.counts).toMatchObject({ nodes: 1, pods: 1 });
    expect(data.logs.map((l) => `${l.container}:${l.lineCount}`)).toEqual(['install-cni:4']);
    expect(data.problems.map((p) => p.message).join(' ')).toMatch(/ends inside a document/);
  });
});
