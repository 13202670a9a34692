// The emergency matrix (report.triage.matrix): four rows in the field guide's order, each failing,
// at risk, ok or unknown on a bundle that shows it, with the findings that decide it and the steps.
import { describe, expect, it } from 'vitest';
import type { MatrixRow, Report, Symptom } from '../src/model/report.js';
import { loadBundle } from '../src/analyze/load.js';
import { analyzeBundle } from '../src/analyze/engine.js';
import { MemorySource } from '../src/bundle/source.js';
import { list, node } from './helpers/fixtures/k8s.js';
import { analyze, SAMPLES, scenarioFiles } from './helpers/bundles.js';
import path from 'node:path';

const reports = new Map<string, Promise<Report>>();
const scenario = (name: string) => {
  if (!reports.has(name)) reports.set(name, analyze(path.join(SAMPLES, name)).then((r) => r.report));
  return reports.get(name)!;
};
const inMemory = async (files: Record<string, string | Buffer>) => analyzeBundle(await loadBundle(new MemorySource(files)), { toolVersion: 'test', source: 'memory' });
const row = (r: Report, s: Symptom): MatrixRow => r.triage.matrix.find((x) => x.symptom === s)!;

describe('the matrix', () => {
  it('has the four rows in the field guide\'s order, with their times to impact', async () => {
    const r = await scenario('healthy-calico');
    expect(r.triage.matrix.map((x) => [x.symptom, x.timeToImpact])).toEqual([['new-pods', 'minutes'], ['pod-to-pod', 'immediate'], ['dns', 'immediate'], ['ip-space', 'hours']]);
    expect(r.triage.matrix.map((x) => x.question)).toEqual(['Can new pods get a network?', 'Can pods on different nodes reach each other?', 'Does DNS resolve?', 'Is there IP space for new pods?']);
  });

  it('is ok on every row of a healthy cluster, saying what it read, with no step to take and nothing to fix first', async () => {
    const r = await scenario('healthy-calico');
    expect(r.triage.matrix.map((x) => x.verdict)).toEqual(['ok', 'ok', 'ok', 'ok']);
    expect(row(r, 'pod-to-pod').summary).toBe('No failure in what tells: Calico BGP status of 3 nodes, kube-proxy 3/3 ready, the probe\'s egress check.');
    expect(row(r, 'dns').summary).toMatch(/^No failure in what tells: CoreDNS 2\/2 ready, 3 NetworkPolicies checked for port 53/);
    expect(row(r, 'ip-space').summary).toMatch(/fullest 192\.168\.\S+ at \d+ %/);
    for (const x of r.triage.matrix) expect([x.findings, x.action, x.fallback]).toEqual([[], null, null]);
    // Its one finding (no memory limit on calico-node) is hygiene: it restores no service.
    expect(r.findings.map((f) => f.ruleId)).toContain('cni-agent-memory');
    expect(r.triage.topRootCause).toBeNull();
  });
});

describe('new pods', () => {
  it('fails where sandboxes fail, naming the root cause and its steps (calico-missing-portmap)', async () => {
    const r = await scenario('calico-missing-portmap');
    const x = row(r, 'new-pods');
    expect(x.verdict).toBe('failing');
    expect(x.findings[0]).toBe('cni-binary-missing:portmap');
    expect(x.findings).toContain('cni-sandbox-failures');
    expect(x.summary).toMatch(/^New pods cannot get a network on worker-2 \(1 of 3 nodes\).*Root cause: CNI plugin binary "portmap" is missing or not executable \(1 of 3 nodes\)/);
    expect(x.action).toEqual(r.findings.find((f) => f.id === 'cni-binary-missing:portmap')!.actions[0]);
    expect(x.fallback?.risk).toBe('downtime');
    expect(r.triage.topRootCause?.finding).toBe('cni-binary-missing:portmap');
  });

  it('is at risk when only a latent config problem is seen (a CRLF config)', async () => {
    const files = scenarioFiles('healthy-flannel');
    const conf = files['nodes/worker-1/etc-cni-net.d/10-flannel.conflist']!.toString().replace(/\n/g, '\r\n');
    const r = await inMemory(scenarioFiles('healthy-flannel', { 'nodes/worker-1/etc-cni-net.d/10-flannel.conflist': conf }));
    const x = row(r, 'new-pods');
    expect(x.verdict).toBe('at-risk');
    expect(x.findings).toEqual(['cni-config-crlf:10-flannel.conflist']);
    expect(x.summary).toMatch(/^1 of 3 nodes: CNI config has CRLF line endings|^1 of 3 nodes: /);
  });

  it('is unknown when the bundle has neither events nor nodes, and says how to find out', async () => {
    const r = await inMemory({ 'cluster/pods.json': list([]) });
    const x = row(r, 'new-pods');
    expect(x.verdict).toBe('unknown');
    expect(x.summary).toMatch(/cannot be told/);
    expect(x.action?.commands).toContain('kubectl get events -A --field-selector reason=FailedCreatePodSandBox');
  });

  it('stays ok when an agent is not ready because of a dataplane failure: that failure is pod-to-pod\'s (calico-bgp-down)', async () => {
    const r = await scenario('calico-bgp-down');
    expect(row(r, 'new-pods').verdict).toBe('ok');
    const p = row(r, 'pod-to-pod');
    expect(p.verdict).toBe('failing');
    expect(p.findings[0]).toBe('calico-bgp-peer-down');
    expect(p.action?.title).toMatch(/Open TCP 179/);
    // The root cause comes first, in the matrix and in the report.
    expect(r.findings[0]!.id).toBe('calico-bgp-peer-down');
    expect(r.triage.topRootCause?.finding).toBe('calico-bgp-peer-down');
  });
});

