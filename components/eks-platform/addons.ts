/**
 * The EKS add-ons at their pinned versions: those nodes need to become Ready, and those that need nodes.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { Context } from "./context";
import type { ControllerIdentities } from "./identities";
import { ADDON_NAMES, AddonKey } from "./plan";

/** One EKS add-on at its pinned version; its configuration is what this program says. */
function createAddon(
  { name, childOpts, tags, pins }: Context,
  clusterNameOutput: pulumi.Output<string>,
  key: AddonKey,
  extra: Partial<aws.eks.AddonArgs>,
  options: pulumi.CustomResourceOptions = {},
): aws.eks.Addon {
  return new aws.eks.Addon(
    `${name}-addon-${ADDON_NAMES[key]}`,
    {
      clusterName: clusterNameOutput,
      addonName: ADDON_NAMES[key],
      addonVersion: pins.addons[key],
      // The add-on's configuration is what this program says: EKS overwrites manual edits on create and update.
      resolveConflictsOnCreate: "OVERWRITE",
      resolveConflictsOnUpdate: "OVERWRITE",
      tags: tags({}),
      ...extra,
    },
    { ...childOpts, ...options },
  );
}

/**
 * The add-ons nodes need to become Ready (DaemonSets): networking and the Pod Identity agent, created before the
 * node groups.
 */
export function createAddonsBeforeNodes(
  ctx: Context,
  clusterNameOutput: pulumi.Output<string>,
  identities: ControllerIdentities,
): { vpcCni: aws.eks.Addon; kubeProxy: aws.eks.Addon; podIdentityAgent: aws.eks.Addon } {
  const vpcCni = createAddon(
    ctx,
    clusterNameOutput,
    "vpcCni",
    {
      serviceAccountRoleArn: identities.vpcCni.roleArn,
      // Network policy enforcement by the VPC CNI's node agent, so NetworkPolicies (default-deny) take effect.
      configurationValues: JSON.stringify({ enableNetworkPolicy: "true" }),
    },
    { dependsOn: [identities.vpcCni] },
  );
  const kubeProxy = createAddon(ctx, clusterNameOutput, "kubeProxy", {});
  const podIdentityAgent = createAddon(ctx, clusterNameOutput, "podIdentityAgent", {});
  return { vpcCni, kubeProxy, podIdentityAgent };
}

/** The add-ons that run as Deployments (CoreDNS, the EBS CSI driver): they need ACTIVE nodes, so after the groups. */
export function createAddonsAfterNodes(
  ctx: Context,
  clusterNameOutput: pulumi.Output<string>,
  identities: ControllerIdentities,
  nodeGroups: pulumi.Resource[],
  podIdentityAgent: aws.eks.Addon,
): { coredns: aws.eks.Addon; ebsCsiDriver: aws.eks.Addon } {
  const coredns = createAddon(ctx, clusterNameOutput, "coredns", {}, { dependsOn: nodeGroups });
  const ebsCsiDriver = createAddon(
    ctx,
    clusterNameOutput,
    "ebsCsiDriver",
    {},
    { dependsOn: [...nodeGroups, identities.ebsCsiDriver, podIdentityAgent] },
  );
  return { coredns, ebsCsiDriver };
}
