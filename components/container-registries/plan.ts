/**
 * Pure planning for `ContainerRegistries`: ECR's rules for repository names (and every other rule of the arguments),
 * the defaults, the physical names, and the documents the resources receive as typed data: each repository's
 * lifecycle policy, its repository policy (an IAM `PolicyDocument`) and the registry's replication rule. No
 * `@pulumi/*` import, so tests and reviewers read the exact grants and rules without creating a repository.
 */
import { isRegionName } from "../common/aws-limits";
import { PolicyDocument, PolicyStatement, policyDocument } from "../common/iam";
import type { Problem } from "../common/validation";

/**
 * ECR's rule for a repository name, as the ECR API model declares `RepositoryName` (aws-sdk-js-v3
 * `codegen/sdk-codegen/aws-models/ecr.json`, `com.amazonaws.ecr#RepositoryName`): 2 to 256 characters, components of
 * lowercase letters and digits joined by single `.`, `_` or `-`, the components separated by single `/`. The user
 * guide ("Creating an Amazon ECR private repository") adds that the name starts with a letter; the component holds
 * names to both, so every name it accepts is one ECR accepts.
 */
export const REPOSITORY_NAME_PATTERN = /^(?:[a-z0-9]+(?:[._-][a-z0-9]+)*\/)*[a-z0-9]+(?:[._-][a-z0-9]+)*$/;
export const REPOSITORY_NAME_LENGTH = { min: 2, max: 256 } as const;

/**
 * What a principal needs on a repository to push an image, exactly the repository-scoped actions of "IAM permissions
 * for pushing an image to an Amazon ECR private repository" (ECR user guide, `image-push-iam.html`). Logging in
 * (`ecr:GetAuthorizationToken`) is not a repository action: the principal's own IAM policy grants it.
 */
export const PUSH_ACTIONS: readonly string[] = [
  "ecr:CompleteLayerUpload",
  "ecr:UploadLayerPart",
  "ecr:InitiateLayerUpload",
  "ecr:BatchCheckLayerAvailability",
  "ecr:PutImage",
  "ecr:BatchGetImage",
];

/**
 * What a principal needs on a repository to pull an image: the manifest (`ecr:BatchGetImage`) and its layers
 * (`ecr:GetDownloadUrlForLayer`), the two repository actions ECR's user guide lists for pulling ("Using Amazon ECR
 * images with Amazon ECS": `ecr:BatchGetImage`, `ecr:GetDownloadUrlForLayer` and `ecr:GetAuthorizationToken`; the
 * AWS managed `AmazonEC2ContainerRegistryPullOnly` grants the same). Logging in again comes from IAM.
 */
export const PULL_ACTIONS: readonly string[] = ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"];

/**
 * A registry replicates to at most 25 destinations (a rule's `ReplicationDestinationList` in the ECR API model; "up
 * to 25 unique destinations across all rules" in the user guide's replication considerations).
 */
export const MAX_REPLICATION_DESTINATIONS = 25;

/**
 * The bounds the component puts on the lifecycle settings. ECR takes any positive whole `countNumber` (lifecycle
 * policy properties: "0 is not an accepted value"); the upper bounds are the platform's: more than 1,000 releases is
 * storage nobody rolls back to, and an untagged image (a build's leftover or a tag moved elsewhere) older than a year
 * is never needed.
 */
export const KEEP_RELEASES_LIMITS = {
  count: { min: 1, max: 1000 },
  untaggedExpiryDays: { min: 1, max: 365 },
} as const;

/**
 * A lifecycle `tagPatternList` entry: an image tag (letters, digits, `_`, `.`, `-`, up to 128 characters, not
 * starting with `.` or `-`) where `*` stands for any characters, with at most four `*` (lifecycle policy properties,
 * "Tag pattern list").
 */
const TAG_PATTERN = /^[A-Za-z0-9_*][A-Za-z0-9_.*-]{0,127}$/;
const MAX_TAG_PATTERN_WILDCARDS = 4;

/** A customer managed key's ARN (not an alias): `arn:<partition>:kms:<region>:<account>:key/<id>`. */
const KMS_KEY_ARN = /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/[A-Za-z0-9-]+$/;

/** An IAM principal's ARN: an account root, a role or a user (paths allowed), no wildcard. */
const IAM_PRINCIPAL_ARN = /^arn:aws[a-z-]*:iam::\d{12}:(root|role\/[\w+=,.@/-]+|user\/[\w+=,.@/-]+)$/;