describe('pod-to-pod', () => {
  it('fails on BGP sessions down, with the missing routes as its symptom (kube-router-bgp-down)', async () => {
    const x = row(await scenario('kube-router-bgp-down'), 'pod-to-pod');
    expect(x.verdict).toBe('failing');
    expect(x.findings).toEqual(['kube-router-bgp-peer-down', 'pod-routing-failure:routes']);
  });

  it('is at risk when routers fall back to sleeve (slow, not broken)', async () => {
    const files = scenarioFiles('healthy-weave');
    const conns = files['plugins/weave/status-connections/cp-1.txt']!.toString().replace(/established fastdp/g, 'established sleeve');
    const x = row(await inMemory(scenarioFiles('healthy-weave', { 'plugins/weave/status-connections/cp-1.txt': conns })), 'pod-to-pod');
    expect(x.verdict).toBe('at-risk');
    expect(x.findings).toEqual(['weave-connection-failed']);
  });

  it('is unknown on a bundle with no BGP, health, routes or kube-proxy (the real must-gather)', async () => {
    const x = row(await scenario('foreign-must-gather-ocp'), 'pod-to-pod');
    expect(x.verdict).toBe('unknown');
    expect(x.summary).toMatch(/^The bundle holds nothing that tells whether pods on different nodes reach each other/);
    expect(x.action?.commands).toEqual(['cni-doctor collect -o bundle.tar.gz']);
  });
});

describe('DNS', () => {
  it('fails when NetworkPolicies block port 53 (dns-policy), with the allow rule first and the emergency delete last', async () => {
    const x = row(await scenario('dns-policy'), 'dns');
    expect(x.verdict).toBe('failing');
    expect(x.findings[0]).toBe('dns-blocked-by-policy');
    expect(x.action?.title).toMatch(/Add a DNS egress allow rule/);
    expect(x.fallback?.title).toMatch(/Emergency: delete the blocking policy/);
  });

  it('fails when kube-proxy is down on a node: Service VIPs, CoreDNS among them, do not answer there', async () => {
    const r = await scenario('kind-kube-proxy-crashloop');
    expect(row(r, 'dns').verdict).toBe('failing');
    expect(row(r, 'pod-to-pod').findings[0]).toBe('kube-proxy-unhealthy');
  });

  it('reads OpenShift\'s CoreDNS (the DaemonSet dns-default)', async () => {
    expect(row(await scenario('foreign-must-gather-ocp'), 'dns')).toMatchObject({ verdict: 'ok', summary: 'No failure in what tells: CoreDNS 6/6 ready.' });
  });

  it('is unknown without CoreDNS in the bundle', async () => {
    const x = row(await inMemory({ 'cluster/nodes.json': list([node({ name: 'n1', ip: '10.0.0.1' })]) }), 'dns');
    expect(x.verdict).toBe('unknown');
    expect(x.summary).toMatch(/no CoreDNS \(or kube-dns\) Deployment or pods, and no probe/);
  });
});

