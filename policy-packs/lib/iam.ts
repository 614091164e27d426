/**
 * IAM identity policies as the packs read them: the documents of `aws.iam.Policy`, `RolePolicy`, `GroupPolicy`,
 * `UserPolicy` and a role's `inlinePolicies`, and what an action in them can do.
 *
 * A "write" action is every action that is not read-only by its name. Read-only are the actions whose name (after the
 * service prefix) starts with `Get`, `BatchGet`, `List` or `Describe`: IAM's List and Read access levels, by the naming
 * AWS follows. A wildcard counts as read-only only when the part before it already starts with one of these verbs
 * (`ec2:Describe*`, `s3:Get*`); `*`, `s3:*`, `ec2:*Tags` or `ec2:Desc*` may grant writes. Everything else (Create,
 * Put, Delete, Modify, Attach, Associate, Authorize, Tag…, Permissions management and Tagging included) is a write.
 */
import { isRecord, parseJsonDocument } from "./values";

/** Types whose `policy` property is an identity policy document. */
export const IAM_POLICY_DOCUMENT_TYPES: readonly string[] = [
  "aws:iam/policy:Policy",
  "aws:iam/rolePolicy:RolePolicy",
  "aws:iam/groupPolicy:GroupPolicy",
  "aws:iam/userPolicy:UserPolicy",
];
export const IAM_ROLE = "aws:iam/role:Role";

const READ_ONLY_VERBS = ["get", "batchget", "list", "describe"];

/** Whether an action (or action pattern) can only grant List/Read actions, by its name (see above). */
export function isReadOnlyAction(action: string): boolean {
  const at = action.indexOf(":");
  if (at < 0) {
    return false; // "*": every action of every service
  }
  const literal =
    action
      .slice(at + 1)
      .toLowerCase()
      .split(/[*?]/)[0] ?? "";
  return READ_ONLY_VERBS.some((verb) => literal.startsWith(verb));
}

/**
 * Whether `pattern` (from an allow list) covers every action `action` can name, case-insensitively (IAM action names
 * are): a `*` of the pattern stands for any characters, wildcards of the action included; a `?` for one character
 * that is not a wildcard. So `xray:*` covers `xray:Put*`, but `xray:PutTraceSegments` does not.
 */
export function actionCoveredBy(action: string, pattern: string): boolean {
  const regex = pattern
    .toLowerCase()
    .split("")
    .map((c) => (c === "*" ? ".*" : c === "?" ? "[^*?]" : c.replace(/[.+^${}()|[\]\\]/g, "\\$&")))
    .join("");
  return new RegExp(`^${regex}$`).test(action.toLowerCase());
}

export interface PolicyStatement {
  /** Index in the document's Statement list (0 for a single statement). */
  readonly index: number;
  readonly statement: Record<string, unknown>;
}

/** The statements of a policy document (a JSON string or an object); none for a document that does not parse. */
export function statementsOf(document: unknown): PolicyStatement[] {
  const parsed = parseJsonDocument(document);
  if (!isRecord(parsed)) {
    return [];
  }
  return [parsed["Statement"]]
    .flat()
    .map((statement, index) => ({ index, statement }))
    .filter((s): s is PolicyStatement => isRecord(s.statement));
}
