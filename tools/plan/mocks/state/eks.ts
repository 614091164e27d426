/**
 * EKS: add-ons, access entries, Pod Identity associations, and what an `eks:index:Cluster` (the multi-language
 * component of @pulumi/eks, which registers no children offline) resolves to.
 */
import { MOCK_ACCOUNT_ID } from "../environment";
import { shortHash, uuidFrom } from "../ids";
import { stringList, stringOr } from "../values";
import { result, type ComputedState, type MockedResource } from "./resource";

/** The state of an `aws:eks/*` resource; undefined for a type this family does not know. */
export function eksState({ type, name, seed, inputs, region }: MockedResource): ComputedState | undefined {
  switch (type) {
    case "aws:eks/addon:Addon": {
      const cluster = stringOr(inputs["clusterName"], "cluster");
      const addon = stringOr(inputs["addonName"], name);
      return result(`${cluster}:${addon}`, {
        arn: `arn:aws:eks:${region}:${MOCK_ACCOUNT_ID}:addon/${cluster}/${addon}/${uuidFrom(seed)}`,
      });
    }
    case "aws:eks/accessEntry:AccessEntry": {
      const cluster = stringOr(inputs["clusterName"], "cluster");
      const principal = stringOr(inputs["principalArn"], name);
      return result(`${cluster}:${principal}`, {
        accessEntryArn: `arn:aws:eks:${region}:${MOCK_ACCOUNT_ID}:access-entry/${cluster}/${uuidFrom(seed)}`,
        userName: principal,
      });
    }
    case "aws:eks/podIdentityAssociation:PodIdentityAssociation": {
      const cluster = stringOr(inputs["clusterName"], "cluster");
      const associationId = `a-${shortHash(seed, 17)}`;
      return result(`${cluster},${associationId}`, {
        associationId,
        associationArn: `arn:aws:eks:${region}:${MOCK_ACCOUNT_ID}:podidentityassociation/${cluster}/${associationId}`,
      });
    }
    default:
      return undefined;
  }
}

/**
 * What an `eks:index:Cluster` resolves to: the kubeconfig (exec-based, like `@pulumi/eks` generates it), the
 * cluster security group (also the node security group when the component creates no security groups of its own),
 * the OIDC issuer and provider, and the plain parts of `core`.
 */
export function eksClusterOutputs(
  seed: string,
  name: string,
  inputs: Record<string, unknown>,
  region: string,
): Record<string, unknown> {
  const clusterName = stringOr(inputs["name"], `${name}-eksCluster-${shortHash(seed, 7)}`);
  const issuer = `oidc.eks.${region}.amazonaws.com/id/${shortHash(`${seed}/oidc`, 32).toUpperCase()}`;
  const endpoint = `https://${shortHash(`${seed}/endpoint`, 32).toUpperCase()}.gr7.${region}.eks.amazonaws.com`;
  const clusterSecurityGroupId = `sg-${shortHash(`${seed}/cluster-sg`, 17)}`;
  const certificateAuthority = Buffer.from(
    `-----BEGIN CERTIFICATE-----\nOFFLINE-PLAN-${shortHash(`${seed}/ca`, 32)}\n-----END CERTIFICATE-----\n`,
  ).toString("base64");
  const kubeconfig = {
    apiVersion: "v1",
    kind: "Config",
    clusters: [
      {
        name: "kubernetes",
        cluster: { server: endpoint, "certificate-authority-data": certificateAuthority },
      },
    ],
    contexts: [{ name: "aws", context: { cluster: "kubernetes", user: "aws" } }],
    "current-context": "aws",
    users: [
      {
        name: "aws",
        user: {
          exec: {
            apiVersion: "client.authentication.k8s.io/v1beta1",
            command: "aws",
            args: ["--region", region, "eks", "get-token", "--cluster-name", clusterName, "--output", "json"],
          },
        },
      },
    ],
  };
  const subnetIds = [
    ...stringList(inputs["subnetIds"]),
    ...stringList(inputs["publicSubnetIds"]),
    ...stringList(inputs["privateSubnetIds"]),
  ];
  return {
    kubeconfig,
    kubeconfigJson: JSON.stringify(kubeconfig),
    clusterSecurityGroupId,
    nodeSecurityGroupId:
      inputs["skipDefaultSecurityGroups"] === true
        ? clusterSecurityGroupId
        : `sg-${shortHash(`${seed}/node-sg`, 17)}`,
    oidcIssuer: issuer,
    oidcProviderUrl: `https://${issuer}`,
    oidcProviderArn:
      inputs["createOidcProvider"] === true ? `arn:aws:iam::${MOCK_ACCOUNT_ID}:oidc-provider/${issuer}` : "",
    core: {
      endpoint,
      vpcId: inputs["vpcId"],
      subnetIds,
      ...(inputs["privateSubnetIds"] !== undefined
        ? { privateSubnetIds: stringList(inputs["privateSubnetIds"]) }
        : {}),
    },
  };
}
