import { expect } from "chai";
import { KAFKA_DEFAULTS, KafkaConfig, checkKafka } from "../../stacks/config-sections/kafka";
import type { SectionContext } from "../../stacks/config-sections/section";
import { kafkaZoneCount } from "../../stacks/placement";
import { checkSection } from "../support/config";

const PROD: SectionContext = { stack: "prod-taipei", environment: "prod", role: "primary", zoneCount: 3 };
const DEV: SectionContext = { stack: "prod-taipei", environment: "dev", role: "primary", zoneCount: 2 };

/** `checkKafka` on one value: what it returns and every problem, as `path: message` lines. */
function check(
  raw: unknown,
  context: SectionContext = PROD,
): { config: KafkaConfig | undefined; problems: string[] } {
  return checkSection(checkKafka, raw, context);
}

const SIZING = { brokerInstanceType: "kafka.m7g.large", volumeSizeGiB: 100 };

const KNOWN_KEYS =
  "kafkaVersion, brokerInstanceType, brokersPerAz, volumeSizeGiB, maxVolumeSizeGiB, storageTargetPercent, " +
  "durability, logRetentionDays, enhancedMonitoring, replicationSource, openMonitoring";

describe("config: platform:kafka", () => {
  it("is required, with an example of what to set", () => {
    expect(check(undefined).problems).to.deep.equal([
      "platform:kafka: missing; every stack runs its region's MSK cluster: set platform:kafka in Pulumi.prod-taipei.yaml, e.g. {brokerInstanceType: kafka.m7g.large, brokersPerAz: 1, volumeSizeGiB: 100, maxVolumeSizeGiB: 1000}",
    ]);
  });

  it("defaults everything but the broker size and volume: pinned version, one broker per zone, fixed storage, durable", () => {
    expect(check(SIZING)).to.deep.equal({
      config: {
        kafkaVersion: "3.8.x",
        brokerInstanceType: "kafka.m7g.large",
        brokersPerAz: 1,
        volumeSizeGiB: 100,
        maxVolumeSizeGiB: 100,
        storageTargetPercent: 60,
        durability: "durable",
        logRetentionDays: 90,
        enhancedMonitoring: "PER_BROKER",
        replicationSource: false,
        openMonitoring: true,
      },
      problems: [],
    });
    expect(KAFKA_DEFAULTS.kafkaVersion).to.equal("3.8.x");
  });

  it("reads JSON text as Pulumi passes structured values, keeping explicit values", () => {
    const raw = JSON.stringify({
      ...SIZING,
      kafkaVersion: "3.9.x.kraft",
      brokersPerAz: 2,
      maxVolumeSizeGiB: 2000,
      storageTargetPercent: 55,
      logRetentionDays: 365,
      enhancedMonitoring: "PER_TOPIC_PER_BROKER",
      replicationSource: true,
      openMonitoring: false,
    });
    expect(check(raw, { ...PROD, role: "secondary" })).to.deep.equal({
      config: {
        kafkaVersion: "3.9.x.kraft",
        brokerInstanceType: "kafka.m7g.large",
        brokersPerAz: 2,
        volumeSizeGiB: 100,
        maxVolumeSizeGiB: 2000,
        storageTargetPercent: 55,
        durability: "durable",
        logRetentionDays: 365,
        enhancedMonitoring: "PER_TOPIC_PER_BROKER",
        replicationSource: true,
        openMonitoring: false,
      },
      problems: [],
    });
  });

  it("accepts the cheap dev cluster: two t3.small brokers, non-durable, in two zones", () => {
    const dev = {
      brokerInstanceType: "kafka.t3.small",
      volumeSizeGiB: 20,
      durability: "non-durable-dev",
    };
    expect(check(dev, DEV).problems).to.deep.equal([]);
    expect(check(dev, DEV).config?.durability).to.equal("non-durable-dev");
  });

  it("reports shape problems with our messages, one per field, and unknown keys", () => {
    expect(
      check({
        brokerInstanceType: 7,
        volumeSizeGiB: "100",
        replicationSource: "yes",
        openMonitoring: "on",
        brokers: 3,
      }).problems,
    ).to.deep.equal([
      "platform:kafka.brokerInstanceType: is the number 7, not a string; set the broker size, e.g. kafka.m7g.large",
      'platform:kafka.volumeSizeGiB: is the string "100", not a number; set the EBS volume per broker in GiB, e.g. 100',
      'platform:kafka.replicationSource: is the string "yes", not a boolean; set whether MSK Replicator may read the cluster from another region, e.g. true',
      `platform:kafka.openMonitoring: is the string "on", not a boolean; set whether the brokers' Prometheus exporters run and the region's managed collector scrapes them, e.g. true`,
      `platform:kafka.brokers: unknown key; fix its spelling or remove it (the known keys are ${KNOWN_KEYS})`,
    ]);
  });

  it("takes only a Kafka version MSK creates clusters on", () => {
    const base = { brokerInstanceType: "kafka.m7g.large", volumeSizeGiB: 100 };
    expect(check({ ...base, kafkaVersion: "4.1.x.kraft" }).problems).to.deep.equal([]);
    expect(check({ ...base, kafkaVersion: "3.7.x" }).problems).to.deep.equal([
      "platform:kafka.kafkaVersion: 3.7.x reached the end of MSK's support on 2026-09-01: MSK creates no new " +
        "cluster on it and upgrades existing ones at any time; use 3.8.x (MSK's recommended version) or newer",
    ]);
    expect(check({ ...base, kafkaVersion: "4.0.0" }).problems).to.deep.equal([
      "platform:kafka.kafkaVersion: 4.0.0 is not a Kafka version MSK offers; use one of 3.8.x, 3.8.x.kraft, 3.9.x, " +
        "3.9.x.kraft, 4.0.x.kraft, 4.1.x.kraft (MSK's names: a minor with .x, .kraft for KRaft metadata mode, which " +
        "Kafka 4 always uses)",
    ]);
  });

  it("applies the component's rules: version, size, storage, retention, monitoring, durability", () => {
    expect(
      check({
        kafkaVersion: "3.5.1",
        brokerInstanceType: "express.m7g.large",
        brokersPerAz: 0,
        volumeSizeGiB: 100,
        maxVolumeSizeGiB: 50,
        storageTargetPercent: 5,
        logRetentionDays: 100,
        enhancedMonitoring: "ALL",
        durability: "best-effort",
      }).problems,
    ).to.deep.equal([
      "platform:kafka.kafkaVersion: 3.5.1 is older than 3.6.0, the first version whose topics MSK manages through its API (aws.msk.Topic); use 3.8.x or newer",
      'platform:kafka.durability: "best-effort" is not a durability; use durable or non-durable-dev',
      'platform:kafka.enhancedMonitoring: "ALL" is not an MSK monitoring level; use one of DEFAULT, PER_BROKER, PER_TOPIC_PER_BROKER, PER_TOPIC_PER_PARTITION',
      "platform:kafka.brokersPerAz: 0 is not a broker count; use a whole number of brokers per zone, 1 or more",
      "platform:kafka.maxVolumeSizeGiB: 50 GiB is below the volume size 100 GiB, and MSK never shrinks a volume; set it to 100 (no auto-scaling) or more",
      "platform:kafka.storageTargetPercent: 5 is not a storage utilization target; use a whole percentage from 10 to 80 (AWS recommends 50 to 60)",
      "platform:kafka.logRetentionDays: 100 is not a CloudWatch Logs retention; use one of 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653 (e.g. 120)",
    ]);
  });

  it("checks brokers against the zones and the durability, with the fix", () => {
    expect(check({ ...SIZING, durability: "durable" }, DEV).problems).to.deep.equal([
      "platform:network.availabilityZones: 2 zones cannot hold durable topics: losing one zone must leave 2 of 3 replicas; run the brokers in 3 zones, or use durability non-durable-dev for a dev cluster",
      "platform:kafka.brokersPerAz: 2 brokers cannot hold 3 replicas of each partition (durable); run at least 3 brokers",
    ]);
    expect(check({ ...SIZING, brokerInstanceType: "m7g.large" }).problems).to.deep.equal([
      'platform:kafka.brokerInstanceType: "m7g.large" is not an MSK Standard broker size; use one of kafka.t3.small, kafka.m5.<size>, kafka.m7g.<size> (e.g. kafka.m7g.large)',
    ]);
  });

  it("keeps prod durable and makes a secondary a replication source", () => {
    expect(check({ ...SIZING, durability: "non-durable-dev" }).problems).to.deep.equal([
      "platform:kafka.durability: non-durable-dev can lose acknowledged writes when a broker fails; prod keeps durable topics: set durability to durable",
    ]);
    expect(check(SIZING, { ...PROD, role: "secondary" }).problems).to.deep.equal([
      "platform:kafka.replicationSource: a secondary's cluster is the source of the replicator back to its primary, which needs multi-VPC connectivity; set replicationSource to true",
    ]);
  });

  it("checks what MSK Replicator needs of a replication source", () => {
    expect(
      check(
        {
          brokerInstanceType: "kafka.t3.small",
          volumeSizeGiB: 20,
          durability: "non-durable-dev",
          replicationSource: true,
        },
        DEV,
      ).problems,
    ).to.deep.equal([
      "platform:kafka.replicationSource: kafka.t3.small supports neither MSK Replicator nor multi-VPC connectivity, which a cross-region source needs; use kafka.m7g.large or larger, or turn replicationSource off",
      "platform:kafka.replicationSource: MSK Replicator needs at least 4 brokers in a 2-zone cluster, not 2; add brokers or turn replicationSource off",
    ]);
  });

  it("runs in at most three zones of a wider VPC", () => {
    expect(kafkaZoneCount(2)).to.equal(2);
    expect(kafkaZoneCount(4)).to.equal(3);
    expect(check(SIZING, { ...PROD, zoneCount: 4 }).problems).to.deep.equal([]);
  });

  it("checks the topic catalogue's partition load on the brokers", () => {
    // 71 partitions × 3 replicas on 3 brokers: 71 per broker, far below any size's limit; the rule stays quiet.
    expect(check({ ...SIZING, brokerInstanceType: "kafka.t3.small" }).problems).to.deep.equal([]);
  });

  it("skips the layout rules while the zones or the durability are unknown", () => {
    expect(
      check(SIZING, { stack: "prod-taipei", environment: undefined, role: undefined, zoneCount: undefined })
        .problems,
    ).to.deep.equal([]);
  });

  it("reports text that is not JSON", () => {
    expect(check("{brokerInstanceType: kafka.m7g.large").problems).to.deep.equal([
      "platform:kafka: is text that does not parse as JSON; write platform:kafka as a YAML map under config: in Pulumi.prod-taipei.yaml",
    ]);
  });

  it("plans the brokers from brokersPerAz: two per zone in a dev pair make the four MSK Replicator needs", () => {
    expect(
      check({ ...SIZING, durability: "non-durable-dev", replicationSource: true, brokersPerAz: 2 }, DEV)
        .problems,
    ).to.deep.equal([]);
    expect(
      check({ ...SIZING, durability: "non-durable-dev", replicationSource: true, brokersPerAz: 1 }, DEV)
        .problems,
    ).to.deep.equal([
      "platform:kafka.replicationSource: MSK Replicator needs at least 4 brokers in a 2-zone cluster, not 2; add brokers " +
        "or turn replicationSource off",
    ]);
  });

  it("does not lay out brokers for an unknown durability or a broker count already reported", () => {
    expect(check({ ...SIZING, durability: "x" }).problems).to.deep.equal([
      'platform:kafka.durability: "x" is not a durability; use durable or non-durable-dev',
    ]);
    expect(check({ ...SIZING, brokersPerAz: 0 }).problems).to.deep.equal([
      "platform:kafka.brokersPerAz: 0 is not a broker count; use a whole number of brokers per zone, 1 or more",
    ]);
  });
});
