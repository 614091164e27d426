/**
 * Security and identity: IAM roles (service-linked ones too), policies and OIDC providers (global: no region in their
 * ARNs), KMS keys and aliases, Secrets Manager secrets and their versions.
 */
import { MOCK_ACCOUNT_ID } from "../environment";
import { shortHash, upperId, uuidFrom } from "../ids";
import { stringOr } from "../values";
import { result, type ComputedState, type MockedResource } from "./resource";

/** The state of an `aws:iam/*`, `aws:kms/*` or `aws:secretsmanager/*` resource; undefined for another type. */
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
