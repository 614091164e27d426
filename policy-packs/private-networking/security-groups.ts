/**
 * Security groups: no ingress from anywhere, except the listener ports of load balancers, whose groups carry the
 * load-balancer role tag (`platform:role=load-balancer` by default). The default security group of every VPC has
 * no rules at all.
 */
import type * as aws from "@pulumi/aws";
import type {
  PolicyConfigSchema,
  PolicyResource,
  ResourceValidationPolicy,
  StackValidationPolicy,
} from "@pulumi/policy";
import { linkedResources, requireKnownReference } from "../lib/links";
import { describeTraffic, isAllowedPublicPort, isWorldCidr } from "../lib/network";
import { configWithDefaults, Inputs, resourcesOfType, schema, validateType } from "../lib/policy";
import { hasTag, tagMap } from "../lib/tags";
import { listOf } from "../lib/values";

export const SECURITY_GROUP = "aws:ec2/securityGroup:SecurityGroup";
export const SECURITY_GROUP_RULE = "aws:ec2/securityGroupRule:SecurityGroupRule";
export const SECURITY_GROUP_INGRESS_RULE = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule";
export const DEFAULT_SECURITY_GROUP = "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup";

export interface PublicIngressConfig {
  /** `key=value` tag that marks a load balancer's security group. */
  loadBalancerTag: string;
  /** TCP ports a load balancer group may open to anywhere. */
  publicPorts: number[];
}
export const publicIngressDefaults: PublicIngressConfig = {
  loadBalancerTag: "platform:role=load-balancer",
  publicPorts: [80, 443],
};
const publicIngressSchema: PolicyConfigSchema = schema({
  loadBalancerTag: {
    type: "string",
    pattern: "^[^=]+=[^=]*$",
    default: publicIngressDefaults.loadBalancerTag,
    description: "key=value tag that marks a load balancer's security group.",
  },
  publicPorts: {
    type: "array",
    items: { type: "integer", minimum: 0, maximum: 65535 },
    default: publicIngressDefaults.publicPorts,
    description: "TCP ports a load balancer group may open to anywhere.",
  },
});

function exceptionNote(config: PublicIngressConfig): string {
  return `world-open ingress is only for tcp ${config.publicPorts.join(" and ")} on groups tagged ${config.loadBalancerTag}`;
}

export const securityGroupNoPublicIngress: ResourceValidationPolicy = {
  name: "security-group-no-public-ingress",
  description:
    "Security groups admit no ingress from anywhere, except a load balancer group's listener ports.",
  enforcementLevel: "mandatory",
  configSchema: publicIngressSchema,
  validateResource: validateType<Inputs<aws.ec2.SecurityGroupArgs>>(SECURITY_GROUP, (group, args, report) => {
    const config = configWithDefaults(args, publicIngressDefaults);
    const isLoadBalancer = hasTag(tagMap(group.tags), config.loadBalancerTag);
    listOf(group.ingress).forEach((rule, index) => {
      const world = [
        ...listOf(rule.cidrBlocks)
          .filter(isWorldCidr)
          .map((cidr) => ["cidrBlocks", cidr] as const),
        ...listOf(rule.ipv6CidrBlocks)
          .filter(isWorldCidr)
          .map((cidr) => ["ipv6CidrBlocks", cidr] as const),
      ];
      for (const [key, cidr] of world) {
        if (
          isLoadBalancer &&
          isAllowedPublicPort(rule.protocol, rule.fromPort, rule.toPort, config.publicPorts)
        ) {
          continue;
        }
        report(
          `ingress[${index}] allows ${cidr} to ${describeTraffic(rule.protocol, rule.fromPort, rule.toPort)}; ` +
            `remove ${cidr} from ingress[${index}].${key} (${exceptionNote(config)}).`,
        );
      }
    });
  }),
};

/** A standalone ingress rule of either kind, as the networking policies see it. */
interface IngressRule {
  readonly worldCidrs: { key: string; cidr: string }[];
  readonly protocol: unknown;
  readonly fromPort: unknown;
  readonly toPort: unknown;
}

type SecurityGroupRuleInputs = Inputs<aws.ec2.SecurityGroupRuleArgs>;
type SecurityGroupIngressRuleInputs = Inputs<aws.vpc.SecurityGroupIngressRuleArgs>;

function ruleOfSecurityGroupRule(rule: SecurityGroupRuleInputs): IngressRule | undefined {
  if (rule.type !== "ingress") {
    return undefined;
  }
  return {
    worldCidrs: [
      ...listOf(rule.cidrBlocks)
        .filter(isWorldCidr)
        .map((cidr) => ({ key: "cidrBlocks", cidr })),
      ...listOf(rule.ipv6CidrBlocks)
        .filter(isWorldCidr)
        .map((cidr) => ({ key: "ipv6CidrBlocks", cidr })),
    ],
    protocol: rule.protocol,
    fromPort: rule.fromPort,
    toPort: rule.toPort,
  };
}

