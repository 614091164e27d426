import { expect } from "chai";
import { READ_KEYS } from "../../stacks/config";
import { unknownKeyProblems } from "../../stacks/config-sections/keys";
import { keepPulumiConfig, PROD_TAIPEI, problemLines } from "../support/config";

describe("config: the keys themselves", () => {
  keepPulumiConfig();

  it("reports a misspelt optional section, naming the key it meant, instead of planning without it", async () => {
    const { "platform:ciAccess": _ciAccess, ...withoutCi } = {
      ...PROD_TAIPEI,
      "platform:ciAccess": undefined,
    };
    expect(
      await problemLines({ ...withoutCi, "platform:ciAcess": { repository: "kimkao/platform" } }),
    ).to.deep.equal([
      "platform:ciAcess: is not a key this program reads; did you mean platform:ciAccess? Rename it in " +
        "Pulumi.<stack>.yaml (a misspelt key is otherwise ignored, and `pulumi up` would delete what it made)",
    ]);
  });

  it("reports a key with the wrong case, and one far from every key with the list of keys", async () => {
    expect(await problemLines({ "platform:Observability": {}, "platform:dns": "kimkao.io" })).to.deep.equal([
      "platform:Observability: is not a key this program reads; did you mean platform:observability? Rename it " +
        "in Pulumi.<stack>.yaml (a misspelt key is otherwise ignored, and `pulumi up` would delete what it made)",
      "platform:dns: is not a key this program reads; remove it, or use one of platform:environment, " +
        "platform:role, platform:accountId, platform:primaryStack, platform:tags, platform:network, " +
        "platform:ciAccess, platform:kafka, platform:database, platform:observability, platform:kubernetes, platform:registries, platform:edge, platform:cost, platform:security, platform:audit, platform:backup, platform:storage",
    ]);
  });

  it("reports aws: keys the explicit providers never read, and a misspelt aws:region", async () => {
    expect(await problemLines({ "aws:profile": "prod", "aws:regoin": "ap-east-2" })).to.deep.equal([
      "aws:profile: is not a key this program reads; remove it (the platform's AWS providers are explicit and " +
        "take only the region from config; give credentials and profiles through the environment (AWS_PROFILE, " +
        "OIDC in CI)), or use one of aws:region",
      "aws:regoin: is not a key this program reads; did you mean aws:region? Rename it in Pulumi.<stack>.yaml " +
        "(a misspelt key is otherwise ignored, and `pulumi up` would delete what it made)",
    ]);
  });

  it("reports a misspelt namespace, and leaves other namespaces alone", async () => {
    expect(
      await problemLines({ "platfrom:kafka": {}, "k8s:context": "x", "pulumi:tags": '{"team":"core"}' }),
    ).to.deep.equal([
      "platfrom:kafka: nothing reads the namespace platfrom; did you mean platform:kafka? Rename it in " +
        "Pulumi.<stack>.yaml (a misspelt key is otherwise ignored, and `pulumi up` would delete what it made)",
    ]);
  });

  it("accepts exactly the keys the program reads", () => {
    const keys = Object.entries(READ_KEYS).flatMap(([namespace, names]) =>
      names.map((n) => `${namespace}:${n}`),
    );
    expect(unknownKeyProblems(keys, READ_KEYS)).to.deep.equal([]);
    expect(Object.keys(PROD_TAIPEI).every((key) => keys.includes(key))).to.equal(true);
  });
});
