/**
 * `GithubCiAccess`: how this repository's GitHub Actions workflows reach AWS without long-lived keys. GitHub's OIDC
 * identity provider (one per account, so optional) and two roles: a read-only role for pull-request previews and a
 * deploy role for `main` and the approved GitHub environments. Both trust policies match the token's audience and
 * subject exactly (`StringEquals`, no wildcards). Subjects and validation rules are planned in `./plan`.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { policyJson } from "../common/iam";
import { regionalChildOptions } from "../common/providers";
import type { Problem } from "../common/validation";
import {
  DEPLOY_MANAGED_POLICY,
  GITHUB_OIDC_HOST,
  GITHUB_OIDC_URL,
  GithubCiAccessArgs,
  PREVIEW_MANAGED_POLICY,
  ROLE_NAME_SUFFIXES,
  ResolvedGithubCiAccessArgs,
  STS_AUDIENCE,
  deployIamPolicy,
  deploySubjects,
  githubTrustPolicy,
  previewDeniedReadsPolicy,
  previewSubjects,
  validateCiAccessPlan,
  withDefaults,
} from "./plan";

export * from "./plan";

/** Type token of the component (renaming it replaces every child: add an alias first). */
export const GITHUB_CI_ACCESS_TYPE = "platform:security:GithubCiAccess";

/**
 * Every problem of the (defaulted) arguments (`validateCiAccessPlan`) and of the provider in `opts`, with paths
 * relative to the arguments. Empty when the component can be built.
 */
export function validateGithubCiAccessArgs(
  args: ResolvedGithubCiAccessArgs,
  opts?: pulumi.ComponentResourceOptions,
): Problem[] {
  const problems = validateCiAccessPlan(args);
  if (!aws.Provider.isInstance(opts?.provider)) {
    problems.push({
      path: "opts.provider",
      message:
        "no aws.Provider given; pass { provider } with the stack's explicit provider (its defaultTags carry the required tags)",
    });
  }
  return problems;
}

/**
 * GitHub's OIDC identity provider (optional) and the two roles this repository's workflows assume: `preview`
 * (pull requests; read-only, data reads denied) and `deploy` (the deploy branch and the approved environments).
 */
export class GithubCiAccess extends pulumi.ComponentResource {
  /** ARN of the GitHub OIDC provider the roles trust (created here, or the account's existing one). */
  readonly oidcProviderArn: pulumi.Output<string>;
  /** ARN of the preview role: the repository variable `AWS_PREVIEW_ROLE_ARN`. */
  readonly previewRoleArn: pulumi.Output<string>;
  readonly previewRoleName: pulumi.Output<string>;
  /** ARN of the deploy role: the repository variable `AWS_DEPLOY_ROLE_ARN`. */
  readonly deployRoleArn: pulumi.Output<string>;
  readonly deployRoleName: pulumi.Output<string>;
  /** Token subjects the preview role trusts, plain (known before anything exists). */
  readonly previewSubjects: readonly string[];
  /** Token subjects the deploy role trusts, plain. */
  readonly deploySubjects: readonly string[];

