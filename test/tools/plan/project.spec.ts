import { expect } from "chai";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import {
  ProjectError,
  listStacks,
  loadProject,
  loadStackConfig,
  PulumiProject,
  resolveProgramEntry,
} from "../../../tools/plan/project";
import { runPlanCli } from "../../../tools/plan/cli";
import type { StackPlan } from "../../../tools/plan/model";
import { planStack } from "../../../tools/plan/run";

const REPO = path.resolve(__dirname, "..", "..", "..");
const FIXTURE = path.join(__dirname, "..", "..", "support", "fixtures", "plan", "project");

/** A throwaway project: `files` maps relative paths to contents. */
function scratchProject(files: Record<string, string>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "plan-project-"));
  for (const [file, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    fs.writeFileSync(path.join(root, file), content);
  }
  return root;
}

function caught(fn: () => unknown): Error {
  try {
    fn();
  } catch (err) {
    return err as Error;
  }
  throw new Error("expected an error");
}

async function rejected(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (err) {
    return err as Error;
  }
  throw new Error("expected a rejection");
}

const TS_PROGRAM = "export = async function () { return {}; };\n";

describe("offline plan: project and stack loading", () => {
  describe("Pulumi.yaml", () => {
    it("reads name, runtime, main and the project-level config with full keys", () => {
      const project = loadProject(FIXTURE);
      expect(project.name).to.equal("fixture");
      expect(project.runtime).to.equal("nodejs");
      expect(project.runtimeOptions).to.deep.equal({ typescript: true });
      expect(project.main).to.equal("program/");
      expect(project.stackConfigDir).to.equal(FIXTURE);
      expect(project.config).to.deep.equal({
        "fixture:environment": { key: "fixture:environment", type: "string", secret: false, default: "dev" },
        "fixture:cidr": { key: "fixture:cidr", type: "string", secret: false },
        "fixture:protect": { key: "fixture:protect", type: "boolean", secret: false, default: false },
        "fixture:owner": { key: "fixture:owner", secret: false, default: "platform-team" },
        "aws:region": { key: "aws:region", secret: false, default: "us-west-2" },
        "fixture:settings": { key: "fixture:settings", secret: false, default: { retentionDays: 30 } },
      });
      expect(listStacks(project)).to.deep.equal(["alpha", "beta", "broken", "crash", "orphan"]);
    });

    it("reads the real project", () => {
      const project = loadProject(REPO);
      expect(project.name).to.equal("platform");
      // No main: the program runs from the root and package.json names its entry point (ADR 0023).
      expect(project.main).to.equal(undefined);
      expect(listStacks(project)).to.include.members(["dev", "prod-taipei", "prod-tokyo"]);
    });

    it("rejects a project without a name, without a runtime, or with another runtime", () => {
      expect(
        caught(() => loadProject(scratchProject({ "Pulumi.yaml": "runtime: nodejs\n" }))).message,
      ).to.match(/Pulumi\.yaml: project is missing a 'name' attribute$/);
      expect(caught(() => loadProject(scratchProject({ "Pulumi.yaml": "name: x\n" }))).message).to.match(
        /Pulumi\.yaml: project is missing a 'runtime' attribute$/,
      );
      const python = caught(() =>
        loadProject(scratchProject({ "Pulumi.yaml": "name: x\nruntime: python\n" })),
      );
      expect(python).to.be.instanceOf(ProjectError);
      expect(python.message).to.match(/runtime is python; the offline plan runs nodejs programs only$/);
      const empty = scratchProject({});
      expect(caught(() => loadProject(empty)).message).to.equal(
        `no Pulumi.yaml in ${empty}: run the plan from the project root`,
      );
    });

    it("rejects a type declaration on a key of another namespace", () => {
      const root = scratchProject({
        "Pulumi.yaml": "name: x\nruntime: nodejs\nconfig:\n  aws:region:\n    type: string\n",
      });
      expect(caught(() => loadProject(root)).message).to.include(
        "configuration key 'aws:region' is not namespaced by the project and should not define a type",
      );
    });
  });

  describe("program entry point, as the Node.js language host resolves it", () => {
    it("resolves a main folder to its index.ts", () => {
      expect(resolveProgramEntry(FIXTURE, "program/")).to.equal(path.join(FIXTURE, "program", "index.ts"));
      expect(resolveProgramEntry(REPO, loadProject(REPO).main)).to.equal(
        path.join(REPO, "stacks", "entry.cjs"),
      );
    });

    it("resolves a main file, with or without its extension", () => {
      const root = scratchProject({
        "app.ts": TS_PROGRAM,
        "package.json": '{ "main": "other.ts" }',
        "other.ts": "",
      });
      expect(resolveProgramEntry(root, "app.ts")).to.equal(path.join(root, "app.ts"));
      expect(resolveProgramEntry(root, "app")).to.equal(path.join(root, "app.ts"));
    });

    it("without main, uses package.json main, else the project folder's index", () => {
      const withMain = scratchProject({
        "package.json": '{ "main": "src/app.ts" }',
        "src/app.ts": TS_PROGRAM,
      });
      expect(resolveProgramEntry(withMain)).to.equal(path.join(withMain, "src", "app.ts"));
      const plain = scratchProject({ "package.json": "{}", "index.ts": TS_PROGRAM });
      expect(resolveProgramEntry(plain)).to.equal(path.join(plain, "index.ts"));
    });

    it("prefers package.json exports to main", () => {
      const conditional = scratchProject({
        "package.json": JSON.stringify({ main: "main.ts", exports: { ".": { require: "./lib/entry.ts" } } }),
        "main.ts": TS_PROGRAM,
        "lib/entry.ts": TS_PROGRAM,
      });
      expect(resolveProgramEntry(conditional)).to.equal(path.join(conditional, "lib", "entry.ts"));
      const plainString = scratchProject({
        "package.json": '{ "exports": "./lib/entry.ts" }',
        "lib/entry.ts": "",
      });
      expect(resolveProgramEntry(plainString)).to.equal(path.join(plainString, "lib", "entry.ts"));
    });

    it("consults package.json for a main folder too, since the host runs the folder as entry point '.'", () => {
      const root = scratchProject({
        "package.json": '{ "main": "bin/app.ts" }',
        "bin/app.ts": TS_PROGRAM,
        "src/index.ts": TS_PROGRAM,
      });
      expect(resolveProgramEntry(root, "src")).to.equal(path.join(root, "bin", "app.ts"));
    });

    it("falls back to the program folder, with the host's warning, when package.json names a missing file", () => {
      const root = scratchProject({ "package.json": '{ "main": "dist/index.js" }', "index.ts": TS_PROGRAM });
      const warnings: string[] = [];
      expect(resolveProgramEntry(root, undefined, warnings)).to.equal(path.join(root, "index.ts"));
      expect(warnings).to.deep.equal([
        `Could not find entry point 'dist/index.js' specified in package.json; using '${root}' instead`,
      ]);
    });

    it("fails a broken main naming the entry point it looked for", () => {
      const root = scratchProject({ "package.json": "{}", "empty/README.txt": "no program here" });
      const missing = caught(() => resolveProgramEntry(root, "missing/"));
      expect(missing).to.be.instanceOf(ProjectError);
      expect(missing.message).to.equal(
        `We failed to locate the entry point for your program: ${path.join(root, "missing")} (Pulumi.yaml main: missing/)`,
      );
      expect(caught(() => resolveProgramEntry(root, "empty")).message).to.equal(
        `We failed to locate the entry point for your program: ${path.join(root, "empty")}/ (Pulumi.yaml main: empty)`,
      );
      expect(caught(() => resolveProgramEntry(root, "/abs/index.ts")).message).to.equal(
        "project 'main' must be a relative path, not /abs/index.ts",
      );
      expect(caught(() => resolveProgramEntry(root, "../elsewhere")).message).to.equal(
        "project 'main' must be a subfolder of the project, not ../elsewhere",
      );
    });
  });

  describe("stack config", () => {
    let project: PulumiProject;
    beforeEach(() => {
      project = loadProject(FIXTURE);
    });

    it("applies project defaults under the stack's values and JSON-encodes structured values", () => {
      const settings = loadStackConfig(project, "alpha");
      expect(settings.stack).to.equal("alpha");
      expect(settings.file).to.equal(path.join(FIXTURE, "Pulumi.alpha.yaml"));
      expect(settings.config).to.deep.equal({
        "fixture:environment": "dev",
        "fixture:protect": "true",
        "fixture:owner": "platform-team",
        "aws:region": "ap-east-2",
        "fixture:settings": '{"retentionDays":30}',
        "fixture:cidr": "10.0.0.0/16",
        "fixture:token": "[secret]",
        "fixture:tags": '{"Owner":"platform-team","CostCenter":"CC-1001"}',
      });
      expect(settings.secretKeys).to.deep.equal(["fixture:token"]);
      expect(settings.warnings).to.deep.equal([]);
    });

    it("replaces secure values nested in structured config and marks the key secret", () => {
      const settings = loadStackConfig(project, "beta");
      expect(settings.config["fixture:database"]).to.equal('{"engineVersion":"16.4","password":"[secret]"}');
      expect(settings.secretKeys).to.deep.equal(["fixture:database", "fixture:token"]);
      expect(JSON.stringify(settings)).to.not.include("v1:");
    });

    it("accepts a fully qualified stack name of this project", () => {
      expect(loadStackConfig(project, "acme/fixture/alpha").stack).to.equal("alpha");
      expect(caught(() => loadStackConfig(project, "acme/other/alpha")).message).to.equal(
        "stack acme/other/alpha belongs to project other, not fixture",
      );
    });

    it("fails an unknown stack, listing the stacks that exist", () => {
      const error = caught(() => loadStackConfig(project, "gamma"));
      expect(error).to.be.instanceOf(ProjectError);
      expect(error.message).to.equal(
        `unknown stack gamma: there is no Pulumi.gamma.yaml in ${FIXTURE}; stacks: alpha, beta, broken, crash, orphan`,
      );
    });

    it("checks stack values against the declarations of Pulumi.yaml like the CLI", () => {
      const root = scratchProject({
        "Pulumi.yaml": [
          "name: demo",
          "runtime: nodejs",
          "config:",
          "  role: { type: string }",
          "  count: { type: integer, default: 2 }",
          "  enabled: { type: boolean }",
          "  zones: { type: array, default: [a] }",
          "  password: { type: string, secret: true }",
          "",
        ].join("\n"),
        "Pulumi.bad.yaml":
          "config:\n  demo:count: many\n  demo:enabled: maybe\n  demo:zones: a\n  demo:password: plain\n",
        "Pulumi.good.yaml":
          "config:\n  demo:role: primary\n  demo:enabled: true\n  demo:password:\n    secure: v1:abc\n  count: 3\n",
      });
      const demo = loadProject(root);
      expect(caught(() => loadStackConfig(demo, "bad")).message).to.equal(
        [
          "Stack 'bad' is missing configuration value 'demo:role'",
          "Stack 'bad' with configuration key 'demo:count' must be of type 'integer'",
          "Stack 'bad' with configuration key 'demo:enabled' must be of type 'boolean'",
          "Stack 'bad' with configuration key 'demo:zones' must be of type 'array'",
          "Stack 'bad' with configuration key 'demo:password' must be encrypted as it's secret",
        ].join("\n"),
      );
      expect(loadStackConfig(demo, "good").config).to.deep.equal({
        "demo:count": "3",
        "demo:zones": '["a"]',
        "demo:role": "primary",
        "demo:enabled": "true",
        "demo:password": "[secret]",
      });
    });
  });
});

