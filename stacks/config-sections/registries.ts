/**
 * `platform:registries`: the region's ECR repositories for the applications' images (`ContainerRegistries`). Optional
 * in every stack: absent means every default (a repository per application of `stacks/catalogue.ts`, the component's
 * lifecycle, no replication). The rules are the component's own (`containerRegistriesArgsProblems`: repository names,
 * lifecycle ranges, region names), so config and component report the same problems; the config adds what only it
 * knows: the role (only a primary replicates its images, to its secondaries' regions) and the regions this platform
 * runs in (`stacks/regions.ts`), of which the stack's own is no destination.
 */
import {
  ContainerRegistriesPlanInput,
  ResolvedKeepReleases,
  containerRegistriesArgsProblems,
  containerRegistriesDefaults,
} from "../../components/container-registries/plan";
import { isRegionName } from "../../components/common/aws-limits";
import { Problem, prefixProblems } from "../../components/common/validation";
import { APPLICATIONS } from "../catalogue";
import { registryNamePrefix } from "../naming";
import { availabilityZonesOf } from "../regions";
import { Fields, Section, SectionContext, list, numeric, strict, structuredSection, text } from "./section";

export const REGISTRIES_KEY = "platform:registries";

/** The section's defaults: the catalogue's applications, the component's lifecycle, no replication. */
export const REGISTRIES_DEFAULTS = {
  repositories: Object.keys(APPLICATIONS),
  keepReleases: containerRegistriesDefaults.keepReleases,
  replicationRegions: containerRegistriesDefaults.replicationRegions,
} as const;

export interface RegistriesConfig {
  /** Repository names, one per application image. @default the applications of `APPLICATIONS` (api, shop, cmc) */
  repositories: string[];
  /**
   * What each repository's lifecycle policy keeps: the last `count` releases tagged `tagPattern`; untagged images
   * expire `untaggedExpiryDays` after their push. @default { count: 30, tagPattern: "v*", untaggedExpiryDays: 7 }
   */
  keepReleases: ResolvedKeepReleases;
  /**
   * Regions every image pushed to these repositories is replicated to (primary only; its secondaries' regions, whose
   * stacks create the same repositories). @default []
   */
  replicationRegions: string[];
}

const EXAMPLE = "{replicationRegions: [ap-northeast-1]}";

const KEEP = REGISTRIES_DEFAULTS.keepReleases;

const RegistriesSchema = strict(
  {
    repositories: list(
      text("a repository name", "api"),
      "the repositories, one per application image",
      "[api, shop, cmc]",
    ).default(() => [...REGISTRIES_DEFAULTS.repositories]),
    keepReleases: strict(
      {
        count: numeric("how many releases each repository keeps", String(KEEP.count)).default(KEEP.count),
        tagPattern: text("the tag pattern of a release", KEEP.tagPattern).default(KEEP.tagPattern),
        untaggedExpiryDays: numeric(
          "the days after which untagged images expire",
          String(KEEP.untaggedExpiryDays),
        ).default(KEEP.untaggedExpiryDays),
      },
      "what the lifecycle policies keep",
      `{count: ${KEEP.count}, tagPattern: "${KEEP.tagPattern}", untaggedExpiryDays: ${KEEP.untaggedExpiryDays}}`,
    ).default(() => ({ ...KEEP })),
    replicationRegions: list(
      text("a region", "ap-northeast-1"),
      "the regions images are replicated to",
      "[ap-northeast-1]",
    ).default(() => [...REGISTRIES_DEFAULTS.replicationRegions]),
  },
  "the container registries",
  EXAMPLE,
);

/**
 * Validates `platform:registries` (absent: every default): shapes with our messages, then the component's rules on
 * every field whose shape is valid, and the role's and the platform's regions' rules on the replication regions.
 */
export const checkRegistries: Section<RegistriesConfig> = structuredSection({
  key: REGISTRIES_KEY,
  schema: RegistriesSchema,
  whenAbsent: "defaults",
  rules: (_value, context, fields) => registriesProblems(fields, context),
  build: (data) => ({
    repositories: [...data.repositories],
    keepReleases: { ...data.keepReleases },
    replicationRegions: [...data.replicationRegions],
  }),
});

function at(path: string): string {
  return `${REGISTRIES_KEY}.${path}`;
}

function registriesProblems(
  fields: Fields<(typeof RegistriesSchema)["shape"]>,
  context: SectionContext,
): Problem[] {
  const regions = fields.get("replicationRegions") ?? [];
  // The arguments the stacks give the component, as far as config decides them; the key and the principals are
  // Outputs there (not checked here), and a prefix the project cannot make is the component's problem.
  const input: ContainerRegistriesPlanInput = {
    repositories: fields.get("repositories") ?? REGISTRIES_DEFAULTS.repositories,
    namePrefix:
      context.project !== undefined && context.environment !== undefined
        ? registryNamePrefix({ project: context.project, environment: context.environment })
        : "platform",
    kmsKeyArn: undefined,
    keepReleases: fields.get("keepReleases") ?? KEEP,
    pushRoleArns: [],
    pullRoleArns: [],
    replicationRegions: regions,
    protect: false,
    tags: {},
  };
  const component = fields.onValid(containerRegistriesArgsProblems(input));
  const onRegions = (problem: Problem) => problem.path.startsWith("replicationRegions");
  const found = prefixProblems(
    REGISTRIES_KEY,
    component.filter((problem) => !onRegions(problem)),
  );
  if (!fields.valid("replicationRegions")) {
    return found;
  }
  const ofRegions = component.filter(onRegions);
  if (context.role === "secondary" && regions.length > 0) {
    found.push({
      path: at("replicationRegions"),
      message:
        "is set on a secondary, but only a primary replicates its images (to its secondaries' regions); remove " +
        "it here and list this stack's region in its primary's platform:registries.replicationRegions",
    });
    return [...found, ...prefixProblems(REGISTRIES_KEY, ofRegions)];
  }
  // Region by region, in order: the component's problem of a region, else the platform's.
  regions.forEach((region, index) => {
    const path = `replicationRegions[${index}]`;
    const own = ofRegions.filter((problem) => problem.path === path);
    if (own.length > 0 || !isRegionName(region)) {
      found.push(...prefixProblems(REGISTRIES_KEY, own));
    } else if (region === context.region) {
      found.push({
        path: at(path),
        message: `"${region}" is this stack's own region; list the regions of its secondaries (e.g. ap-northeast-1)`,
      });
    } else if (availabilityZonesOf(region) === undefined) {
      found.push({
        path: at(path),
        message:
          `"${region}" is not a region this platform runs in (stacks/regions.ts); list the region of a ` +
          "secondary of this stack (e.g. ap-northeast-1)",
      });
    }
  });
  found.push(
    ...prefixProblems(
      REGISTRIES_KEY,
      ofRegions.filter((problem) => problem.path === "replicationRegions"),
    ),
  );
  return found;
}
