/**
 * Who and what reaches an `EksPlatform` cluster: the control plane's log types, the public endpoint's CIDRs (never
 * the whole internet, never private ranges) and the cluster administrators (IAM roles and users, each an access
 * entry with the cluster admin policy).
 */
import { IPv4CidrRange, Validator } from "ip-num";
import type { Problem } from "../../common/validation";

/** The five control-plane log types EKS can send to CloudWatch Logs (all of them, for audit and debugging). */
export const CONTROL_PLANE_LOG_TYPES: readonly string[] = [
  "api",
  "audit",
  "authenticator",
  "controllerManager",
  "scheduler",
];

/** Access policy of the cluster administrators (EKS access policies, "AmazonEKSClusterAdminPolicy"). */
export const CLUSTER_ADMIN_ACCESS_POLICY = "AmazonEKSClusterAdminPolicy";

// ---------------------------------------------------------------------------------------------------------------
// The API endpoint

/** EKS accepts at most 40 CIDR blocks for the public endpoint (Amazon EKS service quotas). */
export const MAX_PUBLIC_ACCESS_CIDRS = 40;

/** Ranges that never reach a public endpoint: private, shared, loopback and link-local addresses. */
const NON_PUBLIC_RANGES = [
  "10.0.0.0/8",
  "172.16.0.0/12",
  "192.168.0.0/16",
  "100.64.0.0/10",
  "127.0.0.0/8",
  "169.254.0.0/16",
];

/**
 * Problems of the CIDRs the public API endpoint is opened to (paths `publicAccessCidrs[i]`). Empty means the
 * endpoint stays private; `0.0.0.0/0` is never accepted; private ranges are refused because the public endpoint
 * never sees them (networks that reach the VPC use the private endpoint).
 */
export function publicAccessCidrProblems(cidrs: readonly string[]): Problem[] {
  const problems: Problem[] = [];
  if (cidrs.length > MAX_PUBLIC_ACCESS_CIDRS) {
    problems.push({
      path: "publicAccessCidrs",
      message: `${cidrs.length} CIDRs exceed the ${MAX_PUBLIC_ACCESS_CIDRS} EKS accepts; list fewer, wider ranges`,
    });
  }
  const seen = new Set<string>();
  cidrs.forEach((cidr, index) => {
    const path = `publicAccessCidrs[${index}]`;
    if (typeof cidr !== "string" || !Validator.isValidIPv4CidrNotation(cidr)[0]) {
      problems.push({
        path,
        message: `${JSON.stringify(cidr)} is not an IPv4 CIDR; write it like 203.0.113.0/24`,
      });
      return;
    }
    if (cidr.endsWith("/0")) {
      problems.push({
        path,
        message:
          `${cidr} would open the Kubernetes API endpoint to the whole internet; list the public egress CIDRs of ` +
          "your VPN or CI runners instead, or leave publicAccessCidrs empty to keep the endpoint private",
      });
      return;
    }
    if (!Validator.isValidIPv4CidrRange(cidr)[0]) {
      problems.push({ path, message: `${cidr} has host bits set; write the network address of the range` });
      return;
    }
    const range = IPv4CidrRange.fromCidr(cidr);
    const privateRange = NON_PUBLIC_RANGES.find((block) =>
      range.isOverlapping(IPv4CidrRange.fromCidr(block)),
    );
    if (privateRange !== undefined) {
      problems.push({
        path,
        message:
          `${cidr} is in the non-public range ${privateRange}, which the public endpoint never sees; networks that ` +
          "reach the VPC (peering, VPN) use the private endpoint: remove it",
      });
      return;
    }
    if (seen.has(cidr)) {
      problems.push({ path, message: `${cidr} is listed twice; list each CIDR once` });
    }
    seen.add(cidr);
  });
  return problems;
}

// ---------------------------------------------------------------------------------------------------------------
// Cluster administrators

/** An IAM principal that gets cluster-admin through an EKS access entry. */
export interface AdminPrincipal {
  /** Stable key of its access entry resources: `<kind>-<name>` (e.g. `role-platform-admin`). */
  readonly key: string;
  readonly kind: "role" | "user";
  /** The principal's full ARN, or undefined for the short form (resolved with the stack's account and partition). */
  readonly arn?: string;
  /** `role/<path/>name` or `user/<path/>name`, the part of the ARN after the account. */
  readonly resource: string;
}

const IAM_ARN =
  /^arn:(aws|aws-cn|aws-us-gov):iam::(\d{12}):(role|user)\/((?:[\w+=,.@-]+\/)*[\w+=,.@-]{1,64})$/;
