import { expect } from "chai";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parseDocument } from "yaml";
import { githubCiAccessDefaults } from "../../components/github-ci-access";
import {
  formatProblem,
  lintWorkflow,
  lintWorkflows,
  runLintWorkflowsCli,
} from "../../tools/ci/lint-workflows";
import { PlanRun, readPlanRuns, renderPlanSummary } from "../../tools/ci/plan-summary";
import { stackFileValues } from "../support/config";

const ROOT = path.resolve(__dirname, "..", "..");

interface Step {
  name?: string;
  id?: string;
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
  env?: Record<string, unknown>;
  if?: string;
  "continue-on-error"?: unknown;
}

interface Job {
  name?: string;
  "runs-on": string | string[];
  needs?: string | string[];
  if?: string;
  environment?: string | { name: string; url?: string };
  permissions?: Record<string, string>;
  strategy?: { "fail-fast"?: boolean; matrix?: { include?: Record<string, string>[] } };
  env?: Record<string, unknown>;
  steps: Step[];
  "continue-on-error"?: unknown;
}

interface Workflow {
  name: string;
  on: Record<string, { branches?: string[] } | null>;
  permissions?: Record<string, string>;
  concurrency?: { group: string; "cancel-in-progress": boolean };
  env?: Record<string, string | number>;
  jobs: Record<string, Job>;
}

function readWorkflow(file: string): Workflow {
  const document = parseDocument(fs.readFileSync(path.join(ROOT, ".github", "workflows", file), "utf8"));
  expect(
    document.errors.map((e) => e.message),
    file,
  ).to.deep.equal([]);
  expect(
    document.warnings.map((e) => e.message),
    file,
  ).to.deep.equal([]);
  return document.toJS() as Workflow;
}

const preview = readWorkflow("preview.yml");
const deploy = readWorkflow("deploy.yml");
const WORKFLOWS: Record<string, Workflow> = { "preview.yml": preview, "deploy.yml": deploy };

const packageJson = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as {
  scripts: Record<string, string>;
  dependencies: Record<string, string>;
};

/** Stacks of the project: one per `Pulumi.<stack>.yaml`. */
const STACKS = fs
  .readdirSync(ROOT)
  .map((file) => /^Pulumi\.(.+)\.yaml$/.exec(file)?.[1])
  .filter((stack): stack is string => stack !== undefined)
  .sort();

/** Policy packs: every folder of policy-packs/ with a PulumiPolicy.yaml. */
const PACKS = fs
  .readdirSync(path.join(ROOT, "policy-packs"))
  .filter((dir) => fs.existsSync(path.join(ROOT, "policy-packs", dir, "PulumiPolicy.yaml")))
  .sort();

function steps(workflow: Workflow): Step[] {
  return Object.values(workflow.jobs).flatMap((job) => job.steps);
}

function stepUsing(job: Job, action: string): Step {
  const found = job.steps.filter((step) => step.uses?.split("@")[0] === action);
  expect(found, `one ${action} step`).to.have.length(1);
  return found[0];
}

function lines(value: unknown): string[] {
  return String(value)
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line !== "");
}

function needsOf(job: Job): string[] {
  return job.needs === undefined ? [] : [job.needs].flat();
}

function environmentOf(job: Job): string | undefined {
  return typeof job.environment === "string" ? job.environment : job.environment?.name;
}

/** The `npm` scripts a shell script runs (`npm run [--silent] <script>`, `npm test`). */
function npmScripts(script: string): string[] {
  const names = [...script.matchAll(/npm run (?:--silent )?([\w:-]+)/g)].map((m) => m[1]);
  return /\bnpm test\b/.test(script) ? [...names, "test"] : names;
}

/** The stack of a `stack-name` input, which must read `${{ env.PULUMI_ORGANIZATION }}/platform/<stack>`. */
function stackOfName(stackName: unknown, matrixStack?: string): string {
  const match = /^\$\{\{ env\.PULUMI_ORGANIZATION \}\}\/([\w-]+)\/(.+)$/.exec(String(stackName));
  expect(match, String(stackName)).to.not.equal(null);
  const [, project, stack] = match!;
  expect(project).to.equal(projectName());
  return stack === "${{ matrix.stack }}" ? matrixStack! : stack;
}

function projectName(): string {
  const document = parseDocument(fs.readFileSync(path.join(ROOT, "Pulumi.yaml"), "utf8")).toJS() as {
    name: string;
  };
  return document.name;
}

/** The policy pack inputs of a pulumi/actions step, resolved for one environment. */
function policyInputs(step: Step, environment: string): { packs: string[]; configs: string[] } {
  return {
    packs: lines(step.with?.["policyPacks"]),
    configs: lines(step.with?.["policyPackConfigs"]).map((line) =>
      line.replace("${{ matrix.environment }}", environment),
    ),
  };
}

