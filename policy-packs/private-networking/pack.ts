/**
 * The private-networking pack: nothing is reachable from the internet except load balancers' listeners, behind a WAF;
 * data stays in the data tier, with no route to the internet; every VPC is observable and locked down by default;
 * resource policies and buckets are not public; Kafka clients authenticate.
 */
import type { PackDefinition } from "../lib/policy";
import { s3AccountPublicAccessBlock } from "./account";
import { imdsHopLimit, imdsv2Required, instanceNoPublicIp, launchTemplateNoPublicIp } from "./compute";
import { albWafAssociated, lbDesyncMitigation, lbDropInvalidHeaders, wafWebAclHasRules } from "./edge";
import {
  auroraInstanceNotPublic,
  eksEndpointPrivate,
  mskNoPublicAccess,
  mskNoUnauthenticatedAccess,
} from "./exposure";
import { naclAssociated, naclNoAdminPortsFromInternet, naclRuleNoAdminPortsFromInternet } from "./nacls";
import {
  ecrRepositoryPolicyNotPublic,
  kmsKeyPolicyNotPublic,
  snsTopicPolicyNotPublic,
} from "./resource-policies";
import { dataSubnetsNoInternetGatewayRoute } from "./routes";
import { s3BucketOwnerEnforced, s3BucketPublicAccessBlock } from "./s3";
import {
  defaultSecurityGroupNoRules,
  mskExportersFromSecurityGroups,
  publicIngressOnlyOnLoadBalancerGroups,
  securityGroupNoPublicIngress,
  securityGroupRuleNoPublicIngress,
} from "./security-groups";
import { dataStoresInDataSubnets, edgeSubnetsRestricted, subnetNoPublicIp } from "./subnets";
import {
  vpcDefaultNetworkAclManaged,
  vpcDefaultSecurityGroupManaged,
  vpcFlowLogsEnabled,
  vpcInterfaceEndpoints,
} from "./vpc";

export const privateNetworkingPack: PackDefinition = {
  name: "private-networking",
  args: {
    description:
      "Workloads and data stores stay private: no public IPs or endpoints, no world-open ingress except load " +
      "balancer listeners behind a WAF, data in data subnets without internet routes, flow logs, endpoints and " +
      "locked-down defaults in every VPC, no public resource policies or buckets, authenticated Kafka clients.",
    enforcementLevel: "mandatory",
    policies: [
      subnetNoPublicIp,
      auroraInstanceNotPublic,
      eksEndpointPrivate,
      mskNoPublicAccess,
      mskNoUnauthenticatedAccess,
      securityGroupNoPublicIngress,
      securityGroupRuleNoPublicIngress,
      publicIngressOnlyOnLoadBalancerGroups,
      defaultSecurityGroupNoRules,
      naclNoAdminPortsFromInternet,
      naclRuleNoAdminPortsFromInternet,
      naclAssociated,
      instanceNoPublicIp,
      launchTemplateNoPublicIp,
      imdsv2Required,
      imdsHopLimit,
      vpcFlowLogsEnabled,
      vpcInterfaceEndpoints,
      vpcDefaultSecurityGroupManaged,
      vpcDefaultNetworkAclManaged,
      dataStoresInDataSubnets,
      dataSubnetsNoInternetGatewayRoute,
      edgeSubnetsRestricted,
      kmsKeyPolicyNotPublic,
      snsTopicPolicyNotPublic,
      ecrRepositoryPolicyNotPublic,
      s3BucketPublicAccessBlock,
      s3BucketOwnerEnforced,
      lbDropInvalidHeaders,
      lbDesyncMitigation,
      albWafAssociated,
      wafWebAclHasRules,
      mskExportersFromSecurityGroups,
      s3AccountPublicAccessBlock,
    ],
  },
};
