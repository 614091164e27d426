/**
 * EKS keeps running through a lost zone or a lost instance type, and on a Kubernetes version AWS still supports: the
 * cluster runs a version in standard support, and each managed node group spans Availability Zones and instance types.
 */
import type { PolicyResource, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import {
  AWS_EKS_CLUSTER,
  AWS_EKS_NODE_GROUP,
  AwsEksClusterInputs,
  AwsEksNodeGroupInputs,
  EKS_CLUSTER,
  EKS_MANAGED_NODE_GROUP,
  EksClusterInputs,
  EksManagedNodeGroupInputs,
} from "../lib/eks";
import { listReference, stringList } from "../lib/links";
import { configWithDefaults, resourcesOfType, schema, validateType } from "../lib/policy";
import { describe, knownStrings, listOf, peek, setTo } from "../lib/values";

export const SUBNET = "aws:ec2/subnet:Subnet";

/** `1.35` as [1, 35]; undefined for anything else. */
function minorVersion(version: unknown): [number, number] | undefined {
  const match = /^(\d+)\.(\d+)$/.exec(String(version ?? ""));
  return match === null ? undefined : [Number(match[1]), Number(match[2])];
}

export interface SupportedVersionConfig {
  /**
   * Oldest Kubernetes minor version in EKS standard support. Raise it when a version leaves standard support (EKS
   * Kubernetes release calendar, https://docs.aws.amazon.com/eks/latest/userguide/kubernetes-versions.html): 1.34's
   * standard support ended 2026-12-02, 1.35's ends 2027-03-27.
   */
  oldestVersion: string;
}
const supportedVersionDefaults: SupportedVersionConfig = { oldestVersion: "1.35" };

function checkVersion(version: unknown, oldestVersion: string, report: (message: string) => void): void {
  const actual = minorVersion(version);
  const oldest = minorVersion(oldestVersion) ?? [0, 0];
  if (actual === undefined) {
    report(
      setTo(
        "version",
        version,
        `a Kubernetes minor version, ${oldestVersion} or later (unset, EKS picks its default)`,
      ),
    );
  } else if (actual[0] < oldest[0] || (actual[0] === oldest[0] && actual[1] < oldest[1])) {
    report(
      `version is ${describe(version)}, past its EKS standard support; upgrade to ${oldestVersion} or later ` +
        "(docs/runbooks/upgrade-kubernetes.md).",
    );
  }
}

export const eksSupportedVersion: ResourceValidationPolicy = {
  name: "eks-supported-version",
  description:
    "EKS clusters pin a Kubernetes version that is in EKS standard support (at least the configured oldest version).",
  enforcementLevel: "mandatory",
  configSchema: schema({
    oldestVersion: {
      type: "string",
      pattern: "^\\d+\\.\\d+$",
      default: supportedVersionDefaults.oldestVersion,
      description: "Oldest Kubernetes minor version in EKS standard support (raise it as versions leave it).",
    },
  }),
  validateResource: [
    validateType<AwsEksClusterInputs>(AWS_EKS_CLUSTER, (cluster, args, report) =>
      checkVersion(cluster.version, configWithDefaults(args, supportedVersionDefaults).oldestVersion, report),
    ),
    validateType<EksClusterInputs>(EKS_CLUSTER, (cluster, args, report) =>
      checkVersion(cluster.version, configWithDefaults(args, supportedVersionDefaults).oldestVersion, report),
    ),
  ],
};

export interface NodeGroupZonesConfig {
  /** Distinct Availability Zones every managed node group's subnets span. */
  minimumZones: number;
}
const nodeGroupZonesDefaults: NodeGroupZonesConfig = { minimumZones: 2 };

/** The zone of a subnet: `availabilityZone`, else `availabilityZoneId`. */
function zoneOf(subnet: PolicyResource): string | undefined {
  return [
    ...knownStrings(peek(subnet.props, "availabilityZone")),
    ...knownStrings(peek(subnet.props, "availabilityZoneId")),
  ][0];
}

export const eksNodeGroupMultiAz: StackValidationPolicy = {
  name: "eks-node-group-multi-az",
  description:
    "EKS managed node groups place nodes in subnets of at least two Availability Zones (configurable), so a zone's loss leaves nodes to reschedule on.",
  enforcementLevel: "mandatory",
  configSchema: schema({
    minimumZones: {
      type: "integer",
      minimum: 1,
      default: nodeGroupZonesDefaults.minimumZones,
      description: "Distinct Availability Zones every managed node group's subnets span.",
    },
  }),
  validateStack: (args, report) => {
    const { minimumZones } = configWithDefaults(args, nodeGroupZonesDefaults);
    const subnets = resourcesOfType(args, SUBNET);
    for (const group of resourcesOfType(args, EKS_MANAGED_NODE_GROUP, AWS_EKS_NODE_GROUP)) {
      // eks:index:ManagedNodeGroup without subnetIds takes its cluster's (checked where they are declared).
      if (peek(group.props, "subnetIds") === undefined) {
        continue;
      }
      const { matched, unmatched } = listReference(
        group,
        "subnetIds",
        stringList(group.props["subnetIds"]),
        subnets,
      );
      // Subnets outside the stack have zones the stack cannot see: nothing is concluded from them.
      if (unmatched.length > 0) {
        continue;
      }
      const zones = new Set(matched.flatMap((subnet) => zoneOf(subnet) ?? []));
      if (zones.size < minimumZones) {
        report(
          `subnetIds name subnets of ${zones.size} Availability Zone${zones.size === 1 ? "" : "s"} ` +
            `(${zones.size === 0 ? "none known" : [...zones].join(", ")}); use subnets of at least ` +
            `${minimumZones} zones.`,
          group.urn,
        );
      }
    }
  },
};

export interface InstanceTypesConfig {
  /** Instance types every managed node group may launch. */
  minimumTypes: number;
}
const instanceTypesDefaults: InstanceTypesConfig = { minimumTypes: 2 };

function checkInstanceTypes(types: unknown, minimumTypes: number, report: (message: string) => void): void {
  const listed = listOf(types as string[] | undefined);
  if (listed.length < minimumTypes) {
    report(
      setTo(
        "instanceTypes",
        types,
        `at least ${minimumTypes} instance types of the same size (unset, EKS launches t3.medium only), so a ` +
          "shortage of one type (spot capacity, a zone) does not stop scaling",
      ),
    );
  }
}

export const eksNodeGroupInstanceTypes: ResourceValidationPolicy = {
  name: "eks-node-group-instance-types",
  description: "EKS managed node groups list at least two instance types (configurable).",
  enforcementLevel: "mandatory",
  configSchema: schema({
    minimumTypes: {
      type: "integer",
      minimum: 1,
      default: instanceTypesDefaults.minimumTypes,
      description: "Instance types every managed node group lists (instanceTypes).",
    },
  }),
  validateResource: [
    validateType<EksManagedNodeGroupInputs>(EKS_MANAGED_NODE_GROUP, (group, args, report) =>
      checkInstanceTypes(
        group.instanceTypes,
        configWithDefaults(args, instanceTypesDefaults).minimumTypes,
        report,
      ),
    ),
    validateType<AwsEksNodeGroupInputs>(AWS_EKS_NODE_GROUP, (group, args, report) =>
      checkInstanceTypes(
        group.instanceTypes,
        configWithDefaults(args, instanceTypesDefaults).minimumTypes,
        report,
      ),
    ),
  ],
};