/** The deploy jobs that run `pulumi up`, in the order their `needs` chain them. */
function upJobsInOrder(): string[] {
  const upJobs = Object.entries(deploy.jobs)
    .filter(([, job]) => job.steps.some((step) => step.with?.["command"] === "up"))
    .map(([id]) => id);
  const order: string[] = [];
  let next = upJobs.filter((id) => !needsOf(deploy.jobs[id]).some((n) => upJobs.includes(n)));
  while (next.length === 1) {
    order.push(next[0]);
    next = upJobs.filter((id) => needsOf(deploy.jobs[id]).includes(order[order.length - 1]));
  }
  expect(next, "the up jobs form one chain").to.deep.equal([]);
  return order;
}

/** The one pulumi/actions step of a job that runs `command` (preview, up, ...). */
function pulumiStep(job: Job, command: string): Step {
  const found = job.steps.filter(
    (step) => step.uses?.split("@")[0] === "pulumi/actions" && step.with?.["command"] === command,
  );
  expect(found, `one pulumi/actions step with command ${command}`).to.have.length(1);
  return found[0];
}

/** Steps that run the Pulumi CLI: pulumi/actions with a command, or a shell step that calls `pulumi`. */
function runsPulumiCli(step: Step): boolean {
  if (step.uses?.split("@")[0] === "pulumi/actions") {
    return step.with?.["command"] !== undefined;
  }
  return /(^|[\s;&|(])pulumi\s/m.test(step.run ?? "");
}

/** Every job a job waits for, directly or through the jobs it needs. */
function neededJobs(workflow: Workflow, id: string): string[] {
  const seen = new Set<string>();
  const visit = (job: string) => {
    for (const need of needsOf(workflow.jobs[job])) {
      expect(workflow.jobs, `${id} needs ${need}`).to.have.property(need);
      if (!seen.has(need)) {
        seen.add(need);
        visit(need);
      }
    }
  };
  visit(id);
  return [...seen].sort();
}

const CI_RUN = fs.readFileSync(path.join(ROOT, ".ci", "run"), "utf8");

/** A job that runs the CI entry point, which type-checks the checked-out commit. */
function typeChecks(job: Job): boolean {
  return job.steps.some((step) => step.run === "bash .ci/run") && npmScripts(CI_RUN).includes("typecheck");
}

/** `with` without the given inputs. */
function inputsBut(step: Step, ...left: string[]): Record<string, unknown> {
  return Object.fromEntries(Object.entries(step.with ?? {}).filter(([key]) => !left.includes(key)));
}

/**
 * The actions the workflows use, at their current majors, with the runtime and inputs their `action.yml` declares
 * at the newest tag of that major (sources in ADR 0022). actionlint 1.7.7 knows the inputs of checkout,
 * setup-node, upload-artifact and configure-aws-credentials only up to v4 and of pulumi/actions up to v6, and
 * skips the inputs of any later major without a word, so this table is what catches a misspelt input.
 */
const PINNED_ACTIONS: Record<string, { tag: string; runtime: string; required: string[]; inputs: string[] }> =
  {
    "actions/checkout@v7": {
      tag: "v7.0.1 (3d3c42e5aac5ba805825da76410c181273ba90b1)",
      runtime: "node24",
      required: [],
      inputs: [
        "allow-unsafe-pr-checkout",
        "clean",
        "fetch-depth",
        "fetch-tags",
        "filter",
        "github-server-url",
        "lfs",
        "path",
        "persist-credentials",
        "ref",
        "repository",
        "set-safe-directory",
        "show-progress",
        "sparse-checkout",
        "sparse-checkout-cone-mode",
        "ssh-key",
        "ssh-known-hosts",
        "ssh-strict",
        "ssh-user",
        "submodules",
        "token",
      ],
    },
    "actions/setup-node@v7": {
      tag: "v7.0.0 (820762786026740c76f36085b0efc47a31fe5020)",
      runtime: "node24",
      required: [],
      inputs: [
        "architecture",
        "cache",
        "cache-dependency-path",
        "check-latest",
        "mirror",
        "mirror-token",
        "node-version",
        "node-version-file",
        "package-manager-cache",
        "registry-url",
        "scope",
        "token",
      ],
    },
    "actions/upload-artifact@v7": {
      tag: "v7.0.0 (bbbca2ddaa5d8feaa63e36b76fdaad77386f024f)",
      runtime: "node24",
      required: ["path"],
      inputs: [
        "archive",
        "compression-level",
        "if-no-files-found",
        "include-hidden-files",
        "name",
        "overwrite",
        "path",
        "retention-days",
      ],
    },
    "aws-actions/configure-aws-credentials@v6": {
      tag: "v6.2.3 (e6de054238d6b7531b4efff3b6587d9aade6a06c)",
      runtime: "node24",
      required: ["aws-region"],
      inputs: [
        "action-timeout-s",
        "allowed-account-ids",
        "audience",
        "aws-access-key-id",
        "aws-profile",
        "aws-region",
        "aws-secret-access-key",
        "aws-session-token",
        "custom-tags",
        "disable-retry",
        "force-skip-oidc",
        "http-proxy",
        "inline-session-policy",
        "managed-session-policies",
        "mask-aws-account-id",
        "no-proxy",
        "output-credentials",
        "output-env-credentials",
        "overwrite-aws-profile",
        "retry-max-attempts",
        "role-chaining",
        "role-duration-seconds",
        "role-external-id",
        "role-session-name",
        "role-skip-session-tagging",
        "role-to-assume",
        "special-characters-workaround",
        "sts-endpoint",
        "transitive-tag-keys",
        "unset-current-credentials",
        "use-existing-credentials",
        "web-identity-token-file",
      ],
    },
    "pulumi/actions@v7": {
      tag: "v7.0.0 (8e5e406f4007fca908480587cb9893c07090f58d)",
      runtime: "node24",
      required: [],
      inputs: [
        "always-include-summary",
        "cloud-url",
        "color",
        "command",
        "comment-on-pr",
        "comment-on-pr-number",
        "comment-on-summary",
        "config-map",
        "continue-on-error",
        "debug",
        "diff",
        "edit-pr-comment",
        "exclude",
        "exclude-dependents",
        "exclude-protected",
        "expect-no-changes",
        "github-token",
        "log-flow",
        "log-verbosity",
        "message",
        "parallel",
        "plan",
        "policyPackConfigs",
        "policyPacks",
        "pulumi-version",
        "pulumi-version-file",
        "refresh",
        "remove",
        "replace",
        "secrets-provider",
        "stack-name",
        "suppress-outputs",
        "suppress-progress",
        "target",
        "target-dependents",
        "upsert",
        "work-dir",
      ],
    },
  };

describe("workflows", () => {
  describe("both", () => {
    it("parse as YAML without errors or warnings", () => {
      expect(Object.keys(WORKFLOWS)).to.deep.equal(["preview.yml", "deploy.yml"]);
      expect(fs.readdirSync(path.join(ROOT, ".github", "workflows")).sort()).to.deep.equal([
        "deploy.yml",
        "preview.yml",
      ]);
    });

    it("run only npm scripts that package.json defines, and .ci/run lints the workflows", () => {
      const ciRun = CI_RUN;
      const used = [...steps(preview), ...steps(deploy)].flatMap((step) => npmScripts(step.run ?? ""));
      used.push(...npmScripts(ciRun));
      expect(used).to.include.members([
        "typecheck",
        "lint",
        "lint:workflows",
        "test",
        "plan",
        "plan:summary",
      ]);
      for (const script of used) {
        expect(packageJson.scripts, `npm script ${script}`).to.have.property(script);
      }
      expect(npmScripts(ciRun)).to.include("lint:workflows");
      for (const workflow of [preview, deploy]) {
        expect(steps(workflow).filter((step) => step.run === "bash .ci/run")).to.have.length(1);
      }
    });

    it("pin every action to the current major of its repository, which runs on GitHub's node24 runtime", () => {
      const uses = [...steps(preview), ...steps(deploy)].flatMap((step) => (step.uses ? [step.uses] : []));
      expect([...new Set(uses)].sort()).to.deep.equal([
        "actions/checkout@v7",
        "actions/setup-node@v7",
        "actions/upload-artifact@v7",
        "aws-actions/configure-aws-credentials@v6",
        "pulumi/actions@v7",
      ]);
      expect(Object.keys(PINNED_ACTIONS).sort()).to.deep.equal([...new Set(uses)].sort());
      for (const [action, { runtime }] of Object.entries(PINNED_ACTIONS)) {
        expect(runtime, action).to.equal("node24");
      }
    });

    it("pass each action only the inputs its action.yml declares, and every input it requires", () => {
      for (const [file, workflow] of Object.entries(WORKFLOWS)) {
        for (const [id, job] of Object.entries(workflow.jobs)) {
          for (const step of job.steps.filter((s) => s.uses !== undefined)) {
            const action = PINNED_ACTIONS[step.uses!];
            expect(action, `${file} ${id}: ${step.uses}`).to.not.equal(undefined);
            const given = Object.keys(step.with ?? {});
            expect(
              given.filter((input) => !action.inputs.includes(input)),
              `${file} ${id}: ${step.uses} inputs`,
            ).to.deep.equal([]);
            expect(given, `${file} ${id}: ${step.uses} required inputs`).to.include.members(action.required);
          }
        }
      }
    });

    it("need the table above: actionlint 1.7.7 skips the inputs of these majors (and still checks v4's)", async () => {
      const probe = (uses: string) =>
        [
          "on: push",
          "jobs:",
          "  probe:",
          "    runs-on: ubuntu-24.04",
          "    steps:",
          `      - uses: ${uses}`,
          "        with:",
          "          not-an-input: x",
          "",
        ].join("\n");
      for (const uses of Object.keys(PINNED_ACTIONS)) {
        expect(
          (await lintWorkflow("probe.yml", probe(uses))).map(formatProblem),
          `actionlint on ${uses}`,
        ).to.deep.equal([]);
      }
      expect(
        (await lintWorkflow("probe.yml", probe("actions/checkout@v4"))).map((problem) => problem.kind),
      ).to.deep.equal(["action"]);
    });

    it("grant nothing by default and id-token: write only to jobs that assume an AWS role", () => {
      for (const [file, workflow] of Object.entries(WORKFLOWS)) {
        expect(workflow.permissions, file).to.deep.equal({});
        for (const [id, job] of Object.entries(workflow.jobs)) {
          const assumesRole = job.steps.some((s) =>
            s.uses?.startsWith("aws-actions/configure-aws-credentials"),
          );
          expect(job.permissions?.["id-token"], `${file} ${id}`).to.equal(assumesRole ? "write" : undefined);
          expect(job.permissions?.["contents"], `${file} ${id}`).to.equal("read");
        }
      }
    });

    it("reach AWS only through OIDC role assumption, never with keys", () => {
      for (const step of [...steps(preview), ...steps(deploy)]) {
        const inputs = Object.keys(step.with ?? {});
        expect(inputs.filter((input) => /access-key|secret-access|session-token/.test(input))).to.deep.equal(
          [],
        );
      }
      const text = fs.readFileSync(path.join(ROOT, ".github", "workflows", "deploy.yml"), "utf8");
      expect(text).to.not.match(/AWS_ACCESS_KEY_ID|AWS_SECRET_ACCESS_KEY/);
    });

    it("install the Pulumi CLI of the pinned SDK, in the stacks' Pulumi organization", () => {
      const primaryStack = String(stackFileValues("prod-tokyo")["platform:primaryStack"]);
      for (const workflow of [preview, deploy]) {
        expect(workflow.env?.["PULUMI_VERSION"]).to.equal(packageJson.dependencies["@pulumi/pulumi"]);
        expect(primaryStack.split("/")[0]).to.equal(workflow.env?.["PULUMI_ORGANIZATION"]);
        for (const step of steps(workflow).filter((s) => s.uses?.startsWith("pulumi/actions@"))) {
          expect(step.with?.["pulumi-version"]).to.equal("${{ env.PULUMI_VERSION }}");
          expect(step.env).to.deep.equal({
            PULUMI_ACCESS_TOKEN: "${{ secrets.PULUMI_ACCESS_TOKEN }}",
            PULUMI_NODEJS_TRANSPILE_ONLY: "true",
          });
        }
      }
    });

    it("run every Pulumi CLI step transpile-only, after a checks job that type-checked the same commit", () => {
      const cliSteps: Record<string, number> = {};
      for (const [file, workflow] of Object.entries(WORKFLOWS)) {
        cliSteps[file] = 0;
        for (const [id, job] of Object.entries(workflow.jobs)) {
          for (const step of job.steps.filter(runsPulumiCli)) {
            cliSteps[file] += 1;
            // The string "true": the SDK's language host compares process.env.PULUMI_NODEJS_TRANSPILE_ONLY to it.
            expect(step.env?.["PULUMI_NODEJS_TRANSPILE_ONLY"], `${file} ${id} ${step.name}`).to.equal("true");
            const checks = neededJobs(workflow, id).filter((need) => typeChecks(workflow.jobs[need]));
            expect(checks, `${file} ${id} waits for a job that type-checks`).to.not.deep.equal([]);
          }
        }
        // Every job checks out the commit that triggered the run (no other ref or repository), so the checks job
        // type-checked exactly what the Pulumi CLI runs.
        for (const [id, job] of Object.entries(workflow.jobs)) {
          const checkout = stepUsing(job, "actions/checkout");
          expect(inputsBut(checkout, "persist-credentials"), `${file} ${id}`).to.deep.equal({});
        }
      }
      // `npm run typecheck`, which .ci/run runs, is the TypeScript compiler without output: a type check.
      expect(packageJson.scripts["typecheck"]).to.match(/\btsc\b/);
      expect(packageJson.scripts["typecheck"]).to.contain("--noEmit");
      expect(cliSteps).to.deep.equal({ "preview.yml": 1, "deploy.yml": 2 * upJobsInOrder().length });
    });

    it("never use update plans or PULUMI_EXPERIMENTAL, and upload nothing from a deploy job (ADR 0022)", () => {
      for (const [file, workflow] of Object.entries(WORKFLOWS)) {
        const envs = [
          workflow.env,
          ...Object.values(workflow.jobs).flatMap((job) => [job.env, ...job.steps.map((step) => step.env)]),
        ];
        for (const env of envs) {
          expect(Object.keys(env ?? {}), file).to.not.include("PULUMI_EXPERIMENTAL");
        }
        for (const step of steps(workflow)) {
          expect(step.with ?? {}, `${file} ${step.name}`).to.not.have.property("plan");
          expect(step.run ?? "", `${file} ${step.name}`).to.not.match(/--(save-)?plan\b|--strict\b/);
        }
      }
      expect(steps(deploy).filter((step) => step.uses?.startsWith("actions/upload-artifact"))).to.deep.equal(
        [],
      );
    });

    it("pass actionlint (WebAssembly, offline)", async () => {
      expect((await lintWorkflows(ROOT)).map(formatProblem)).to.deep.equal([]);
    });
  });

  describe("preview.yml", () => {
    const previewJob = preview.jobs["preview"];

    it("runs on pull requests to main, one run per pull request at a time", () => {
      expect(preview.on).to.deep.equal({ pull_request: { branches: ["main"] } });
      expect(preview.concurrency).to.deep.equal({
        group: "preview-${{ github.event.pull_request.number }}",
        "cancel-in-progress": true,
      });
    });

    it("checks with everything .ci/run runs, then plans every stack for the summary and the artifact", () => {
      const checks = preview.jobs["checks"];
      expect(
        checks.steps.map((step) => step.uses?.split("@")[0] ?? npmScripts(step.run ?? "")[0] ?? step.run),
      ).to.deep.equal([
        "actions/checkout",
        "actions/setup-node",
        "bash .ci/run",
        "plan",
        "plan:summary",
        "actions/upload-artifact",
      ]);
      // .ci/run is the one list of checks, shared with deploy.yml and local runs: whatever it gains runs here too.
      expect(/^npm ci\b/m.test(CI_RUN), "npm ci").to.equal(true);
      expect(npmScripts(CI_RUN)).to.include.members(["typecheck", "lint", "lint:workflows", "plan", "test"]);
      const ciRun = checks.steps.find((step) => step.run === "bash .ci/run")!;
      expect(ciRun.id).to.equal("checks");
      expect(ciRun.if).to.equal(undefined);
      const plan = checks.steps.find((step) => step.id === "plan")!;
      expect(plan.run).to.contain('--json ".plan/$stack.json"');
      expect(plan.run).to.contain("for file in Pulumi.*.yaml");
      // Every stack is planned even when one fails, and even after a failed .ci/run (which stops at the first
      // failing plan), so that the summary shows every stack's verdict; the step fails afterwards.
      expect(plan.run).to.contain("|| code=$?");
      expect(plan.run).to.match(/done\s+exit "\$status"\s*$/);
      expect(plan.if).to.equal("${{ !cancelled() && steps.checks.outcome != 'skipped' }}");
      expect(plan["continue-on-error"]).to.equal(undefined);
      const summary = checks.steps.find((step) => npmScripts(step.run ?? "")[0] === "plan:summary")!;
      expect(summary.run).to.equal('npm run --silent plan:summary -- .plan >> "$GITHUB_STEP_SUMMARY"');
      expect(stepUsing(checks, "actions/upload-artifact").with).to.deep.equal({
        name: "offline-plans",
        path: ".plan/",
        "if-no-files-found": "error",
      });
    });

    it("previews every stack, with the stack file's environment and region, after the checks", () => {
      expect(needsOf(previewJob)).to.deep.equal(["checks"]);
      expect(previewJob.strategy?.["fail-fast"]).to.equal(false);
      const matrix = previewJob.strategy?.matrix?.include ?? [];
      expect(matrix.map((entry) => entry.stack).sort()).to.deep.equal(STACKS);
      for (const entry of matrix) {
        const values = stackFileValues(entry.stack);
        expect(entry.environment, entry.stack).to.equal(values["platform:environment"]);
        expect(entry.region, entry.stack).to.equal(values["aws:region"]);
        // The role variables' suffix: dev's account, or the account prod shares (a global database spans it).
        expect(entry.account, entry.stack).to.equal(entry.environment === "dev" ? "DEV" : "PROD");
      }
      const pulumi = stepUsing(previewJob, "pulumi/actions");
      expect(stackOfName(pulumi.with?.["stack-name"], "dev")).to.equal("dev");
      expect(pulumi.with?.["stack-name"]).to.equal(
        "${{ env.PULUMI_ORGANIZATION }}/platform/${{ matrix.stack }}",
      );
    });

    it("runs pulumi preview with every policy pack and its environment's config, and comments on the PR", () => {
      const pulumi = stepUsing(previewJob, "pulumi/actions");
      expect(pulumi.with?.["command"]).to.equal("preview");
      expect(pulumi.with?.["comment-on-pr"]).to.equal(true);
      for (const entry of previewJob.strategy?.matrix?.include ?? []) {
        const { packs, configs } = policyInputs(pulumi, entry.environment);
        expect(packs.map((pack) => pack.replace(/^policy-packs\//, "")).sort()).to.deep.equal(PACKS);
        expect(configs).to.deep.equal(
          packs.map((pack) => `policy-packs/config/${entry.environment}/${path.basename(pack)}.json`),
        );
        for (const file of [...packs, ...configs]) {
          expect(fs.existsSync(path.join(ROOT, file)), file).to.equal(true);
        }
      }
    });

    it("assumes the preview role through OIDC in the stack's region, and skips forks", () => {
      expect(previewJob.permissions).to.deep.equal({
        contents: "read",
        "id-token": "write",
        "pull-requests": "write",
      });
      expect(stepUsing(previewJob, "aws-actions/configure-aws-credentials").with).to.deep.equal({
        "role-to-assume":
          "${{ vars[format('AWS_PREVIEW_ROLE_ARN_{0}', matrix.account)] || vars.AWS_PREVIEW_ROLE_ARN }}",
        "role-session-name": "preview-${{ matrix.stack }}-${{ github.run_id }}",
        "aws-region": "${{ matrix.region }}",
      });
      expect(previewJob.if).to.equal(
        "${{ github.event.pull_request.head.repo.full_name == github.repository }}",
      );
    });
  });

  describe("deploy.yml", () => {
    const ciAccess = stackFileValues("prod-taipei")["platform:ciAccess"] as {
      deployBranch?: string;
      deployEnvironments?: string[];
      deploySessionSeconds?: number;
    };

    it("runs on pushes to main, one deployment at a time, never cancelled", () => {
      expect(deploy.on).to.deep.equal({ push: { branches: ["main"] } });
      expect(deploy.concurrency).to.deep.equal({ group: "deploy", "cancel-in-progress": false });
    });

    it("runs pulumi up in order dev, prod-taipei, prod-tokyo, after the checks, stopping at the first failure", () => {
      expect(upJobsInOrder()).to.deep.equal(["dev", "prod-taipei", "prod-tokyo"]);
      expect(needsOf(deploy.jobs["dev"])).to.deep.equal(["checks"]);
      for (const [id, job] of Object.entries(deploy.jobs)) {
        // A job runs only when everything it needs succeeded, unless an `if` or continue-on-error says otherwise.
        expect(job.if, id).to.equal(undefined);
        expect(job["continue-on-error"], id).to.equal(undefined);
        for (const step of job.steps) {
          expect(step["continue-on-error"], `${id} ${step.name}`).to.equal(undefined);
          expect(step.if, `${id} ${step.name}`).to.equal(undefined);
        }
      }
      expect(
        upJobsInOrder().map((id) => stackOfName(pulumiStep(deploy.jobs[id], "up").with?.["stack-name"])),
      ).to.deep.equal(["dev", "prod-taipei", "prod-tokyo"]);
    });

    it("runs each up on the self-hosted runner of its stack, declared to actionlint; the checks on GitHub's", () => {
      expect(deploy.jobs["checks"]["runs-on"]).to.equal("ubuntu-24.04");
      const config = parseDocument(
        fs.readFileSync(path.join(ROOT, ".github", "actionlint.yaml"), "utf8"),
      ).toJS() as {
        "self-hosted-runner": { labels: string[] };
      };
      expect(config["self-hosted-runner"].labels).to.deep.equal(
        upJobsInOrder().map((id) => `platform-${id}`),
      );
      for (const id of upJobsInOrder()) {
        expect(deploy.jobs[id]["runs-on"], id).to.deep.equal(["self-hosted", "linux", `platform-${id}`]);
      }
      // Pull-request code runs only on GitHub-hosted runners, never inside the platform's network.
      for (const job of Object.values(preview.jobs)) {
        expect(job["runs-on"]).to.equal("ubuntu-24.04");
      }
    });

    it("puts each prod stack behind the GitHub environment of its name, and dev behind none", () => {
      expect(environmentOf(deploy.jobs["dev"])).to.equal(undefined);
      for (const stack of ["prod-taipei", "prod-tokyo"]) {
        expect(deploy.jobs[stack].environment).to.deep.equal({
          name: stack,
          url: `https://app.pulumi.com/\${{ env.PULUMI_ORGANIZATION }}/platform/${stack}`,
        });
      }
    });

    it("deploys each stack in its region with every policy pack and its environment's config", () => {
      for (const id of upJobsInOrder()) {
        const job = deploy.jobs[id];
        const up = pulumiStep(job, "up");
        const stack = stackOfName(up.with?.["stack-name"]);
        expect(STACKS).to.include(stack);
        const values = stackFileValues(stack);
        const environment = String(values["platform:environment"]);
        for (const pulumi of [pulumiStep(job, "preview"), up]) {
          expect(stackOfName(pulumi.with?.["stack-name"]), `${id} ${pulumi.name}`).to.equal(stack);
          const { packs, configs } = policyInputs(pulumi, environment);
          expect(packs.map((pack) => pack.replace(/^policy-packs\//, "")).sort()).to.deep.equal(PACKS);
          expect(configs).to.deep.equal(
            packs.map((pack) => `policy-packs/config/${environment}/${path.basename(pack)}.json`),
          );
          for (const file of [...packs, ...configs]) {
            expect(fs.existsSync(path.join(ROOT, file)), `${id}: ${file}`).to.equal(true);
          }
        }
        expect(stepUsing(job, "aws-actions/configure-aws-credentials").with).to.deep.equal({
          "role-to-assume": `\${{ vars.AWS_DEPLOY_ROLE_ARN_${environment === "dev" ? "DEV" : "PROD"} || vars.AWS_DEPLOY_ROLE_ARN }}`,
          "role-session-name": `deploy-${stack}-\${{ github.run_id }}`,
          "role-duration-seconds": "${{ env.AWS_SESSION_SECONDS }}",
          "aws-region": values["aws:region"],
        });
      }
    });

    it("previews each stack with the up's packs and configs right before the up, which runs only if it passed", () => {
      for (const id of upJobsInOrder()) {
        const job = deploy.jobs[id];
        const gate = pulumiStep(job, "preview");
        const up = pulumiStep(job, "up");
        // Nothing runs between the gate and the update, and both see the same checkout, credentials and inputs:
        // the preview evaluates exactly the stack, packs and pack configs the up applies with.
        expect(job.steps.indexOf(up), id).to.equal(job.steps.indexOf(gate) + 1);
        expect(job.steps.indexOf(stepUsing(job, "aws-actions/configure-aws-credentials")), id).to.be.below(
          job.steps.indexOf(gate),
        );
        expect(inputsBut(gate, "command"), id).to.deep.equal(inputsBut(up, "command"));
        expect(gate.env, id).to.deep.equal(up.env);
        // The up step runs only when every step before it succeeded: no `if:` (such as always() or failure()),
        // no continue-on-error on the steps or the job, and the CLI's own --continue-on-error off.
        for (const step of [gate, up]) {
          expect(step.if, `${id} ${step.name}`).to.equal(undefined);
          expect(step["continue-on-error"], `${id} ${step.name}`).to.equal(undefined);
          expect(step.with?.["continue-on-error"] ?? false, `${id} ${step.name}`).to.equal(false);
        }
        expect(job["continue-on-error"], id).to.equal(undefined);
        expect(job.if, id).to.equal(undefined);
      }
    });

    it("stays inside what the deploy role trusts: main, the prod environments, its longest session", () => {
      const environments = Object.values(deploy.jobs).flatMap((job) => environmentOf(job) ?? []);
      expect(environments).to.deep.equal(["prod-taipei", "prod-tokyo"]);
      expect(ciAccess.deployEnvironments).to.deep.equal(environments);
      expect(deploy.on.push?.branches).to.deep.equal([
        ciAccess.deployBranch ?? githubCiAccessDefaults.deployBranch,
      ]);
      expect(deploy.env?.["AWS_SESSION_SECONDS"]).to.equal(
        ciAccess.deploySessionSeconds ?? githubCiAccessDefaults.deploySessionSeconds,
      );
      // The preview role trusts pull requests only: the preview workflow has no other trigger.
      expect(Object.keys(preview.on)).to.deep.equal(["pull_request"]);
    });
  });
});

describe("workflow lint (npm run lint:workflows)", () => {
  function withWorkflow(text: string | undefined): string {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "lint-workflows-"));
    if (text !== undefined) {
      fs.mkdirSync(path.join(root, ".github", "workflows"), { recursive: true });
      fs.writeFileSync(path.join(root, ".github", "workflows", "broken.yml"), text);
    }
    return root;
  }

  async function cli(root: string): Promise<{ code: number; out: string; err: string }> {
    let out = "";
    let err = "";
    const code = await runLintWorkflowsCli(root, { out: (t) => (out += t), err: (t) => (err += t) });
    return { code, out, err };
  }

  it("fails a broken workflow with each problem at its line", async () => {
    const root = withWorkflow(
      [
        "on: push",
        "jobs:",
        "  up:",
        "    needs: build",
        "    runs-on: ubuntu-24.04",
        "    steps:",
        "      - uses: aws-actions/configure-aws-credentials@v4",
        "        with:",
        "          role-to-asume: x",
        "          aws-region: ap-east-2",
        "",
      ].join("\n"),
    );
    const { code, err } = await cli(root);
    expect(code).to.equal(1);
    const problems = err.split("\n").filter((line) => line.startsWith(".github/workflows/broken.yml:"));
    expect(
      problems.map((line) => line.replace(/ available inputs are .*(\[action\])$/, " $1")),
    ).to.deep.equal([
      '.github/workflows/broken.yml:3:3: job "up" needs job "build" which does not exist in this workflow [job-needs]',
      '.github/workflows/broken.yml:9:11: input "role-to-asume" is not defined in action "aws-actions/configure-aws-credentials@v4". [action]',
    ]);
    expect(err).to.contain("2 problems in 1 workflow files");
  });

  it("knows the self-hosted runner labels of .github/actionlint.yaml, as actionlint does", async () => {
    const workflow = [
      "on: push",
      "jobs:",
      "  up:",
      "    runs-on: [self-hosted, linux, platform-x]",
      "    steps:",
      "      - run: echo",
      "",
    ].join("\n");
    const root = withWorkflow(workflow);
    const unknown = await cli(root);
    expect(unknown.code).to.equal(1);
    expect(unknown.err).to.match(
      /^\.github\/workflows\/broken\.yml:4:35: label "platform-x" is unknown\. .* \[runner-label\]$/m,
    );
    fs.writeFileSync(
      path.join(root, ".github", "actionlint.yaml"),
      "self-hosted-runner:\n  labels: [platform-x]\n",
    );
    expect((await cli(root)).code).to.equal(0);
  });

  it("passes the repository's workflows and refuses to pass when there is nothing to lint", async () => {
    const ok = await cli(ROOT);
    expect(ok).to.deep.equal({
      code: 0,
      out: "actionlint: 2 workflow files, no problems (.github/workflows/deploy.yml, .github/workflows/preview.yml)\n",
      err: "",
    });
    const empty = await cli(withWorkflow(undefined));
    expect(empty).to.deep.equal({
      code: 2,
      out: "",
      err: "no workflow files in .github/workflows; nothing to lint\n",
    });
  });
});

describe("offline plan summary (npm run plan:summary)", () => {
  const runs: PlanRun[] = [
    {
      stack: "dev",
      exitCode: 0,
      plan: {
        resources: [{}, {}, {}],
        policyResults: [],
        deployTime: { criticalPathMinutes: 32.4, lowerBoundMinutes: 30, ratio: 1.08, avoidableEdges: [] },
        cost: { monthlyUsd: 534.14, monthlyUsdAtMax: 534.14, drivers: [] },
      },
    },
    {
      stack: "prod-taipei",
      exitCode: 1,
      plan: {
        resources: [{}, {}],
        policyResults: [
          {
            pack: "tagging",
            policy: "required-tags",
            enforcementLevel: "advisory",
            urn: "urn:x",
            type: "aws:s3/bucket:Bucket",
            name: "logs",
            message: "missing Owner",
          },
          {
            pack: "encryption",
            policy: "kms-key-rotation",
            enforcementLevel: "mandatory",
            urn: "urn:y",
            type: "aws:kms/key:Key",
            name: "data",
            message: "enableKeyRotation is false | set it to true",
          },
          {
            pack: "private-networking",
            policy: "vpc-flow-logs",
            enforcementLevel: "mandatory",
            message: "vpc network has no flow log",
          },
        ],
      },
    },
    {
      stack: "prod-tokyo",
      exitCode: 2,
      stderr: "error: Invalid configuration for stack prod-tokyo:\n  - aws:region: missing\n",
    },
  ];

  it("tabulates every stack's verdict, its deploy time and cost, then its policy results, mandatory first", () => {
    expect(renderPlanSummary(runs).split("\n")).to.deep.equal([
      "## Offline plan",
      "",
      "| Stack | Result | Resources | Mandatory | Advisory |",
      "|---|---|---|---:|---:|",
      "| dev | ✅ planned | 3 | 0 | 0 |",
      "| prod-taipei | ❌ mandatory policy violated | 2 | 2 | 1 |",
      "| prod-tokyo | ❌ invalid config or program error | — | 0 | 0 |",
      "",
      "### Deploy time and monthly cost",
      "",
      "| Stack | Deploy time (critical path) | Lower bound | Ratio | Avoidable orderings | Monthly cost | Top drivers |",
      "|---|---:|---:|---:|---:|---:|---|",
      "| dev | 32.4 min | 30 min | 1.08 | 0 | $534.14 | — |",
      "",
      "### prod-taipei: policy results",
      "",
      "| Level | Pack | Policy | Resource | Message |",
      "|---|---|---|---|---|",
      "| mandatory | encryption | kms-key-rotation | aws:kms/key:Key::data | enableKeyRotation is false \\| set it to true |",
      "| mandatory | private-networking | vpc-flow-logs | (stack) | vpc network has no flow log |",
      "| advisory | tagging | required-tags | aws:s3/bucket:Bucket::logs | missing Owner |",
      "",
      "### prod-tokyo: error",
      "",
      "```",
      "error: Invalid configuration for stack prod-tokyo:",
      "  - aws:region: missing",
      "```",
      "",
    ]);
  });

  it("reads the runs the preview workflow leaves in .plan/", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "plan-summary-"));
    fs.writeFileSync(path.join(dir, "dev.exit"), "0\n");
    fs.writeFileSync(path.join(dir, "dev.json"), JSON.stringify(runs[0].plan));
    fs.writeFileSync(path.join(dir, "dev.err"), "");
    fs.writeFileSync(path.join(dir, "prod-tokyo.exit"), "2\n");
    fs.writeFileSync(path.join(dir, "prod-tokyo.err"), "boom\n");
    fs.writeFileSync(path.join(dir, "prod-tokyo.txt"), "");
    expect(readPlanRuns(dir)).to.deep.equal([
      { stack: "dev", exitCode: 0, plan: runs[0].plan, stderr: "" },
      { stack: "prod-tokyo", exitCode: 2, stderr: "boom\n" },
    ]);
    expect(readPlanRuns(path.join(dir, "missing"))).to.deep.equal([]);
    expect(renderPlanSummary([])).to.equal("## Offline plan\n\nNo offline plan was produced.\n");
  });
});
