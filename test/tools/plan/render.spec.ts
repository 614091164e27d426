import { expect } from "chai";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { taggingPack } from "../../../policy-packs/tagging/pack";
import { CliIo, runPlanCli } from "../../../tools/plan/cli";
import type { PlanResource, PolicyResult, PolicySummary, StackPlan } from "../../../tools/plan/model";
import {
  countByType,
  policyExitCode,
  renderPlan,
  renderPolicySummary,
  renderTree,
  summarizePolicies,
} from "../../../tools/plan/render";
import {
  describePolicyPacks,
  evaluatePolicyPacks,
  type EvaluatedPack,
  type EvaluateOptions,
} from "../../../tools/policy/evaluate";
import { awsProvider, resource as policyResource } from "../../support/policies";

const FIXTURE = path.join(__dirname, "..", "..", "support", "fixtures", "plan", "project");
const STACK = "urn:pulumi:demo::platform::pulumi:pulumi:Stack::platform-demo";
const NET = "urn:pulumi:demo::platform::platform:network:RegionalVpc::net";
const VPC = "urn:pulumi:demo::platform::platform:network:RegionalVpc$aws:ec2/vpc:Vpc::net";

function resource(
  type: string,
  name: string,
  parent: string | undefined,
  inputs: Record<string, unknown> = {},
  options: Partial<PlanResource["options"]> = {},
): PlanResource {
  return {
    urn: name === "platform-demo" ? STACK : `urn:pulumi:demo::platform::${type}::${name}`,
    type,
    name,
    ...(parent !== undefined ? { parent } : {}),
    inputs,
    options: { protect: false, retainOnDelete: false, ignoreChanges: [], dependsOn: [], ...options },
    propertyDependencies: {},
  };
}

function demoPlan(policyResults: PolicyResult[] = []): StackPlan {
  const net = { ...resource("platform:network:RegionalVpc", "net", STACK), urn: NET };
  const vpc = {
    ...resource("aws:ec2/vpc:Vpc", "net", NET, { cidrBlock: "10.0.0.0/16" }, { protect: true }),
    urn: VPC,
  };
  return {
    stack: "demo",
    project: "platform",
    region: "ap-east-2",
    resources: [
      resource("pulumi:pulumi:Stack", "platform-demo", undefined),
      resource("pulumi:providers:aws", "aws-ap-east-2", STACK, { region: "ap-east-2", defaultTags: "{}" }),
      net,
      vpc,
      resource(
        "aws:ec2/subnet:Subnet",
        "net-data-a",
        VPC,
        { cidrBlock: "10.0.1.0/24", availabilityZone: "ap-east-2a", vpcId: "vpc-1" },
        { ignoreChanges: ["tags", "tagsAll"] },
      ),
      resource("aws:ec2/subnet:Subnet", "net-data-b", NET, {
        cidrBlock: "10.0.2.0/24",
        availabilityZone: "ap-east-2b",
      }),
      resource("aws:ec2/flowLog:FlowLog", "net", NET, { trafficType: "ALL" }, { retainOnDelete: true }),
      resource("aws:ec2/vpcEndpoint:VpcEndpoint", "net-s3", NET, {
        serviceName: "com.amazonaws.ap-east-2.s3",
        vpcEndpointType: "Gateway",
      }),
      resource("aws:cloudwatch/logGroup:LogGroup", "orphan", "urn:pulumi:demo::platform::gone::x", {
        retentionInDays: 365,
      }),
    ],
    outputs: {
      vpcId: "vpc-1",
      dbPassword: "[secret]",
      subnetIds: { data: ["subnet-a", "subnet-b"] },
      count: 2,
    },
    policyResults,
  };
}

function capture(cwd: string): CliIo & { stdout: string; stderr: string } {
  const io = {
    cwd,
    stdout: "",
    stderr: "",
    out(text: string) {
      io.stdout += text;
    },
    err(text: string) {
      io.stderr += text;
    },
  };
  return io;
}

