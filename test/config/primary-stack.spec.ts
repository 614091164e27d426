import * as pulumi from "@pulumi/pulumi";
import { expect } from "chai";
import { ConfigDependencies } from "../../stacks/config";
import {
  AS_SECONDARY,
  keepPulumiConfig,
  load,
  PRIMARY,
  PRIMARY_EDGE_ZONE,
  primaryReturning,
  problemLines,
} from "../support/config";

describe("config: platform:primaryStack", () => {
  keepPulumiConfig();

  describe("platform:primaryStack", () => {
    it("reports a secondary without a primary stack", async () => {
      expect(
        await problemLines({ "platform:role": "secondary" }, primaryReturning("10.1.0.0/16")),
      ).to.deep.equal([
        "platform:primaryStack: missing; a secondary joins its primary through a stack reference: run " +
          "`pulumi config set platform:primaryStack <organization>/<project>/<stack>`, e.g. acme/platform/prod-taipei",
      ]);
    });

    it("reports a primary stack name that is not fully qualified, without reading it", async () => {
      const deps = primaryReturning("10.1.0.0/16");
      expect(
        await problemLines({ ...AS_SECONDARY, "platform:primaryStack": "prod-taipei" }, deps),
      ).to.deep.equal([
        'platform:primaryStack: "prod-taipei" is not a fully qualified stack name; write it as ' +
          "<organization>/<project>/<stack>, e.g. acme/platform/prod-taipei",
      ]);
      expect(deps.calls).to.deep.equal([]);
    });

    it("reports . and .. parts, another project's stack and the stack itself, without reading them", async () => {
      const deps = primaryReturning("10.1.0.0/16");
      const lines = async (name: string) =>
        problemLines({ ...AS_SECONDARY, "platform:primaryStack": name }, deps);
      expect(await lines("kimkao/../prod-taipei")).to.deep.equal([
        'platform:primaryStack: "kimkao/../prod-taipei" is not a fully qualified stack name; write it as ' +
          "<organization>/<project>/<stack>, e.g. acme/platform/prod-taipei",
      ]);
      expect(await lines("kimkao/website/prod-taipei")).to.deep.equal([
        'platform:primaryStack: "kimkao/website/prod-taipei" names a stack of the project website; a secondary ' +
          "joins a primary of its own project: write kimkao/platform/<stack>",
      ]);
      const itself = `kimkao/platform/${pulumi.getStack()}`;
      expect(await lines(itself)).to.deep.equal([
        `platform:primaryStack: ${JSON.stringify(itself)} is this stack itself; name the primary it joins, e.g. ` +
          "acme/platform/prod-taipei",
      ]);
      expect(deps.calls).to.deep.equal([]);
    });

    it("reports a primary that references another stack", async () => {
      expect(await problemLines({ "platform:primaryStack": PRIMARY })).to.deep.equal([
        "platform:primaryStack: is set, but a primary never references another stack; remove it " +
          "(`pulumi config rm platform:primaryStack`) or set platform:role to secondary",
      ]);
    });

    it("reports a secondary whose VPC CIDR overlaps the primary's", async () => {
      expect(await problemLines(AS_SECONDARY, primaryReturning("10.0.0.0/16"))).to.deep.equal([
        `platform:network.cidr: 10.0.0.0/16 overlaps 10.0.0.0/16, the VPC CIDR of the primary ${PRIMARY}; ` +
          "the VPCs are peered, so they must not overlap: pick a block outside 10.0.0.0/16",
      ]);
    });

    it("reports a primary whose outputs cannot be read, with the reason", async () => {
      const deps: ConfigDependencies = {
        primary: async (name: string) => {
          throw new Error(`primary stack ${name} has no output "accountId"`);
        },
      };
      expect(await problemLines(AS_SECONDARY, deps)).to.deep.equal([
        `platform:primaryStack: cannot read the outputs of ${PRIMARY} (primary stack ${PRIMARY} has no output ` +
          '"accountId"); deploy the primary first, and check the stack name and your access to it',
      ]);
    });

    it("reports a secondary in its primary's region", async () => {
      expect(
        await problemLines(AS_SECONDARY, primaryReturning("10.1.0.0/16", { region: "ap-east-2" })),
      ).to.deep.equal([
        `aws:region: ap-east-2 is the region of the primary ${PRIMARY}; a secondary runs in another region: set ` +
          "aws:region to the region this stack adds",
      ]);
    });

    it("reports a secondary in another account than its primary's", async () => {
      expect(
        await problemLines(AS_SECONDARY, primaryReturning("10.1.0.0/16", { accountId: "210987654321" })),
      ).to.deep.equal([
        `platform:accountId: 123456789012 is not 210987654321, the account of the primary ${PRIMARY}; the global ` +
          "database and MSK Replicator join clusters of one account, so deploy the secondary to 210987654321",
      ]);
    });

    it("reports a secondary of another environment than its primary's", async () => {
      expect(
        await problemLines(AS_SECONDARY, primaryReturning("10.1.0.0/16", { environment: "staging" })),
      ).to.deep.equal([
        `platform:environment: prod is not staging, the environment of the primary ${PRIMARY}; a secondary ` +
          "extends its primary's environment: set staging, or name a primary of prod",
      ]);
    });

    it("reports a database engine version other than the primary's, naming both", async () => {
      expect(
        await problemLines(AS_SECONDARY, primaryReturning("10.1.0.0/16", { databaseEngineVersion: "17.4" })),
      ).to.deep.equal([
        'platform:database.engineVersion: "17.5" is not "17.4", the engine version of the primary ' +
          `${PRIMARY}; every cluster of a global database runs the same version: set "17.4" (upgrade the ` +
          "primary's, which upgrades the whole global database)",
      ]);
    });

    it("reports a primary whose Kafka cluster is not a replication source", async () => {
      expect(
        await problemLines(AS_SECONDARY, primaryReturning("10.1.0.0/16", { kafkaReplicationSource: false })),
      ).to.deep.equal([
        `platform:primaryStack: the Kafka cluster of ${PRIMARY} is not a replication source; MSK Replicator ` +
          "reads it from here only with multi-VPC connectivity: set platform:kafka.replicationSource to true in " +
          "its stack file and run `pulumi up` there first",
      ]);
    });

    it("reports every disagreement with the primary at once, before anything registers", async () => {
      const lines = await problemLines(
        AS_SECONDARY,
        primaryReturning("10.0.0.0/8", {
          region: "ap-east-2",
          accountId: "210987654321",
          environment: "dev",
          databaseEngineVersion: "16.8",
        }),
      );
      expect(lines.map((line) => line.slice(0, line.indexOf(":", line.indexOf(":") + 1)))).to.deep.equal([
        "platform:network.cidr",
        "aws:region",
        "platform:accountId",
        "platform:environment",
        "platform:database.engineVersion",
      ]);
    });

    it("reports a primary that returns something other than a CIDR", async () => {
      expect(await problemLines(AS_SECONDARY, primaryReturning("10.0.0.0"))).to.deep.equal([
        `platform:primaryStack: ${PRIMARY} reports the VPC CIDR "10.0.0.0", which is not an IPv4 CIDR; ` +
          "check the primary's outputs",
      ]);
    });

    it("does not read the primary when the secondary's own CIDR is invalid", async () => {
      const deps = primaryReturning("10.0.0.0/16");
      expect(
        await problemLines({ ...AS_SECONDARY, "platform:network.cidr": "10.0.0.0/33" }, deps),
      ).to.deep.equal([
        'platform:network.cidr: "10.0.0.0/33" is not an IPv4 CIDR; write the VPC CIDR like 10.0.0.0/16',
      ]);
      expect(deps.calls).to.deep.equal([]);
    });
  });

  describe("a secondary's edge and its primary's zone", () => {
    const TOKYO_EDGE = { "platform:edge": { domain: "kimkao.io", weight: 30 } };

    it("reads the primary's zone only for a secondary with platform:edge", async () => {
      const asked: boolean[] = [];
      const reader = (): ConfigDependencies => ({
        primary: async (stack, wanted) => {
          asked.push(wanted?.edge === true);
          return primaryReturning("10.1.0.0/16").primary!(stack, wanted);
        },
      });
      expect((await load(AS_SECONDARY, reader())).primaryFacts?.edge).to.equal(undefined);
      const config = await load({ ...AS_SECONDARY, ...TOKYO_EDGE }, reader());
      expect(config.primaryFacts?.edge).to.deep.equal(PRIMARY_EDGE_ZONE);
      expect(config.edge?.ownsZone).to.equal(false);
      expect(asked).to.deep.equal([false, true]);
    });

    it("reports a primary that exports no zone", async () => {
      expect(
        await problemLines(
          { ...AS_SECONDARY, ...TOKYO_EDGE },
          primaryReturning("10.1.0.0/16", { edge: undefined }),
        ),
      ).to.deep.equal([
        `platform:edge: ${PRIMARY} exports no edge zone (edgeZoneId, edgeDomain), and a secondary writes its ` +
          "records into its primary's zone: set platform:edge with ownsZone: true in the primary's stack file and " +
          "run `pulumi up` there first, or remove platform:edge here",
      ]);
    });

    it("reports a domain other than the primary's zone's", async () => {
      expect(
        await problemLines(
          { ...AS_SECONDARY, "platform:edge": { domain: "kimkao.com", weight: 30 } },
          primaryReturning("10.1.0.0/16"),
        ),
      ).to.deep.equal([
        `platform:edge.domain: kimkao.com is not kimkao.io, the domain of the zone of the primary ${PRIMARY}; ` +
          "every region serves the same hosts, weighted, from that zone: set kimkao.io",
      ]);
    });
  });
});
