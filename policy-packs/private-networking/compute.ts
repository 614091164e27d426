/**
 * Instances and nodes: no public IP addresses, and the instance metadata service only with session tokens (IMDSv2).
 */
import type * as aws from "@pulumi/aws";
import type {
  ReportViolation,
  ResourceValidation,
  ResourceValidationArgs,
  ResourceValidationPolicy,
} from "@pulumi/policy";
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
import { configWithDefaults, Inputs, schema, validateType } from "../lib/policy";
import { isTrue, listOf, setTo } from "../lib/values";

export const INSTANCE = "aws:ec2/instance:Instance";
export const LAUNCH_TEMPLATE = "aws:ec2/launchTemplate:LaunchTemplate";
export const LAUNCH_CONFIGURATION = "aws:ec2/launchConfiguration:LaunchConfiguration";

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
  description:
    "Launch templates and launch configurations do not associate public IP addresses with the instances they launch.",
  enforcementLevel: "mandatory",
  validateResource: [
    validateType<Inputs<aws.ec2.LaunchTemplateArgs>>(LAUNCH_TEMPLATE, (template, _args, report) => {
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
    }),
    validateType<Inputs<aws.ec2.LaunchConfigurationArgs>>(
      LAUNCH_CONFIGURATION,
      (configuration, _args, report) => {
        if (configuration.associatePublicIpAddress === true) {
          report(setTo("associatePublicIpAddress", configuration.associatePublicIpAddress, "false"));
        }
      },
    ),
  ],
};

interface MetadataOptions {
  httpEndpoint?: string;
  httpTokens?: string;
  httpPutResponseHopLimit?: number;
}

/**
 * The metadata options that apply to a launch template, a launch configuration or an instance; undefined for an
 * instance that takes them from its launch template (they are checked on the template).
 */
function metadataOptionsOf(
  type: string,
  props: Record<string, unknown>,
): { options?: MetadataOptions } | undefined {
  const options = props["metadataOptions"] as MetadataOptions | undefined;
  if (type === INSTANCE && props["launchTemplate"] !== undefined && options === undefined) {
    return undefined;
  }
  return { options };
}

/** Validations for every shape that carries metadata options of its own. */
function validateMetadataOptions(
  validate: (
    options: MetadataOptions | undefined,
    args: ResourceValidationArgs,
    report: ReportViolation,
  ) => void,
): ResourceValidation[] {
  return [LAUNCH_TEMPLATE, LAUNCH_CONFIGURATION, INSTANCE].map((type) =>
    validateType<Record<string, unknown>>(type, (props, args, report) => {
      const own = metadataOptionsOf(type, props);
      if (own !== undefined) {
        validate(own.options, args, report);
      }
    }),
  );
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
  description:
    "Instances, launch templates, launch configurations and nodes require IMDSv2 session tokens for the instance metadata service.",
  enforcementLevel: "mandatory",
  validateResource: [
    // Launch templates, launch configurations and instances (an instance with a launch template and no options of its
    // own takes the template's, checked on the template).
    ...validateMetadataOptions((options, _args, report) => {
      const problem = imdsProblem(options);
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

export interface HopLimitConfig {
  /** Largest accepted httpPutResponseHopLimit. */
  maximumHopLimit: number;
}
export const hopLimitDefaults: HopLimitConfig = { maximumHopLimit: 2 };

export const imdsHopLimit: ResourceValidationPolicy = {
  name: "imds-hop-limit",
  description:
    "Launch templates, launch configurations and instances cap the metadata response hop limit (httpPutResponseHopLimit), so containers behind more hops cannot reach the node's credentials.",
  enforcementLevel: "mandatory",
  configSchema: schema({
    maximumHopLimit: {
      type: "integer",
      minimum: 1,
      maximum: 64,
      default: hopLimitDefaults.maximumHopLimit,
      description:
        "Largest accepted httpPutResponseHopLimit (1: only the instance itself; 2: also containers on its network).",
    },
  }),
  validateResource: validateMetadataOptions((options, args, report) => {
    if (options?.httpEndpoint === "disabled") {
      return;
    }
    const { maximumHopLimit } = configWithDefaults(args, hopLimitDefaults);
    const limit = options?.httpPutResponseHopLimit;
    // Unset, the AMI (2 for AMIs that require IMDSv2) or the account's metadata defaults (up to 64) decide.
    if (limit === undefined || limit > maximumHopLimit) {
      report(
        setTo(
          "metadataOptions.httpPutResponseHopLimit",
          limit,
          `${maximumHopLimit}${maximumHopLimit > 1 ? " or less" : ""}` +
            (limit === undefined ? " (unset, the AMI's or the account's default decides)" : ""),
        ),
      );
    }
  }),
};
