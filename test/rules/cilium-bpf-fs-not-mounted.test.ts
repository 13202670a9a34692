// cilium-bpf-fs-not-mounted: the BPF filesystem not mounted for Cilium. Firing and quiet cases (test/helpers/rule-tester.ts).
import { testRule } from '../helpers/rule-tester.js';

testRule('cilium-bpf-fs-not-mounted', {
  fires: [
    { name: "cp-1 without /sys/fs/bpf in its mounts", bundle: { scenario: 'cilium-broken' }, severity: 'critical', nodes: ["cp-1"], summary: [/not mounted at \/sys\/fs\/bpf on cp-1/], cites: ["nodes/cp-1/proc-mounts.txt"] },
  ],
  quiet: [
    { name: 'a healthy Cilium cluster', bundle: { scenario: 'healthy-cilium' } },
  ],
});
