/**
 * Reading resource properties inside a policy, and wording violations.
 *
 * Policies receive `props` wrapped in @pulumi/policy's unknown-checking proxy: reading a value that is unknown during
 * a preview throws, and the analyzer turns that into an advisory "can't run during preview" note (the policy runs
 * for real at `pulumi up`). That is the behaviour we want for the values a policy judges, so policies read them
 * normally. Only stack policies that *link* resources (a flow log to its VPC, a rule to its group) use `peek`, which
 * reads a raw value without throwing, because an unknown id simply cannot match a literal one.
 *
 * This module is type-only at runtime (no imports), so a pack loads it without its own dependencies.
 */

/**
 * The sentinels the engine sends for unknown values (one per type), as in @pulumi/policy's `proxy.js` and the
 * Pulumi wire protocol.
 */
export const UNKNOWN_SENTINELS: ReadonlySet<string> = new Set([
  "1c4a061d-8072-4f0a-a4cb-0ff528b18fe7", // boolean
  "3eeb2bf0-c639-47a8-9e75-3b44932eb421", // number
  "04da6b54-80e4-46f7-96ec-b56ff0331ba9", // string
  "6a19a0b0-7e62-4c92-b797-7f8e31da9cc2", // array
  "030794c1-ac77-496b-92df-f27374a8bd58", // asset
  "e48ece36-62e2-4504-bad9-02848725956a", // archive
  "dd056dcd-154b-4c76-9bd3-c8f88648b5ff", // object
]);

export function isUnknown(value: unknown): boolean {
  return typeof value === "string" && UNKNOWN_SENTINELS.has(value);
}

/** `obj[key]` without the unknown check (the proxy has no descriptor trap); unknowns come back as sentinels. */
export function peek(obj: unknown, key: string): unknown {
  if (obj === null || typeof obj !== "object") {
    return undefined;
  }
  return Object.getOwnPropertyDescriptor(obj, key)?.value;
}

/** Known, non-empty strings held by `value` (a string or an array of strings); unknowns are skipped. */
export function knownStrings(value: unknown): string[] {
  const values = Array.isArray(value) ? value : [value];
  return values.filter((v): v is string => typeof v === "string" && v !== "" && !isUnknown(v));
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** How a value reads in a message: `not set`, `"TLS_PLAINTEXT"`, `false`, `7`, `["0.0.0.0/0"]`. */
export function describe(value: unknown): string {
  if (value === undefined || value === null) {
    return "not set";
  }
  return JSON.stringify(value);
}

/** The usual violation: `<path> is <actual>; set <path> to <wanted>.` */
export function setTo(path: string, actual: unknown, wanted: string): string {
  return `${path} is ${describe(actual)}; set ${path} to ${wanted}.`;
}

export const CUSTOMER_KEY = "the ARN of a customer managed KMS key";

/**
 * Problem with a KMS key reference that must be a customer managed key, or undefined when it is one. AWS managed keys
 * are referred to by their `alias/aws/<service>` alias (or its ARN).
 */
export function customerKeyProblem(path: string, value: unknown): string | undefined {
  if (typeof value !== "string" || value.trim() === "") {
    return setTo(path, value === "" ? undefined : value, CUSTOMER_KEY);
  }
  if (/(^|:)alias\/aws\//.test(value)) {
    return `${path} is ${describe(value)} (an AWS managed key); set ${path} to ${CUSTOMER_KEY}.`;
  }
  return undefined;
}

/** `true` for boolean true and the strings "true" (launch templates take booleans as strings). */
export function isTrue(value: unknown): boolean {
  return value === true || (typeof value === "string" && value.toLowerCase() === "true");
}

/** A JSON document that may arrive as a string (most policy documents) or as an object. */
export function parseJsonDocument(value: unknown): unknown {
  if (typeof value !== "string") {
    return value;
  }
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return undefined;
  }
}

/** The values of a list property; undefined, null and non-arrays read as empty. */
export function listOf<T>(value: readonly T[] | T[] | undefined | null): T[] {
  return Array.isArray(value) ? [...value] : [];
}

/**
 * Whether `value` matches `pattern`, where `*` stands for any characters (none included) and every other character
 * for itself: the wildcards of ECR repository filters and AWS Backup selections' resource ARNs.
 */
export function matchesWildcard(pattern: string, value: string): boolean {
  const regex = pattern
    .split("*")
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
    .join(".*");
  return new RegExp(`^${regex}$`).test(value);
}
