// Detects AWS VPC CNI nodes at or near their max pods (ENIs × IPs per ENI), subnet exhaustion in
// ipamd, and says whether prefix delegation is on. https://docs.aws.amazon.com/eks/latest/userguide/cni-increase-ip-addresses.html
import type { Evidence } from '../../../model/report.js';
import { listNames } from '../../facts.js';
import { defineRule } from '../../rule.js';

// From aws/amazon-vpc-cni-k8s misc/eni-max-pods.txt (ENIs × (IPv4 per ENI − 1) + 2), for nodes whose
// allocatable pods is not reported. Kubelet's allocatable is preferred: it is what the node enforces.
const ENI_MAX_PODS: Record<string, number> = {
  't3.nano': 4, 't3.micro': 4, 't3.small': 11, 't3.medium': 17, 't3.large': 35, 't3.xlarge': 58, 't3.2xlarge': 58,
  'm5.large': 29, 'm5.xlarge': 58, 'm5.2xlarge': 58, 'm5.4xlarge': 234, 'c5.large': 29, 'c5.xlarge': 58, 'c5.2xlarge': 58,
  'r5.large': 29, 'r5.xlarge': 58, 't2.medium': 17, 't2.large': 35, 'm6i.large': 29, 'm6i.xlarge': 58,
};

export default defineRule({
  meta: {
    id: 'aws-eni-ip-limit',
    title: 'AWS nodes are at their ENI IP limit',
    area: 'aws',
    severity: 'high',
    urgency: 'hours',
    answers: 'ip-space',
    plugin: 'aws-vpc-cni',
    description: 'AWS VPC CNI nodes at or near max pods for the instance type (ENIs × (IPs per ENI − 1) + 2), with ENABLE_PREFIX_DELEGATION off in the aws-node env; ipamd subnet exhaustion errors (InsufficientFreeAddressesInSubnet, InsufficientCidrBlocks).',
    rationale: 'At the limit ipamd has no secondary IP left and pods fail with `failed to assign an IP address to container`, even when the subnet has space.',
    evidence: 'Pods per node against allocatable pods in cluster/nodes.json, the aws-node env in cluster/daemonsets.json, ipamd log lines.',
    actions: [
      { title: 'Enable prefix delegation (Nitro instances; new nodes get /28 prefixes, raise max-pods)', commands: ['kubectl set env daemonset aws-node -n kube-system ENABLE_PREFIX_DELEGATION=true', 'kubectl set env daemonset aws-node -n kube-system WARM_PREFIX_TARGET=1'], risk: 'disruptive' },
      { title: 'Move workloads to larger instance types (more ENIs and IPs per ENI)', commands: ['# change the node group instance type and roll the nodes'], risk: 'downtime' },
    ],
    docs: ['https://docs.aws.amazon.com/eks/latest/userguide/cni-increase-ip-addresses.html', 'https://github.com/aws/amazon-vpc-cni-k8s/blob/master/docs/prefix-and-ip-target.md', 'https://github.com/aws/amazon-vpc-cni-k8s/blob/master/misc/eni-max-pods.txt'],
    explains: ['ip-pool-exhaustion', 'cni-sandbox-failures'],
  },
  requires: ['nodes', 'pods', 'logs', 'events'],
  check(ctx) {
    const drafts = [];
    const awsNode = ctx.facts.plugins.workloads.find((w) => w.agent.id === 'aws-vpc-cni')?.daemonSet;
    const env = awsNode?.containers.find((c) => c.name === 'aws-node')?.env ?? {};
    const pd = env.ENABLE_PREFIX_DELEGATION === 'true';
    const pdNote = awsNode ? (pd ? ' Prefix delegation is on.' : ' ENABLE_PREFIX_DELEGATION is off in the aws-node env, so each pod takes one secondary IP.') : '';
    const full: { node: string; pods: number; max: number; ev: Evidence }[] = [];
    for (const n of ctx.data.nodes) {
      const max = n.maxPods ?? (n.instanceType ? ENI_MAX_PODS[n.instanceType] : undefined);
      if (!max || max <= 2) continue;
      const pods = ctx.facts.pods.podNetworkCount(n.name);
      // max includes the two host-network pods (aws-node, kube-proxy).
      if (pods >= Math.floor((max - 2) * 0.9)) full.push({ node: n.name, pods, max, ev: ctx.facts.evidence.node(n, '"pods"', `allocatable pods ${max}${n.instanceType ? ` (${n.instanceType})` : ''}`) });
    }
    if (full.length) {
      const evidence = full.slice(0, 4).map((f) => f.ev);
      if (awsNode && !pd) evidence.push(ctx.facts.evidence.workload(awsNode, 'ENABLE_PREFIX_DELEGATION', 'prefix delegation setting'));
      drafts.push({
        key: 'max-pods',
        scope: { kind: 'nodes' as const, names: full.map((f) => f.node).sort() },
        summary: `${full.length} node(s) are at or near their pod IP limit: ${listNames(full.map((f) => `${f.node} ${f.pods}/${f.max - 2} pod IPs`))}.${pdNote}`,
        evidence,
      });
    }
    const subnet = [...ctx.facts.logMatches('aws-subnet-exhausted'), ...ctx.facts.eventsOfKind('aws-subnet-exhausted').map((e) => ({ event: e.event, match: e.match }))];
    if (subnet.length) {
      const first = subnet[0]!;
      const evidence = subnet.slice(0, 4).map((s) => ('log' in s ? ctx.facts.evidence.log(s.log, s.m) : ctx.facts.evidence.event(s.event)));
      const text = 'log' in first ? first.m.match.text : first.match.text;
      drafts.push({
        key: 'subnet',
        title: 'The VPC subnet has no free addresses for pods',
        scope: { kind: 'cluster' as const },
        summary: `ipamd cannot get addresses from the VPC subnet ("${text}"): the subnet is exhausted${/Cidr/i.test(text) ? ' of contiguous /28 blocks (prefix delegation needs them)' : ''}.${pdNote}`,
        evidence,
        actions: [
          { title: 'Free or enlarge the subnet: add a secondary VPC CIDR with custom networking (ENIConfig), delete leaked ENIs', commands: ['aws ec2 describe-subnets --subnet-ids <subnet> --query "Subnets[].AvailableIpAddressCount"', "aws ec2 describe-network-interfaces --filters Name=status,Values=available Name=tag-key,Values=node.k8s.amazonaws.com/instance_id"], risk: 'safe' as const },
          { title: 'Lower the warm pool so nodes hold fewer idle addresses', commands: ['kubectl set env daemonset aws-node -n kube-system WARM_ENI_TARGET=0 WARM_IP_TARGET=2 MINIMUM_IP_TARGET=10'], risk: 'disruptive' as const },
        ],
      });
    }
    return drafts;
  },
});
