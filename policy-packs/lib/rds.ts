/**
 * RDS in both shapes the platform's rules apply to: Aurora clusters (`aws.rds.Cluster`, their members are
 * `aws.rds.ClusterInstance`) and plain DB instances (`aws.rds.Instance`, never an Aurora member: Aurora members are
 * ClusterInstances). Settings both have (encryption, deletion protection, backups, snapshots, IAM authentication, log
 * exports) are checked the same way on both.
 */
import type * as aws from "@pulumi/aws";
import type { ReportViolation, ResourceValidation, ResourceValidationArgs } from "@pulumi/policy";
import { Inputs, validateType } from "./policy";
import { peek } from "./values";

export const RDS_CLUSTER = "aws:rds/cluster:Cluster";
export const RDS_INSTANCE = "aws:rds/instance:Instance";
export const RDS_CLUSTER_INSTANCE = "aws:rds/clusterInstance:ClusterInstance";
export const RDS_GLOBAL_CLUSTER = "aws:rds/globalCluster:GlobalCluster";
export const RDS_CLUSTER_PARAMETER_GROUP = "aws:rds/clusterParameterGroup:ClusterParameterGroup";
export const RDS_PARAMETER_GROUP = "aws:rds/parameterGroup:ParameterGroup";

/** An Aurora cluster's or a DB instance's inputs: the settings they share are read the same way. */
export type DatabaseInputs = Inputs<aws.rds.ClusterArgs> | Inputs<aws.rds.InstanceArgs>;

/** Validations of `validate` for Aurora clusters and DB instances. */
export function validateDatabases(
  validate: (db: DatabaseInputs, args: ResourceValidationArgs, report: ReportViolation) => void,
): ResourceValidation[] {
  return [RDS_CLUSTER, RDS_INSTANCE].map((type) => validateType<DatabaseInputs>(type, validate));
}

function isSet(props: Record<string, unknown>, key: string): boolean {
  const value = peek(props, key);
  return value !== undefined && value !== null && value !== "";
}

/**
 * A secondary cluster of a global database: it replicates from another cluster (`replicationSourceIdentifier`), or it
 * joins a global cluster (`globalClusterIdentifier`) without master credentials or a snapshot of its own, which is
 * how a cluster is added as a read-only secondary. Presence is read without the unknown check: the identifiers are
 * outputs of other resources, unknown during a first preview, and set all the same.
 */
export function isSecondaryCluster(cluster: Record<string, unknown>): boolean {
  if (isSet(cluster, "replicationSourceIdentifier")) {
    return true;
  }
  return (
    isSet(cluster, "globalClusterIdentifier") &&
    !isSet(cluster, "masterUsername") &&
    !isSet(cluster, "manageMasterUserPassword") &&
    !isSet(cluster, "snapshotIdentifier")
  );
}

/** A read replica of another DB instance (`replicateSourceDb`, read without the unknown check, as above). */
export function isReadReplica(instance: Record<string, unknown>): boolean {
  return isSet(instance, "replicateSourceDb");
}

/**
 * Copies of another database's data, which RDS cannot snapshot on deletion and whose backups are the source's: a
 * global secondary cluster, or a DB instance read replica (RDS for PostgreSQL replicas have no automated backups).
 */
export function isReplica(type: string, props: Record<string, unknown>): boolean {
  return type === RDS_CLUSTER ? isSecondaryCluster(props) : isReadReplica(props);
}

/** What a database is called in messages: `cluster` or `DB instance`. */
export function databaseKind(type: string): string {
  return type === RDS_CLUSTER ? "cluster" : "DB instance";
}

export interface TlsParameter {
  readonly name: string;
  /** Values that force TLS, lower case; the first is the one to set. */
  readonly values: readonly string[];
}

const FORCE_SSL: TlsParameter = { name: "rds.force_ssl", values: ["1"] };
const REQUIRE_SECURE_TRANSPORT: TlsParameter = { name: "require_secure_transport", values: ["1", "on"] };

/**
 * The parameter that makes an engine refuse unencrypted connections: `rds.force_ssl` for PostgreSQL (Aurora and RDS)
 * and SQL Server, `require_secure_transport` for MySQL (Aurora and RDS) and MariaDB. Undefined for engines without
 * one (Oracle takes TLS through an option group, Db2 through its own settings).
 */
export function tlsParameter(engine: unknown): TlsParameter | undefined {
  const name = String(engine ?? "");
  if (["aurora-postgresql", "postgres"].includes(name) || name.startsWith("sqlserver-")) {
    return FORCE_SSL;
  }
  if (["aurora-mysql", "mysql", "mariadb"].includes(name)) {
    return REQUIRE_SECURE_TRANSPORT;
  }
  return undefined;
}