describe("offline plan: rendering", () => {
  it("renders the tree, the counts, the outputs and the empty policy section line by line", () => {
    expect(renderPlan(demoPlan())).to.deep.equal([
      "Stack demo (project platform, region ap-east-2)",
      "",
      "Resources",
      "  pulumi:pulumi:Stack platform-demo",
      "    pulumi:providers:aws aws-ap-east-2 region=ap-east-2",
      "    platform:network:RegionalVpc net",
      "      aws:ec2/vpc:Vpc net cidrBlock=10.0.0.0/16 [protect]",
      "        aws:ec2/subnet:Subnet net-data-a cidrBlock=10.0.1.0/24 availabilityZone=ap-east-2a " +
        "[ignoreChanges: tags, tagsAll]",
      "      aws:ec2/subnet:Subnet net-data-b cidrBlock=10.0.2.0/24 availabilityZone=ap-east-2b",
      "      aws:ec2/flowLog:FlowLog net trafficType=ALL [retainOnDelete]",
      "      aws:ec2/vpcEndpoint:VpcEndpoint net-s3 serviceName=com.amazonaws.ap-east-2.s3 vpcEndpointType=Gateway",
      "  aws:cloudwatch/logGroup:LogGroup orphan retentionInDays=365",
      "",
      "Counts (8 resources)",
      "  1  aws:cloudwatch/logGroup:LogGroup",
      "  1  aws:ec2/flowLog:FlowLog",
      "  2  aws:ec2/subnet:Subnet",
      "  1  aws:ec2/vpc:Vpc",
      "  1  aws:ec2/vpcEndpoint:VpcEndpoint",
      "  1  platform:network:RegionalVpc",
      "  1  pulumi:providers:aws",
      "",
      "Outputs",
      "  count: 2",
      "  dbPassword: [secret]",
      '  subnetIds: {"data":["subnet-a","subnet-b"]}',
      "  vpcId: vpc-1",
      "",
      "Policy packs",
      "  none ran",
      "",
      "Policy results (mandatory first)",
      "  none",
    ]);
  });

  it("lists policy results, mandatory first, and exits 1 only for a mandatory one", () => {
    const advisory: PolicyResult = {
      pack: "tagging",
      policy: "required-tags",
      enforcementLevel: "advisory",
      message: "missing CostCenter",
      urn: VPC,
      type: "aws:ec2/vpc:Vpc",
      name: "net",
    };
    const mandatory: PolicyResult = {
      ...advisory,
      pack: "encryption",
      policy: "kms-at-rest",
      enforcementLevel: "mandatory",
    };
    const lines = renderPlan(demoPlan([advisory, mandatory]));
    expect(lines.slice(lines.indexOf("Policy results (mandatory first)"))).to.deep.equal([
      "Policy results (mandatory first)",
      "  [mandatory] encryption/kms-at-rest aws:ec2/vpc:Vpc::net: missing CostCenter",
      "  [advisory] tagging/required-tags aws:ec2/vpc:Vpc::net: missing CostCenter",
    ]);
    expect(policyExitCode(demoPlan([advisory]))).to.equal(0);
    expect(policyExitCode(demoPlan([advisory, mandatory]))).to.equal(1);
    expect(policyExitCode(demoPlan())).to.equal(0);
  });

  it("counts per type without the root stack resource", () => {
    expect(countByType(demoPlan().resources)).to.deep.equal([
      ["aws:cloudwatch/logGroup:LogGroup", 1],
      ["aws:ec2/flowLog:FlowLog", 1],
      ["aws:ec2/subnet:Subnet", 2],
      ["aws:ec2/vpc:Vpc", 1],
      ["aws:ec2/vpcEndpoint:VpcEndpoint", 1],
      ["platform:network:RegionalVpc", 1],
      ["pulumi:providers:aws", 1],
    ]);
  });

  it("shows only the inputs of the type's key list, leaving out those not set", () => {
    expect(
      renderTree([
        resource("aws:ec2/route:Route", "r", undefined, {
          destinationCidrBlock: "0.0.0.0/0",
          natGatewayId: "nat-1",
        }),
        resource("aws:ec2/subnet:Subnet", "s", undefined, { vpcId: "vpc-1" }),
        resource("custom:index:Thing", "t", undefined, { anything: "hidden" }),
      ]),
    ).to.deep.equal([
      "aws:ec2/route:Route r destinationCidrBlock=0.0.0.0/0 natGatewayId=nat-1",
      "aws:ec2/subnet:Subnet s",
      "custom:index:Thing t",
    ]);
  });
  it("shows which global cluster an Aurora cluster joins, its encryption and key, and where instances run", () => {
    expect(
      renderTree([
        resource("aws:rds/cluster:Cluster", "database", undefined, {
          engine: "aurora-postgresql",
          engineVersion: "17.5",
          globalClusterIdentifier: "database-prod",
          storageEncrypted: true,
          kmsKeyId: "arn:aws:kms:ap-northeast-1:123456789012:key/k",
          masterPassword: "[secret]",
        }),
        resource("aws:rds/clusterInstance:ClusterInstance", "database-a", undefined, {
          instanceClass: "db.serverless",
          availabilityZone: "ap-northeast-1a",
        }),
      ]),
    ).to.deep.equal([
      "aws:rds/cluster:Cluster database engine=aurora-postgresql engineVersion=17.5 globalClusterIdentifier=database-prod storageEncrypted=true kmsKeyId=arn:aws:kms:ap-northeast-1:123456789012:key/k",
      "aws:rds/clusterInstance:ClusterInstance database-a instanceClass=db.serverless availabilityZone=ap-northeast-1a",
    ]);
  });
});

