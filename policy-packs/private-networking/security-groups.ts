/**
 * Security groups: no ingress from anywhere, except the listener ports of load balancers, whose groups carry the
 * load-balancer role tag (`platform:role=load-balancer` by default). The default security group of every VPC has
 * no rules at all. The brokers of an MSK cluster with open monitoring admit the Prometheus exporter ports only from
 * security groups.
 */
import type * as aws from "@pulumi/aws";
import type {
  PolicyConfigSchema,
  PolicyResource,
  ResourceValidationPolicy,
  StackValidationPolicy,
} from "@pulumi/policy";
import { linkedResources, listReference, requireKnownReference, stringList } from "../lib/links";
import { admitsTcpPort, describeTraffic, isAllowedPublicPort, isWorldCidr } from "../lib/network";
import { configWithDefaults, Inputs, resourcesOfType, schema, validateType } from "../lib/policy";
import { hasTag, tagMap } from "../lib/tags";
import { isUnknown, listOf, peek } from "../lib/values";
import { MSK_CLUSTER } from "./exposure";

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

/**
 * MSK's open-monitoring exporters and their ports on every broker: "Amazon MSK uses port 11001 for the JMX Exporter
 * and port 11002 for the Node Exporter" (Amazon MSK Developer Guide, "Set up a Prometheus host on an Amazon EC2
 * instance"). The keys are the cluster's `openMonitoring.prometheus` blocks.
 */
export const MSK_EXPORTER_PORTS = { jmxExporter: 11001, nodeExporter: 11002 } as const;

/** The exporter ports a cluster opens: an exporter whose `enabledInBroker` is true, or not known yet, counts. */
function exporterPorts(cluster: PolicyResource): { exporter: string; port: number }[] {
  const prometheus = peek(peek(cluster.props, "openMonitoring"), "prometheus");
  return Object.entries(MSK_EXPORTER_PORTS)
    .filter(([exporter]) => {
      const enabled = peek(peek(prometheus, exporter), "enabledInBroker");
      return enabled === true || isUnknown(enabled);
    })
    .map(([exporter, port]) => ({ exporter, port }));
}

/**
 * The address sources (CIDRs, prefix lists) a rule names, by property: set means an address source, whatever its
 * value. A list not known yet stops the policy (read through the unknown-checking proxy): it may be empty.
 */
function addressSources(props: Record<string, unknown>, keys: readonly string[]): string[] {
  return keys.filter((key) => {
    const value = peek(props, key);
    if (isUnknown(value)) {
      void props[key];
    }
    return Array.isArray(value) ? value.length > 0 : value !== undefined && value !== null && value !== "";
  });
}

interface ExporterRule {
  /** Prefix of the rule's properties in messages: `ingress[0].` for a group's inline rule, empty for a rule's own. */
  readonly path: string;
  readonly urn: string;
  readonly props: Record<string, unknown>;
  readonly protocolKey: string;
  readonly sourceKeys: readonly string[];
}

const INLINE_SOURCES = ["cidrBlocks", "ipv6CidrBlocks", "prefixListIds"] as const;
const RULE_SOURCES = ["cidrBlocks", "ipv6CidrBlocks", "prefixListIds"] as const;
const VPC_RULE_SOURCES = ["cidrIpv4", "cidrIpv6", "prefixListId"] as const;

export const mskExportersFromSecurityGroups: StackValidationPolicy = {
  name: "msk-exporters-from-security-groups",
  description:
    "The brokers of an MSK cluster with open monitoring admit the Prometheus exporter ports (11001 JMX, 11002 Node) " +
    "only from security groups, never from a CIDR or prefix list.",
  enforcementLevel: "mandatory",
  validateStack: (args, report) => {
    const clusters = resourcesOfType(args, MSK_CLUSTER)
      .map((cluster) => ({ cluster, ports: exporterPorts(cluster) }))
      .filter(({ ports }) => ports.length > 0);
    if (clusters.length === 0) {
      return;
    }
    const groups = resourcesOfType(args, SECURITY_GROUP);
    const standalone = resourcesOfType(args, SECURITY_GROUP_RULE, SECURITY_GROUP_INGRESS_RULE);
    for (const { cluster, ports } of clusters) {
      const info = cluster.props["brokerNodeGroupInfo"] as { securityGroups?: unknown } | undefined;
      const { matched: brokerGroups } = listReference(
        cluster,
        "brokerNodeGroupInfo",
        stringList(info?.securityGroups),
        groups,
      );
      const rules: ExporterRule[] = [];
      for (const group of brokerGroups) {
        listOf(group.props["ingress"] as Record<string, unknown>[] | undefined).forEach((rule, index) =>
          rules.push({
            path: `ingress[${index}].`,
            urn: group.urn,
            props: rule,
            protocolKey: "protocol",
            sourceKeys: INLINE_SOURCES,
          }),
        );
      }
      for (const rule of standalone) {
        if (rule.type === SECURITY_GROUP_RULE && peek(rule.props, "type") !== "ingress") {
          continue;
        }
        const vpcRule = rule.type === SECURITY_GROUP_INGRESS_RULE;
        const protocolKey = vpcRule ? "ipProtocol" : "protocol";
        const [protocol, fromPort, toPort] = [protocolKey, "fromPort", "toPort"].map((k) =>
          peek(rule.props, k),
        );
        const unknownTraffic = [protocol, fromPort, toPort].some(isUnknown);
        if (
          !unknownTraffic &&
          !ports.some(({ port }) => admitsTcpPort(protocol, fromPort ?? 0, toPort ?? 65535, port))
        ) {
          continue;
        }
        const targets = linkedResources(rule, "securityGroupId", groups);
        if (targets.length > 0 && !targets.some((target) => brokerGroups.includes(target))) {
          continue;
        }
        const sourceKeys = vpcRule ? VPC_RULE_SOURCES : RULE_SOURCES;
        if (addressSources(rule.props, sourceKeys).length === 0) {
          continue;
        }
        if (targets.length === 0) {
          // Not known to be a group of this stack: until `up`, it may be a broker group.
          requireKnownReference(rule, "securityGroupId");
          continue;
        }
        rules.push({ path: "", urn: rule.urn, props: rule.props, protocolKey, sourceKeys });
      }
      for (const rule of rules) {
        const sources = addressSources(rule.props, rule.sourceKeys);
        if (sources.length === 0) {
          continue;
        }
        const protocol = rule.props[rule.protocolKey];
        const fromPort = rule.props["fromPort"] ?? 0;
        const toPort = rule.props["toPort"] ?? 65535;
        for (const { exporter, port } of ports) {
          if (!admitsTcpPort(protocol, fromPort, toPort, port)) {
            continue;
          }
          const located = sources.map((key) => `${rule.path}${key}`).join(", ");
          report(
            `${located} admits an address range to ${describeTraffic(protocol, fromPort, toPort)}, the ${exporter} ` +
              `port (${port}) of MSK cluster ${cluster.name}'s brokers; admit the scraper's security group instead ` +
              `(referencedSecurityGroupId, sourceSecurityGroupId or securityGroups), never an address range.`,
            rule.urn,
          );
        }
      }
    }
  },
};
