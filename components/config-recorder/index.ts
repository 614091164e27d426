/**
 * `ConfigRecorder`: AWS Config in one Region: the configuration recorder (every supported type; the globally recorded
 * types only where `recordGlobalResources`) recording through AWS Config's service-linked role `AWSServiceRoleForConfig`
 * (created here where `createServiceLinkedRole`: one per account), the delivery channel to the archive bucket under
 * `config/` encrypted with the bucket's key, and the recorder's status, started once the channel exists. AWS Config
 * takes one recorder per Region per account: where a landing zone (Control Tower) already records, create none
 * (ADR 0031). Rules and exact inputs are planned in `./plan`.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { regionalChildOptions, regionalProviderProblems } from "../common/providers";
import type { Problem } from "../common/validation";
import {
  CONFIG_SERVICE_LINKED_ROLE_NAME,
  CONFIG_SERVICE_PRINCIPAL,
  ConfigRecorderPlanArgs,
  ResolvedConfigRecorderPlanArgs,
  configRecorderArgsProblems,
  configServiceLinkedRoleArn,
  recordingGroup,
  withDefaults,
} from "./plan";

export * from "./plan";

/** Type token of the component (renaming it replaces the recorder: add an alias first). */
export const CONFIG_RECORDER_TYPE = "platform:security:ConfigRecorder";

export interface ConfigRecorderArgs extends ConfigRecorderPlanArgs {
  /**
   * The bucket Config delivers to (the log archive). The service-linked role may not write to S3, so Config delivers
   * as the service principal `config.amazonaws.com`: the bucket's policy must admit it (`s3:GetBucketAcl`,
   * `s3:ListBucket`, `s3:PutObject` under `<s3KeyPrefix>/AWSLogs/<account>/Config/` with `bucket-owner-full-control`,
   * each with `aws:SourceAccount`: AWS Config developer guide, "Permissions for the Amazon S3 Bucket", "Required
   * Permissions for the Amazon S3 Bucket When Using Service-Linked Roles").
   */
  readonly bucketName: pulumi.Input<string>;
  /**
   * The customer KMS key of the bucket (in the bucket's Region); its policy must let `config.amazonaws.com` of the
   * account `kms:Decrypt` and `kms:GenerateDataKey` (AWS Config developer guide, "Permissions for the KMS Key", "When
   * Using Service-Linked Roles").
   */
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
  /** The role the recorder records through: AWS Config's service-linked role of the account. */
  readonly roleArn: pulumi.Output<string>;

  constructor(name: string, args: ConfigRecorderArgs, opts?: pulumi.ComponentResourceOptions) {
    super(CONFIG_RECORDER_TYPE, name, {}, opts);
    const resolved = withDefaults(args);
    // Every child goes through the regional provider (the recorder's Region).
    const childOpts = regionalChildOptions(
      this,
      `Invalid arguments for ConfigRecorder "${name}"`,
      validateConfigRecorderArgs(resolved, opts),
      opts,
    );
    // IAM is global and the role one per account: created by one recorder of the account, referred to by the others.
    // AWS Config's CreateServiceLinkedRole is the IAM API's (AWS Config developer guide, "Using Service-Linked Roles
    // for AWS Config": "In the IAM CLI or the IAM API, create a service-linked role with the config.amazonaws.com
    // service name"); PutConfigurationRecorder does not create it, so the recorder waits for it. Kept when the stack
    // is destroyed: it is the account's, and every recorder of the account (another Region's, a landing zone's, a
    // service-linked recorder of Security Hub) records through it.
    const serviceLinkedRole = resolved.createServiceLinkedRole
      ? new aws.iam.ServiceLinkedRole(
          `${name}-service-linked-role`,
          {
            awsServiceName: CONFIG_SERVICE_PRINCIPAL,
            tags: { ...resolved.tags, Name: CONFIG_SERVICE_LINKED_ROLE_NAME },
          },
          { ...childOpts, retainOnDelete: true },
        )
      : undefined;
    const roleArn: pulumi.Output<string> =
      serviceLinkedRole !== undefined
        ? serviceLinkedRole.arn
        : pulumi
            .all([
              aws.getPartitionOutput({}, childOpts).partition,
              aws.getCallerIdentityOutput({}, childOpts).accountId,
            ])
            .apply(([partition, account]) => configServiceLinkedRoleArn(partition, account));

    // Through the service-linked role: Security Hub's Config.1 fails a recorder with any other role. A change of the
    // role is an update in place (PutConfigurationRecorder changes the roleARN of an existing recorder).
    const recorder = new aws.cfg.Recorder(
      name,
      {
        name: resolved.recorderName,
        roleArn,
        recordingGroup: recordingGroup(resolved.recordGlobalResources),
        recordingMode: { recordingFrequency: resolved.recordingFrequency },
      },
      childOpts,
    );
    // The channel needs the recorder (the provider's `DeliveryChannel` docs); it delivers as the service principal.
    const channel = new aws.cfg.DeliveryChannel(
      name,
      {
        name: resolved.recorderName,
        s3BucketName: args.bucketName,
        s3KeyPrefix: resolved.s3KeyPrefix,
        s3KmsKeyArn: args.kmsKeyArn,
        snapshotDeliveryProperties: { deliveryFrequency: resolved.snapshotFrequency },
      },
      { ...childOpts, dependsOn: [recorder] },
    );
    // Recording starts only once something can receive it.
    new aws.cfg.RecorderStatus(
      name,
      { name: recorder.name, isEnabled: true },
      { ...childOpts, dependsOn: [channel] },
    );
    this.recorderName = recorder.name;
    this.roleArn = roleArn;
    this.registerOutputs({ recorderName: this.recorderName, roleArn: this.roleArn });
  }
}
