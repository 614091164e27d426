/**
 * `npm run plan:summary`: the policy packs each stack's plan ran (from the plan's `policySummary`), and the command
 * line. The stack table, insights and results are covered in workflows.spec.ts.
 */
import { expect } from "chai";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { PlanRun, renderPlanSummary, runPlanSummaryCli } from "../../../tools/ci/plan-summary";
import { summarizePolicies } from "../../../tools/plan/render";
import type { PolicyResult } from "../../../tools/plan/model";
import type { EvaluatedPack } from "../../../tools/policy/evaluate";

function pack(
  name: string,
  environment: string,
  policies: [string, "resource" | "stack", PolicyResult["enforcementLevel"]][],
): EvaluatedPack {
  return {
    name,
    version: "1.0.0",
    configFile: `policy-packs/config/${environment}/${name}.json`,
    policies: policies.map(([policy, kind, enforcementLevel]) => ({ name: policy, kind, enforcementLevel })),
  };
}

const ENCRYPTION: [string, "resource" | "stack", PolicyResult["enforcementLevel"]][] = [
  ["kms-key-rotation", "resource", "mandatory"],
  ["log-group-encrypted", "resource", "mandatory"],
  ["aurora-tls-enforced", "stack", "mandatory"],
];

const advisory: PolicyResult = {
  pack: "data-protection",
  policy: "msk-min-insync-replicas",
  enforcementLevel: "advisory",
  urn: "urn:kafka",
  type: "aws:msk/configuration:Configuration",
  name: "kafka",
  message: "min.insync.replicas=1",
};
const mandatory: PolicyResult = {
  pack: "encryption",
  policy: "aurora-tls-enforced",
  enforcementLevel: "mandatory",
  message: "no force_ssl",
};

function run(stack: string, exitCode: number, summary: PlanRun["plan"]): PlanRun {
  return { stack, exitCode, plan: summary };
}

const dev = run("dev", 0, {
  resources: [{}, {}, {}],
  policyResults: [advisory],
  policySummary: summarizePolicies(
    "dev",
    [
      pack("encryption", "dev", ENCRYPTION),
      pack("data-protection", "dev", [
        ["msk-min-insync-replicas", "resource", "advisory"],
        ["aurora-backup-retention", "resource", "advisory"],
        ["protect-stateful-resources", "resource", "disabled"],
      ]),
    ],
    [{}, {}, {}],
    [advisory],
  ),
});
const prod = run("prod-taipei", 1, {
  resources: [{}, {}],
  policyResults: [mandatory],
  policySummary: summarizePolicies("prod", [pack("encryption", "prod", ENCRYPTION)], [{}, {}], [mandatory]),
});

describe("offline plan summary: policy packs (npm run plan:summary)", () => {
  it("adds one row per stack and pack: environment, policies, levels, disabled, resources, verdicts", () => {
    const lines = renderPlanSummary([
      dev,
      prod,
      run("fixture", 0, { resources: [{}], policyResults: [], policySummary: null }),
      // An older plan without the field, and a stack that failed before writing one: no rows.
      run("older", 0, { resources: [{}], policyResults: [] }),
      { stack: "prod-tokyo", exitCode: 2, stderr: "error: boom\n" },
    ]).split("\n");
    const start = lines.indexOf("### Policy packs");
    expect(lines.slice(start, lines.indexOf("### prod-taipei: policy results") - 1)).to.deep.equal([
      "### Policy packs",
      "",
      "| Stack | Environment | Pack | Policies (resource, stack) | Levels | Disabled | Resources | Mandatory | Advisory | Passed |",
      "|---|---|---|---:|---|---|---:|---:|---:|---:|",
      "| dev | dev | encryption | 3 (2, 1) | 3 mandatory | — | 3 | 0 | 0 | 3 of 3 |",
      "| dev | dev | data-protection | 2 (2, 0) | 2 advisory | protect-stateful-resources | 3 | 0 | 1 | 1 of 2 |",
      "| prod-taipei | prod | encryption | 3 (2, 1) | 3 mandatory | — | 2 | 1 | 0 | 2 of 3 |",
      "| fixture | — | no policy pack ran | — | — | — | — | — | — | — |",
      "",
      "### dev: policy results",
      "",
      "| Level | Pack | Policy | Resource | Message |",
      "|---|---|---|---|---|",
      "| advisory | data-protection | msk-min-insync-replicas | aws:msk/configuration:Configuration::kafka | min.insync.replicas=1 |",
    ]);
    // The stack table comes first, unchanged.
    expect(lines.slice(2, start - 1)).to.deep.equal([
      "| Stack | Result | Resources | Mandatory | Advisory |",
      "|---|---|---|---:|---:|",
      "| dev | ✅ planned | 3 | 0 | 1 |",
      "| prod-taipei | ❌ mandatory policy violated | 2 | 1 | 0 |",
      "| fixture | ✅ planned | 1 | 0 | 0 |",
      "| older | ✅ planned | 1 | 0 | 0 |",
      "| prod-tokyo | ❌ invalid config or program error | — | 0 | 0 |",
    ]);
  });

  it("leaves the section out when no plan reports what ran", () => {
    expect(renderPlanSummary([run("older", 0, { resources: [], policyResults: [] })])).to.not.contain(
      "Policy packs",
    );
  });
});

describe("npm run plan:summary: command line", () => {
  function cli(argv: string[]): { code: number; out: string; err: string } {
    let out = "";
    let err = "";
    const code = runPlanSummaryCli(argv, { out: (t) => (out += t), err: (t) => (err += t) });
    return { code, out, err };
  }
  const usage =
    "usage: npm run plan:summary -- <dir>\n" +
    'Run "npm run plan:summary -- --help" for the arguments and exit codes.\n';

  it("prints the summary of a directory of plans, and its help for -h", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "plan-summary-cli-"));
    fs.writeFileSync(path.join(dir, "dev.exit"), "0\n");
    fs.writeFileSync(path.join(dir, "dev.json"), JSON.stringify(dev.plan));
    const summary = cli([dir]);
    expect(summary).to.deep.include({ code: 0, err: "" });
    expect(summary.out).to.equal(renderPlanSummary([dev]));
    expect(summary.out).to.contain("| dev | dev | data-protection |");
    fs.rmSync(dir, { recursive: true, force: true });
    const help = cli(["-h"]);
    expect(help).to.deep.include({ code: 0, err: "" });
    expect(help.out).to.match(/^npm run plan:summary -- <dir>\n/);
  });

  it("exits 2 naming the problem for a missing directory, an unknown option, two directories or a broken plan", () => {
    expect(cli([])).to.deep.equal({
      code: 2,
      out: "",
      err: `which directory? name the directory of offline plans, e.g. .plan\n${usage}`,
    });
    expect(cli([".plan", "--verbose"])).to.deep.equal({
      code: 2,
      out: "",
      err: `unknown option --verbose\n${usage}`,
    });
    expect(cli(["a", "b"])).to.deep.equal({
      code: 2,
      out: "",
      err: `one directory at a time (got a, b)\n${usage}`,
    });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "plan-summary-broken-"));
    fs.writeFileSync(path.join(dir, "dev.exit"), "0\n");
    fs.writeFileSync(path.join(dir, "dev.json"), "{");
    const broken = cli([dir]);
    expect(broken.code).to.equal(2);
    expect(broken.out).to.equal("");
    expect(broken.err).to.match(new RegExp(`^${path.join(dir, "dev.json")} is not valid JSON \\(`));
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
