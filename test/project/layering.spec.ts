import { expect } from "chai";
import { TAG_LIMITS } from "../../components/common/aws-limits";
import { TAG_LIMITS as PACK_TAG_LIMITS } from "../../policy-packs/tagging/tags";
import { cycles, importGraph, localImports, sources } from "../support/imports";

describe("project: layering", () => {
  it("has no import cycle anywhere in the source, type-only imports included", () => {
    const files = ["components", "stacks", "policy-packs", "tools"].flatMap(sources);
    expect(files.length).to.be.greaterThan(100);
    expect(cycles(importGraph(files)).map((cycle) => cycle.join(" -> "))).to.deep.equal([]);
  });
});

describe("project: the policy packs stand alone", () => {
  it("import nothing of components/, stacks/ or tools/ (they judge any program, not only this one)", () => {
    const outward = sources("policy-packs").flatMap((file) =>
      localImports(file)
        .filter((imported) => !imported.startsWith("policy-packs/"))
        .map((imported) => `${file} -> ${imported}`),
    );
    expect(outward).to.deep.equal([]);
  });

  it("hold the same AWS tag limits as the config door (a fact kept twice across that boundary)", () => {
    expect(PACK_TAG_LIMITS).to.deep.equal(TAG_LIMITS);
  });
});
