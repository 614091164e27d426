/**
 * `GithubCiAccess`: how this repository's GitHub Actions workflows reach AWS without long-lived keys. GitHub's OIDC
 * identity provider (one per account, so optional) and two roles: a read-only role for pull-request previews and a
 * deploy role for `main` and the approved GitHub environments. Both trust policies match the token's audience and
 * subject exactly (`StringEquals`, no wildcards). Subjects and validation rules are planned in `./plan`.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { Problem, throwIfProblems } from "../common/validation";
import {
  AUDIENCE_CONDITION_KEY,
  DEPLOY_IAM_STATEMENTS,
  DEPLOY_MANAGED_POLICY,
  GITHUB_OIDC_HOST,
  GITHUB_OIDC_URL,
  GithubCiAccessArgs,
  PREVIEW_DENIED_DATA_ACTIONS,
  PREVIEW_DENIED_PARAMETER_ACTIONS,
  PREVIEW_MANAGED_POLICY,
  ROLE_NAME_SUFFIXES,
  ResolvedGithubCiAccessArgs,
  STS_AUDIENCE,
  SUBJECT_CONDITION_KEY,
  deploySubjects,
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
    throwIfProblems(
      `Invalid arguments for GithubCiAccess "${name}"`,
      validateGithubCiAccessArgs(resolved, opts),
    );
    // Checked above: every child goes through this provider, never the ambient default one.
    const provider = opts!.provider as aws.Provider;
    const childOpts = { parent: this, provider };
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

    const trustPolicy = (sid: string, subjects: readonly string[]) =>
      aws.iam.getPolicyDocumentOutput(
        {
          statements: [
            {
              sid,
              actions: ["sts:AssumeRoleWithWebIdentity"],
              principals: [{ type: "Federated", identifiers: [oidcProviderArn] }],
              conditions: [
                { test: "StringEquals", variable: AUDIENCE_CONDITION_KEY, values: [STS_AUDIENCE] },
                { test: "StringEquals", variable: SUBJECT_CONDITION_KEY, values: [...subjects] },
              ],
            },
          ],
        },
        childOpts,
      ).json;

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
    const noDataReads = aws.iam.getPolicyDocumentOutput(
      {
        statements: [
          {
            sid: "NoDataReads",
            effect: "Deny",
            actions: [...PREVIEW_DENIED_DATA_ACTIONS],
            resources: ["*"],
          },
          {
            sid: "NoAccountParameterReads",
            effect: "Deny",
            actions: [...PREVIEW_DENIED_PARAMETER_ACTIONS],
            resources: [pulumi.interpolate`arn:${partition}:ssm:*:${accountId}:parameter/*`],
          },
        ],
      },
      childOpts,
    );
    new aws.iam.RolePolicy(
      `${name}-preview-no-data-reads`,
      { role: previewRole.name, policy: noDataReads.json },
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
    const deployIam = aws.iam.getPolicyDocumentOutput(
      {
        statements: DEPLOY_IAM_STATEMENTS.map((statement) => ({
          sid: statement.sid,
          actions: [...statement.actions],
          resources: [statement.resource === "*" ? "*" : iamArn(statement.resource)],
        })),
      },
      childOpts,
    );
    new aws.iam.RolePolicy(
      `${name}-deploy-iam`,
      { role: deployRole.name, policy: deployIam.json },
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