/** A pack as describePolicyPacks reports it: `resource` and `stack` policies at `level`, some at another level. */
function evaluatedPack(
  name: string,
  resourcePolicies: string[],
  stackPolicies: string[],
  level: PolicyResult["enforcementLevel"] = "mandatory",
  levels: Record<string, PolicyResult["enforcementLevel"]> = {},
): EvaluatedPack {
  return {
    name,
    version: "1.0.0",
    configFile: `policy-packs/config/prod/${name}.json`,
    policies: [
      ...resourcePolicies.map((policy) => ({ name: policy, kind: "resource" as const })),
      ...stackPolicies.map((policy) => ({ name: policy, kind: "stack" as const })),
    ].map((policy) => ({ ...policy, enforcementLevel: levels[policy.name] ?? level })),
  };
}

function violation(
  pack: string,
  policy: string,
  enforcementLevel: PolicyResult["enforcementLevel"],
  name?: string,
): PolicyResult {
  return {
    pack,
    policy,
    enforcementLevel,
    ...(name === undefined ? {} : { urn: `urn:x::${name}`, type: "aws:kms/key:Key", name }),
    message: `${policy} failed`,
  };
}

const PACKS = [
  evaluatedPack("encryption", ["kms-key-rotation", "log-group-encrypted"], ["aurora-tls-enforced"]),
  evaluatedPack(
    "data-protection",
    ["aurora-backup-retention", "msk-min-insync-replicas"],
    ["s3-bucket-versioning"],
  ),
];

