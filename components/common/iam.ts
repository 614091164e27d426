/**
 * IAM policy documents, typed: every policy, trust policy, key policy and resource policy a component writes is a
 * `PolicyDocument` built by a pure function (in the component's plan), then turned into the JSON text its resource
 * receives with `policyJson`. No `@pulumi/*` import: documents are plain data, asserted exactly in tests; the
 * component resolves the Outputs a document needs (ARNs, the account) first and renders inside `apply`.
 */

/** The only policy language version the components write. */
export const IAM_POLICY_VERSION = "2012-10-17";

/** One value or a list of values: IAM takes both for actions, resources, principals and condition values. */
export type PolicyValues = string | readonly string[];

/** Principals by type (`AWS`, `Service`, `Federated`, …), or `*` for everyone. */
export type PolicyPrincipal = "*" | Readonly<Record<string, PolicyValues>>;

/** Conditions by operator (`StringEquals`, `ArnLike`, …), then by condition key. */
export type PolicyCondition = Readonly<Record<string, Readonly<Record<string, PolicyValues>>>>;

/** One statement, with IAM's own element names. */
export interface PolicyStatement {
  readonly Sid?: string;
  readonly Effect: "Allow" | "Deny";
  readonly Principal?: PolicyPrincipal;
  readonly NotPrincipal?: PolicyPrincipal;
  readonly Action?: PolicyValues;
  readonly NotAction?: PolicyValues;
  readonly Resource?: PolicyValues;
  readonly NotResource?: PolicyValues;
  readonly Condition?: PolicyCondition;
}

/** A statement that names its actions (no `NotAction`), as almost every statement the components write does. */
export interface ActionStatement extends PolicyStatement {
  readonly Action: PolicyValues;
}

/**
 * An IAM policy document. `S` narrows the statements where a planner promises more (e.g. every statement has a
 * `Sid` and lists of actions), so tests and callers can rely on it; every `PolicyDocument<S>` is a `PolicyDocument`.
 */
export interface PolicyDocument<S extends PolicyStatement = PolicyStatement> {
  readonly Version: typeof IAM_POLICY_VERSION;
  readonly Id?: string;
  readonly Statement: readonly S[];
}

/** A document of the given statements, in order. */
export function policyDocument<S extends PolicyStatement>(statements: readonly S[]): PolicyDocument<S> {
  return { Version: IAM_POLICY_VERSION, Statement: statements };
}

/** A single value as itself, several as a list: how IAM (and the AWS provider) write one-element lists. */
export function oneOrMany(values: readonly string[]): string | readonly string[] {
  return values.length === 1 ? values[0] : values;
}

/** The ARN of an AWS managed policy: `arn:<partition>:iam::aws:policy/<path/><name>`. */
export function awsManagedPolicyArn(partition: string, policy: string): string {
  return `arn:${partition}:iam::aws:policy/${policy}`;
}

/** The ARN that stands for every IAM principal of an account (`arn:<partition>:iam::<account>:root`). */
export function accountRootArn(partition: string, accountId: string): string {
  return `arn:${partition}:iam::${accountId}:root`;
}

/**
 * How a document becomes the text its resource receives. One type, two renderings, because the text is what
 * Pulumi diffs: a resource whose policy text changed shows a diff (and an update) on every live stack, even when
 * the policy means the same. So each document keeps the rendering it has always had:
 * - `compact`: `JSON.stringify(document)`, the document exactly as written (its key order, its lists). What the
 *   documents that were always written as typed objects receive.
 * - `provider`: the text `aws.iam.getPolicyDocument` returned as `json` for the same statements, which the
 *   components used before they wrote documents themselves: indented by two spaces; `Version`, `Id`, `Statement`;
 *   in each statement `Sid`, `Effect`, `Action`, `NotAction`, `Resource`, `NotResource`, `Principal`,
 *   `NotPrincipal`, `Condition` in that order, empty lists left out; one-element lists written as their value;
 *   `Principal: "*"` for everyone.
 */
export type PolicyJsonStyle = "compact" | "provider";

/** The JSON text of a document in the given rendering (see `PolicyJsonStyle`). */
export function policyJson(document: PolicyDocument, style: PolicyJsonStyle): string {
  switch (style) {
    case "compact":
      return JSON.stringify(document);
    case "provider":
      return JSON.stringify(providerOrdered(document), null, 2);
    default: {
      const unknown: never = style;
      throw new Error(`unknown policy rendering ${JSON.stringify(unknown)}`);
    }
  }
}

/** Statement elements in the order the AWS provider writes them, with whether their values are lists. */
const PROVIDER_STATEMENT_LISTS = ["Action", "NotAction", "Resource", "NotResource"] as const;
const PROVIDER_STATEMENT_PRINCIPALS = ["Principal", "NotPrincipal"] as const;

function providerOrdered(document: PolicyDocument): Record<string, unknown> {
  return {
    Version: document.Version,
    ...(document.Id !== undefined && document.Id !== "" ? { Id: document.Id } : {}),
    Statement: document.Statement.map(providerStatement),
  };
}

function providerStatement(statement: PolicyStatement): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (statement.Sid !== undefined && statement.Sid !== "") {
    out["Sid"] = statement.Sid;
  }
  out["Effect"] = statement.Effect;
  for (const key of PROVIDER_STATEMENT_LISTS) {
    const values = listOf(statement[key]);
    if (values.length > 0) {
      out[key] = oneOrMany(values);
    }
  }
  for (const key of PROVIDER_STATEMENT_PRINCIPALS) {
    const principal = statement[key];
    if (principal === "*" || isEveryone(principal)) {
      out[key] = "*";
    } else if (principal !== undefined && Object.keys(principal).length > 0) {
      out[key] = collapsed(principal);
    }
  }
  if (statement.Condition !== undefined && Object.keys(statement.Condition).length > 0) {
    out["Condition"] = Object.fromEntries(
      Object.entries(statement.Condition).map(([operator, keys]) => [operator, collapsed(keys)]),
    );
  }
  return out;
}

/** `{ "*": "*" }` (or `["*"]`): the provider writes principals of type `*` with identifier `*` as `"*"`. */
function isEveryone(principal: PolicyPrincipal | undefined): boolean {
  if (principal === undefined || principal === "*") {
    return false;
  }
  const entries = Object.entries(principal);
  return entries.length === 1 && entries[0][0] === "*" && listOf(entries[0][1]).join() === "*";
}

function listOf(values: PolicyValues | undefined): readonly string[] {
  return values === undefined ? [] : typeof values === "string" ? [values] : values;
}

function collapsed(map: Readonly<Record<string, PolicyValues>>): Record<string, PolicyValues> {
  return Object.fromEntries(Object.entries(map).map(([key, values]) => [key, oneOrMany(listOf(values))]));
}
