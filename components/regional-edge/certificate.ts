/**
 * The load balancer's certificate: requested from ACM for the domain, its wildcard and this region's wildcard,
 * validated through DNS records in the zone (one per distinct record), and awaited.
 */
import * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";
import type { Context } from "./context";
import { VALIDATION_RECORD_TTL, certificateNames, validationOptionFor, validationRecords } from "./plan";

/** The certificate and its ARN once ACM has issued it. */
export interface ValidatedCertificate {
  readonly certificate: aws.acm.Certificate;
  /** The ARN, known only once validation succeeded: what the HTTPS listener takes. */
  readonly validatedArn: pulumi.Output<string>;
}

export function createCertificate({
  name,
  resolved,
  provider,
  childOpts,
  tags,
}: Context): ValidatedCertificate {
  const [domainName, ...subjectAlternativeNames] = certificateNames(resolved.domain, resolved.region);
  const certificate = new aws.acm.Certificate(
    name,
    {
      domainName,
      subjectAlternativeNames,
      validationMethod: "DNS",
      keyAlgorithm: "RSA_2048",
      tags: tags({ Name: `${name}-${resolved.region}` }),
    },
    childOpts,
  );
  const options = certificate.domainValidationOptions;
  const records = validationRecords(resolved.domain, resolved.region).map((planned) => {
    const option = options.apply((all) => {
      const found = validationOptionFor(all, planned.validates);
      if (found === undefined) {
        throw new Error(`ACM returned no validation option for ${planned.validates} of certificate ${name}`);
      }
      return found;
    });
    return new aws.route53.Record(
      `${name}-validation-${planned.key}`,
      {
        zoneId: resolved.zoneId,
        name: option.resourceRecordName,
        type: option.resourceRecordType,
        records: [option.resourceRecordValue],
        ttl: VALIDATION_RECORD_TTL,
        // The apex record is every region's (see ValidationRecordPlan.shared): adopt it, never delete it.
        allowOverwrite: planned.shared,
      },
      { parent: certificate, provider, retainOnDelete: planned.shared },
    );
  });
  const validation = new aws.acm.CertificateValidation(
    name,
    { certificateArn: certificate.arn, validationRecordFqdns: records.map((record) => record.fqdn) },
    { parent: certificate, provider },
  );
  return { certificate, validatedArn: validation.certificateArn };
}
