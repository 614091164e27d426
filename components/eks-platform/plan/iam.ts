/**
 * The IAM of `EksPlatform`: the AWS managed policies of the node role and the add-ons, the node role's trust, the
 * AWS Load Balancer Controller's policy and the Cluster Autoscaler's, as typed documents (rendered compact).
 */
import { ActionStatement, PolicyDocument, policyDocument } from "../../common/iam";

/** AWS managed policies, by name, as `arn:<partition>:iam::aws:policy/<path><name>`. */
export const MANAGED_POLICIES = {
  /** Nodes join the cluster, describe EC2 and call `eks-auth:AssumeRoleForPodIdentity` for the Pod Identity agent. */
  workerNode: "AmazonEKSWorkerNodePolicy",
  /** Nodes pull images from ECR (kubelet's credential provider). */
  registryReadOnly: "AmazonEC2ContainerRegistryReadOnly",
  /** The VPC CNI assigns ENIs and addresses (attached to its own role, not the node role). */
  cni: "AmazonEKS_CNI_Policy",
  /** The EBS CSI driver creates, attaches and snapshots volumes. */
  ebsCsiDriver: "service-role/AmazonEBSCSIDriverPolicy",
} as const;

/**
 * The node role's managed policies (and nothing else): joining the cluster and pulling images. The CNI's
 * permissions live on its own role (IRSA), so pods that reach the instance metadata cannot manage ENIs.
 * Source: Amazon EKS User Guide, "Amazon EKS node IAM role" (create-node-role.html).
 */
export const NODE_ROLE_POLICIES: readonly string[] = [
  MANAGED_POLICIES.workerNode,
  MANAGED_POLICIES.registryReadOnly,
];

/** Trust policy of the node role: EC2 instances of this partition. */
export function nodeTrustPolicy(dnsSuffix: string): PolicyDocument<ActionStatement> {
  return policyDocument<ActionStatement>([
    {
      Sid: "Ec2InstancesAssumeNodeRole",
      Effect: "Allow",
      Principal: { Service: `ec2.${dnsSuffix}` },
      Action: "sts:AssumeRole",
    },
  ]);
}

/** Tag the AWS Load Balancer Controller puts on everything it creates (its policy's conditions rely on it). */
const LBC_CLUSTER_TAG = "elbv2.k8s.aws/cluster";

/**
 * The AWS Load Balancer Controller's IAM policy, transcribed from the controller's published policy
 * (kubernetes-sigs/aws-load-balancer-controller, docs/install/iam_policy.json, v2.17.1, vendored as
 * `../vendor/aws-load-balancer-controller-iam-policy.json`): read access to EC2, ELB, ACM, WAF and Shield; creating
 * security groups, load balancers and target groups only with the controller's cluster tag; changing or deleting
 * only what carries that tag. It grants exactly the vendored statements (tested); it adds a `Sid` to each and writes
 * one-element action lists as strings, which is the text deployed stacks hold.
 */
