/**
 * MSK: encryption at rest with a customer managed key, TLS between clients and brokers and inside the cluster.
 */
import type * as aws from "@pulumi/aws";
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { Inputs, validateType } from "../lib/policy";
import { customerKeyProblem, setTo } from "../lib/values";

export const MSK_CLUSTER = "aws:msk/cluster:Cluster";

export const mskEncryptionAtRest: ResourceValidationPolicy = {
  name: "msk-encryption-at-rest",
  description: "MSK clusters encrypt data at rest with a customer managed KMS key.",
  enforcementLevel: "mandatory",
  validateResource: validateType<Inputs<aws.msk.ClusterArgs>>(MSK_CLUSTER, (cluster, _args, report) => {
    const problem = customerKeyProblem(
      "encryptionInfo.encryptionAtRestKmsKeyArn",
      cluster.encryptionInfo?.encryptionAtRestKmsKeyArn,
    );
    if (problem !== undefined) {
      report(problem);
    }
  }),
};

export const mskEncryptionInTransit: ResourceValidationPolicy = {
  name: "msk-encryption-in-transit",
  description: "MSK clusters accept only TLS from clients and encrypt traffic between brokers.",
  enforcementLevel: "mandatory",
  validateResource: validateType<Inputs<aws.msk.ClusterArgs>>(MSK_CLUSTER, (cluster, _args, report) => {
    // Unset values take MSK's defaults, which are the secure ones (TLS, in-cluster encryption on).
    const inTransit = cluster.encryptionInfo?.encryptionInTransit;
    if (inTransit?.clientBroker !== undefined && inTransit.clientBroker !== "TLS") {
      report(setTo("encryptionInfo.encryptionInTransit.clientBroker", inTransit.clientBroker, '"TLS"'));
    }
    if (inTransit?.inCluster === false) {
      report(setTo("encryptionInfo.encryptionInTransit.inCluster", inTransit.inCluster, "true"));
    }
  }),
};
