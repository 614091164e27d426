/**
 * The Pulumi CLI's own code paths, offline: the program started through the Node.js language host's entry point
 * (@pulumi/pulumi/cmd/run) and each policy pack through the analyzer's (@pulumi/pulumi/cmd/run-policy-pack), as
 * separate processes talking gRPC to a stand-in engine (tools/langhost). These runs take seconds, so they start
 * together in one hook and the tests read their results.
 */
import { expect } from "chai";
import { execFileSync } from "child_process";
import * as fs from "fs";
import { createRequire } from "module";
import * as os from "os";
import * as path from "path";
import * as util from "util";
import * as pulumi from "@pulumi/pulumi";
import { ValidationError } from "../../../components/common/validation";
import { POLICY_PACKS } from "../../../policy-packs/registry";
import { ConfigError } from "../../../stacks/config";
import {
  errorsOf,
  EXITED_AFTER_REPORTING,
  ProgramRunResult,
  programLaunch,
  runProgramAsTheCli,
} from "../../../tools/langhost/program";
import { CliPathReport, exitCodeOf, renderReport, runCliPathCommand } from "../../../tools/langhost/cli";
import { RunningPack, startPolicyPackAsTheCli } from "../../../tools/langhost/policy-pack";
import { loadProject, loadStackConfig } from "../../../tools/plan/project";
import type { StackPlan } from "../../../tools/plan/model";
import { planStack } from "../../../tools/plan/run";
import { serveOffline } from "../../../tools/policy/analyzer";
import { analyzeRequest } from "../../../tools/policy/wire";

const ROOT = path.resolve(__dirname, "..", "..", "..");
const sdkLoad = createRequire(require.resolve("@pulumi/pulumi"));

/** Loaded by the program and pack processes: every package they load goes to this file (test/support). */
const LOADED_PACKAGES = path.join(os.tmpdir(), `cli-path-packages-${process.pid}.txt`);
const REPORT_PACKAGES = {
  NODE_OPTIONS: `--require ${path.join(__dirname, "..", "..", "support", "loaded-packages.cjs")}`,
  LOADED_PACKAGES_FILE: LOADED_PACKAGES,
};

interface Runs {
  dev: ProgramRunResult;
  badConfig: ProgramRunResult;
  offlineDev: StackPlan;
  packs: Map<string, RunningPack>;
}

