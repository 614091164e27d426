/**
 * EKS: Kubernetes secrets envelope-encrypted with a customer managed key; node volumes encrypted. Both shapes: the
 * `aws:eks/*` resources and the `eks:index:*` component inputs.
 */
import type { ResourceValidationPolicy } from "@pulumi/policy";
import {
  AWS_EKS_CLUSTER,
  AWS_EKS_NODE_GROUP,
  AwsEksClusterInputs,
  AwsEksNodeGroupInputs,
  EKS_CLUSTER,
  EKS_MANAGED_NODE_GROUP,
  EKS_NODE_GROUP,
  EKS_NODE_GROUP_V2,
  EksClusterInputs,
  EksManagedNodeGroupInputs,
  EksNodeGroupInputs,
  hasDefaultNodeGroup,
} from "../lib/eks";
import { validateType } from "../lib/policy";
import { customerKeyProblem, describe, listOf, setTo } from "../lib/values";

export const eksSecretsEncrypted: ResourceValidationPolicy = {
  name: "eks-secrets-encrypted",
  description: "EKS clusters envelope-encrypt Kubernetes secrets with a customer managed KMS key.",
  enforcementLevel: "mandatory",
  validateResource: [
    validateType<AwsEksClusterInputs>(AWS_EKS_CLUSTER, (cluster, _args, report) => {
      const config = cluster.encryptionConfig;
      if (config === undefined) {
        report(
          setTo(
            "encryptionConfig",
            undefined,
            '{ provider: { keyArn: <customer managed key ARN> }, resources: ["secrets"] }',
          ),
        );
        return;
      }
      const resources = listOf(config.resources);
      if (!resources.includes("secrets")) {
        report(
          `encryptionConfig.resources is ${describe(resources)}; set encryptionConfig.resources to ["secrets"].`,
        );
      }
      const keyProblem = customerKeyProblem("encryptionConfig.provider.keyArn", config.provider?.keyArn);
      if (keyProblem !== undefined) {
        report(keyProblem);
      }
    }),
    validateType<EksClusterInputs>(EKS_CLUSTER, (cluster, _args, report) => {
      const keyProblem = customerKeyProblem("encryptionConfigKeyArn", cluster.encryptionConfigKeyArn);
      if (keyProblem !== undefined) {
        report(keyProblem);
      }
    }),
  ],
};

const OWN_LAUNCH_TEMPLATE =
  "a launch template of this stack whose block devices are encrypted (the template EKS generates leaves " +
  "encryption to the account default)";

export const eksNodeVolumesEncrypted: ResourceValidationPolicy = {
  name: "eks-node-volumes-encrypted",
  description: "EKS worker nodes boot from encrypted volumes, whichever way their node group is declared.",
  enforcementLevel: "mandatory",
  validateResource: [
    validateType<EksClusterInputs>(EKS_CLUSTER, (cluster, _args, report) => {
      if (hasDefaultNodeGroup(cluster) && cluster.nodeRootVolumeEncrypted !== true) {
        report(
          setTo(
            "nodeRootVolumeEncrypted",
            cluster.nodeRootVolumeEncrypted,
            "true (or skipDefaultNodeGroup to true)",
          ),
        );
      }
    }),
    ...[EKS_NODE_GROUP, EKS_NODE_GROUP_V2].map((type) =>
      validateType<EksNodeGroupInputs>(type, (group, _args, report) => {
        if (group.nodeRootVolumeEncrypted !== true && group.encryptRootBlockDevice !== true) {
          report(setTo("nodeRootVolumeEncrypted", group.nodeRootVolumeEncrypted, "true"));
        }
      }),
    ),
    validateType<EksManagedNodeGroupInputs>(EKS_MANAGED_NODE_GROUP, (group, _args, report) => {
      if (group.launchTemplate === undefined) {
        report(setTo("launchTemplate", undefined, OWN_LAUNCH_TEMPLATE));
      }
    }),
    validateType<AwsEksNodeGroupInputs>(AWS_EKS_NODE_GROUP, (group, _args, report) => {
      if (group.launchTemplate === undefined) {
        report(setTo("launchTemplate", undefined, OWN_LAUNCH_TEMPLATE));
      }
    }),
  ],
};
