/**
 * `ContainerRegistries`: one region's ECR repositories for the applications' images, `<namePrefix>/<name>` each,
 * with immutable tags, scan on push, encryption with the region's customer managed key, a lifecycle policy (untagged
 * images expire, the last releases are kept) and a repository policy that lets exactly the given principals push and
 * pull. With `replicationRegions` it also owns the registry's replication configuration, which copies every image
 * pushed to its repositories to those regions of the same account. Names, rules and the policy documents are planned
 * in `./plan`; this file creates the resources, one named step each.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { policyJson } from "../common/iam";
import { ComponentStepContext, regionalChildOptions, regionalProviderProblems } from "../common/providers";
import type { Problem } from "../common/validation";
import {
  ContainerRegistriesPlanInput,
  KeepReleases,
  containerRegistriesArgsProblems,
  containerRegistriesDefaults,
  lifecyclePolicy,
  replicationRules,
  repositoryName,
  repositoryPolicy,
  withKeepReleasesDefaults,
} from "./plan";

export * from "./plan";

/** Type token of the component (renaming it replaces every child: add an alias first). */
export const CONTAINER_REGISTRIES_TYPE = "platform:delivery:ContainerRegistries";

export interface ContainerRegistriesArgs {
  /**
   * The repositories, by name (`api`, `shop`, `cmc`): each becomes `<namePrefix>/<name>` and keys its children, so
   * adding one never touches the others. Plain: names. Lowercase letters and digits joined by single `.`, `_`, `-`.
   */
  readonly repositories: readonly string[];
  /**
   * First part of every repository name (`platform` gives `platform/api`), and the prefix the registry replicates.
   * Plain: part of a name. Lowercase letters and digits joined by single `.`, `_`, `-` or `/`, starting with a letter.
   */
  readonly namePrefix: string;
  /**
   * ARN of the region's customer managed KMS key that encrypts the images (`encryptionType: KMS`). Its key policy
   * must let the account use it through ECR (`kms:ViaService` `ecr.<region>.amazonaws.com`): ECR creates grants on
   * it when it creates a repository.
   */
  readonly kmsKeyArn: pulumi.Input<string>;
  /** The lifecycle policy's settings. @default { count: 30, tagPattern: "v*", untaggedExpiryDays: 7 } */
  readonly keepReleases?: KeepReleases;
  /**
   * Principals allowed to push, by ARN (the CI deploy role). They still need `ecr:GetAuthorizationToken` from their
   * own IAM policy to log in.
   * @default [] (no push statement)
   */
  readonly pushRoleArns?: readonly pulumi.Input<string>[];
  /**
   * Principals allowed to pull, by ARN (the EKS node role). Login again comes from their IAM policy.
   * @default [] (no pull statement)
   */
  readonly pullRoleArns?: readonly pulumi.Input<string>[];
  /**
   * Regions of the same account to replicate every image pushed to these repositories to. When given, the component
   * creates the registry's replication configuration (one per account and region: no other code may manage it).
   * The destinations' own repositories (same names, their region's key, their lifecycle) come from a
   * `ContainerRegistries` in each destination's stack, created before the first image is pushed: ECR creates a
   * missing destination repository itself, unencrypted by our key, mutable and unscanned. Plain: names.
   * @default [] (no replication configuration)
   */
  readonly replicationRegions?: readonly string[];
  /**
   * Protects the repositories (only the repositories: policies can be recreated at any time). The stacks pass
   * `environment === "prod"`. Repositories never force-delete: destroying one that holds images fails.
   * @default false
   */
  readonly protect?: boolean;
  /**
   * Extra tags on every repository. The required tags come from the regional provider's `defaultTags`; the
   * component's own `Name` wins over these.
   * @default {}
   */
  readonly tags?: Readonly<Record<string, string>>;
}

/** Every argument with its default applied: the plan's input and the Outputs the resources take. */
export interface ResolvedContainerRegistriesArgs extends ContainerRegistriesPlanInput {
  readonly kmsKeyArn: pulumi.Input<string>;
  readonly pushRoleArns: readonly pulumi.Input<string>[];
  readonly pullRoleArns: readonly pulumi.Input<string>[];
}

/** Applies the defaults (`??`: an explicit 0 or "" is kept and validated, never replaced). */
export function withDefaults(args: ContainerRegistriesArgs): ResolvedContainerRegistriesArgs {
  const d = containerRegistriesDefaults;
  return {
    repositories: args.repositories,
    namePrefix: args.namePrefix,
    kmsKeyArn: args.kmsKeyArn,
    keepReleases: withKeepReleasesDefaults(args.keepReleases),
    pushRoleArns: args.pushRoleArns ?? d.pushRoleArns,
    pullRoleArns: args.pullRoleArns ?? d.pullRoleArns,
    replicationRegions: args.replicationRegions ?? d.replicationRegions,
    protect: args.protect ?? d.protect,
    tags: args.tags ?? d.tags,
  };
}

/**
 * Every problem of the (defaulted) arguments (`containerRegistriesArgsProblems`) and of the provider in `opts`, with
 * paths relative to the arguments. Empty when the component can be built.
 */
export function validateContainerRegistriesArgs(
  args: ResolvedContainerRegistriesArgs,
  opts?: pulumi.ComponentResourceOptions,
): Problem[] {
  return [...containerRegistriesArgsProblems(args), ...regionalProviderProblems(opts)];
}

/** What every step of the constructor creates with. */
interface Context extends ComponentStepContext {
  readonly resolved: ResolvedContainerRegistriesArgs;
}

