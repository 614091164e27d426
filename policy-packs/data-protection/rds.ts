/**
 * Aurora clusters and RDS DB instances: access through IAM database authentication and not under a default
 * administrator name, snapshots that keep the database's tags (owner, data class, cost center), engine logs exported to
 * CloudWatch Logs, where they outlive the database and its instances, enhanced monitoring, and instances in more than
 * one Availability Zone.
 */
import type * as aws from "@pulumi/aws";
import type { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { linkedResources } from "../lib/links";
import { configWithDefaults, Inputs, resourcesOfType, schema, validateType } from "../lib/policy";
import { RDS_CLUSTER, RDS_CLUSTER_INSTANCE, RDS_INSTANCE, validateDatabases } from "../lib/rds";
import { describe, knownStrings, listOf, peek, setTo } from "../lib/values";

/** Engines that support IAM database authentication (Aurora and RDS PostgreSQL, MySQL, MariaDB). */
const IAM_AUTH_ENGINES: readonly string[] = [
  "aurora-postgresql",
  "aurora-mysql",
  "postgres",
  "mysql",
  "mariadb",
];

export const rdsIamAuthentication: ResourceValidationPolicy = {
  name: "rds-iam-authentication",
  description:
    "Aurora clusters and RDS DB instances of engines that support it accept IAM database authentication.",
  enforcementLevel: "mandatory",
  validateResource: validateDatabases((db, _args, report) => {
    if (!IAM_AUTH_ENGINES.includes(String(db.engine)) || db.iamDatabaseAuthenticationEnabled === true) {
      return;
    }
    report(setTo("iamDatabaseAuthenticationEnabled", db.iamDatabaseAuthenticationEnabled, "true"));
  }),
};

export const rdsCopyTagsToSnapshot: ResourceValidationPolicy = {
  name: "rds-copy-tags-to-snapshot",
  description:
    "Aurora clusters, their members and RDS DB instances copy their tags to their snapshots (AWS's default does not).",
  enforcementLevel: "mandatory",
  validateResource: [
    ...validateDatabases((db, _args, report) => {
      if (db.copyTagsToSnapshot !== true) {
        report(setTo("copyTagsToSnapshot", db.copyTagsToSnapshot, "true"));
      }
    }),
    // An Aurora member's own setting does not change the cluster's snapshots, but Security Hub (RDS.17) reads it.
    validateType<Inputs<aws.rds.ClusterInstanceArgs>>(RDS_CLUSTER_INSTANCE, (member, _args, report) => {
      if (member.copyTagsToSnapshot !== true) {
        report(setTo("copyTagsToSnapshot", member.copyTagsToSnapshot, "true"));
      }
    }),
  ],
};

export interface LogExportsConfig {
  /** Log types each engine exports to CloudWatch Logs; engines not listed are not checked. */
  requiredLogTypes: Record<string, string[]>;
}
/**
 * What Security Hub asks for: RDS.37 (Aurora PostgreSQL: postgresql), RDS.9 and RDS.36 (RDS for PostgreSQL:
 * postgresql and upgrade; MySQL and MariaDB: audit, error, general and slowquery), RDS.34 (Aurora MySQL: audit; error
 * too, as for every other engine).
 */
const logExportsDefaults: LogExportsConfig = {
  requiredLogTypes: {
    "aurora-postgresql": ["postgresql"],
    postgres: ["postgresql", "upgrade"],
    "aurora-mysql": ["audit", "error"],
    mysql: ["audit", "error", "general", "slowquery"],
    mariadb: ["audit", "error", "general", "slowquery"],
  },
};

export const rdsLogExports: ResourceValidationPolicy = {
  name: "rds-log-exports",
  description:
    "Aurora clusters and RDS DB instances export their engine's logs to CloudWatch Logs (postgresql for Aurora PostgreSQL).",
  enforcementLevel: "mandatory",
  configSchema: schema({
    requiredLogTypes: {
      type: "object",
      additionalProperties: { type: "array", items: { type: "string", minLength: 1 } },
      default: logExportsDefaults.requiredLogTypes,
      description:
        "Log types each engine exports (enabledCloudwatchLogsExports), by engine; engines not listed are not checked.",
    },
  }),
  validateResource: validateDatabases((db, args, report) => {
    const { requiredLogTypes } = configWithDefaults(args, logExportsDefaults);
    const required = requiredLogTypes[String(db.engine)] ?? [];
    const exported = listOf(db.enabledCloudwatchLogsExports);
    const missing = required.filter((type) => !exported.includes(type));
    if (missing.length > 0) {
      report(
        setTo(
          "enabledCloudwatchLogsExports",
          db.enabledCloudwatchLogsExports,
          `include ${missing.map((type) => JSON.stringify(type)).join(", ")}`,
        ),
      );
    }
  }),
};

/** Enhanced monitoring intervals RDS accepts (0 turns it off). */
const MONITORING_INTERVALS = [1, 5, 10, 15, 30, 60];

export const rdsEnhancedMonitoring: ResourceValidationPolicy = {
  name: "rds-enhanced-monitoring",
  description:
    "Aurora cluster members and RDS DB instances have enhanced monitoring on (monitoringInterval 1 to 60 seconds, with a monitoring role).",
  enforcementLevel: "mandatory",
  validateResource: [RDS_CLUSTER_INSTANCE, RDS_INSTANCE].map((type) =>
    validateType<Inputs<aws.rds.ClusterInstanceArgs>>(type, (instance, _args, report) => {
      if (!MONITORING_INTERVALS.includes(Number(instance.monitoringInterval ?? 0))) {
        report(
          setTo(
            "monitoringInterval",
            instance.monitoringInterval,
            `one of ${MONITORING_INTERVALS.join(", ")} (unset or 0 turns enhanced monitoring off)`,
          ),
        );
      }
      if (instance.monitoringRoleArn === undefined || instance.monitoringRoleArn === "") {
        report(
          setTo(
            "monitoringRoleArn",
            instance.monitoringRoleArn,
            "a role with AmazonRDSEnhancedMonitoringRole that monitoring.rds.amazonaws.com assumes",
          ),
        );
      }
    }),
  ),
};

export const rdsInstanceMultiAz: ResourceValidationPolicy = {
  name: "rds-instance-multi-az",
  description: "RDS DB instances run as Multi-AZ deployments, with a standby in another Availability Zone.",
  enforcementLevel: "mandatory",
  validateResource: validateType<Inputs<aws.rds.InstanceArgs>>(RDS_INSTANCE, (instance, _args, report) => {
    if (instance.multiAz !== true) {
      report(setTo("multiAz", instance.multiAz, "true"));
    }
  }),
};

export interface AuroraMultiAzConfig {
  /** Distinct Availability Zones the instances of every Aurora cluster span. */
  minimumZones: number;
}
const auroraMultiAzDefaults: AuroraMultiAzConfig = { minimumZones: 2 };

export const auroraMultiAz: StackValidationPolicy = {
  name: "aurora-multi-az",
  description:
    "Every Aurora cluster has instances in at least two Availability Zones (configurable), so a reader in another zone can take over.",
  enforcementLevel: "mandatory",
  configSchema: schema({
    minimumZones: {
      type: "integer",
      minimum: 1,
      default: auroraMultiAzDefaults.minimumZones,
      description:
        "Distinct Availability Zones (the instances' availabilityZone) every Aurora cluster spans.",
    },
  }),
  validateStack: (args, report) => {
    const { minimumZones } = configWithDefaults(args, auroraMultiAzDefaults);
    const instances = resourcesOfType(args, RDS_CLUSTER_INSTANCE);
    for (const cluster of resourcesOfType(args, RDS_CLUSTER)) {
      // Multi-AZ DB clusters of the mysql and postgres engines span three zones by construction.
      if (!String(peek(cluster.props, "engine") ?? "").startsWith("aurora")) {
        continue;
      }
      const members = instances.filter(
        (instance) =>
          linkedResources(instance, "clusterIdentifier", [cluster], {
            candidateKeys: ["clusterIdentifier", "id"],
          }).length > 0,
      );
      const zones = new Set(members.flatMap((m) => knownStrings(peek(m.props, "availabilityZone"))));
      if (zones.size >= minimumZones) {
        continue;
      }
      const placed = members.map((m) => {
        const zone = knownStrings(peek(m.props, "availabilityZone"))[0];
        return `${m.name} in ${zone ?? "a zone RDS picks"}`;
      });
      report(
        `cluster has ${members.length} instance${members.length === 1 ? "" : "s"}` +
          (placed.length > 0 ? ` (${placed.join(", ")})` : "") +
          `; run instances in at least ${minimumZones} Availability Zones (availabilityZone of each ` +
          "aws.rds.ClusterInstance), so a reader can take over when a zone fails.",
        cluster.urn,
      );
    }
  },
};

export interface AdminUsernameConfig {
  /** Administrator names that are not accepted (compared case-insensitively). */
  forbiddenNames: string[];
}
const adminUsernameDefaults: AdminUsernameConfig = { forbiddenNames: ["admin", "postgres", "root", "sa"] };

export const rdsCustomAdminUsername: ResourceValidationPolicy = {
  name: "rds-custom-admin-username",
  description:
    "Aurora clusters and RDS DB instances name their administrator something other than an engine's default (admin, postgres, root, sa).",
  enforcementLevel: "mandatory",
  configSchema: schema({
    forbiddenNames: {
      type: "array",
      items: { type: "string", minLength: 1 },
      default: adminUsernameDefaults.forbiddenNames,
      description: "Administrator names that are not accepted (case-insensitive).",
    },
  }),
  validateResource: validateDatabases((db, args, report) => {
    const { forbiddenNames } = configWithDefaults(args, adminUsernameDefaults);
    // Clusters name it masterUsername, DB instances username; secondaries and read replicas set none (the primary's).
    const key = args.type === RDS_CLUSTER ? "masterUsername" : "username";
    const name = (db as Record<string, unknown>)[key];
    if (typeof name === "string" && forbiddenNames.some((f) => f.toLowerCase() === name.toLowerCase())) {
      report(
        `${key} is ${describe(name)}, a default administrator name; set ${key} to a name of your own (e.g. ` +
          '"platform_admin").',
      );
    }
  }),
};
