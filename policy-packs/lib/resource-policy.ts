/**
 * Resource-based policies (KMS key policies, SNS topic policies, ECR repository policies, …): whether a statement lets
 * anyone in, as Security Hub's "should not be publicly accessible" controls read them.
 *
 * A statement is public when it is an `Allow` for every principal (`Principal: "*"`, `{"AWS": "*"}` or any principal
 * list containing `"*"`, or an Allow with `NotPrincipal`, which is everyone but those listed) and no condition limits
 * it to known callers: a condition on the caller's or the source's account, organization, ARN or network
 * (`aws:PrincipalAccount`, `aws:PrincipalArn`, `aws:PrincipalOrgID`, `aws:PrincipalOrgPaths`, `aws:SourceAccount`,
 * `aws:SourceArn`, `aws:SourceOwner`, `aws:SourceOrgID`, `aws:SourceOrgPaths`, `aws:SourceVpc`, `aws:SourceVpce`,
 * `kms:CallerAccount`), compared for equality or a pattern (`String*`/`Arn*` operators without `Not` and without
 * `IfExists`, which would let a request without the key through) against values that are not `"*"`.
 */
import { statementsOf } from "./iam";
import { isRecord } from "./values";

const LIMITING_KEYS: ReadonlySet<string> = new Set(
  [
    "aws:PrincipalAccount",
    "aws:PrincipalArn",
    "aws:PrincipalOrgID",
    "aws:PrincipalOrgPaths",
    "aws:SourceAccount",
    "aws:SourceArn",
    "aws:SourceOwner",
    "aws:SourceOrgID",
    "aws:SourceOrgPaths",
    "aws:SourceVpc",
    "aws:SourceVpce",
    "kms:CallerAccount",
  ].map((key) => key.toLowerCase()),
);

/** Whether a statement's principal is everyone. */
function isEveryone(statement: Record<string, unknown>): boolean {
  if (statement["NotPrincipal"] !== undefined) {
    return true;
  }
  const principal = statement["Principal"];
  if (principal === "*") {
    return true;
  }
  return isRecord(principal) && Object.values(principal).some((value) => [value].flat().includes("*"));
}

/** Whether an operator compares for (pattern) equality and fails a request that lacks the key. */
function isLimitingOperator(operator: string): boolean {
  const base = operator.replace(/^For(Any|All)Value:/, "");
  return /^(String|Arn)/.test(base) && !base.includes("Not") && !base.endsWith("IfExists");
}

/** Whether a Condition limits a statement to known accounts, organizations, sources or networks. */
function limitsCallers(condition: unknown): boolean {
  if (!isRecord(condition)) {
    return false;
  }
  return Object.entries(condition).some(
    ([operator, block]) =>
      isLimitingOperator(operator) &&
      isRecord(block) &&
      Object.entries(block).some(([key, value]) => {
        const values = [value].flat();
        return (
          LIMITING_KEYS.has(key.toLowerCase()) &&
          values.length > 0 &&
          values.every((v) => typeof v === "string" && v !== "" && v !== "*")
        );
      }),
  );
}

export interface PublicStatement {
  readonly index: number;
  /** ` (Sid "…")`, or empty. */
  readonly sid: string;
}

/** The statements of a resource policy that allow anyone in (see above). */
export function publicStatements(document: unknown): PublicStatement[] {
  return statementsOf(document)
    .filter(
      ({ statement }) =>
        statement["Effect"] === "Allow" && isEveryone(statement) && !limitsCallers(statement["Condition"]),
    )
    .map(({ index, statement }) => ({
      index,
      sid: typeof statement["Sid"] === "string" ? ` (Sid "${statement["Sid"]}")` : "",
    }));
}

/** The violation for a public statement of the document in `path`. */
export function publicStatementMessage(path: string, { index, sid }: PublicStatement): string {
  return (
    `${path} Statement[${index}]${sid} allows every principal; name the principals (accounts, roles, services) it ` +
    "is for, or limit it with a Condition on aws:PrincipalAccount, aws:PrincipalOrgID, aws:SourceAccount or " +
    "aws:SourceArn."
  );
}
