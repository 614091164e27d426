/**
 * Typical create times per resource type, the figures behind the deploy-time estimate. Every figure names its
 * source (docs/deploy-time.md lists them with links); a type that is not in the table gets DEFAULT_CREATE_MINUTES.
 *
 * The figures are typical, not worst case: a provider's default create timeout is the ceiling it waits before
 * failing, so where only a timeout is known the figure is an estimate below it and says so.
 */
import type { PlanResource } from "../plan/model";

/** Where a figure comes from: an entry of SOURCES. */
export type SourceKey = keyof typeof SOURCES;

/** The sources the figures cite (the same list, with what each says, is in docs/deploy-time.md). */
export const SOURCES = {
  "in-process": {
    title: "No cloud call: a Pulumi provider, stack reference or random value resolves in the engine",
    url: "https://www.pulumi.com/docs/iac/concepts/resources/providers/",
  },
  "tf-log-2203": {
    title:
      "Published apply log (terraform-aws-modules/terraform-aws-eks#2203): subnets 10 s, route table associations 1 s, security group rules 3 s",
    url: "https://github.com/terraform-aws-modules/terraform-aws-eks/issues/2203",
  },
  "sync-api": {
    title:
      "Synchronous AWS API: the Create call returns the resource (IAM, KMS, logs, SNS, alarms, parameter groups, ECR repositories and their policies); seconds",
    url: "https://docs.aws.amazon.com/general/latest/gr/aws-apis.html",
  },
  "nat-timeout": {
    title: "aws_nat_gateway default create timeout 10m (estimate below it: pending → available)",
    url: "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/nat_gateway#timeouts",
  },
  "endpoint-timeout": {
    title:
      "aws_vpc_endpoint default create timeout 10m (interface endpoints create ENIs per AZ; estimate below it)",
    url: "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/vpc_endpoint#timeouts",
  },
  "peering-timeout": {
    title: "aws_vpc_peering_connection default create timeout 1m",
    url: "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/vpc_peering_connection#timeouts",
  },
  "aurora-global-timeout": {
    title:
      "aws_rds_global_cluster default create timeout 30m; an empty global cluster is metadata only (estimate)",
    url: "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/rds_global_cluster#timeouts",
  },
  "aurora-cluster-log": {
    title:
      "Published apply log (terraform-aws-rds-aurora#241): aws_rds_cluster still creating at 5m40s; default timeout 120m",
    url: "https://github.com/terraform-aws-modules/terraform-aws-rds-aurora/issues/241",
  },
  "aurora-instance-timeout": {
    title:
      "aws_rds_cluster_instance default create timeout 90m; instances reported in Creating for ~20 min after a restore (aws/aws-sdk#826); estimate 10 min for an empty cluster",
    url: "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/rds_cluster_instance#timeouts",
  },
  "msk-measured": {
    title:
      "Measured MSK create times: 30–40 min in us-east-1 and us-west-2 (mattclay/aws-terminator#143), up to 60 min (terraform-provider-aws#17726); default timeout 120m",
    url: "https://github.com/mattclay/aws-terminator/pull/143",
  },
  "msk-replicator-timeout": {
    title: "aws_msk_replicator default create timeout 60m (estimate below it)",
    url: "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/msk_replicator#timeouts",
  },
  "eks-measured": {
    title:
      "Measured EKS control-plane create times in 21 regions: 13–16 min, ap-northeast-1 14m54s, ap-east-1 16m08s (easontechtalk.com); default timeout 30m",
    url: "https://easontechtalk.com/unofficial-eks-cluster-creation-performance-across-aws-regions",
  },
  "eks-nodegroup-timeout": {
    title:
      "aws_eks_node_group default create timeout 60 minutes; EC2 launch + kubelet join (estimate below it)",
    url: "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/eks_node_group#timeouts",
  },
  "eks-addon-timeout": {
    title: "aws_eks_addon default create timeout 20m; add-ons roll out a DaemonSet/Deployment (estimate)",
    url: "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/eks_addon#timeouts",
  },
  "helm-timeout": {
    title:
      "kubernetes.helm.v3.Release `timeout` (seconds per Kubernetes operation) defaults to 300 in Helm; waits for workloads to be ready (estimate below it)",
    url: "https://www.pulumi.com/registry/packages/kubernetes/api-docs/helm/v3/release/",
  },
  "amp-scraper": {
    title:
      "AMP CreateScraper creates ENIs per AZ and a service role, for an EKS or a VPC (MSK) source alike; provisioning is slow ('several minutes to reach ACTIVE', alchemy.run AMP docs); estimate",
    url: "https://docs.aws.amazon.com/prometheus/latest/APIReference/API_CreateScraper.html",
  },
  "grafana-workspace": {
    title: "aws_grafana_workspace default create timeout 30m; workspace provisioning (estimate)",
    url: "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/grafana_workspace#timeouts",
  },
  "amp-workspace": {
    title: "aws_prometheus_workspace: CREATING → ACTIVE within a minute (estimate; default timeout 5m)",
    url: "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/prometheus_workspace#timeouts",
  },
  "firehose-active": {
    title:
      "aws_kinesis_firehose_delivery_stream default create timeout 20m; the provider waits for CREATING → ACTIVE, about a minute or two for an S3 destination with SSE (estimate below it)",
    url: "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/kinesis_firehose_delivery_stream#timeouts",
  },
  "alb-timeout": {
    title:
      "aws_lb default create timeout 10m; an Application Load Balancer goes from provisioning to active in about 3 minutes (estimate below it)",
    url: "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/lb#timeouts",
  },
  "acm-validation-timeout": {
    title:
      "aws_acm_certificate_validation default create timeout 75m; waits until ACM sees the DNS validation records and issues the certificate, a few minutes once the records resolve (estimate 5)",
    url: "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/acm_certificate_validation#timeouts",
  },
  "route53-insync": {
    title:
      "Route 53 changes reach every authoritative name server within 60 seconds (GetChange INSYNC), which the provider waits for on zones and records",
    url: "https://docs.aws.amazon.com/Route53/latest/APIReference/API_GetChange.html",
  },
  "wafv2-association-timeout": {
    title:
      "aws_wafv2_web_acl_association default create timeout 5m: retried while the load balancer is not yet available to WAF (estimate 0.5)",
    url: "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/wafv2_web_acl_association#timeouts",
  },
  default: {
    title: "Unknown type: stated default of 1 minute",
    url: "docs/deploy-time.md#unknown-types",
  },
} as const satisfies Record<string, { title: string; url: string }>;

