/**
 * `HealthCheckAlarms`: the alarms of one stack's Route 53 health checks, where their metrics are. Route 53 publishes
 * health-check metrics in us-east-1 only, so the component creates there, through the stack's own provider and the v7
 * provider's per-resource `region` (as `PublicZone`'s query logs): a customer KMS key, an SNS topic encrypted with it
 * with the same e-mail subscriptions as the region's alarm topic and a policy that lets only CloudWatch alarms of this
 * account publish, and per health check an alarm on ALARM and OK. The rules, names, alarms and key policy are planned
 * in `./plan`.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { policyJson } from "../common/iam";
import { regionalChildOptions, regionalProviderProblems } from "../common/providers";
import type { Problem } from "../common/validation";
import { createAlarms } from "../observability-stack/metric-alarms";
import { alarmTopicPolicy, emailKey } from "../observability-stack/plan";
import { KEY_DELETION_WINDOW_DAYS } from "../regional-keys/plan";
import {
  HEALTH_CHECK_METRICS_REGION,
  HealthCheckAlarmsNames,
  HealthCheckAlarmsPlanInput,
  healthCheckAlarmsArgsProblems,
  healthCheckAlarmsDefaults,
  healthCheckAlarmsNames,
  healthCheckKeyPolicy,
  planHealthCheckAlarms,
} from "./plan";

export * from "./plan";

/**
 * Type token of the component (renaming it replaces every child: add an alias first). In the `observability` module,
 * with `ObservabilityStack` and `ReplicatorAlarms`.
 */
export const HEALTH_CHECK_ALARMS_TYPE = "platform:observability:HealthCheckAlarms";

export interface HealthCheckAlarmsArgs {
  /** The environment (`dev`, `prod`, …), part of every name. Plain. */
  readonly environment: string;
  /**
   * The stack's region (the provider's, where the checked endpoints are), part of every name so that two stacks'
   * alarms in us-east-1 never collide. Plain. The resources themselves are in us-east-1.
   */
  readonly region: string;
  /** @default "platform" */
  readonly namePrefix?: string;
  /**
   * The Route 53 health check ids by application (`RegionalEdge.healthChecks`). The keys are plain: each names an
   * alarm.
   */
  readonly healthChecks: Readonly<Record<string, pulumi.Input<string>>>;
  /**
   * E-mail addresses subscribed to the topic: the region's alarm addresses (`platform:observability.alarmEmails`), so
   * the same people hear of it. Each confirms AWS's mail first.
   * @default []
   */
  readonly alarmEmails?: readonly string[];
  /** Protects the topic's KMS key (`protect: true`). The stacks pass `environment === "prod"`. @default false */
  readonly protect?: boolean;
  /** Extra tags on every child that takes tags; the required tags come from the provider. @default {} */
  readonly tags?: Readonly<Record<string, string>>;
}

/** Every argument with its default applied. */
export interface ResolvedHealthCheckAlarmsArgs extends HealthCheckAlarmsPlanInput {
  readonly healthChecks: Readonly<Record<string, pulumi.Input<string>>>;
  readonly protect: boolean;
  readonly tags: Readonly<Record<string, string>>;
}

/** Applies the defaults (`??`: an explicit "" or false is kept and validated, never replaced). */
export function withDefaults(args: HealthCheckAlarmsArgs): ResolvedHealthCheckAlarmsArgs {
  const d = healthCheckAlarmsDefaults;
  return {
    environment: args.environment,
    region: args.region,
    namePrefix: args.namePrefix ?? d.namePrefix,
    healthChecks: args.healthChecks,
    alarmEmails: args.alarmEmails ?? d.alarmEmails,
    protect: args.protect ?? d.protect,
    tags: args.tags ?? d.tags,
  };
}

/** Every problem of the (defaulted) arguments and of the provider in `opts`, with paths relative to the arguments. */
export function validateHealthCheckAlarmsArgs(
  args: ResolvedHealthCheckAlarmsArgs,
  opts?: pulumi.ComponentResourceOptions,
): Problem[] {
  return [...healthCheckAlarmsArgsProblems(args), ...regionalProviderProblems(opts)];
}

