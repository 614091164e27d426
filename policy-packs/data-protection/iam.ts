/**
 * IAM: no identity policy lets its holder change or delete anything in the account unconditionally. A statement that
 * allows write actions on every resource (`Resource: "*"`, or `NotResource`) without a Condition is what turns a
 * leaked credential or a confused workload into account-wide damage; read-only actions (Get*, List*, Describe*) and the
 * few write actions AWS only accepts on `"*"` are allowed. What counts as a write action: policy-packs/lib/iam.ts.
 */
import type { ReportViolation, ResourceValidationPolicy } from "@pulumi/policy";
import {
  actionCoveredBy,
  IAM_POLICY_DOCUMENT_TYPES,
  IAM_ROLE,
  isReadOnlyAction,
  statementsOf,
} from "../lib/iam";
import { configWithDefaults, schema, validateType } from "../lib/policy";
import { isRecord, listOf } from "../lib/values";

export interface WildcardWriteConfig {
  /** Write actions (patterns) that may be allowed on "*" without a Condition: those AWS only authorizes on "*". */
  allowedActions: string[];
}
export const wildcardWriteDefaults: WildcardWriteConfig = {
  allowedActions: [
    "ec2:Describe*",
    "ecr:GetAuthorizationToken",
    "sts:GetCallerIdentity",
    "cloudwatch:PutMetricData",
    "xray:PutTraceSegments",
    "xray:PutTelemetryRecords",
  ],
};

const FIX =
  "scope Resource to the ARNs they act on, or add a Condition (only Get*, BatchGet*, List*, Describe* and the " +
  'allowed actions may apply to "*" unconditionally).';

/** What an Allow statement without a Condition grants on every resource beyond what is allowed, if anything. */
function wildcardWrites(
  statement: Record<string, unknown>,
  allowedActions: readonly string[],
): string | undefined {
  if (statement["Effect"] !== "Allow") {
    return undefined;
  }
  const condition = statement["Condition"];
  if (isRecord(condition) && Object.keys(condition).length > 0) {
    return undefined;
  }
  const resources = [statement["Resource"]].flat();
  const onEverything =
    statement["NotResource"] !== undefined
      ? "NotResource (every resource but those listed)"
      : resources.includes("*")
        ? 'Resource "*"'
        : undefined;
  if (onEverything === undefined) {
    return undefined;
  }
  if (statement["NotAction"] !== undefined) {
    return `every action but its NotAction on ${onEverything}`;
  }
  const writes = [statement["Action"]]
    .flat()
    .filter((a): a is string => typeof a === "string")
    .filter((a) => !isReadOnlyAction(a) && !allowedActions.some((p) => actionCoveredBy(a, p)));
  return writes.length === 0 ? undefined : `${writes.join(", ")} on ${onEverything}`;
}

function checkDocument(
  path: string,
  document: unknown,
  allowedActions: readonly string[],
  report: ReportViolation,
): void {
  for (const { index, statement } of statementsOf(document)) {
    const grants = wildcardWrites(statement, allowedActions);
    if (grants !== undefined) {
      const sid = typeof statement["Sid"] === "string" ? ` (Sid "${statement["Sid"]}")` : "";
      report(`${path} Statement[${index}]${sid} allows ${grants} without a Condition; ${FIX}`);
    }
  }
}

export const iamNoWildcardWrite: ResourceValidationPolicy = {
  name: "iam-no-wildcard-write",
  description:
    'IAM identity policies allow write actions on Resource "*" only under a Condition, except the actions AWS accepts only on "*".',
  enforcementLevel: "mandatory",
  configSchema: schema({
    allowedActions: {
      type: "array",
      items: { type: "string", pattern: "^[A-Za-z0-9-]+:[A-Za-z0-9*?]+$" },
      default: wildcardWriteDefaults.allowedActions,
      description:
        'Actions (service:Action, * and ? allowed) that may be allowed on "*" without a Condition, beyond Get*, BatchGet*, List* and Describe*.',
    },
  }),
  validateResource: [
    ...IAM_POLICY_DOCUMENT_TYPES.map((type) =>
      validateType<{ policy?: unknown }>(type, (props, args, report) => {
        const { allowedActions } = configWithDefaults(args, wildcardWriteDefaults);
        checkDocument("policy", props.policy, allowedActions, report);
      }),
    ),
    validateType<{ inlinePolicies?: { name?: string; policy?: unknown }[] }>(
      IAM_ROLE,
      (role, args, report) => {
        const { allowedActions } = configWithDefaults(args, wildcardWriteDefaults);
        listOf(role.inlinePolicies).forEach((inline, index) =>
          checkDocument(`inlinePolicies[${index}].policy`, inline.policy, allowedActions, report),
        );
      },
    ),
  ],
};
