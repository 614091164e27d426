/**
 * MSK: a configuration of this stack with durable replication settings, and brokers spread evenly over the zones.
 */
import type * as aws from "@pulumi/aws";
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { configWithDefaults, Inputs, schema, validateType } from "../lib/policy";
import { listOf, setTo } from "../lib/values";

export const MSK_CLUSTER = "aws:msk/cluster:Cluster";
export const MSK_CONFIGURATION = "aws:msk/configuration:Configuration";
export const MSK_TOPIC = "aws:msk/topic:Topic";

/** Kafka server properties (`key=value` lines, `#` comments) as a map. */
export function parseServerProperties(text: string): Map<string, string> {
  const properties = new Map<string, string>();
  for (const line of text.split(/\r?\n/)) {
    const trimmed = line.trim();
    if (trimmed === "" || trimmed.startsWith("#") || trimmed.startsWith("!")) {
      continue;
    }
    const at = trimmed.search(/[=:]/);
    if (at > 0) {
      properties.set(trimmed.slice(0, at).trim(), trimmed.slice(at + 1).trim());
    }
  }
  return properties;
}

type ConfigurationInputs = Inputs<aws.msk.ConfigurationArgs>;

/** A policy on one numeric server property that must be at least a configurable minimum. */
function minimumPropertyPolicy(name: string, property: string, minimum: number, description: string) {
  const defaults = { minimum };
  const policy: ResourceValidationPolicy = {
    name,
    description,
    enforcementLevel: "mandatory",
    configSchema: schema({
      minimum: {
        type: "integer",
        minimum: 1,
        default: minimum,
        description: `Smallest accepted ${property}.`,
      },
    }),
    validateResource: validateType<ConfigurationInputs>(MSK_CONFIGURATION, (configuration, args, report) => {
      const { minimum: wanted } = configWithDefaults(args, defaults);
      const value = parseServerProperties(configuration.serverProperties ?? "").get(property);
      if (value === undefined) {
        report(`serverProperties does not set ${property}; add ${property}=${wanted}.`);
      } else if (!(Number(value) >= wanted)) {
        report(`serverProperties sets ${property}=${value}; set ${property}=${wanted} or more.`);
      }
    }),
  };
  return policy;
}

export const mskDefaultReplicationFactor = minimumPropertyPolicy(
  "msk-default-replication-factor",
  "default.replication.factor",
  3,
  "MSK configurations replicate new topics to at least 3 brokers (default.replication.factor).",
);

export const mskMinInsyncReplicas = minimumPropertyPolicy(
  "msk-min-insync-replicas",
  "min.insync.replicas",
  2,
  "MSK configurations acknowledge writes only with at least 2 in-sync replicas (min.insync.replicas).",
);

export const mskNoUncleanLeaderElection: ResourceValidationPolicy = {
  name: "msk-no-unclean-leader-election",
  description:
    "MSK configurations never elect an out-of-sync replica as leader (unclean.leader.election.enable).",
  enforcementLevel: "mandatory",
  validateResource: validateType<ConfigurationInputs>(MSK_CONFIGURATION, (configuration, _args, report) => {
    const value = parseServerProperties(configuration.serverProperties ?? "").get(
      "unclean.leader.election.enable",
    );
    if (value === undefined) {
      report(
        "serverProperties does not set unclean.leader.election.enable; add unclean.leader.election.enable=false.",
      );
    } else if (value.toLowerCase() !== "false") {
      report(
        `serverProperties sets unclean.leader.election.enable=${value}; set unclean.leader.election.enable=false.`,
      );
    }
  }),
};

export const mskCustomConfiguration: ResourceValidationPolicy = {
  name: "msk-custom-configuration",
  description:
    "MSK clusters use a configuration of their own (MSK's default allows unclean leader election).",
  enforcementLevel: "mandatory",
  validateResource: validateType<Inputs<aws.msk.ClusterArgs>>(MSK_CLUSTER, (cluster, _args, report) => {
    if (cluster.configurationInfo === undefined) {
      report(
        setTo("configurationInfo", undefined, "{ arn, revision } of an aws.msk.Configuration of this stack"),
      );
    }
  }),
};

export const mskBrokersMultipleOfAzs: ResourceValidationPolicy = {
  name: "msk-brokers-multiple-of-azs",
  description:
    "MSK clusters run the same number of brokers in every zone (brokers a multiple of client subnets).",
  enforcementLevel: "mandatory",
  validateResource: validateType<Inputs<aws.msk.ClusterArgs>>(MSK_CLUSTER, (cluster, _args, report) => {
    const zones = listOf(cluster.brokerNodeGroupInfo?.clientSubnets).length;
    if (zones === 0 || cluster.numberOfBrokerNodes % zones === 0) {
      return;
    }
    report(
      `numberOfBrokerNodes is ${cluster.numberOfBrokerNodes} for ${zones} client subnets; set numberOfBrokerNodes ` +
        `to a multiple of ${zones} (e.g. ${Math.max(1, Math.round(cluster.numberOfBrokerNodes / zones)) * zones}).`,
    );
  }),
};

const topicDefaults = { minimumReplicationFactor: 3 };

export const mskTopicReplicationFactor: ResourceValidationPolicy = {
  name: "msk-topic-replication-factor",
  description: "MSK topics are replicated to at least 3 brokers.",
  enforcementLevel: "mandatory",
  configSchema: schema({
    minimumReplicationFactor: {
      type: "integer",
      minimum: 1,
      default: topicDefaults.minimumReplicationFactor,
      description: "Smallest accepted replicationFactor.",
    },
  }),
  validateResource: validateType<Inputs<aws.msk.TopicArgs>>(MSK_TOPIC, (topic, args, report) => {
    const { minimumReplicationFactor } = configWithDefaults(args, topicDefaults);
    if (!(topic.replicationFactor >= minimumReplicationFactor)) {
      report(setTo("replicationFactor", topic.replicationFactor, `${minimumReplicationFactor} or more`));
    }
  }),
};
