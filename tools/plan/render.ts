/**
 * The readable form of a StackPlan: a resource tree (components with their children indented under them), counts
 * per type, the stack outputs, which policy packs ran with how many policies and their verdicts, then the policy
 * results. Secrets are already "[secret]" in a StackPlan.
 */
import type { EvaluatedPack } from "../policy/evaluate";
import type {
  PackSummary,
  PlanResource,
  PlanResourceLike,
  PolicyCounts,
  PolicyResult,
  PolicySummary,
  StackPlan,
} from "./model";

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

/**
 * The policy summary of an evaluation: what `packs` ran (as `describePolicyPacks` reports them) over `resources`,
 * and what `results` they returned.
 */
export function summarizePolicies(
  environment: string,
  packs: readonly EvaluatedPack[],
  resources: readonly Pick<PlanResourceLike, "read">[],
  results: readonly PolicyResult[],
): PolicySummary {
  const summaries = packs.map((pack): PackSummary => {
    const evaluated = pack.policies.filter((p) => p.enforcementLevel !== "disabled");
    const ofPack = results.filter((r) => r.pack === pack.name);
    const violations = ofPack.filter(
      (r) => r.enforcementLevel === "mandatory" || r.enforcementLevel === "advisory",
    );
    const violated = new Set(violations.map((r) => r.policy));
    const count = (level: PolicyResult["enforcementLevel"]) =>
      ofPack.filter((r) => r.enforcementLevel === level).length;
    const atLevel = (level: PolicyResult["enforcementLevel"]) =>
      evaluated.filter((p) => p.enforcementLevel === level).length;
    return {
      name: pack.name,
      version: pack.version,
      config: pack.configFile ?? null,
      policies: {
        evaluated: evaluated.length,
        resource: evaluated.filter((p) => p.kind === "resource").length,
        stack: evaluated.filter((p) => p.kind === "stack").length,
        disabled: pack.policies.length - evaluated.length,
      },
      levels: {
        mandatory: atLevel("mandatory"),
        advisory: atLevel("advisory"),
        remediate: atLevel("remediate"),
      },
      disabled: pack.policies.filter((p) => p.enforcementLevel === "disabled").map((p) => p.name),
      counts: {
        mandatory: count("mandatory"),
        advisory: count("advisory"),
        remediate: count("remediate"),
        passed: evaluated.filter((p) => !violated.has(p.name)).length,
      },
    };
  });
  const total = (pick: (pack: PackSummary) => number) => summaries.reduce((sum, pack) => sum + pick(pack), 0);
  return {
    environment,
    resources: { analyzed: resources.filter((r) => r.read !== true).length, stack: resources.length },
    packs: summaries,
    policies: {
      evaluated: total((p) => p.policies.evaluated),
      resource: total((p) => p.policies.resource),
      stack: total((p) => p.policies.stack),
      disabled: total((p) => p.policies.disabled),
    },
    counts: {
      mandatory: total((p) => p.counts.mandatory),
      advisory: total((p) => p.counts.advisory),
      remediate: total((p) => p.counts.remediate),
      passed: total((p) => p.counts.passed),
    },
  };
}

/** Every line of the readable plan; `policySummary` is what the policy evaluation ran (absent: no pack ran). */
export function renderPlan(plan: StackPlan, policySummary?: PolicySummary): string[] {
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
  lines.push(...renderPolicySummary(policySummary));
  lines.push("");
  lines.push("Policy results (mandatory first)");
  if (plan.policyResults.length === 0) {
    lines.push(`${INDENT}${policySummary === undefined ? "none" : "no violations"}`);
  }
  lines.push(...sortPolicyResults(plan.policyResults).map((result) => INDENT + renderPolicyResult(result)));
  return lines;
}

/**
 * Which packs ran, with the pack config of which environment; per pack its policies (resource and stack, the
 * levels they ran at, the disabled ones) and verdict; then the totals over how many resources.
 */
