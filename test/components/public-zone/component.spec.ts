import { expect } from "chai";
import { PUBLIC_ZONE_TYPE, PublicZone, PublicZoneArgs } from "../../../components/public-zone";
import { KEY_ADMINISTRATION_ACTIONS } from "../../../components/regional-keys/plan";
import { ValidationError } from "../../../components/common/validation";
import { MOCK_ACCOUNT_ID, PlanRecorder, installPlanMocks, planResourceOf } from "../../../tools/plan/mocks";
import { componentVerdicts } from "../../support/policies";
import { valueOf } from "../../support/pulumi";
import { buildUnderMocks } from "../../support/under-mocks";

const T = {
  zone: "aws:route53/zone:Zone",
  queryLog: "aws:route53/queryLog:QueryLog",
  key: "aws:kms/key:Key",
  alias: "aws:kms/alias:Alias",
  logGroup: "aws:cloudwatch/logGroup:LogGroup",
  resourcePolicy: "aws:cloudwatch/logResourcePolicy:LogResourcePolicy",
} as const;

const TAGS = {
  Owner: "platform-team",
  CostCenter: "CC-1001",
  Environment: "prod",
  Project: "platform",
  ManagedBy: "pulumi",
};

interface Built {
  recorder: PlanRecorder;
  zone: PublicZone;
  providerRef: string;
}

async function build(args: Partial<PublicZoneArgs> = {}, name = "zone"): Promise<Built> {
  const { component: zone, ...built } = await buildUnderMocks(
    (provider) => new PublicZone(name, { domain: "kimkao.io", ...args }, { provider }),
    {
      defaultTags: TAGS,
      settle: (zone) => [zone.zoneId, zone.nameServers, zone.queryLogGroupName, zone.queryLogKeyArn],
    },
  );
  return { ...built, zone };
}

function jsonInput(recorder: PlanRecorder, type: string, name: string, input: string): unknown {
  return JSON.parse(String(recorder.find(type, name).inputs[input]));
}

const LOG_GROUP_ARN = `arn:aws:logs:us-east-1:${MOCK_ACCOUNT_ID}:log-group:/aws/route53/kimkao.io`;

