/**
 * Building blocks for config sections: zod schemas whose every issue carries our own message (what is wrong and
 * how to fix it, never zod's wording), and the conversion of issues into problems at `platform:<key>.<path>`.
 * Each section of `platform:*` config (network, database, …) is checked with these; `stacks/config.ts` stays the
 * only reader of `pulumi.Config`.
 */
import { z } from "zod";
import type { Problem } from "../../components/common/validation";

export type ErrorMap = z.core.$ZodErrorMap;

export function describeValue(value: unknown): string {
  if (value === null) {
    return "null";
  }
  if (Array.isArray(value)) {
    return "a list";
  }
  switch (typeof value) {
    case "string":
      return `the string ${JSON.stringify(value)}`;
    case "number":
    case "boolean":
      return `the ${typeof value} ${String(value)}`;
    case "object":
      return "a map";
    default:
      return `a ${typeof value}`;
  }
}

/**
 * Messages for one value: `missing; set <what>, e.g. <example>` or `is <value>, not <kind>; set <what>, e.g. …`.
 * For an object, unknown keys get `unknown key; …` listing the known keys (one problem per key, see `zodProblems`).
 */
export function messages(
  kind: string,
  what: string,
  example: string,
  knownKeys?: readonly string[],
): { error: ErrorMap } {
  return {
    error: (issue) => {
      if (issue.code === "unrecognized_keys" && knownKeys) {
        return `unknown key; fix its spelling or remove it (the known keys are ${knownKeys.join(", ")})`;
      }
      if (issue.input === undefined) {
        return `missing; set ${what}, e.g. ${example}`;
      }
      return `is ${describeValue(issue.input)}, not ${kind}; set ${what}, e.g. ${example}`;
    },
  };
}

export function text(what: string, example: string) {
  return z.string(messages("a string", what, example));
}

export function numeric(what: string, example: string) {
  return z.number(messages("a number", what, example));
}

export function list<T extends z.ZodType>(element: T, what: string, example: string) {
  return z.array(element, messages("a list", what, example));
}

export function map<T extends z.ZodType>(value: T, what: string, example: string) {
  return z.record(z.string(), value, messages("a map", what, example));
}

export function strict<T extends z.core.$ZodLooseShape>(shape: T, what: string, example: string) {
  return z.strictObject(shape, messages("a map", what, example, Object.keys(shape)));
}

/** Last resort for an issue without our message (a schema added without `messages`): never show zod's own text. */
export const fallbackError: ErrorMap = (issue) =>
  issue.input === undefined
    ? "missing; set it (see the config reference in the README)"
    : `${describeValue(issue.input)} is not accepted here; fix it as the config reference in the README describes`;

export function joinPath(prefix: string, path: readonly PropertyKey[]): string {
  return path.reduce<string>(
    (acc, part) => (typeof part === "number" ? `${acc}[${part}]` : `${acc}.${String(part)}`),
    prefix,
  );
}

/** Our problems for zod issues; an unknown-keys issue becomes one problem per key, at the key's path. */
export function zodProblems(prefix: string, issues: readonly z.core.$ZodIssue[]): Problem[] {
  return issues.flatMap((issue) =>
    issue.code === "unrecognized_keys"
      ? issue.keys.map((key) => ({ path: joinPath(prefix, [...issue.path, key]), message: issue.message }))
      : [{ path: joinPath(prefix, issue.path), message: issue.message }],
  );
}

/**
 * A structured value: JSON text as Pulumi passes it, or an already parsed value. Reports a missing value or text
 * that is not JSON and returns undefined for both.
 */
export function structured(
  value: unknown,
  path: string,
  missing: string,
  stack: string,
  problems: Problem[],
): unknown {
  if (value === undefined) {
    problems.push({ path, message: `missing; ${missing}` });
    return undefined;
  }
  if (typeof value !== "string") {
    return value;
  }
  try {
    return JSON.parse(value) as unknown;
  } catch {
    problems.push({
      path,
      message: `is text that does not parse as JSON; write ${path} as a YAML map under config: in Pulumi.${stack}.yaml`,
    });
    return undefined;
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
