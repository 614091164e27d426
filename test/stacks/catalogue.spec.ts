import { expect } from "chai";
import { applicationProblems } from "../../components/regional-edge/plan";
import { APPLICATIONS, KAFKA_ACCESS_MATRIX } from "../../stacks/catalogue";
import { catalogueEdgeApplications } from "../../stacks/config-sections/edge";
import { applicationIdentityName } from "../../stacks/naming";

describe("stacks: the applications' catalogue", () => {
  it("lists the seed's applications and what each may reach", () => {
    const served = (subdomain: string) => ({ subdomain, healthPath: "/healthz", port: 8080 });
    expect(APPLICATIONS).to.deep.equal({
      api: { kafkaClient: "api", databaseUser: "app_api", edge: served("api") },
      shop: { kafkaClient: "shop", edge: served("shop") },
      cmc: { kafkaClient: "cmc", bucketPrefix: "cmc", edge: served("cmc") },
    });
  });

  it("serves the seed's hosts at the edge: <app>.<domain>, each on its own label, checkable by the edge's rules", () => {
    const applications = catalogueEdgeApplications("kimkao.io");
    expect(applications).to.deep.equal({
      api: { host: "api.kimkao.io", healthPath: "/healthz", port: 8080 },
      shop: { host: "shop.kimkao.io", healthPath: "/healthz", port: 8080 },
      cmc: { host: "cmc.kimkao.io", healthPath: "/healthz", port: 8080 },
    });
    expect(applicationProblems(applications, "kimkao.io")).to.deep.equal([]);
    expect(applicationProblems(catalogueEdgeApplications("dev.kimkao.io"), "dev.kimkao.io")).to.deep.equal(
      [],
    );
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
