import { expect } from "chai";
import { taggingPack } from "../../policy-packs/tagging/pack";
import { evaluatePolicyPacks } from "../../tools/policy/evaluate";
import {
  awsProvider,
  findings,
  messages,
  PLATFORM_TAGS,
  resource,
  run,
  withInputs,
} from "../support/policies";

const pack = taggingPack;
const PROVIDER_OR_TAGS = "set them in tags or in the AWS provider's defaultTags.tags.";

describe("tagging pack", () => {
  describe("required-tags", () => {
    const vpc = resource("aws:ec2/vpc:Vpc", "vpc", { cidrBlock: "10.0.0.0/16", tags: { Name: "vpc" } });
    it("passes a resource that gets the required tags from its provider's defaultTags (JSON-encoded)", async () => {
      expect(await messages(pack, "required-tags", [vpc])).to.deep.equal([]);
    });
    it("reads defaultTags sent as an object too", async () => {
      const results = await evaluatePolicyPacks([awsProvider(PLATFORM_TAGS, "object"), vpc], {
        environment: "test",
        config: {},
        packs: [pack],
      });
      expect(results).to.deep.equal([]);
    });
    it("passes a resource that carries them itself", async () => {
      const own = resource(
        "aws:ec2/vpc:Vpc",
        "own",
        { tags: PLATFORM_TAGS },
        { options: { provider: undefined } },
      );
      expect(await messages(pack, "required-tags", [own])).to.deep.equal([]);
    });
    it("fails a resource whose provider has no default tags", async () => {
      const results = await evaluatePolicyPacks([awsProvider(null), vpc], {
        environment: "test",
        config: {},
        packs: [pack],
      });
      expect(results.map((r) => `${r.policy}: ${r.message}`)).to.deep.equal([
        `required-tags: tags is missing Owner, CostCenter, Environment, Project, ManagedBy; ${PROVIDER_OR_TAGS}`,
      ]);
    });
    it("fails empty values, also when the resource's own tag overrides the provider's", async () => {
      const emptied = withInputs(vpc, { tags: { Owner: "", CostCenter: " " } });
      expect(await messages(pack, "required-tags", [emptied])).to.deep.equal([
        "tags has empty Owner, CostCenter; give them values.",
      ]);
    });
    it("takes the required keys from config", async () => {
      const config = { "required-tags": { requiredKeys: ["Owner", "DataClassification"] } };
      expect(await messages(pack, "required-tags", [vpc], { config })).to.deep.equal([
        `tags is missing DataClassification; ${PROVIDER_OR_TAGS}`,
      ]);
    });
    it("exempts types without tags, platform components, providers and the stack", async () => {
      const untagged = [
        resource("aws:ec2/route:Route", "route", {
          routeTableId: "rtb-1",
          destinationCidrBlock: "10.1.0.0/16",
        }),
        resource("platform:network:RegionalVpc", "network", {}, { custom: false }),
        resource("pulumi:pulumi:Stack", "platform-test", {}, { custom: false }),
      ];
      const results = await evaluatePolicyPacks([awsProvider(null), ...untagged], {
        environment: "test",
        config: {},
        packs: [pack],
      });
      expect(results).to.deep.equal([]);
    });
    it("checks eks:index components on their own tags, without the provider's", async () => {
      const eks = resource(
        "eks:index:Cluster",
        "eks",
        { tags: { Owner: "platform-team" } },
        { custom: false },
      );
      expect(await messages(pack, "required-tags", [eks])).to.deep.equal([
        "tags is missing CostCenter, Environment, Project, ManagedBy; set them in the component's tags (it does " +
          "not receive the AWS provider's default tags).",
      ]);
      expect(await messages(pack, "required-tags", [withInputs(eks, { tags: PLATFORM_TAGS })])).to.deep.equal(
        [],
      );
    });
    it("reads an Auto Scaling group's tag list, which the provider's default tags do not reach", async () => {
      const asg = resource("aws:autoscaling/group:Group", "nodes", {
        maxSize: 1,
        minSize: 1,
        tags: [{ key: "Owner", value: "platform-team", propagateAtLaunch: true }],
      });
      expect(await messages(pack, "required-tags", [asg])).to.deep.equal([
        `tags is missing CostCenter, Environment, Project, ManagedBy; ${PROVIDER_OR_TAGS}`,
      ]);
    });
    it("remediates missing keys from config at the remediate level", async () => {
      const config = {
        "required-tags": {
          enforcementLevel: "remediate",
          remediationTags: { Owner: "platform-team", CostCenter: "CC-1001", Environment: "prod" },
        },
      };
      const results = await evaluatePolicyPacks([awsProvider(null), vpc], {
        environment: "test",
        config: { tagging: config },
        packs: [pack],
      });
      expect(results.map((r) => `${r.enforcementLevel} ${r.policy}: ${r.message}`)).to.deep.equal([
        "remediate required-tags: remediated tags",
        // Still missing after the remediation: reported at the mandatory level, as the engine does.
        `mandatory required-tags: tags is missing Project, ManagedBy; ${PROVIDER_OR_TAGS}`,
      ]);
    });
  });

  describe("environment-tag-allowed", () => {
    const vpc = resource("aws:ec2/vpc:Vpc", "vpc", { cidrBlock: "10.0.0.0/16" });
    it("passes a known environment", async () => {
      expect(await messages(pack, "environment-tag-allowed", [vpc])).to.deep.equal([]);
    });
    it("fails an unknown one", async () => {
      expect(
        await messages(pack, "environment-tag-allowed", [withInputs(vpc, { tags: { Environment: "qa" } })]),
      ).to.deep.equal(['tags.Environment is "qa"; set tags.Environment to one of "dev", "staging", "prod".']);
    });
    it("takes the allowed values from config", async () => {
      const config = { "environment-tag-allowed": { allowedValues: ["dev"] } };
      expect(await messages(pack, "environment-tag-allowed", [vpc], { config })).to.deep.equal([
        'tags.Environment is "prod"; set tags.Environment to one of "dev".',
      ]);
    });
  });

  describe("tag-limits", () => {
    const vpc = resource("aws:ec2/vpc:Vpc", "vpc", { cidrBlock: "10.0.0.0/16", tags: { Name: "vpc" } });
    it("passes tags within the limits", async () => {
      expect(await messages(pack, "tag-limits", [vpc])).to.deep.equal([]);
    });
    it("passes exactly the limits: 50 tags with the provider's 5, a 128-character key, a 256-character value, aws: inside a key", async () => {
      const fifty = Object.fromEntries(Array.from({ length: 45 }, (_, i) => [`k${i}`, "v"]));
      const edge = { ["k".repeat(128)]: "v", Long: "v".repeat(256), "team:aws:owner": "me" };
      expect(
        await findings(pack, "tag-limits", [
          withInputs(vpc, { tags: fifty }),
          withInputs(vpc, { tags: edge }),
        ]),
      ).to.deep.equal([]);
    });
    it("fails too many tags, long keys and values, and aws: keys", async () => {
      const many = Object.fromEntries(Array.from({ length: 46 }, (_, i) => [`k${i}`, "v"]));
      const long = { ["k".repeat(129)]: "v", Long: "v".repeat(257), "aws:owner": "me" };
      expect(
        await findings(pack, "tag-limits", [
          withInputs(vpc, { tags: many }),
          withInputs(vpc, { tags: long }),
        ]),
      ).to.deep.equal([
        "vpc: tags has 51 tags (with the provider's default tags); keep at most 50.",
        // Tags reach the policy through a protobuf Struct, whose keys come out sorted.
        "vpc: tags.Long has 257 characters; keep values within 256.",
        'vpc: tag key "aws:owner" uses the reserved aws: prefix; rename it.',
        `vpc: tag key "${"k".repeat(129)}" has 129 characters; keep keys within 128.`,
      ]);
    });
  });

  describe("subnet-tier-tag", () => {
    const subnet = resource("aws:ec2/subnet:Subnet", "data-a", { vpcId: "vpc-1", tags: { Tier: "data" } });
    it("passes a subnet with a known tier", async () => {
      expect(await messages(pack, "subnet-tier-tag", [subnet])).to.deep.equal([]);
    });
    it("fails a subnet without one, or with another", async () => {
      expect(
        await messages(pack, "subnet-tier-tag", [
          withInputs(subnet, { tags: undefined }),
          withInputs(subnet, { tags: { Tier: "public" } }),
        ]),
      ).to.deep.equal([
        'tags.Tier is not set; set tags.Tier to one of "data", "workload", "edge".',
        'tags.Tier is "public"; set tags.Tier to one of "data", "workload", "edge".',
      ]);
    });
  });

  describe("s3-bucket-data-class-tag", () => {
    const bucket = resource("aws:s3/bucket:Bucket", "logs", { tags: { "platform:data-class": "logs" } });
    it("passes a bucket that says what it holds", async () => {
      expect(await messages(pack, "s3-bucket-data-class-tag", [bucket])).to.deep.equal([]);
    });
    it("fails a bucket that does not", async () => {
      expect(
        await messages(pack, "s3-bucket-data-class-tag", [withInputs(bucket, { tags: {} })]),
      ).to.deep.equal([
        'tags["platform:data-class"] is not set; set tags["platform:data-class"] to one of "logs", "data", "ephemeral".',
      ]);
    });
  });

  it("reports every finding at the mandatory level by default", async () => {
    const results = await run(pack, [resource("aws:ec2/subnet:Subnet", "s", { vpcId: "vpc-1" })]);
    expect(results.map((r) => `${r.pack}/${r.policy} ${r.enforcementLevel}`)).to.deep.equal([
      "tagging/subnet-tier-tag mandatory",
    ]);
  });
});
