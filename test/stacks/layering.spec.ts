import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { ROOT, cycles, importGraph, localImports, sources } from "../support/imports";

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
