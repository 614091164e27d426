/**
 * `ThreatDetection`: a region's threat detection and the account security defaults a platform enforces. GuardDuty's
 * detector with its protections (each a `DetectorFeature`, enabled or disabled as switched) and an EventBridge rule
 * routing findings of at least a severity to the alarm topic with a readable message; Security Hub with its standards
 * (AWS Foundational Security Best Practices by default) and, in the account's home region, cross-region aggregation;
 * EBS encryption by default and, once per account, S3's account-level public access block. Each part can be turned
 * off where an organization's landing zone provides it (ADR 0030). The topic's policy must admit the rule and its key
 * EventBridge (`ObservabilityStack`'s `findingsRuleNames`, the logs key). Rules and the exact inputs are in `./plan`.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { RegionalChildOptions, regionalChildOptions, regionalProviderProblems } from "../common/providers";
import type { Problem } from "../common/validation";
import {
  FINDING_INPUT_PATHS,
  ResolvedThreatDetectionPlanArgs,
  ThreatDetectionPlanArgs,
  findingInputTemplate,
  findingsEventPattern,
  planFeatures,
  standardKey,
  standardsArn,
  threatDetectionArgsProblems,
  withDefaults,
} from "./plan";

export * from "./plan";

/** Type token of the component (renaming it replaces the detector: add an alias first). */
export const THREAT_DETECTION_TYPE = "platform:security:ThreatDetection";

export interface ThreatDetectionArgs extends ThreatDetectionPlanArgs {
  /** The SNS topic findings notify (the region's alarm topic). */
  readonly topicArn: pulumi.Input<string>;
}

/** Every problem of the (defaulted) arguments and of the provider in `opts`. Empty when the component can be built. */
export function validateThreatDetectionArgs(
  args: ResolvedThreatDetectionPlanArgs,
  opts?: pulumi.ComponentResourceOptions,
): Problem[] {
  return [...threatDetectionArgsProblems(args), ...regionalProviderProblems(opts)];
}

export class ThreatDetection extends pulumi.ComponentResource {
  /** The region's GuardDuty detector id, where this component creates it. */
  readonly detectorId?: pulumi.Output<string>;
  /** The EventBridge rule routing findings to the topic, with the detector. */
  readonly findingsRuleArn?: pulumi.Output<string>;
  /** The ARNs of the Security Hub standards subscribed, by standard (`aws-foundational-security-best-practices`). */
  readonly standardsSubscriptionArns: Readonly<Record<string, pulumi.Output<string>>>;

  constructor(name: string, args: ThreatDetectionArgs, opts?: pulumi.ComponentResourceOptions) {
    super(THREAT_DETECTION_TYPE, name, {}, opts);
    const resolved = withDefaults(args);
    // Every child goes through the regional provider.
    const childOpts = regionalChildOptions(
      this,
      `Invalid arguments for ThreatDetection "${name}"`,
      validateThreatDetectionArgs(resolved, opts),
      opts,
    );
    const stateful = { ...childOpts, protect: resolved.protect };

    if (resolved.guardDuty.enabled) {
      const { detectorId, ruleArn } = this.guardDuty(name, resolved, args.topicArn, childOpts, stateful);
      this.detectorId = detectorId;
      this.findingsRuleArn = ruleArn;
    }
    this.standardsSubscriptionArns = resolved.securityHub.enabled
      ? this.securityHub(name, resolved, childOpts, stateful)
      : {};
    this.accountDefaults(name, resolved, childOpts);
    this.registerOutputs({
      detectorId: this.detectorId,
      findingsRuleArn: this.findingsRuleArn,
      standardsSubscriptionArns: this.standardsSubscriptionArns,
    });
  }

