/**
 * `WorkloadIdentity`: binds one Kubernetes service account to one IAM role with the given policies, through EKS Pod
 * Identity (default) or IAM roles for service accounts (IRSA). Trust policies and validation rules are in `./plan`;
 * why Pod Identity is the default is recorded in ADR 0018.
 */
import * as aws from "@pulumi/aws";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { policyJson } from "../common/iam";
import { regionalChildOptions } from "../common/providers";
import type { Problem } from "../common/validation";
import {
  IRSA_ROLE_ANNOTATION,
  Mechanism,
  irsaTrustPolicy,
  podIdentityTrustPolicy,
  workloadIdentityArgsProblems,
} from "./plan";

export * from "./plan";

/** Type token of the component (renaming it replaces every child: add an alias first). */
export const WORKLOAD_IDENTITY_TYPE = "platform:compute:WorkloadIdentity";

/** The cluster a service account lives in, as `EksPlatform.identityTarget` provides it. */
export interface WorkloadCluster {
  readonly name: pulumi.Input<string>;
  /** `arn:<partition>:eks:<region>:<account>:cluster/<name>`: Pod Identity trust is scoped to it. */
  readonly arn: pulumi.Input<string>;
  /** ARN of the cluster's IAM OIDC provider (required for `irsa`). */
  readonly oidcProviderArn?: pulumi.Input<string>;
  /** The OIDC issuer without `https://` (required for `irsa`). */
  readonly oidcIssuer?: pulumi.Input<string>;
}

export interface WorkloadIdentityArgs {
  readonly cluster: WorkloadCluster;
  /** Namespace of the service account. Plain: it is part of the trust policy and of the association. */
  readonly namespace: string;
  /** Name of the service account. Plain, for the same reason. */
  readonly serviceAccount: string;
  /**
   * `pod-identity` (an EKS Pod Identity association; needs the eks-pod-identity-agent add-on) or `irsa` (the role
   * trusts the cluster's OIDC provider; the service account carries the role annotation). Plain: it decides the
   * resources.
   * @default "pod-identity"
   */
  readonly mechanism?: Mechanism;
  /** Managed or customer policies to attach, by a stable key (it names the attachment). @default {} */
  readonly managedPolicyArns?: Readonly<Record<string, pulumi.Input<string>>>;
  /** Inline policy documents (IAM JSON), by a stable key. @default {} */
  readonly inlinePolicies?: Readonly<Record<string, pulumi.Input<string>>>;
  /**
   * Also create the service account in the cluster through this Kubernetes provider (with the IRSA annotation for
   * `irsa`). Leave it out when a chart or add-on creates the service account.
   * @default undefined (the service account is created elsewhere)
   */
  readonly kubernetesProvider?: k8s.Provider;
  /**
   * What the service account must wait for (its namespace, e.g. `EksPlatform.applicationNamespaceResource`); only
   * with `kubernetesProvider`.
   * @default []
   */
  readonly serviceAccountDependsOn?: readonly pulumi.Resource[];
  /** What the workload is, for the role's description. @default "<namespace>/<serviceAccount>" */
  readonly description?: string;
  /** Extra tags on the role and the association (the provider's default tags carry the required ones). @default {} */
  readonly tags?: Readonly<Record<string, string>>;
}

/**
 * Every problem of the arguments (`workloadIdentityArgsProblems`), of the Kubernetes provider and of `opts.provider`,
 * with paths relative to the arguments.
 */
export function validateWorkloadIdentityArgs(
  name: string,
  args: WorkloadIdentityArgs,
  opts?: pulumi.ComponentResourceOptions,
): Problem[] {
  const problems = workloadIdentityArgsProblems(name, args);
  if (args.kubernetesProvider !== undefined && !k8s.Provider.isInstance(args.kubernetesProvider)) {
    problems.push({
      path: "kubernetesProvider",
      message:
        "is not a kubernetes Provider; pass the cluster's (EksPlatform.kubernetesProvider) or leave it out",
    });
  }
  if (!aws.Provider.isInstance(opts?.provider)) {
    problems.push({
      path: "opts.provider",
      message:
        "no aws.Provider given; pass { provider } with the explicit provider of the cluster's region (roles are " +
        "global, the association is regional)",
    });
  }
  return problems;
}