/** One region's ECR repositories, their lifecycle and repository policies, and optionally the registry's replication. */
export class ContainerRegistries extends pulumi.ComponentResource {
  /** Physical repository names by repository (`{ api: "platform/api" }`), plain: known before anything exists. */
  readonly repositoryNames: Readonly<Record<string, string>>;
  /** Repository URLs by repository (`<account>.dkr.ecr.<region>.amazonaws.com/platform/api`), what images name. */
  readonly repositoryUrls: Readonly<Record<string, pulumi.Output<string>>>;
  /** Repository ARNs by repository, for IAM policies that grant on them. */
  readonly repositoryArns: Readonly<Record<string, pulumi.Output<string>>>;
  /** The registry (the account) the repositories are in. */
  readonly registryId: pulumi.Output<string>;

  constructor(name: string, args: ContainerRegistriesArgs, opts?: pulumi.ComponentResourceOptions) {
    super(CONTAINER_REGISTRIES_TYPE, name, {}, opts);
    const resolved = withDefaults(args);
    // Every child goes through the regional provider, never the ambient default one.
    const childOpts = regionalChildOptions(
      this,
      `Invalid arguments for ContainerRegistries "${name}"`,
      validateContainerRegistriesArgs(resolved, opts),
      opts,
    );
    const provider = childOpts.provider;
    const ctx: Context = {
      name,
      resolved,
      provider,
      childOpts,
      tags: (own) => ({ ...resolved.tags, ...own }),
    };

    const repositories = this.createRepositories(ctx);
    this.createLifecyclePolicies(ctx, repositories);
    this.createRepositoryPolicies(ctx, repositories);
    if (resolved.replicationRegions.length > 0) {
      this.createReplication(ctx);
    }

    const byRepository = <T>(value: (repository: aws.ecr.Repository) => T): Record<string, T> =>
      Object.fromEntries(Object.entries(repositories).map(([key, repository]) => [key, value(repository)]));
    this.repositoryNames = Object.fromEntries(
      resolved.repositories.map((repository) => [
        repository,
        repositoryName(resolved.namePrefix, repository),
      ]),
    );
    this.repositoryUrls = byRepository((repository) => repository.repositoryUrl);
    this.repositoryArns = byRepository((repository) => repository.arn);
    this.registryId = repositories[resolved.repositories[0]].registryId;
    this.registerOutputs({
      repositoryNames: this.repositoryNames,
      repositoryUrls: this.repositoryUrls,
      repositoryArns: this.repositoryArns,
      registryId: this.registryId,
    });
  }

  /**
   * The repositories: immutable tags, scan on push (basic scanning, free, per repository), KMS with the region's
   * customer key, never force-deleted, protected when asked.
   */
  private createRepositories({
    name,
    resolved,
    childOpts,
    tags,
  }: Context): Record<string, aws.ecr.Repository> {
    const repositories: Record<string, aws.ecr.Repository> = {};
    for (const repository of resolved.repositories) {
      const physical = repositoryName(resolved.namePrefix, repository);
      repositories[repository] = new aws.ecr.Repository(
        `${name}-${repository}`,
        {
          name: physical,
          imageTagMutability: "IMMUTABLE",
          imageScanningConfiguration: { scanOnPush: true },
          encryptionConfigurations: [{ encryptionType: "KMS", kmsKey: resolved.kmsKeyArn }],
          // A destroy (or a replacement) of a repository that holds images fails instead of deleting them.
          forceDelete: false,
          tags: tags({ Name: physical }),
        },
        // Beside the policies, not above them: a child would inherit the repository's `protect`.
        { ...childOpts, protect: resolved.protect },
      );
    }
    return repositories;
  }

  /** One lifecycle policy per repository, the same rules for all (`lifecyclePolicy`). */
  private createLifecyclePolicies(
    { name, resolved, childOpts }: Context,
    repositories: Record<string, aws.ecr.Repository>,
  ): void {
    const policy = JSON.stringify(lifecyclePolicy(resolved.keepReleases));
    for (const [repository, resource] of Object.entries(repositories)) {
      new aws.ecr.LifecyclePolicy(`${name}-${repository}`, { repository: resource.name, policy }, childOpts);
    }
  }

  /** One repository policy per repository when any principal is given (`repositoryPolicy`). */
  private createRepositoryPolicies(
    { name, resolved, childOpts }: Context,
    repositories: Record<string, aws.ecr.Repository>,
  ): void {
    if (resolved.pushRoleArns.length === 0 && resolved.pullRoleArns.length === 0) {
      return;
    }
    const policy = pulumi
      .all([pulumi.all([...resolved.pushRoleArns]), pulumi.all([...resolved.pullRoleArns])])
      .apply(([pushArns, pullArns]) => policyJson(repositoryPolicy(pushArns, pullArns)!, "compact"));
    for (const [repository, resource] of Object.entries(repositories)) {
      new aws.ecr.RepositoryPolicy(`${name}-${repository}`, { repository: resource.name, policy }, childOpts);
    }
  }

  /**
   * The registry's replication configuration: the component's prefix to every destination region, same account. The
   * registry has one configuration per region, so this component is its only owner in this account and region.
   */
  private createReplication({ name, resolved, childOpts }: Context): void {
    const accountId = aws.getCallerIdentityOutput({}, childOpts).accountId;
    new aws.ecr.ReplicationConfiguration(
      `${name}-replication`,
      {
        replicationConfiguration: {
          rules: accountId.apply((account) =>
            replicationRules(resolved.namePrefix, resolved.replicationRegions, account),
          ),
        },
      },
      childOpts,
    );
  }
}
