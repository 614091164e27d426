import { expect } from "chai";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { CliIo, runPlanCli } from "../tools/plan/cli";
import { countByType, policyExitCode, renderPlan, renderTree } from "../tools/plan/render";
import type { PolicyResult } from "../tools/policy/evaluate";
import type { PlanResource, StackPlan } from "../tools/plan/run";

const FIXTURE = path.join(__dirname, "fixtures", "plan", "project");
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
      "Policy results",
      "  none reported",
    ]);
  });

  it("lists policy results instead of the empty note, and exits 1 only for a mandatory one", () => {
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
    expect(lines.slice(lines.indexOf("Policy results"))).to.deep.equal([
      "Policy results",
      "  [advisory] tagging/required-tags aws:ec2/vpc:Vpc::net: missing CostCenter",
      "  [mandatory] encryption/kms-at-rest aws:ec2/vpc:Vpc::net: missing CostCenter",
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
      "deployTime",
      "cost",
    ]);
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

  it("exits 2 with the usage for bad arguments", async () => {
    const none = capture(FIXTURE);
    expect(await runPlanCli([], none)).to.equal(2);
    expect(none.stderr).to.equal(
      "which stack? name one, e.g. prod-taipei\nusage: npm run plan -- <stack> [--json <file>]\n",
    );
    const option = capture(FIXTURE);
    expect(await runPlanCli(["alpha", "--yaml"], option)).to.equal(2);
    expect(option.stderr).to.equal("unknown option --yaml\nusage: npm run plan -- <stack> [--json <file>]\n");
    const json = capture(FIXTURE);
    expect(await runPlanCli(["alpha", "--json"], json)).to.equal(2);
    expect(json.stderr).to.equal(
      "--json needs a file name\nusage: npm run plan -- <stack> [--json <file>]\n",
    );
  });
});