describe("offline plan: policy summary", () => {
  it("says which packs ran, their policies, the environment and 'no violations' when nothing failed", () => {
    const summary = summarizePolicies("prod", PACKS, demoPlan().resources, []);
    expect(renderPolicySummary(summary)).to.deep.equal([
      "Policy packs (pack config of environment prod, policy-packs/config/prod)",
      "  encryption       3 policies (2 resource, 1 stack), all mandatory: no violations",
      "  data-protection  3 policies (2 resource, 1 stack), all mandatory: no violations",
      "  total            6 policies (4 resource, 2 stack) over 9 resources",
      "  verdict          0 mandatory violations, 0 advisory violations, 6 of 6 policies passed",
    ]);
    const lines = renderPlan(demoPlan(), summary);
    expect(lines.slice(lines.indexOf("Outputs") + 6)).to.deep.equal([
      "Policy packs (pack config of environment prod, policy-packs/config/prod)",
      "  encryption       3 policies (2 resource, 1 stack), all mandatory: no violations",
      "  data-protection  3 policies (2 resource, 1 stack), all mandatory: no violations",
      "  total            6 policies (4 resource, 2 stack) over 9 resources",
      "  verdict          0 mandatory violations, 0 advisory violations, 6 of 6 policies passed",
      "",
      "Policy results (mandatory first)",
      "  no violations",
    ]);
  });

  it("counts mandatory and advisory violations per pack and in total, then lists them mandatory first", () => {
    const packs = [
      PACKS[0],
      evaluatedPack(
        "data-protection",
        ["aurora-backup-retention", "msk-min-insync-replicas"],
        ["s3-bucket-versioning"],
        "advisory",
        { "aurora-backup-retention": "mandatory" },
      ),
    ];
    const results = [
      violation("data-protection", "msk-min-insync-replicas", "advisory", "kafka"),
      violation("encryption", "aurora-tls-enforced", "mandatory"),
      violation("data-protection", "msk-min-insync-replicas", "advisory", "kafka-2"),
      violation("data-protection", "aurora-backup-retention", "mandatory", "database"),
      violation("encryption", "log-group-encrypted", "advisory", "logs"),
    ];
    const summary = summarizePolicies("prod", packs, demoPlan().resources, results);
    expect(summary.counts).to.deep.equal({ mandatory: 2, advisory: 3, remediate: 0, passed: 2 });
    const lines = renderPlan(demoPlan(results), summary);
    expect(lines.slice(lines.indexOf("Outputs") + 6)).to.deep.equal([
      "Policy packs (pack config of environment prod, policy-packs/config/prod)",
      "  encryption       3 policies (2 resource, 1 stack), all mandatory: " +
        "1 mandatory, 1 advisory violations (2 policies), 1 passed",
      "  data-protection  3 policies (2 resource, 1 stack), 1 mandatory, 2 advisory: " +
        "1 mandatory, 2 advisory violations (2 policies), 1 passed",
      "  total            6 policies (4 resource, 2 stack) over 9 resources",
      "  verdict          2 mandatory violations, 3 advisory violations, 2 of 6 policies passed",
      "",
      "Policy results (mandatory first)",
      "  [mandatory] encryption/aurora-tls-enforced: aurora-tls-enforced failed",
      "  [mandatory] data-protection/aurora-backup-retention aws:kms/key:Key::database: aurora-backup-retention failed",
      "  [advisory] data-protection/msk-min-insync-replicas aws:kms/key:Key::kafka: msk-min-insync-replicas failed",
      "  [advisory] data-protection/msk-min-insync-replicas aws:kms/key:Key::kafka-2: msk-min-insync-replicas failed",
      "  [advisory] encryption/log-group-encrypted aws:kms/key:Key::logs: log-group-encrypted failed",
    ]);
    expect(policyExitCode(demoPlan(results))).to.equal(1);
  });

  it("counts a policy the pack config disabled as disabled, not evaluated: it does not run", async () => {
    // The tagging pack through the SDK's analyzer, as the plan runs it, with required-tags disabled.
    const options: EvaluateOptions = {
      environment: "prod",
      packs: [taggingPack],
      config: { tagging: { "required-tags": "disabled", "tag-limits": "advisory" } },
    };
    // No tags at all (required-tags would fail it), and an Environment no pack config allows.
    const untagged = policyResource("aws:ec2/vpc:Vpc", "untagged", { cidrBlock: "10.0.0.0/16" });
    const qa = policyResource("aws:ec2/vpc:Vpc", "qa", {
      cidrBlock: "10.1.0.0/16",
      tags: { Environment: "qa" },
    });
    const resources = [awsProvider(null), untagged, qa];
    const results = await evaluatePolicyPacks(resources, options);
    expect(results.map((r) => `${r.enforcementLevel} ${r.policy} ${r.name}`)).to.deep.equal([
      "mandatory environment-tag-allowed qa",
    ]);
    const summary = summarizePolicies("prod", await describePolicyPacks(options), resources, results);
    expect(summary.packs[0].policies).to.deep.equal({ evaluated: 4, resource: 4, stack: 0, disabled: 1 });
    expect(summary.packs[0].disabled).to.deep.equal(["required-tags"]);
    expect(renderPolicySummary(summary)).to.deep.equal([
      "Policy packs (pack config of environment prod)",
      "  tagging  4 policies (4 resource, 0 stack), 3 mandatory, 1 advisory, 1 disabled (required-tags), " +
        "no config file: 1 mandatory violation (1 policy), 3 passed",
      "  total    4 policies (4 resource, 0 stack), 1 disabled over 3 resources",
      "  verdict  1 mandatory violation, 0 advisory violations, 3 of 4 policies passed",
    ]);
  });

  it("counts the resources the stack policies saw apart from the ones analyzed one by one", () => {
    const read = { ...demoPlan().resources[1], urn: "urn:ref", read: true };
    const summary = summarizePolicies("dev", PACKS, [...demoPlan().resources, read], []);
    expect(summary.resources).to.deep.equal({ analyzed: 9, stack: 10 });
    expect(renderPolicySummary(summary)[3]).to.equal(
      "  total            6 policies (4 resource, 2 stack) over 10 resources (1 read: stack policies only)",
    );
  });
});

