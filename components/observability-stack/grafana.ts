/**
 * Amazon Managed Grafana, where the region offers it: its role and the role's permissions, and the workspace.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { policyJson } from "../common/iam";
import type { Context } from "./context";
import { grafanaRolePolicy, serviceTrustPolicy } from "./plan";

/**
 * Grafana's role (CUSTOMER_MANAGED permissions), where the region offers Grafana: it exists before the topic
 * policy names it as a publisher.
 */
export function createGrafanaRole({
  name,
  resolved,
  childOpts,
  tags,
  names,
  region,
  account,
}: Context): aws.iam.Role | undefined {
  const grafanaRole = resolved.grafana.enabled
    ? new aws.iam.Role(
        `${name}-grafana`,
        {
          description: `Managed Grafana workspace ${names.workspace}: reads metrics, logs and traces, publishes alerts`,
          assumeRolePolicy: pulumi
            .all([account.accountId, account.partition])
            .apply(([accountId, partition]) =>
              policyJson(
                serviceTrustPolicy(
                  "grafana.amazonaws.com",
                  accountId,
                  `arn:${partition}:grafana:${region}:${accountId}:/workspaces/*`,
                ),
                "compact",
              ),
            ),
          tags: tags({ Name: `${name}-grafana` }),
        },
        childOpts,
      )
    : undefined;
  return grafanaRole;
}

/**
 * Grafana: IAM Identity Center sign-in, Prometheus/CloudWatch/X-Ray data sources, alerts to the topic; its role's
 * permissions. Returns the workspace's URL.
 */
export function createGrafana(
  { name, resolved, provider, stateful, tags, names, region, account }: Context,
  grafanaRole: aws.iam.Role,
  topic: aws.sns.Topic,
  workspace: aws.amp.Workspace,
): pulumi.Output<string | undefined> {
  const peers = resolved.grafana.peers;
  new aws.iam.RolePolicy(
    `${name}-grafana`,
    {
      role: grafanaRole.name,
      policy: pulumi
        .all([
          account.accountId,
          account.partition,
          account.dnsSuffix,
          topic.arn,
          workspace.arn,
          pulumi.all(peers.map((peer) => peer.prometheusWorkspaceArn)),
        ])
        .apply(([accountId, partition, dnsSuffix, topicArn, workspaceArn, peerWorkspaces]) =>
          policyJson(
            grafanaRolePolicy({
              accountId,
              partition,
              dnsSuffix,
              region,
              regions: [region, ...peers.map((peer) => peer.region)],
              prometheusWorkspaceArns: [
                workspaceArn,
                ...peerWorkspaces.filter((arn): arn is string => arn !== undefined),
              ],
              alarmTopicArn: topicArn,
            }),
            "compact",
          ),
        ),
    },
    { parent: grafanaRole, provider },
  );
  const grafana = new aws.grafana.Workspace(
    name,
    {
      name: names.workspace,
      description: `Platform ${resolved.environment}: ${[region, ...peers.map((peer) => peer.region)].join(", ")}`,
      accountAccessType: "CURRENT_ACCOUNT",
      authenticationProviders: ["AWS_SSO"],
      permissionType: "CUSTOMER_MANAGED",
      roleArn: grafanaRole.arn,
      dataSources: ["PROMETHEUS", "CLOUDWATCH", "XRAY"],
      notificationDestinations: ["SNS"],
      grafanaVersion: resolved.grafana.version,
      tags: tags({ Name: name }),
    },
    stateful,
  );
  return grafana.endpoint.apply((endpoint) => `https://${endpoint}`);
}