describe("the Pulumi CLI's code paths (offline engine)", function () {
  this.timeout(180_000);
  let runs: Runs;

  before(async () => {
    // Sequential where they share this process's SDK state (the mocks), parallel where they are other processes.
    const packs = Promise.all(
      POLICY_PACKS.map(async (pack) => {
        const running = await startPolicyPackAsTheCli({
          directory: path.join(ROOT, "policy-packs", pack.name),
          env: REPORT_PACKAGES,
        });
        return [pack.name, running] as const;
      }),
    );
    const { plan: offlineDev } = await planStack(ROOT, "dev", { policies: false });
    const dev = await runProgramAsTheCli({
      root: ROOT,
      stack: "dev",
      transpileOnly: true,
      env: REPORT_PACKAGES,
    });
    const badConfig = await runProgramAsTheCli({
      root: ROOT,
      stack: "dev",
      transpileOnly: true,
      configOverrides: { "platform:environment": "qa" },
    });
    runs = { dev, badConfig, offlineDev, packs: new Map(await packs) };
  });

  after(async () => {
    await Promise.all([...(runs?.packs.values() ?? [])].map((pack) => pack.stop()));
    fs.rmSync(LOADED_PACKAGES, { force: true });
  });

  describe("the program, through the language host's entry point", () => {
    it("runs from the project root, where ts-node finds tsconfig.json, with package.json's entry point", () => {
      const project = loadProject(ROOT);
      const launch = programLaunch(project, loadStackConfig(project, "dev"), {
        monitor: "m:1",
        engine: "e:2",
      });
      expect(launch.programDirectory).to.equal(ROOT);
      expect(launch.entryPoint).to.equal(".");
      expect(launch.args[0]).to.equal(require.resolve("@pulumi/pulumi/cmd/run"));
      expect(launch.args.slice(-4)).to.deep.equal(["--dry-run", "--parallel", "16", "."]);
      expect(launch.args[launch.args.indexOf("--pwd") + 1]).to.equal(ROOT);
      expect(launch.env["PULUMI_NODEJS_TYPESCRIPT"]).to.equal("true");
      expect(
        launch.env["PULUMI_NODEJS_TSCONFIG_PATH"],
        "the default tsconfig.json of the program folder",
      ).to.equal(undefined);
      const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as {
        main: string;
      };
      expect(fs.existsSync(path.join(launch.programDirectory, manifest.main))).to.equal(true);
    });

    it("gives ts-node the project's compiler options: the SDK reads them from the program folder's tsconfig.json", () => {
      const tsutils = sdkLoad("./tsutils") as {
        loadTypeScriptCompilerOptions(file: string): Record<string, unknown>;
      };
      const project = JSON.parse(fs.readFileSync(path.join(ROOT, "tsconfig.json"), "utf8")) as {
        compilerOptions: Record<string, unknown>;
      };
      const loaded = tsutils.loadTypeScriptCompilerOptions(
        path.join(loadProject(ROOT).root, "tsconfig.json"),
      );
      expect(loaded).to.deep.equal(project.compilerOptions);
      expect(loaded["lib"]).to.deep.equal(["ES2022"]);
      expect(loaded["strict"]).to.equal(true);
    });

    it("needs nothing from devDependencies to type-check: typescript, ts-node and every `types` entry are dependencies", () => {
      const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as {
        dependencies: Record<string, string>;
      };
      const tsconfig = JSON.parse(fs.readFileSync(path.join(ROOT, "tsconfig.json"), "utf8")) as {
        compilerOptions: { types: string[] };
      };
      for (const name of [
        "typescript",
        "ts-node",
        "@pulumi/policy",
        ...tsconfig.compilerOptions.types.map((t) => `@types/${t}`),
      ]) {
        expect(manifest.dependencies, name).to.have.property(name);
      }
    });

    it("previews dev: exit 0, no errors, the very resources and outputs of the offline plan", () => {
      const { dev, offlineDev } = runs;
      expect(dev.exitCode, dev.stderr).to.equal(0);
      expect(errorsOf(dev)).to.deep.equal([]);
      // Registration order follows promise resolution, which differs between processes: compare by URN.
      const keyed = (resources: readonly { urn: string }[]) =>
        [...resources].sort((a, b) => a.urn.localeCompare(b.urn)).map((r) => JSON.stringify(r));
      expect(dev.resources.length).to.equal(offlineDev.resources.length);
      expect(keyed(dev.resources)).to.deep.equal(keyed(offlineDev.resources));
      expect(dev.outputs).to.deep.equal(offlineDev.outputs);
      expect(dev.durationMs).to.be.a("number");
    });

    it("reports an invalid config as the CLI prints it: the one message, no stack trace, no object dump", () => {
      const { badConfig } = runs;
      expect(badConfig.exitCode, "the SDK's code for an error it already reported").to.equal(
        EXITED_AFTER_REPORTING,
      );
      const errors = errorsOf(badConfig);
      expect(errors).to.have.length(1);
      expect(errors[0]).to.match(/^Invalid configuration for stack dev:\n {2}- platform:environment: /);
      expect(errors[0]).not.to.match(/\n\s+at /);
      expect(errors[0]).not.to.match(/ConfigError|problems|stackName|\{/);
      expect(
        badConfig.resources.map((r) => r.type),
        "nothing but the stack registered",
      ).to.deep.equal(["pulumi:pulumi:Stack"]);
    });
  });

  describe("validation errors", () => {
    const problems = [{ path: "platform:environment", message: "must be one of dev, staging, prod" }];

    it("are Pulumi RunErrors, which the CLI prints as their message alone", () => {
      expect(pulumi.RunError.isInstance(new ConfigError("dev", problems))).to.equal(true);
      expect(
        pulumi.RunError.isInstance(new ValidationError('Invalid arguments for RegionalVpc "vpc"', problems)),
      ).to.equal(true);
    });

    it("keep Error.stack a stack trace, so util.inspect (the CLI's format for other errors) reads well", () => {
      const error = new ConfigError("dev", problems);
      expect(error.stackName).to.equal("dev");
      expect(error.stack).to.match(
        /^ConfigError: Invalid configuration for stack dev:\n {2}- platform:environment:/,
      );
      const inspected = util.inspect(error);
      expect(inspected.startsWith(error.stack as string)).to.equal(true);
    });
  });

  describe("the policy packs, through the analyzer's entry point", () => {
    for (const pack of POLICY_PACKS) {
      it(`${pack.name}: serves every policy of its definition, with level, description and config schema`, async () => {
        const running = runs.packs.get(pack.name) as RunningPack;
        const info = await running.analyzer.getAnalyzerInfo();
        const manifest = JSON.parse(
          fs.readFileSync(path.join(ROOT, "policy-packs", pack.name, "package.json"), "utf8"),
        ) as { version: string };
        expect(info.getName()).to.equal(pack.name);
        expect(info.getVersion()).to.equal(manifest.version);
        const served = info.getPoliciesList().map((policy) => ({
          name: policy.getName(),
          description: policy.getDescription(),
          schema: policy.getConfigschema()?.getProperties()?.toJavaScript() ?? {},
        }));
        const defined = pack.args.policies.map((policy) => ({
          name: policy.name,
          description: policy.description,
          schema: JSON.parse(JSON.stringify(policy.configSchema?.properties ?? {})) as unknown,
        }));
        expect(served).to.deep.equal(defined);
      });
    }

    it("answers an analysis as the in-process analyzer does (same verdicts, same messages)", async () => {
      const pack = POLICY_PACKS.find((p) => p.name === "tagging");
      const running = runs.packs.get("tagging") as RunningPack;
      const resource = runs.offlineDev.resources.find((r) => r.type === "aws:ec2/vpc:Vpc");
      expect(pack).not.to.equal(undefined);
      expect(resource).not.to.equal(undefined);
      const request = analyzeRequest({
        urn: resource!.urn,
        type: resource!.type,
        name: resource!.name,
        properties: { tags: { Owner: "" } },
        options: {
          protect: false,
          ignoreChanges: [],
          additionalSecretOutputs: [],
          aliases: [],
          customTimeouts: { create: 0, update: 0, delete: 0 },
        },
        dependencies: [],
        propertyDependencies: {},
      });
      const inProcess = serveOffline(pack!.name, "1.0.0", pack!.args);
      const [remote, local] = await Promise.all([
        running.analyzer.analyze(request),
        inProcess.analyze(request),
      ]);
      const verdicts = (response: typeof remote) =>
        response
          .getDiagnosticsList()
          .map((d) => [d.getPolicyname(), d.getEnforcementlevel(), d.getMessage()]);
      expect(verdicts(remote).length).to.be.greaterThan(0);
      expect(verdicts(remote)).to.deep.equal(verdicts(local));
    });

    it("need, like the program, only production dependencies: `npm ci --omit=dev` is enough for the CLI", async () => {
      // Every process reports the packages it loaded when it ends: the program has, the packs end here.
      await Promise.all([...runs.packs.values()].map((pack) => pack.stop()));
      const loaded = [
        ...new Set(
          fs
            .readFileSync(LOADED_PACKAGES, "utf8")
            .split("\n")
            .filter((line) => line !== ""),
        ),
      ];
      // The processes report where each package really is (Node.js resolves symbolic links, e.g. a worktree's
      // node_modules linked to another checkout's); npm lists it under the project root.
      const real = (dir: string) => (fs.existsSync(dir) ? fs.realpathSync(dir) : dir);
      const production = new Set(
        execFileSync("npm", ["ls", "--omit=dev", "--all", "--parseable"], { cwd: ROOT, encoding: "utf8" })
          .split("\n")
          .filter((line) => line !== "")
          .map(real),
      );
      expect(loaded.length, "the processes reported their packages").to.be.greaterThan(20);
      expect(loaded.filter((dir) => dir.includes(`${path.sep}@pulumi${path.sep}policy`))).to.have.length(1);
      // `debug` (of @pulumi/eks and the SDK's OpenTelemetry) loads supports-color when it happens to be installed
      // (here, by mocha) and does without it otherwise.
      const optional = new Set(
        ["supports-color", "has-flag"].map((name) => real(path.join(ROOT, "node_modules", name))),
      );
      expect(loaded.filter((dir) => !production.has(dir) && !optional.has(dir))).to.deep.equal([]);
    });
  });

  describe("npm run cli-path", () => {
    const report = (overrides: Partial<CliPathReport> = {}): CliPathReport => ({
      stack: "dev",
      environment: "dev",
      program: {
        pid: 1,
        typeChecked: true,
        command: [
          process.execPath,
          path.join(ROOT, "node_modules/@pulumi/pulumi/cmd/run/index.js"),
          "--pwd",
          ROOT,
          ".",
        ],
        cwd: ROOT,
        exitCode: 0,
        durationMs: 4200,
        resources: 191,
        outputs: 39,
        errors: [],
      },
      packs: [{ name: "tagging", version: "1.0.0", pid: 2, startupMs: 900, policies: 5 }],
      policyResults: [],
      differences: [],
      ...overrides,
    });
    const mandatory = {
      pack: "tagging",
      policy: "required-tags",
      enforcementLevel: "mandatory" as const,
      urn: "urn:pulumi:dev::platform::aws:ec2/vpc:Vpc::network",
      message: "Owner is missing",
    };

    it("prints what ran, from where, how long it took and what the packs said", () => {
      expect(renderReport(report())).to.equal(
        [
          "dev, run as the Pulumi CLI runs it (offline engine):",
          "  program  node node_modules/@pulumi/pulumi/cmd/run/index.js --pwd . .",
          `           from ${ROOT}, type-checked by ts-node`,
          "           exit 0 after 4.2 s; 191 resources, 39 outputs",
          "  packs    tagging 1.0.0: 5 policies, serving after 0.9 s",
          "  verdicts 0 mandatory, 0 advisory, with the dev pack config",
          "  same as the offline plan: resources, outputs and verdicts",
          "",
        ].join("\n"),
      );
    });

    it("exits 0 as planned, 1 on a mandatory violation, 2 when the program failed or the run differs from the plan", () => {
      expect(exitCodeOf(report())).to.equal(0);
      expect(exitCodeOf(report({ policyResults: [mandatory] }))).to.equal(1);
      expect(renderReport(report({ policyResults: [mandatory] }))).to.contain(
        "    mandatory tagging/required-tags urn:pulumi:dev::platform::aws:ec2/vpc:Vpc::network: Owner is missing",
      );
      const failed = report();
      failed.program = {
        ...failed.program,
        exitCode: EXITED_AFTER_REPORTING,
        errors: ["Invalid configuration"],
      };
      expect(exitCodeOf(failed)).to.equal(2);
      expect(renderReport(failed)).to.contain("  error: Invalid configuration");
      const differing = report({ differences: ["stack outputs differ from the offline plan's"] });
      expect(exitCodeOf(differing)).to.equal(2);
      expect(renderReport(differing)).to.contain(
        "  differs from the offline plan:\n    stack outputs differ from the offline plan's",
      );
    });

    it("refuses an unknown option and --typecheck with --transpile-only, pointing at --help", async () => {
      for (const argv of [["dev", "--fast"], ["dev", "--typecheck", "--transpile-only"], []]) {
        let err = "";
        const code = await runCliPathCommand(argv, {
          cwd: ROOT,
          out: () => undefined,
          err: (t) => (err += t),
        });
        expect(code, argv.join(" ")).to.equal(2);
        expect(err, argv.join(" ")).to.match(/^error: .+\nRun "npm run cli-path -- --help"/);
      }
    });
  });
});
