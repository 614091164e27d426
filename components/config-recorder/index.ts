/**
 * `ConfigRecorder`: AWS Config in one Region: the configuration recorder (every supported type; the globally recorded
 * types only where `recordGlobalResources`), its role (the AWS managed `service-role/AWS_ConfigRole` and delivery to
 * the archive), the delivery channel to the archive bucket under `config/` encrypted with the bucket's key, and the
 * recorder's status, started once the channel exists. AWS Config takes one recorder per Region per account: where a
 * landing zone (Control Tower) already records, create none (ADR 0031). Rules and exact inputs are planned in `./plan`.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { policyJson } from "../common/iam";
import { regionalProviderProblems } from "../common/providers";
import { Problem, throwIfProblems } from "../common/validation";
import {
  ConfigRecorderPlanArgs,
  ResolvedConfigRecorderPlanArgs,
  configDeliveryPolicy,
  configManagedPolicyArn,
  configRecorderArgsProblems,
  configTrustPolicy,
  recordingGroup,
  withDefaults,
} from "./plan";

export * from "./plan";

/** Type token of the component (renaming it replaces the recorder: add an alias first). */
export const CONFIG_RECORDER_TYPE = "platform:security:ConfigRecorder";

export interface ConfigRecorderArgs extends ConfigRecorderPlanArgs {
  /** The bucket Config delivers to (the log archive); its policy admits Config under `<s3KeyPrefix>/AWSLogs/…`. */
  readonly bucketName: pulumi.Input<string>;
  readonly bucketArn: pulumi.Input<string>;
  /** The customer KMS key of the bucket (Config requires one in the bucket's Region). */
  readonly kmsKeyArn: pulumi.Input<string>;
}

/** Every problem of the (defaulted) arguments and of the provider in `opts`. Empty when the component can be built. */
export function validateConfigRecorderArgs(
  args: ResolvedConfigRecorderPlanArgs,
  opts?: pulumi.ComponentResourceOptions,
): Problem[] {
  return [...configRecorderArgsProblems(args), ...regionalProviderProblems(opts)];
}

export class ConfigRecorder extends pulumi.ComponentResource {
  /** The recorder's name (what `aws configservice describe-configuration-recorder-status` lists). */
  readonly recorderName: pulumi.Output<string>;
  readonly roleArn: pulumi.Output<string>;

  constructor(name: string, args: ConfigRecorderArgs, opts?: pulumi.ComponentResourceOptions) {
    super(CONFIG_RECORDER_TYPE, name, {}, opts);
    const resolved = withDefaults(args);
    throwIfProblems(
      `Invalid arguments for ConfigRecorder "${name}"`,
      validateConfigRecorderArgs(resolved, opts),
    );
    // Checked above: every child goes through the regional provider (the recorder's Region).
    const provider = opts!.provider as aws.Provider;
    const childOpts = { parent: this, provider };
    const accountId = aws.getCallerIdentityOutput({}, childOpts).accountId;
    const partition = aws.getPartitionOutput({}, childOpts).partition;
    const roleName = `${resolved.recorderName}-config`;

    const role = new aws.iam.Role(
      `${name}-config`,
      {
        name: roleName,
        description: `AWS Config recorder ${resolved.recorderName}: describes resources, delivers to the archive`,
        assumeRolePolicy: accountId.apply((account) => policyJson(configTrustPolicy(account), "compact")),
        tags: { ...resolved.tags, Name: roleName },
      },
      childOpts,
    );
    const managed = new aws.iam.RolePolicyAttachment(
      `${name}-config`,
      { role: role.name, policyArn: partition.apply(configManagedPolicyArn) },
      { parent: role, provider },
    );
    const delivery = new aws.iam.RolePolicy(
      `${name}-config-delivery`,
      {
        role: role.name,
        policy: pulumi
          .all([args.bucketArn, accountId, args.kmsKeyArn])
          .apply(([bucketArn, account, kmsKeyArn]) =>
            policyJson(
              configDeliveryPolicy({
                bucketArn,
                keyPrefix: resolved.s3KeyPrefix,
                accountId: account,
                kmsKeyArn,
              }),
              "compact",
            ),
          ),
      },
      { parent: role, provider },
    );

    const recorder = new aws.cfg.Recorder(
      name,
      {
        name: resolved.recorderName,
        roleArn: role.arn,
        recordingGroup: recordingGroup(resolved.recordGlobalResources),
        recordingMode: { recordingFrequency: resolved.recordingFrequency },
      },
      { ...childOpts, dependsOn: [managed] },
    );
    // The channel needs the recorder (the provider's `DeliveryChannel` docs) and the role's delivery grant.
    const channel = new aws.cfg.DeliveryChannel(
      name,
      {
        name: resolved.recorderName,
        s3BucketName: args.bucketName,
        s3KeyPrefix: resolved.s3KeyPrefix,
        s3KmsKeyArn: args.kmsKeyArn,
        snapshotDeliveryProperties: { deliveryFrequency: resolved.snapshotFrequency },
      },
      { ...childOpts, dependsOn: [recorder, delivery] },
    );
    // Recording starts only once something can receive it.
    new aws.cfg.RecorderStatus(
      name,
      { name: recorder.name, isEnabled: true },
      { ...childOpts, dependsOn: [channel] },
    );
    this.recorderName = recorder.name;
    this.roleArn = role.arn;
    this.registerOutputs({ recorderName: this.recorderName, roleArn: this.roleArn });
  }
}
