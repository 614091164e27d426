/**
 * Pure parts of `WorkloadIdentity`: the two ways a Kubernetes service account gets an IAM role, their trust
 * policies, and the rules for the plain values. No `@pulumi/*` import, so tests and config validation use exactly
 * the rules the component applies.
 */
import { PolicyDocument, PolicyStatement, policyDocument } from "../common/iam";
import { namespaceNameProblem } from "../common/kubernetes-limits";
import type { Problem } from "../common/validation";

/**
 * How pods of the service account receive the role's credentials:
 * - `pod-identity`: an EKS Pod Identity association; the Pod Identity agent on each node hands out credentials.
 *   The role trusts the `pods.eks.amazonaws.com` service, scoped by session tags to one cluster, namespace and
 *   service account, so it needs no per-cluster OIDC trust (ADR 0018).
 * - `irsa`: IAM roles for service accounts; the role trusts the cluster's OIDC provider for exactly
 *   `system:serviceaccount:<namespace>:<name>`. For what must work before the Pod Identity agent runs (the VPC
 *   CNI) and for add-ons that only take `serviceAccountRoleArn`.
 */
export const MECHANISMS = ["pod-identity", "irsa"] as const;
export type Mechanism = (typeof MECHANISMS)[number];

/** Service principal EKS Pod Identity assumes roles as (EKS User Guide, pod-id-role.html). */
export const POD_IDENTITY_PRINCIPAL = "pods.eks.amazonaws.com";

/** Audience of the projected service account tokens IRSA exchanges with STS. */
export const IRSA_AUDIENCE = "sts.amazonaws.com";

/** Annotation that tells the EKS pod identity webhook which role a service account's pods assume (IRSA). */
export const IRSA_ROLE_ANNOTATION = "eks.amazonaws.com/role-arn";

/**
 * Longest component name: the role is auto-named `<name>-<7 random characters>` and IAM role names are at most 64
 * characters.
 */
export const MAX_NAME_LENGTH = 56;

