import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import * as ts from "typescript";

const ROOT = path.resolve(__dirname, "..", "..");

/** Every TypeScript file below `dir` (relative to the project root), as project-relative paths. */
function sources(dir: string): string[] {
  return fs
    .readdirSync(path.join(ROOT, dir), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith(".ts") && !entry.name.endsWith(".d.ts"))
    .map((entry) => path.relative(ROOT, path.join(entry.parentPath, entry.name)))
    .sort();
}

/** The project files `file` imports or re-exports (type-only ones too); packages are left out. */
function localImports(file: string): string[] {
  const text = fs.readFileSync(path.join(ROOT, file), "utf8");
  return ts
    .preProcessFile(text, true, true)
    .importedFiles.map((imported) => imported.fileName)
    .filter((specifier) => specifier.startsWith("."))
    .map((specifier) => {
      const base = path.join(path.dirname(file), specifier);
      const found = [`${base}.ts`, path.join(base, "index.ts"), base].find((candidate) =>
        fs.existsSync(path.join(ROOT, candidate)),
      );
      if (found === undefined) {
        throw new Error(`${file} imports ${specifier}, which resolves to no file`);
      }
      return found;
    });
}

/** The import graph of `files`: each file's imports among them. */
function importGraph(files: readonly string[]): Map<string, string[]> {
  const inScope = new Set(files);
  return new Map(files.map((file) => [file, localImports(file).filter((to) => inScope.has(to))]));
}

/** The cycles of an import graph, each as the files around it (the first repeated at the end). */
function cycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  const found: string[][] = [];
  const state = new Map<string, "open" | "done">();
  const trail: string[] = [];
  const visit = (file: string): void => {
    state.set(file, "open");
    trail.push(file);
    for (const next of graph.get(file) ?? []) {
      if (state.get(next) === "open") {
        found.push([...trail.slice(trail.indexOf(next)), next]);
      } else if (!state.has(next)) {
        visit(next);
      }
    }
    trail.pop();
    state.set(file, "done");
  };
  [...graph.keys()].forEach((file) => state.has(file) || visit(file));
  return found;
}

describe("stacks: layering", () => {
  const stackFiles = sources("stacks");

  it("finds the program's files and their imports", () => {
    expect(stackFiles).to.include.members(["stacks/config.ts", "stacks/config-sections/section.ts"]);
    expect(localImports("stacks/config.ts")).to.include("stacks/config-sections/network.ts");
    const graph = (edges: Record<string, string[]>) => new Map(Object.entries(edges));
    expect(cycles(graph({ a: ["b"], b: ["c"], c: [] }))).to.deep.equal([]);
    expect(cycles(graph({ a: ["b"], b: ["c"], c: ["a"] }))).to.deep.equal([["a", "b", "c", "a"]]);
  });

  it("has no import cycle in stacks/, type-only imports included", () => {
    expect(cycles(importGraph(stackFiles)).map((cycle) => cycle.join(" -> "))).to.deep.equal([]);
  });

  it("imports components, never the other way round", () => {
    const upward = sources("components").flatMap((file) =>
      localImports(file)
        .filter((imported) => imported.startsWith(`stacks${path.sep}`))
        .map((imported) => `${file} -> ${imported}`),
    );
    expect(upward).to.deep.equal([]);
  });

  it("has one config door: only stacks/config.ts reads pulumi.Config, and no config section imports it", () => {
    const readers = [...stackFiles, ...sources("components")].filter((file) =>
      /\bnew\s+(?:pulumi\.)?Config\s*\(|\bruntime\.getConfig\s*\(/.test(
        fs.readFileSync(path.join(ROOT, file), "utf8"),
      ),
    );
    expect(readers).to.deep.equal(["stacks/config.ts"]);
    const intoTheDoor = stackFiles
      .filter((file) => file.startsWith(`stacks${path.sep}config-sections${path.sep}`))
      .filter((file) => localImports(file).includes("stacks/config.ts"));
    expect(intoTheDoor).to.deep.equal([]);
  });
});
