/**
 * The context `ObservabilityStack`'s constructor hands to each of its steps (the modules beside it), and the account
 * facts in it.
 */
import * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";
import type { ComponentStepContext } from "../common/providers";
import type { ResolvedObservabilityStackArgs } from "./args";
import type { ObservabilityNames } from "./plan";

/** The account and partition of a provider, as Outputs. */
export function accountOf(opts: pulumi.InvokeOutputOptions) {
  const partition = aws.getPartitionOutput({}, opts);
  return {
    accountId: aws.getCallerIdentityOutput({}, opts).accountId,
    partition: partition.partition,
    dnsSuffix: partition.dnsSuffix,
  };
}

/** What every step of the constructor creates with. */
export interface Context extends ComponentStepContext {
  readonly resolved: ResolvedObservabilityStackArgs;
  /** `childOpts`, protected as the stateful children are. */
  readonly stateful: { parent: pulumi.Resource; provider: aws.Provider; protect: boolean };
  readonly names: ObservabilityNames;
  readonly region: string;
  readonly account: ReturnType<typeof accountOf>;
  /** Creates a log group with retention and the logs key, and records it among `logGroupNames`. */
  readonly logGroup: (key: string, groupName: pulumi.Input<string>) => aws.cloudwatch.LogGroup;
}
