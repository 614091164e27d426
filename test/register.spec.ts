/**
 * The plan's preloaded loader (tools/register.cjs): it must run the project's TypeScript as the test suite's tsx
 * does, keep source maps for the project's files only, and load packages from its code cache.
 */
import { expect } from "chai";
import { execFileSync } from "child_process";
import * as path from "path";

const ROOT = path.resolve(__dirname, "..");
const REGISTER = path.join(ROOT, "tools", "register.cjs");
const MAIN = path.join(__dirname, "fixtures", "register", "main.ts");

interface Run {
  report: Record<string, unknown>;
  stats: { cached: number; compiled: number };
  sourceMaps: boolean;
}

/** Loads the fixture in a fresh Node.js process with `preload` registered, and returns what it reports. */
function run(preload: string): Run {
  const script = [
    `const report = require(${JSON.stringify(MAIN)}).report();`,
    `const { stats } = require(${JSON.stringify(REGISTER)});`,
    "console.log(JSON.stringify({ report, stats, sourceMaps: process.sourceMapsEnabled }));",
  ].join("\n");
  const output = execFileSync(process.execPath, ["--require", preload, "-e", script], {
    cwd: ROOT,
    encoding: "utf8",
  });
  return JSON.parse(output) as Run;
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

  it("compiles the packages' JavaScript from its code cache once a run has written it", () => {
    expect(second.stats.cached).to.be.greaterThan(0);
    expect(second.stats.compiled).to.equal(0);
  });
});
