/**
 * Aurora: storage encrypted with a customer managed key, TLS enforced through the cluster parameter group.
 */
import type * as aws from "@pulumi/aws";
import type { PolicyResource, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { linkedResources } from "../lib/links";
import { Inputs, resourcesOfType, validateType } from "../lib/policy";
import { customerKeyProblem, knownStrings, listOf, peek, setTo } from "../lib/values";

export const RDS_CLUSTER = "aws:rds/cluster:Cluster";
export const RDS_GLOBAL_CLUSTER = "aws:rds/globalCluster:GlobalCluster";
export const RDS_CLUSTER_PARAMETER_GROUP = "aws:rds/clusterParameterGroup:ClusterParameterGroup";

export const auroraClusterEncrypted: ResourceValidationPolicy = {
  name: "aurora-cluster-encrypted",
  description: "Aurora clusters encrypt their storage with a customer managed KMS key.",
  enforcementLevel: "mandatory",
  validateResource: validateType<Inputs<aws.rds.ClusterArgs>>(RDS_CLUSTER, (cluster, _args, report) => {
    if (cluster.storageEncrypted !== true) {
      report(setTo("storageEncrypted", cluster.storageEncrypted, "true"));
    }
    const keyProblem = customerKeyProblem("kmsKeyId", cluster.kmsKeyId);
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

/** The parameter that makes each Aurora engine refuse unencrypted connections, with the value that does. */
const TLS_PARAMETERS: Readonly<Record<string, { name: string; values: readonly string[] }>> = {
  "aurora-postgresql": { name: "rds.force_ssl", values: ["1"] },
  "aurora-mysql": { name: "require_secure_transport", values: ["1", "on"] },
};

function parameterValue(group: PolicyResource, name: string): string | undefined {
  const parameters = listOf(group.props["parameters"] as { name?: string; value?: string }[] | undefined);
  const parameter = parameters.find((p) => p.name === name);
  return parameter?.value === undefined ? undefined : String(parameter.value);
}

export const auroraTlsEnforced: StackValidationPolicy = {
  name: "aurora-tls-enforced",
  description:
    "Aurora clusters use a cluster parameter group of this stack that forces TLS (rds.force_ssl = 1 for PostgreSQL).",
  enforcementLevel: "mandatory",
  validateStack: (args, report) => {
    const groups = resourcesOfType(args, RDS_CLUSTER_PARAMETER_GROUP);
    for (const cluster of resourcesOfType(args, RDS_CLUSTER)) {
      const required = TLS_PARAMETERS[String(cluster.props["engine"])];
      if (required === undefined) {
        continue;
      }
      const wanted = `${required.name} = ${required.values[0]}`;
      const reference = peek(cluster.props, "dbClusterParameterGroupName");
      const linked = linkedResources(cluster, "dbClusterParameterGroupName", groups, {
        candidateKeys: ["name", "id"],
      });
      if (reference === undefined && linked.length === 0) {
        report(
          setTo("dbClusterParameterGroupName", undefined, `a cluster parameter group with ${wanted}`),
          cluster.urn,
        );
        continue;
      }
      if (linked.length === 0) {
        report(
          `dbClusterParameterGroupName is ${JSON.stringify(knownStrings(reference)[0] ?? "unknown")}, which is not a ` +
            `cluster parameter group of this stack; set it to one with ${wanted}.`,
          cluster.urn,
        );
        continue;
      }
      for (const group of linked) {
        const value = parameterValue(group, required.name);
        if (value === undefined || !required.values.includes(value.toLowerCase())) {
          report(
            `dbClusterParameterGroupName refers to ${group.name}, whose parameter ${required.name} is ` +
              `${value === undefined ? "not set" : JSON.stringify(value)}; set ${required.name} to ` +
              `${JSON.stringify(required.values[0])} in that group.`,
            cluster.urn,
          );
        }
      }
    }
  },
};