/** How long images are kept: the release images by count, untagged images by age. */
export interface KeepReleases {
  /**
   * How many of the most recently pushed release images (tags matching `tagPattern`) each repository keeps; older
   * ones expire. 1 to 1,000.
   * @default 30
   */
  readonly count?: number;
  /**
   * The tags that mark a release, as one lifecycle `tagPatternList` entry (`*` for any characters, at most four).
   * @default "v*" (v1.4.2, v2026.11.23, …)
   */
  readonly tagPattern?: string;
  /**
   * Days after its push an untagged image expires (1 to 365): a build's leftover, or a replicated image whose tag
   * the destination already had (ECR then replicates it without the tag, "Considerations for private image
   * replication").
   * @default 7
   */
  readonly untaggedExpiryDays?: number;
}

/** The lifecycle settings with their defaults applied. */
export type ResolvedKeepReleases = Required<KeepReleases>;

/**
 * The Pulumi-free part of the (defaulted) arguments: what the rules and the documents are computed from. The
 * principals are listed as given; only those known while planning (plain strings) can be checked.
 */
export interface ContainerRegistriesPlanInput {
  readonly repositories: readonly string[];
  readonly namePrefix: string;
  /** The key's ARN when it is known while planning (a plain string); an Output is checked by ECR. */
  readonly kmsKeyArn: unknown;
  readonly keepReleases: ResolvedKeepReleases;
  readonly pushRoleArns: readonly unknown[];
  readonly pullRoleArns: readonly unknown[];
  readonly replicationRegions: readonly string[];
  readonly protect: boolean;
  readonly tags: Readonly<Record<string, string>>;
}

/** The defaults, in one place. */
export const containerRegistriesDefaults = {
  keepReleases: { count: 30, tagPattern: "v*", untaggedExpiryDays: 7 },
  pushRoleArns: [],
  pullRoleArns: [],
  replicationRegions: [],
  protect: false,
  tags: {},
} as const satisfies Partial<ContainerRegistriesPlanInput>;

/** The lifecycle settings with the defaults for what is not given (`??`: an explicit 0 or "" is kept and checked). */
export function withKeepReleasesDefaults(keep: KeepReleases | undefined): ResolvedKeepReleases {
  const d = containerRegistriesDefaults.keepReleases;
  return {
    count: keep?.count ?? d.count,
    tagPattern: keep?.tagPattern ?? d.tagPattern,
    untaggedExpiryDays: keep?.untaggedExpiryDays ?? d.untaggedExpiryDays,
  };
}

/** A repository's physical name: `<namePrefix>/<name>` (`platform/api`). */
export function repositoryName(namePrefix: string, name: string): string {
  return `${namePrefix}/${name}`;
}

/**
 * Every problem of the (defaulted) arguments, with paths relative to them and the fix in each message. The component
 * adds the problem of its provider; empty when the component can be built.
 */
export function containerRegistriesArgsProblems(args: ContainerRegistriesPlanInput): Problem[] {
  const problems: Problem[] = [];
  const push = (path: string, message: string) => problems.push({ path, message });
  const prefixOk = namePrefixProblems(args.namePrefix, push);
  repositoriesProblems(args.repositories, prefixOk ? args.namePrefix : undefined, push);
  kmsKeyProblems(args.kmsKeyArn, push);
  keepReleasesProblems(args.keepReleases, push);
  principalsProblems("pushRoleArns", "push", args.pushRoleArns, push);
  principalsProblems("pullRoleArns", "pull", args.pullRoleArns, push);
  replicationProblems(args.replicationRegions, push);
  return problems;
}

type Push = (path: string, message: string) => void;

const quoted = (value: unknown): string => JSON.stringify(value) ?? String(value);

/** Whether the prefix can start repository names; pushes its problem otherwise. */
function namePrefixProblems(prefix: string, push: Push): boolean {
  if (typeof prefix !== "string" || !REPOSITORY_NAME_PATTERN.test(prefix)) {
    push(
      "namePrefix",
      `${quoted(prefix)} cannot start an ECR repository name; use lowercase letters and digits, joined by single ` +
        "., _ or - and separated by single / (e.g. platform)",
    );
    return false;
  }
  if (!/^[a-z]/.test(prefix)) {
    push(
      "namePrefix",
      `${quoted(prefix)} starts with a digit; ECR repository names start with a letter (e.g. platform)`,
    );
    return false;
  }
  return true;
}

