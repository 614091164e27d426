/**
 * `platform:kubernetes`: the region's EKS platform (`EksPlatform`). Required in every stack: every region runs a
 * cluster (dev a small spot one). The rules are the component's own (`kubernetesVersionProblem`,
 * `clusterAdminProblems`, `nodeGroupProblems`, `publicAccessCidrProblems`, `namespaceProblem`), so config and
 * component report the same problems; the config adds what only it knows: the environment (prod keeps on-demand
 * capacity). The pinned add-on and chart versions are code (`components/eks-platform/plan.ts`), not stack config.
 */
import { retentionProblem } from "../../components/common/aws-limits";
import {
  DEFAULT_KUBERNETES_VERSION,
  NodeGroupSpec,
  clusterAdminProblems,
  eksPlatformDefaults,
  kubernetesVersionProblem,
  namespaceProblem,
  nodeGroupProblems,
  publicAccessCidrProblems,
} from "../../components/eks-platform/plan";
import type { Problem } from "../../components/common/validation";
import {
  Fields,
  Section,
  SectionContext,
  everyStackRuns,
  list,
  map,
  numeric,
  plural,
  strict,
  structuredSection,
  text,
} from "./section";

export const KUBERNETES_KEY = "platform:kubernetes";

/** The fewest on-demand nodes a prod cluster keeps, so one lost node or a Spot reclaim leaves workloads running. */
export const PROD_MIN_ON_DEMAND_NODES = 2;

export const KUBERNETES_DEFAULTS = {
  version: DEFAULT_KUBERNETES_VERSION,
  publicAccessCidrs: eksPlatformDefaults.publicAccessCidrs,
  logRetentionDays: eksPlatformDefaults.logRetentionDays,
  platformNamespace: eksPlatformDefaults.platformNamespace,
  applicationNamespace: eksPlatformDefaults.applicationNamespace,
} as const;

export interface KubernetesConfig {
  /** Kubernetes minor version with pinned add-ons, e.g. "1.35". @default DEFAULT_KUBERNETES_VERSION */
  version: string;
  /** IAM roles/users with cluster-admin (include the deploy role); `role/<name>` means this account. */
  clusterAdmins: string[];
  /** Managed node groups by key. */
  nodeGroups: Record<string, NodeGroupSpec>;
  /** Public CIDRs of the API endpoint; empty keeps it private. @default [] */
  publicAccessCidrs: string[];
  /** Control plane log retention, days. @default 365 */
  logRetentionDays: number;
  /** @default "platform" */
  platformNamespace: string;
  /** @default "apps" */
  applicationNamespace: string;
}

const EXAMPLE =
  "{version: '1.35', clusterAdmins: [role/platform-deploy], nodeGroups: {graviton: {instanceTypes: [m7g.large], minSize: 2, desiredSize: 2, maxSize: 6}}}";

const TaintSchema = strict(
  {
    key: text("the taint key", "platform/arch"),
    value: text("the taint value", "amd64").optional(),
    effect: text("the taint effect", "NO_SCHEDULE"),
  },
  "the taint",
  "{key: platform/arch, value: amd64, effect: NO_SCHEDULE}",
);

const NodeGroupSchema = strict(
  {
    instanceTypes: list(
      text("an instance type", "m7g.large"),
      "the instance types",
      "[m7g.large, m6g.large]",
    ),
    amiType: text("the AMI type", "AL2023_ARM_64_STANDARD").optional(),
    capacityType: text("the capacity type", "ON_DEMAND").optional(),
    minSize: numeric("the fewest nodes", "2"),
    desiredSize: numeric("the nodes at creation", "2"),
    maxSize: numeric("the most nodes", "6"),
    labels: map(
      text("the label value", "general"),
      "the node labels",
      "{workload-class: general}",
    ).optional(),
    taints: list(
      TaintSchema,
      "the node taints",
      "[{key: platform/arch, value: amd64, effect: NO_SCHEDULE}]",
    ).optional(),
    diskSizeGiB: numeric("the root volume size in GiB", "50").optional(),
  },
  "the node group",
  "{instanceTypes: [m7g.large], minSize: 2, desiredSize: 2, maxSize: 6}",
);