describe('IP space', () => {
  it('fails when allocations fail (azure-ip-exhaustion), with Azure\'s steps', async () => {
    const x = row(await scenario('azure-ip-exhaustion'), 'ip-space');
    expect(x.verdict).toBe('failing');
    expect(x.findings[0]).toBe('ip-pool-exhaustion:failures');
    expect(x.action?.commands[0]).toBe('kubectl get nodenetworkconfigs -n kube-system -o wide');
  });

  it('is at risk above the guide\'s 80 % while allocations still succeed', async () => {
    const table = scenarioFiles('healthy-calico')['plugins/calico/ipam-show.txt']!.toString().replace('| 10 (0%)    | 65526 (100%) |', '| 55706 (85%) | 9830 (15%)   |');
    const x = row(await inMemory(scenarioFiles('healthy-calico', { 'plugins/calico/ipam-show.txt': table })), 'ip-space');
    expect(x.verdict).toBe('at-risk');
    expect(x.findings).toEqual(['ip-pool-exhaustion:utilization']);
  });

  it('is at risk on Calico blocks filling up (calico-misconfig)', async () => {
    const x = row(await scenario('calico-misconfig'), 'ip-space');
    expect(x.verdict).toBe('at-risk');
    expect(x.findings).toEqual(['calico-ipam-blocks-high']);
  });

  it('is unknown without IPAM figures or podCIDRs (the real must-gather: HostSubnets are not gathered)', async () => {
    expect(row(await scenario('foreign-must-gather-ocp'), 'ip-space').verdict).toBe('unknown');
  });
});

describe('agents in triage', () => {
  it('says which container of a Running agent pod is not ready, not just "Running"', async () => {
    const r = await scenario('calico-bgp-down');
    const problems = r.triage.agents.flatMap((a) => a.problems);
    expect(problems.length).toBeGreaterThan(0);
    for (const p of problems) expect(p).not.toMatch(/: Running$/);
    expect(problems.some((p) => /: Running, calico-node not ready$/.test(p))).toBe(true);
  });
});

describe('the Markdown report opens with the four answers', () => {
  it('puts the matrix and the root cause to fix first before the bundle table and the findings', async () => {
    const { renderMarkdown } = await import('../src/report/markdown.js');
    const md = renderMarkdown(await scenario('calico-bgp-down'));
    const lines = md.split('\n');
    expect(lines[2]).toBe('| Question | Answer | Impact in | What the bundle shows | First step | Fallback |');
    expect(lines[4]).toMatch(/^\| Can new pods get a network\? \| \*\*OK\*\* \| minutes \| No pod-network failures/);
    expect(lines[5]).toMatch(/^\| Can pods on different nodes reach each other\? \| \*\*FAILING\*\* \| immediate \| 3 of 3 nodes: Calico BGP sessions are down; 2 more findings\. \(#1, #3, #4\) \| Open TCP 179 between all nodes/);
    expect(lines[9]).toMatch(/^\*\*Fix first:\*\* #1 — Calico BGP sessions are down \(3 of 3 nodes\): 4 BGP session\(s\) are not Established/);
    expect(md.indexOf('**Fix first:**')).toBeLessThan(md.indexOf('| Bundle |'));
    expect(md.indexOf('| Bundle |')).toBeLessThan(md.indexOf('## Findings'));
  });

  it('keeps a command with a pipe inside its table cell', async () => {
    const { renderMarkdown } = await import('../src/report/markdown.js');
    const r = structuredClone(await scenario('calico-bgp-down'));
    r.triage.matrix[1]!.action = { title: 'Find the agent', commands: ['kubectl get daemonsets -A | grep -Ei "calico|cilium"'], risk: 'safe' };
    const line = renderMarkdown(r).split('\n')[5]!;
    // Seven cell borders: every other pipe is escaped inside the code span.
    expect(line.match(/(?<!\\)\|/g)).toHaveLength(7);
    expect(line).toContain('`kubectl get daemonsets -A \\| grep -Ei "calico\\|cilium"`');
  });
});

describe('the small things of the triage, in the rendered text', () => {
  it('names the container of a Running agent pod that is not ready, in the Markdown', async () => {
    const { renderMarkdown } = await import('../src/report/markdown.js');
    const md = renderMarkdown(await scenario('calico-bgp-down'));
    expect(md).toMatch(/\n {2}- calico-node-\w+ on worker-1: Running, calico-node not ready\n/);
    expect(md).not.toMatch(/: Running\n/);
  });

  it('prints the version in the footer without an escape', async () => {
    const { renderMarkdown } = await import('../src/report/markdown.js');
    const r = structuredClone(await scenario('healthy-calico'));
    r.tool.version = '0.1.0';
    expect(renderMarkdown(r).trimEnd().split('\n').at(-1)).toBe('<sub>cni-doctor 0.1.0 · report schema v5</sub>');
  });
});