export function loadBalancerControllerPolicy(partition: string): PolicyDocument<ActionStatement> {
  const requestTagged = { Null: { [`aws:RequestTag/${LBC_CLUSTER_TAG}`]: "false" } };
  const resourceTagged = { Null: { [`aws:ResourceTag/${LBC_CLUSTER_TAG}`]: "false" } };
  const retagging = {
    Null: { [`aws:RequestTag/${LBC_CLUSTER_TAG}`]: "true", [`aws:ResourceTag/${LBC_CLUSTER_TAG}`]: "false" },
  };
  const securityGroups = `arn:${partition}:ec2:*:*:security-group/*`;
  const loadBalancers = [
    `arn:${partition}:elasticloadbalancing:*:*:targetgroup/*/*`,
    `arn:${partition}:elasticloadbalancing:*:*:loadbalancer/net/*/*`,
    `arn:${partition}:elasticloadbalancing:*:*:loadbalancer/app/*/*`,
  ];
  return policyDocument<ActionStatement>([
    {
      Sid: "CreateElbServiceLinkedRole",
      Effect: "Allow",
      Action: "iam:CreateServiceLinkedRole",
      Resource: "*",
      Condition: { StringEquals: { "iam:AWSServiceName": "elasticloadbalancing.amazonaws.com" } },
    },
    {
      Sid: "DescribeNetworkAndLoadBalancers",
      Effect: "Allow",
      Action: [
        "ec2:DescribeAccountAttributes",
        "ec2:DescribeAddresses",
        "ec2:DescribeAvailabilityZones",
        "ec2:DescribeInternetGateways",
        "ec2:DescribeVpcs",
        "ec2:DescribeVpcPeeringConnections",
        "ec2:DescribeSubnets",
        "ec2:DescribeSecurityGroups",
        "ec2:DescribeInstances",
        "ec2:DescribeNetworkInterfaces",
        "ec2:DescribeTags",
        "ec2:GetCoipPoolUsage",
        "ec2:DescribeCoipPools",
        "ec2:GetSecurityGroupsForVpc",
        "ec2:DescribeIpamPools",
        "ec2:DescribeRouteTables",
        "elasticloadbalancing:DescribeLoadBalancers",
        "elasticloadbalancing:DescribeLoadBalancerAttributes",
        "elasticloadbalancing:DescribeListeners",
        "elasticloadbalancing:DescribeListenerCertificates",
        "elasticloadbalancing:DescribeSSLPolicies",
        "elasticloadbalancing:DescribeRules",
        "elasticloadbalancing:DescribeTargetGroups",
        "elasticloadbalancing:DescribeTargetGroupAttributes",
        "elasticloadbalancing:DescribeTargetHealth",
        "elasticloadbalancing:DescribeTags",
        "elasticloadbalancing:DescribeTrustStores",
        "elasticloadbalancing:DescribeListenerAttributes",
        "elasticloadbalancing:DescribeCapacityReservation",
      ],
      Resource: "*",
    },
    {
      Sid: "ReadCertificatesAndFirewalls",
      Effect: "Allow",
      Action: [
        "cognito-idp:DescribeUserPoolClient",
        "acm:ListCertificates",
        "acm:DescribeCertificate",
        "iam:ListServerCertificates",
        "iam:GetServerCertificate",
        "waf-regional:GetWebACL",
        "waf-regional:GetWebACLForResource",
        "waf-regional:AssociateWebACL",
        "waf-regional:DisassociateWebACL",
        "wafv2:GetWebACL",
        "wafv2:GetWebACLForResource",
        "wafv2:AssociateWebACL",
        "wafv2:DisassociateWebACL",
        "shield:GetSubscriptionState",
        "shield:DescribeProtection",
        "shield:CreateProtection",
        "shield:DeleteProtection",
      ],
      Resource: "*",
    },
    {
      Sid: "ManageNodeSecurityGroupIngress",
      Effect: "Allow",
      Action: ["ec2:AuthorizeSecurityGroupIngress", "ec2:RevokeSecurityGroupIngress"],
      Resource: "*",
    },
    { Sid: "CreateSecurityGroups", Effect: "Allow", Action: "ec2:CreateSecurityGroup", Resource: "*" },
    {
      Sid: "TagNewSecurityGroups",
      Effect: "Allow",
      Action: "ec2:CreateTags",
      Resource: securityGroups,
      Condition: { StringEquals: { "ec2:CreateAction": "CreateSecurityGroup" }, ...requestTagged },
    },
    {
      Sid: "RetagOwnSecurityGroups",
      Effect: "Allow",
      Action: ["ec2:CreateTags", "ec2:DeleteTags"],
      Resource: securityGroups,
      Condition: retagging,
    },
    {
      Sid: "ManageOwnSecurityGroups",
      Effect: "Allow",
      Action: [
        "ec2:AuthorizeSecurityGroupIngress",
        "ec2:RevokeSecurityGroupIngress",
        "ec2:DeleteSecurityGroup",
      ],
      Resource: "*",
      Condition: resourceTagged,
    },
    {
      Sid: "CreateTaggedLoadBalancers",
      Effect: "Allow",
      Action: ["elasticloadbalancing:CreateLoadBalancer", "elasticloadbalancing:CreateTargetGroup"],
      Resource: "*",
      Condition: requestTagged,
    },
    {
      Sid: "ManageListenersAndRules",
      Effect: "Allow",
      Action: [
        "elasticloadbalancing:CreateListener",
        "elasticloadbalancing:DeleteListener",
        "elasticloadbalancing:CreateRule",
        "elasticloadbalancing:DeleteRule",
      ],
      Resource: "*",
    },
    {
      Sid: "RetagOwnLoadBalancers",
      Effect: "Allow",
      Action: ["elasticloadbalancing:AddTags", "elasticloadbalancing:RemoveTags"],
      Resource: loadBalancers,
      Condition: retagging,
    },
    {
      Sid: "TagListenersAndRules",
      Effect: "Allow",
      Action: ["elasticloadbalancing:AddTags", "elasticloadbalancing:RemoveTags"],
      Resource: [
        `arn:${partition}:elasticloadbalancing:*:*:listener/net/*/*/*`,
        `arn:${partition}:elasticloadbalancing:*:*:listener/app/*/*/*`,
        `arn:${partition}:elasticloadbalancing:*:*:listener-rule/net/*/*/*`,
        `arn:${partition}:elasticloadbalancing:*:*:listener-rule/app/*/*/*`,
      ],
    },
    {
      Sid: "ManageOwnLoadBalancers",
      Effect: "Allow",
      Action: [
        "elasticloadbalancing:ModifyLoadBalancerAttributes",
        "elasticloadbalancing:SetIpAddressType",
        "elasticloadbalancing:SetSecurityGroups",
        "elasticloadbalancing:SetSubnets",
        "elasticloadbalancing:DeleteLoadBalancer",
        "elasticloadbalancing:ModifyTargetGroup",
        "elasticloadbalancing:ModifyTargetGroupAttributes",
        "elasticloadbalancing:DeleteTargetGroup",
        "elasticloadbalancing:ModifyListenerAttributes",
        "elasticloadbalancing:ModifyCapacityReservation",
        "elasticloadbalancing:ModifyIpPools",
      ],
      Resource: "*",
      Condition: resourceTagged,
    },
    {
      Sid: "TagOnCreate",
      Effect: "Allow",
      Action: "elasticloadbalancing:AddTags",
      Resource: loadBalancers,
      Condition: {
        StringEquals: { "elasticloadbalancing:CreateAction": ["CreateTargetGroup", "CreateLoadBalancer"] },
        ...requestTagged,
      },
    },
    {
      Sid: "RegisterTargets",
      Effect: "Allow",
      Action: ["elasticloadbalancing:RegisterTargets", "elasticloadbalancing:DeregisterTargets"],
      Resource: `arn:${partition}:elasticloadbalancing:*:*:targetgroup/*/*`,
    },
    {
      Sid: "ConfigureListeners",
      Effect: "Allow",
      Action: [
        "elasticloadbalancing:SetWebAcl",
        "elasticloadbalancing:ModifyListener",
        "elasticloadbalancing:AddListenerCertificates",
        "elasticloadbalancing:RemoveListenerCertificates",
        "elasticloadbalancing:ModifyRule",
        "elasticloadbalancing:SetRulePriorities",
      ],
      Resource: "*",
    },
  ]);
}

