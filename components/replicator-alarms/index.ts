/**
 * `ReplicatorAlarms`: the alarms of MSK Replicators whose metrics are in another region than the stack's. An MSK
 * Replicator publishes its metrics in its target cluster's region, so the replicator from the secondary to the
 * primary is alarmed in the primary's region (through the primary's provider) and notifies the primary's alarm
 * topic. The secondary owns it, as it owns the replicator. The alarms are `ObservabilityStack`'s replicator presets;
 * the rules of the arguments are in `./plan`.
 */
import * as pulumi from "@pulumi/pulumi";
import { regionalChildOptions, regionalProviderProblems } from "../common/providers";
import type { Problem } from "../common/validation";
import { createAlarms } from "../observability-stack/metric-alarms";
import {
  AlarmThresholds,
  DEFAULT_ALARM_THRESHOLDS,
  observabilityNames,
  observabilityStackDefaults,
  planAlarms,
} from "../observability-stack/plan";
import { replicatorAlarmsArgsProblems } from "./plan";

export * from "./plan";

/**
 * Type token of the component (renaming it replaces every child: add an alias first). It keeps the
 * `observability` module it was created under: the token is part of every alarm's URN.
 */
export const REPLICATOR_ALARMS_TYPE = "platform:observability:ReplicatorAlarms";

export interface ReplicatorAlarmsArgs {
  /** As for ObservabilityStack. Plain. */
  readonly environment: string;
  /** The region of the provider in `opts`: where the replicators' target clusters (and metrics) are. Plain. */
  readonly region: string;
  /** @default "platform" */
  readonly namePrefix?: string;
  /** The alarm topic of that region (the primary's, read from its stack outputs). */
  readonly alarmTopicArn: pulumi.Input<string>;
  /** Replicators whose target cluster is in `region`, keyed by a stable key. */
  readonly replicators: Readonly<Record<string, pulumi.Input<string>>>;
  /** @default {} */
  readonly thresholds?: Partial<AlarmThresholds>;
}

/** Every problem of the arguments (`replicatorAlarmsArgsProblems`) and of the provider in `opts`. */
export function validateReplicatorAlarmsArgs(
  args: ReplicatorAlarmsArgs,
  opts?: pulumi.ComponentResourceOptions,
): Problem[] {
  return [...replicatorAlarmsArgsProblems(args), ...regionalProviderProblems(opts)];
}

/** The replicator alarms of one region, notifying that region's alarm topic on ALARM and OK. */
export class ReplicatorAlarms extends pulumi.ComponentResource {
  readonly alarmKeys: readonly string[];

  constructor(name: string, args: ReplicatorAlarmsArgs, opts?: pulumi.ComponentResourceOptions) {
    super(REPLICATOR_ALARMS_TYPE, name, {}, opts);
    const namePrefix = args.namePrefix ?? observabilityStackDefaults.namePrefix;
    const { provider } = regionalChildOptions(
      this,
      `Invalid arguments for ReplicatorAlarms "${name}"`,
      validateReplicatorAlarmsArgs(args, opts),
      opts,
    );
    const alarms = planAlarms(
      { replicators: args.replicators },
      { ...DEFAULT_ALARM_THRESHOLDS, ...args.thresholds },
    );
    const names = observabilityNames(namePrefix, args.environment, args.region);
    createAlarms(name, alarms, names.alarmPrefix, args.alarmTopicArn, {}, { parent: this, provider });
    this.alarmKeys = alarms.map((alarm) => alarm.key);
    this.registerOutputs({});
  }
}
