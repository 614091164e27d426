import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { expect } from "chai";
import {
  KEY_ADMINISTRATION_ACTIONS,
  KEY_PURPOSES,
  REGIONAL_KEYS_TYPE,
  REGISTRY_VIA_SERVICE_ACTIONS,
  RegionalKeys,
  RegionalKeysArgs,
  VIA_SERVICE_ACTIONS,
  aliasName,
  regionalKeysDefaults,
  validateRegionalKeysArgs,
  withDefaults,
} from "../../../components/regional-keys";
import { ValidationError } from "../../../components/common/validation";
import { MOCK_ACCOUNT_ID, PlanRecorder, installPlanMocks } from "../../../tools/plan/mocks";
import { valueOf } from "../../support/pulumi";
import { buildUnderMocks } from "../../support/under-mocks";

const T = { key: "aws:kms/key:Key", alias: "aws:kms/alias:Alias" } as const;
const ROOT = `arn:aws:iam::${MOCK_ACCOUNT_ID}:root`;

interface Built {
  recorder: PlanRecorder;
  keys: RegionalKeys;
  providerRef: string;
}

async function build(args: Partial<RegionalKeysArgs> = {}, name = "keys"): Promise<Built> {
  const { component: keys, ...built } = await buildUnderMocks(
    (provider) => new RegionalKeys(name, { environment: "prod", ...args }, { provider }),
    { settle: (keys) => [keys.keyArns, keys.aliasNames] },
  );
  return { ...built, keys };
}

function policyOf(recorder: PlanRecorder, name: string): { Statement: Record<string, unknown>[] } {
  return JSON.parse(String(recorder.find(T.key, name).inputs["policy"])) as {
    Statement: Record<string, unknown>[];
  };
}

const ADMIN = {
  Sid: "AccountAdministersKey",
  Effect: "Allow",
  Action: [...KEY_ADMINISTRATION_ACTIONS],
  Resource: "*",
  Principal: { AWS: ROOT },
};

function viaService(...services: string[]): Record<string, unknown> {
  return viaServiceWith(VIA_SERVICE_ACTIONS, ...services);
}

function viaServiceWith(actions: readonly string[], ...services: string[]): Record<string, unknown> {
  const hosts = services.map((s) => `${s}.ap-east-2.amazonaws.com`);
  return {
    Sid: "ServicesUseKeyForAccount",
    Effect: "Allow",
    Action: [...actions],
    Resource: "*",
    Principal: { AWS: ROOT },
    Condition: {
      StringEquals: {
        "kms:CallerAccount": MOCK_ACCOUNT_ID,
        "kms:ViaService": hosts.length === 1 ? hosts[0] : hosts,
      },
    },
  };
}

