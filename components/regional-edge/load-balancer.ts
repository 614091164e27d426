/**
 * The internet-facing Application Load Balancer: its security group (HTTP and HTTPS from anywhere in, the
 * applications' ports to the VPC out), the load balancer in the edge subnets, the HTTPS listener with the validated
 * certificate and a fixed 404, HTTP redirected to HTTPS, and per application an `ip` target group and a host rule.
 * The AWS Load Balancer Controller registers the pods through TargetGroupBinding objects the stacks create.
 */
import * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";
import type { SecureBucket } from "../secure-bucket";
import type { Context } from "./context";
import { DEREGISTRATION_DELAY_SECONDS, TARGET_HEALTH_CHECK, TLS_POLICY, targetPorts } from "./plan";

/** The tag that marks a load balancer's security group (the private-networking pack's `loadBalancerTag`). */
export const LOAD_BALANCER_ROLE_TAG = { "platform:role": "load-balancer" } as const;

/** The listeners the load balancer answers on: HTTP (80) and HTTPS (443), from IPv4 and IPv6 clients. */
const LISTENER_PORTS = [80, 443] as const;
const ANYWHERE = [
  ["ipv4", { cidrIpv4: "0.0.0.0/0" }],
  ["ipv6", { cidrIpv6: "::/0" }],
] as const;

export function createSecurityGroup({
  name,
  resolved,
  provider,
  childOpts,
  tags,
  applications,
}: Context): aws.ec2.SecurityGroup {
  const groupName = `${name}-alb`;
  const group = new aws.ec2.SecurityGroup(
    groupName,
    {
      vpcId: resolved.vpcId,
      description: `Internet-facing load balancer ${name}: HTTP and HTTPS from anywhere, to the applications' ports in the VPC`,
      tags: tags({ Name: groupName, ...LOAD_BALANCER_ROLE_TAG }),
    },
    childOpts,
  );
  const ruleOpts = { parent: group, provider };
  for (const port of LISTENER_PORTS) {
    for (const [family, source] of ANYWHERE) {
      new aws.vpc.SecurityGroupIngressRule(
        `${groupName}-${port}-${family}`,
        {
          securityGroupId: group.id,
          description: `${port === 443 ? "HTTPS" : "HTTP (redirected to HTTPS)"} from anywhere (${family})`,
          ipProtocol: "tcp",
          fromPort: port,
          toPort: port,
          ...source,
          tags: tags({ Name: `${groupName}-${port}-${family}` }),
        },
        ruleOpts,
      );
    }
  }
  // The only egress: requests and health checks to the pods, on the applications' ports, inside the VPC.
  for (const port of targetPorts(applications)) {
    new aws.vpc.SecurityGroupEgressRule(
      `${groupName}-to-${port}`,
      {
        securityGroupId: group.id,
        description: `Requests and health checks to the applications on ${port} in the VPC`,
        ipProtocol: "tcp",
        fromPort: port,
        toPort: port,
        cidrIpv4: resolved.vpcCidr,
        tags: tags({ Name: `${groupName}-to-${port}` }),
      },
      ruleOpts,
    );
  }
  return group;
}

export function createLoadBalancer(
  { name, resolved, childOpts, tags }: Context,
  securityGroup: aws.ec2.SecurityGroup,
  accessLogs: SecureBucket,
): aws.lb.LoadBalancer {
  return new aws.lb.LoadBalancer(
    name,
    {
      loadBalancerType: "application",
      internal: false,
      ipAddressType: "ipv4",
      subnets: [...resolved.edgeSubnetIds],
      securityGroups: [securityGroup.id],
      dropInvalidHeaderFields: true,
      enableDeletionProtection: resolved.protect,
      accessLogs: { bucket: accessLogs.bucket.id, enabled: true },
      tags: tags({ Name: name }),
    },
    // ELB checks that it may write to the bucket when access logs are enabled: the policy must exist first.
    { ...childOpts, dependsOn: [accessLogs.policy] },
  );
}

/** The two listeners. */
export interface Listeners {
  readonly https: aws.lb.Listener;
  readonly http: aws.lb.Listener;
}

export function createListeners(
  { name, childOpts, tags }: Context,
  loadBalancer: aws.lb.LoadBalancer,
  certificateArn: pulumi.Output<string>,
): Listeners {
  const https = new aws.lb.Listener(
    `${name}-https`,
    {
      loadBalancerArn: loadBalancer.arn,
      port: 443,
      protocol: "HTTPS",
      sslPolicy: TLS_POLICY,
      certificateArn,
      // A host no rule knows gets a 404 from the load balancer, never an application's answer.
      defaultActions: [
        {
          type: "fixed-response",
          fixedResponse: { contentType: "text/plain", messageBody: "Not found", statusCode: "404" },
        },
      ],
      tags: tags({ Name: `${name}-https` }),
    },
    childOpts,
  );
  const http = new aws.lb.Listener(
    `${name}-http`,
    {
      loadBalancerArn: loadBalancer.arn,
      port: 80,
      protocol: "HTTP",
      defaultActions: [
        { type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } },
      ],
      tags: tags({ Name: `${name}-http` }),
    },
    childOpts,
  );
  return { https, http };
}

/**
 * Per application, an `ip` target group on its port with its health check, and a rule of the HTTPS listener that
 * forwards its public host and its regional host to it. Returns the target groups by application.
 */
export function createTargets(
  { name, resolved, provider, childOpts, tags, applications }: Context,
  https: aws.lb.Listener,
): Map<string, aws.lb.TargetGroup> {
  const targetGroups = new Map<string, aws.lb.TargetGroup>();
  for (const app of applications) {
    const appName = `${name}-${app.name}`;
    const targetGroup = new aws.lb.TargetGroup(
      appName,
      {
        targetType: "ip",
        protocol: "HTTP",
        protocolVersion: "HTTP1",
        port: app.port,
        vpcId: resolved.vpcId,
        deregistrationDelay: DEREGISTRATION_DELAY_SECONDS,
        healthCheck: { ...TARGET_HEALTH_CHECK, path: app.healthPath },
        tags: tags({ Name: appName, Application: app.name }),
      },
      childOpts,
    );
    targetGroups.set(app.name, targetGroup);
    new aws.lb.ListenerRule(
      appName,
      {
        listenerArn: https.arn,
        priority: app.priority,
        conditions: [{ hostHeader: { values: [app.host, app.regionalHost] } }],
        actions: [{ type: "forward", targetGroupArn: targetGroup.arn }],
        tags: tags({ Name: appName, Application: app.name }),
      },
      { parent: targetGroup, provider },
    );
  }
  return targetGroups;
}