function repositoriesProblems(names: readonly string[], prefix: string | undefined, push: Push): void {
  if (names.length === 0) {
    push("repositories", 'is empty; list the repositories to create (e.g. ["api", "shop", "cmc"])');
    return;
  }
  const seen = new Set<string>();
  names.forEach((name, index) => {
    const path = `repositories[${index}]`;
    if (typeof name !== "string" || !REPOSITORY_NAME_PATTERN.test(name)) {
      push(
        path,
        `${quoted(name)} is not an ECR repository name; use lowercase letters and digits, joined by single ., _ ` +
          "or - (e.g. api)",
      );
      return;
    }
    if (seen.has(name)) {
      push(path, `${quoted(name)} is listed twice; list each repository once`);
      return;
    }
    seen.add(name);
    if (prefix !== undefined) {
      const full = repositoryName(prefix, name);
      if (full.length > REPOSITORY_NAME_LENGTH.max) {
        push(
          path,
          `${quoted(name)} makes a repository name of ${full.length} characters with the namePrefix, more than ` +
            `the ${REPOSITORY_NAME_LENGTH.max} ECR allows; shorten the name or the namePrefix`,
        );
      }
    }
  });
}

function kmsKeyProblems(arn: unknown, push: Push): void {
  // An Output (the usual case: RegionalKeys' keyArns) is checked by ECR when the repository is created.
  if (typeof arn !== "string") {
    return;
  }
  if (!KMS_KEY_ARN.test(arn)) {
    push(
      "kmsKeyArn",
      `${quoted(arn)} is not a KMS key ARN; pass the ARN of the region's customer managed key ` +
        "(arn:aws:kms:<region>:<account>:key/<id>, e.g. RegionalKeys keyArns.<purpose>), not an alias or key id",
    );
  }
}

function keepReleasesProblems(keep: ResolvedKeepReleases, push: Push): void {
  const { count, untaggedExpiryDays } = KEEP_RELEASES_LIMITS;
  if (!Number.isInteger(keep.count) || keep.count < count.min || keep.count > count.max) {
    push(
      "keepReleases.count",
      `${quoted(keep.count)} is not a number of releases to keep; use a whole number from ${count.min} to ` +
        `${count.max} (e.g. 30)`,
    );
  }
  if (
    !Number.isInteger(keep.untaggedExpiryDays) ||
    keep.untaggedExpiryDays < untaggedExpiryDays.min ||
    keep.untaggedExpiryDays > untaggedExpiryDays.max
  ) {
    push(
      "keepReleases.untaggedExpiryDays",
      `${quoted(keep.untaggedExpiryDays)} is not a number of days; use a whole number from ` +
        `${untaggedExpiryDays.min} to ${untaggedExpiryDays.max} (e.g. 7)`,
    );
  }
  const pattern = keep.tagPattern;
  if (typeof pattern !== "string" || !TAG_PATTERN.test(pattern)) {
    push(
      "keepReleases.tagPattern",
      `${quoted(pattern)} is not an image tag pattern; use up to 128 letters, digits, _, . and -, not starting ` +
        "with . or -, with * for any characters (e.g. v*)",
    );
  } else if ([...pattern].filter((c) => c === "*").length > MAX_TAG_PATTERN_WILDCARDS) {
    push(
      "keepReleases.tagPattern",
      `${quoted(pattern)} has more than the ${MAX_TAG_PATTERN_WILDCARDS} wildcards (*) a lifecycle tag pattern ` +
        "allows; use fewer (e.g. v*)",
    );
  }
}

function principalsProblems(
  path: "pushRoleArns" | "pullRoleArns",
  verb: "push" | "pull",
  principals: readonly unknown[],
  push: Push,
): void {
  const seen = new Set<string>();
  const example = verb === "push" ? "the CI deploy role" : "the EKS node role";
  principals.forEach((principal, index) => {
    // Outputs (roles of other components) are taken as given.
    if (typeof principal !== "string") {
      return;
    }
    const at = `${path}[${index}]`;
    if (principal.includes("*")) {
      push(
        at,
        `${quoted(principal)} would let any principal ${verb}; name the roles that ${verb} (e.g. ${example}'s ARN)`,
      );
    } else if (!IAM_PRINCIPAL_ARN.test(principal)) {
      push(
        at,
        `${quoted(principal)} is not an IAM principal ARN; use a role, user or account root ARN ` +
          `(arn:aws:iam::<account>:role/<name>, e.g. ${example}'s)`,
      );
    } else if (seen.has(principal)) {
      push(at, `${quoted(principal)} is listed twice; list each principal once`);
    }
    seen.add(principal);
  });
}

