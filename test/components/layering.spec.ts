import { expect } from "chai";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";

const ROOT = path.join(__dirname, "../..");
const COMPONENTS = path.join(ROOT, "components");

/** Every TypeScript file under a folder, relative to the repository root. */
function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      return sources(full);
    }
    return entry.name.endsWith(".ts") ? [path.relative(ROOT, full)] : [];
  });
}

/** The module specifiers a file imports or re-exports. */
function specifiers(file: string): string[] {
  const text = fs.readFileSync(path.join(ROOT, file), "utf8");
  return [...text.matchAll(/^(?:import|export)\b[^;]*?\bfrom\s+"([^"]+)"/gms)].map((match) => match[1]);
}

/** Where a relative specifier of `file` points, relative to the repository root. */
function target(file: string, specifier: string): string {
  return path.relative(ROOT, path.resolve(ROOT, path.dirname(file), specifier));
}

/** The pure side: every component's plan (plan.ts and plan/**), and what it may use of components/common. */
function isPlanSide(file: string): boolean {
  const parts = file.split(path.sep);
  return (
    parts[2] === "plan.ts" ||
    parts[2] === "plan" ||
    [
      "components/common/iam.ts",
      "components/common/aws-limits.ts",
      "components/common/aws-enums.json",
      "components/common/kubernetes-limits.ts",
      "components/common/validation.ts",
    ].includes(file)
  );
}

const FILES = sources(COMPONENTS);
const COMPONENT_DIRS = fs
  .readdirSync(COMPONENTS, { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && entry.name !== "common")
  .map((entry) => entry.name);

describe("components: the house's layering", () => {
  it("never import the stacks, the tools or the policy packs", () => {
    const outside = FILES.flatMap((file) =>
      specifiers(file)
        .filter((specifier) => specifier.startsWith("."))
        .map((specifier) => [file, target(file, specifier)])
        .filter(([, to]) => !to.startsWith(`components${path.sep}`)),
    );
    expect(outside).to.deep.equal([]);
  });

  it("keep the plan side pure: no @pulumi import (but the SDK's RunError), nothing of the Pulumi side", () => {
    // ValidationError is a RunError, so that the CLI prints the problems without a stack trace.
    const allowed = (file: string, specifier: string) =>
      file === "components/common/validation.ts" && specifier === "@pulumi/pulumi/errors";
    const impure = FILES.filter(isPlanSide).flatMap((file) =>
      specifiers(file)
        .filter((specifier) =>
          specifier.startsWith(".")
            ? !isPlanSide(`${target(file, specifier)}.ts`) && !isPlanSide(target(file, specifier))
            : specifier.startsWith("@pulumi/") && !allowed(file, specifier),
        )
        .map((specifier) => `${file} imports ${specifier}`),
    );
    expect(impure).to.deep.equal([]);
  });

  it("load no provider SDK through any plan, so config validation runs without @pulumi/aws", () => {
    const entries = COMPONENT_DIRS.map((dir) => `./components/${dir}/plan`);
    const script =
      `for (const entry of ${JSON.stringify(entries)}) require(entry);` +
      "console.log(JSON.stringify(Object.keys(require.cache).filter((f) => /[\\\\/]@pulumi[\\\\/](aws|eks|kubernetes|random)[\\\\/]/.test(f))));";
    const loaded = JSON.parse(
      execFileSync(process.execPath, ["--require", "tsx/cjs", "-e", script], { cwd: ROOT, encoding: "utf8" }),
    ) as string[];
    expect(loaded).to.deep.equal([]);
  });

  it("hold one component per folder, each with its pure plan", () => {
    for (const dir of COMPONENT_DIRS) {
      const index = fs.readFileSync(path.join(COMPONENTS, dir, "index.ts"), "utf8");
      expect(index.match(/extends pulumi\.ComponentResource\b/g), dir).to.have.length(1);
      expect(fs.existsSync(path.join(COMPONENTS, dir, "plan.ts")), `${dir}/plan.ts`).to.equal(true);
    }
  });
});
