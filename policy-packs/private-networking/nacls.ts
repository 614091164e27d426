/**
 * Network ACLs never let the internet reach administrative ports (SSH 22, RDP 3389 by default). AWS evaluates a
 * network ACL's rules in ascending rule number and the first rule that matches decides, so an allow of 0.0.0.0/0
 * that covers port 22 is fine when a lower-numbered rule denies 0.0.0.0/0 on port 22 first. Port ranges and the
 * "all traffic" protocol (-1) count as covering a port. And no ACL is left unassociated.
 */
import type * as aws from "@pulumi/aws";
import type {
  PolicyConfigSchema,
  PolicyResource,
  ResourceValidationPolicy,
  StackValidationPolicy,
} from "@pulumi/policy";
import { linkedResources } from "../lib/links";
import { admitsTcpPort, isWorldCidr } from "../lib/network";
import { configWithDefaults, Inputs, resourcesOfType, schema, validateType } from "../lib/policy";
import { listOf, peek } from "../lib/values";

export const NETWORK_ACL = "aws:ec2/networkAcl:NetworkAcl";
export const DEFAULT_NETWORK_ACL = "aws:ec2/defaultNetworkAcl:DefaultNetworkAcl";
export const NETWORK_ACL_RULE = "aws:ec2/networkAclRule:NetworkAclRule";

export interface AdminPortsConfig {
  /** TCP ports the internet must never reach. */
  adminPorts: number[];
}
const adminPortsDefaults: AdminPortsConfig = { adminPorts: [22, 3389] };
const adminPortsSchema: PolicyConfigSchema = schema({
  adminPorts: {
    type: "array",
    items: { type: "integer", minimum: 0, maximum: 65535 },
    default: adminPortsDefaults.adminPorts,
    description: "TCP ports the internet must never reach.",
  },
});

/** One ingress entry of a network ACL, inline or a separate rule resource. */
export interface AclEntry {
  readonly ruleNumber: number;
  readonly action: string;
  readonly protocol: unknown;
  readonly fromPort: unknown;
  readonly toPort: unknown;
  readonly cidrBlock?: string;
  readonly ipv6CidrBlock?: string;
  /** The rule resource the entry comes from; undefined for inline entries. */
  readonly resource?: PolicyResource;
}

export interface AclViolation {
  readonly entry: AclEntry;
  readonly port: number;
  /** `cidrBlock` or `ipv6CidrBlock`. */
  readonly key: "cidrBlock" | "ipv6CidrBlock";
  readonly cidr: string;
}

/** Admin ports that the first matching world-open entry allows, per address family. */
export function adminPortViolations(
  entries: readonly AclEntry[],
  adminPorts: readonly number[],
): AclViolation[] {
  const violations: AclViolation[] = [];
  for (const key of ["cidrBlock", "ipv6CidrBlock"] as const) {
    const world = entries.filter((e) => isWorldCidr(e[key])).sort((a, b) => a.ruleNumber - b.ruleNumber);
    for (const port of adminPorts) {
      const decisive = world.find((e) => admitsTcpPort(e.protocol, e.fromPort, e.toPort, port));
      if (decisive !== undefined && decisive.action.toLowerCase() === "allow") {
        violations.push({ entry: decisive, port, key, cidr: String(decisive[key]) });
      }
    }
  }
  return violations;
}

type NetworkAclInputs = Inputs<aws.ec2.NetworkAclArgs>;

function inlineEntries(acl: NetworkAclInputs): AclEntry[] {
  return listOf(acl.ingress).map((rule) => ({
    ruleNumber: Number(rule.ruleNo),
    action: String(rule.action),
    protocol: rule.protocol,
    fromPort: rule.fromPort,
    toPort: rule.toPort,
    cidrBlock: rule.cidrBlock,
    ipv6CidrBlock: rule.ipv6CidrBlock,
  }));
}

function fix(violation: AclViolation, narrow: string): string {
  return `add a lower-numbered rule that denies ${violation.cidr} to tcp port ${violation.port}, or narrow ${narrow}`;
}

