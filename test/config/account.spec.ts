import { expect } from "chai";
import { keepPulumiConfig, load, problemLines } from "../support/config";

describe("config: platform:accountId", () => {
  keepPulumiConfig();

  it("is required in every stack", async () => {
    expect(await problemLines({ "platform:accountId": undefined })).to.deep.equal([
      "platform:accountId: missing; every stack names the AWS account it deploys to, and its providers refuse any " +
        "other: run `pulumi config set platform:accountId <12-digit id>` (`aws sts get-caller-identity --query " +
        "Account`)",
    ]);
  });

  it("is exactly 12 digits", async () => {
    expect(await problemLines({ "platform:accountId": "1234-5678-9012" })).to.deep.equal([
      'platform:accountId: "1234-5678-9012" is not an AWS account id, which is exactly 12 digits; copy it from ' +
        "`aws sts get-caller-identity --query Account`",
    ]);
    expect(await problemLines({ "platform:accountId": "1234567890123" })).to.have.length(1);
  });

  it("explains an id that lost its leading zero to YAML", async () => {
    expect(await problemLines({ "platform:accountId": 12345678901 })).to.deep.equal([
      'platform:accountId: "12345678901" is not an AWS account id, which is exactly 12 digits; if it is ' +
        "012345678901, quote it in Pulumi.<stack>.yaml: YAML reads an unquoted id as a number and drops the 0",
    ]);
  });

  it("accepts an id with a leading zero", async () => {
    expect((await load({ "platform:accountId": "012345678901" })).accountId).to.equal("012345678901");
  });
});
