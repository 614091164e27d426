/**
 * What every config section is, and what the sections share. A section checks one key of the stack's configuration
 * (`aws:region`, `platform:network`, …): it takes the raw value as read and what the keys checked before it settled
 * (`SectionContext`), and gives the typed value with its defaults, or the problems, each as
 * `<namespace>:<key>.<path>: what is wrong and how to fix it` (`SectionResult`). `stacks/config.ts` reads
 * `pulumi.Config` and runs the sections in order; no section reads config or imports it.
 *
 * Structured keys share one course (`structuredSection`): JSON text or a parsed value, the shape as a zod schema
 * whose every issue carries our own message (never zod's wording), then the rules between values on every field
 * whose shape is valid (`fieldsOf`), so one run reports every problem.
 */
import { z } from "zod";
import { Problem, prefixProblems } from "../../components/common/validation";

export const ENVIRONMENTS = ["dev", "staging", "prod"] as const;
export type Environment = (typeof ENVIRONMENTS)[number];

/** `primary` owns the global resources; `secondary` joins a primary through a stack reference. */
export const ROLES = ["primary", "secondary"] as const;
export type Role = (typeof ROLES)[number];

/** What the keys checked before a section settled; a value is present only when its key is valid. */
export interface SectionContext {
  /** The stack (`pulumi.getStack()`), which messages name as `Pulumi.<stack>.yaml`. */
  readonly stack: string;
  /** The project (`pulumi.getProject()`), when known. */
  readonly project?: string;
  /** `aws:region` */
  readonly region?: string;
  /** `platform:environment` */
  readonly environment?: Environment;
  /** `platform:role` */
  readonly role?: Role;
  /** How many zones `platform:network.availabilityZones` lists, when the whole network is valid. */
  readonly zoneCount?: number;
  /** How many zones have an edge subnet (0 without `tiers.edge`), when the whole network is valid. */
  readonly edgeZoneCount?: number;
}

/** What a section gives. */
export interface SectionResult<T> {
  /** The typed value with its defaults; only without problems (and absent for an optional key left out). */
  readonly value?: T;
  readonly problems: Problem[];
  /** Parts that are valid although the section has problems, for the rules between keys (the network's cidr). */
  readonly valid?: Partial<T>;
}

/** One section: the raw value as read and the context in, the typed value or the problems out. */
export type Section<T, Raw = unknown> = (raw: Raw, context: SectionContext) => SectionResult<T>;

type ErrorMap = z.core.$ZodErrorMap;

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
const fallbackError: ErrorMap = (issue) =>
  issue.input === undefined
    ? "missing; set it (see the config reference in the README)"
    : `${describeValue(issue.input)} is not accepted here; fix it as the config reference in the README describes`;

function joinPath(prefix: string, path: readonly PropertyKey[]): string {
  return path.reduce<string>(
    (acc, part) => (typeof part === "number" ? `${acc}[${part}]` : `${acc}.${String(part)}`),
    prefix,
  );
}

