/**
 * The plan's preloaded loader (tools/register.cjs): it must run the project's TypeScript as the test suite's tsx
 * does, keep source maps for the project's files only, and load packages from its code cache.
 */
import { expect } from "chai";
import { spawnSync } from "child_process";
import * as path from "path";

const ROOT = path.resolve(__dirname, "..", "..");
const REGISTER = path.join(ROOT, "tools", "register.cjs");
const MAIN = path.join(__dirname, "..", "support", "fixtures", "register", "main.ts");

interface Run {
  report: Record<string, unknown>;
  sourceMaps: boolean;
  /** What Node.js's compile cache said about the packages' modules (NODE_DEBUG_NATIVE=COMPILE_CACHE). */
  codeCache: { accepted: number; missing: number };
}

/** Loads the fixture in a fresh Node.js process with `preload` registered, and returns what it reports. */
function run(preload: string, setup = ""): Run {
  const script = [
    setup,
    `const report = require(${JSON.stringify(MAIN)}).report();`,
    "console.log(JSON.stringify({ report, sourceMaps: process.sourceMapsEnabled }));",
  ].join("\n");
  const result = spawnSync(process.execPath, ["--require", preload, "-e", script], {
    cwd: ROOT,
    encoding: "utf8",
    env: { ...process.env, NODE_DEBUG_NATIVE: "COMPILE_CACHE" },
  });
  if (result.status !== 0) {
    throw new Error(`the fixture failed: ${result.stderr}`);
  }
  const packageLines = result.stderr.split("\n").filter((line) => line.includes("/node_modules/yaml/"));
  return {
    ...(JSON.parse(result.stdout) as Omit<Run, "codeCache">),
    codeCache: {
      accepted: packageLines.filter((line) => /was accepted/.test(line)).length,
      missing: packageLines.filter((line) => /was not initialized|was rejected/.test(line)).length,
    },
  };
}

describe("the plan's loader (tools/register.cjs)", () => {
  let first: Run;
  let second: Run;
  before(() => {
    first = run(REGISTER);
    second = run(REGISTER);
  });

  it("runs TypeScript, JSON imports and packages as the test suite's tsx hook does", () => {
    const expected = {
      yaml: { regions: ["ap-east-2", "ap-northeast-1"] },
      json: "from json",
      square: { name: "Square", sides: 4, area: 9, kind: "square" },
      circle: { sides: 0, area: 13, kind: "circle" },
      // Own properties in the order the class semantics of the tsconfig (target ES2022) define them.
      fields: ["kind", "sides", "side"],
      // Errors point at the TypeScript line that threw.
      thrownAt: "7",
    };
    expect(first.report).to.deep.equal(expected);
    expect(run(require.resolve("tsx/cjs")).report).to.deep.equal(expected);
  });

  it("leaves source maps off outside the project's TypeScript, so Node never reads the packages' maps", () => {
    expect(first.sourceMaps).to.equal(false);
  });

  it("compiles the packages' JavaScript from Node.js's compile cache once a run has written it", () => {
    expect(second.codeCache.accepted).to.be.greaterThan(0);
    expect(second.codeCache.missing).to.equal(0);
  });

  describe("taking over from the ts-node the Pulumi CLI registered (replaceTsNode)", () => {
    const TYPE_ERROR = path.join(__dirname, "..", "support", "fixtures", "register", "type-error.ts");
    // As the CLI's pack runner registers it: type-checking, with the project's tsconfig.json.
    const tsNodeAsTheCli = `require("ts-node").register({ typeCheck: true, project: ${JSON.stringify(path.join(ROOT, "tsconfig.json"))} });`;
    const load = (takeOver: boolean) =>
      spawnSync(
        process.execPath,
        [
          "-e",
          [
            tsNodeAsTheCli,
            takeOver ? `require(${JSON.stringify(REGISTER)}).replaceTsNode();` : "",
            `console.log(require(${JSON.stringify(TYPE_ERROR)}).value);`,
          ].join("\n"),
        ],
        { cwd: ROOT, encoding: "utf8" },
      );

    it("leaves nothing for ts-node to compile, so its type check no longer runs", function () {
      this.timeout(60_000);
      const checked = load(false);
      expect(checked.status).not.to.equal(0);
      expect(checked.stderr).to.match(/TS2322: Type 'string' is not assignable to type 'number'/);
      const taken = load(true);
      expect(taken.stderr).to.equal("");
      expect(taken.stdout.trim()).to.equal("not a number");
    });

    it("runs the program as before, with errors still pointing at TypeScript lines through ts-node's mapper", function () {
      this.timeout(60_000);
      const underTsNode = run(
        require.resolve("ts-node/register/transpile-only"),
        `require(${JSON.stringify(REGISTER)}).replaceTsNode();`,
      );
      expect(underTsNode.report).to.deep.equal(first.report);
      expect(underTsNode.report["thrownAt"]).to.equal("7");
    });
  });
});
