/**
 * Security and identity: IAM roles (service-linked ones too), policies and OIDC providers (global: no region in their
 * ARNs), KMS keys and aliases, Secrets Manager secrets and their versions; threat detection and account defaults:
 * GuardDuty detectors and their features, Security Hub accounts, standards subscriptions and finding aggregators, EBS
 * encryption by default.
 */
import { MOCK_ACCOUNT_ID } from "../environment";
import { shortHash, upperId, uuidFrom } from "../ids";
import { stringOr } from "../values";
import { result, type ComputedState, type MockedResource } from "./resource";

/**
 * The state of an `aws:iam/*`, `aws:kms/*`, `aws:secretsmanager/*`, `aws:guardduty/*`, `aws:securityhub/*` or
 * `aws:ebs/*` resource; undefined for another type.
 */
export function securityState({
  type,
  name,
  seed,
  inputs,
  region,
}: MockedResource): ComputedState | undefined {
  switch (type) {
    case "aws:kms/key:Key": {
      const keyId = uuidFrom(seed);
      return result(keyId, { keyId, arn: `arn:aws:kms:${region}:${MOCK_ACCOUNT_ID}:key/${keyId}` });
    }
    case "aws:kms/alias:Alias": {
      const aliasName = stringOr(inputs["name"], `alias/${name}`);
      const target = inputs["targetKeyId"];
      return result(aliasName, {
        name: aliasName,
        arn: `arn:aws:kms:${region}:${MOCK_ACCOUNT_ID}:${aliasName}`,
        ...(typeof target === "string"
          ? {
              targetKeyArn: target.startsWith("arn:")
                ? target
                : `arn:aws:kms:${region}:${MOCK_ACCOUNT_ID}:key/${target}`,
            }
          : {}),
      });
    }
    case "aws:iam/role:Role": {
      const roleName = stringOr(inputs["name"], name);
      return result(roleName, {
        name: roleName,
        arn: `arn:aws:iam::${MOCK_ACCOUNT_ID}:role${stringOr(inputs["path"], "/")}${roleName}`,
        uniqueId: `AROA${upperId(seed, 17)}`,
      });
    }
    case "aws:iam/serviceLinkedRole:ServiceLinkedRole": {
      // IAM names the role after the service and puts it under /aws-service-role/<service>/; the ARN is the id (the
      // provider imports a service-linked role by its ARN).
      const service = stringOr(inputs["awsServiceName"], name);
      const suffix = inputs["customSuffix"];
      const roleName = `${serviceLinkedRoleName(service)}${typeof suffix === "string" ? `_${suffix}` : ""}`;
      const path = `/aws-service-role/${service}/`;
      const arn = `arn:aws:iam::${MOCK_ACCOUNT_ID}:role${path}${roleName}`;
      return result(arn, { arn, name: roleName, path, uniqueId: `AROA${upperId(seed, 17)}` });
    }
    case "aws:iam/openIdConnectProvider:OpenIdConnectProvider": {
      // IAM names an OIDC provider after its issuer URL without the scheme (one provider per URL and account).
      const issuer = stringOr(inputs["url"], name).replace(/^https:\/\//, "");
      const arn = `arn:aws:iam::${MOCK_ACCOUNT_ID}:oidc-provider/${issuer}`;
      return result(arn, { arn });
    }
    case "aws:iam/policy:Policy": {
      const policyName = stringOr(inputs["name"], name);
      const arn = `arn:aws:iam::${MOCK_ACCOUNT_ID}:policy${stringOr(inputs["path"], "/")}${policyName}`;
      return result(arn, { name: policyName, arn, policyId: `ANPA${upperId(seed, 17)}` });
    }
    case "aws:secretsmanager/secret:Secret": {
      // Secrets Manager appends six random characters to the name in the ARN; the ARN is the id.
      const secretName = stringOr(inputs["name"], `${name}-${shortHash(seed, 8)}`);
      const arn = `arn:aws:secretsmanager:${region}:${MOCK_ACCOUNT_ID}:secret:${secretName}-${upperId(`${seed}/arn`, 6)}`;
      return result(arn, { arn, name: secretName });
    }
    case "aws:secretsmanager/secretVersion:SecretVersion": {
      const versionId = uuidFrom(`${seed}/version`);
      const secretId = stringOr(inputs["secretId"], "secret");
      return result(`${secretId}|${versionId}`, {
        arn: secretId,
        versionId,
        versionStages: ["AWSCURRENT"],
      });
    }
    case "aws:guardduty/detector:Detector": {
      // A detector id is 32 hex characters; the ARN names it.
      const detectorId = shortHash(seed, 32);
      return result(detectorId, {
        accountId: MOCK_ACCOUNT_ID,
        arn: `arn:aws:guardduty:${region}:${MOCK_ACCOUNT_ID}:detector/${detectorId}`,
      });
    }
    case "aws:guardduty/detectorFeature:DetectorFeature":
      // The provider's id is `<detector id>/<feature name>`.
      return result(`${stringOr(inputs["detectorId"], "detector")}/${stringOr(inputs["name"], name)}`, {});
    case "aws:securityhub/account:Account":
      // Security Hub is enabled per account and region: the id is the account, the hub's ARN `hub/default`.
      return result(MOCK_ACCOUNT_ID, { arn: `arn:aws:securityhub:${region}:${MOCK_ACCOUNT_ID}:hub/default` });
    case "aws:securityhub/standardsSubscription:StandardsSubscription": {
      // The id is the subscription's ARN: `subscription/<standard>/v/<version>` in the account.
      const standard = stringOr(inputs["standardsArn"], name).split(":standards/")[1] ?? name;
      return result(`arn:aws:securityhub:${region}:${MOCK_ACCOUNT_ID}:subscription/${standard}`, {});
    }
    case "aws:securityhub/findingAggregator:FindingAggregator": {
      const arn = `arn:aws:securityhub:${region}:${MOCK_ACCOUNT_ID}:finding-aggregator/${uuidFrom(seed)}`;
      return result(arn, { arn });
    }
    case "aws:ebs/encryptionByDefault:EncryptionByDefault":
      // One setting per account and region; the provider's id is the region.
      return result(region, {});
    default:
      return undefined;
  }
}

/**
 * The name IAM gives a service's service-linked role: the documented one (AWS Config developer guide, "Using
 * Service-Linked Roles for AWS Config"; the provider's `ServiceLinkedRole` import example), else
 * `AWSServiceRoleFor<first label of the principal, capitalized>`.
 */
const SERVICE_LINKED_ROLE_NAMES: Readonly<Record<string, string>> = {
  "config.amazonaws.com": "AWSServiceRoleForConfig",
  "elasticbeanstalk.amazonaws.com": "AWSServiceRoleForElasticBeanstalk",
};

function serviceLinkedRoleName(service: string): string {
  const known = SERVICE_LINKED_ROLE_NAMES[service];
  if (known !== undefined) {
    return known;
  }
  const label = service.split(".")[0] ?? service;
  return `AWSServiceRoleFor${label.charAt(0).toUpperCase()}${label.slice(1)}`;
}
