/**
 * Aurora clusters and RDS DB instances: storage encrypted with a customer managed KMS key, TLS enforced through their
 * parameter group (a cluster parameter group for Aurora, a DB parameter group for an instance).
 */
import type * as aws from "@pulumi/aws";
import type { PolicyResource, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { linkedResources, requireKnownReference } from "../lib/links";
import { Inputs, resourcesOfType, validateType } from "../lib/policy";
import {
  RDS_CLUSTER,
  RDS_CLUSTER_PARAMETER_GROUP,
  RDS_GLOBAL_CLUSTER,
  RDS_INSTANCE,
  RDS_PARAMETER_GROUP,
  tlsParameter,
  validateDatabases,
} from "../lib/rds";
import { customerKeyProblem, knownStrings, listOf, peek, setTo } from "../lib/values";

export const auroraClusterEncrypted: ResourceValidationPolicy = {
  name: "aurora-cluster-encrypted",
  description: "Aurora clusters and RDS DB instances encrypt their storage with a customer managed KMS key.",
  enforcementLevel: "mandatory",
  validateResource: validateDatabases((db, _args, report) => {
    if (db.storageEncrypted !== true) {
      report(setTo("storageEncrypted", db.storageEncrypted, "true"));
    }
    const keyProblem = customerKeyProblem("kmsKeyId", db.kmsKeyId);
    if (keyProblem !== undefined) {
      report(keyProblem);
    }
  }),
};

export const auroraGlobalClusterEncrypted: ResourceValidationPolicy = {
  name: "aurora-global-cluster-encrypted",
  description:
    "Aurora global clusters are storage-encrypted (each member cluster brings its own customer key).",
  enforcementLevel: "mandatory",
  validateResource: validateType<Inputs<aws.rds.GlobalClusterArgs>>(
    RDS_GLOBAL_CLUSTER,
    (globalCluster, _args, report) => {
      // A global cluster created from an existing cluster inherits that cluster's encryption when unset.
      const inherits =
        globalCluster.storageEncrypted === undefined && !!globalCluster.sourceDbClusterIdentifier;
      if (globalCluster.storageEncrypted !== true && !inherits) {
        report(setTo("storageEncrypted", globalCluster.storageEncrypted, "true"));
      }
    },
  ),
};

function parameterValue(group: PolicyResource, name: string): string | undefined {
  const parameters = listOf(group.props["parameters"] as { name?: string; value?: string }[] | undefined);
  const parameter = parameters.find((p) => p.name === name);
  return parameter?.value === undefined ? undefined : String(parameter.value);
}

/** How each shape names its parameter group. */
const PARAMETER_GROUPS = [
  {
    type: RDS_CLUSTER,
    key: "dbClusterParameterGroupName",
    groupType: RDS_CLUSTER_PARAMETER_GROUP,
    kind: "cluster",
  },
  { type: RDS_INSTANCE, key: "parameterGroupName", groupType: RDS_PARAMETER_GROUP, kind: "DB" },
] as const;

export const auroraTlsEnforced: StackValidationPolicy = {
  name: "aurora-tls-enforced",
  description:
    "Aurora clusters and RDS DB instances use a parameter group of this stack that forces TLS (rds.force_ssl = 1 for PostgreSQL).",
  enforcementLevel: "mandatory",
  validateStack: (args, report) => {
    for (const { type, key, groupType, kind } of PARAMETER_GROUPS) {
      const groups = resourcesOfType(args, groupType);
      for (const db of resourcesOfType(args, type)) {
        const required = tlsParameter(db.props["engine"]);
        if (required === undefined) {
          continue;
        }
        const wanted = `${required.name} = ${required.values[0]}`;
        const reference = peek(db.props, key);
        const linked = linkedResources(db, key, groups, { candidateKeys: ["name", "id"] });
        if (reference === undefined && linked.length === 0) {
          report(setTo(key, undefined, `a ${kind} parameter group with ${wanted}`), db.urn);
          continue;
        }
        if (linked.length === 0) {
          requireKnownReference(db, key);
          report(
            `${key} is ${JSON.stringify(knownStrings(reference)[0] ?? "unknown")}, which is not a ${kind} parameter ` +
              `group of this stack; set it to one with ${wanted}.`,
            db.urn,
          );
          continue;
        }
        for (const group of linked) {
          const value = parameterValue(group, required.name);
          if (value === undefined || !required.values.includes(value.toLowerCase())) {
            report(
              `${key} refers to ${group.name}, whose parameter ${required.name} is ` +
                `${value === undefined ? "not set" : JSON.stringify(value)}; set ${required.name} to ` +
                `${JSON.stringify(required.values[0])} in that group.`,
              db.urn,
            );
          }
        }
      }
    }
  },
};
