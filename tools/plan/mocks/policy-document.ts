/**
 * IAM policy documents rendered like the provider's `aws.iam.getPolicyDocument`, the answer to that invoke. Only while
 * components still build policies through the invoke (they are moving to plain JSON); then this file goes.
 */
import { isRecord } from "./values";

export interface PolicyDocumentPrincipal {
  type: string;
  identifiers: string[];
}

export interface PolicyDocumentCondition {
  test: string;
  variable: string;
  values: string[];
}

export interface PolicyDocumentStatement {
  sid?: string;
  effect?: string;
  actions?: string[];
  notActions?: string[];
  resources?: string[];
  notResources?: string[];
  principals?: PolicyDocumentPrincipal[];
  notPrincipals?: PolicyDocumentPrincipal[];
  conditions?: PolicyDocumentCondition[];
}

export interface PolicyDocumentArgs {
  version?: string;
  policyId?: string;
  statements?: PolicyDocumentStatement[];
  sourcePolicyDocuments?: string[];
  overridePolicyDocuments?: string[];
}

type IamStatement = Record<string, unknown>;

/**
 * Renders the arguments of `aws.iam.getPolicyDocument` to IAM JSON the way the provider does: `Effect` defaults to
 * `Allow`; a list with one element renders as a string; principals of type `*` with identifier `*` render as
 * `"Principal": "*"`; conditions group by test then variable. Statements with a `Sid` from `statements` replace
 * those of `sourcePolicyDocuments`, and `overridePolicyDocuments` replace both.
 */
export function renderPolicyDocument(args: PolicyDocumentArgs): { json: string; minifiedJson: string } {
  let statements: IamStatement[] = [];
  for (const source of args.sourcePolicyDocuments ?? []) {
    statements = mergeStatements(statements, statementsOf(source));
  }
  statements = mergeStatements(statements, (args.statements ?? []).map(renderStatement));
  for (const override of args.overridePolicyDocuments ?? []) {
    statements = mergeStatements(statements, statementsOf(override));
  }
  const document: Record<string, unknown> = { Version: args.version ?? "2012-10-17" };
  if (args.policyId !== undefined && args.policyId !== "") {
    document["Id"] = args.policyId;
  }
  document["Statement"] = statements;
  return { json: JSON.stringify(document, null, 2), minifiedJson: JSON.stringify(document) };
}

function renderStatement(statement: PolicyDocumentStatement): IamStatement {
  const out: IamStatement = {};
  if (statement.sid !== undefined && statement.sid !== "") {
    out["Sid"] = statement.sid;
  }
  out["Effect"] = statement.effect ?? "Allow";
  const lists: [string, string[] | undefined][] = [
    ["Action", statement.actions],
    ["NotAction", statement.notActions],
    ["Resource", statement.resources],
    ["NotResource", statement.notResources],
  ];
  for (const [key, values] of lists) {
    if (values !== undefined && values.length > 0) {
      out[key] = oneOrMany(values);
    }
  }
  if (statement.principals !== undefined && statement.principals.length > 0) {
    out["Principal"] = renderPrincipals(statement.principals);
  }
  if (statement.notPrincipals !== undefined && statement.notPrincipals.length > 0) {
    out["NotPrincipal"] = renderPrincipals(statement.notPrincipals);
  }
  if (statement.conditions !== undefined && statement.conditions.length > 0) {
    const conditions: Record<string, Record<string, string | string[]>> = {};
    for (const condition of statement.conditions) {
      const byVariable = (conditions[condition.test] ??= {});
      const previous = byVariable[condition.variable];
      const values = [...(previous === undefined ? [] : [previous].flat()), ...condition.values];
      byVariable[condition.variable] = oneOrMany(values);
    }
    out["Condition"] = conditions;
  }
  return out;
}

function renderPrincipals(principals: PolicyDocumentPrincipal[]): unknown {
  if (principals.length === 1 && principals[0].type === "*") {
    const ids = principals[0].identifiers;
    if (ids.length === 1 && ids[0] === "*") {
      return "*";
    }
  }
  const byType: Record<string, string[]> = {};
  for (const principal of principals) {
    (byType[principal.type] ??= []).push(...principal.identifiers);
  }
  return Object.fromEntries(Object.entries(byType).map(([type, ids]) => [type, oneOrMany(ids)]));
}

function statementsOf(json: string): IamStatement[] {
  const parsed: unknown = JSON.parse(json);
  const statement = isRecord(parsed) ? parsed["Statement"] : undefined;
  if (statement === undefined) {
    return [];
  }
  return (Array.isArray(statement) ? statement : [statement]) as IamStatement[];
}

/** Later statements replace earlier ones with the same `Sid`; statements without one are appended. */
function mergeStatements(base: IamStatement[], later: IamStatement[]): IamStatement[] {
  const merged = [...base];
  for (const statement of later) {
    const sid = statement["Sid"];
    const index = typeof sid === "string" && sid !== "" ? merged.findIndex((s) => s["Sid"] === sid) : -1;
    if (index >= 0) {
      merged[index] = statement;
    } else {
      merged.push(statement);
    }
  }
  return merged;
}

function oneOrMany(values: string[]): string | string[] {
  return values.length === 1 ? values[0] : values;
}
