import { expect } from "chai";
import { REGION_AZ_LETTERS } from "../../stacks/regions";
import { keepPulumiConfig, problemLines } from "../support/config";

describe("config: aws:region, platform:environment and platform:role", () => {
  keepPulumiConfig();

  describe("aws:region", () => {
    it("reports a missing region", async () => {
      expect(await problemLines({ "aws:region": undefined })).to.deep.equal([
        "aws:region: missing; run `pulumi config set aws:region <region>`, e.g. ap-east-2",
      ]);
    });

    it("reports an AWS region missing from stacks/regions.ts, listing the known ones", async () => {
      expect(await problemLines({ "aws:region": "eu-north-1" })).to.deep.equal([
        `aws:region: eu-north-1 is not a region this platform knows (${Object.keys(REGION_AZ_LETTERS).join(", ")}); ` +
          "use one of them, or add the region with its zone letters to REGION_AZ_LETTERS in stacks/regions.ts",
      ]);
    });

    it("reports a name that is no AWS region, suggesting the known region it is closest to", async () => {
      const known = Object.keys(REGION_AZ_LETTERS).join(", ");
      expect(await problemLines({ "aws:region": "ap-east2" })).to.deep.equal([
        `aws:region: "ap-east2" is not an AWS region; did you mean ap-east-2? use one of ${known}`,
      ]);
      expect(await problemLines({ "aws:region": "taipei" })).to.deep.equal([
        `aws:region: "taipei" is not an AWS region; use one of ${known}`,
      ]);
    });
  });

  describe("platform:environment and platform:role", () => {
    it("reports a missing environment", async () => {
      expect(await problemLines({ "platform:environment": undefined })).to.deep.equal([
        "platform:environment: missing; run `pulumi config set platform:environment <environment>` with one of dev, staging, prod",
      ]);
    });

    it("reports an environment that is not allowed", async () => {
      expect(await problemLines({ "platform:environment": "production" })).to.deep.equal([
        'platform:environment: "production" is not an allowed environment; use one of dev, staging, prod',
      ]);
    });

    it("reports a missing role", async () => {
      expect(await problemLines({ "platform:role": undefined })).to.deep.equal([
        "platform:role: missing; run `pulumi config set platform:role <role>` with primary (owns the global resources) or secondary (joins a primary)",
      ]);
    });

    it("reports a role that is not allowed", async () => {
      expect(await problemLines({ "platform:role": "replica" })).to.deep.equal([
        'platform:role: "replica" is not an allowed role; use primary (owns the global resources) or secondary (joins a primary)',
      ]);
    });
  });
});
