/**
 * `platform:ciAccess`: the GitHub Actions access of the stack's AWS account (`GithubCiAccess`). Optional: set it
 * only in the one stack per account that owns the CI roles (prod-taipei here, ADR 0008); every other stack of the
 * account leaves it out, or the second stack's `up` would fail creating a second GitHub OIDC provider.
 */
import { z } from "zod";
import {
  CiAccessPlanInput,
  MAX_SESSION_SECONDS,
  MIN_SESSION_SECONDS,
  validateCiAccessPlan,
} from "../../components/github-ci-access/plan";
import { githubCiAccessDefaults } from "../../components/github-ci-access";
import { Problem, prefixProblems } from "../../components/common/validation";
import {
  fallbackError,
  isRecord,
  list,
  messages,
  numeric,
  strict,
  structured,
  text,
  zodProblems,
} from "./schema";

export const CI_ACCESS_KEY = "platform:ciAccess";

/** The component's defaults of the fields `platform:ciAccess` sets. */
export const CI_ACCESS_DEFAULTS = {
  createOidcProvider: githubCiAccessDefaults.createOidcProvider,
  deployBranch: githubCiAccessDefaults.deployBranch,
  deployEnvironments: githubCiAccessDefaults.deployEnvironments,
  previewSessionSeconds: githubCiAccessDefaults.previewSessionSeconds,
  deploySessionSeconds: githubCiAccessDefaults.deploySessionSeconds,
} as const;

export interface CiAccessConfig {
  /** `<owner>/<name>` of the repository whose workflows assume the roles, exactly as GitHub spells it. */
  repository: string;
  /** Whether the stack creates GitHub's OIDC provider (false when the account already has one). @default true */
  createOidcProvider: boolean;
  /** Branch whose jobs (without a GitHub environment) may deploy. @default "main" */
  deployBranch: string;
  /** GitHub environments whose jobs may deploy (their reviewers approve each run). @default [] */
  deployEnvironments: string[];
  /** Longest preview-role session, seconds. @default 3600 */
  previewSessionSeconds: number;
  /** Longest deploy-role session, seconds. @default 10800 */
  deploySessionSeconds: number;
}

const CiAccessSchema = strict(
  {
    repository: text("the GitHub repository as <owner>/<name>", "kimkao/platform"),
    createOidcProvider: z
      .boolean(messages("a boolean", "whether to create GitHub's OIDC provider", "true"))
      .default(CI_ACCESS_DEFAULTS.createOidcProvider),
    deployBranch: text("the branch that deploys", "main").default(CI_ACCESS_DEFAULTS.deployBranch),
    deployEnvironments: list(
      text("a GitHub environment name", "prod-taipei"),
      "the GitHub environments that deploy",
      "[prod-taipei, prod-tokyo]",
    ).default(() => [...CI_ACCESS_DEFAULTS.deployEnvironments]),
    previewSessionSeconds: numeric(
      `the preview role's longest session in seconds (${MIN_SESSION_SECONDS} to ${MAX_SESSION_SECONDS})`,
      String(CI_ACCESS_DEFAULTS.previewSessionSeconds),
    ).default(CI_ACCESS_DEFAULTS.previewSessionSeconds),
    deploySessionSeconds: numeric(
      `the deploy role's longest session in seconds (${MIN_SESSION_SECONDS} to ${MAX_SESSION_SECONDS})`,
      String(CI_ACCESS_DEFAULTS.deploySessionSeconds),
    ).default(CI_ACCESS_DEFAULTS.deploySessionSeconds),
  },
  "the CI access",
  "{repository: kimkao/platform, deployEnvironments: [prod-taipei, prod-tokyo]}",
);

type CiAccessShape = (typeof CiAccessSchema)["shape"];

/**
 * Validates `platform:ciAccess` (JSON text as Pulumi passes it, or the parsed value): shapes with our messages, then
 * the component's own rules (repository, branch, environments, session lengths) on every field whose shape is
 * valid. Returns the defaulted config when it is valid, undefined when the key is absent or has problems.
 */
export function checkCiAccess(raw: unknown, stack: string, problems: Problem[]): CiAccessConfig | undefined {
  if (raw === undefined) {
    return undefined;
  }
  const value = structured(raw, CI_ACCESS_KEY, "", stack, problems);
  if (value === undefined) {
    return undefined;
  }
  const parsed = CiAccessSchema.safeParse(value, { error: fallbackError });
  const found: Problem[] = parsed.success ? [] : zodProblems(CI_ACCESS_KEY, parsed.error.issues);

  if (isRecord(value)) {
    // The rules run on the fields whose shape is valid; a field with a shape problem is reported once, above.
    const valid = new Set<string>();
    const field = <K extends keyof CiAccessShape>(key: K, fallback: z.output<CiAccessShape[K]>) => {
      const result = CiAccessSchema.shape[key].safeParse(value[key]);
      if (result.success) {
        valid.add(key);
        return result.data as z.output<CiAccessShape[K]>;
      }
      return fallback;
    };
    const input: CiAccessPlanInput = {
      repository: field("repository", "o/r"),
      deployBranch: field("deployBranch", CI_ACCESS_DEFAULTS.deployBranch),
      deployEnvironments: field("deployEnvironments", []),
      previewSessionSeconds: field("previewSessionSeconds", CI_ACCESS_DEFAULTS.previewSessionSeconds),
      deploySessionSeconds: field("deploySessionSeconds", CI_ACCESS_DEFAULTS.deploySessionSeconds),
    };
    const rules = validateCiAccessPlan(input).filter((p) => valid.has(p.path.split(/[.[]/)[0]));
    found.push(...prefixProblems(CI_ACCESS_KEY, rules));
  }

  problems.push(...found);
  if (!parsed.success || found.length > 0) {
    return undefined;
  }
  return { ...parsed.data, deployEnvironments: [...parsed.data.deployEnvironments] };
}