describe("RegionalKeys (under the plan mocks)", () => {
  describe("one region's keys", () => {
    let built: Built;
    before(async () => {
      built = await build({ tags: { Team: "data" } });
    });

    it("creates one key and one alias per purpose, named by purpose, through the regional provider", () => {
      expect(KEY_PURPOSES).to.deep.equal([
        "database",
        "streaming",
        "logs",
        "kubernetes",
        "registry",
        "backup",
        "storage",
      ]);
      // Registration order follows the policy documents' invokes, so compare sorted.
      const expected = [
        "keys-backup",
        "keys-database",
        "keys-kubernetes",
        "keys-logs",
        "keys-registry",
        "keys-storage",
        "keys-streaming",
      ];
      expect(
        built.recorder
          .byType(T.key)
          .map((k) => k.name)
          .sort(),
      ).to.deep.equal(expected);
      expect(
        built.recorder
          .byType(T.alias)
          .map((a) => a.name)
          .sort(),
      ).to.deep.equal(expected);
      for (const resource of [...built.recorder.byType(T.key), ...built.recorder.byType(T.alias)]) {
        expect(resource.options.provider, resource.name).to.equal(built.providerRef);
      }
    });

    it("parents the keys and aliases on the component", () => {
      const component = built.recorder.find(REGIONAL_KEYS_TYPE, "keys");
      for (const resource of [...built.recorder.byType(T.key), ...built.recorder.byType(T.alias)]) {
        expect(resource.parent, resource.name).to.equal(component.urn);
      }
    });

    it("makes symmetric keys with rotation, a 30-day deletion window and tags", () => {
      const { policy, ...inputs } = built.recorder.find(T.key, "keys-database").inputs;
      expect(policy).to.be.a("string");
      expect(inputs).to.deep.equal({
        description:
          "Aurora storage, Performance Insights and the database secrets in Secrets Manager (prod)",
        keyUsage: "ENCRYPT_DECRYPT",
        customerMasterKeySpec: "SYMMETRIC_DEFAULT",
        enableKeyRotation: true,
        deletionWindowInDays: 30,
        tags: { Team: "data", Name: "keys-database", Purpose: "database" },
      });
      for (const key of built.recorder.byType(T.key)) {
        expect(key.inputs["enableKeyRotation"], key.name).to.equal(true);
        expect(key.inputs["deletionWindowInDays"], key.name).to.equal(30);
        expect(key.options.protect, key.name).to.equal(false);
      }
    });

    it("names aliases with the prefix, environment, region and purpose", async () => {
      expect(built.recorder.find(T.alias, "keys-streaming").inputs).to.deep.equal({
        name: "alias/platform/prod/ap-east-2/streaming",
        targetKeyId: built.recorder.find(T.key, "keys-streaming").id,
      });
      expect(await valueOf(pulumi.output(built.keys.aliasNames))).to.deep.equal({
        database: "alias/platform/prod/ap-east-2/database",
        streaming: "alias/platform/prod/ap-east-2/streaming",
        logs: "alias/platform/prod/ap-east-2/logs",
        kubernetes: "alias/platform/prod/ap-east-2/kubernetes",
        registry: "alias/platform/prod/ap-east-2/registry",
        backup: "alias/platform/prod/ap-east-2/backup",
        storage: "alias/platform/prod/ap-east-2/storage",
      });
    });

    it("exports each key's ARN and id by purpose", async () => {
      const arns = await valueOf(pulumi.output(built.keys.keyArns));
      const ids = await valueOf(pulumi.output(built.keys.keyIds));
      for (const purpose of KEY_PURPOSES) {
        const key = built.recorder.find(T.key, `keys-${purpose}`);
        expect(ids[purpose]).to.equal(key.id);
        expect(arns[purpose]).to.equal(`arn:aws:kms:ap-east-2:${MOCK_ACCOUNT_ID}:key/${key.id}`);
      }
      const outputs = built.recorder.registeredOutputs(built.recorder.find(REGIONAL_KEYS_TYPE, "keys").urn);
      expect(outputs?.plain["keyArns"]).to.deep.equal(arns);
    });

    it("database: the account administers it; only RDS and Secrets Manager use it, for the account", () => {
      expect(policyOf(built.recorder, "keys-database").Statement).to.deep.equal([
        ADMIN,
        viaService("rds", "secretsmanager"),
      ]);
    });

    it("streaming: only MSK uses it", () => {
      expect(policyOf(built.recorder, "keys-streaming").Statement).to.deep.equal([
        ADMIN,
        viaService("kafka"),
      ]);
    });

    it("kubernetes: only EKS uses it", () => {
      expect(policyOf(built.recorder, "keys-kubernetes").Statement).to.deep.equal([ADMIN, viaService("eks")]);
    });

    it("backup: AWS Backup and RDS (the cross-region copies of Aurora snapshots) of this region use it", () => {
      expect(policyOf(built.recorder, "keys-backup").Statement).to.deep.equal([
        ADMIN,
        viaService("backup", "rds"),
      ]);
      expect(built.recorder.find(T.key, "keys-backup").inputs["description"]).to.equal(
        "AWS Backup vault recovery points and the copies other regions send to it (prod)",
      );
    });

    it("registry: only ECR uses it, with exactly what ECR's encryption at rest calls", () => {
      // Creating a repository: DescribeKey and two CreateGrant; pushing: GenerateDataKey; pulling: Decrypt.
      expect(REGISTRY_VIA_SERVICE_ACTIONS).to.deep.equal([
        "kms:DescribeKey",
        "kms:CreateGrant",
        "kms:GenerateDataKey",
        "kms:Decrypt",
      ]);
      expect(policyOf(built.recorder, "keys-registry").Statement).to.deep.equal([
        ADMIN,
        viaServiceWith(REGISTRY_VIA_SERVICE_ACTIONS, "ecr"),
      ]);
      expect(built.recorder.find(T.key, "keys-registry").inputs["description"]).to.equal(
        "ECR container images (prod)",
      );
    });

    it("storage: S3 and Firehose for the account's roles; CloudTrail for this account's trails; AWS Config", () => {
      expect(policyOf(built.recorder, "keys-storage").Statement).to.deep.equal([
        ADMIN,
        viaService("s3", "firehose"),
        {
          Sid: "CloudTrailEncryptsLogFiles",
          Effect: "Allow",
          Action: "kms:GenerateDataKey*",
          Resource: "*",
          Principal: { Service: "cloudtrail.amazonaws.com" },
          Condition: {
            StringEquals: { "aws:SourceAccount": MOCK_ACCOUNT_ID },
            StringLike: {
              "kms:EncryptionContext:aws:cloudtrail:arn": `arn:aws:cloudtrail:*:${MOCK_ACCOUNT_ID}:trail/*`,
            },
          },
        },
        {
          Sid: "CloudTrailDescribesKey",
          Effect: "Allow",
          Action: "kms:DescribeKey",
          Resource: "*",
          Principal: { Service: "cloudtrail.amazonaws.com" },
          Condition: { StringEquals: { "aws:SourceAccount": MOCK_ACCOUNT_ID } },
        },
        {
          Sid: "ConfigDeliversSnapshots",
          Effect: "Allow",
          Action: ["kms:Decrypt", "kms:GenerateDataKey"],
          Resource: "*",
          Principal: { Service: "config.amazonaws.com" },
          Condition: { StringEquals: { "aws:SourceAccount": MOCK_ACCOUNT_ID } },
        },
      ]);
      expect(built.recorder.find(T.key, "keys-storage").inputs["description"]).to.equal(
        "S3 log archive and assets buckets, Firehose delivery streams (prod)",
      );
    });

    it("logs: CloudWatch Logs for this region's log groups, SNS and AMP users, and the account's alarm, cost and EventBridge publishers", () => {
      expect(policyOf(built.recorder, "keys-logs").Statement).to.deep.equal([
        ADMIN,
        viaService("sns", "aps"),
        {
          Sid: "CloudWatchLogsEncryptsLogGroups",
          Effect: "Allow",
          Action: ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"],
          Resource: "*",
          Principal: { Service: "logs.ap-east-2.amazonaws.com" },
          Condition: {
            ArnLike: {
              "kms:EncryptionContext:aws:logs:arn": `arn:aws:logs:ap-east-2:${MOCK_ACCOUNT_ID}:log-group:*`,
            },
          },
        },
        {
          Sid: "CloudWatchAlarmsPublishToEncryptedTopic",
          Effect: "Allow",
          Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
          Resource: "*",
          Principal: { Service: "cloudwatch.amazonaws.com" },
          Condition: {
            StringEquals: { "aws:SourceAccount": MOCK_ACCOUNT_ID },
            ArnLike: { "aws:SourceArn": `arn:aws:cloudwatch:ap-east-2:${MOCK_ACCOUNT_ID}:alarm:*` },
          },
        },
        {
          Sid: "PrometheusAlertManagerPublishesToEncryptedTopic",
          Effect: "Allow",
          Action: ["kms:GenerateDataKey*", "kms:Decrypt"],
          Resource: "*",
          Principal: { Service: "aps.amazonaws.com" },
          Condition: {
            StringEquals: { "aws:SourceAccount": MOCK_ACCOUNT_ID },
            ArnLike: { "aws:SourceArn": `arn:aws:aps:ap-east-2:${MOCK_ACCOUNT_ID}:workspace/*` },
          },
        },
        {
          Sid: "CostNotificationsPublishToEncryptedTopic",
          Effect: "Allow",
          Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
          Resource: "*",
          Principal: { Service: ["budgets.amazonaws.com", "costalerts.amazonaws.com"] },
          Condition: { StringEquals: { "aws:SourceAccount": MOCK_ACCOUNT_ID } },
        },
        {
          Sid: "EventBridgeRulesPublishToEncryptedTopic",
          Effect: "Allow",
          Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
          Resource: "*",
          Principal: { Service: "events.amazonaws.com" },
          Condition: {
            StringEquals: { "aws:SourceAccount": MOCK_ACCOUNT_ID },
            ArnLike: { "aws:SourceArn": `arn:aws:events:ap-east-2:${MOCK_ACCOUNT_ID}:rule/*` },
          },
        },
        {
          Sid: "BackupNotificationsPublishToEncryptedTopic",
          Effect: "Allow",
          Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
          Resource: "*",
          Principal: { Service: "backup.amazonaws.com" },
          Condition: { StringEquals: { "aws:SourceAccount": MOCK_ACCOUNT_ID } },
        },
      ]);
    });

    it("never grants cryptographic use to the account without a service, nor kms:* to anyone", () => {
      expect(KEY_ADMINISTRATION_ACTIONS).to.not.include.members([
        "kms:Decrypt",
        "kms:Encrypt",
        "kms:GenerateDataKey",
        "kms:ReEncryptFrom",
        "kms:CreateGrant",
      ]);
      for (const key of built.recorder.byType(T.key)) {
        const statements = policyOf(built.recorder, key.name).Statement;
        expect(JSON.stringify(statements), key.name).to.not.include('"kms:*"');
        expect(JSON.stringify(statements), key.name).to.not.include('"Principal":"*"');
      }
    });
  });

  it("protects the keys (only the keys) when asked", async () => {
    const { recorder } = await build({ protect: true });
    expect(recorder.byType(T.key).map((k) => k.options.protect)).to.deep.equal([
      true,
      true,
      true,
      true,
      true,
      true,
      true,
    ]);
    expect(recorder.byType(T.alias).map((a) => a.options.protect)).to.deep.equal([
      false,
      false,
      false,
      false,
      false,
      false,
      false,
    ]);
  });

  it("uses the alias prefix it is given", async () => {
    const { recorder } = await build({ aliasPrefix: "seed/platform", environment: "dev" });
    expect(recorder.find(T.alias, "keys-logs").inputs["name"]).to.equal(
      "alias/seed/platform/dev/ap-east-2/logs",
    );
  });

  it("gives every child a unique type::name with two instances in one stack", async () => {
    const { recorder } = await buildUnderMocks(
      (provider) => ({
        a: new RegionalKeys("a", { environment: "dev" }, { provider }),
        b: new RegionalKeys("b", { environment: "dev", aliasPrefix: "other" }, { provider }),
      }),
      { stack: "dev", settle: ({ a, b }) => [a.keyArns, b.keyArns, a.aliasNames, b.aliasNames] },
    );
    const names = recorder.resources.map((r) => `${r.type}::${r.name}`);
    expect(new Set(names).size).to.equal(names.length);
  });
});

