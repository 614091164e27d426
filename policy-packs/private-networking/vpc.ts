/**
 * Every VPC has flow logs, interface endpoints for the AWS APIs its nodes call (so that traffic stays in the VPC), and
 * its default security group and default network ACL are taken under management (with no rules, they admit nothing).
 */
import type { PolicyResource, StackValidationArgs, StackValidationPolicy } from "@pulumi/policy";
import { linkedResources } from "../lib/links";
import { configWithDefaults, resourcesOfType, schema } from "../lib/policy";
import { describe } from "../lib/values";

export const VPC = "aws:ec2/vpc:Vpc";
export const FLOW_LOG = "aws:ec2/flowLog:FlowLog";
export const DEFAULT_SECURITY_GROUP = "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup";
export const DEFAULT_NETWORK_ACL = "aws:ec2/defaultNetworkAcl:DefaultNetworkAcl";
export const VPC_ENDPOINT = "aws:ec2/vpcEndpoint:VpcEndpoint";

/** VPCs that no resource of `type` refers to through `key` (matched against the VPC's `vpcKey`). */
function vpcsWithout(args: StackValidationArgs, type: string, key: string, vpcKey: string): PolicyResource[] {
  const referrers = resourcesOfType(args, type);
  return resourcesOfType(args, VPC).filter(
    (vpc) => !referrers.some((r) => linkedResources(r, key, [vpc], { candidateKeys: [vpcKey] }).length > 0),
  );
}

/** Flow logs of a VPC: those whose `vpcId` refers to it. */
function flowLogsOf(args: StackValidationArgs, vpc: PolicyResource): PolicyResource[] {
  return resourcesOfType(args, FLOW_LOG).filter((log) => linkedResources(log, "vpcId", [vpc]).length > 0);
}

/** Traffic types that capture rejected traffic, what a flow log is for in an investigation. */
const REJECT_TRAFFIC_TYPES = ["ALL", "REJECT"];

export const vpcFlowLogsEnabled: StackValidationPolicy = {
  name: "vpc-flow-logs-enabled",
  description: "Every VPC has a flow log that captures rejected traffic (trafficType ALL or REJECT).",
  enforcementLevel: "mandatory",
  validateStack: (args, report) => {
    for (const vpc of resourcesOfType(args, VPC)) {
      const logs = flowLogsOf(args, vpc);
      if (logs.length === 0) {
        report(
          'no flow log captures this VPC; add an aws.ec2.FlowLog with vpcId set to this VPC\'s id and trafficType "ALL".',
          vpc.urn,
        );
        continue;
      }
      const types = logs.map((log) => log.props["trafficType"]);
      if (!types.some((type) => REJECT_TRAFFIC_TYPES.includes(String(type)))) {
        report(
          `the flow logs of this VPC (${logs.map((log) => log.name).join(", ")}) capture trafficType ` +
            `${types.map((type) => describe(type)).join(", ")}; set trafficType to "ALL" (or "REJECT").`,
          vpc.urn,
        );
      }
    }
  },
};

export const vpcDefaultSecurityGroupManaged: StackValidationPolicy = {
  name: "vpc-default-security-group-managed",
  description:
    "Every VPC's default security group is managed (and, by default-security-group-no-rules, empty).",
  enforcementLevel: "mandatory",
  validateStack: (args, report) => {
    for (const vpc of vpcsWithout(args, DEFAULT_SECURITY_GROUP, "vpcId", "id")) {
      report(
        "this VPC's default security group is not managed; add an aws.ec2.DefaultSecurityGroup with vpcId set to " +
          "this VPC's id and no rules.",
        vpc.urn,
      );
    }
  },
};

export const vpcDefaultNetworkAclManaged: StackValidationPolicy = {
  name: "vpc-default-network-acl-managed",
  description: "Every VPC's default network ACL is managed, so subnets that fall back to it get no traffic.",
  enforcementLevel: "mandatory",
  validateStack: (args, report) => {
    for (const vpc of vpcsWithout(args, DEFAULT_NETWORK_ACL, "defaultNetworkAclId", "defaultNetworkAclId")) {
      report(
        "this VPC's default network ACL is not managed; add an aws.ec2.DefaultNetworkAcl with defaultNetworkAclId " +
          "set to this VPC's defaultNetworkAclId and no rules.",
        vpc.urn,
      );
    }
  },
};

export interface InterfaceEndpointsConfig {
  /** Services every VPC has an interface endpoint for, as the end of the service name (`ecr.api`). */
  requiredServices: string[];
}
const interfaceEndpointsDefaults: InterfaceEndpointsConfig = {
  requiredServices: ["ec2", "ecr.api", "ecr.dkr"],
};

export const vpcInterfaceEndpoints: StackValidationPolicy = {
  name: "vpc-interface-endpoints",
  description:
    "Every VPC has interface endpoints for the AWS APIs its nodes call (EC2, the ECR API and registry by default), so those calls stay in the VPC.",
  enforcementLevel: "mandatory",
  configSchema: schema({
    requiredServices: {
      type: "array",
      items: { type: "string", minLength: 1 },
      default: interfaceEndpointsDefaults.requiredServices,
      description:
        "Services every VPC has an interface endpoint for: the end of the service name after the region (ec2, ecr.api, ecr.dkr, sts, logs, …).",
    },
  }),
  validateStack: (args, report) => {
    const { requiredServices } = configWithDefaults(args, interfaceEndpointsDefaults);
    const endpoints = resourcesOfType(args, VPC_ENDPOINT);
    for (const vpc of resourcesOfType(args, VPC)) {
      const services = endpoints
        .filter((endpoint) => linkedResources(endpoint, "vpcId", [vpc]).length > 0)
        .filter((endpoint) => endpoint.props["vpcEndpointType"] === "Interface")
        .map((endpoint) => String(endpoint.props["serviceName"]));
      for (const service of requiredServices) {
        if (!services.some((name) => name.endsWith(`.${service}`))) {
          report(
            `this VPC has no interface endpoint for ${service}; add an aws.ec2.VpcEndpoint with vpcEndpointType ` +
              `"Interface" and serviceName "com.amazonaws.<region>.${service}" in its private subnets.`,
            vpc.urn,
          );
        }
      }
    }
  },
};
