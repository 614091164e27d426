/**
 * The packs as the Pulumi CLI loads them, and the conventions every policy follows.
 */
import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { parse as parseYaml } from "yaml";
import type { Policy, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { POLICY_PACKS } from "../../policy-packs/registry";
import rootPackage from "../../package.json";
import { PINNED_POLICY_SDK_VERSION } from "../../tools/policy/analyzer";
import { configFileOf, knownEnvironments } from "../../tools/policy/config";
import { messages, resource } from "../support/policies";

const ROOT = path.resolve(__dirname, "..", "..");
const PACKS_DIR = path.join(ROOT, "policy-packs");
const allPolicies = POLICY_PACKS.flatMap((pack) =>
  pack.args.policies.map((policy) => ({ pack: pack.name, policy })),
);

function read(file: string): string {
  return fs.readFileSync(file, "utf8");
}

describe("policy packs", () => {
  it("has at least 40 policies over the four packs, with unique names", () => {
    expect(POLICY_PACKS.map((p) => p.name)).to.deep.equal([
      "encryption",
      "private-networking",
      "tagging",
      "data-protection",
    ]);
    expect(allPolicies.length).to.be.at.least(40);
    const names = allPolicies.map(({ policy }) => policy.name);
    expect(new Set(names).size, "policy names are unique across packs").to.equal(names.length);
  });

  it("gives every policy a kebab-case name, a one-sentence description and an enforcement level", () => {
    for (const { policy } of allPolicies) {
      expect(policy.name, policy.name).to.match(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(policy.description, policy.name).to.match(/^[A-Z0-9].*\.$/);
      expect(policy.description.slice(0, -1), `${policy.name}: one sentence`).not.to.match(/[.!?]\s+[A-Z]/);
      expect(policy.enforcementLevel, policy.name).to.be.oneOf([
        "advisory",
        "mandatory",
        "remediate",
        "disabled",
      ]);
      const validates =
        (policy as ResourceValidationPolicy).validateResource !== undefined ||
        (policy as StackValidationPolicy).validateStack !== undefined;
      expect(validates, policy.name).to.equal(true);
    }
  });

  it("gives every config property a type, a description and a default", () => {
    for (const { policy } of allPolicies) {
      for (const [property, schema] of Object.entries((policy as Policy).configSchema?.properties ?? {})) {
        const s = schema as { type?: unknown; description?: unknown; default?: unknown };
        expect(s.type, `${policy.name}.${property}`).to.be.a("string");
        expect(s.description, `${policy.name}.${property}`).to.be.a("string");
        expect(s.default, `${policy.name}.${property}`).not.to.equal(undefined);
      }
    }
  });

  for (const pack of POLICY_PACKS) {
    describe(`${pack.name} (policy-packs/${pack.name})`, () => {
      const dir = path.join(PACKS_DIR, pack.name);

      it("has a PulumiPolicy.yaml for the Node.js runtime", () => {
        const project = parseYaml(read(path.join(dir, "PulumiPolicy.yaml"))) as Record<string, unknown>;
        expect(project["runtime"]).to.equal("nodejs");
        expect(project["description"]).to.be.a("string");
      });

      it("has a package.json with a version, index.js as its entry and no dependencies of its own", () => {
        const manifest = JSON.parse(read(path.join(dir, "package.json"))) as Record<string, unknown>;
        expect(manifest["version"]).to.match(/^\d+\.\d+\.\d+$/);
        expect(manifest["private"]).to.equal(true);
        // The CLI requires the pack folder: index.js loads index.ts without a second type check (lib/entry.cjs).
        expect(manifest["main"]).to.equal("index.js");
        expect(read(path.join(dir, "index.js"))).to.contain('require("../lib/entry.cjs").load(__dirname);');
        // Everything resolves from the repository's node_modules (docs/policy-packs.md): a pack's own dependency
        // list would install a second SDK beside it.
        expect(manifest).not.to.have.property("dependencies");
        expect(manifest).not.to.have.property("devDependencies");
        expect(
          rootPackage.dependencies["@pulumi/policy"],
          "the packs' SDK is a dependency, not a dev one",
        ).to.equal(PINNED_POLICY_SDK_VERSION);
        expect(fs.existsSync(path.join(dir, "tsconfig.json"))).to.equal(true);
      });

      it("has an index.ts that only assembles the pack", () => {
        const code = read(path.join(dir, "index.ts"))
          .split("\n")
          .filter((line) => line.trim() !== "" && !line.startsWith("//"));
        expect(code).to.have.length(3);
        expect(code[0]).to.equal('import { PolicyPack } from "@pulumi/policy";');
        expect(code[1]).to.match(/^import \{ (\w+) \} from "\.\/pack";$/);
        const name = /import \{ (\w+) \}/.exec(code[1] as string)?.[1];
        expect(code[2]).to.equal(`new PolicyPack(${name}.name, ${name}.args);`);
      });

      it("has a config file for every environment", () => {
        for (const environment of knownEnvironments()) {
          expect(
            fs.existsSync(configFileOf(environment, pack.name)),
            `${environment}/${pack.name}.json`,
          ).to.equal(true);
        }
      });
    });
  }

  it("registers every pack directory", () => {
    const dirs = fs
      .readdirSync(PACKS_DIR, { withFileTypes: true })
      .filter((e) => e.isDirectory() && fs.existsSync(path.join(PACKS_DIR, e.name, "PulumiPolicy.yaml")))
      .map((e) => e.name)
      .sort();
    expect(dirs).to.deep.equal(POLICY_PACKS.map((p) => p.name).sort());
  });

  it("has a passing and a failing test for every policy", () => {
    const specs = fs
      .readdirSync(__dirname)
      .filter((f) => f.endsWith(".spec.ts"))
      .map((f) => read(path.join(__dirname, f)))
      .join("\n");
    for (const { policy } of allPolicies) {
      const start = specs.indexOf(`describe("${policy.name}", () => {`);
      expect(start, `describe("${policy.name}") in test/policies`).to.be.at.least(0);
      const block = specs.slice(start, specs.indexOf("\n  });", start));
      expect(block, `${policy.name}: a passing test`).to.match(/it\("passes/);
      expect(block, `${policy.name}: a failing test`).to.match(/it\("fails/);
    }
  });
});

describe("the policy specs' fixtures", () => {
  const pack = POLICY_PACKS.find((p) => p.name === "data-protection")!;
  const cluster = resource("aws:rds/cluster:Cluster", "database", {
    arn: "arn:aws:rds:ap-east-2:1:cluster:a",
  });
  const selection = resource("aws:backup/selection:Selection", "backup", { resources: ["x"] });

  it("refuses two fixtures of one URN for a stack policy, which would see only one of them", async () => {
    let error: unknown;
    try {
      await messages(pack, "backup-selection-covers-databases", [cluster, selection, selection]);
    } catch (caught) {
      error = caught;
    }
    expect(String(error)).to.equal(
      "Error: fixtures of stack policy backup-selection-covers-databases share a URN (give each its own name): " +
        selection.urn,
    );
  });

  it("lets a resource policy judge a repeated fixture, as it judges every resource it is sent", async () => {
    const trail = resource("aws:cloudtrail/trail:Trail", "trail", { isMultiRegionTrail: false });
    expect(await messages(pack, "cloudtrail-log-file-validation", [trail, trail])).to.have.length(2);
  });
});