  /** The detector, its features, and the rule sending findings of at least the threshold to the topic. */
  private guardDuty(
    name: string,
    resolved: ResolvedThreatDetectionPlanArgs,
    topicArn: pulumi.Input<string>,
    childOpts: RegionalChildOptions,
    stateful: pulumi.CustomResourceOptions,
  ): { detectorId: pulumi.Output<string>; ruleArn: pulumi.Output<string> } {
    const detector = new aws.guardduty.Detector(
      `${name}-detector`,
      {
        enable: true,
        findingPublishingFrequency: resolved.guardDuty.findingPublishingFrequency,
        tags: { ...resolved.tags, Name: `${name}-detector` },
      },
      stateful,
    );
    for (const feature of planFeatures(resolved.region, resolved.guardDuty.features)) {
      new aws.guardduty.DetectorFeature(
        `${name}-${feature.name.toLowerCase().replace(/_/g, "-")}`,
        {
          detectorId: detector.id,
          name: feature.name,
          status: feature.status,
          ...(feature.additionalConfigurations !== undefined
            ? { additionalConfigurations: feature.additionalConfigurations.map((c) => ({ ...c })) }
            : {}),
        },
        { parent: detector, provider: childOpts.provider },
      );
    }
    const rule = new aws.cloudwatch.EventRule(
      `${name}-findings`,
      {
        name: resolved.findingsRuleName,
        description: `GuardDuty findings of severity ${resolved.guardDuty.findingSeverityThreshold} or more, to the alarm topic`,
        eventPattern: JSON.stringify(findingsEventPattern(resolved.guardDuty.findingSeverityThreshold)),
        tags: { ...resolved.tags, Name: resolved.findingsRuleName },
      },
      // Findings exist once the detector does.
      { ...childOpts, dependsOn: [detector] },
    );
    new aws.cloudwatch.EventTarget(
      `${name}-findings`,
      {
        rule: rule.name,
        arn: topicArn,
        inputTransformer: {
          inputPaths: { ...FINDING_INPUT_PATHS },
          inputTemplate: findingInputTemplate(resolved.runbook),
        },
      },
      { parent: rule, provider: childOpts.provider },
    );
    return { detectorId: detector.id, ruleArn: rule.arn };
  }

  /** Security Hub, its standards and, in the home region, cross-region aggregation. */
  private securityHub(
    name: string,
    resolved: ResolvedThreatDetectionPlanArgs,
    childOpts: RegionalChildOptions,
    stateful: pulumi.CustomResourceOptions,
  ): Record<string, pulumi.Output<string>> {
    const hub = resolved.securityHub;
    const account = new aws.securityhub.Account(
      `${name}-securityhub`,
      {
        // Only the standards listed are subscribed (the default ones include CIS 1.2.0, superseded).
        enableDefaultStandards: false,
        // One finding per control, whatever the standards that share it.
        controlFindingGenerator: "SECURITY_CONTROL",
        autoEnableControls: hub.autoEnableControls,
      },
      stateful,
    );
    const partition = aws.getPartitionOutput({}, { provider: childOpts.provider }).partition;
    const arns: Record<string, pulumi.Output<string>> = {};
    for (const standard of hub.standards) {
      const key = standardKey(standard);
      const subscription = new aws.securityhub.StandardsSubscription(
        `${name}-${key}`,
        { standardsArn: partition.apply((p) => standardsArn(p, resolved.region, standard)) },
        { parent: account, provider: childOpts.provider, dependsOn: [account] },
      );
      arns[key] = subscription.id;
    }
    if (hub.aggregateFindings) {
      // The account's home region: findings, insights and scores of every region where Security Hub is enabled
      // (`ALL_REGIONS` also takes regions enabled later, so a new secondary needs no change here).
      new aws.securityhub.FindingAggregator(
        `${name}-aggregator`,
        { linkingMode: "ALL_REGIONS" },
        { parent: account, provider: childOpts.provider, dependsOn: [account] },
      );
    }
    return arns;
  }

  /** EBS encryption by default in the region; the account's S3 public access block where asked (once per account). */
  private accountDefaults(
    name: string,
    resolved: ResolvedThreatDetectionPlanArgs,
    childOpts: RegionalChildOptions,
  ): void {
    if (resolved.accountDefaults.ebsEncryptionByDefault) {
      // The default key stays the AWS managed aws/ebs: EC2 Auto Scaling (which launches the EKS nodes) needs no key
      // policy for it, while a customer key as the default would have to admit AWSServiceRoleForAutoScaling or
      // nodes fail to launch (EC2 Auto Scaling user guide, "Required AWS KMS key policy for use with encrypted
      // volumes"). Volumes that need the customer key name it (the EBS CSI storage class).
      new aws.ebs.EncryptionByDefault(`${name}-ebs-encryption`, { enabled: true }, childOpts);
    }
    if (resolved.accountDefaults.s3AccountPublicAccessBlock) {
      new aws.s3.AccountPublicAccessBlock(
        `${name}-s3-public-access`,
        {
          blockPublicAcls: true,
          blockPublicPolicy: true,
          ignorePublicAcls: true,
          restrictPublicBuckets: true,
        },
        childOpts,
      );
    }
  }
}
