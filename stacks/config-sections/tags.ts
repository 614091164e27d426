/**
 * `platform:tags`: the stack's own tags (`Owner`, `CostCenter`, …). Required in every stack. The program adds the
 * tags it knows itself (`Project`, `Environment`, `Region`, `ManagedBy`), so config may not set those; every tag
 * stays within AWS's limits with the program's added.
 */
import { z } from "zod";
import { TAG_LIMITS } from "../../components/common/aws-limits";
import type { Problem } from "../../components/common/validation";
import { Section, describeValue, messages, plural, structuredSection } from "./section";

export const TAGS_KEY = "platform:tags";

/** Tags every stack must set in `platform:tags`. */
export const REQUIRED_TAG_KEYS = ["Owner", "CostCenter"] as const;

/** Tags the program sets itself (from the project, `platform:environment` and `aws:region`); config may not set them. */
export const PROGRAM_TAG_KEYS = ["Project", "Environment", "Region", "ManagedBy"] as const;
type ProgramTagKey = (typeof PROGRAM_TAG_KEYS)[number];

const PROGRAM_TAG_SOURCES: Record<ProgramTagKey, string> = {
  Project: "the Pulumi project name",
  Environment: "platform:environment",
  Region: "aws:region",
  ManagedBy: "always pulumi",
};

/** Characters AWS accepts in tag keys and values (the documented pattern shared by most services). */
const TAG_CHARACTERS = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;
const TAG_CHARACTERS_HELP = "use letters, digits, spaces and _ . : / = + - @";

const TagsSchema = z.record(
  z.string(),
  z.string({
    error: (issue) =>
      typeof issue.input === "number" || typeof issue.input === "boolean"
        ? `is ${describeValue(issue.input)}, not a string; quote it: "${String(issue.input)}"`
        : `is ${describeValue(issue.input)}, not a string; set the tag value as text, e.g. platform-team`,
  }),
  messages("a map", "the tags", "{Owner: platform-team, CostCenter: CC-1001}"),
);

/**
 * Validates `platform:tags`: a map of strings, the required tags present and not blank, no tag the program sets,
 * keys and values AWS accepts, and room for the program's tags within AWS's limit per resource.
 */
export const checkTags: Section<Record<string, string>> = structuredSection({
  key: TAGS_KEY,
  schema: TagsSchema,
  whenAbsent: () =>
    `add a map with ${REQUIRED_TAG_KEYS.join(" and ")}, e.g. \`pulumi config set --path 'platform:tags.Owner' platform-team\``,
  rules: (value) => [
    ...requiredTagProblems(value),
    ...Object.entries(value).flatMap(([key, tag]) => tagProblems(`${TAGS_KEY}.${key}`, key, tag)),
    ...tagCountProblems(Object.keys(value).length),
  ],
  build: (data) => data,
});

/** The stack's default tags: `platform:tags` followed by the tags the program sets. */
export function withProgramTags(
  tags: Readonly<Record<string, string>>,
  program: { readonly project: string; readonly environment: string; readonly region: string },
): Record<string, string> {
  return {
    ...tags,
    Project: program.project,
    Environment: program.environment,
    Region: program.region,
    ManagedBy: "pulumi",
  };
}

function requiredTagProblems(value: Record<string, unknown>): Problem[] {
  const problems: Problem[] = [];
  for (const key of REQUIRED_TAG_KEYS) {
    const tag = value[key];
    if (tag === undefined) {
      problems.push({
        path: `${TAGS_KEY}.${key}`,
        message: `missing; every stack must name its ${key}: run \`pulumi config set --path 'platform:tags.${key}' <value>\``,
      });
    } else if (typeof tag === "string" && tag.trim() === "") {
      problems.push({
        path: `${TAGS_KEY}.${key}`,
        message: `is blank; set the ${key} tag to a non-blank value`,
      });
    }
  }
  return problems;
}

function tagCountProblems(count: number): Problem[] {
  const total = count + PROGRAM_TAG_KEYS.length;
  if (total <= TAG_LIMITS.maxTags) {
    return [];
  }
  return [
    {
      path: TAGS_KEY,
      message:
        `${plural(count, "tag")} plus the ${PROGRAM_TAG_KEYS.length} the program sets exceed ` +
        `the ${TAG_LIMITS.maxTags} AWS allows per resource; remove ${total - TAG_LIMITS.maxTags}`,
    },
  ];
}

function tagProblems(path: string, key: string, tag: unknown): Problem[] {
  const problems: Problem[] = [];
  if ((PROGRAM_TAG_KEYS as readonly string[]).includes(key)) {
    const source = PROGRAM_TAG_SOURCES[key as ProgramTagKey];
    problems.push({
      path,
      message: `the program sets ${key} itself (${source}); remove it from platform:tags`,
    });
    return problems;
  }
  if (key.toLowerCase().startsWith("aws:")) {
    problems.push({ path, message: "keys starting with aws: are reserved by AWS; rename the tag" });
  }
  if (key.trim() === "") {
    problems.push({ path, message: "blank tag key; give the tag a name" });
  }
  problems.push(...textProblems(path, "key", key, TAG_LIMITS.maxKeyLength));
  if (typeof tag === "string") {
    problems.push(...textProblems(path, "value", tag, TAG_LIMITS.maxValueLength));
  }
  return problems;
}

/** A tag's key or value: within AWS's length and of the characters AWS accepts. */
function textProblems(path: string, part: "key" | "value", text: string, maxLength: number): Problem[] {
  const problems: Problem[] = [];
  if (text.length > maxLength) {
    problems.push({
      path,
      message: `the ${part} has ${text.length} characters; AWS allows at most ${maxLength}: shorten it`,
    });
  }
  if (!TAG_CHARACTERS.test(text)) {
    problems.push({
      path,
      message: `the ${part} has characters AWS does not accept in tags; ${TAG_CHARACTERS_HELP}`,
    });
  }
  return problems;
}
