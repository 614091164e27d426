/**
 * Pure planning for `MskCluster`, by subject: the cluster (`./cluster`: version, brokers and zones, durability,
 * storage), the topics (`./topics`), who may do what (`./access`: the access matrix, the client policies, the
 * replication source's cluster policy) and the arguments' rules and defaults (`./arguments`). Nothing here imports
 * `@pulumi/*`, so every rule is testable without mocks (`test/components/msk-cluster/plan.spec.ts`) and the
 * `platform:kafka` config section checks with exactly the component's rules.
 *
 * AWS facts used below (Amazon MSK Developer Guide, checked 2026-11):
 * - broker sizes: `broker-instance-sizes.html` (Standard brokers `kafka.t3.small`, `kafka.m5.*`, `kafka.m7g.*`;
 *   Express brokers `express.m7g.*` have no EBS volume to size);
 * - client subnets: two or three, in distinct zones (`AWS::MSK::Cluster BrokerNodeGroupInfo.ClientSubnets`);
 * - EBS volume 1–16384 GiB per broker, auto-scaling target 10–80 % (`msk-autoexpand-details.html`);
 * - topic APIs (`aws.msk.Topic`) need Kafka 3.6.0 or later (`msk-topic-operations-information.html`);
 * - IAM actions, required actions and resources: `kafka-actions.html`; ARN formats `arn:aws:kafka:<region>:<account>:
 *   {cluster|topic|group}/<cluster name>/<cluster uuid>[/<topic or group>]` (`iam-access-control.html`);
 * - partitions per broker (leaders and followers): `bestpractices.html#partitions-per-broker`;
 * - MSK Replicator needs m5.large or larger and at least 3 brokers (4 in two zones); multi-VPC private connectivity,
 *   which a cross-region source needs, is not available on t3.small (`msk-replicator-supported-configs.html`,
 *   `aws-access-mult-vpc.html`).
 */
export * from "./access";
export * from "./arguments";
export * from "./cluster";
export * from "./topics";
