import { expect } from "chai";
import { named, ofType, plannedStacks, providerRef } from "../support/stacks";
import type { StackPlan } from "../../tools/plan/model";

describe("stacks", function () {
  this.timeout(60_000);
  let plans: Record<string, StackPlan> = {};

  before(async () => {
    plans = await plannedStacks();
  });

  describe("regional KMS keys", () => {
    it("every stack has its own region's six keys with rotation, protected in prod only", () => {
      const expected: Record<string, [string, boolean]> = {
        dev: ["ap-east-2", false],
        "prod-taipei": ["ap-east-2", true],
        "prod-tokyo": ["ap-northeast-1", true],
      };
      for (const [stack, [region, protect]] of Object.entries(expected)) {
        const plan = plans[stack];
        const keys = ofType(plan, "aws:kms/key:Key").filter((k) => k.name.startsWith("keys-"));
        expect(keys.map((k) => k.name).sort(), stack).to.deep.equal([
          "keys-backup",
          "keys-database",
          "keys-kubernetes",
          "keys-logs",
          "keys-registry",
          "keys-storage",
          "keys-streaming",
        ]);
        for (const key of keys) {
          expect(key.inputs.enableKeyRotation, `${stack} ${key.name}`).to.equal(true);
          expect(key.options.protect, `${stack} ${key.name}`).to.equal(protect);
          expect(key.options.provider, `${stack} ${key.name}`).to.equal(providerRef(plan, region));
        }
        const environment = stack === "dev" ? "dev" : "prod";
        expect(named(plan, "aws:kms/alias:Alias", "keys-database").inputs.name, stack).to.equal(
          `alias/platform/${environment}/${region}/database`,
        );
      }
    });
  });
});