/**
 * An IAM role for one Kubernetes service account, with its policies, bound through an EKS Pod Identity association
 * or the IRSA trust, and optionally the service account itself.
 */
export class WorkloadIdentity extends pulumi.ComponentResource {
  readonly roleArn: pulumi.Output<string>;
  readonly roleName: pulumi.Output<string>;
  /** How the binding works (plain). */
  readonly mechanism: Mechanism;
  /** Id of the Pod Identity association; empty for `irsa`. */
  readonly associationId: pulumi.Output<string>;
  /** Annotations the service account needs: the role ARN for `irsa`, none for Pod Identity. */
  readonly serviceAccountAnnotations: pulumi.Output<Record<string, string>>;

  constructor(name: string, args: WorkloadIdentityArgs, opts?: pulumi.ComponentResourceOptions) {
    super(WORKLOAD_IDENTITY_TYPE, name, {}, opts);
    const childOpts = regionalChildOptions(
      this,
      `Invalid arguments for WorkloadIdentity "${name}"`,
      validateWorkloadIdentityArgs(name, args, opts),
      opts,
    );
    const provider = childOpts.provider;
    const mechanism = args.mechanism ?? "pod-identity";
    const { namespace, serviceAccount, cluster } = args;
    const tags = { ...(args.tags ?? {}), Workload: `${namespace}/${serviceAccount}` };

    const assumeRolePolicy =
      mechanism === "irsa"
        ? pulumi
            .all([cluster.oidcProviderArn!, cluster.oidcIssuer!])
            .apply(([providerArn, issuer]) =>
              policyJson(irsaTrustPolicy(providerArn, issuer, namespace, serviceAccount), "compact"),
            )
        : pulumi
            .output(cluster.arn)
            .apply((clusterArn) =>
              policyJson(podIdentityTrustPolicy(clusterArn, namespace, serviceAccount), "compact"),
            );

    const role = new aws.iam.Role(
      name,
      {
        description: args.description ?? `Workload identity of ${namespace}/${serviceAccount} (${mechanism})`,
        assumeRolePolicy,
        tags,
      },
      childOpts,
    );
    const grants: pulumi.Resource[] = [];
    for (const [key, policyArn] of Object.entries(args.managedPolicyArns ?? {})) {
      grants.push(
        new aws.iam.RolePolicyAttachment(
          `${name}-${key}`,
          { role: role.name, policyArn },
          { parent: role, provider },
        ),
      );
    }
    for (const [key, policy] of Object.entries(args.inlinePolicies ?? {})) {
      grants.push(
        new aws.iam.RolePolicy(`${name}-${key}`, { role: role.name, policy }, { parent: role, provider }),
      );
    }

    let associationId: pulumi.Output<string> = pulumi.output("");
    if (mechanism === "pod-identity") {
      const association = new aws.eks.PodIdentityAssociation(
        name,
        { clusterName: cluster.name, namespace, serviceAccount, roleArn: role.arn, tags },
        // Credentials are handed out from the moment the association exists: let the permissions exist first.
        { ...childOpts, dependsOn: grants },
      );
      associationId = association.associationId;
    }

    const annotations: pulumi.Output<Record<string, string>> =
      mechanism === "irsa"
        ? role.arn.apply((arn): Record<string, string> => ({ [IRSA_ROLE_ANNOTATION]: arn }))
        : pulumi.output<Record<string, string>>({});
    if (args.kubernetesProvider !== undefined) {
      new k8s.core.v1.ServiceAccount(
        name,
        {
          metadata: {
            name: serviceAccount,
            namespace,
            annotations,
            labels: { "app.kubernetes.io/managed-by": "pulumi" },
          },
        },
        {
          parent: this,
          provider: args.kubernetesProvider,
          dependsOn: [...grants, ...(args.serviceAccountDependsOn ?? [])],
        },
      );
    }

    this.roleArn = role.arn;
    this.roleName = role.name;
    this.mechanism = mechanism;
    this.associationId = associationId;
    this.serviceAccountAnnotations = annotations;
    this.registerOutputs({
      roleArn: this.roleArn,
      roleName: this.roleName,
      associationId: this.associationId,
      serviceAccountAnnotations: this.serviceAccountAnnotations,
    });
  }
}
