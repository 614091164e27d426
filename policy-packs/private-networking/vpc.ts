/**
 * Every VPC has flow logs, and its default security group and default network ACL are taken under management (with
 * no rules, they admit nothing).
 */
import type { PolicyResource, StackValidationArgs, StackValidationPolicy } from "@pulumi/policy";
import { linkedResources } from "../lib/links";
import { resourcesOfType } from "../lib/policy";

export const VPC = "aws:ec2/vpc:Vpc";
export const FLOW_LOG = "aws:ec2/flowLog:FlowLog";
export const DEFAULT_SECURITY_GROUP = "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup";
export const DEFAULT_NETWORK_ACL = "aws:ec2/defaultNetworkAcl:DefaultNetworkAcl";

/** VPCs that no resource of `type` refers to through `key` (matched against the VPC's `vpcKey`). */
function vpcsWithout(args: StackValidationArgs, type: string, key: string, vpcKey: string): PolicyResource[] {
  const referrers = resourcesOfType(args, type);
  return resourcesOfType(args, VPC).filter(
    (vpc) => !referrers.some((r) => linkedResources(r, key, [vpc], { candidateKeys: [vpcKey] }).length > 0),
  );
}

export const vpcFlowLogsEnabled: StackValidationPolicy = {
  name: "vpc-flow-logs-enabled",
  description: "Every VPC has a flow log.",
  enforcementLevel: "mandatory",
  validateStack: (args, report) => {
    for (const vpc of vpcsWithout(args, FLOW_LOG, "vpcId", "id")) {
      report(
        "no flow log captures this VPC; add an aws.ec2.FlowLog with vpcId set to this VPC's id.",
        vpc.urn,
      );
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
