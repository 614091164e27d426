import { expect } from "chai";
import { APPLICATIONS, KAFKA_ACCESS_MATRIX } from "../../stacks/catalogue";
import { applicationIdentityName } from "../../stacks/naming";

describe("stacks: the applications' catalogue", () => {
  it("lists the seed's applications and what each may reach", () => {
    expect(APPLICATIONS).to.deep.equal({
      api: { kafkaClient: "api", databaseUser: "app_api" },
      shop: { kafkaClient: "shop" },
      cmc: { kafkaClient: "cmc", bucketPrefix: "cmc" },
    });
  });

  it("gives every application a Kafka client of the access matrix, a PostgreSQL user name and a prefix of its own", () => {
    const entries = Object.entries(APPLICATIONS);
    for (const [app, access] of entries) {
      // A service account name (a DNS label) that also names the identity's resources.
      expect(app, app).to.match(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/);
      expect(applicationIdentityName(app)).to.equal(`app-${app}`);
      if (access.kafkaClient !== undefined) {
        expect(Object.keys(KAFKA_ACCESS_MATRIX), app).to.include(access.kafkaClient);
      }
      if (access.databaseUser !== undefined) {
        expect(access.databaseUser, app).to.match(/^[a-z_][a-z0-9_]{0,62}$/);
      }
      if (access.bucketPrefix !== undefined) {
        expect(access.bucketPrefix, app).to.match(/^[a-z0-9][a-z0-9-]*$/);
      }
    }
    const prefixes = entries.flatMap(([, access]) => access.bucketPrefix ?? []);
    expect(new Set(prefixes).size).to.equal(prefixes.length);
    const users = entries.flatMap(([, access]) => access.databaseUser ?? []);
    expect(new Set(users).size).to.equal(users.length);
  });
});
