/**
 * A component built under fresh offline plan mocks (tools/plan/mocks) with the explicit regional provider every
 * regional component takes: the set-up a component spec's `build()` would otherwise write again.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { installPlanMocks, type PlanRecorder } from "../../tools/plan/mocks";
import { valueOf } from "./pulumi";

export interface UnderMocksOptions<C> {
  /** The stack the mocks run as; default "prod-taipei" (the project is always "platform"). */
  stack?: string;
  /** The provider's region and the config's aws:region; default "ap-east-2". The provider is named aws-<region>. */
  region?: string;
  /** More config by full key (e.g. "platform:network"); aws:region always comes from `region`. */
  config?: Record<string, string>;
  /** The provider's default tags; none unless given. */
  defaultTags?: Record<string, string>;
  /**
   * Outputs of what `create` returned to wait for before the registrations settle: children a component creates
   * inside applies register only once those resolve. Nothing is waited for unless given.
   */
  settle?: (component: C) => pulumi.Input<unknown>[];
}

export interface BuiltUnderMocks<C> {
  recorder: PlanRecorder;
  /** What `create` returned: the component, or several resources of one set-up. */
  component: C;
  provider: aws.Provider;
  /** The provider's `urn::id`: what the recorded options of a resource given that provider hold. */
  providerRef: string;
}

/**
 * Installs fresh mocks, creates the regional provider, calls `create` with it, waits for the `settle` outputs and
 * then for every registration to settle.
 */
export async function buildUnderMocks<C>(
  create: (provider: aws.Provider) => C,
  options: UnderMocksOptions<C> = {},
): Promise<BuiltUnderMocks<C>> {
  const region = options.region ?? "ap-east-2";
  const recorder = installPlanMocks({
    project: "platform",
    stack: options.stack ?? "prod-taipei",
    config: { ...options.config, "aws:region": region },
  });
  const provider = new aws.Provider(`aws-${region}`, {
    region: region as aws.Region,
    ...(options.defaultTags === undefined ? {} : { defaultTags: { tags: options.defaultTags } }),
  });
  const component = create(provider);
  await valueOf(pulumi.all(options.settle?.(component) ?? []));
  await recorder.settled();
  return { recorder, component, provider, providerRef: await providerRefOf(provider) };
}

/** A provider's `urn::id`, the reference a resource's recorded `options.provider` holds. */
export async function providerRefOf(provider: pulumi.ProviderResource): Promise<string> {
  return `${await valueOf(provider.urn)}::${await valueOf(provider.id)}`;
}
