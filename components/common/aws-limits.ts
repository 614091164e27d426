/**
 * Facts about AWS that several components validate against. Each list says where it was taken from and when; the
 * values AWS enumerates at length (regions, EC2 instance types) are generated from the installed @pulumi/aws into
 * `aws-enums.json` (`npm run aws-enums`, tools/facts/generate-aws-enums.ts), so that no plan loads a provider SDK.
 */
import awsEnums from "./aws-enums.json";

/** AWS accepts at most 50 tags per resource, keys of 128 and values of 256 characters (Tagging best practices). */
export const TAG_LIMITS = { maxTags: 50, maxKeyLength: 128, maxValueLength: 256 } as const;

/**
 * The only values CloudWatch Logs accepts for a log group's `retentionInDays` besides 0 (never expire, which the
 * platform never uses). Source: CloudWatch Logs API reference, PutRetentionPolicy, and the same list in the
 * installed @pulumi/aws (`cloudwatch/logGroup.d.ts`, `retentionInDays`), taken 2026-12-02; a test compares the two.
 */
export const CLOUDWATCH_LOG_RETENTION_DAYS: readonly number[] = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
];

/** Problem text for a retention that CloudWatch Logs would refuse, or undefined when it is accepted. */
export function retentionProblem(days: number): string | undefined {
  if (CLOUDWATCH_LOG_RETENTION_DAYS.includes(days)) {
    return undefined;
  }
  const next = CLOUDWATCH_LOG_RETENTION_DAYS.find((allowed) => allowed > days) ?? 3653;
  return `${days} is not a CloudWatch Logs retention; use one of ${CLOUDWATCH_LOG_RETENTION_DAYS.join(", ")} (e.g. ${next})`;
}

/** EKS cluster names: 1 to 100 letters, digits, `-` and `_`, starting with a letter or digit (CreateCluster). */
const EKS_CLUSTER_NAME = /^[0-9A-Za-z][A-Za-z0-9_-]{0,99}$/;

/** Problem text for a name EKS would refuse for a cluster, or undefined when it accepts it. */
export function eksClusterNameProblem(name: string): string | undefined {
  if (typeof name === "string" && EKS_CLUSTER_NAME.test(name)) {
    return undefined;
  }
  return `${JSON.stringify(name)} is not an EKS cluster name; use 1 to 100 letters, digits, - and _, starting with a letter or digit`;
}

/**
 * Every AWS region of every partition (`ap-east-2`, `us-gov-west-1`, `eusc-de-east-1`, …): the `Region` enum of the
 * installed @pulumi/aws, generated into aws-enums.json. Which services a region offers is another question.
 */
export const AWS_REGIONS: readonly string[] = awsEnums.regions;

/** Whether `text` is the name of an AWS region (`ap-east-2`), not merely written like one (`ap-east-9`). */
export function isRegionName(text: string): boolean {
  return typeof text === "string" && AWS_REGIONS.includes(text);
}

/** The longest region name (`ap-southeast-5`, `us-gov-west-1`, …) a name derived from a region must leave room for. */
export const LONGEST_REGION_NAME = 16;

/**
 * Every EC2 instance type in any region (`m7g.large`, `c8g.metal-24xl`, …): the `ec2.InstanceType` enum of the
 * installed @pulumi/aws, generated into aws-enums.json. Not every region offers every type (ap-east-2 offers far
 * fewer than us-east-1), and which ones it does is known only to `aws ec2 describe-instance-type-offerings`, with
 * credentials: config checks that a type exists, not that the stack's region offers it.
 */
export const EC2_INSTANCE_TYPES: ReadonlySet<string> = new Set(awsEnums.ec2InstanceTypes);

/** Whether `name` is an EC2 instance type AWS offers somewhere (`m7g.large`), not merely written like one. */
export function isEc2InstanceType(name: string): boolean {
  return typeof name === "string" && EC2_INSTANCE_TYPES.has(name);
}

/** One label of a public DNS name: 1 to 63 lowercase letters, digits and inner hyphens (RFC 1035, as ACM takes it). */
const DNS_LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

/** The longest domain name Route 53 and ACM accept, without the trailing dot (RFC 1035: 255 octets on the wire). */
export const MAX_DOMAIN_NAME_LENGTH = 253;

/**
 * Problem text for a name that is not a public domain name as the components write them (what Route 53 names a zone
 * and ACM puts in a certificate): two or more labels, lowercase (Route 53 and ACM compare names case-insensitively
 * but report them in lowercase, so the plans, hosts and certificates only match written that way), no trailing dot,
 * a top-level label that is not all digits. Undefined when it is one.
 */
export function domainNameProblem(name: string): string | undefined {
  const labels = typeof name === "string" ? name.split(".") : [];
  if (
    labels.length >= 2 &&
    name.length <= MAX_DOMAIN_NAME_LENGTH &&
    labels.every((label) => DNS_LABEL.test(label)) &&
    !/^\d+$/.test(labels[labels.length - 1])
  ) {
    return undefined;
  }
  return (
    `${JSON.stringify(name)} is not a domain name; use two or more dot-separated labels of 1 to 63 lowercase letters, ` +
    `digits and inner hyphens, at most ${MAX_DOMAIN_NAME_LENGTH} characters, without a trailing dot (e.g. kimkao.io)`
  );
}

/** Whether `name` is `domain` itself or a name under it (`api.kimkao.io` is within `kimkao.io`). */
export function isWithinDomain(name: string, domain: string): boolean {
  return name === domain || name.endsWith(`.${domain}`);
}
