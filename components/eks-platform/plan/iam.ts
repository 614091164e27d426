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

/** Tag the AWS Load Balancer Controller puts on everything it creates, valued with its cluster's name. */
const LBC_CLUSTER_TAG = "elbv2.k8s.aws/cluster";

/** Where a controller's policy applies: one cluster, in one VPC, region and account of one partition. */
export interface ClusterScope {
  partition: string;
  region: string;
  accountId: string;
  clusterName: string;
  vpcId: string;
}

/**
 * The upstream controller's Load Balancer features this platform turns off in the chart's values: WAF and Shield
 * associations are made by the stacks (Pulumi), not by Ingress annotations, so the controller is not granted them.
 */
export const LBC_DISABLED_FEATURE_ACTIONS: readonly string[] = [
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
  "elasticloadbalancing:SetWebAcl",
];

/**
 * The AWS Load Balancer Controller's IAM policy, starting from the controller's published policy
 * (kubernetes-sigs/aws-load-balancer-controller, docs/install/iam_policy.json, v2.17.1, vendored as
 * `../vendor/aws-load-balancer-controller-iam-policy.json`) and scoped to one cluster (ADR 0026): every write is
 * limited to this account and region's ARNs; security-group ingress to the cluster's VPC (`ec2:Vpc`); creating
 * needs the cluster tag valued with this cluster's name, and changing or deleting needs it on the resource
 * (upstream accepts any value, so one cluster's controller could change another's); listeners, rules and target
 * groups that carry the tag must carry this cluster's. WAF and Shield are not granted (`LBC_DISABLED_FEATURE_ACTIONS`).
 * Upstream's reads stay on `*`, as the APIs require.
 */
