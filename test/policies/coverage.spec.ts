/**
 * What the tagging pack covers: the list of taggable types is generated from the installed SDKs (and must be
 * regenerated when they change), and every type the platform can create is checked or exempt for a stated reason.
 */
import { expect } from "chai";
import * as fs from "fs";
import { tagCoverage } from "../../policy-packs/tagging/coverage";
import taggable from "../../policy-packs/tagging/taggable-types.json";
import {
  argsHaveTags,
  generateTaggableTypes,
  renderTaggableTypes,
  resourceClasses,
  TAGGABLE_TYPES_FILE,
} from "../../tools/policy/generate-taggable-types";
import rootPackage from "../../package.json";

/**
 * Types the platform creates besides AWS resources (which taggable-types.json lists in full): its components, the
 * multi-language components it uses, providers, the stack, stack references, Kubernetes objects and random values.
 */
const PLATFORM_KNOWN_TYPES: readonly string[] = [
  "pulumi:pulumi:Stack",
  "pulumi:pulumi:StackReference",
  "pulumi:providers:aws",
  "pulumi:providers:eks",
  "pulumi:providers:kubernetes",
  "pulumi:providers:random",
  "platform:network:RegionalVpc",
  "platform:network:VpcPeering",
  "platform:data:GlobalAurora",
  "platform:streaming:MskCluster",
  "platform:compute:EksPlatform",
  "platform:observability:ObservabilityStack",
  "eks:index:Cluster",
  "eks:index:ManagedNodeGroup",
  "eks:index:Addon",
  "eks:index:VpcCniAddon",
  "kubernetes:helm.sh/v3:Release",
  "kubernetes:core/v1:Namespace",
  "kubernetes:core/v1:ServiceAccount",
  "random:index/randomPassword:RandomPassword",
];

describe("tagging coverage", () => {
  it("taggable-types.json is what the generator makes from the installed @pulumi/aws and @pulumi/eks", () => {
    const generated = generateTaggableTypes();
    expect(generated.generatedFrom).to.deep.equal({
      "@pulumi/aws": rootPackage.dependencies["@pulumi/aws"],
      "@pulumi/eks": rootPackage.dependencies["@pulumi/eks"],
    });
    // Byte for byte, so a stale file fails here: run `npm run taggable-types`.
    expect(renderTaggableTypes(generated)).to.equal(fs.readFileSync(TAGGABLE_TYPES_FILE, "utf8"));
  });

  it("finds resource classes and their tokens in both SDKs' compiled shapes, never providers", () => {
    const aws = "class Key extends pulumi.CustomResource {\n    static __pulumiType = 'aws:kms/key:Key';\n}";
    const eks =
      "class Cluster extends pulumi.ComponentResource {\n}\nCluster.__pulumiType = 'eks:index:Cluster';";
    const provider = "class Provider extends pulumi.ProviderResource {\n    static __pulumiType = 'aws';\n}";
    expect(resourceClasses(aws)).to.deep.equal([["Key", "aws:kms/key:Key"]]);
    expect(resourceClasses(eks)).to.deep.equal([["Cluster", "eks:index:Cluster"]]);
    expect(resourceClasses(provider)).to.deep.equal([]);
  });

  it("reads tags from the Args interface only", () => {
    const declarations =
      "export interface KeyState {\n    tags?: string;\n}\nexport interface KeyArgs {\n    description?: string;\n}\n";
    expect(argsHaveTags(declarations, "Key")).to.equal(false);
    expect(argsHaveTags(declarations.replace("description?", "tags?"), "Key")).to.equal(true);
  });

  it("marks the platform's AWS types as its SDK declares them", () => {
    const types = taggable.types as Record<string, boolean>;
    expect(types["aws:rds/cluster:Cluster"]).to.equal(true);
    expect(types["aws:ec2/subnet:Subnet"]).to.equal(true);
    expect(types["aws:ec2/route:Route"]).to.equal(false);
    expect(types["aws:msk/topic:Topic"]).to.equal(false);
    expect(types["eks:index:Cluster"]).to.equal(true);
    expect(types["eks:index:NodeGroup"]).to.equal(false);
  });

  it("checks or explicitly exempts every type the stacks can create", () => {
    const all = [...Object.keys(taggable.types), ...PLATFORM_KNOWN_TYPES];
    const uncovered = all.filter((type) => tagCoverage(type).kind === "unknown");
    expect(uncovered).to.deep.equal([]);
    expect(tagCoverage("aws:rds/cluster:Cluster")).to.deep.equal({ kind: "checked" });
    expect(tagCoverage("aws:ec2/route:Route")).to.deep.equal({
      kind: "exempt",
      reason: "its Args have no tags property in @pulumi/aws 7.48.0",
    });
    expect(tagCoverage("platform:network:RegionalVpc")).to.deep.equal({
      kind: "exempt",
      reason: "a platform component: its children carry the tags",
    });
    expect(tagCoverage("aws:unknown/thing:Thing")).to.deep.equal({ kind: "unknown" });
  });
});