  constructor(name: string, args: GithubCiAccessArgs, opts?: pulumi.ComponentResourceOptions) {
    super(GITHUB_CI_ACCESS_TYPE, name, {}, opts);
    const resolved = withDefaults(args);
    // Every child goes through this provider, never the ambient default one.
    const childOpts = regionalChildOptions(
      this,
      `Invalid arguments for GithubCiAccess "${name}"`,
      validateGithubCiAccessArgs(resolved, opts),
      opts,
    );
    const provider = childOpts.provider;
    const tags = (own: Record<string, string>): Record<string, string> => ({ ...resolved.tags, ...own });
    const roleName = (role: keyof typeof ROLE_NAME_SUFFIXES) =>
      resolved.roleNamePrefix === undefined
        ? {}
        : { name: `${resolved.roleNamePrefix}${ROLE_NAME_SUFFIXES[role]}` };

    const partition = aws.getPartitionOutput({}, childOpts).partition;
    const accountId = aws.getCallerIdentityOutput({}, childOpts).accountId;
    const iamArn = (resource: string) => pulumi.interpolate`arn:${partition}:iam::${accountId}:${resource}`;
    const managedPolicyArn = (policy: string) =>
      pulumi.interpolate`arn:${partition}:iam::aws:policy/${policy}`;

    const oidcProviderArn = resolved.createOidcProvider
      ? new aws.iam.OpenIdConnectProvider(
          `${name}-github`,
          {
            url: GITHUB_OIDC_URL,
            clientIdLists: [STS_AUDIENCE],
            // No thumbprints: IAM validates GitHub's certificate against its own trusted CAs and ignores them
            // (@pulumi/aws OpenIdConnectProvider docs).
            tags: tags({ Name: `${name}-github` }),
          },
          { ...childOpts, protect: resolved.protect },
        ).arn
      : iamArn(`oidc-provider/${GITHUB_OIDC_HOST}`);

    // The policies are written as aws.iam.getPolicyDocument wrote them before (`provider`): the same text, no diff
    // on live roles.
    const trustPolicy = (sid: string, subjects: readonly string[]) =>
      pulumi
        .output(oidcProviderArn)
        .apply((arn) => policyJson(githubTrustPolicy(sid, arn, subjects), "provider"));

    const previewSubjectList = previewSubjects(resolved.repository);
    const deploySubjectList = deploySubjects(
      resolved.repository,
      resolved.deployBranch,
      resolved.deployEnvironments,
    );

    // Preview: read-only, minus data reads.
    const previewRole = new aws.iam.Role(
      `${name}-preview`,
      {
        ...roleName("preview"),
        description: `pulumi preview from pull requests of ${resolved.repository} (read-only)`,
        assumeRolePolicy: trustPolicy("GithubPullRequests", previewSubjectList),
        maxSessionDuration: resolved.previewSessionSeconds,
        tags: tags({ Name: `${name}-preview` }),
      },
      childOpts,
    );
    new aws.iam.RolePolicyAttachment(
      `${name}-preview-read-only`,
      { role: previewRole.name, policyArn: managedPolicyArn(PREVIEW_MANAGED_POLICY) },
      { parent: previewRole, provider },
    );
    new aws.iam.RolePolicy(
      `${name}-preview-no-data-reads`,
      {
        role: previewRole.name,
        policy: pulumi
          .all([partition, accountId])
          .apply(([part, account]) => policyJson(previewDeniedReadsPolicy(part, account), "provider")),
      },
      { parent: previewRole, provider },
    );

    // Deploy: every service but IAM, plus the IAM the stacks manage.
    const deployRole = new aws.iam.Role(
      `${name}-deploy`,
      {
        ...roleName("deploy"),
        description: `pulumi up from ${resolved.repository} (${resolved.deployBranch} and approved environments)`,
        assumeRolePolicy: trustPolicy("GithubDeployments", deploySubjectList),
        maxSessionDuration: resolved.deploySessionSeconds,
        tags: tags({ Name: `${name}-deploy` }),
      },
      childOpts,
    );
    new aws.iam.RolePolicyAttachment(
      `${name}-deploy-power-user`,
      { role: deployRole.name, policyArn: managedPolicyArn(DEPLOY_MANAGED_POLICY) },
      { parent: deployRole, provider },
    );
    new aws.iam.RolePolicy(
      `${name}-deploy-iam`,
      {
        role: deployRole.name,
        policy: pulumi
          .all([partition, accountId])
          .apply(([part, account]) => policyJson(deployIamPolicy(part, account), "provider")),
      },
      { parent: deployRole, provider },
    );

    this.oidcProviderArn = oidcProviderArn;
    this.previewRoleArn = previewRole.arn;
    this.previewRoleName = previewRole.name;
    this.deployRoleArn = deployRole.arn;
    this.deployRoleName = deployRole.name;
    this.previewSubjects = previewSubjectList;
    this.deploySubjects = deploySubjectList;
    this.registerOutputs({
      oidcProviderArn: this.oidcProviderArn,
      previewRoleArn: this.previewRoleArn,
      previewRoleName: this.previewRoleName,
      deployRoleArn: this.deployRoleArn,
      deployRoleName: this.deployRoleName,
      previewSubjects: this.previewSubjects,
      deploySubjects: this.deploySubjects,
    });
  }
}
