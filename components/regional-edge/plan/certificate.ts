/**
 * The load balancer's certificate: the names it covers, the DNS validation records ACM asks for (one per distinct
 * record: a wildcard and the name below it share one), and the TLS policy of the HTTPS listener.
 */

/**
 * The HTTPS listener's security policy: TLS 1.3 and 1.2 only, AWS's recommended policy for Application Load
 * Balancers (Elastic Load Balancing User Guide, "Security policies for your Application Load Balancer").
 */
export const TLS_POLICY = "ELBSecurityPolicy-TLS13-1-2-2021-06";

/** ACM takes at most 64 characters for a certificate's first name (its subject's common name). */
export const MAX_CERTIFICATE_DOMAIN_LENGTH = 64;

/** Seconds Route 53 resolvers may cache a validation record. */
export const VALIDATION_RECORD_TTL = 300;

/**
 * The names of the certificate, in the order they are requested: the domain (its `domainName`), then the subject
 * alternative names: every host one label below it, and every regional host of this region (`*.<region>.<domain>`).
 */
export function certificateNames(domain: string, region: string): [string, ...string[]] {
  return [domain, `*.${domain}`, `*.${region}.${domain}`];
}

/** One DNS validation record the component creates. */
export interface ValidationRecordPlan {
  /** The resource key (`apex` for the domain's record, `regional` for the region's). */
  readonly key: "apex" | "regional";
  /** The name ACM validates through this record: a wildcard and the name below it validate through one record. */
  readonly validates: string;
  /**
   * Whether every region's certificate asks for this same record. ACM's validation record depends on the name and the
   * account, not on the certificate or region, so both regions' certificates for `<domain>` and `*.<domain>` ask for
   * one record in the shared zone: each region's stack writes it (`allowOverwrite`, the same value) and none deletes
   * it (`retainOnDelete`), so removing one region never breaks the other's renewals.
   */
  readonly shared: boolean;
}

/**
 * The validation records for the certificate's names, one per distinct record: ACM lists one validation option per
 * name, and a wildcard's option is the record of the name below it (`*.kimkao.io` and `kimkao.io` both answer
 * `_<hash>.kimkao.io`), so creating one record per option would create the apex record twice.
 */
export function validationRecords(domain: string, region: string): ValidationRecordPlan[] {
  const seen = new Set<string>();
  const records: ValidationRecordPlan[] = [];
  for (const name of certificateNames(domain, region)) {
    const validates = name.replace(/^\*\./, "");
    if (seen.has(validates)) {
      continue;
    }
    seen.add(validates);
    const shared = validates === domain;
    records.push({ key: shared ? "apex" : "regional", validates, shared });
  }
  return records;
}

/** ACM's validation option for one record: the option of the name itself, or of its wildcard. */
export function validationOptionFor<O extends { readonly domainName: string }>(
  options: readonly O[],
  validates: string,
): O | undefined {
  return options.find((option) => option.domainName === validates || option.domainName === `*.${validates}`);
}
