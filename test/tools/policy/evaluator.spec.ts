/**
 * The offline evaluator itself: it must hand policies what the engine hands them (through @pulumi/policy's own
 * analyzer handlers), apply pack config per environment as the CLI does, and report like the engine.
 */
import { expect } from "chai";
import type { PolicyResource, ResourceValidationArgs } from "@pulumi/policy";
import { dataProtectionPack } from "../../../policy-packs/data-protection/pack";
import type { PackDefinition } from "../../../policy-packs/lib/policy";
import { POLICY_PACKS } from "../../../policy-packs/registry";
import { installedPolicySdkVersion, PINNED_POLICY_SDK_VERSION } from "../../../tools/policy/analyzer";
import { runPolicyCli } from "../../../tools/policy/cli";
import { knownEnvironments, PolicyConfigError } from "../../../tools/policy/config";
import type { PlanResourceLike, PolicyResult } from "../../../tools/plan/model";
import { evaluatePolicyPacks } from "../../../tools/policy/evaluate";
import {
  parseProviderReference,
  SPECIAL_SECRET_SIG,
  SPECIAL_SIG_KEY,
  toWire,
  UNKNOWN_VALUE,
} from "../../../tools/policy/wire";
import rootPackage from "../../../package.json";
import { awsProvider, PROVIDER_REF, PROVIDER_URN, resource, urnOf } from "../../support/policies";

/** A pack whose policies record what the analyzer hands them. */
function probePack() {
  const seen: { resources: ResourceValidationArgs[]; stack: PolicyResource[][] } = {
    resources: [],
    stack: [],
  };
  const pack: PackDefinition = {
    name: "probe",
    version: "0.0.1",
    args: {
      enforcementLevel: "mandatory",
      policies: [
        {
          name: "probe-resource",
          description: "Records resource arguments.",
          validateResource: (args) => {
            seen.resources.push(args);
          },
        },
        {
          name: "probe-stack",
          description: "Records the stack.",
          validateStack: (args, report) => {
            seen.stack.push(args.resources);
            report("stack-wide finding");
          },
        },
        {
          name: "probe-unknown",
          description: "Reads a property that may be unknown.",
          validateResource: (args, report) => {
            if (args.type === "aws:ec2/vpc:Vpc" && args.props["cidrBlock"] !== "10.0.0.0/16") {
              report("cidrBlock is not 10.0.0.0/16");
            }
          },
        },
      ],
    },
  };
  return { pack, seen };
}

const component = resource("platform:network:RegionalVpc", "network", {}, { custom: false, options: {} });
const vpc = resource(
  "aws:ec2/vpc:Vpc",
  "network-vpc",
  { cidrBlock: "10.0.0.0/16", tags: { Name: "network" }, secretNote: "[secret]", pending: "[unknown]" },
  {
    parent: component.urn,
    id: "vpc-0a1",
    options: {
      protect: true,
      ignoreChanges: ["tags"],
      dependsOn: [component.urn],
      deleteBeforeReplace: true,
    },
  },
);
const flowLog = {
  ...resource(
    "aws:ec2/flowLog:FlowLog",
    "network-flow-logs",
    { vpcId: "vpc-0a1" },
    { parent: component.urn },
  ),
  propertyDependencies: { vpcId: [vpc.urn] },
};
const reference = resource(
  "pulumi:pulumi:StackReference",
  "org/platform/prod-taipei",
  { name: "org/platform/prod-taipei" },
  { read: true, options: {} },
);

