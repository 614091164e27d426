/**
 * The readable form of a StackPlan: a resource tree (components with their children indented under them), counts
 * per type, the stack outputs and the policy results. Secrets are already "[secret]" in a StackPlan.
 */
import type { PlanResource, StackPlan } from "./run";
import type { PolicyResult } from "../policy/evaluate";

const INDENT = "  ";
const STACK_TYPE = "pulumi:pulumi:Stack";

/** The inputs worth showing on a resource's line, per type. */
const KEY_INPUTS: Readonly<Record<string, readonly string[]>> = {
  "pulumi:providers:aws": ["region"],
  "pulumi:pulumi:StackReference": ["name"],
  "aws:ec2/vpc:Vpc": ["cidrBlock"],
  "aws:ec2/subnet:Subnet": ["cidrBlock", "availabilityZone", "mapPublicIpOnLaunch"],
  "aws:ec2/route:Route": [
    "destinationCidrBlock",
    "destinationPrefixListId",
    "gatewayId",
    "natGatewayId",
    "vpcPeeringConnectionId",
  ],
  "aws:ec2/eip:Eip": ["domain"],
  "aws:ec2/natGateway:NatGateway": ["connectivityType"],
  "aws:ec2/flowLog:FlowLog": ["trafficType", "logDestinationType"],
  "aws:ec2/vpcEndpoint:VpcEndpoint": ["serviceName", "vpcEndpointType"],
  "aws:ec2/vpcPeeringConnection:VpcPeeringConnection": ["peerRegion"],
  "aws:ec2/networkAclRule:NetworkAclRule": ["ruleNumber", "egress", "ruleAction", "protocol", "cidrBlock"],
  "aws:ec2/securityGroup:SecurityGroup": ["name", "description"],
  "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": [
    "ipProtocol",
    "fromPort",
    "toPort",
    "cidrIpv4",
  ],
  "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule": ["ipProtocol", "fromPort", "toPort", "cidrIpv4"],
  "aws:cloudwatch/logGroup:LogGroup": ["name", "retentionInDays"],
  "aws:kms/key:Key": ["enableKeyRotation", "deletionWindowInDays"],
  "aws:kms/alias:Alias": ["name"],
  "aws:iam/role:Role": ["name"],
  "aws:rds/subnetGroup:SubnetGroup": ["name"],
  "aws:rds/globalCluster:GlobalCluster": [
    "globalClusterIdentifier",
    "engine",
    "engineVersion",
    "storageEncrypted",
  ],
  // Which global cluster a cluster joins, and with which key: what a reviewer checks on a secondary.
  "aws:rds/cluster:Cluster": [
    "engine",
    "engineVersion",
    "engineMode",
    "globalClusterIdentifier",
    "storageEncrypted",
    "kmsKeyId",
  ],
  "aws:rds/clusterInstance:ClusterInstance": ["instanceClass", "availabilityZone"],
  "aws:secretsmanager/secret:Secret": ["kmsKeyId"],
  "aws:msk/cluster:Cluster": ["kafkaVersion", "numberOfBrokerNodes"],
  "eks:index:Cluster": ["version"],
};

/** Every line of the readable plan. */
export function renderPlan(plan: StackPlan): string[] {
  const lines: string[] = [];
  lines.push(
    `Stack ${plan.stack} (project ${plan.project}, region ${plan.region === "" ? "not set" : plan.region})`,
  );
  lines.push("");
  lines.push("Resources");
  lines.push(...renderTree(plan.resources).map((line) => INDENT + line));
  lines.push("");
  const counts = countByType(plan.resources);
  const total = counts.reduce((sum, [, count]) => sum + count, 0);
  lines.push(`Counts (${total} ${total === 1 ? "resource" : "resources"})`);
  const width = String(Math.max(0, ...counts.map(([, count]) => count))).length;
  lines.push(...counts.map(([type, count]) => `${INDENT}${String(count).padStart(width)}  ${type}`));
  lines.push("");
  lines.push("Outputs");
  const outputs = Object.entries(plan.outputs).sort(([a], [b]) => a.localeCompare(b));
  if (outputs.length === 0) {
    lines.push(`${INDENT}none`);
  }
  lines.push(...outputs.map(([key, value]) => `${INDENT}${key}: ${formatValue(value)}`));
  lines.push("");
  lines.push("Policy results");
  if (plan.policyResults.length === 0) {
    lines.push(`${INDENT}none reported`);
  }
  lines.push(...plan.policyResults.map((result) => INDENT + renderPolicyResult(result)));
  return lines;
}

/** One line per resource, children indented under their parent, siblings in registration order. */
export function renderTree(resources: readonly PlanResource[]): string[] {
  const urns = new Set(resources.map((r) => r.urn));
  const children = new Map<string | undefined, PlanResource[]>();
  for (const resource of resources) {
    const parent = resource.parent !== undefined && urns.has(resource.parent) ? resource.parent : undefined;
    const siblings = children.get(parent) ?? [];
    siblings.push(resource);
    children.set(parent, siblings);
  }
  const lines: string[] = [];
  const visit = (resource: PlanResource, depth: number) => {
    lines.push(INDENT.repeat(depth) + resourceLine(resource));
    for (const child of children.get(resource.urn) ?? []) {
      visit(child, depth + 1);
    }
  };
  for (const root of children.get(undefined) ?? []) {
    visit(root, 0);
  }
  return lines;
}

/** `type name`, the key inputs of its type as `key=value`, then `[protect]`, `[retainOnDelete]`, ignoreChanges. */
export function resourceLine(resource: PlanResource): string {
  const parts = [resource.type, resource.name];
  for (const key of KEY_INPUTS[resource.type] ?? []) {
    const value = resource.inputs[key];
    if (value !== undefined) {
      parts.push(`${key}=${formatValue(value)}`);
    }
  }
  if (resource.options.protect) {
    parts.push("[protect]");
  }
  if (resource.options.retainOnDelete) {
    parts.push("[retainOnDelete]");
  }
  if (resource.options.ignoreChanges.length > 0) {
    parts.push(`[ignoreChanges: ${resource.options.ignoreChanges.join(", ")}]`);
  }
  return parts.join(" ");
}

/** Resources per type, sorted by type; the root stack resource is not counted. */
export function countByType(resources: readonly PlanResource[]): [string, number][] {
  const counts = new Map<string, number>();
  for (const resource of resources) {
    if (resource.type !== STACK_TYPE) {
      counts.set(resource.type, (counts.get(resource.type) ?? 0) + 1);
    }
  }
  return [...counts.entries()].sort(([a], [b]) => a.localeCompare(b));
}

/** 1 when a mandatory policy was violated, else 0. */
export function policyExitCode(plan: StackPlan): 0 | 1 {
  return plan.policyResults.some((r) => r.enforcementLevel === "mandatory") ? 1 : 0;
}

/** `[mandatory] encryption/log-group-encrypted aws:cloudwatch/logGroup:LogGroup::app: kmsKeyId …`. */
export function renderPolicyResult(result: PolicyResult): string {
  const subject =
    result.type !== undefined && result.name !== undefined ? ` ${result.type}::${result.name}` : "";
  return `[${result.enforcementLevel}] ${result.pack}/${result.policy}${subject}: ${result.message}`;
}

function formatValue(value: unknown): string {
  return typeof value === "string" ? value : (JSON.stringify(value) ?? String(value));
}
