/**
 * MSK: clusters (bootstrap brokers per authentication), configurations, topics, replicators and cluster policies, and
 * the Application Auto Scaling targets and policies that scale MSK storage.
 */
import { MOCK_ACCOUNT_ID } from "../environment";
import { shortHash, upperId, uuidFrom } from "../ids";
import { isRecord, stringOr } from "../values";
import { result, type ComputedState, type MockedResource } from "./resource";

/** The state of an `aws:msk/*` or `aws:appautoscaling/*` resource; undefined for another type. */
export function mskState({ type, name, seed, inputs, region }: MockedResource): ComputedState | undefined {
  switch (type) {
    case "aws:msk/cluster:Cluster":
      return result(...mskClusterState(seed, name, inputs, region));
    case "aws:msk/configuration:Configuration": {
      const configurationName = stringOr(inputs["name"], name);
      const arn = `arn:aws:kafka:${region}:${MOCK_ACCOUNT_ID}:configuration/${configurationName}/${mskUuid(seed)}`;
      return result(arn, { arn, name: configurationName, latestRevision: 1 });
    }
    case "aws:msk/topic:Topic": {
      // Topics are identified by `<cluster ARN>,<topic name>` (the import id) and their ARN sits beside the cluster's.
      const clusterArn = stringOr(
        inputs["clusterArn"],
        `arn:aws:kafka:${region}:${MOCK_ACCOUNT_ID}:cluster/x/y`,
      );
      const topicName = stringOr(inputs["name"], name);
      return result(`${clusterArn},${topicName}`, {
        name: topicName,
        arn: `${clusterArn.replace(":cluster/", ":topic/")}/${topicName}`,
        configsActual: stringOr(inputs["configs"], "{}"),
      });
    }
    case "aws:msk/replicator:Replicator": {
      const replicatorName = stringOr(inputs["replicatorName"], name);
      const arn = `arn:aws:kafka:${region}:${MOCK_ACCOUNT_ID}:replicator/${replicatorName}/${mskUuid(seed)}`;
      return result(arn, { arn, currentVersion: `K${upperId(`${seed}/version`, 13)}` });
    }
    case "aws:msk/clusterPolicy:ClusterPolicy":
      return result(stringOr(inputs["clusterArn"], name), {
        currentVersion: `K${upperId(`${seed}/version`, 13)}`,
      });
    case "aws:appautoscaling/target:Target": {
      const resourceId = stringOr(inputs["resourceId"], name);
      return result(resourceId, {
        arn: `arn:aws:application-autoscaling:${region}:${MOCK_ACCOUNT_ID}:scalable-target/${shortHash(seed, 28)}`,
        roleArn: `arn:aws:iam::${MOCK_ACCOUNT_ID}:role/aws-service-role/kafka.application-autoscaling.amazonaws.com/AWSServiceRoleForApplicationAutoScaling_KafkaCluster`,
      });
    }
    case "aws:appautoscaling/policy:Policy": {
      const policyName = stringOr(inputs["name"], name);
      return result(policyName, {
        name: policyName,
        arn:
          `arn:aws:autoscaling:${region}:${MOCK_ACCOUNT_ID}:scalingPolicy:${uuidFrom(seed)}:resource/` +
          `${stringOr(inputs["serviceNamespace"], "kafka")}/${stringOr(inputs["resourceId"], name)}:policyName/${policyName}`,
        alarmArns: [],
      });
    }
    default:
      return undefined;
  }
}

/** MSK's resource suffix: a UUID and a revision number, e.g. `1b2c…-3`. */
function mskUuid(seed: string): string {
  return `${uuidFrom(seed)}-${(parseInt(shortHash(`${seed}/revision`, 2), 16) % 25) + 1}`;
}

/**
 * An MSK cluster as the provider reports it: its ARN is its id; bootstrap strings list one broker per node (IAM on
 * 9098, TLS on 9094, multi-VPC IAM on 14001+ when turned on); ZooKeeper strings only for ZooKeeper-mode versions.
 */
function mskClusterState(
  seed: string,
  name: string,
  inputs: Record<string, unknown>,
  region: string,
): [string, Record<string, unknown>] {
  const clusterName = stringOr(inputs["clusterName"], name);
  const uuid = mskUuid(seed);
  const arn = `arn:aws:kafka:${region}:${MOCK_ACCOUNT_ID}:cluster/${clusterName}/${uuid}`;
  const brokers = typeof inputs["numberOfBrokerNodes"] === "number" ? inputs["numberOfBrokerNodes"] : 3;
  const domain = `${clusterName.toLowerCase()}.${shortHash(`${seed}/dns`, 6)}.c2.kafka.${region}.amazonaws.com`;
  const hosts = (prefix: string, count: number, port: (index: number) => number) =>
    Array.from({ length: count }, (_, index) => `${prefix}-${index + 1}.${domain}:${port(index)}`).join(",");
  const info = isRecord(inputs["brokerNodeGroupInfo"]) ? inputs["brokerNodeGroupInfo"] : {};
  const connectivity = isRecord(info["connectivityInfo"]) ? info["connectivityInfo"] : {};
  const vpcConnectivity = isRecord(connectivity["vpcConnectivity"]) ? connectivity["vpcConnectivity"] : {};
  const vpcAuth = isRecord(vpcConnectivity["clientAuthentication"])
    ? vpcConnectivity["clientAuthentication"]
    : {};
  const vpcSasl = isRecord(vpcAuth["sasl"]) ? vpcAuth["sasl"] : {};
  const version = stringOr(inputs["kafkaVersion"], "3.8.x");
  const zookeeper = !version.endsWith(".kraft") && Number(version.split(".")[0]) < 4;
  return [
    arn,
    {
      arn,
      clusterName,
      clusterUuid: uuid,
      currentVersion: `K${upperId(`${seed}/version`, 13)}`,
      bootstrapBrokers: "",
      bootstrapBrokersSaslIam: hosts("b", brokers, () => 9098),
      bootstrapBrokersTls: hosts("b", brokers, () => 9094),
      bootstrapBrokersVpcConnectivitySaslIam:
        vpcSasl["iam"] === true ? hosts("b", brokers, (index) => 14001 + index) : "",
      zookeeperConnectString: zookeeper ? hosts("z", 3, () => 2181) : "",
      zookeeperConnectStringTls: zookeeper ? hosts("z", 3, () => 2182) : "",
      storageMode: "LOCAL",
    },
  ];
}
