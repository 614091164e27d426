/**
 * Aurora clusters and RDS DB instances: access through IAM database authentication, snapshots that keep the
 * database's tags (owner, data class, cost center) and engine logs exported to CloudWatch Logs, where they outlive the
 * database and its instances.
 */
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { configWithDefaults, schema } from "../lib/policy";
import { validateDatabases } from "../lib/rds";
import { listOf, setTo } from "../lib/values";

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
    "Aurora clusters and RDS DB instances copy their tags to their snapshots (AWS's default does not).",
  enforcementLevel: "mandatory",
  validateResource: validateDatabases((db, _args, report) => {
    if (db.copyTagsToSnapshot !== true) {
      report(setTo("copyTagsToSnapshot", db.copyTagsToSnapshot, "true"));
    }
  }),
};

export interface LogExportsConfig {
  /** Log types each engine exports to CloudWatch Logs; engines not listed are not checked. */
  requiredLogTypes: Record<string, string[]>;
}
const logExportsDefaults: LogExportsConfig = {
  requiredLogTypes: {
    "aurora-postgresql": ["postgresql"],
    postgres: ["postgresql"],
    "aurora-mysql": ["error"],
    mysql: ["error"],
    mariadb: ["error"],
  },
};

export const rdsLogExports: ResourceValidationPolicy = {
  name: "rds-log-exports",
  description:
    "Aurora clusters and RDS DB instances export their engine logs to CloudWatch Logs (postgresql for PostgreSQL).",
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
