/**
 * Instances and nodes: no public IP addresses, and the instance metadata service only with session tokens (IMDSv2).
 */
import type * as aws from "@pulumi/aws";
import type { ResourceValidationPolicy } from "@pulumi/policy";
import {
  AWS_EKS_NODE_GROUP,
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
import { Inputs, validateType } from "../lib/policy";
import { isTrue, listOf, setTo } from "../lib/values";

export const INSTANCE = "aws:ec2/instance:Instance";
export const LAUNCH_TEMPLATE = "aws:ec2/launchTemplate:LaunchTemplate";

export const instanceNoPublicIp: ResourceValidationPolicy = {
  name: "instance-no-public-ip",
  description: "EC2 instances and EKS self-managed nodes get no public IP address.",
  enforcementLevel: "mandatory",
  validateResource: [
    validateType<Inputs<aws.ec2.InstanceArgs>>(INSTANCE, (instance, _args, report) => {
      if (instance.associatePublicIpAddress === true) {
        report(setTo("associatePublicIpAddress", instance.associatePublicIpAddress, "false"));
      }
    }),
    validateType<EksClusterInputs>(EKS_CLUSTER, (cluster, _args, report) => {
      if (hasDefaultNodeGroup(cluster) && cluster.nodeAssociatePublicIpAddress !== false) {
        report(
          setTo(
            "nodeAssociatePublicIpAddress",
            cluster.nodeAssociatePublicIpAddress,
            "false (or skipDefaultNodeGroup to true)",
          ),
        );
      }
    }),
    ...[EKS_NODE_GROUP, EKS_NODE_GROUP_V2].map((type) =>
      validateType<EksNodeGroupInputs>(type, (group, _args, report) => {
        if (group.nodeAssociatePublicIpAddress !== false) {
          report(setTo("nodeAssociatePublicIpAddress", group.nodeAssociatePublicIpAddress, "false"));
        }
      }),
    ),
  ],
};

export const launchTemplateNoPublicIp: ResourceValidationPolicy = {
  name: "launch-template-no-public-ip",
  description: "Launch templates do not associate public IP addresses with their network interfaces.",
  enforcementLevel: "mandatory",
  validateResource: validateType<Inputs<aws.ec2.LaunchTemplateArgs>>(
    LAUNCH_TEMPLATE,
    (template, _args, report) => {
      listOf(template.networkInterfaces).forEach((eni, index) => {
        if (isTrue(eni.associatePublicIpAddress)) {
          report(
            setTo(
              `networkInterfaces[${index}].associatePublicIpAddress`,
              eni.associatePublicIpAddress,
              '"false"',
            ),
          );
        }
      });
    },
  ),
};

interface MetadataOptions {
  httpEndpoint?: string;
  httpTokens?: string;
}

/** Problem with metadata options that must require IMDSv2 (or turn the endpoint off). */
function imdsProblem(options: MetadataOptions | undefined): string | undefined {
  if (options?.httpEndpoint === "disabled" || options?.httpTokens === "required") {
    return undefined;
  }
  return setTo("metadataOptions.httpTokens", options?.httpTokens, '"required"');
}

const IMDS_LAUNCH_TEMPLATE = 'a launch template of this stack with metadataOptions.httpTokens "required"';

export const imdsv2Required: ResourceValidationPolicy = {
  name: "imdsv2-required",
  description: "Instances and nodes require IMDSv2 session tokens for the instance metadata service.",
  enforcementLevel: "mandatory",
  validateResource: [
    validateType<Inputs<aws.ec2.LaunchTemplateArgs>>(LAUNCH_TEMPLATE, (template, _args, report) => {
      const problem = imdsProblem(template.metadataOptions);
      if (problem !== undefined) {
        report(problem);
      }
    }),
    validateType<Inputs<aws.ec2.InstanceArgs>>(INSTANCE, (instance, _args, report) => {
      // With a launch template and no options here, the template's options apply (checked on the template).
      if (instance.launchTemplate !== undefined && instance.metadataOptions === undefined) {
        return;
      }
      const problem = imdsProblem(instance.metadataOptions);
      if (problem !== undefined) {
        report(problem);
      }
    }),
    validateType<EksManagedNodeGroupInputs>(EKS_MANAGED_NODE_GROUP, (group, _args, report) => {
      if (group.launchTemplate === undefined) {
        report(setTo("launchTemplate", undefined, IMDS_LAUNCH_TEMPLATE));
      }
    }),
    validateType<AwsEksNodeGroupInputs>(AWS_EKS_NODE_GROUP, (group, _args, report) => {
      if (group.launchTemplate === undefined) {
        report(setTo("launchTemplate", undefined, IMDS_LAUNCH_TEMPLATE));
      }
    }),
    // Self-managed node groups: @pulumi/eks takes no metadata options for their launch template (nor for the
    // launch configuration of a NodeGroup), so their instances accept IMDSv1 unless the AMI or the account says no.
    ...[EKS_NODE_GROUP, EKS_NODE_GROUP_V2].map((type) =>
      validateType<EksNodeGroupInputs>(type, (_group, _args, report) => {
        report(
          `a self-managed node group (${type}) cannot require IMDSv2: its metadata options are not inputs of the ` +
            "component; run these nodes in a managed node group with a launch template of this stack with " +
            'metadataOptions.httpTokens "required".',
        );
      }),
    ),
    validateType<EksClusterInputs>(EKS_CLUSTER, (cluster, _args, report) => {
      if (hasDefaultNodeGroup(cluster)) {
        report(
          setTo(
            "skipDefaultNodeGroup",
            cluster.skipDefaultNodeGroup,
            "true and run nodes in managed node groups with a launch template that requires IMDSv2 (the default " +
              "node group's metadata options cannot be set)",
          ),
        );
      }
    }),
  ],
};