/** The dev stack planned by the CLI in-process, as `npm run plan -- dev --json <file>` does (shared by the tests). */
describe("offline plan: what ran, for a real stack (dev)", () => {
  const ROOT = path.resolve(__dirname, "..", "..", "..");
  let code: number;
  let stdout: string;
  let json: StackPlan & { policySummary: PolicySummary };

  before(async function () {
    this.timeout(60000);
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "plan-dev-")), "dev.json");
    const io = capture(ROOT);
    code = await runPlanCli(["dev", "--json", file], io);
    stdout = io.stdout;
    json = JSON.parse(fs.readFileSync(file, "utf8")) as typeof json;
    fs.rmSync(path.dirname(file), { recursive: true, force: true });
  });

  it("reports every pack of the registry with its policies, the dev pack config and the verdicts", () => {
    const summary = json.policySummary;
    expect(code).to.equal(0);
    expect(summary.environment).to.equal("dev");
    expect(summary.resources).to.deep.equal({
      analyzed: json.resources.length,
      stack: json.resources.length,
    });
    // The policies of docs/policy-packs.md; dev makes data-protection advisory, and vpc-interface-endpoints (dev has
    // no interface endpoints, by a cost decision).
    expect(summary.packs.map((p) => [p.name, p.config, p.policies, p.levels, p.disabled])).to.deep.equal([
      [
        "encryption",
        "policy-packs/config/dev/encryption.json",
        { evaluated: 29, resource: 24, stack: 5, disabled: 0 },
        { mandatory: 29, advisory: 0, remediate: 0 },
        [],
      ],
      [
        "private-networking",
        "policy-packs/config/dev/private-networking.json",
        { evaluated: 33, resource: 19, stack: 14, disabled: 0 },
        { mandatory: 32, advisory: 1, remediate: 0 },
        [],
      ],
      [
        "tagging",
        "policy-packs/config/dev/tagging.json",
        { evaluated: 5, resource: 5, stack: 0, disabled: 0 },
        { mandatory: 5, advisory: 0, remediate: 0 },
        [],
      ],
      [
        "data-protection",
        "policy-packs/config/dev/data-protection.json",
        { evaluated: 54, resource: 40, stack: 14, disabled: 3 },
        { mandatory: 0, advisory: 54, remediate: 0 },
        ["log-group-retention", "backup-vault-lock", "backup-plan-cross-region-copy"],
      ],
    ]);
    expect(summary.policies).to.deep.equal({ evaluated: 121, resource: 88, stack: 33, disabled: 3 });
    // The counts are those of the results the plan lists.
    const violated = new Set(json.policyResults.map((r) => `${r.pack}/${r.policy}`));
    expect(summary.counts).to.deep.equal({
      mandatory: json.policyResults.filter((r) => r.enforcementLevel === "mandatory").length,
      advisory: json.policyResults.filter((r) => r.enforcementLevel === "advisory").length,
      remediate: 0,
      passed: 121 - violated.size,
    });
    expect(summary.counts.advisory).to.be.greaterThan(0);
  });

  it("prints the same summary, then the violations", () => {
    const lines = stdout.split("\n");
    const start = lines.indexOf("Policy packs (pack config of environment dev, policy-packs/config/dev)");
    expect(start).to.be.greaterThan(0);
    expect(lines.slice(start, start + 9)).to.deep.equal([
      ...renderPolicySummary(json.policySummary),
      "",
      "Policy results (mandatory first)",
    ]);
    expect(lines[start + 4]).to.match(
      /^ {2}data-protection {6}54 policies \(40 resource, 14 stack\), all advisory, 3 disabled \(log-group-retention, backup-vault-lock, backup-plan-cross-region-copy\): \d+ advisory violations \(\d policies\), \d+ passed$/,
    );
    expect(lines.slice(start + 9, start + 10 + json.policyResults.length)).to.deep.equal([
      ...json.policyResults.map(
        (r) => `  [advisory] ${r.pack}/${r.policy} ${r.type}::${r.name}: ${r.message}`,
      ),
      "",
    ]);
  });

  it("writes policySummary beside policyResults in the JSON", () => {
    expect(Object.keys(json)).to.deep.equal([
      "stack",
      "project",
      "region",
      "resources",
      "outputs",
      "policyResults",
      "policySummary",
      "deployTime",
      "cost",
    ]);
    expect(Object.keys(json.policySummary)).to.deep.equal([
      "environment",
      "resources",
      "packs",
      "policies",
      "counts",
    ]);
    expect(Object.keys(json.policySummary.packs[0])).to.deep.equal([
      "name",
      "version",
      "config",
      "policies",
      "levels",
      "disabled",
      "counts",
    ]);
  });
});
describe("offline plan: CLI", () => {
  it("prints the plan and exits 0", async () => {
    const io = capture(FIXTURE);
    expect(await runPlanCli(["alpha"], io)).to.equal(0);
    const lines = io.stdout.split("\n");
    expect(lines.slice(0, 6)).to.deep.equal([
      "Stack alpha (project fixture, region ap-east-2)",
      "",
      "Resources",
      "  pulumi:pulumi:Stack fixture-alpha",
      "    pulumi:providers:aws aws-ap-east-2 region=ap-east-2",
      "    aws:ec2/vpc:Vpc main cidrBlock=10.0.0.0/16 [protect] [ignoreChanges: tags]",
    ]);
    expect(lines).to.include.members(["  connection: [secret]", "  token: [secret]", "  environment: dev"]);
    expect(io.stdout).to.not.include("fixture-password");
    // Deploy time and cost follow the plan (tools/insights): the fixture's one VPC takes 0.2 minutes.
    expect(lines).to.include.members([
      "Deploy time (estimate for a fresh stack; typical create times, see docs/deploy-time.md)",
      "  critical path 0.2 min, lower bound 0.2 min, ratio 1.00 (2 resources, 1 orderings, 1 required)",
      "  total $0.00/month",
    ]);
    expect(io.stderr).to.equal("");
  });

  it("writes the StackPlan JSON with --json", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "plan-json-"));
    const file = path.join(dir, "nested", "alpha.json");
    const io = capture(FIXTURE);
    expect(await runPlanCli(["alpha", "--json", file], io)).to.equal(0);
    const plan = JSON.parse(fs.readFileSync(file, "utf8")) as StackPlan;
    expect(Object.keys(plan)).to.deep.equal([
      "stack",
      "project",
      "region",
      "resources",
      "outputs",
      "policyResults",
      "policySummary",
      "deployTime",
      "cost",
    ]);
    // The fixture project has no policy-packs/: no pack ran.
    expect((plan as StackPlan & { policySummary: unknown }).policySummary).to.equal(null);
    expect(plan.resources.map((r) => r.name)).to.deep.equal(["fixture-alpha", "aws-ap-east-2", "main"]);
    expect(Object.keys(plan.resources[2])).to.deep.equal([
      "urn",
      "type",
      "name",
      "parent",
      "custom",
      "read",
      "id",
      "inputs",
      "state",
      "options",
      "propertyDependencies",
    ]);
    expect(plan.outputs["connection"]).to.equal("[secret]");
    expect(io.stdout.trimEnd().split("\n").pop()).to.equal(`Wrote ${path.relative(FIXTURE, file)}`);
  });

  it("exits 2 for an unknown stack, listing the stacks", async () => {
    const io = capture(FIXTURE);
    expect(await runPlanCli(["gamma"], io)).to.equal(2);
    expect(io.stderr).to.equal(
      `error: unknown stack gamma: there is no Pulumi.gamma.yaml in ${FIXTURE}; ` +
        "stacks: alpha, beta, broken, crash, orphan\n",
    );
    expect(io.stdout).to.equal("");
  });

  it("exits 2 for invalid config with the message only, and keeps the stack trace of other errors", async () => {
    const invalid = capture(FIXTURE);
    expect(await runPlanCli(["broken"], invalid)).to.equal(2);
    expect(invalid.stderr).to.equal(
      "error: invalid config:\n  - fixture:cidr: not-a-cidr is not a CIDR block\n",
    );
    const crash = capture(FIXTURE);
    expect(await runPlanCli(["crash"], crash)).to.equal(2);
    expect(crash.stderr).to.match(/^error: Error: the fixture program crashed\n {4}at /);
  });

  it("exits 2 with the usage and a pointer to --help for bad arguments", async () => {
    const usage =
      "usage: npm run plan -- <stack> [--json <file>]\n" +
      'Run "npm run plan -- --help" for the arguments, options and exit codes.\n';
    const none = capture(FIXTURE);
    expect(await runPlanCli([], none)).to.equal(2);
    expect(none.stderr).to.equal(`which stack? name one, e.g. prod-taipei\n${usage}`);
    const option = capture(FIXTURE);
    expect(await runPlanCli(["alpha", "--yaml"], option)).to.equal(2);
    expect(option.stderr).to.equal(`unknown option --yaml\n${usage}`);
    const json = capture(FIXTURE);
    expect(await runPlanCli(["alpha", "--json"], json)).to.equal(2);
    expect(json.stderr).to.equal(`--json needs a file name\n${usage}`);
    for (const io of [none, option, json]) {
      expect(io.stdout).to.equal("");
    }
  });
});