export interface CreateTime {
  minutes: number;
  source: SourceKey;
}

/** Minutes for a type whose create time is not in CREATE_TIMES. */
export const DEFAULT_CREATE_MINUTES = 1;

const api = (minutes = 0.1): CreateTime => ({ minutes, source: "sync-api" });
const free: CreateTime = { minutes: 0, source: "in-process" };

/** Typical create time per type token (the Pulumi type of the resource). */
export const CREATE_TIMES: Readonly<Record<string, CreateTime>> = {
  // Engine-side.
  "pulumi:providers:aws": free,
  "pulumi:providers:kubernetes": free,
  "pulumi:providers:random": free,
  "pulumi:providers:eks": free,
  "pulumi:pulumi:StackReference": free,
  "random:index/randomPassword:RandomPassword": free,
  "random:index/randomId:RandomId": free,
  "random:index/randomString:RandomString": free,
  // Network.
  "aws:ec2/vpc:Vpc": { minutes: 0.2, source: "tf-log-2203" },
  "aws:ec2/subnet:Subnet": { minutes: 0.2, source: "tf-log-2203" },
  "aws:ec2/internetGateway:InternetGateway": api(),
  "aws:ec2/eip:Eip": api(),
  "aws:ec2/natGateway:NatGateway": { minutes: 2, source: "nat-timeout" },
  "aws:ec2/routeTable:RouteTable": api(),
  "aws:ec2/route:Route": api(),
  "aws:ec2/routeTableAssociation:RouteTableAssociation": { minutes: 0.1, source: "tf-log-2203" },
  "aws:ec2/networkAcl:NetworkAcl": api(),
  "aws:ec2/networkAclRule:NetworkAclRule": api(),
  "aws:ec2/networkAclAssociation:NetworkAclAssociation": api(),
  "aws:ec2/defaultNetworkAcl:DefaultNetworkAcl": api(),
  "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup": api(),
  "aws:ec2/securityGroup:SecurityGroup": api(),
  "aws:ec2/securityGroupRule:SecurityGroupRule": { minutes: 0.1, source: "tf-log-2203" },
  "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": { minutes: 0.1, source: "tf-log-2203" },
  "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule": { minutes: 0.1, source: "tf-log-2203" },
  "aws:ec2/vpcEndpoint:VpcEndpoint": { minutes: 2, source: "endpoint-timeout" },
  "aws:ec2/flowLog:FlowLog": api(),
  "aws:ec2/vpcPeeringConnection:VpcPeeringConnection": { minutes: 0.5, source: "peering-timeout" },
  "aws:ec2/vpcPeeringConnectionAccepter:VpcPeeringConnectionAccepter": {
    minutes: 0.5,
    source: "peering-timeout",
  },
  "aws:ec2/peeringConnectionOptions:PeeringConnectionOptions": api(),
  "aws:ec2/launchTemplate:LaunchTemplate": api(),
  // Keys, identity, secrets, logs.
  "aws:kms/key:Key": api(),
  "aws:kms/alias:Alias": api(),
  "aws:kms/keyPolicy:KeyPolicy": api(),
  "aws:kms/replicaKey:ReplicaKey": api(),
  "aws:iam/role:Role": api(),
  "aws:iam/rolePolicy:RolePolicy": api(),
  "aws:iam/policy:Policy": api(),
  "aws:iam/rolePolicyAttachment:RolePolicyAttachment": api(),
  "aws:iam/instanceProfile:InstanceProfile": api(),
  "aws:iam/openIdConnectProvider:OpenIdConnectProvider": api(),
  "aws:iam/serviceLinkedRole:ServiceLinkedRole": api(),
  "aws:secretsmanager/secret:Secret": api(),
  "aws:secretsmanager/secretVersion:SecretVersion": api(),
  "aws:secretsmanager/secretPolicy:SecretPolicy": api(),
  "aws:cloudwatch/logGroup:LogGroup": api(),
  // Data.
  "aws:rds/subnetGroup:SubnetGroup": api(),
  "aws:rds/clusterParameterGroup:ClusterParameterGroup": api(),
  "aws:rds/parameterGroup:ParameterGroup": api(),
  "aws:rds/globalCluster:GlobalCluster": { minutes: 1, source: "aurora-global-timeout" },
  "aws:rds/cluster:Cluster": { minutes: 6, source: "aurora-cluster-log" },
  "aws:rds/clusterInstance:ClusterInstance": { minutes: 10, source: "aurora-instance-timeout" },
  // Streaming.
  "aws:msk/configuration:Configuration": api(),
  "aws:msk/cluster:Cluster": { minutes: 30, source: "msk-measured" },
  "aws:msk/topic:Topic": api(0.5),
  "aws:msk/clusterPolicy:ClusterPolicy": api(),
  "aws:msk/scramSecretAssociation:ScramSecretAssociation": api(),
  "aws:msk/replicator:Replicator": { minutes: 25, source: "msk-replicator-timeout" },
  "aws:appautoscaling/target:Target": api(),
  "aws:appautoscaling/policy:Policy": api(),
  // Compute.
  "eks:index:Cluster": { minutes: 17, source: "eks-measured" },
  "aws:eks/cluster:Cluster": { minutes: 15, source: "eks-measured" },
  "eks:index:ManagedNodeGroup": { minutes: 5, source: "eks-nodegroup-timeout" },
  "eks:index:NodeGroupV2": { minutes: 5, source: "eks-nodegroup-timeout" },
  "aws:eks/nodeGroup:NodeGroup": { minutes: 5, source: "eks-nodegroup-timeout" },
  "aws:eks/addon:Addon": { minutes: 1, source: "eks-addon-timeout" },
  "aws:eks/accessEntry:AccessEntry": api(),
  "aws:eks/accessPolicyAssociation:AccessPolicyAssociation": api(),
  "aws:eks/podIdentityAssociation:PodIdentityAssociation": api(),
  "kubernetes:helm.sh/v3:Release": { minutes: 2, source: "helm-timeout" },
  "kubernetes:core/v1:Namespace": api(),
  "kubernetes:core/v1:ServiceAccount": api(),
  "kubernetes:core/v1:ConfigMap": api(),
  "kubernetes:networking.k8s.io/v1:NetworkPolicy": api(),
  "kubernetes:storage.k8s.io/v1:StorageClass": api(),
  "kubernetes:rbac.authorization.k8s.io/v1:ClusterRole": api(),
  "kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBinding": api(),
  // The API server stores the object; the controller registers the pods afterwards, which the create does not wait for.
  "kubernetes:elbv2.k8s.aws/v1beta1:TargetGroupBinding": api(),
  // Delivery: CreateRepository returns the repository; policies and the registry's replication are single PUTs.
  "aws:ecr/repository:Repository": api(),
  "aws:ecr/lifecyclePolicy:LifecyclePolicy": api(),
  "aws:ecr/repositoryPolicy:RepositoryPolicy": api(),
  "aws:ecr/replicationConfiguration:ReplicationConfiguration": api(),
  // Cost guardrails: CreateBudget, CreateAnomalyMonitor/Subscription and UpdateCostAllocationTagsStatus are single
  // synchronous calls. (Cost: Budgets charges nothing for an account's first two budgets without actions, and Cost
  // Anomaly Detection is free, so tools/insights/cost.ts prices none of them.)
  "aws:budgets/budget:Budget": api(),
  "aws:costexplorer/anomalyMonitor:AnomalyMonitor": api(),
  "aws:costexplorer/anomalySubscription:AnomalySubscription": api(),
  "aws:costexplorer/costAllocationTag:CostAllocationTag": api(),
  // AWS Backup: CreateBackupVault, CreateBackupPlan, CreateBackupSelection, PutBackupVaultLockConfiguration,
  // PutBackupVaultNotifications and the restore testing calls are single synchronous calls (the first backup job
  // runs at the plan's schedule, after the deployment).
  "aws:backup/vault:Vault": api(),
  "aws:backup/vaultLockConfiguration:VaultLockConfiguration": api(),
  "aws:backup/vaultNotifications:VaultNotifications": api(),
  "aws:backup/plan:Plan": api(),
  "aws:backup/selection:Selection": api(),
  "aws:backup/restoreTestingPlan:RestoreTestingPlan": api(),
  "aws:backup/restoreTestingSelection:RestoreTestingSelection": api(),
  // Observability.
  "aws:sns/topic:Topic": api(),
  "aws:sns/topicPolicy:TopicPolicy": api(),
  "aws:sns/topicSubscription:TopicSubscription": api(),
  "aws:amp/workspace:Workspace": { minutes: 0.5, source: "amp-workspace" },
  "aws:amp/scraper:Scraper": { minutes: 15, source: "amp-scraper" },
  "aws:amp/workspaceConfiguration:WorkspaceConfiguration": api(),
  "aws:amp/ruleGroupNamespace:RuleGroupNamespace": api(),
  "aws:amp/alertManagerDefinition:AlertManagerDefinition": api(),
  "aws:grafana/workspace:Workspace": { minutes: 5, source: "grafana-workspace" },
  "aws:grafana/roleAssociation:RoleAssociation": api(),
  "aws:grafana/workspaceServiceAccount:WorkspaceServiceAccount": api(),
  "aws:cloudwatch/metricAlarm:MetricAlarm": api(),
  "aws:cloudwatch/compositeAlarm:CompositeAlarm": api(),
  "aws:cloudwatch/dashboard:Dashboard": api(),
  "aws:xray/samplingRule:SamplingRule": api(),
  // Edge.
  "aws:route53/zone:Zone": { minutes: 1, source: "route53-insync" },
  "aws:route53/record:Record": { minutes: 1, source: "route53-insync" },
  "aws:route53/healthCheck:HealthCheck": api(),
  "aws:route53/queryLog:QueryLog": api(),
  "aws:cloudwatch/logResourcePolicy:LogResourcePolicy": api(),
  "aws:acm/certificate:Certificate": api(),
  "aws:acm/certificateValidation:CertificateValidation": { minutes: 5, source: "acm-validation-timeout" },
  "aws:lb/loadBalancer:LoadBalancer": { minutes: 3, source: "alb-timeout" },
  "aws:alb/loadBalancer:LoadBalancer": { minutes: 3, source: "alb-timeout" },
  "aws:lb/listener:Listener": api(),
  "aws:lb/listenerRule:ListenerRule": api(),
  "aws:lb/targetGroup:TargetGroup": api(),
  "aws:wafv2/webAcl:WebAcl": api(),
  "aws:wafv2/webAclAssociation:WebAclAssociation": { minutes: 0.5, source: "wafv2-association-timeout" },
  "aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration": api(),
  "aws:s3/bucket:Bucket": api(),
  "aws:s3/bucketOwnershipControls:BucketOwnershipControls": api(),
  "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock": api(),
  "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration": api(),
  "aws:s3/bucketVersioning:BucketVersioning": api(),
  "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration": api(),
  "aws:s3/bucketPolicy:BucketPolicy": api(),
  // Audit: CreateTrail (and StartLogging), PutConfigurationRecorder, PutDeliveryChannel, StartConfigurationRecorder and
  // PutMetricFilter are single synchronous calls; none waits for a delivery.
  "aws:cloudtrail/trail:Trail": api(),
  "aws:cloudwatch/logMetricFilter:LogMetricFilter": api(),
  "aws:cfg/recorder:Recorder": api(),
  "aws:cfg/deliveryChannel:DeliveryChannel": api(),
  "aws:cfg/recorderStatus:RecorderStatus": api(),
  "aws:s3/bucketLogging:BucketLogging": api(),
  "aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration": api(),
  "aws:s3/bucketReplicationConfig:BucketReplicationConfig": api(),
  "aws:cloudwatch/logStream:LogStream": api(),
  "aws:cloudwatch/logSubscriptionFilter:LogSubscriptionFilter": api(),
  // CreateDeliveryStream returns at once; the stream is CREATING until ACTIVE, which the provider awaits.
  "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream": { minutes: 1.5, source: "firehose-active" },
};

/** The create time of one planned resource, and whether its type is in the table. */
export function createTimeOf(
  resource: Pick<PlanResource, "type" | "inputs">,
): CreateTime & { known: boolean } {
  // A gateway endpoint is a route-table entry; only interface endpoints place ENIs in every subnet.
  if (
    resource.type === "aws:ec2/vpcEndpoint:VpcEndpoint" &&
    resource.inputs["vpcEndpointType"] === "Gateway"
  ) {
    return { minutes: 0.1, source: "sync-api", known: true };
  }
  const known = CREATE_TIMES[resource.type];
  return known !== undefined
    ? { ...known, known: true }
    : { minutes: DEFAULT_CREATE_MINUTES, source: "default", known: false };
}
