/**
 * IAM: no identity policy lets its holder change or delete anything in the account unconditionally. A statement that
 * allows write actions on every resource (`Resource: "*"`, or `NotResource`) without a Condition is what turns a
 * leaked credential or a confused workload into account-wide damage; read-only actions (Get*, List*, Describe*) and the
 * few write actions AWS only accepts on `"*"` are allowed. What counts as a write action: policy-packs/lib/iam.ts.
 * Nor does any identity policy grant administrator access, every action of a service, or decryption with every KMS
 * key.
 */
import type {
  ReportViolation,
  ResourceValidation,
  ResourceValidationArgs,
  ResourceValidationPolicy,
} from "@pulumi/policy";
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

/**
 * Validations that run `check` on every identity policy document: the `policy` of the four policy types (path
 * `policy`) and each of a role's `inlinePolicies` (path `inlinePolicies[i].policy`).
 */
function validateIdentityDocuments(
  check: (path: string, document: unknown, args: ResourceValidationArgs, report: ReportViolation) => void,
): ResourceValidation[] {
  return [
    ...IAM_POLICY_DOCUMENT_TYPES.map((type) =>
      validateType<{ policy?: unknown }>(type, (props, args, report) =>
        check("policy", props.policy, args, report),
      ),
    ),
    validateType<{ inlinePolicies?: { name?: string; policy?: unknown }[] }>(IAM_ROLE, (role, args, report) =>
      listOf(role.inlinePolicies).forEach((inline, index) =>
        check(`inlinePolicies[${index}].policy`, inline.policy, args, report),
      ),
    ),
  ];
}

/** ` (Sid "…")` of a statement, or empty. */
function sidOf(statement: Record<string, unknown>): string {
  return typeof statement["Sid"] === "string" ? ` (Sid "${statement["Sid"]}")` : "";
}

/** The string actions of a statement's `Action`. */
function actionsOf(statement: Record<string, unknown>): string[] {
  return [statement["Action"]].flat().filter((a): a is string => typeof a === "string");
}

/** Whether a statement applies to every resource: `Resource: "*"` (or a list with it), or `NotResource`. */
function onEveryResource(statement: Record<string, unknown>): boolean {
  return statement["NotResource"] !== undefined || [statement["Resource"]].flat().includes("*");
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
  validateResource: validateIdentityDocuments((path, document, args, report) => {
    const { allowedActions } = configWithDefaults(args, wildcardWriteDefaults);
    checkDocument(path, document, allowedActions, report);
  }),
};

/** AWS's managed policy that grants every action on every resource. */
const ADMINISTRATOR_ACCESS = /^arn:aws[a-z-]*:iam::aws:policy\/AdministratorAccess$/;

/** Attachments of a managed policy: the type and the property holding the ARN (one, or a list). */
const POLICY_ATTACHMENTS: readonly (readonly [string, string])[] = [
  ["aws:iam/rolePolicyAttachment:RolePolicyAttachment", "policyArn"],
  ["aws:iam/userPolicyAttachment:UserPolicyAttachment", "policyArn"],
  ["aws:iam/groupPolicyAttachment:GroupPolicyAttachment", "policyArn"],
  ["aws:iam/policyAttachment:PolicyAttachment", "policyArn"],
  ["aws:iam/rolePolicyAttachmentsExclusive:RolePolicyAttachmentsExclusive", "policyArns"],
  ["aws:iam/userPolicyAttachmentsExclusive:UserPolicyAttachmentsExclusive", "policyArns"],
  ["aws:iam/groupPolicyAttachmentsExclusive:GroupPolicyAttachmentsExclusive", "policyArns"],
  [IAM_ROLE, "managedPolicyArns"],
];

export const iamNoAdminAccess: ResourceValidationPolicy = {
  name: "iam-no-admin-access",
  description:
    'IAM identity policies never allow Action "*" on Resource "*", and no role, user or group is given the AdministratorAccess managed policy.',
  enforcementLevel: "mandatory",
  validateResource: [
    ...validateIdentityDocuments((path, document, _args, report) => {
      for (const { index, statement } of statementsOf(document)) {
        if (
          statement["Effect"] === "Allow" &&
          actionsOf(statement).includes("*") &&
          onEveryResource(statement)
        ) {
          report(
            `${path} Statement[${index}]${sidOf(statement)} allows every action on every resource; list the ` +
              "actions and resources the holder needs.",
          );
        }
      }
    }),
    ...POLICY_ATTACHMENTS.map(([type, key]) =>
      validateType<Record<string, unknown>>(type, (props, _args, report) => {
        const arns = [props[key]].flat().filter((arn): arn is string => typeof arn === "string");
        for (const arn of arns.filter((a) => ADMINISTRATOR_ACCESS.test(a))) {
          report(
            `${key} ${Array.isArray(props[key]) ? "contains" : "is"} ${JSON.stringify(arn)}; attach a policy ` +
              "that grants what the holder needs instead.",
          );
        }
      }),
    ),
  ],
};

export const iamNoServiceWildcardActions: ResourceValidationPolicy = {
  name: "iam-no-service-wildcard-actions",
  description:
    'IAM identity policies allow no action pattern that covers a whole service ("s3:*") or every service ("*").',
  enforcementLevel: "mandatory",
  validateResource: validateIdentityDocuments((path, document, _args, report) => {
    for (const { index, statement } of statementsOf(document)) {
      if (statement["Effect"] !== "Allow") {
        continue;
      }
      const wildcards = actionsOf(statement).filter((a) => a === "*" || /^[A-Za-z0-9-]+:\*$/.test(a));
      if (wildcards.length > 0) {
        report(
          `${path} Statement[${index}]${sidOf(statement)} allows ${wildcards.map((a) => JSON.stringify(a)).join(", ")}; ` +
            "list the actions the holder needs.",
        );
      }
    }
  }),
};

/** The KMS actions that decrypt data with a key. */
const KMS_DECRYPT_ACTIONS = ["kms:Decrypt", "kms:ReEncryptFrom"];

export const iamNoKmsDecryptOnAllKeys: ResourceValidationPolicy = {
  name: "iam-no-kms-decrypt-on-all-keys",
  description:
    'IAM identity policies allow kms:Decrypt and kms:ReEncryptFrom only on named keys, never on Resource "*".',
  enforcementLevel: "mandatory",
  validateResource: validateIdentityDocuments((path, document, _args, report) => {
    for (const { index, statement } of statementsOf(document)) {
      if (statement["Effect"] !== "Allow" || !onEveryResource(statement)) {
        continue;
      }
      const patterns = actionsOf(statement);
      const notActions = [statement["NotAction"]].flat().filter((a): a is string => typeof a === "string");
      // With NotAction, everything not listed is allowed.
      const granted = KMS_DECRYPT_ACTIONS.filter((action) =>
        statement["NotAction"] !== undefined
          ? !notActions.some((p) => actionCoveredBy(action, p))
          : patterns.some((p) => actionCoveredBy(action, p)),
      );
      if (granted.length > 0) {
        report(
          `${path} Statement[${index}]${sidOf(statement)} allows ${granted.join(", ")} on every key; set ` +
            "Resource to the ARNs of the keys the holder decrypts with (a key's policy can then say who may use it).",
        );
      }
    }
  }),
};
