/**
 * Security and identity: IAM roles, policies and OIDC providers (global: no region in their ARNs), KMS keys and
 * aliases, Secrets Manager secrets and their versions.
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