const SHORT_FORM = /^(role|user)\/((?:[\w+=,.@-]+\/)*[\w+=,.@-]{1,64})$/;

/** IAM paths are at most 512 characters, `/` included (IAM API reference, `Path`). */
export const MAX_IAM_PATH_LENGTH = 512;

/** Keys of administrators given as ARNs (outputs): they name access entries. */
const ADMIN_KEY = /^[a-z0-9]([a-z0-9-]{0,38}[a-z0-9])?$/;

const ADMIN_FORMS =
  "write arn:aws:iam::<12-digit account>:role/<name> or :user/<name>, or role/<name> / user/<name> for a principal of the stack's own account";

/** The principal an admin entry names, or the problem text when it is not an IAM role or user. */
export function parseAdminPrincipal(value: string): AdminPrincipal | string {
  if (typeof value !== "string") {
    return `${JSON.stringify(value)} is not an IAM principal; ${ADMIN_FORMS}`;
  }
  const full = IAM_ARN.exec(value);
  const short = full === null ? SHORT_FORM.exec(value) : null;
  const kind = (full?.[3] ?? short?.[1]) as "role" | "user" | undefined;
  const resourcePath = full?.[4] ?? short?.[2];
  if (kind !== undefined && resourcePath !== undefined) {
    const name = resourcePath.split("/").pop()!;
    const iamPath = `/${resourcePath.slice(0, resourcePath.length - name.length)}`;
    if (iamPath.length > MAX_IAM_PATH_LENGTH) {
      return `${kind}/…/${name} has an IAM path of ${iamPath.length} characters; IAM allows at most ${MAX_IAM_PATH_LENGTH}: check the ${kind}'s ARN`;
    }
    return {
      key: `${kind}-${name.toLowerCase().replace(/[^a-z0-9-]+/g, "-")}`,
      kind,
      ...(full !== null ? { arn: value } : {}),
      resource: `${kind}/${resourcePath}`,
    };
  }
  if (/^arn:[\w-]+:sts::\d{12}:assumed-role\//.test(value)) {
    const role = value.split("/")[1] ?? "<name>";
    return `${value} is an STS session, which changes with every sign-in; name the role it assumes: role/${role} (or its arn:aws:iam::<account>:role/${role})`;
  }
  if (/^arn:[\w-]+:iam::\d{12}:root$/.test(value)) {
    return `${value} is the account root, which EKS access entries do not take; name an administrator role instead`;
  }
  if (/^arn:[\w-]+:iam::\d{12}:group\//.test(value)) {
    return `${value} is an IAM group, which EKS access entries do not take; name a role its members assume instead`;
  }
  return `${JSON.stringify(value)} is not an IAM role or user; ${ADMIN_FORMS}`;
}

/**
 * Problems of the cluster administrators (paths `clusterAdmins[i]`): at least one, counting `otherAdmins` (the keys
 * of administrators known only as ARN outputs; with creator-admin off, nobody else could ever reach the API), each an
 * IAM role or user, no two naming the same access entry.
 */
export function clusterAdminProblems(
  values: readonly string[],
  otherAdmins: readonly string[] = [],
): Problem[] {
  const problems: Problem[] = [];
  if (values.length === 0 && otherAdmins.length === 0) {
    problems.push({
      path: "clusterAdmins",
      message:
        "is empty; the cluster grants no one admin by default, so list the roles that administer it (at least the " +
        "role `pulumi up` runs as, e.g. role/platform-deploy)",
    });
  }
  const keys = new Map<string, number>();
  otherAdmins.forEach((key) => {
    if (!ADMIN_KEY.test(key)) {
      problems.push({
        path: `adminRoleArns.${key}`,
        message: `${JSON.stringify(key)} is not an administrator key; use 1 to 40 lowercase letters, digits and inner hyphens (it names the access entry)`,
      });
    }
  });
  values.forEach((value, index) => {
    const parsed = parseAdminPrincipal(value);
    if (typeof parsed === "string") {
      problems.push({ path: `clusterAdmins[${index}]`, message: parsed });
      return;
    }
    if (otherAdmins.includes(parsed.key)) {
      problems.push({
        path: `clusterAdmins[${index}]`,
        message: `names access entry ${parsed.key}, which adminRoleArns uses as a key too; rename that key`,
      });
      return;
    }
    const earlier = keys.get(parsed.key);
    if (earlier !== undefined) {
      problems.push({
        path: `clusterAdmins[${index}]`,
        message: `names the same ${parsed.kind} as clusterAdmins[${earlier}] (access entry ${parsed.key}); list each principal once`,
      });
      return;
    }
    keys.set(parsed.key, index);
  });
  return problems;
}
