/**
 * Observability: CloudWatch log groups, alarms and dashboards, the SNS alarm topic with its policy and subscriptions,
 * Amazon Managed Prometheus, Managed Grafana and X-Ray sampling rules.
 */
import { MOCK_ACCOUNT_ID } from "../environment";
import { shortHash, uuidFrom } from "../ids";
import { stringOr } from "../values";
import { result, type ComputedState, type MockedResource } from "./resource";

/**
 * The state of an `aws:cloudwatch/*`, `aws:sns/*`, `aws:amp/*`, `aws:grafana/*` or `aws:xray/*` resource; undefined
 * for another type.
 */
export function observabilityState({
  type,
  name,
  seed,
  inputs,
  region,
}: MockedResource): ComputedState | undefined {
  switch (type) {
    case "aws:cloudwatch/logGroup:LogGroup": {
      const groupName = stringOr(inputs["name"], name);
      return result(groupName, {
        name: groupName,
        arn: `arn:aws:logs:${region}:${MOCK_ACCOUNT_ID}:log-group:${groupName}`,
      });
    }
    case "aws:cloudwatch/logResourcePolicy:LogResourcePolicy":
      // A resource policy is identified by its name (one namespace per account and region).
      return result(stringOr(inputs["policyName"], name), {});
    case "aws:sns/topic:Topic": {
      // Topics are identified by their ARN, which ends in the (auto-)name.
      const topicName = stringOr(inputs["name"], `${name}-${shortHash(seed, 7)}`);
      const arn = `arn:aws:sns:${region}:${MOCK_ACCOUNT_ID}:${topicName}`;
      return result(arn, { arn, name: topicName, owner: MOCK_ACCOUNT_ID });
    }
    case "aws:sns/topicPolicy:TopicPolicy":
      return result(stringOr(inputs["arn"], name), { owner: MOCK_ACCOUNT_ID });
    case "aws:sns/topicSubscription:TopicSubscription": {
      // E-mail and HTTP(S) subscriptions stay pending until the recipient confirms them.
      const topicArn = stringOr(inputs["topic"], `arn:aws:sns:${region}:${MOCK_ACCOUNT_ID}:topic`);
      const arn = `${topicArn}:${uuidFrom(seed)}`;
      const protocol = stringOr(inputs["protocol"], "email");
      return result(arn, {
        arn,
        ownerId: MOCK_ACCOUNT_ID,
        pendingConfirmation: ["email", "email-json", "http", "https"].includes(protocol),
      });
    }
    case "aws:amp/workspace:Workspace": {
      const id = `ws-${uuidFrom(seed)}`;
      return result(id, {
        arn: `arn:aws:aps:${region}:${MOCK_ACCOUNT_ID}:workspace/${id}`,
        prometheusEndpoint: `https://aps-workspaces.${region}.amazonaws.com/workspaces/${id}/`,
      });
    }
    case "aws:amp/workspaceConfiguration:WorkspaceConfiguration":
    case "aws:amp/alertManagerDefinition:AlertManagerDefinition":
      return result(stringOr(inputs["workspaceId"], name), {});
    case "aws:amp/ruleGroupNamespace:RuleGroupNamespace": {
      const arn = `arn:aws:aps:${region}:${MOCK_ACCOUNT_ID}:rulegroupsnamespace/${stringOr(inputs["workspaceId"], "ws")}/${stringOr(inputs["name"], name)}`;
      return result(arn, { arn });
    }
    case "aws:amp/scraper:Scraper": {
      const id = `s-${uuidFrom(seed)}`;
      return result(id, {
        arn: `arn:aws:aps:${region}:${MOCK_ACCOUNT_ID}:scraper/${id}`,
        roleArn:
          `arn:aws:iam::${MOCK_ACCOUNT_ID}:role/aws-service-role/scraper.aps.amazonaws.com/` +
          `AWSServiceRoleForAmazonPrometheusScraper_${shortHash(`${seed}/role`, 15)}`,
      });
    }
    case "aws:grafana/workspace:Workspace": {
      const id = `g-${shortHash(seed, 10)}`;
      return result(id, {
        arn: `arn:aws:grafana:${region}:${MOCK_ACCOUNT_ID}:/workspaces/${id}`,
        endpoint: `${id}.grafana-workspace.${region}.amazonaws.com`,
        grafanaVersion: stringOr(inputs["grafanaVersion"], "10.4"),
      });
    }
    case "aws:cloudwatch/eventRule:EventRule": {
      // A rule on the default bus: `rule/<name>` in EventBridge's (events) namespace; the id is the name.
      const ruleName = stringOr(inputs["name"], `${name}-${shortHash(seed, 7)}`);
      return result(ruleName, {
        name: ruleName,
        arn: `arn:aws:events:${region}:${MOCK_ACCOUNT_ID}:rule/${ruleName}`,
      });
    }
    case "aws:cloudwatch/eventTarget:EventTarget": {
      // The provider's id is `<rule>-<target id>`; the target id is generated when not given.
      const targetId = stringOr(inputs["targetId"], `terraform-${shortHash(seed, 20)}`);
      return result(`${stringOr(inputs["rule"], "rule")}-${targetId}`, { targetId });
    }
    case "aws:cloudwatch/metricAlarm:MetricAlarm": {
      const alarmName = stringOr(inputs["name"], `${name}-${shortHash(seed, 7)}`);
      return result(alarmName, {
        name: alarmName,
        arn: `arn:aws:cloudwatch:${region}:${MOCK_ACCOUNT_ID}:alarm:${alarmName}`,
      });
    }
    case "aws:cloudwatch/dashboard:Dashboard": {
      // Dashboards belong to the account, not a region: no region in the ARN.
      const dashboardName = stringOr(inputs["dashboardName"], name);
      return result(dashboardName, {
        dashboardArn: `arn:aws:cloudwatch::${MOCK_ACCOUNT_ID}:dashboard/${dashboardName}`,
      });
    }
    case "aws:xray/samplingRule:SamplingRule": {
      const ruleName = stringOr(inputs["ruleName"], name);
      return result(ruleName, {
        arn: `arn:aws:xray:${region}:${MOCK_ACCOUNT_ID}:sampling-rule/${ruleName}`,
      });
    }
    default:
      return undefined;
  }
}
