/**
 * The platform controllers (AWS Load Balancer Controller, Cluster Autoscaler, metrics-server) as Helm releases.
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { Context } from "./context";
import type { ControllerIdentities } from "./identities";
import {
  CONTROLLER_NAMESPACE,
  ControllerKey,
  HELM_CHARTS,
  HelmChartPin,
  clusterAutoscalerValues,
  loadBalancerControllerValues,
  metricsServerValues,
} from "./plan";

/** The chart, release name and namespace of a platform controller. */
function releaseArgs(key: ControllerKey): {
  chart: string;
  version: string;
  repositoryOpts: { repo: string };
} {
  const pin: HelmChartPin = HELM_CHARTS[key];
  return { chart: pin.chart, version: pin.version, repositoryOpts: { repo: pin.repository } };
}

/**
 * The platform controllers as Helm releases in kube-system, each after the nodes and DNS exist and after its
 * identity (pods start with credentials).
 */
export function createControllers(
  { name, resolved, clusterName, pins }: Context,
  k8sOpts: { parent: pulumi.Resource; provider: k8s.Provider },
  controllerDependencies: pulumi.Resource[],
  identities: ControllerIdentities,
  { clusterNameOutput, region }: { clusterNameOutput: pulumi.Output<string>; region: pulumi.Output<string> },
): { loadBalancerController: k8s.helm.v3.Release } {
  const release = (
    key: ControllerKey,
    values: pulumi.Input<Record<string, unknown>>,
    dependsOn: pulumi.Resource[],
  ) =>
    new k8s.helm.v3.Release(
      `${name}-${HELM_CHARTS[key].chart}`,
      {
        name: HELM_CHARTS[key].chart,
        namespace: CONTROLLER_NAMESPACE,
        ...releaseArgs(key),
        values,
        // A failed upgrade rolls back instead of leaving half-applied manifests.
        atomic: true,
        cleanupOnFail: true,
        maxHistory: 10,
      },
      { ...k8sOpts, dependsOn: [...controllerDependencies, ...dependsOn] },
    );
  const loadBalancerController = release(
    "awsLoadBalancerController",
    loadBalancerControllerValues({
      clusterName: clusterNameOutput,
      region,
      vpcId: pulumi.output(resolved.vpcId),
    }),
    [identities.awsLoadBalancerController],
  );
  release(
    "clusterAutoscaler",
    clusterAutoscalerValues({ clusterName, region, imageTag: pins.clusterAutoscalerImageTag }),
    [identities.clusterAutoscaler],
  );
  release("metricsServer", metricsServerValues(), []);
  return { loadBalancerController };
}
