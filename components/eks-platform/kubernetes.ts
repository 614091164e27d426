/**
 * Inside the cluster: the Kubernetes provider, the platform and application namespaces with their guard rails, and
 * the default storage class.
 */
import * as aws from "@pulumi/aws";
import * as eks from "@pulumi/eks";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { Context } from "./context";
import { podSecurityLabels } from "./plan";

/**
 * The provider of Kubernetes resources in the cluster: through the cluster's kubeconfig (secret), once the
 * administrators (the deploying role among them) have access entries.
 */
export function createKubernetesProvider(
  { name, childOpts }: Context,
  cluster: eks.Cluster,
  adminAccess: pulumi.Resource[],
): { kubeconfig: pulumi.Output<string>; kubernetesProvider: k8s.Provider } {
  const kubeconfig = pulumi.secret(cluster.kubeconfigJson);
  const kubernetesProvider = new k8s.Provider(
    `${name}-k8s`,
    { kubeconfig, enableServerSideApply: true },
    { parent: childOpts.parent, dependsOn: adminAccess },
  );
  return { kubeconfig, kubernetesProvider };
}

/**
 * The platform and application namespaces with their Pod Security labels, and in the application namespace a
 * default-deny network policy and DNS to CoreDNS: applications talk to nothing until they say so.
 */
export function createNamespaces(
  { name, resolved, kubernetesVersion }: Context,
  k8sOpts: { parent: pulumi.Resource; provider: k8s.Provider },
): k8s.core.v1.Namespace {
  new k8s.core.v1.Namespace(
    `${name}-platform-namespace`,
    {
      metadata: {
        name: resolved.platformNamespace,
        labels: podSecurityLabels("baseline", kubernetesVersion),
      },
    },
    k8sOpts,
  );
  const applicationNamespace = new k8s.core.v1.Namespace(
    `${name}-application-namespace`,
    {
      metadata: {
        name: resolved.applicationNamespace,
        labels: podSecurityLabels("restricted", kubernetesVersion),
      },
    },
    k8sOpts,
  );
  // Applications talk to nothing until they say so: deny all ingress and egress, then allow DNS only.
  new k8s.networking.v1.NetworkPolicy(
    `${name}-default-deny`,
    {
      metadata: { name: "default-deny-all", namespace: applicationNamespace.metadata.name },
      spec: { podSelector: {}, policyTypes: ["Ingress", "Egress"] },
    },
    k8sOpts,
  );
  new k8s.networking.v1.NetworkPolicy(
    `${name}-allow-dns`,
    {
      metadata: { name: "allow-dns", namespace: applicationNamespace.metadata.name },
      spec: {
        podSelector: {},
        policyTypes: ["Egress"],
        egress: [
          {
            to: [
              {
                namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "kube-system" } },
                podSelector: { matchLabels: { "k8s-app": "kube-dns" } },
              },
            ],
            ports: [
              { protocol: "UDP", port: 53 },
              { protocol: "TCP", port: 53 },
            ],
          },
        ],
      },
    },
    k8sOpts,
  );
  return applicationNamespace;
}

/** The default storage class: encrypted gp3 through the EBS CSI driver. */
export function createStorageClass(
  { name, resolved }: Context,
  k8sOpts: { parent: pulumi.Resource; provider: k8s.Provider },
  ebsCsiDriver: aws.eks.Addon,
): void {
  new k8s.storage.v1.StorageClass(
    `${name}-gp3`,
    {
      metadata: {
        name: "gp3-encrypted",
        annotations: { "storageclass.kubernetes.io/is-default-class": "true" },
      },
      provisioner: "ebs.csi.aws.com",
      volumeBindingMode: "WaitForFirstConsumer",
      allowVolumeExpansion: true,
      reclaimPolicy: "Delete",
      parameters: {
        type: "gp3",
        encrypted: "true",
        ...(resolved.volumeKmsKeyArn !== undefined ? { kmsKeyId: resolved.volumeKmsKeyArn } : {}),
      },
    },
    { ...k8sOpts, dependsOn: [ebsCsiDriver] },
  );
}
