/**
 * The private-networking pack: nothing is reachable from the internet except load balancers' listeners, data stays
 * in the data tier, every VPC is observable and locked down by default.
 */
import type { PackDefinition } from "../lib/policy";
import { imdsHopLimit, imdsv2Required, instanceNoPublicIp, launchTemplateNoPublicIp } from "./compute";
import { auroraInstanceNotPublic, eksEndpointPrivate, mskNoPublicAccess } from "./exposure";
import { naclNoAdminPortsFromInternet, naclRuleNoAdminPortsFromInternet } from "./nacls";
import {
  defaultSecurityGroupNoRules,
  publicIngressOnlyOnLoadBalancerGroups,
  securityGroupNoPublicIngress,
  securityGroupRuleNoPublicIngress,
} from "./security-groups";
import { dataStoresInDataSubnets, edgeSubnetsRestricted, subnetNoPublicIp } from "./subnets";
import { vpcDefaultNetworkAclManaged, vpcDefaultSecurityGroupManaged, vpcFlowLogsEnabled } from "./vpc";

export const privateNetworkingPack: PackDefinition = {
  name: "private-networking",
  args: {
    description:
      "Workloads and data stores stay private: no public IPs or endpoints, no world-open ingress except load " +
      "balancer listeners, data in data subnets, flow logs and locked-down defaults in every VPC.",
    enforcementLevel: "mandatory",
    policies: [
      subnetNoPublicIp,
      auroraInstanceNotPublic,
      eksEndpointPrivate,
      mskNoPublicAccess,
      securityGroupNoPublicIngress,
      securityGroupRuleNoPublicIngress,
      publicIngressOnlyOnLoadBalancerGroups,
      defaultSecurityGroupNoRules,
      naclNoAdminPortsFromInternet,
      naclRuleNoAdminPortsFromInternet,
      instanceNoPublicIp,
      launchTemplateNoPublicIp,
      imdsv2Required,
      imdsHopLimit,
      vpcFlowLogsEnabled,
      vpcDefaultSecurityGroupManaged,
      vpcDefaultNetworkAclManaged,
      dataStoresInDataSubnets,
      edgeSubnetsRestricted,
    ],
  },
};