/** One stack's health-check alarms in us-east-1, with their own encrypted topic. */
export class HealthCheckAlarms extends pulumi.ComponentResource {
  /** The topic in us-east-1 the alarms notify. */
  readonly alarmTopicArn: pulumi.Output<string>;
  /** The topic's customer KMS key in us-east-1. */
  readonly kmsKeyArn: pulumi.Output<string>;
  /** Keys of the alarms created, plain (`health-check-api`, …). */
  readonly alarmKeys: readonly string[];
  /** The physical names, plain. */
  readonly names: HealthCheckAlarmsNames;

  constructor(name: string, args: HealthCheckAlarmsArgs, opts?: pulumi.ComponentResourceOptions) {
    super(HEALTH_CHECK_ALARMS_TYPE, name, {}, opts);
    const resolved = withDefaults(args);
    // Every child goes through the stack's provider, in us-east-1 by its per-resource `region`.
    const childOpts = regionalChildOptions(
      this,
      `Invalid arguments for HealthCheckAlarms "${name}"`,
      validateHealthCheckAlarmsArgs(resolved, opts),
      opts,
    );
    const provider = childOpts.provider;
    const region = HEALTH_CHECK_METRICS_REGION;
    const tags = (own: Record<string, string>): Record<string, string> => ({ ...resolved.tags, ...own });
    const names = healthCheckAlarmsNames(resolved.namePrefix, resolved.environment, resolved.region);
    const partition = aws.getPartitionOutput({}, childOpts);
    const accountId = aws.getCallerIdentityOutput({}, childOpts).accountId;

    const key = new aws.kms.Key(
      name,
      {
        region,
        description: `Encrypts the health-check alarm topic of ${resolved.environment} ${resolved.region}`,
        enableKeyRotation: true,
        deletionWindowInDays: KEY_DELETION_WINDOW_DAYS,
        policy: pulumi
          .all([accountId, partition.partition, partition.dnsSuffix])
          .apply(([account, part, dnsSuffix]) =>
            policyJson(healthCheckKeyPolicy({ accountId: account, partition: part, dnsSuffix }), "compact"),
          ),
        tags: tags({ Name: name }),
      },
      { ...childOpts, protect: resolved.protect },
    );
    new aws.kms.Alias(
      name,
      { region, name: names.keyAlias, targetKeyId: key.keyId },
      { parent: key, provider },
    );

    const topic = new aws.sns.Topic(
      name,
      {
        region,
        displayName: `Platform health checks ${resolved.environment} ${resolved.region}`,
        kmsMasterKeyId: key.arn,
        tags: tags({ Name: name }),
      },
      childOpts,
    );
    for (const email of resolved.alarmEmails) {
      // Pending until the recipient confirms AWS's mail; Pulumi cannot delete it before (deleting the topic does).
      new aws.sns.TopicSubscription(
        `${name}-${emailKey(email)}`,
        { region, topic: topic.arn, protocol: "email", endpoint: email },
        { parent: topic, provider },
      );
    }
    new aws.sns.TopicPolicy(
      name,
      {
        region,
        arn: topic.arn,
        policy: pulumi
          .all([topic.arn, accountId, partition.partition, partition.dnsSuffix])
          .apply(([topicArn, account, part, dnsSuffix]) =>
            policyJson(
              alarmTopicPolicy({
                topicArn,
                accountId: account,
                partition: part,
                dnsSuffix,
                region,
                publisherRoleArns: [],
              }),
              "compact",
            ),
          ),
      },
      { parent: topic, provider },
    );

    const alarms = planHealthCheckAlarms(resolved.healthChecks, resolved.region);
    createAlarms(name, alarms, names.alarmPrefix, topic.arn, resolved.tags, childOpts, region);

    this.alarmTopicArn = topic.arn;
    this.kmsKeyArn = key.arn;
    this.alarmKeys = alarms.map((alarm) => alarm.key);
    this.names = names;
    this.registerOutputs({ alarmTopicArn: this.alarmTopicArn, kmsKeyArn: this.kmsKeyArn });
  }
}
