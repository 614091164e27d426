/**
 * The region's edge (`platform:edge`, ADR 0027): the public zone where this stack owns it, the `RegionalEdge` (ALB
 * behind WAF, certificate, health-checked weighted records), the node security group's rules admitting the load
 * balancer on the applications' ports, and one TargetGroupBinding per application through which the AWS Load
 * Balancer Controller registers its pods into the edge's target group.
 */
import * as aws from "@pulumi/aws";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { EksPlatform } from "../components/eks-platform";
import { PublicZone } from "../components/public-zone";
import { RegionalEdge, planApplications, targetPorts } from "../components/regional-edge";
import type { RegionalKeys } from "../components/regional-keys";
import type { RegionalVpc } from "../components/regional-vpc";
import type { EdgeConfig, PlatformConfig } from "./config";
import type { Exported, RegionalStackOutputs } from "./contract";
import { COMPONENT_NAMES, EDGE_WIRING_NAMES } from "./naming";

/** The zone a region's records go into: its own `PublicZone`, or the primary's (read through the reference). */
export interface EdgeZone {
  readonly zoneId: pulumi.Input<string>;
  /** Only where this stack owns the zone. */
  readonly zone?: PublicZone;
}

/** What the edge is wired to: the network it sits in, the logs key, and the cluster whose pods it serves. */
export interface EdgeParts {
  readonly vpc: RegionalVpc;
  readonly keys: RegionalKeys;
  readonly eks: EksPlatform;
}

/** The region's edge as composed. */
export interface Edge {
  /** The zone's id, for the records and the outputs. */
  readonly zoneId: pulumi.Input<string>;
  /** The zone itself, where this stack owns it. */
  readonly zone?: PublicZone;
  readonly regional: RegionalEdge;
  /** The TargetGroupBindings by application. */
  readonly bindings: Readonly<Record<string, k8s.apiextensions.CustomResource>>;
}

/** The TargetGroupBinding API the AWS Load Balancer Controller serves (its chart installs the CRD). */
export const TARGET_GROUP_BINDING = {
  apiVersion: "elbv2.k8s.aws/v1beta1",
  kind: "TargetGroupBinding",
} as const;

/**
 * The public zone of `platform:edge.domain`, in the stack that owns it (`ownsZone`: the primary); protected in prod
 * (its delegation at the registrar, or in the parent zone, points at its name servers), with query logs in us-east-1
 * as the component does by default.
 */
export function publicZone(config: PlatformConfig, provider: aws.Provider): PublicZone | undefined {
  const edge = config.edge;
  if (edge === undefined || !edge.ownsZone) {
    return undefined;
  }
  return new PublicZone(
    COMPONENT_NAMES.zone,
    { domain: edge.domain, protect: config.environment === "prod" },
    { provider },
  );
}

/**
 * The region's edge, when the config has `platform:edge`: the `RegionalEdge` in the VPC's edge subnets (one per
 * zone, from the plain subnet plan: the load balancer checks their count before anything exists), the nodes'
 * security group admitting the load balancer's, and the TargetGroupBindings. Protected in prod.
 */
export function regionalEdge(
  config: PlatformConfig,
  zone: EdgeZone | undefined,
  parts: EdgeParts,
  provider: aws.Provider,
): Edge | undefined {
  const edge = config.edge;
  if (edge === undefined) {
    return undefined;
  }
  if (zone === undefined) {
    throw new Error(
      "platform:edge needs a zone: the stack's own (ownsZone) or its primary's, checked with the config",
    );
  }
  const { vpc, keys, eks } = parts;
  const edgeZones = vpc.subnetPlan.filter((subnet) => subnet.tier === "edge");
  const regional = new RegionalEdge(
    COMPONENT_NAMES.edge,
    {
      domain: edge.domain,
      zoneId: zone.zoneId,
      region: config.region,
      environment: config.environment,
      vpcId: vpc.vpcId,
      vpcCidr: vpc.vpcCidr,
      edgeSubnetIds: edgeZones.map((_, index) => vpc.subnetIds.apply((ids) => ids.edge[index])),
      applications: edge.applications,
      weight: edge.weight,
      logsKmsKeyArn: keys.keyArns.logs,
      logRetentionDays: edge.logRetentionDays,
      wafRateLimit: edge.wafRateLimit,
      protect: config.environment === "prod",
    },
    { provider },
  );
  admitLoadBalancer(edge, regional, eks, provider);
  return {
    zoneId: zone.zoneId,
    ...(zone.zone !== undefined ? { zone: zone.zone } : {}),
    regional,
    bindings: targetGroupBindings(edge, regional, eks),
  };
}

