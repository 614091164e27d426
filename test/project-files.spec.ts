import Ajv2020 from "ajv/dist/2020";
import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";

const root = path.resolve(__dirname, "..");
// Pulumi's JSON schema of Pulumi.yaml, kept in the shared folder beside the repository.
const schemaPath = path.resolve(root, "..", "shared", "schemas", "pulumi-project.schema.json");

function readYaml(file: string): Record<string, unknown> {
  return parse(fs.readFileSync(path.join(root, file), "utf8")) as Record<string, unknown>;
}

describe("project files", () => {
  it("Pulumi.yaml is valid against Pulumi's project-file schema", () => {
    expect(
      fs.existsSync(schemaPath),
      `missing ${schemaPath}: the shared folder must sit beside the repository`,
    ).to.equal(true);
    const schema = JSON.parse(fs.readFileSync(schemaPath, "utf8")) as object;
    const validate = new Ajv2020({ allErrors: true, strict: false }).compile(schema);
    const valid = validate(readYaml("Pulumi.yaml"));
    expect(validate.errors ?? [], JSON.stringify(validate.errors)).to.deep.equal([]);
    expect(valid).to.equal(true);
  });

  it("the schema check rejects a project file without a runtime", () => {
    const schema = JSON.parse(fs.readFileSync(schemaPath, "utf8")) as object;
    const validate = new Ajv2020({ allErrors: true, strict: false }).compile(schema);
    expect(validate({ name: "platform" })).to.equal(false);
  });

  it("Pulumi.yaml names the project, the TypeScript nodejs runtime and the stacks/ entry point", () => {
    const project = readYaml("Pulumi.yaml");
    expect(project.name).to.equal("platform");
    expect(project.runtime).to.deep.equal({
      name: "nodejs",
      options: { typescript: true, packagemanager: "npm" },
    });
    expect(project.main).to.equal("stacks/");
    expect(fs.existsSync(path.join(root, "stacks", "index.ts"))).to.equal(true);
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
});
