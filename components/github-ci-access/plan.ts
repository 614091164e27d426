/**
 * Pure planning for `GithubCiAccess`: the OIDC subjects each role trusts, the rules for the plain values they are
 * built from (repository, branch, environment names, session lengths), what each role may do, and the arguments
 * with their defaults. No `@pulumi/*` import, so config validation and tests use exactly the rules the component
 * applies.
 */
import { PolicyDocument, policyDocument } from "../common/iam";
import type { Problem } from "../common/validation";

/** Host of GitHub's OIDC issuer for github.com (GitHub Enterprise Server has its own issuer, not supported here). */
export const GITHUB_OIDC_HOST = "token.actions.githubusercontent.com";

/** Issuer URL the IAM identity provider is registered with. */
export const GITHUB_OIDC_URL = `https://${GITHUB_OIDC_HOST}`;

/**
 * Audience `aws-actions/configure-aws-credentials` requests in the token by default; the provider's client id and
 * the `aud` condition of both trust policies.
 */
export const STS_AUDIENCE = "sts.amazonaws.com";

/** Condition keys IAM derives from the GitHub token, prefixed with the provider's host. */
export const AUDIENCE_CONDITION_KEY = `${GITHUB_OIDC_HOST}:aud`;
export const SUBJECT_CONDITION_KEY = `${GITHUB_OIDC_HOST}:sub`;

/** Shortest and longest `MaxSessionDuration` IAM accepts for a role, in seconds (1 hour to 12 hours). */
export const MIN_SESSION_SECONDS = 3600;
export const MAX_SESSION_SECONDS = 43200;