/** RFC 1123 subdomain (service accounts). */
const DNS_SUBDOMAIN = /^(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
/** Keys of policies: they name child resources. */
const POLICY_KEY = /^[A-Za-z0-9][A-Za-z0-9-]{0,39}$/;

/** A trust statement: who may assume the role, for exactly one service account. */
export interface TrustStatement extends PolicyStatement {
  readonly Sid: string;
  readonly Effect: "Allow";
  readonly Principal: Readonly<Record<string, string>>;
  readonly Action: string | readonly string[];
  readonly Condition: Readonly<Record<string, Readonly<Record<string, string>>>>;
}

/** A role's trust policy. */
export type TrustPolicy = PolicyDocument<TrustStatement>;

/**
 * Trust policy for EKS Pod Identity: the service may assume the role (and tag the session, which it always does)
 * only for the named cluster, namespace and service account — the session tags Pod Identity sets (EKS User Guide,
 * pod-id-abac.html: `eks-cluster-arn`, `kubernetes-namespace`, `kubernetes-service-account`).
 */
export function podIdentityTrustPolicy(
  clusterArn: string,
  namespace: string,
  serviceAccount: string,
): TrustPolicy {
  return policyDocument([
    {
      Sid: "EksPodIdentityForOneServiceAccount",
      Effect: "Allow",
      Principal: { Service: POD_IDENTITY_PRINCIPAL },
      Action: ["sts:AssumeRole", "sts:TagSession"],
      Condition: {
        StringEquals: {
          "aws:RequestTag/eks-cluster-arn": clusterArn,
          "aws:RequestTag/kubernetes-namespace": namespace,
          "aws:RequestTag/kubernetes-service-account": serviceAccount,
        },
      },
    },
  ]);
}

/**
 * Trust policy for IRSA: web identities from the cluster's OIDC provider, for tokens issued to exactly this
 * service account with the STS audience (EKS User Guide, associate-service-account-role.html).
 * @param issuer the provider's issuer without `https://` (e.g. `oidc.eks.ap-east-2.amazonaws.com/id/ABC…`)
 */
export function irsaTrustPolicy(
  oidcProviderArn: string,
  issuer: string,
  namespace: string,
  serviceAccount: string,
): TrustPolicy {
  const host = issuer.replace(/^https:\/\//, "");
  return policyDocument([
    {
      Sid: "IrsaForOneServiceAccount",
      Effect: "Allow",
      Principal: { Federated: oidcProviderArn },
      Action: "sts:AssumeRoleWithWebIdentity",
      Condition: {
        StringEquals: {
          [`${host}:aud`]: IRSA_AUDIENCE,
          [`${host}:sub`]: `system:serviceaccount:${namespace}:${serviceAccount}`,
        },
      },
    },
  ]);
}

export interface IdentityNames {
  readonly name: string;
  readonly namespace: string;
  readonly serviceAccount: string;
  readonly mechanism: string;
  readonly policyKeys: readonly string[];
}

/** Problems of the plain values of a workload identity (paths relative to its arguments). */
export function identityProblems(values: IdentityNames): Problem[] {
  const problems: Problem[] = [];
  if (values.name.length > MAX_NAME_LENGTH) {
    problems.push({
      path: "name",
      message: `${JSON.stringify(values.name)} has ${values.name.length} characters; the role is named after it and IAM allows 64, so use at most ${MAX_NAME_LENGTH}`,
    });
  }
  const namespace = namespaceNameProblem(values.namespace);
  if (namespace !== undefined) {
    problems.push({ path: "namespace", message: namespace });
  }
  if (typeof values.serviceAccount !== "string" || !DNS_SUBDOMAIN.test(values.serviceAccount)) {
    problems.push({
      path: "serviceAccount",
      message: `${JSON.stringify(values.serviceAccount)} is not a service account name; use lowercase letters, digits, - and .`,
    });
  }
  if (!(MECHANISMS as readonly string[]).includes(values.mechanism)) {
    problems.push({
      path: "mechanism",
      message: `${JSON.stringify(values.mechanism)} is not a mechanism; use pod-identity (EKS Pod Identity) or irsa (IAM roles for service accounts)`,
    });
  }
  if (values.policyKeys.length === 0) {
    problems.push({
      path: "policies",
      message:
        "grants nothing; give managedPolicyArns or inlinePolicies (a role without permissions is a mistake, not least privilege)",
    });
  }
  const seen = new Set<string>();
  for (const key of values.policyKeys) {
    if (!POLICY_KEY.test(key)) {
      problems.push({
        path: `policies.${key}`,
        message: `${JSON.stringify(key)} is not a policy key; use 1 to 40 letters, digits and hyphens (it names the attachment)`,
      });
    } else if (seen.has(key)) {
      problems.push({
        path: `policies.${key}`,
        message: `${key} is both a managed and an inline policy key; give each policy its own key`,
      });
    }
    seen.add(key);
  }
  return problems;
}

/** The plain part of a workload identity's arguments the rules read (Outputs are only checked for presence). */
export interface WorkloadIdentityPlanInput {
  readonly cluster: { readonly oidcProviderArn?: unknown; readonly oidcIssuer?: unknown };
  readonly namespace: string;
  readonly serviceAccount: string;
  /** @default "pod-identity" */
  readonly mechanism?: string;
  readonly managedPolicyArns?: Readonly<Record<string, unknown>>;
  readonly inlinePolicies?: Readonly<Record<string, unknown>>;
}

/**
 * Every problem of a workload identity's arguments, with paths relative to them: the names and policies
 * (`identityProblems`), and for `irsa` the cluster's OIDC provider and issuer. The component adds its providers'.
 */
export function workloadIdentityArgsProblems(name: string, args: WorkloadIdentityPlanInput): Problem[] {
  const mechanism = args.mechanism ?? "pod-identity";
  const problems = identityProblems({
    name,
    namespace: args.namespace,
    serviceAccount: args.serviceAccount,
    mechanism,
    policyKeys: [...Object.keys(args.managedPolicyArns ?? {}), ...Object.keys(args.inlinePolicies ?? {})],
  });
  if (mechanism === "irsa") {
    if (args.cluster.oidcProviderArn === undefined) {
      problems.push({
        path: "cluster.oidcProviderArn",
        message: "missing; irsa trusts the cluster's OIDC provider: pass the cluster's oidcProviderArn",
      });
    }
    if (args.cluster.oidcIssuer === undefined) {
      problems.push({
        path: "cluster.oidcIssuer",
        message: "missing; irsa matches the token issuer: pass the cluster's OIDC issuer (without https://)",
      });
    }
  }
  return problems;
}
