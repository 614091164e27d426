/**
 * ACM: certificates with the DNS validation options ACM answers, and their validations.
 */
import { MOCK_ACCOUNT_ID } from "../environment";
import { shortHash, uuidFrom } from "../ids";
import { stringOr } from "../values";
import { result, type ComputedState, type MockedResource } from "./resource";

/** The state of an `aws:acm/*` resource; undefined for a type this family does not know. */
export function acmState({ type, seed, inputs, region }: MockedResource): ComputedState | undefined {
  switch (type) {
    case "aws:acm/certificate:Certificate": {
      const arn = `arn:aws:acm:${region}:${MOCK_ACCOUNT_ID}:certificate/${uuidFrom(seed)}`;
      const names = [
        stringOr(inputs["domainName"], ""),
        ...(Array.isArray(inputs["subjectAlternativeNames"]) ? inputs["subjectAlternativeNames"] : []),
      ].filter((name): name is string => typeof name === "string" && name !== "");
      return result(arn, {
        arn,
        domainValidationOptions: dnsValidationOptions([...new Set(names)]),
        status: "PENDING_VALIDATION",
        keyAlgorithm: stringOr(inputs["keyAlgorithm"], "RSA_2048"),
        type: "AMAZON_ISSUED",
      });
    }
    case "aws:acm/certificateValidation:CertificateValidation": {
      const arn = stringOr(
        inputs["certificateArn"],
        `arn:aws:acm:${region}:${MOCK_ACCOUNT_ID}:certificate/x`,
      );
      return result(arn, { certificateArn: arn });
    }
    default:
      return undefined;
  }
}

/**
 * The validation options ACM lists for a DNS-validated certificate: one per name, in the order requested. The
 * record depends only on the account and the name validated, a wildcard validating through the name below it: so
 * `kimkao.io` and `*.kimkao.io` answer the same record, in every region and every certificate of the account.
 */
export function dnsValidationOptions(names: readonly string[]): Record<string, string>[] {
  return names.map((domainName) => {
    const validated = domainName.replace(/^\*\./, "");
    const key = `${MOCK_ACCOUNT_ID}/${validated}`;
    return {
      domainName,
      resourceRecordName: `_${shortHash(`${key}/name`, 32)}.${validated}.`,
      resourceRecordType: "CNAME",
      resourceRecordValue: `_${shortHash(`${key}/value`, 32)}.${lettersOf(`${key}/zone`, 10)}.acm-validations.aws.`,
    };
  });
}

function lettersOf(seed: string, length: number): string {
  return shortHash(seed, length)
    .split("")
    .map((hex) => "abcdefghijklmnop"[parseInt(hex, 16)])
    .join("");
}
