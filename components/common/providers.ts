import * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";
import { Problem, throwIfProblems } from "./validation";

/**
 * The problem of a regional component's options when they lack the explicit regional `aws.Provider`: every child
 * is created through it (never the ambient default provider), so nothing lands in another region or without the
 * required default tags. Empty when `opts.provider` is one.
 */
export function regionalProviderProblems(opts: pulumi.ComponentResourceOptions | undefined): Problem[] {
  if (aws.Provider.isInstance(opts?.provider)) {
    return [];
  }
  return [
    {
      path: "opts.provider",
      message:
        opts?.providers !== undefined
          ? "pass the regional aws.Provider as `provider`, not in `providers`: every child is created through it explicitly"
          : "no aws.Provider given; pass { provider } with the explicit provider of the stack's region (its defaultTags carry the required tags)",
    },
  ];
}

/** The options of a regional component's children: the component as parent, the regional provider explicit. */
export interface RegionalChildOptions {
  readonly parent: pulumi.Resource;
  readonly provider: aws.Provider;
}

/**
 * What every named step of a regional component's constructor creates with; each component adds its own (its
 * resolved arguments, plans, names).
 */
export interface ComponentStepContext {
  /** The component's name, the first part of every child's name. */
  readonly name: string;
  readonly provider: aws.Provider;
  readonly childOpts: RegionalChildOptions;
  /** The component's tags with a child's own on top (`Name`, …). */
  readonly tags: (own: Record<string, string>) => Record<string, string>;
}

/**
 * The start of a regional component's constructor, after its arguments are defaulted: throws one `ValidationError`
 * under `heading` listing every problem (`problems`: the component's `validate<Component>Args`, which include
 * `regionalProviderProblems(opts)`) before any child exists; else the options of its children, with the explicit
 * regional provider every child goes through (never the ambient default one).
 */
export function regionalChildOptions(
  parent: pulumi.ComponentResource,
  heading: string,
  problems: readonly Problem[],
  opts: pulumi.ComponentResourceOptions | undefined,
): RegionalChildOptions {
  throwIfProblems(heading, problems);
  const provider = opts?.provider;
  if (!aws.Provider.isInstance(provider)) {
    // Only when `problems` left out the provider's: report it the same way.
    throwIfProblems(heading, regionalProviderProblems(opts));
  }
  return { parent, provider: provider as aws.Provider };
}