/**
 * The nodes' security group (every node and pod carries it) admits the load balancer's security group on each
 * application port, and nothing else of the edge: no CIDR, so only traffic through the ALB reaches the pods.
 */
function admitLoadBalancer(
  edge: EdgeConfig,
  regional: RegionalEdge,
  eks: EksPlatform,
  provider: aws.Provider,
): void {
  const ports = targetPorts(planApplications(edge.applications, "", edge.domain));
  for (const port of ports) {
    const name = EDGE_WIRING_NAMES.nodeIngress(port);
    new aws.vpc.SecurityGroupIngressRule(
      name,
      {
        securityGroupId: eks.nodeSecurityGroupId,
        description: `Requests and health checks from the edge load balancer on ${port}`,
        ipProtocol: "tcp",
        fromPort: port,
        toPort: port,
        referencedSecurityGroupId: regional.securityGroupId,
        tags: { Name: name },
      },
      { provider },
    );
  }
}

/**
 * One TargetGroupBinding per application in the application namespace: the controller registers the pods behind
 * the application's Service (named after it, on its port) into the edge's `ip` target group. No `networking`: the
 * controller then changes no security group, the rules above are the only ones. Created after the controller's Helm
 * release, which installs the CRD and the webhook that admits the objects.
 */
function targetGroupBindings(
  edge: EdgeConfig,
  regional: RegionalEdge,
  eks: EksPlatform,
): Record<string, k8s.apiextensions.CustomResource> {
  return Object.fromEntries(
    Object.keys(edge.applications)
      .sort()
      .map((app) => [
        app,
        new k8s.apiextensions.CustomResource(
          EDGE_WIRING_NAMES.targetGroupBinding(app),
          {
            ...TARGET_GROUP_BINDING,
            metadata: { name: app, namespace: eks.applicationNamespace },
            spec: {
              serviceRef: { name: app, port: edge.applications[app].port },
              targetGroupARN: regional.targetGroupArns.apply((arns) => arns[app]),
              targetType: "ip",
            },
          },
          {
            provider: eks.kubernetesProvider,
            dependsOn: [eks.loadBalancerController, eks.applicationNamespaceResource],
          },
        ),
      ]),
  );
}

/** The edge's fields of the outputs. */
export type EdgeOutputs = Pick<
  Exported<RegionalStackOutputs>,
  "edgeDomain" | "edgeZoneId" | "edgeNameServers" | "edgeLoadBalancerDnsName" | "edgeHealthCheckIds"
>;

/** The edge's outputs (`RegionalStackOutputs`' edge fields), empty without `platform:edge`. */
export function edgeOutputs(config: PlatformConfig, edge: Edge | undefined): EdgeOutputs {
  if (config.edge === undefined || edge === undefined) {
    return {};
  }
  return {
    edgeDomain: config.edge.domain,
    edgeZoneId: edge.zoneId,
    ...(edge.zone !== undefined ? { edgeNameServers: edge.zone.nameServers } : {}),
    edgeLoadBalancerDnsName: edge.regional.loadBalancerDnsName,
    edgeHealthCheckIds: edge.regional.healthCheckIds,
  };
}