describe("PublicZone (under the plan mocks)", () => {
  describe("kimkao.io with query logging, protected", () => {
    let built: Built;
    before(async () => {
      built = await build({ protect: true, tags: { Team: "edge" } });
    });

    it("creates the public zone, never force-destroyed, protected, through the regional provider", () => {
      const zone = built.recorder.find(T.zone, "zone");
      expect(zone.inputs).to.deep.equal({
        name: "kimkao.io",
        comment: "Public zone of kimkao.io, managed by Pulumi",
        forceDestroy: false,
        tags: { Team: "edge", Name: "kimkao.io" },
      });
      expect(zone.options.protect).to.equal(true);
      expect(zone.options.provider).to.equal(built.providerRef);
      expect(zone.parent).to.equal(built.recorder.find(PUBLIC_ZONE_TYPE, "zone").urn);
    });

    it("outputs the zone id, its ARN and the four name servers to delegate to", async () => {
      const zoneId = await valueOf(built.zone.zoneId);
      expect(zoneId).to.match(/^Z0[A-Z2-7]{19}$/);
      expect(await valueOf(built.zone.zoneArn)).to.equal(`arn:aws:route53:::hostedzone/${zoneId}`);
      const servers = await valueOf(built.zone.nameServers);
      expect(servers.map((s) => s.replace(/^ns-\d+\.awsdns-\d\d\./, ""))).to.deep.equal([
        "com",
        "net",
        "org",
        "co.uk",
      ]);
      expect(built.zone.domain).to.equal("kimkao.io");
    });

    it("keeps the query logs in us-east-1 under their own rotating, protected key", async () => {
      const key = built.recorder.find(T.key, "zone-query-logs");
      expect(key.inputs).to.include({
        region: "us-east-1",
        description: "Encrypts the DNS query logs of kimkao.io",
        enableKeyRotation: true,
        deletionWindowInDays: 30,
      });
      expect(key.options.protect).to.equal(true);
      expect(jsonInput(built.recorder, T.key, "zone-query-logs", "policy")).to.deep.equal({
        Version: "2012-10-17",
        Statement: [
          {
            Sid: "AccountAdministersKey",
            Effect: "Allow",
            Principal: { AWS: `arn:aws:iam::${MOCK_ACCOUNT_ID}:root` },
            Action: [...KEY_ADMINISTRATION_ACTIONS],
            Resource: "*",
          },
          {
            Sid: "CloudWatchLogsEncryptsQueryLogGroup",
            Effect: "Allow",
            Principal: { Service: "logs.us-east-1.amazonaws.com" },
            Action: [
              "kms:Encrypt*",
              "kms:Decrypt*",
              "kms:ReEncrypt*",
              "kms:GenerateDataKey*",
              "kms:Describe*",
            ],
            Resource: "*",
            Condition: { ArnEquals: { "kms:EncryptionContext:aws:logs:arn": LOG_GROUP_ARN } },
          },
        ],
      });
      expect(built.recorder.find(T.alias, "zone-query-logs").inputs).to.deep.include({
        region: "us-east-1",
        namePrefix: "alias/zone-query-logs-",
      });
      expect(await valueOf(built.zone.queryLogKeyArn)).to.match(
        new RegExp(`^arn:aws:kms:us-east-1:${MOCK_ACCOUNT_ID}:key/`),
      );
    });

    it("writes them to /aws/route53/kimkao.io, encrypted, with the retention asked", async () => {
      const keyArn = await valueOf(built.zone.queryLogKeyArn);
      expect(built.recorder.find(T.logGroup, "zone-query-logs").inputs).to.deep.equal({
        region: "us-east-1",
        name: "/aws/route53/kimkao.io",
        retentionInDays: 365,
        kmsKeyId: keyArn,
        tags: { Team: "edge", Name: "zone-query-logs" },
      });
      expect(await valueOf(built.zone.queryLogGroupName)).to.equal("/aws/route53/kimkao.io");
    });

    it("admits Route 53 to that log group only, on behalf of this zone of this account", async () => {
      const zoneId = await valueOf(built.zone.zoneId);
      const policy = built.recorder.find(T.resourcePolicy, "zone-query-logs");
      expect(policy.inputs["region"]).to.equal("us-east-1");
      expect(policy.inputs["policyName"]).to.equal("route53-query-logs-kimkao.io");
      expect(jsonInput(built.recorder, T.resourcePolicy, "zone-query-logs", "policyDocument")).to.deep.equal({
        Version: "2012-10-17",
        Statement: [
          {
            Sid: "Route53WritesQueryLogs",
            Effect: "Allow",
            Principal: { Service: "route53.amazonaws.com" },
            Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
            Resource: `${LOG_GROUP_ARN}:*`,
            Condition: {
              StringEquals: { "aws:SourceAccount": MOCK_ACCOUNT_ID },
              ArnLike: { "aws:SourceArn": `arn:aws:route53:::hostedzone/${zoneId}` },
            },
          },
        ],
      });
    });

    it("configures query logging once the resource policy exists", async () => {
      const queryLog = built.recorder.find(T.queryLog, "zone");
      expect(queryLog.inputs).to.deep.equal({
        zoneId: await valueOf(built.zone.zoneId),
        cloudwatchLogGroupArn: LOG_GROUP_ARN,
      });
      expect(queryLog.options.dependsOn).to.include(
        built.recorder.find(T.resourcePolicy, "zone-query-logs").urn,
      );
    });

    it("passes every policy pack with the prod config", async () => {
      expect(await componentVerdicts(built.recorder.resources.map(planResourceOf), "prod")).to.deep.equal([]);
    });
  });

  it("creates only the zone without query logging, unprotected by default", async () => {
    const { recorder, zone } = await build({ queryLogging: false });
    expect(recorder.resources.filter((r) => r.type.startsWith("aws:")).map((r) => r.type)).to.deep.equal([
      T.zone,
    ]);
    expect(recorder.find(T.zone, "zone").options.protect).to.equal(false);
    expect(await valueOf(zone.queryLogGroupName)).to.equal(undefined);
    expect(await valueOf(zone.queryLogKeyArn)).to.equal(undefined);
    expect(recorder.invokes).to.deep.equal([]);
  });

  it("reports every problem at once, before any child", async () => {
    const recorder = installPlanMocks({
      project: "platform",
      stack: "dev",
      config: { "aws:region": "ap-east-2" },
    });
    expect(() => new PublicZone("zone", { domain: "Kimkao.io.", queryLogRetentionDays: 100 }, {})).to.throw(
      ValidationError,
      'Invalid arguments for PublicZone "zone":\n' +
        '  - domain: "Kimkao.io." is not a domain name; use two or more dot-separated labels of 1 to 63 lowercase letters, digits and inner hyphens, at most 253 characters, without a trailing dot (e.g. kimkao.io)\n' +
        "  - queryLogRetentionDays: 100 is not a CloudWatch Logs retention; use one of 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653 (e.g. 120)\n" +
        "  - opts.provider: no aws.Provider given; pass { provider } with the explicit provider of the stack's region (its defaultTags carry the required tags)",
    );
    await recorder.settled();
    expect(recorder.resources.map((r) => `${r.type}::${r.name}`)).to.deep.equal([
      `${PUBLIC_ZONE_TYPE}::zone`,
    ]);
  });
});
