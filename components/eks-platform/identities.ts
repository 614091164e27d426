/**
 * The workload identities (IAM roles bound to service accounts) of the add-ons and controllers that call AWS.
 */
import * as pulumi from "@pulumi/pulumi";
import { policyJson } from "../common/iam";
import { WorkloadCluster, WorkloadIdentity } from "../workload-identity";
import type { Context } from "./context";
import {
  CONTROLLER_NAMESPACE,
  MANAGED_POLICIES,
  SERVICE_ACCOUNTS,
  ClusterScope,
  clusterAutoscalerPolicy,
  loadBalancerControllerPolicy,
} from "./plan";

/** The workload identities of the add-ons and controllers that call AWS. */
export interface ControllerIdentities {
  readonly vpcCni: WorkloadIdentity;
  readonly ebsCsiDriver: WorkloadIdentity;
  readonly awsLoadBalancerController: WorkloadIdentity;
  readonly clusterAutoscaler: WorkloadIdentity;
}

/**
 * The workload identities of the add-ons and controllers: the VPC CNI (IRSA: it must work before any node is
 * Ready, so before the Pod Identity agent can run), the EBS CSI driver, the AWS Load Balancer Controller and the
 * Cluster Autoscaler (Pod Identity).
 */
export function createControllerIdentities(
  { name, resolved, childOpts, clusterName }: Context,
  identityTarget: WorkloadCluster,
  scope: pulumi.Output<ClusterScope>,
  managed: (policy: string) => pulumi.Output<string>,
): ControllerIdentities {
  const identity = (
    key: string,
    serviceAccount: string,
    grants: {
      managed?: Record<string, pulumi.Input<string>>;
      inline?: Record<string, pulumi.Input<string>>;
    },
    mechanism: "pod-identity" | "irsa" = "pod-identity",
  ) =>
    new WorkloadIdentity(
      `${name}-${key}`,
      {
        cluster: identityTarget,
        namespace: CONTROLLER_NAMESPACE,
        serviceAccount,
        mechanism,
        managedPolicyArns: grants.managed ?? {},
        inlinePolicies: grants.inline ?? {},
        description: `${key} of EKS cluster ${clusterName}`,
        tags: resolved.tags,
      },
      childOpts,
    );
  const vpcCni = identity(
    "vpc-cni",
    SERVICE_ACCOUNTS.vpcCni,
    { managed: { cni: managed(MANAGED_POLICIES.cni) } },
    "irsa",
  );
  const ebsCsiDriver = identity("ebs-csi-driver", SERVICE_ACCOUNTS.ebsCsiDriver, {
    managed: { ebs: managed(MANAGED_POLICIES.ebsCsiDriver) },
  });
  const awsLoadBalancerController = identity(
    "aws-load-balancer-controller",
    SERVICE_ACCOUNTS.awsLoadBalancerController,
    {
      inline: {
        controller: scope.apply((s) => policyJson(loadBalancerControllerPolicy(s), "compact")),
      },
    },
  );
  const clusterAutoscaler = identity("cluster-autoscaler", SERVICE_ACCOUNTS.clusterAutoscaler, {
    inline: { autoscaler: scope.apply((s) => policyJson(clusterAutoscalerPolicy(s), "compact")) },
  });
  return { vpcCni, ebsCsiDriver, awsLoadBalancerController, clusterAutoscaler };
}
