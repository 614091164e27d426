/**
 * EKS: Kubernetes secrets envelope-encrypted with a customer managed key; node volumes and the EBS volumes of
 * persistent volume claims (StorageClasses) encrypted. Both shapes of the cluster and its node groups: the
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

export const STORAGE_CLASS = "kubernetes:storage.k8s.io/v1:StorageClass";
/** Provisioners that create EBS volumes: the EBS CSI driver and the in-tree plugin it replaced. */
const EBS_PROVISIONERS = ["ebs.csi.aws.com", "kubernetes.io/aws-ebs"];

/** A StorageClass parameter, by name case-insensitively (the EBS CSI driver reads them so). */
function parameter(parameters: unknown, name: string): unknown {
  if (parameters === null || typeof parameters !== "object") {
    return undefined;
  }
  const entry = Object.entries(parameters).find(([key]) => key.toLowerCase() === name.toLowerCase());
  return entry?.[1];
}

export const storageClassEbsEncrypted: ResourceValidationPolicy = {
  name: "storage-class-ebs-encrypted",
  description:
    'Kubernetes StorageClasses that provision EBS volumes encrypt them (parameters.encrypted "true"; a kmsKeyId, when set, is a customer managed key).',
  enforcementLevel: "mandatory",
  validateResource: validateType<{ provisioner?: string; parameters?: Record<string, string> }>(
    STORAGE_CLASS,
    (storageClass, _args, report) => {
      if (!EBS_PROVISIONERS.includes(String(storageClass.provisioner))) {
        return;
      }
      const encrypted = parameter(storageClass.parameters, "encrypted");
      if (String(encrypted).toLowerCase() !== "true") {
        report(
          setTo(
            "parameters.encrypted",
            encrypted,
            '"true" (unset, the volumes are encrypted only if the account\'s EBS default encryption is on)',
          ),
        );
      }
      // Without kmsKeyId the volumes use the account's default EBS key, as the node volumes do.
      const kmsKeyId = parameter(storageClass.parameters, "kmsKeyId");
      if (kmsKeyId !== undefined) {
        const problem = customerKeyProblem("parameters.kmsKeyId", kmsKeyId);
        if (problem !== undefined) {
          report(problem);
        }
      }
    },
  ),
};