describe("RegionalKeys arguments", () => {
  it("defaults: prefix platform, unprotected, no extra tags", () => {
    expect(withDefaults({ environment: "prod" })).to.deep.equal({
      environment: "prod",
      aliasPrefix: "platform",
      protect: false,
      tags: {},
    });
    expect(regionalKeysDefaults.aliasPrefix).to.equal("platform");
  });

  it("builds alias names", () => {
    expect(aliasName("platform", "prod", "ap-northeast-1", "database")).to.equal(
      "alias/platform/prod/ap-northeast-1/database",
    );
  });

  it("rejects every problem at once, before any child, with the fix", () => {
    const recorder = installPlanMocks({
      project: "platform",
      stack: "dev",
      config: { "aws:region": "ap-east-2" },
    });
    let error: unknown;
    try {
      new RegionalKeys("keys", { environment: "prod env", aliasPrefix: "/platform" });
    } catch (caught) {
      error = caught;
    }
    expect(error).to.be.instanceOf(ValidationError);
    expect((error as Error).message).to.equal(
      'Invalid arguments for RegionalKeys "keys":\n' +
        '  - environment: "prod env" cannot be part of a KMS alias; use 1 to 32 letters, digits, - and _ (e.g. prod)\n' +
        '  - aliasPrefix: "/platform" cannot start a KMS alias; use letters, digits, -, _ and single / between parts (e.g. platform)\n' +
        "  - opts.provider: no aws.Provider given; pass { provider } with the explicit provider of the stack's region (its defaultTags carry the required tags)",
    );
    expect(recorder.byType(T.key)).to.deep.equal([]);
  });

  it("rejects the reserved aws prefix, an over-long alias and a provider passed in providers", () => {
    const provider = new aws.Provider("p", { region: "ap-east-2" });
    expect(
      validateRegionalKeysArgs(withDefaults({ environment: "prod", aliasPrefix: "aws/x" }), { provider }),
    ).to.deep.equal([
      {
        path: "aliasPrefix",
        message:
          '"aws/x" starts with aws, which AWS reserves for its managed keys; choose another prefix (e.g. platform)',
      },
    ]);
    const long = "p".repeat(220);
    expect(
      validateRegionalKeysArgs(withDefaults({ environment: "prod", aliasPrefix: long }), { provider }),
    ).to.deep.equal([
      {
        path: "aliasPrefix",
        message: "aliases would be up to 259 characters, more than the 256 KMS allows; shorten the prefix",
      },
    ]);
    expect(
      validateRegionalKeysArgs(withDefaults({ environment: "prod" }), { providers: { aws: provider } }),
    ).to.deep.equal([
      {
        path: "opts.provider",
        message:
          "pass the regional aws.Provider as `provider`, not in `providers`: every child is created through it explicitly",
      },
    ]);
    expect(validateRegionalKeysArgs(withDefaults({ environment: "prod" }), { provider })).to.deep.equal([]);
  });
});