export function renderPolicySummary(summary: PolicySummary | undefined): string[] {
  if (summary === undefined || summary.packs.length === 0) {
    return ["Policy packs", `${INDENT}none ran`];
  }
  const directories = new Set(
    summary.packs.flatMap((pack) => (pack.config === null ? [] : [pack.config.replace(/\/[^/]*$/, "")])),
  );
  const where = directories.size === 1 ? `, ${[...directories][0]}` : "";
  const lines = [`Policy packs (pack config of environment ${summary.environment}${where})`];
  const nameWidth = Math.max(...summary.packs.map((pack) => pack.name.length), "verdict".length);
  const countWidth = String(summary.policies.evaluated).length;
  for (const pack of summary.packs) {
    const parts = [`${policyCount(pack.policies, countWidth)}, ${levelsOf(pack)}`];
    if (pack.disabled.length > 0) {
      parts.push(`${pack.disabled.length} disabled (${pack.disabled.join(", ")})`);
    }
    if (pack.config === null) {
      parts.push("no config file");
    }
    lines.push(`${INDENT}${pack.name.padEnd(nameWidth)}  ${parts.join(", ")}: ${packVerdict(pack)}`);
  }
  const { analyzed, stack } = summary.resources;
  const read = stack - analyzed;
  const over = `${stack} ${plural(stack, "resource")}${read > 0 ? ` (${read} read: stack policies only)` : ""}`;
  const disabled = summary.policies.disabled > 0 ? `, ${summary.policies.disabled} disabled` : "";
  const { mandatory, advisory, remediate, passed } = summary.counts;
  const remediated = remediate > 0 ? `, ${remediate} ${plural(remediate, "remediation")}` : "";
  lines.push(
    `${INDENT}${"total".padEnd(nameWidth)}  ${policyCount(summary.policies, countWidth)}${disabled} over ${over}`,
    `${INDENT}${"verdict".padEnd(nameWidth)}  ${mandatory} mandatory ${plural(mandatory, "violation")}, ` +
      `${advisory} advisory ${plural(advisory, "violation")}${remediated}, ` +
      `${passed} of ${summary.policies.evaluated} ${plural(summary.policies.evaluated, "policy")} passed`,
  );
  return lines;
}

/** `19 policies (14 resource, 5 stack)`, the count padded to `width`. */
function policyCount(policies: PolicyCounts, width: number): string {
  return (
    `${String(policies.evaluated).padStart(width)} ${plural(policies.evaluated, "policy")} ` +
    `(${policies.resource} resource, ${policies.stack} stack)`
  );
}

/** `all mandatory`, or `17 mandatory, 1 advisory`. */
function levelsOf(pack: PackSummary): string {
  const levels = Object.entries(pack.levels).filter(([, count]) => count > 0);
  if (levels.length === 0) {
    return "none enabled";
  }
  if (levels.length === 1) {
    return `all ${levels[0][0]}`;
  }
  return levels.map(([level, count]) => `${count} ${level}`).join(", ");
}

/** `no violations`, or `2 mandatory, 8 advisory violations (3 policies), 13 passed`. */
function packVerdict(pack: PackSummary): string {
  const { mandatory, advisory, remediate, passed } = pack.counts;
  const remediated = remediate > 0 ? `, ${remediate} ${plural(remediate, "remediation")}` : "";
  if (mandatory + advisory === 0) {
    return `no violations${remediated}`;
  }
  const violated = pack.policies.evaluated - passed;
  const kinds = [
    ...(mandatory > 0 ? [`${mandatory} mandatory`] : []),
    ...(advisory > 0 ? [`${advisory} advisory`] : []),
  ];
  return (
    `${kinds.join(", ")} ${plural(mandatory + advisory, "violation")} ` +
    `(${violated} ${plural(violated, "policy")})${remediated}, ${passed} passed`
  );
}

function plural(count: number, word: string): string {
  if (count === 1) {
    return word;
  }
  return word.endsWith("y") ? `${word.slice(0, -1)}ies` : `${word}s`;
}

/** Mandatory first, then advisory, then remediations; a stable sort keeps the evaluation's order within a level. */
export function sortPolicyResults(results: readonly PolicyResult[]): PolicyResult[] {
  const order: readonly string[] = ["mandatory", "advisory", "remediate", "disabled"];
  return [...results].sort((a, b) => order.indexOf(a.enforcementLevel) - order.indexOf(b.enforcementLevel));
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
