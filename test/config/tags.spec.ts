import { expect } from "chai";
import { keepPulumiConfig, problemLines } from "../support/config";

describe("config: platform:tags", () => {
  keepPulumiConfig();

  describe("platform:tags", () => {
    it("reports a missing required tag", async () => {
      expect(await problemLines({ "platform:tags.Owner": undefined })).to.deep.equal([
        "platform:tags.Owner: missing; every stack must name its Owner: run " +
          "`pulumi config set --path 'platform:tags.Owner' <value>`",
      ]);
    });

    it("reports a blank required tag", async () => {
      expect(await problemLines({ "platform:tags.CostCenter": "  " })).to.deep.equal([
        "platform:tags.CostCenter: is blank; set the CostCenter tag to a non-blank value",
      ]);
    });

    it("reports a key with the reserved aws: prefix", async () => {
      expect(await problemLines({ "platform:tags.aws:team": "core" })).to.deep.equal([
        "platform:tags.aws:team: keys starting with aws: are reserved by AWS; rename the tag",
      ]);
    });

    it("reports a key longer than 128 characters", async () => {
      const key = "K".repeat(129);
      expect(await problemLines({ [`platform:tags.${key}`]: "x" })).to.deep.equal([
        `platform:tags.${key}: the key has 129 characters; AWS allows at most 128: shorten it`,
      ]);
    });

    it("reports a value longer than 256 characters", async () => {
      expect(await problemLines({ "platform:tags.Team": "v".repeat(257) })).to.deep.equal([
        "platform:tags.Team: the value has 257 characters; AWS allows at most 256: shorten it",
      ]);
    });

    it("reports characters AWS does not accept", async () => {
      expect(await problemLines({ "platform:tags.Team": "core#1" })).to.deep.equal([
        "platform:tags.Team: the value has characters AWS does not accept in tags; use letters, digits, spaces " +
          "and _ . : / = + - @",
      ]);
    });

    it("reports the tags the program sets itself", async () => {
      expect(
        await problemLines({ "platform:tags.Project": "shop", "platform:tags.ManagedBy": "terraform" }),
      ).to.deep.equal([
        "platform:tags.Project: the program sets Project itself (the Pulumi project name); remove it from platform:tags",
        "platform:tags.ManagedBy: the program sets ManagedBy itself (always pulumi); remove it from platform:tags",
      ]);
    });

    it("reports a value that is not a string", async () => {
      expect(await problemLines({ "platform:tags.CostCenter": 1001 })).to.deep.equal([
        'platform:tags.CostCenter: is the number 1001, not a string; quote it: "1001"',
      ]);
    });

    it("reports more tags than AWS allows per resource", async () => {
      const changes = Object.fromEntries(
        Array.from({ length: 45 }, (_, i) => [`platform:tags.Extra${i}`, "x"]),
      );
      expect(await problemLines(changes)).to.deep.equal([
        "platform:tags: 47 tags plus the 4 the program sets exceed the 50 AWS allows per resource; remove 1",
      ]);
    });

    it("reports missing tags", async () => {
      expect(await problemLines({ "platform:tags": undefined })).to.deep.equal([
        "platform:tags: missing; add a map with Owner and CostCenter, e.g. " +
          "`pulumi config set --path 'platform:tags.Owner' platform-team`",
      ]);
    });
  });
});
