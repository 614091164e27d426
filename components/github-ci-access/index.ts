/**
 * `GithubCiAccess`: how this repository's GitHub Actions workflows reach AWS without long-lived keys. GitHub's OIDC
 * identity provider (one per account, so optional) and two roles: a read-only role for pull-request previews and a
 * deploy role for `main` and the approved GitHub environments. Both trust policies match the token's audience and
 * subject exactly (`StringEquals`, no wildcards). Subjects and validation rules are planned in `./plan`.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { Problem, ValidationError } from "../common/validation";
import {
  AUDIENCE_CONDITION_KEY,
  GITHUB_OIDC_HOST,
  GITHUB_OIDC_URL,
  ROLE_NAME_SUFFIXES,
  STS_AUDIENCE,
  SUBJECT_CONDITION_KEY,
  deploySubjects,
  previewSubjects,
  validateCiAccessPlan,
} from "./plan";

export {
  AUDIENCE_CONDITION_KEY,
  GITHUB_OIDC_HOST,
  GITHUB_OIDC_URL,
  MAX_SESSION_SECONDS,
  MIN_SESSION_SECONDS,
  STS_AUDIENCE,
  SUBJECT_CONDITION_KEY,
  deploySubjects,
  previewSubjects,
  validateCiAccessPlan,
} from "./plan";

/** Type token of the component (renaming it replaces every child: add an alias first). */
export const GITHUB_CI_ACCESS_TYPE = "platform:security:GithubCiAccess";

/**
 * AWS managed policy of the preview role: read access to resource configuration in every service, which a
 * `pulumi preview` needs for the provider's credential check and the program's lookups. It also reads data (e.g.
 * `s3:Get*`), which `PREVIEW_DENIED_DATA_ACTIONS` takes back.
 */
export const PREVIEW_MANAGED_POLICY = "ReadOnlyAccess";

/**
 * AWS managed policy of the deploy role: every service except IAM, Organizations and Account management (plus
 * service-linked roles). The IAM the stacks need comes from `DEPLOY_IAM_STATEMENTS`; IAM users and access keys are
 * never granted, so a pipeline cannot mint long-lived credentials.
 */
export const DEPLOY_MANAGED_POLICY = "PowerUserAccess";

/**
 * Data reads denied to the preview role although `ReadOnlyAccess` allows some of them: a preview (without
 * `--refresh`) reads configuration, never object contents, secret values, items, log events or Kafka records.
 */
export const PREVIEW_DENIED_DATA_ACTIONS: readonly string[] = [
  "s3:GetObject",
  "s3:GetObjectVersion",
  "secretsmanager:GetSecretValue",
  "secretsmanager:BatchGetSecretValue",
  "kms:Decrypt",
  "dynamodb:GetItem",
  "dynamodb:BatchGetItem",
  "dynamodb:Query",
  "dynamodb:Scan",
  "logs:GetLogEvents",
  "logs:FilterLogEvents",
  "logs:StartQuery",
  "kafka-cluster:ReadData",
];

/**
 * Parameter Store reads denied to the preview role, on the account's own parameters only: AWS's public parameters
 * (`/aws/service/...`, e.g. the EKS-optimized AMI ids) stay readable for lookups.
 */
export const PREVIEW_DENIED_PARAMETER_ACTIONS: readonly string[] = [
  "ssm:GetParameter",
  "ssm:GetParameters",
  "ssm:GetParametersByPath",
  "ssm:GetParameterHistory",
];

/** One statement of the deploy role's IAM policy: actions on one kind of IAM resource of the account. */
export interface DeployIamStatement {
  readonly sid: string;
  readonly actions: readonly string[];
  /** Resource path after `arn:<partition>:iam::<account>:` (e.g. `role/*`), or `*` for list calls. */
  readonly resource: string;
}

/**
 * The IAM the platform's stacks manage, on the deploying account's resources only: service roles (flow logs, EKS
 * cluster, nodes, add-on identities, monitoring) with their inline and attached policies, customer managed
 * policies (e.g. Kafka client policies), instance profiles, and OIDC providers (EKS IRSA, and this component's own).
 */