/** Tags EKS puts on the Auto Scaling group of every managed node group (Cluster Autoscaler auto-discovery). */
export function autoDiscoveryTags(clusterName: string): Record<string, string> {
  return {
    "k8s.io/cluster-autoscaler/enabled": "true",
    [`k8s.io/cluster-autoscaler/${clusterName}`]: "owned",
  };
}

/**
 * The Cluster Autoscaler's IAM policy, from the autoscaler's AWS cloud provider README ("IAM Policy", the
 * recommended least-privilege form): it may change the size of and terminate instances in only the Auto Scaling
 * groups tagged as this cluster's (the tags EKS sets on managed node groups); everything else is read-only.
 */
export function clusterAutoscalerPolicy(clusterName: string): PolicyDocument<ActionStatement> {
  return policyDocument<ActionStatement>([
    {
      Sid: "ScaleOnlyThisClustersGroups",
      Effect: "Allow",
      Action: ["autoscaling:SetDesiredCapacity", "autoscaling:TerminateInstanceInAutoScalingGroup"],
      Resource: "*",
      Condition: {
        StringEquals: {
          [`aws:ResourceTag/k8s.io/cluster-autoscaler/${clusterName}`]: "owned",
          "aws:ResourceTag/k8s.io/cluster-autoscaler/enabled": "true",
        },
      },
    },
    {
      Sid: "DiscoverGroupsAndInstanceTypes",
      Effect: "Allow",
      Action: [
        "autoscaling:DescribeAutoScalingGroups",
        "autoscaling:DescribeAutoScalingInstances",
        "autoscaling:DescribeLaunchConfigurations",
        "autoscaling:DescribeScalingActivities",
        "autoscaling:DescribeTags",
        "ec2:DescribeImages",
        "ec2:DescribeInstanceTypes",
        "ec2:DescribeLaunchTemplateVersions",
        "ec2:GetInstanceTypesFromInstanceRequirements",
        "eks:DescribeNodegroup",
      ],
      Resource: "*",
    },
  ]);
}
