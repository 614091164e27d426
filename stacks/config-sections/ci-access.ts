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
import { githubCiAccessDefaults } from "../../components/github-ci-access/plan";
import { prefixProblems } from "../../components/common/validation";
import { Section, list, messages, numeric, strict, structuredSection, text } from "./section";

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

/**
 * Validates `platform:ciAccess` (absent: the stack creates no CI access): shapes with our messages, then the
 * component's own rules (repository, branch, environments, session lengths) on every field whose shape is valid.
 */
export const checkCiAccess: Section<CiAccessConfig> = structuredSection({
  key: CI_ACCESS_KEY,
  schema: CiAccessSchema,
  whenAbsent: "optional",
  rules: (_value, _context, fields) => {
    const input: CiAccessPlanInput = {
      repository: fields.get("repository") ?? "o/r",
      deployBranch: fields.get("deployBranch") ?? CI_ACCESS_DEFAULTS.deployBranch,
      deployEnvironments: fields.get("deployEnvironments") ?? [],
      previewSessionSeconds: fields.get("previewSessionSeconds") ?? CI_ACCESS_DEFAULTS.previewSessionSeconds,
      deploySessionSeconds: fields.get("deploySessionSeconds") ?? CI_ACCESS_DEFAULTS.deploySessionSeconds,
    };
    return prefixProblems(CI_ACCESS_KEY, fields.onValid(validateCiAccessPlan(input)));
  },
  build: (data) => ({ ...data, deployEnvironments: [...data.deployEnvironments] }),
});