export function loadBalancerControllerPolicy(scope: ClusterScope): PolicyDocument<ActionStatement> {
  const { partition, region, accountId, clusterName, vpcId } = scope;
  const ownCluster = clusterName;
  const requestTagged = { StringEquals: { [`aws:RequestTag/${LBC_CLUSTER_TAG}`]: ownCluster } };
  const resourceTagged = { StringEquals: { [`aws:ResourceTag/${LBC_CLUSTER_TAG}`]: ownCluster } };
  // Listeners and rules are tagged by the controller only since it learnt to, and target groups may come from
  // outside (TargetGroupBinding): when the tag is there it must be this cluster's.
  const notAnotherClusters = { StringEqualsIfExists: { [`aws:ResourceTag/${LBC_CLUSTER_TAG}`]: ownCluster } };
  const retagging = {
    Null: { [`aws:RequestTag/${LBC_CLUSTER_TAG}`]: "true" },
    ...resourceTagged,
  };
  const ec2 = `arn:${partition}:ec2:${region}:${accountId}`;
  const elb = `arn:${partition}:elasticloadbalancing:${region}:${accountId}`;
  const securityGroups = `${ec2}:security-group/*`;
  const vpc = `${ec2}:vpc/${vpcId}`;
  const targetGroups = `${elb}:targetgroup/*/*`;
  const loadBalancers = [targetGroups, `${elb}:loadbalancer/net/*/*`, `${elb}:loadbalancer/app/*/*`];
  const listenersAndRules = [
    `${elb}:listener/net/*/*/*`,
    `${elb}:listener/app/*/*/*`,
    `${elb}:listener-rule/net/*/*/*`,
    `${elb}:listener-rule/app/*/*/*`,
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
      Sid: "ReadCertificates",
      Effect: "Allow",
      Action: [
        "cognito-idp:DescribeUserPoolClient",
        "acm:ListCertificates",
        "acm:DescribeCertificate",
        "iam:ListServerCertificates",
        "iam:GetServerCertificate",
      ],
      Resource: "*",
    },
    {
      // Upstream: on "*". The nodes' and the controller's security groups are all in the cluster's VPC.
      Sid: "ManageSecurityGroupIngressInClusterVpc",
      Effect: "Allow",
      Action: ["ec2:AuthorizeSecurityGroupIngress", "ec2:RevokeSecurityGroupIngress"],
      Resource: securityGroups,
      Condition: { ArnEquals: { "ec2:Vpc": vpc } },
    },
    {
      // Upstream: on "*". CreateSecurityGroup is authorised on the VPC and on the new group, separately.
      Sid: "CreateSecurityGroupsInClusterVpc",
      Effect: "Allow",
      Action: "ec2:CreateSecurityGroup",
      Resource: vpc,
    },
    {
      Sid: "CreateClusterTaggedSecurityGroups",
      Effect: "Allow",
      Action: "ec2:CreateSecurityGroup",
      Resource: securityGroups,
      Condition: requestTagged,
    },
    {
      Sid: "TagNewSecurityGroups",
      Effect: "Allow",
      Action: "ec2:CreateTags",
      Resource: securityGroups,
      Condition: {
        StringEquals: {
          "ec2:CreateAction": "CreateSecurityGroup",
          [`aws:RequestTag/${LBC_CLUSTER_TAG}`]: ownCluster,
        },
      },
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
      Resource: securityGroups,
      Condition: resourceTagged,
    },
    {
      Sid: "CreateTaggedLoadBalancers",
      Effect: "Allow",
      Action: ["elasticloadbalancing:CreateLoadBalancer", "elasticloadbalancing:CreateTargetGroup"],
      Resource: loadBalancers,
      Condition: requestTagged,
    },
    {
      // Upstream: on "*". Authorised on the load balancer and listener the change belongs to.
      Sid: "ManageListenersAndRules",
      Effect: "Allow",
      Action: [
        "elasticloadbalancing:CreateListener",
        "elasticloadbalancing:DeleteListener",
        "elasticloadbalancing:CreateRule",
        "elasticloadbalancing:DeleteRule",
      ],
      Resource: [...loadBalancers.slice(1), ...listenersAndRules],
      Condition: notAnotherClusters,
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
      Resource: listenersAndRules,
      Condition: notAnotherClusters,
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
      Resource: [...loadBalancers, ...listenersAndRules.slice(0, 2)],
      Condition: resourceTagged,
    },
    {
      Sid: "TagOnCreate",
      Effect: "Allow",
      Action: "elasticloadbalancing:AddTags",
      Resource: loadBalancers,
      Condition: {
        StringEquals: {
          "elasticloadbalancing:CreateAction": ["CreateTargetGroup", "CreateLoadBalancer"],
          [`aws:RequestTag/${LBC_CLUSTER_TAG}`]: ownCluster,
        },
      },
    },
    {
      Sid: "RegisterTargets",
      Effect: "Allow",
      Action: ["elasticloadbalancing:RegisterTargets", "elasticloadbalancing:DeregisterTargets"],
      Resource: targetGroups,
      Condition: notAnotherClusters,
    },
    {
      // Upstream: on "*", with SetWebAcl (WAF is off here).
      Sid: "ConfigureListeners",
      Effect: "Allow",
      Action: [
        "elasticloadbalancing:ModifyListener",
        "elasticloadbalancing:AddListenerCertificates",
        "elasticloadbalancing:RemoveListenerCertificates",
        "elasticloadbalancing:ModifyRule",
        "elasticloadbalancing:SetRulePriorities",
      ],
      Resource: listenersAndRules,
      Condition: notAnotherClusters,
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
 * recommended least-privilege form), scoped to one cluster: it may change the size of and terminate instances in
 * only this account and region's Auto Scaling groups tagged as this cluster's (the tags EKS sets on managed node
 * groups), and describe only this cluster's node groups; the other reads are list-style APIs that take no resource.
 */
export function clusterAutoscalerPolicy(scope: Omit<ClusterScope, "vpcId">): PolicyDocument<ActionStatement> {
  const { partition, region, accountId, clusterName } = scope;
  return policyDocument<ActionStatement>([
    {
      Sid: "ScaleOnlyThisClustersGroups",
      Effect: "Allow",
      Action: ["autoscaling:SetDesiredCapacity", "autoscaling:TerminateInstanceInAutoScalingGroup"],
      Resource: `arn:${partition}:autoscaling:${region}:${accountId}:autoScalingGroup:*:autoScalingGroupName/*`,
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
      ],
      Resource: "*",
    },
    {
      Sid: "DescribeThisClustersNodeGroups",
      Effect: "Allow",
      Action: "eks:DescribeNodegroup",
      Resource: `arn:${partition}:eks:${region}:${accountId}:nodegroup/${clusterName}/*/*`,
    },
  ]);
}