export const DEPLOY_IAM_STATEMENTS: readonly DeployIamStatement[] = [
  {
    sid: "ManageServiceRoles",
    actions: [
      "iam:CreateRole",
      "iam:DeleteRole",
      "iam:GetRole",
      "iam:UpdateRole",
      "iam:UpdateRoleDescription",
      "iam:UpdateAssumeRolePolicy",
      "iam:TagRole",
      "iam:UntagRole",
      "iam:ListRoleTags",
      "iam:PutRolePolicy",
      "iam:GetRolePolicy",
      "iam:DeleteRolePolicy",
      "iam:ListRolePolicies",
      "iam:AttachRolePolicy",
      "iam:DetachRolePolicy",
      "iam:ListAttachedRolePolicies",
      "iam:ListInstanceProfilesForRole",
      "iam:PassRole",
    ],
    resource: "role/*",
  },
  {
    sid: "ManageCustomerPolicies",
    actions: [
      "iam:CreatePolicy",
      "iam:DeletePolicy",
      "iam:GetPolicy",
      "iam:GetPolicyVersion",
      "iam:CreatePolicyVersion",
      "iam:DeletePolicyVersion",
      "iam:ListPolicyVersions",
      "iam:ListEntitiesForPolicy",
      "iam:TagPolicy",
      "iam:UntagPolicy",
      "iam:ListPolicyTags",
    ],
    resource: "policy/*",
  },
  {
    sid: "ManageInstanceProfiles",
    actions: [
      "iam:CreateInstanceProfile",
      "iam:DeleteInstanceProfile",
      "iam:GetInstanceProfile",
      "iam:AddRoleToInstanceProfile",
      "iam:RemoveRoleFromInstanceProfile",
      "iam:TagInstanceProfile",
      "iam:UntagInstanceProfile",
      "iam:ListInstanceProfileTags",
    ],
    resource: "instance-profile/*",
  },
  {
    sid: "ManageOidcProviders",
    actions: [
      "iam:CreateOpenIDConnectProvider",
      "iam:DeleteOpenIDConnectProvider",
      "iam:GetOpenIDConnectProvider",
      "iam:TagOpenIDConnectProvider",
      "iam:UntagOpenIDConnectProvider",
      "iam:ListOpenIDConnectProviderTags",
      "iam:UpdateOpenIDConnectProviderThumbprint",
      "iam:AddClientIDToOpenIDConnectProvider",
      "iam:RemoveClientIDFromOpenIDConnectProvider",
    ],
    resource: "oidc-provider/*",
  },
  {
    sid: "ListIam",
    actions: ["iam:ListOpenIDConnectProviders", "iam:ListPolicies", "iam:ListInstanceProfiles"],
    resource: "*",
  },
];

