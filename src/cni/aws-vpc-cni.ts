// The AWS VPC CNI: aws-node agents, ipamd's ENIs and their IP limits.
// https://github.com/aws/amazon-vpc-cni-k8s/blob/master/docs/troubleshooting.md
import { defineCni, nodeOutputPath, type NodeOutputSpec } from './descriptor.js';

/** ipamd's `/v1/enis` answer, kept as JSON (no rule reads it field by field yet). */
export const AWS_ENIS: NodeOutputSpec<unknown> = { id: 'aws-vpc-cni/enis', dir: 'plugins/aws-vpc-cni/enis/', ext: '.json', parse: (text) => JSON.parse(text) as unknown, json: true, showsPlugin: true , tells: [{ symptom: 'ip-space', what: 'ipamd ENI addresses' }] };

export const awsVpcCni = defineCni({
  id: 'aws-vpc-cni',
  name: 'AWS VPC CNI',
  plugins: ['aws-vpc-cni'],
  agent: { workloadNames: /^aws-node$/, image: /amazon-k8s-cni(?!-init)/, container: /^aws-node$/ },
  configTypes: ['aws-cni', 'egress-cni'],
  // aws-vpc-cni's entrypoint renders 10-aws.conflist from these (misc/10-aws.conflist placeholders).
  configEnv: { pluginLogFile: { env: 'AWS_VPC_K8S_PLUGIN_LOG_FILE', default: '/var/log/aws-routed-eni/plugin.log' }, pluginLogLevel: { env: 'AWS_VPC_K8S_PLUGIN_LOG_LEVEL', default: 'DEBUG' }, mtu: { env: 'AWS_VPC_ENI_MTU', default: '9001' } },
  configFileName: /aws/,
  customGroups: ['crd.k8s.amazonaws.com'],
  nodeOutputs: [AWS_ENIS],
  // ipamd's introspection endpoint (localhost:61679) lists the node's ENIs and their addresses.
  agentCommands: [{ argv: ['curl', '-s', 'http://localhost:61679/v1/enis'], output: (node) => nodeOutputPath(AWS_ENIS, node), replays: /^curl (-s )?http:\/\/(localhost|127\.0\.0\.1):61679\/v1\/enis$/ }],
});