function ruleOfIngressRule(rule: SecurityGroupIngressRuleInputs): IngressRule {
  return {
    worldCidrs: [
      ...(isWorldCidr(rule.cidrIpv4) ? [{ key: "cidrIpv4", cidr: String(rule.cidrIpv4) }] : []),
      ...(isWorldCidr(rule.cidrIpv6) ? [{ key: "cidrIpv6", cidr: String(rule.cidrIpv6) }] : []),
    ],
    protocol: rule.ipProtocol,
    // The VPC rule leaves ports unset for "all traffic".
    fromPort: rule.fromPort ?? 0,
    toPort: rule.toPort ?? 65535,
  };
}

export const securityGroupRuleNoPublicIngress: ResourceValidationPolicy = {
  name: "security-group-rule-no-public-ingress",
  description:
    "Standalone ingress rules admit nothing from anywhere except the load balancer listener ports.",
  enforcementLevel: "mandatory",
  configSchema: publicIngressSchema,
  validateResource: [
    [SECURITY_GROUP_RULE, ruleOfSecurityGroupRule] as const,
    [SECURITY_GROUP_INGRESS_RULE, ruleOfIngressRule] as const,
  ].map(([type, read]) =>
    validateType<SecurityGroupRuleInputs & SecurityGroupIngressRuleInputs>(type, (props, args, report) => {
      const config = configWithDefaults(args, publicIngressDefaults);
      const rule = read(props);
      if (
        rule === undefined ||
        isAllowedPublicPort(rule.protocol, rule.fromPort, rule.toPort, config.publicPorts)
      ) {
        return;
      }
      for (const { key, cidr } of rule.worldCidrs) {
        report(
          `${key} admits ${cidr} to ${describeTraffic(rule.protocol, rule.fromPort, rule.toPort)}; narrow ${key} ` +
            `to the sources that need it (${exceptionNote(config)}).`,
        );
      }
    }),
  ),
};

function standaloneRule(resource: PolicyResource): IngressRule | undefined {
  if (resource.type === SECURITY_GROUP_RULE) {
    return ruleOfSecurityGroupRule(resource.props as SecurityGroupRuleInputs);
  }
  return ruleOfIngressRule(resource.props as SecurityGroupIngressRuleInputs);
}

export const publicIngressOnlyOnLoadBalancerGroups: StackValidationPolicy = {
  name: "public-ingress-only-on-load-balancer-groups",
  description:
    "Standalone world-open ingress rules (listener ports) attach only to load balancer security groups.",
  enforcementLevel: "mandatory",
  configSchema: publicIngressSchema,
  validateStack: (args, report) => {
    const config = configWithDefaults(args, publicIngressDefaults);
    const groups = resourcesOfType(args, SECURITY_GROUP);
    for (const resource of resourcesOfType(args, SECURITY_GROUP_RULE, SECURITY_GROUP_INGRESS_RULE)) {
      const rule = standaloneRule(resource);
      if (rule === undefined || rule.worldCidrs.length === 0) {
        continue;
      }
      if (!isAllowedPublicPort(rule.protocol, rule.fromPort, rule.toPort, config.publicPorts)) {
        continue; // reported by security-group-rule-no-public-ingress
      }
      const targets = linkedResources(resource, "securityGroupId", groups);
      const others = targets.filter((g) => !hasTag(tagMap(g.props["tags"]), config.loadBalancerTag));
      if (targets.length > 0 && others.length === 0) {
        continue;
      }
      if (targets.length === 0) {
        requireKnownReference(resource, "securityGroupId");
      }
      const target =
        targets.length === 0
          ? "a security group outside this stack"
          : `security group ${others.map((g) => g.name).join(", ")}`;
      report(
        `securityGroupId refers to ${target}, which is not tagged ${config.loadBalancerTag}; world-open ingress to ` +
          `${describeTraffic(rule.protocol, rule.fromPort, rule.toPort)} is only for load balancer groups.`,
        resource.urn,
      );
    }
  },
};

export const defaultSecurityGroupNoRules: ResourceValidationPolicy = {
  name: "default-security-group-no-rules",
  description: "The managed default security group of a VPC has no ingress or egress rules.",
  enforcementLevel: "mandatory",
  validateResource: validateType<Inputs<aws.ec2.DefaultSecurityGroupArgs>>(
    DEFAULT_SECURITY_GROUP,
    (group, _args, report) => {
      for (const key of ["ingress", "egress"] as const) {
        const rules = listOf(group[key]);
        if (rules.length > 0) {
          report(
            `${key} has ${rules.length} rule${rules.length === 1 ? "" : "s"}; leave ${key} unset so the default ` +
              `security group admits nothing.`,
          );
        }
      }
    },
  ),
};
