import Ajv2020 from "ajv/dist/2020";
import { expect } from "chai";
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";

const root = path.resolve(__dirname, "..", "..");
// Pulumi's JSON schema of Pulumi.yaml, vendored with its version (test/support/vendor/README.md).
const schemaPath = path.join(root, "test", "support", "vendor", "pulumi-project.schema.json");

function readYaml(file: string): Record<string, unknown> {
  return parse(fs.readFileSync(path.join(root, file), "utf8")) as Record<string, unknown>;
}

describe("project files", () => {
  it("Pulumi.yaml is valid against Pulumi's project-file schema", () => {
    const schema = JSON.parse(fs.readFileSync(schemaPath, "utf8")) as object;
    const validate = new Ajv2020({ allErrors: true, strict: false }).compile(schema);
    const valid = validate(readYaml("Pulumi.yaml"));
    expect(validate.errors ?? [], JSON.stringify(validate.errors)).to.deep.equal([]);
    expect(valid).to.equal(true);
  });

  it("the schema check rejects a project file without a name, or with a misspelt runtime key", () => {
    const schema = JSON.parse(fs.readFileSync(schemaPath, "utf8")) as object;
    const validate = new Ajv2020({ allErrors: true, strict: false }).compile(schema);
    expect(validate({ runtime: "nodejs" })).to.equal(false);
    expect(
      validate({ name: "platform", runtime: { name: "nodejs", option: { typescript: true } } }),
    ).to.equal(false);
    expect(
      validate({ name: "platform", runtime: { name: "nodejs", options: { typescript: true } } }),
    ).to.equal(true);
  });

  it("Pulumi.yaml names the project and the TypeScript nodejs runtime; package.json names the entry point", () => {
    const project = readYaml("Pulumi.yaml");
    expect(project.name).to.equal("platform");
    expect(project.runtime).to.deep.equal({
      name: "nodejs",
      options: { typescript: true, packagemanager: "npm" },
    });
    // Without `main` the language host runs the program from the root, where tsconfig.json is (ADR 0023).
    expect(project.main).to.equal(undefined);
    const pkg = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")) as { main: string };
    expect(pkg.main).to.equal("stacks/entry.cjs");
    expect(fs.existsSync(path.join(root, pkg.main))).to.equal(true);
  });

  it("every stack file sets the keys Pulumi.yaml declares without a default", () => {
    const declared = (readYaml("Pulumi.yaml").config ?? {}) as Record<string, { default?: unknown }>;
    const required = Object.entries(declared)
      .filter(([, declaration]) => declaration.default === undefined)
      .map(([key]) => `platform:${key}`);
    for (const stack of ["dev", "prod-taipei", "prod-tokyo"]) {
      const config = (readYaml(`Pulumi.${stack}.yaml`).config ?? {}) as Record<string, unknown>;
      expect(Object.keys(config), stack).to.include.members(required);
    }
  });

  it("pins esbuild, the project's TypeScript transform (tools/register.cjs), to the copy tsx runs the tests with", () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")) as {
      dependencies: Record<string, string>;
    };
    const ours = require.resolve("esbuild/package.json", { paths: [root] });
    const tsxs = require.resolve("esbuild/package.json", {
      paths: [path.dirname(require.resolve("tsx/package.json"))],
    });
    expect(tsxs, "one esbuild for the tests and the loader").to.equal(ours);
    expect((JSON.parse(fs.readFileSync(ours, "utf8")) as { version: string }).version).to.equal(
      pkg.dependencies["esbuild"],
    );
  });

  it("pins every dependency to an exact version and TypeScript below 7", () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")) as {
      dependencies: Record<string, string>;
      devDependencies: Record<string, string>;
    };
    const all = { ...pkg.dependencies, ...pkg.devDependencies };
    for (const [name, version] of Object.entries(all)) {
      expect(version, name).to.match(/^\d+\.\d+\.\d+$/);
    }
    expect(Number(all.typescript.split(".")[0])).to.be.below(7);
  });

  describe("Node.js", () => {
    const pinned = fs.readFileSync(path.join(root, ".nvmrc"), "utf8").trim();
    const major = pinned.split(".")[0];
    const pkg = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")) as {
      engines: { node: string };
      dependencies: Record<string, string>;
      devDependencies: Record<string, string>;
    };

    it(".nvmrc pins one exact version of an even-numbered (LTS) line", () => {
      expect(pinned).to.match(/^\d+\.\d+\.\d+$/);
      expect(Number(major) % 2, "odd-numbered lines never become LTS").to.equal(0);
    });

    it("engines.node and @types/node follow .nvmrc", () => {
      expect(pkg.engines.node).to.equal(`^${pinned}`);
      const types = pkg.dependencies["@types/node"] ?? pkg.devDependencies["@types/node"];
      expect(types.split(".")[0]).to.equal(major);
    });

    it("every workflow's setup-node reads .nvmrc", () => {
      const dir = path.join(root, ".github", "workflows");
      let steps = 0;
      for (const file of fs.readdirSync(dir)) {
        const text = fs.readFileSync(path.join(dir, file), "utf8");
        expect(text, file).not.to.match(/node-version:/);
        steps += (text.match(/node-version-file: \.nvmrc/g) ?? []).length;
        expect((text.match(/uses: actions\/setup-node@/g) ?? []).length, file).to.equal(
          (text.match(/node-version-file: \.nvmrc/g) ?? []).length,
        );
      }
      expect(steps).to.be.greaterThan(0);
    });
  });

  it("reads nothing beside the repository: no tracked file refers to a folder outside it", () => {
    const tracked = execFileSync("git", ["ls-files", "-z"], { cwd: root, encoding: "utf8" })
      .split("\0")
      .filter((file) => /\.(ts|cjs|js|json|ya?ml|sh)$/.test(file) || file === ".ci/run");
    const outside = /\.\.\/shared\b|"\.\.", "shared"/;
    const offenders = tracked.filter((file) => outside.test(fs.readFileSync(path.join(root, file), "utf8")));
    expect(offenders).to.deep.equal([]);
  });
});