export const naclNoAdminPortsFromInternet: ResourceValidationPolicy = {
  name: "nacl-no-admin-ports-from-internet",
  description: "Network ACLs' inline ingress rules never let 0.0.0.0/0 or ::/0 reach SSH or RDP.",
  enforcementLevel: "mandatory",
  configSchema: adminPortsSchema,
  validateResource: [NETWORK_ACL, DEFAULT_NETWORK_ACL].map((type) =>
    validateType<NetworkAclInputs>(type, (acl, args, report) => {
      const { adminPorts } = configWithDefaults(args, adminPortsDefaults);
      for (const violation of adminPortViolations(inlineEntries(acl), adminPorts)) {
        const rule = violation.entry.ruleNumber;
        report(
          `ingress rule ${rule} allows ${violation.cidr} to tcp port ${violation.port}; ` +
            `${fix(violation, `rule ${rule}'s ${violation.key}`)}.`,
        );
      }
    }),
  ),
};

type NetworkAclRuleInputs = Inputs<aws.ec2.NetworkAclRuleArgs>;

function ruleEntry(resource: PolicyResource): AclEntry {
  const rule = resource.props as NetworkAclRuleInputs;
  return {
    ruleNumber: Number(rule.ruleNumber),
    action: String(rule.ruleAction),
    protocol: rule.protocol,
    fromPort: rule.fromPort,
    toPort: rule.toPort,
    cidrBlock: rule.cidrBlock,
    ipv6CidrBlock: rule.ipv6CidrBlock,
    resource,
  };
}

export const naclRuleNoAdminPortsFromInternet: StackValidationPolicy = {
  name: "nacl-rule-no-admin-ports-from-internet",
  description:
    "Network ACL rule resources, taken together with their ACL's other rules, never let the internet reach SSH or RDP.",
  enforcementLevel: "mandatory",
  configSchema: adminPortsSchema,
  validateStack: (args, report) => {
    const { adminPorts } = configWithDefaults(args, adminPortsDefaults);
    const acls = resourcesOfType(args, NETWORK_ACL, DEFAULT_NETWORK_ACL);
    // Group ingress rule resources by their ACL: the ACL resource when it is in the stack, else the literal id.
    const groups = new Map<string, { acl?: PolicyResource; rules: PolicyResource[] }>();
    for (const rule of resourcesOfType(args, NETWORK_ACL_RULE)) {
      if (rule.props["egress"] === true) {
        continue;
      }
      const acl = linkedResources(rule, "networkAclId", acls)[0];
      const key = acl?.urn ?? String(peek(rule.props, "networkAclId") ?? rule.urn);
      const group = groups.get(key) ?? { acl, rules: [] };
      group.rules.push(rule);
      groups.set(key, group);
    }
    for (const { acl, rules } of groups.values()) {
      const entries = [
        ...(acl === undefined ? [] : inlineEntries(acl.props as NetworkAclInputs)),
        ...rules.map(ruleEntry),
      ];
      for (const violation of adminPortViolations(entries, adminPorts)) {
        const rule = violation.entry.resource;
        if (rule === undefined) {
          continue; // an inline entry: reported by nacl-no-admin-ports-from-internet
        }
        report(
          `rule ${violation.entry.ruleNumber} allows ${violation.cidr} to tcp port ${violation.port}; ` +
            `${fix(violation, violation.key)} (rule numbers are shared with the ACL's other rules).`,
          rule.urn,
        );
      }
    }
  },
};

export const NETWORK_ACL_ASSOCIATION = "aws:ec2/networkAclAssociation:NetworkAclAssociation";

export const naclAssociated: StackValidationPolicy = {
  name: "nacl-associated",
  description:
    "Every network ACL is associated with a subnet (an unused ACL is a rule set nobody reviews until someone attaches it).",
  enforcementLevel: "mandatory",
  validateStack: (args, report) => {
    const associations = resourcesOfType(args, NETWORK_ACL_ASSOCIATION);
    for (const acl of resourcesOfType(args, NETWORK_ACL)) {
      // Read without the unknown check: a subnet list computed from subnets being created is still a list of subnets.
      const subnetIds = peek(acl.props, "subnetIds");
      if (Array.isArray(subnetIds) ? subnetIds.length > 0 : subnetIds !== undefined && subnetIds !== null) {
        continue;
      }
      if (associations.some((a) => linkedResources(a, "networkAclId", [acl]).length > 0)) {
        continue;
      }
      report(
        "this network ACL is associated with no subnet; associate it (an aws.ec2.NetworkAclAssociation, or " +
          "subnetIds) or remove it.",
        acl.urn,
      );
    }
  },
};