/** Our problems for zod issues; an unknown-keys issue becomes one problem per key, at the key's path. */
function zodProblems(prefix: string, issues: readonly z.core.$ZodIssue[]): Problem[] {
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
function structured(
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

/** `1 zone`, `3 zones`. */
export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}

/** The fields of a section's map, one by one: the rules run on the fields whose shape is valid only. */
export interface Fields<S extends Record<string, z.ZodType>> {
  /** The field's value with its default, when its shape is valid; undefined otherwise or when it is left out. */
  get<K extends keyof S & string>(field: K): NonNullable<z.output<S[K]>> | undefined;
  /** Whether the field has a value of a valid shape. */
  valid(field: string): boolean;
  /**
   * The problems a component's rules found at paths on valid fields (`deployEnvironments[1]` is on
   * `deployEnvironments`): a field with a shape problem is reported once, by its shape.
   */
  onValid(problems: readonly Problem[]): Problem[];
  /** A rule's message on a valid field, at `<key>.<field>`. */
  message<K extends keyof S & string>(
    field: K,
    rule: (value: NonNullable<z.output<S[K]>>) => string | undefined,
  ): Problem[];
  /** A component rule's problems on a valid field (paths relative to the section, `nodeGroups.x.minSize`), at `<key>.<path>`. */
  problems<K extends keyof S & string>(
    field: K,
    rule: (value: NonNullable<z.output<S[K]>>) => readonly Problem[],
  ): Problem[];
}

/** The fields of `value` (the map of `key`) by `schema`'s shape, each parsed once on first use. */
export function fieldsOf<S extends Record<string, z.ZodType>>(
  key: string,
  schema: { readonly shape: S },
  value: Record<string, unknown>,
): Fields<S> {
  const parsed = new Map<string, unknown>();
  const get = <K extends keyof S & string>(field: K): NonNullable<z.output<S[K]>> | undefined => {
    if (!parsed.has(field)) {
      const shape = Object.hasOwn(schema.shape, field) ? schema.shape[field] : undefined;
      parsed.set(field, shape?.safeParse(value[field]).data);
    }
    // No field's schema accepts null: a value is present exactly when it is not undefined.
    return parsed.get(field) as NonNullable<z.output<S[K]>> | undefined;
  };
  const valid = (field: string): boolean => get(field) !== undefined;
  const problems = <K extends keyof S & string>(
    field: K,
    rule: (fieldValue: NonNullable<z.output<S[K]>>) => readonly Problem[],
  ): Problem[] => {
    const fieldValue = get(field);
    return fieldValue === undefined ? [] : prefixProblems(key, rule(fieldValue));
  };
  return {
    get,
    valid,
    onValid: (found) => found.filter((problem) => valid(problem.path.split(/[.[]/)[0])),
    message: (field, rule) =>
      problems(field, (fieldValue) => {
        const message = rule(fieldValue);
        return message === undefined ? [] : [{ path: field, message }];
      }),
    problems,
  };
}

/** How a structured section treats its key left out. */
export type WhenAbsent =
  /** Not set: no value and no problem (`platform:ciAccess`). */
  | "optional"
  /** Every field's default (`platform:observability`). */
  | "defaults"
  /** A problem `missing; <fix>`; the fix names the stack file. */
  | ((stack: string) => string);

/** The fix of a key every stack must set, for `whenAbsent`: what it runs, where to set it, an example. */
export function everyStackRuns(key: string, what: string, example: string): (stack: string) => string {
  return (stack) => `every stack runs ${what}: set ${key} in Pulumi.${stack}.yaml, e.g. ${example}`;
}

/** The fields of a map schema (`fieldsOf`); a schema of another kind has none. */
export type FieldsOf<S> = S extends { readonly shape: infer Shape extends Record<string, z.ZodType> }
  ? Fields<Shape>
  : undefined;

/** A structured key: its shape, what its absence means, its rules and its typed value. */
export interface StructuredSection<S extends z.ZodType, T> {
  /** `platform:<key>`, the prefix of its problems' paths. */
  readonly key: string;
  readonly schema: S;
  readonly whenAbsent: WhenAbsent;
  /**
   * The rules between values, on a map whatever its shape problems (each on the fields whose shape is valid);
   * `fields` are the map's by the schema's shape.
   */
  rules(value: Record<string, unknown>, context: SectionContext, fields: FieldsOf<S>): Problem[];
  /** The typed value from the parsed shape; called only without problems. */
  build(data: z.output<S>, context: SectionContext): T;
  /** Parts of a map that are valid on their own, for the rules between keys. */
  valid?(fields: FieldsOf<S>): Partial<T>;
}

/**
 * A structured section: JSON text as Pulumi passes it, or the parsed value; the shape's problems with our messages,
 * then the rules on a map, in that order.
 */
export function structuredSection<S extends z.ZodType, T>(section: StructuredSection<S, T>): Section<T> {
  return (raw, context) => {
    const problems: Problem[] = [];
    let value: unknown;
    if (raw === undefined && section.whenAbsent === "optional") {
      return { problems };
    } else if (raw === undefined && section.whenAbsent === "defaults") {
      value = {};
    } else {
      const missing = typeof section.whenAbsent === "function" ? section.whenAbsent(context.stack) : "";
      value = structured(raw, section.key, missing, context.stack, problems);
      if (value === undefined) {
        return { problems };
      }
    }
    const parsed = section.schema.safeParse(value, { error: fallbackError });
    if (!parsed.success) {
      problems.push(...zodProblems(section.key, parsed.error.issues));
    }
    if (!isRecord(value)) {
      return { problems };
    }
    const shaped = section.schema as z.ZodType & { readonly shape?: Record<string, z.ZodType> };
    const fields = (
      shaped.shape !== undefined ? fieldsOf(section.key, { shape: shaped.shape }, value) : undefined
    ) as FieldsOf<S>;
    problems.push(...section.rules(value, context, fields));
    const valid = section.valid?.(fields);
    return {
      ...(parsed.success && problems.length === 0 ? { value: section.build(parsed.data, context) } : {}),
      problems,
      ...(valid !== undefined ? { valid } : {}),
    };
  };
}