export interface GithubCiAccessArgs {
  /**
   * The GitHub repository whose workflows may assume the roles, as `<owner>/<name>` exactly as GitHub spells it
   * (IAM compares the token's subject case-sensitively). Plain: it is validated and built into the trust policies'
   * subjects before anything is created.
   */
  readonly repository: string;
  /**
   * Fixed names for the roles, `<prefix>-preview` and `<prefix>-deploy`, so that the account's other stacks can
   * name the deploy role before it exists (e.g. as an EKS cluster admin, `role/<prefix>-deploy`). Fixed names are
   * safe here: one stack per account owns these roles (the account's single GitHub OIDC provider enforces it).
   * Plain: it is validated against IAM's name rules first.
   * @default undefined (auto-named roles)
   */
  readonly roleNamePrefix?: string;
  /**
   * Whether to create GitHub's OIDC identity provider. An account holds one provider per issuer URL, so set false
   * when the account already has it (`aws iam list-open-id-connect-providers` shows
   * `token.actions.githubusercontent.com`); the roles then trust the existing one by its ARN. Plain: it decides
   * whether the resource exists.
   * @default true
   */
  readonly createOidcProvider?: boolean;
  /**
   * The branch whose jobs (those naming no GitHub environment) may assume the deploy role. Plain: it becomes the
   * subject `repo:<repository>:ref:refs/heads/<branch>`, matched exactly.
   * @default "main"
   */
  readonly deployBranch?: string;
  /**
   * GitHub environments whose jobs may assume the deploy role (the subject of a job that names an environment is
   * `repo:<repository>:environment:<name>`, whatever its branch: restrict each environment's deployment branches
   * to the deploy branch and require reviewers in the repository settings). Plain: each becomes an exact subject.
   * @default [] (only the deploy branch)
   */
  readonly deployEnvironments?: readonly string[];
  /**
   * Longest session of the preview role, in seconds (IAM accepts 3600 to 43200). Plain: validated first.
   * @default 3600 (a preview of every stack takes minutes)
   */
  readonly previewSessionSeconds?: number;
  /**
   * Longest session of the deploy role, in seconds (IAM accepts 3600 to 43200); the deploy workflow asks for this
   * much with `role-duration-seconds`. Plain: validated first.
   * @default 10800 (3 hours: a first `up` of a region creates Aurora, MSK and EKS, which together exceed the
   * 1-hour default, and expired credentials mid-update leave resources half-created)
   */
  readonly deploySessionSeconds?: number;
  /**
   * Protects the OIDC identity provider from deletion (the stacks pass `environment === "prod"`): it is shared by
   * every role that trusts GitHub in the account, and deleting it locks every workflow out. The roles are not
   * protected: they hold no data and are recreated by the next `up`.
   * @default false
   */
  readonly protect?: boolean;
  /**
   * Extra tags on every child. The required tags come from the provider's `defaultTags`; the component's own
   * `Name` tag wins over these.
   * @default {}
   */
  readonly tags?: Readonly<Record<string, string>>;
}

/** Every argument with its default applied. */
export interface ResolvedGithubCiAccessArgs {
  readonly repository: string;
  readonly roleNamePrefix?: string;
  readonly createOidcProvider: boolean;
  readonly deployBranch: string;
  readonly deployEnvironments: readonly string[];
  readonly previewSessionSeconds: number;
  readonly deploySessionSeconds: number;
  readonly protect: boolean;
  readonly tags: Readonly<Record<string, string>>;
}

/** The defaults, in one place. */
export const githubCiAccessDefaults = {
  createOidcProvider: true,
  deployBranch: "main",
  deployEnvironments: [] as readonly string[],
  previewSessionSeconds: 3600,
  deploySessionSeconds: 10800,
  protect: false,
  tags: {},
} as const satisfies Omit<ResolvedGithubCiAccessArgs, "repository" | "roleNamePrefix">;

/** Applies the defaults (`??`: an explicit false, "" or [] is kept and validated, never replaced). */
export function withDefaults(args: GithubCiAccessArgs): ResolvedGithubCiAccessArgs {
  return {
    repository: args.repository,
    ...(args.roleNamePrefix !== undefined ? { roleNamePrefix: args.roleNamePrefix } : {}),
    createOidcProvider: args.createOidcProvider ?? githubCiAccessDefaults.createOidcProvider,
    deployBranch: args.deployBranch ?? githubCiAccessDefaults.deployBranch,
    deployEnvironments: args.deployEnvironments ?? githubCiAccessDefaults.deployEnvironments,
    previewSessionSeconds: args.previewSessionSeconds ?? githubCiAccessDefaults.previewSessionSeconds,
    deploySessionSeconds: args.deploySessionSeconds ?? githubCiAccessDefaults.deploySessionSeconds,
    protect: args.protect ?? githubCiAccessDefaults.protect,
    tags: args.tags ?? githubCiAccessDefaults.tags,
  };
}

/**
 * Every problem of the (defaulted) arguments and of the provider in `opts`, with paths relative to the arguments.
 * Empty when the component can be built.
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
    const problems = validateGithubCiAccessArgs(resolved, opts);
    if (problems.length > 0) {
      throw new ValidationError(`Invalid arguments for GithubCiAccess "${name}"`, problems);
    }
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
