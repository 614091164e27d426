/**
 * Tags: the required keys, with non-empty values, an allowed environment, and within AWS's limits. The tags that
 * count are the resource's own over its AWS provider's `defaultTags.tags` (what AWS ends up applying). Types whose
 * Args have no `tags`, components of the platform and providers are exempt (see coverage.ts).
 */
import type { ResourceValidationArgs, ResourceValidationPolicy } from "@pulumi/policy";
import { configWithDefaults, schema } from "../lib/policy";
import { effectiveTags, tagMap } from "../lib/tags";
import { describe } from "../lib/values";
import { tagCoverage, usesProviderDefaultTags } from "./coverage";

/** The tags of a checked resource, or undefined when tagging policies do not apply to its type. */
export function checkedTags(args: ResourceValidationArgs): Record<string, string> | undefined {
  if (tagCoverage(args.type).kind !== "checked") {
    return undefined;
  }
  return usesProviderDefaultTags(args.type)
    ? effectiveTags(args.type, args.props, args.provider)
    : tagMap(args.props["tags"]);
}

function whereToSet(type: string): string {
  return usesProviderDefaultTags(type)
    ? "set them in tags or in the AWS provider's defaultTags.tags"
    : "set them in the component's tags (it does not receive the AWS provider's default tags)";
}

export interface RequiredTagsConfig {
  /** Tag keys every taggable resource carries, with non-empty values. */
  requiredKeys: string[];
  /**
   * Values the remediation adds for missing keys when the policy runs at the `remediate` level (e.g. the platform's
   * provider-level tags for resources that do not get them).
   */
  remediationTags: Record<string, string>;
}
export const requiredTagsDefaults: RequiredTagsConfig = {
  requiredKeys: ["Owner", "CostCenter", "Environment", "Project", "ManagedBy"],
  remediationTags: {},
};

export const requiredTags: ResourceValidationPolicy = {
  name: "required-tags",
  description:
    "Taggable resources carry every required tag (Owner, CostCenter, Environment, Project, ManagedBy) with a value.",
  enforcementLevel: "mandatory",
  configSchema: schema({
    requiredKeys: {
      type: "array",
      items: { type: "string", minLength: 1 },
      default: requiredTagsDefaults.requiredKeys,
      description: "Tag keys every taggable resource carries, with non-empty values.",
    },
    remediationTags: {
      type: "object",
      additionalProperties: { type: "string", minLength: 1 },
      default: requiredTagsDefaults.remediationTags,
      description: "Values the remediate level adds to a resource's tags for missing required keys.",
    },
  }),
  validateResource: (args, report) => {
    const tags = checkedTags(args);
    if (tags === undefined) {
      return;
    }
    const { requiredKeys } = configWithDefaults(args, requiredTagsDefaults);
    const missing = requiredKeys.filter((key) => tags[key] === undefined);
    const empty = requiredKeys.filter((key) => tags[key] !== undefined && tags[key].trim() === "");
    if (missing.length > 0) {
      report(`tags is missing ${missing.join(", ")}; ${whereToSet(args.type)}.`);
    }
    if (empty.length > 0) {
      report(
        `tags has empty ${empty.join(", ")}; give ${empty.length === 1 ? "it a value" : "them values"}.`,
      );
    }
  },
  // At the `remediate` level: add the missing keys that config.remediationTags has values for to the resource's own
  // tags (the engine then validates the result at the mandatory level).
  remediateResource: (args) => {
    const tags = checkedTags(args);
    if (tags === undefined) {
      return undefined;
    }
    const { requiredKeys, remediationTags } = configWithDefaults(args, requiredTagsDefaults);
    const additions = Object.fromEntries(
      requiredKeys
        .filter((key) => (tags[key] ?? "").trim() === "" && (remediationTags[key] ?? "") !== "")
        .map((key) => [key, remediationTags[key] as string]),
    );
    if (Object.keys(additions).length === 0) {
      return undefined;
    }
    args.props["tags"] = { ...tagMap(args.props["tags"]), ...additions };
    return args.props;
  },
};

export interface EnvironmentTagConfig {
  /** The tag that names the environment. */
  tagKey: string;
  allowedValues: string[];
}
const environmentTagDefaults: EnvironmentTagConfig = {
  tagKey: "Environment",
  allowedValues: ["dev", "staging", "prod"],
};

export const environmentTagAllowed: ResourceValidationPolicy = {
  name: "environment-tag-allowed",
  description: "The Environment tag names one of the known environments (dev, staging, prod).",
  enforcementLevel: "mandatory",
  configSchema: schema({
    tagKey: {
      type: "string",
      default: environmentTagDefaults.tagKey,
      description: "Tag naming the environment.",
    },
    allowedValues: {
      type: "array",
      items: { type: "string" },
      default: environmentTagDefaults.allowedValues,
      description: "Accepted environment names.",
    },
  }),
  validateResource: (args, report) => {
    const tags = checkedTags(args);
    const { tagKey, allowedValues } = configWithDefaults(args, environmentTagDefaults);
    const value = tags?.[tagKey];
    // A missing tag is required-tags' finding.
    if (value !== undefined && !allowedValues.includes(value)) {
      report(
        `tags.${tagKey} is ${describe(value)}; set tags.${tagKey} to one of ` +
          `${allowedValues.map((v) => JSON.stringify(v)).join(", ")}.`,
      );
    }
  },
};

/** AWS's limits on tags (per resource, key and value lengths, reserved prefix). */
export const TAG_LIMITS = { maxTags: 50, maxKeyLength: 128, maxValueLength: 256 } as const;

export const tagLimits: ResourceValidationPolicy = {
  name: "tag-limits",
  description:
    "Tags stay within AWS's limits: 50 per resource, keys of 128 and values of 256 characters, no aws: keys.",
  enforcementLevel: "mandatory",
  validateResource: (args, report) => {
    const tags = checkedTags(args);
    if (tags === undefined) {
      return;
    }
    const count = Object.keys(tags).length;
    if (count > TAG_LIMITS.maxTags) {
      report(
        `tags has ${count} tags (with the provider's default tags); keep at most ${TAG_LIMITS.maxTags}.`,
      );
    }
    for (const [key, value] of Object.entries(tags)) {
      if (key.length > TAG_LIMITS.maxKeyLength) {
        report(
          `tag key ${describe(key)} has ${key.length} characters; keep keys within ${TAG_LIMITS.maxKeyLength}.`,
        );
      }
      if (value.length > TAG_LIMITS.maxValueLength) {
        report(
          `tags.${key} has ${value.length} characters; keep values within ${TAG_LIMITS.maxValueLength}.`,
        );
      }
      if (/^aws:/i.test(key)) {
        report(`tag key ${describe(key)} uses the reserved aws: prefix; rename it.`);
      }
    }
  },
};