describe("offline plan: running a stack", () => {
  let alpha: StackPlan;

  before(async () => {
    alpha = (await planStack(FIXTURE, "alpha")).plan;
  });

  it("registers the program's resources under the root stack resource", () => {
    const stackUrn = "urn:pulumi:alpha::fixture::pulumi:pulumi:Stack::fixture-alpha";
    expect(alpha.stack).to.equal("alpha");
    expect(alpha.project).to.equal("fixture");
    expect(alpha.region).to.equal("ap-east-2");
    expect(alpha.resources.map((r) => `${r.type}::${r.name}`)).to.deep.equal([
      "pulumi:pulumi:Stack::fixture-alpha",
      "pulumi:providers:aws::aws-ap-east-2",
      "aws:ec2/vpc:Vpc::main",
    ]);
    const [stack, provider, vpc] = alpha.resources;
    expect(stack.urn).to.equal(stackUrn);
    expect(stack.parent).to.equal(undefined);
    expect(provider.inputs["region"]).to.equal("ap-east-2");
    expect(vpc.urn).to.equal("urn:pulumi:alpha::fixture::pulumi:pulumi:Stack$aws:ec2/vpc:Vpc::main");
    expect(vpc.parent).to.equal(stackUrn);
    expect(vpc.inputs).to.deep.equal({ cidrBlock: "10.0.0.0/16", enableDnsHostnames: true });
    expect(vpc.options.protect).to.equal(true);
    expect(vpc.options.ignoreChanges).to.deep.equal(["tags"]);
    expect(vpc.options.provider).to.match(new RegExp(`^${escapeRegExp(provider.urn)}::[0-9a-f-]{36}$`));
    expect(vpc.propertyDependencies).to.deep.equal({ cidrBlock: [], enableDnsHostnames: [] });
    expect(alpha.policyResults).to.deep.equal([]);
  });

  it("returns the stack outputs with secrets redacted", () => {
    expect(Object.keys(alpha.outputs).sort()).to.deep.equal([
      "connection",
      "environment",
      "region",
      "token",
      "vpcId",
    ]);
    expect(alpha.outputs["connection"]).to.equal("[secret]");
    expect(alpha.outputs["token"]).to.equal("[secret]");
    expect(alpha.outputs["environment"]).to.equal("dev");
    expect(alpha.outputs["vpcId"]).to.match(/^vpc-[0-9a-f]{17}$/);
    expect(JSON.stringify(alpha)).to.not.include("fixture-password");
  });

  it("plans the primary first and feeds its outputs to the stack reference, secrets staying secret", async () => {
    const { plan: beta } = await planStack(FIXTURE, "beta");
    expect(beta.region).to.equal("ap-northeast-1");
    expect(beta.outputs["primaryVpcId"]).to.equal(alpha.outputs["vpcId"]);
    expect(beta.outputs["primaryToken"]).to.equal("[secret]");
    expect(beta.outputs["primaryDatabaseHost"]).to.equal("ap-east-2.db");
    expect(beta.outputs["vpcId"]).to.not.equal(alpha.outputs["vpcId"]);
    const reference = beta.resources.find((r) => r.type === "pulumi:pulumi:StackReference");
    expect(reference?.name).to.equal("acme/fixture/alpha");
    expect(beta.resources.map((r) => r.urn)).to.not.include(alpha.resources[0].urn);
    expect(JSON.stringify(beta)).to.not.include("fixture-password");
  });

  it("fails with the program's ValidationError, then plans the next stack normally", async () => {
    const error = await rejected(planStack(FIXTURE, "broken"));
    expect(error.name).to.equal("ValidationError");
    expect(error.message).to.equal("invalid config:\n  - fixture:cidr: not-a-cidr is not a CIDR block");
    const { plan: again } = await planStack(FIXTURE, "alpha");
    expect(again.resources.map((r) => r.urn)).to.deep.equal(alpha.resources.map((r) => r.urn));
    expect(again.outputs).to.deep.equal(alpha.outputs);
  });

  it("fails with an ordinary program error as thrown", async () => {
    const error = await rejected(planStack(FIXTURE, "crash"));
    expect(error.name).to.equal("Error");
    expect(error.message).to.equal("the fixture program crashed");
  });

  it("fails when the primary named in config has no stack file", async () => {
    const error = await rejected(planStack(FIXTURE, "orphan"));
    expect(error).to.be.instanceOf(ProjectError);
    expect(error.message).to.equal(
      `fixture:primaryStack of stack orphan is acme/fixture/gamma, but there is no Pulumi.gamma.yaml to plan it from in ${FIXTURE}`,
    );
  });

  it("returns what the CLI would warn about beside the plan (the primary's too), which the CLI prints and --json leaves out", async () => {
    const root = scratchProject({
      "Pulumi.yaml": "name: scratch\nruntime: nodejs\n",
      "package.json": '{ "main": "dist/index.js" }',
      "index.ts": TS_PROGRAM,
      "Pulumi.primary.yaml": "environment:\n  - shared\n",
      "Pulumi.secondary.yaml":
        "environment:\n  - shared\nconfig:\n  scratch:primaryStack: acme/scratch/primary\n",
    });
    const esc = (stack: string) =>
      `Pulumi.${stack}.yaml imports ESC environments, which the offline plan cannot resolve`;
    const { plan, warnings } = await planStack(root, "secondary");
    expect(warnings).to.deep.equal([
      `Could not find entry point 'dist/index.js' specified in package.json; using '${root}' instead`,
      esc("secondary"),
      esc("primary"),
    ]);
    expect(Object.keys(plan)).to.deep.equal([
      "stack",
      "project",
      "region",
      "resources",
      "outputs",
      "policyResults",
    ]);

    const file = path.join(root, "plan.json");
    const io = {
      stdout: "",
      stderr: "",
      cwd: root,
      out: (t: string) => void (io.stdout += t),
      err: (t: string) => void (io.stderr += t),
    };
    expect(await runPlanCli(["secondary", "--json", file], io)).to.equal(0);
    expect(io.stderr).to.equal(warnings.map((warning) => `warning: ${warning}\n`).join(""));
    expect(JSON.parse(fs.readFileSync(file, "utf8"))).to.not.have.property("warnings");
  });

  it("fails an unknown stack before running anything", async () => {
    const error = await rejected(planStack(FIXTURE, "gamma"));
    expect(error).to.be.instanceOf(ProjectError);
    expect(error.message).to.match(/^unknown stack gamma: /);
  });
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