/** GitHub account (user or organization) names: 1 to 39 letters, digits or single inner hyphens. */
const OWNER = /^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$/;
/** GitHub repository names: letters, digits, `.`, `-` and `_`, at most 100 characters. */
const REPOSITORY_NAME = /^[A-Za-z0-9._-]{1,100}$/;
/** Characters a branch may not contain (git check-ref-format), and IAM wildcards (`StringEquals` is exact). */
const BRANCH_FORBIDDEN = /[\s~^:?*[\\\x00-\x1f\x7f]/;
/** GitHub environment names, restricted to characters that read unambiguously in a subject claim. */
const ENVIRONMENT_NAME = /^[A-Za-z0-9._-]{1,255}$/;

/** Problem text for a repository that is not `<owner>/<name>` as GitHub spells it, or undefined. */
export function repositoryProblem(repository: string): string | undefined {
  const example = "write it as <owner>/<name>, exactly as GitHub spells it, e.g. kimkao/platform";
  if (typeof repository !== "string" || repository.trim() === "") {
    return `is empty; ${example}`;
  }
  const parts = repository.split("/");
  if (parts.length !== 2) {
    return `${JSON.stringify(repository)} is not an <owner>/<name> repository; ${example}`;
  }
  const [owner, name] = parts;
  if (!OWNER.test(owner)) {
    return (
      `${JSON.stringify(owner)} is not a GitHub owner name; use 1 to 39 letters, digits and single hyphens, ` +
      "not starting or ending with a hyphen"
    );
  }
  if (!REPOSITORY_NAME.test(name) || name === "." || name === "..") {
    return `${JSON.stringify(name)} is not a GitHub repository name; use 1 to 100 letters, digits, ., - and _`;
  }
  return undefined;
}

/** Problem text for a branch name the deploy role cannot trust exactly, or undefined. */
export function branchProblem(branch: string): string | undefined {
  if (typeof branch !== "string" || branch === "") {
    return "is empty; name the branch that deploys, e.g. main";
  }
  if (branch.startsWith("refs/")) {
    return `${JSON.stringify(branch)} is a full ref; give the branch name only, e.g. ${branch.replace(/^refs\/heads\//, "")}`;
  }
  // git check-ref-format, for refs/heads/<branch>: no component starts with . or ends with .lock, and not @ alone.
  const components = branch.split("/");
  if (
    BRANCH_FORBIDDEN.test(branch) ||
    branch.includes("..") ||
    branch.includes("@{") ||
    branch.includes("//") ||
    branch === "@" ||
    branch.startsWith("/") ||
    branch.startsWith("-") ||
    branch.endsWith("/") ||
    branch.endsWith(".") ||
    components.some((component) => component.startsWith(".") || component.endsWith(".lock"))
  ) {
    return (
      `${JSON.stringify(branch)} is not a git branch name the trust policy can match exactly; ` +
      "use letters, digits, /, ., - and _ without wildcards, e.g. main"
    );
  }
  return undefined;
}

/** Problem text for a GitHub environment name the deploy role cannot trust exactly, or undefined. */
export function environmentProblem(environment: string): string | undefined {
  if (typeof environment !== "string" || !ENVIRONMENT_NAME.test(environment)) {
    return (
      `${JSON.stringify(environment)} is not a GitHub environment name this platform accepts; ` +
      "use 1 to 255 letters, digits, ., - and _ (no wildcards), e.g. prod-taipei"
    );
  }
  return undefined;
}

/** IAM role names: at most 64 of these characters. */
const ROLE_NAME = /^[\w+=,.@-]+$/;
export const MAX_ROLE_NAME_LENGTH = 64;
/** Suffixes the roles' names get after the prefix; the longest bounds the prefix. */
export const ROLE_NAME_SUFFIXES = { preview: "-preview", deploy: "-deploy" } as const;

/** Problem text for a role name prefix IAM would refuse once suffixed, or undefined. */
export function roleNamePrefixProblem(prefix: string): string | undefined {
  const longest = Math.max(...Object.values(ROLE_NAME_SUFFIXES).map((suffix) => suffix.length));
  const limit = MAX_ROLE_NAME_LENGTH - longest;
  if (typeof prefix !== "string" || prefix.length === 0 || prefix.length > limit || !ROLE_NAME.test(prefix)) {
    return (
      `${JSON.stringify(prefix)} is not a role name prefix IAM accepts; use 1 to ${limit} letters, digits and ` +
      "+ = , . @ _ -, e.g. platform-github"
    );
  }
  return undefined;
}

/** Problem text for a role's maximum session length, or undefined. */
export function sessionProblem(seconds: number): string | undefined {
  if (!Number.isInteger(seconds) || seconds < MIN_SESSION_SECONDS || seconds > MAX_SESSION_SECONDS) {
    return (
      `${seconds} is not a role session length IAM accepts; use whole seconds from ${MIN_SESSION_SECONDS} ` +
      `(1 hour) to ${MAX_SESSION_SECONDS} (12 hours)`
    );
  }
  return undefined;
}

/** The plain values the subjects and sessions are planned from (the component's arguments, defaults applied). */
export interface CiAccessPlanInput {
  readonly repository: string;
  /** Absent: the roles are auto-named. */
  readonly roleNamePrefix?: string;
  readonly deployBranch: string;
  readonly deployEnvironments: readonly string[];
  readonly previewSessionSeconds: number;
  readonly deploySessionSeconds: number;
}

/**
 * Every problem of the plain values, with paths relative to the arguments (`repository`, `deployEnvironments[1]`).
 * Exported so that config validation reports exactly what the component would.
 */
export function validateCiAccessPlan(input: CiAccessPlanInput): Problem[] {
  const problems: Problem[] = [];
  const repository = repositoryProblem(input.repository);
  if (repository !== undefined) {
    problems.push({ path: "repository", message: repository });
  }
  if (input.roleNamePrefix !== undefined) {
    const prefix = roleNamePrefixProblem(input.roleNamePrefix);
    if (prefix !== undefined) {
      problems.push({ path: "roleNamePrefix", message: prefix });
    }
  }
  const branch = branchProblem(input.deployBranch);
  if (branch !== undefined) {
    problems.push({ path: "deployBranch", message: branch });
  }
  const seen = new Set<string>();
  input.deployEnvironments.forEach((environment, index) => {
    const path = `deployEnvironments[${index}]`;
    const problem = environmentProblem(environment);
    if (problem !== undefined) {
      problems.push({ path, message: problem });
    } else if (seen.has(environment.toLowerCase())) {
      // GitHub environment names are not case-sensitive: two spellings name one environment.
      problems.push({ path, message: `${environment} is listed twice; list each environment once` });
    }
    seen.add(String(environment).toLowerCase());
  });
  for (const key of ["previewSessionSeconds", "deploySessionSeconds"] as const) {
    const problem = sessionProblem(input[key]);
    if (problem !== undefined) {
      problems.push({ path: key, message: problem });
    }
  }
  return problems;
}

/**
 * Subjects the preview role trusts: workflow runs of pull requests in the repository (GitHub's subject for the
 * `pull_request` event, whatever the branch). Pull requests from forks get no OIDC token from GitHub.
 */
export function previewSubjects(repository: string): string[] {
  return [`repo:${repository}:pull_request`];
}

/**
 * Subjects the deploy role trusts: jobs on the deploy branch that name no environment, and jobs that name one of
 * the given GitHub environments (GitHub puts the environment, not the branch, in the subject of such jobs, so the
 * environments' deployment-branch rules must allow only the deploy branch).
 */
export function deploySubjects(
  repository: string,
  deployBranch: string,
  deployEnvironments: readonly string[],
): string[] {
  return [
    `repo:${repository}:ref:refs/heads/${deployBranch}`,
    ...deployEnvironments.map((environment) => `repo:${repository}:environment:${environment}`),
  ];
}

// ---------------------------------------------------------------------------------------------------------------
// What each role may do, and the arguments

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

// ---------------------------------------------------------------------------------------------------------------
// The roles' policies (typed; the roles receive them as aws.iam.getPolicyDocument rendered them before)

/**
 * Trust policy of a role GitHub's workflows assume: web identities from GitHub's OIDC provider with the STS
 * audience and exactly one of `subjects` (`StringEquals`, no wildcards).
 */
export function githubTrustPolicy(
  sid: string,
  oidcProviderArn: string,
  subjects: readonly string[],
): PolicyDocument {
  return policyDocument([
    {
      Sid: sid,
      Effect: "Allow",
      Principal: { Federated: oidcProviderArn },
      Action: "sts:AssumeRoleWithWebIdentity",
      Condition: {
        StringEquals: { [AUDIENCE_CONDITION_KEY]: STS_AUDIENCE, [SUBJECT_CONDITION_KEY]: [...subjects] },
      },
    },
  ]);
}

/** What the preview role may not read although `ReadOnlyAccess` allows it: data, and the account's parameters. */
export function previewDeniedReadsPolicy(partition: string, accountId: string): PolicyDocument {
  return policyDocument([
    { Sid: "NoDataReads", Effect: "Deny", Action: [...PREVIEW_DENIED_DATA_ACTIONS], Resource: "*" },
    {
      Sid: "NoAccountParameterReads",
      Effect: "Deny",
      Action: [...PREVIEW_DENIED_PARAMETER_ACTIONS],
      Resource: `arn:${partition}:ssm:*:${accountId}:parameter/*`,
    },
  ]);
}

/** The IAM the deploy role may manage: `DEPLOY_IAM_STATEMENTS` on this account's resources. */
export function deployIamPolicy(partition: string, accountId: string): PolicyDocument {
  return policyDocument(
    DEPLOY_IAM_STATEMENTS.map((statement) => ({
      Sid: statement.sid,
      Effect: "Allow",
      Action: [...statement.actions],
      Resource: statement.resource === "*" ? "*" : `arn:${partition}:iam::${accountId}:${statement.resource}`,
    })),
  );
}
