/**
 * The alarm topic every alarm and alert notifies: KMS-encrypted, with its e-mail subscriptions and the policy of who
 * may publish to it. The alarms themselves are in `./metric-alarms`.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { policyJson } from "../common/iam";
import type { Context } from "./context";
import { alarmTopicPolicy, emailKey } from "./plan";

/**
 * The alarm topic, encrypted with the logs key (its policy lets CloudWatch alarms use the key; an AWS managed SNS
 * key would not, and alarms would fail to notify), and one e-mail subscription per address.
 */
export function createAlarmTopic({
  name,
  resolved,
  provider,
  childOpts,
  tags,
  region,
}: Context): aws.sns.Topic {
  // The alarm topic, encrypted with the logs key: its policy lets CloudWatch alarms use the key (an AWS managed
  // SNS key would not, and alarms would fail to notify).
  const topic = new aws.sns.Topic(
    `${name}-alarms`,
    {
      displayName: `Platform alarms ${resolved.environment} ${region}`,
      kmsMasterKeyId: resolved.kmsKeyArn,
      tags: tags({ Name: `${name}-alarms` }),
    },
    childOpts,
  );
  for (const email of resolved.alarmEmails) {
    // Stays "pending confirmation" until the recipient confirms the mail AWS sends; it cannot be deleted by Pulumi
    // before that (deleting the topic removes it).
    new aws.sns.TopicSubscription(
      `${name}-alarms-${emailKey(email)}`,
      { topic: topic.arn, protocol: "email", endpoint: email },
      { parent: topic, provider },
    );
  }
  return topic;
}

/**
 * The topic policy: CloudWatch alarms, the Prometheus alert manager and the Grafana role (if any) may publish, nobody
 * else.
 */
export function createAlarmTopicPolicy(
  { name, provider, region, account, resolved }: Context,
  topic: aws.sns.Topic,
  workspace: aws.amp.Workspace,
  grafanaRole: aws.iam.Role | undefined,
): aws.sns.TopicPolicy {
  return new aws.sns.TopicPolicy(
    `${name}-alarms`,
    {
      arn: topic.arn,
      policy: pulumi
        .all([
          topic.arn,
          workspace.arn,
          account.accountId,
          account.partition,
          account.dnsSuffix,
          grafanaRole?.arn,
        ])
        .apply(([topicArn, workspaceArn, accountId, partition, dnsSuffix, grafanaRoleArn]) =>
          policyJson(
            alarmTopicPolicy({
              topicArn,
              prometheusWorkspaceArn: workspaceArn,
              accountId,
              partition,
              dnsSuffix,
              region,
              publisherRoleArns: grafanaRoleArn === undefined ? [] : [grafanaRoleArn],
              costNotifications: true,
              eventRuleNames: resolved.eventRuleNames,
              backupNotifications: true,
            }),
            "compact",
          ),
        ),
    },
    { parent: topic, provider },
  );
}
