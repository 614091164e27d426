import { expect } from "chai";
import { named, ofType, plannedStacks, providerRef } from "../support/stacks";
import type { StackPlan } from "../../tools/plan/model";

const T = {
  component: "platform:backup:BackupProtection",
  vault: "aws:backup/vault:Vault",
  lock: "aws:backup/vaultLockConfiguration:VaultLockConfiguration",
  plan: "aws:backup/plan:Plan",
  selection: "aws:backup/selection:Selection",
  testingPlan: "aws:backup/restoreTestingPlan:RestoreTestingPlan",
  cluster: "aws:rds/cluster:Cluster",
  key: "aws:kms/key:Key",
  topic: "aws:sns/topic:Topic",
  topicPolicy: "aws:sns/topicPolicy:TopicPolicy",
  alarm: "aws:cloudwatch/metricAlarm:MetricAlarm",
} as const;

const STACKS: Readonly<Record<string, { region: string; environment: string; copyTo?: string }>> = {
  dev: { region: "ap-east-2", environment: "dev" },
  "prod-taipei": { region: "ap-east-2", environment: "prod", copyTo: "ap-northeast-1" },
  "prod-tokyo": { region: "ap-northeast-1", environment: "prod", copyTo: "ap-east-2" },
};

function parsed(value: unknown): unknown {
  return typeof value === "string" ? JSON.parse(value) : value;
}

interface Rule {
  ruleName: string;
  enableContinuousBackup: boolean;
  copyActions?: { destinationVaultArn: string }[];
}

describe("stacks", function () {
  this.timeout(60_000);
  let plans: Record<string, StackPlan> = {};

  before(async () => {
    plans = await plannedStacks();
  });

  describe("backups (ADR 0032)", () => {
    it("every stack has one vault of its region, encrypted with its backup key, selecting its Aurora cluster and assets", () => {
      for (const [stack, { region, environment }] of Object.entries(STACKS)) {
        const plan = plans[stack];
        expect(
          ofType(plan, T.component).map((c) => c.name),
          stack,
        ).to.deep.equal(["backup"]);
        const vault = named(plan, T.vault, "backup");
        expect(vault.inputs.name, stack).to.equal(`platform-${environment}-${region}`);
        expect(vault.inputs.kmsKeyArn, stack).to.equal(named(plan, T.key, "keys-backup").state?.["arn"]);
        expect(vault.options.protect, stack).to.equal(environment === "prod");
        expect(vault.options.provider, stack).to.equal(providerRef(plan, region));
        const clusters = ofType(plan, T.cluster).map((c) => c.state?.["arn"]);
        const assets = named(plan, "aws:s3/bucket:Bucket", "storage-assets").state?.["arn"];
        expect(assets, stack).to.equal(`arn:aws:s3:::${plan.outputs["assetsBucketName"]}`);
        expect(parsed(named(plan, T.selection, "backup").inputs.resources), stack).to.deep.equal([
          ...clusters,
          assets,
        ]);
        expect(plan.outputs["backupVaultName"], stack).to.equal(`platform-${environment}-${region}`);
      }
    });

    it("copies prod's daily and weekly snapshots to the other region's vault, by its fixed name", () => {
      for (const [stack, { environment, copyTo }] of Object.entries(STACKS)) {
        const rules = parsed(named(plans[stack], T.plan, "backup").inputs.rules) as Rule[];
        const copies = rules.map((rule) => [
          rule.ruleName,
          rule.copyActions?.map((a) => a.destinationVaultArn),
        ]);
        if (copyTo === undefined) {
          expect(copies, stack).to.deep.equal([
            ["daily", undefined],
            ["weekly", undefined],
          ]);
          continue;
        }
        const other = `arn:aws:backup:${copyTo}:123456789012:backup-vault:platform-${environment}-${copyTo}`;
        expect(copies, stack).to.deep.equal([
          ["daily", [other]],
          ["weekly", [other]],
          ["continuous", undefined],
        ]);
        // The other stack's vault has exactly that ARN.
        const otherStack = stack === "prod-taipei" ? "prod-tokyo" : "prod-taipei";
        expect(named(plans[otherStack], T.vault, "backup").state?.["arn"], stack).to.equal(other);
      }
    });

    it("locks prod's vaults in compliance mode and tests a restore monthly; dev has neither", () => {
      for (const stack of ["prod-taipei", "prod-tokyo"]) {
        expect(named(plans[stack], T.lock, "backup").inputs, stack).to.deep.include({
          changeableForDays: 7,
          minRetentionDays: 7,
          maxRetentionDays: 365,
        });
        expect(named(plans[stack], T.testingPlan, "backup").inputs.scheduleExpression, stack).to.equal(
          "cron(0 3 ? * 2#1 *)",
        );
      }
      expect([...ofType(plans.dev, T.lock), ...ofType(plans.dev, T.testingPlan)]).to.deep.equal([]);
    });

    it("lets AWS Backup publish to every alarm topic, and alarms on failed jobs there", () => {
      for (const [stack, { copyTo }] of Object.entries(STACKS)) {
        const plan = plans[stack];
        const policy = parsed(named(plan, T.topicPolicy, "observability-alarms").inputs.policy) as {
          Statement: { Sid: string }[];
        };
        expect(
          policy.Statement.map((s) => s.Sid),
          stack,
        ).to.include("BackupPublishes");
        const topicArn = named(plan, T.topic, "observability-alarms").state?.["arn"];
        const alarms = ofType(plan, T.alarm).filter((a) => a.name.startsWith("backup-"));
        expect(alarms.length, stack).to.equal(copyTo === undefined ? 1 : 3);
        for (const alarm of alarms) {
          expect(alarm.inputs.alarmActions, `${stack} ${alarm.name}`).to.deep.equal([topicArn]);
        }
      }
    });
  });
});
