/**
 * The scalar keys that say which stack this is: `aws:region` (a region of `stacks/regions.ts`),
 * `platform:environment` and `platform:role`. Every later section reads them from its context, when valid.
 */
import { closest, distance } from "fastest-levenshtein";
import { isRegionName } from "../../components/common/aws-limits";
import { REGION_AZ_LETTERS, availabilityZonesOf } from "../regions";
import { ENVIRONMENTS, Environment, ROLES, Role, Section, SectionResult } from "./section";

/** A scalar key as Pulumi passes it: a string, or undefined when it is not set. */
export type Scalar = string | undefined;

export function isBlank(value: Scalar): value is undefined {
  return value === undefined || value.trim() === "";
}

/** `aws:region`: set, and one of the regions the platform knows the zones of. */
export const checkRegion: Section<string, Scalar> = (region) => {
  if (isBlank(region)) {
    return {
      problems: [
        {
          path: "aws:region",
          message: "missing; run `pulumi config set aws:region <region>`, e.g. ap-east-2",
        },
      ],
    };
  }
  if (!isRegionName(region)) {
    const known = Object.keys(REGION_AZ_LETTERS);
    const suggestion = closest(region, known);
    return {
      problems: [
        {
          path: "aws:region",
          message:
            `${JSON.stringify(region)} is not an AWS region; ` +
            (distance(region, suggestion) <= 3 ? `did you mean ${suggestion}? ` : "") +
            `use one of ${known.join(", ")}`,
        },
      ],
    };
  }
  if (availabilityZonesOf(region) === undefined) {
    return {
      problems: [
        {
          path: "aws:region",
          message:
            `${region} is not a region this platform knows (${Object.keys(REGION_AZ_LETTERS).join(", ")}); use ` +
            "one of them, or add the region with its zone letters to REGION_AZ_LETTERS in stacks/regions.ts",
        },
      ],
    };
  }
  return { value: region, problems: [] };
};

/** `platform:environment`: one of `ENVIRONMENTS`. */
export const checkEnvironment: Section<Environment, Scalar> = (value) =>
  choice(value, ENVIRONMENTS, "environment", `one of ${ENVIRONMENTS.join(", ")}`);

/** `platform:role`: one of `ROLES`. */
export const checkRole: Section<Role, Scalar> = (value) =>
  choice(value, ROLES, "role", "primary (owns the global resources) or secondary (joins a primary)");

function choice<T extends string>(
  value: Scalar,
  allowed: readonly T[],
  key: string,
  help: string,
): SectionResult<T> {
  const path = `platform:${key}`;
  if (isBlank(value)) {
    return {
      problems: [{ path, message: `missing; run \`pulumi config set ${path} <${key}>\` with ${help}` }],
    };
  }
  if (!(allowed as readonly string[]).includes(value)) {
    return {
      problems: [{ path, message: `${JSON.stringify(value)} is not an allowed ${key}; use ${help}` }],
    };
  }
  return { value: value as T, problems: [] };
}