function replicationProblems(regions: readonly string[], push: Push): void {
  const seen = new Set<string>();
  regions.forEach((region, index) => {
    const at = `replicationRegions[${index}]`;
    if (typeof region !== "string" || !isRegionName(region)) {
      push(at, `${quoted(region)} is not a region name; use one like ap-northeast-1`);
    } else if (seen.has(region)) {
      push(at, `${quoted(region)} is listed twice; list each destination region once`);
    }
    seen.add(region);
  });
  if (regions.length > MAX_REPLICATION_DESTINATIONS) {
    push(
      "replicationRegions",
      `lists ${regions.length} regions, more than the ${MAX_REPLICATION_DESTINATIONS} destinations ECR replicates ` +
        "a registry to; list fewer",
    );
  }
}

const days = (n: number): string => `${n} day${n === 1 ? "" : "s"}`;

/** One rule of an ECR lifecycle policy, with ECR's own property names (lifecycle policy properties). */
export interface LifecycleRule {
  readonly rulePriority: number;
  readonly description: string;
  readonly selection: {
    readonly tagStatus: "tagged" | "untagged" | "any";
    readonly tagPatternList?: readonly string[];
    readonly countType: "imageCountMoreThan" | "sinceImagePushed";
    readonly countUnit?: "days";
    readonly countNumber: number;
  };
  readonly action: { readonly type: "expire" };
}

/** An ECR lifecycle policy document. */
export interface LifecyclePolicyDocument {
  readonly rules: readonly LifecycleRule[];
}

/**
 * Every repository's lifecycle policy: untagged images expire `untaggedExpiryDays` after their push (priority 1, the
 * only rule ECR allows to select untagged images), and of the images with a release tag only the `count` most
 * recently pushed are kept (priority 2). Images with other tags are left alone. Rules are listed in ascending
 * priority, the order ECR returns them in (otherwise the provider would show a diff on every update).
 */
export function lifecyclePolicy(keep: ResolvedKeepReleases): LifecyclePolicyDocument {
  return {
    rules: [
      {
        rulePriority: 1,
        description: `Expire untagged images ${days(keep.untaggedExpiryDays)} after their push`,
        selection: {
          tagStatus: "untagged",
          countType: "sinceImagePushed",
          countUnit: "days",
          countNumber: keep.untaggedExpiryDays,
        },
        action: { type: "expire" },
      },
      {
        rulePriority: 2,
        description: `Keep the ${keep.count} most recent releases (tags ${keep.tagPattern})`,
        selection: {
          tagStatus: "tagged",
          tagPatternList: [keep.tagPattern],
          countType: "imageCountMoreThan",
          countNumber: keep.count,
        },
        action: { type: "expire" },
      },
    ],
  };
}

/** A statement of a repository policy: named principals of the AWS kind, a `Sid`, listed actions, no `Resource`. */
export interface RepositoryPolicyStatement extends PolicyStatement {
  readonly Sid: string;
  readonly Effect: "Allow";
  readonly Principal: { readonly AWS: readonly string[] };
  readonly Action: readonly string[];
}

/**
 * Every repository's policy: the push principals may push (`PUSH_ACTIONS`), the pull principals may pull
 * (`PULL_ACTIONS`), each by ARN, never `*`. Undefined when no principal is given (the repository then has no
 * policy, and only IAM policies of the account grant access). A repository policy applies to its repository, so no
 * statement names a `Resource`.
 */
export function repositoryPolicy(
  pushRoleArns: readonly string[],
  pullRoleArns: readonly string[],
): PolicyDocument<RepositoryPolicyStatement> | undefined {
  const statements: RepositoryPolicyStatement[] = [];
  if (pushRoleArns.length > 0) {
    statements.push({
      Sid: "PushByNamedPrincipals",
      Effect: "Allow",
      Principal: { AWS: [...pushRoleArns] },
      Action: [...PUSH_ACTIONS],
    });
  }
  if (pullRoleArns.length > 0) {
    statements.push({
      Sid: "PullByNamedPrincipals",
      Effect: "Allow",
      Principal: { AWS: [...pullRoleArns] },
      Action: [...PULL_ACTIONS],
    });
  }
  return statements.length === 0 ? undefined : policyDocument(statements);
}

/** A rule of the registry's replication configuration, in the provider's shape. */
export interface ReplicationRule {
  destinations: { region: string; registryId: string }[];
  repositoryFilters: { filter: string; filterType: "PREFIX_MATCH" }[];
}

/**
 * The registry's replication: every repository whose name starts with `<namePrefix>/` (the component's own, not
 * another prefix that merely begins the same way) is replicated to each region, in the same account (`registryId`).
 */
export function replicationRules(
  namePrefix: string,
  regions: readonly string[],
  accountId: string,
): ReplicationRule[] {
  return [
    {
      destinations: regions.map((region) => ({ region, registryId: accountId })),
      repositoryFilters: [{ filter: `${namePrefix}/`, filterType: "PREFIX_MATCH" }],
    },
  ];
}
