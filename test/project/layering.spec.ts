import { expect } from "chai";
import { cycles, importGraph, sources } from "../support/imports";

describe("project: layering", () => {
  it("has no import cycle anywhere in the source, type-only imports included", () => {
    const files = ["components", "stacks", "policy-packs", "tools"].flatMap(sources);
    expect(files.length).to.be.greaterThan(100);
    expect(cycles(importGraph(files)).map((cycle) => cycle.join(" -> "))).to.deep.equal([]);
  });
});