const KubernetesSchema = strict(
  {
    version: text("the Kubernetes minor version, quoted", `"${DEFAULT_KUBERNETES_VERSION}"`).default(
      KUBERNETES_DEFAULTS.version,
    ),
    clusterAdmins: list(
      text("an IAM role or user", "role/platform-deploy"),
      "the cluster administrators",
      "[role/platform-deploy, role/platform-admin]",
    ),
    nodeGroups: map(
      NodeGroupSchema,
      "the node groups",
      "{graviton: {instanceTypes: [m7g.large], minSize: 2, desiredSize: 2, maxSize: 6}}",
    ),
    publicAccessCidrs: list(
      text("a public CIDR", "203.0.113.0/24"),
      "the CIDRs of the public API endpoint",
      "[203.0.113.0/24]",
    ).default(() => [...KUBERNETES_DEFAULTS.publicAccessCidrs]),
    logRetentionDays: numeric(
      "a CloudWatch Logs retention in days",
      String(KUBERNETES_DEFAULTS.logRetentionDays),
    ).default(KUBERNETES_DEFAULTS.logRetentionDays),
    platformNamespace: text("the platform namespace", "platform").default(
      KUBERNETES_DEFAULTS.platformNamespace,
    ),
    applicationNamespace: text("the application namespace", "apps").default(
      KUBERNETES_DEFAULTS.applicationNamespace,
    ),
  },
  "the Kubernetes platform",
  EXAMPLE,
);

/**
 * Validates `platform:kubernetes`: shapes with our messages, then the component's rules on every field whose shape
 * is valid, then the environment's (prod keeps on-demand capacity).
 */
export const checkKubernetes: Section<KubernetesConfig> = structuredSection({
  key: KUBERNETES_KEY,
  schema: KubernetesSchema,
  whenAbsent: everyStackRuns(KUBERNETES_KEY, "its region's EKS platform", EXAMPLE),
  rules: (_value, context, fields) => kubernetesProblems(fields, context),
  build: (data) => ({
    version: data.version,
    clusterAdmins: [...data.clusterAdmins],
    nodeGroups: data.nodeGroups,
    publicAccessCidrs: [...data.publicAccessCidrs],
    logRetentionDays: data.logRetentionDays,
    platformNamespace: data.platformNamespace,
    applicationNamespace: data.applicationNamespace,
  }),
});

function at(path: string): string {
  return `${KUBERNETES_KEY}.${path}`;
}

function kubernetesProblems(
  fields: Fields<(typeof KubernetesSchema)["shape"]>,
  { environment }: SectionContext,
): Problem[] {
  const found: Problem[] = [
    ...fields.message("version", kubernetesVersionProblem),
    ...fields.problems("clusterAdmins", clusterAdminProblems),
    ...fields.problems("nodeGroups", (groups) => [
      ...nodeGroupProblems(groups),
      ...(environment === "prod" ? prodCapacityProblems(groups) : []),
    ]),
    ...fields.problems("publicAccessCidrs", publicAccessCidrProblems),
    ...fields.message("logRetentionDays", retentionProblem),
    ...fields.message("platformNamespace", namespaceProblem),
    ...fields.message("applicationNamespace", namespaceProblem),
  ];
  const platformNamespace = fields.get("platformNamespace");
  const applicationNamespace = fields.get("applicationNamespace");
  if (platformNamespace !== undefined && platformNamespace === applicationNamespace) {
    found.push({
      path: at("applicationNamespace"),
      message: `is ${applicationNamespace}, like platformNamespace; applications need their own namespace (restricted, default-deny)`,
    });
  }
  return found;
}

/** Prod keeps on-demand nodes: Spot alone can be reclaimed all at once. Paths relative to the section. */
function prodCapacityProblems(groups: Readonly<Record<string, NodeGroupSpec>>): Problem[] {
  const onDemand = Object.values(groups)
    .filter((group) => (group.capacityType ?? "ON_DEMAND") === "ON_DEMAND")
    .reduce(
      (sum, group) => sum + (Number.isInteger(group.minSize) && group.minSize > 0 ? group.minSize : 0),
      0,
    );
  if (Object.keys(groups).length === 0 || onDemand >= PROD_MIN_ON_DEMAND_NODES) {
    return [];
  }
  return [
    {
      path: "nodeGroups",
      message:
        `keeps ${plural(onDemand, "on-demand node")} at minimum; a prod cluster needs at least ` +
        `${PROD_MIN_ON_DEMAND_NODES} (Spot capacity can be reclaimed all at once): raise minSize of an ON_DEMAND group`,
    },
  ];
}
