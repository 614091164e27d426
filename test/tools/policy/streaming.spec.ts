/**
 * The plan's policy evaluation while the program runs (tools/policy/streaming.ts, thread.ts): whatever was streamed,
 * the results must be exactly those of `evaluatePolicyPacks` over the final resource list.
 */
import { expect } from "chai";
import * as path from "path";
import type { PackDefinition } from "../../../policy-packs/lib/policy";
import type { PlanResourceLike } from "../../../tools/plan/model";
import { evaluatePolicyPacks } from "../../../tools/policy/evaluate";
import { StreamedPolicyEvaluation } from "../../../tools/policy/streaming";
import { PolicyThread } from "../../../tools/policy/thread";
import { awsProvider, resource } from "../../support/policies";

const ROOT = path.resolve(__dirname, "..", "..", "..");

/** A pack with a remediation, a resource policy reading inputs and the provider, and a stack policy. */
const probe: PackDefinition = {
  name: "probe",
  version: "0.0.1",
  args: {
    enforcementLevel: "advisory",
    policies: [
      {
        name: "probe-owner-tag",
        description: "Adds an Owner tag.",
        enforcementLevel: "remediate",
        remediateResource: (args) =>
          args.type === "aws:ec2/vpc:Vpc"
            ? { ...args.props, tags: { ...(args.props["tags"] as object), Owner: "platform-team" } }
            : undefined,
      },
      {
        name: "probe-cidr",
        description: "Reports each VPC's CIDR and region.",
        validateResource: (args, report) => {
          if (args.type === "aws:ec2/vpc:Vpc") {
            report(`cidr ${String(args.props["cidrBlock"])} in ${String(args.provider?.props["region"])}`);
          }
        },
      },
      {
        name: "probe-stack",
        description: "Reports what the stack analysis sees.",
        validateStack: (args, report) => {
          for (const r of args.resources) {
            report(`${r.name}: ${JSON.stringify(r.props)}`);
          }
        },
      },
    ],
  },
};
const options = { environment: "test", config: {}, packs: [probe] };

const provider = awsProvider();
const component = {
  ...resource("platform:network:RegionalVpc", "network", {}, { custom: false, options: {} }),
  outputs: { vpcId: "vpc-0a1" },
};
const vpc = resource(
  "aws:ec2/vpc:Vpc",
  "network-vpc",
  { cidrBlock: "10.0.0.0/16", tags: { Name: "network" } },
  {
    parent: component.urn,
    id: "vpc-0a1",
    state: { cidrBlock: "10.0.0.0/16", arn: "arn:aws:ec2:vpc/vpc-0a1" },
  },
);
const other = resource("aws:ec2/vpc:Vpc", "other-vpc", { cidrBlock: "10.1.0.0/16" }, { id: "vpc-0b2" });
const final: PlanResourceLike[] = [provider, component, vpc, other];

async function streamed(stream: readonly PlanResourceLike[], resources = final) {
  const evaluation = new StreamedPolicyEvaluation(options);
  for (const r of stream) {
    evaluation.add(r);
  }
  return evaluation.finish(resources);
}

describe("policy evaluation during the plan", () => {
  let expected: Awaited<ReturnType<typeof evaluatePolicyPacks>>;
  before(async () => {
    expected = await evaluatePolicyPacks(final, options);
  });

  it("reports per-resource results, remediations and the stack's (the baseline the others must match)", () => {
    expect(
      expected.map((r) => `${r.policy} ${r.enforcementLevel} ${r.name ?? "(stack)"}: ${r.message}`),
    ).to.deep.equal([
      "probe-owner-tag remediate network-vpc: remediated tags",
      "probe-cidr advisory network-vpc: cidr 10.0.0.0/16 in ap-east-2",
      "probe-owner-tag remediate other-vpc: remediated tags",
      "probe-cidr advisory other-vpc: cidr 10.1.0.0/16 in ap-east-2",
      // The stack analysis sees outputs (components), state plus id (custom resources), else remediated inputs.
      `probe-stack advisory (stack): aws-ap-east-2: ${JSON.stringify({ defaultTags: provider.inputs["defaultTags"], id: provider.id, region: "ap-east-2" })}`,
      'probe-stack advisory (stack): network: {"vpcId":"vpc-0a1"}',
      'probe-stack advisory (stack): network-vpc: {"arn":"arn:aws:ec2:vpc/vpc-0a1","cidrBlock":"10.0.0.0/16","id":"vpc-0a1"}',
      'probe-stack advisory (stack): other-vpc: {"cidrBlock":"10.1.0.0/16","id":"vpc-0b2","tags":{"Owner":"platform-team"}}',
    ]);
  });

  it("gives the same results when every resource was streamed in", async () => {
    expect(await streamed(final)).to.deep.equal(expected);
  });

  it("takes the resources that were not streamed from the final list", async () => {
    expect(await streamed(final.slice(0, 2))).to.deep.equal(expected);
    expect(await streamed([])).to.deep.equal(expected);
  });

  it("evaluates the final list again when a streamed resource differs from it", async () => {
    const stale = { ...vpc, inputs: { ...vpc.inputs, cidrBlock: "10.9.0.0/16" } };
    expect(await streamed([provider, component, stale, other])).to.deep.equal(expected);
    const reordered = await streamed([provider, component, other, vpc]);
    expect(reordered).to.deep.equal(expected);
  });

  it("stops streaming at a resource whose provider was not streamed before it", async () => {
    // In the final list too the provider comes later, where the analysis over the whole list still finds it.
    const late = [component, vpc, provider, other];
    const evaluation = new StreamedPolicyEvaluation(options);
    evaluation.add(component);
    evaluation.add(vpc);
    await evaluation.analyzed();
    evaluation.add(provider);
    evaluation.add(other);
    const results = await evaluation.finish(late);
    expect(results).to.deep.equal(await evaluatePolicyPacks(late, options));
    expect(results.map((r) => r.message)).to.include("cidr 10.0.0.0/16 in ap-east-2");
  });

  it("evaluates the final list from scratch when it has duplicate URNs", async () => {
    // The last of two resources with one URN is the one every lookup finds, e.g. a resource's provider.
    const moved = { ...provider, inputs: { ...provider.inputs, region: "ap-northeast-1" } };
    const duplicated = [...final, moved];
    const results = await streamed(final, duplicated);
    expect(results).to.deep.equal(await evaluatePolicyPacks(duplicated, options));
    expect(results.map((r) => r.message)).to.include("cidr 10.0.0.0/16 in ap-northeast-1");
  });

  it("gives the results of evaluatePolicyPacks on the policy thread, with the stack's environment config", async () => {
    const thread = PolicyThread.start(ROOT, "dev");
    expect(thread).to.not.equal(undefined);
    try {
      const resources: PlanResourceLike[] = [
        provider,
        { ...vpc, options: { ...vpc.options, protect: false } },
      ];
      for (const r of resources.slice(0, 1)) {
        thread?.add(r);
      }
      const results = await thread?.finish(resources);
      expect(results).to.deep.equal(await evaluatePolicyPacks(resources, { environment: "dev" }));
      expect(results?.length).to.be.greaterThan(0);
    } finally {
      await thread?.close();
    }
  });
});