describe("offline policy evaluator", () => {
  describe("the @pulumi/policy path", () => {
    it("drives the pinned @pulumi/policy version, which the project depends on (the packs resolve it from there)", () => {
      expect(installedPolicySdkVersion()).to.equal(PINNED_POLICY_SDK_VERSION);
      expect(rootPackage.dependencies["@pulumi/policy"]).to.equal(PINNED_POLICY_SDK_VERSION);
    });

    it("hands a resource policy the type, URN, name, props, options and provider the engine sends", async () => {
      const { pack, seen } = probePack();
      await evaluatePolicyPacks([awsProvider(), component, vpc], {
        environment: "test",
        config: {},
        packs: [pack],
      });
      const args = seen.resources.find((a) => a.type === "aws:ec2/vpc:Vpc");
      expect(args?.urn).to.equal(vpc.urn);
      expect(args?.name).to.equal("network-vpc");
      expect(args?.props["cidrBlock"]).to.equal("10.0.0.0/16");
      // Secrets arrive unwrapped, as the SDK unwraps them for policies.
      expect(args?.props["secretNote"]).to.equal("[secret]");
      expect(args?.opts.protect).to.equal(true);
      expect(args?.opts.ignoreChanges).to.deep.equal(["tags"]);
      expect(args?.opts.deleteBeforeReplace).to.equal(true);
      expect(args?.opts.parent).to.equal(component.urn);
      expect(args?.provider?.type).to.equal("pulumi:providers:aws");
      expect(args?.provider?.urn).to.equal(PROVIDER_URN);
      expect(args?.provider?.name).to.equal("aws-ap-east-2");
      expect(JSON.parse(args?.provider?.props["defaultTags"] as string).tags.Owner).to.equal("platform-team");
    });

    it("analyzes components and providers too, but not read resources, one by one", async () => {
      const { pack, seen } = probePack();
      await evaluatePolicyPacks([awsProvider(), component, vpc, reference], {
        environment: "test",
        config: {},
        packs: [pack],
      });
      expect(seen.resources.map((a) => a.type)).to.deep.equal([
        "pulumi:providers:aws",
        "platform:network:RegionalVpc",
        "aws:ec2/vpc:Vpc",
      ]);
    });

    it("turns an unknown value a policy reads into the SDK's advisory 'can't run during preview'", async () => {
      const { pack } = probePack();
      const pendingCidr = { ...vpc, inputs: { ...vpc.inputs, cidrBlock: "[unknown]" } };
      const results = await evaluatePolicyPacks([awsProvider(), pendingCidr], {
        environment: "test",
        config: {},
        packs: [pack],
      });
      expect(results.filter((r) => r.policy === "probe-unknown")).to.deep.equal([
        {
          pack: "probe",
          policy: "probe-unknown",
          enforcementLevel: "advisory",
          urn: vpc.urn,
          type: "aws:ec2/vpc:Vpc",
          name: "network-vpc",
          message:
            "can't run policy 'probe-unknown' from policy pack 'probe@v0.0.1' during preview: string value at " +
            ".cidrBlock can't be known during preview",
        },
      ]);
    });

    it("hands a stack policy every resource with parent, dependencies, property dependencies and provider", async () => {
      const { pack, seen } = probePack();
      const results = await evaluatePolicyPacks([awsProvider(), component, vpc, flowLog, reference], {
        environment: "test",
        config: {},
        packs: [pack],
      });
      const stack = seen.stack[0] ?? [];
      expect(stack.map((r) => r.type)).to.deep.equal([
        "pulumi:providers:aws",
        "platform:network:RegionalVpc",
        "aws:ec2/vpc:Vpc",
        "aws:ec2/flowLog:FlowLog",
        "pulumi:pulumi:StackReference",
      ]);
      const stackVpc = stack.find((r) => r.urn === vpc.urn);
      const stackFlowLog = stack.find((r) => r.urn === flowLog.urn);
      expect(stackVpc?.parent?.urn).to.equal(component.urn);
      expect(stackVpc?.dependencies.map((d) => d.urn)).to.deep.equal([component.urn]);
      expect(stackVpc?.props["id"]).to.equal("vpc-0a1");
      expect(stackVpc?.provider?.urn).to.equal(PROVIDER_URN);
      expect(stackFlowLog?.propertyDependencies["vpcId"]?.map((d) => d.urn)).to.deep.equal([vpc.urn]);
      // A stack finding reported without a URN belongs to no resource.
      expect(results.filter((r) => r.policy === "probe-stack")).to.deep.equal([
        {
          pack: "probe",
          policy: "probe-stack",
          enforcementLevel: "mandatory",
          message: "stack-wide finding",
        },
      ]);
    });

    it("sends secrets and unknowns as the engine marshals them", () => {
      expect(
        toWire({ a: "[secret]", b: ["[unknown]", 1], __defaults: [], c: { d: undefined } }),
      ).to.deep.equal({
        a: { [SPECIAL_SIG_KEY]: SPECIAL_SECRET_SIG, value: "[secret]" },
        b: [UNKNOWN_VALUE, 1],
        c: {},
      });
    });

    it("splits provider references at their last '::' (URNs contain '::')", () => {
      expect(parseProviderReference(PROVIDER_REF)).to.deep.equal({
        urn: PROVIDER_URN,
        id: "04f1c4a2-0000-4000-8000-000000000001",
      });
    });
  });

  describe("pack config per environment", () => {
    const unprotectedCluster = resource("aws:rds/cluster:Cluster", "db", {
      engine: "aurora-postgresql",
      deletionProtection: true,
      finalSnapshotIdentifier: "db-final",
      deleteAutomatedBackups: false,
      backupRetentionPeriod: 7,
    });
    const levels = (results: PolicyResult[]) =>
      results.filter((r) => r.pack === "data-protection").map((r) => `${r.enforcementLevel} ${r.policy}`);

    it("has config files for dev, staging and prod", () => {
      expect(knownEnvironments()).to.deep.equal(["dev", "prod", "staging"]);
    });

    it("makes data protection mandatory in prod", async () => {
      const results = await evaluatePolicyPacks([awsProvider(), unprotectedCluster], {
        environment: "prod",
        packs: [dataProtectionPack],
      });
      expect(levels(results)).to.deep.equal([
        "mandatory rds-iam-authentication",
        "mandatory rds-copy-tags-to-snapshot",
        "mandatory rds-log-exports",
        "mandatory protect-stateful-resources",
        // Stack policies report after the resource policies.
        "mandatory aurora-multi-az",
        // A lone cluster that no AWS Backup selection selects.
        "mandatory backup-selection-covers-databases",
      ]);
    });

    it("makes data protection advisory in dev, where protect is not required", async () => {
      const noDeletionProtection = { ...unprotectedCluster, inputs: { engine: "aurora-postgresql" } };
      const results = await evaluatePolicyPacks([awsProvider(), noDeletionProtection], {
        environment: "dev",
        packs: [dataProtectionPack],
      });
      expect(levels(results)).to.deep.equal([
        "advisory aurora-deletion-protection",
        "advisory aurora-final-snapshot",
        "advisory aurora-keep-automated-backups",
        "advisory aurora-backup-retention",
        "advisory rds-iam-authentication",
        "advisory rds-copy-tags-to-snapshot",
        "advisory rds-log-exports",
        "advisory aurora-multi-az",
        "advisory backup-selection-covers-databases",
      ]);
    });

    it("applies 'all' first, then per-policy levels, and drops disabled policies", async () => {
      const config = {
        "data-protection": {
          all: "advisory",
          "aurora-backup-retention": "mandatory",
          "aurora-final-snapshot": { enforcementLevel: "disabled" },
        },
      };
      const results = await evaluatePolicyPacks(
        [awsProvider(), { ...unprotectedCluster, inputs: { engine: "aurora-postgresql" } }],
        { environment: "test", config, packs: [dataProtectionPack] },
      );
      expect(levels(results)).to.deep.equal([
        "advisory aurora-deletion-protection",
        "advisory aurora-keep-automated-backups",
        "mandatory aurora-backup-retention",
        "advisory rds-iam-authentication",
        "advisory rds-copy-tags-to-snapshot",
        "advisory rds-log-exports",
        "advisory protect-stateful-resources",
        // Stack policies report after the resource policies.
        "advisory aurora-multi-az",
        "advisory backup-selection-covers-databases",
      ]);
    });

    it("rejects an unknown environment, naming the known ones", async () => {
      let error: unknown;
      try {
        await evaluatePolicyPacks([], { environment: "qa" });
      } catch (e) {
        error = e;
      }
      expect(error).to.be.instanceOf(PolicyConfigError);
      expect((error as Error).message).to.match(
        /^no policy pack config for environment "qa"; known environments: dev, prod, staging/,
      );
    });

    it("rejects config the policies' schemas or the CLI would reject", async () => {
      const attempt = async (config: Record<string, unknown>) => {
        try {
          await evaluatePolicyPacks([], {
            environment: "test",
            config: { "data-protection": config },
            packs: [dataProtectionPack],
          });
          return "accepted";
        } catch (e) {
          return (e as Error).message;
        }
      };
      expect(
        await attempt({
          "aurora-backup-retention": { minimumDays: "seven" },
          "msk-min-insync-replicas": { minimum: 0 },
        }),
      ).to.equal(
        "invalid policy pack config given for data-protection:\n" +
          "  aurora-backup-retention: minimumDays must be integer\n" +
          "  msk-min-insync-replicas: minimum must be >= 1",
      );
      expect(await attempt({ "aurora-backup-retention": "strict" })).to.equal(
        'given for data-protection: aurora-backup-retention: "strict" is not a valid enforcement level',
      );
    });

    it("configures every pack from every environment's files without errors", async () => {
      for (const environment of knownEnvironments()) {
        expect(await evaluatePolicyPacks([], { environment })).to.deep.equal([]);
      }
    });
  });

  describe("npm run policy", () => {
    const io = (files: Record<string, string>) => {
      const out: string[] = [];
      const err: string[] = [];
      return {
        out,
        err,
        io: {
          stdout: (t: string) => out.push(t),
          stderr: (t: string) => err.push(t),
          readFile: (f: string) => {
            const content = files[f];
            if (content === undefined) {
              throw new Error(`ENOENT: no such file, open '${f}'`);
            }
            return content;
          },
        },
      };
    };
    const compliantTopic: PlanResourceLike = resource("aws:sns/topic:Topic", "alarms", {
      kmsMasterKeyId: "arn:aws:kms:ap-east-2:123456789012:key/1",
    });

    it("exits 0 and prints the results when nothing mandatory fails", async () => {
      const { io: cliIo, out } = io({ "r.json": JSON.stringify([awsProvider(), compliantTopic]) });
      expect(await runPolicyCli(["--resources", "r.json", "--env", "prod"], cliIo)).to.equal(0);
      expect(JSON.parse(out.join(""))).to.deep.equal({
        environment: "prod",
        summary: { mandatory: 0, advisory: 0, remediate: 0 },
        results: [],
      });
    });

    it("exits 1 on a mandatory violation, reading a whole plan and its environment", async () => {
      const plan = {
        environment: "prod",
        resources: [awsProvider(), resource("aws:sns/topic:Topic", "alarms", {})],
      };
      const { io: cliIo, out } = io({ "plan.json": JSON.stringify(plan) });
      expect(await runPolicyCli(["--resources=plan.json"], cliIo)).to.equal(1);
      const printed = JSON.parse(out.join("")) as { results: PolicyResult[] };
      expect(printed.results.map((r) => `${r.pack}/${r.policy} ${r.name}`)).to.deep.equal([
        "encryption/sns-topic-encrypted alarms",
      ]);
    });

    it("exits 2 on bad arguments, unreadable or malformed input, and unknown environments", async () => {
      const cases: [string[], Record<string, string>, RegExp][] = [
        [[], {}, /^--resources is required/],
        [["--resources", "r.json", "--verbose"], {}, /^unknown argument "--verbose"/],
        [["--resources", "missing.json"], {}, /^cannot read missing.json: ENOENT/],
        [["--resources", "r.json"], { "r.json": "{" }, /^cannot read r.json:/],
        [
          ["--resources", "r.json"],
          { "r.json": '[{"urn": "u"}]' },
          /has resources not in the plan's shape:\n  resources\.0\.type: /,
        ],
        [
          ["--resources", "r.json", "--env", "qa"],
          { "r.json": "[]" },
          /^no policy pack config for environment "qa"/,
        ],
      ];
      for (const [argv, files, expected] of cases) {
        const { io: cliIo, err } = io(files);
        expect(await runPolicyCli(argv, cliIo), argv.join(" ")).to.equal(2);
        expect(err.join(""), argv.join(" ")).to.match(expected);
      }
    });
  });

  it("runs all four packs by default", async () => {
    const results = await evaluatePolicyPacks([awsProvider(), resource("aws:ec2/subnet:Subnet", "s", {})], {
      environment: "prod",
    });
    expect(POLICY_PACKS.map((p) => p.name)).to.deep.equal([
      "encryption",
      "private-networking",
      "tagging",
      "data-protection",
    ]);
    expect(results.map((r) => `${r.pack}/${r.policy}`)).to.deep.equal(["tagging/subnet-tier-tag"]);
    expect(results[0]?.urn).to.equal(urnOf("aws:ec2/subnet:Subnet", "s"));
  });
});
