/**
 * Pure planning for `ReplicatorAlarms`: the rules of its arguments. The alarms themselves are the replicator
 * presets of `ObservabilityStack`'s plan, and the names its physical names. No `@pulumi/*` import.
 */
import { isRegionName } from "../common/aws-limits";
import type { Problem } from "../common/validation";
import { isNamePart, resourceKeyProblems, thresholdProblems } from "../observability-stack/plan";

/** The plain part of the arguments the rules read (the replicators' names and the topic are Outputs). */
export interface ReplicatorAlarmsPlanInput {
  readonly environment: string;
  readonly region: string;
  /** Replicators by key: the keys name the alarms. */
  readonly replicators: Readonly<Record<string, unknown>>;
  readonly thresholds?: Readonly<Record<string, unknown>>;
}

/**
 * Every problem of the arguments, with paths relative to them: the environment and region (parts of the alarm
 * names), at least one replicator with a key that can name an alarm, and the thresholds. The component adds the
 * problem of its provider.
 */
export function replicatorAlarmsArgsProblems(args: ReplicatorAlarmsPlanInput): Problem[] {
  const problems: Problem[] = [];
  if (!isNamePart(args.environment)) {
    problems.push({
      path: "environment",
      message: `${JSON.stringify(args.environment)} cannot be part of a name; use lowercase letters, digits and -`,
    });
  }
  if (!isRegionName(args.region)) {
    problems.push({
      path: "region",
      message: `${JSON.stringify(args.region)} is not a region name; pass the provider's region, e.g. ap-east-2`,
    });
  }
  if (Object.keys(args.replicators).length === 0) {
    problems.push({
      path: "replicators",
      message: "is empty; name at least one replicator, or create no ReplicatorAlarms",
    });
  }
  problems.push(...resourceKeyProblems("replicators", Object.keys(args.replicators)));
  problems.push(...thresholdProblems(args.thresholds ?? {}));
  return problems;
}
