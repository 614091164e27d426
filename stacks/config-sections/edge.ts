/**
 * `platform:edge`: how the public reaches the region (ADR 0027). Optional: absent, the stack has no edge. With it,
 * the stack runs a `RegionalEdge` (certificate, ALB behind WAF, health-checked weighted records) for the catalogue's
 * applications, and the stack that owns the zone of `domain` (the primary: prod-taipei for kimkao.io, dev for its own
 * dev.kimkao.io) also runs its `PublicZone`; a secondary writes its records into its primary's zone. The rules are
 * the components' own (`regionalEdgeArgsProblems`: domain, hosts, health paths, ports, weight, rate limit,
 * retention), so config and component report the same problems; the config adds what only it knows: the catalogue,
 * the role (who owns the zone) and the network (edge subnets in two zones).
 */
import { z } from "zod";
import { domainNameProblem } from "../../components/common/aws-limits";
import type { Problem } from "../../components/common/validation";
import {
  EdgeApplication,
  MAX_ROUTING_WEIGHT,
  WAF_RATE_LIMIT_MAX,
  WAF_RATE_LIMIT_MIN,
  regionalEdgeArgsProblems,
  regionalEdgeDefaults,
} from "../../components/regional-edge/plan";
import { APPLICATIONS } from "../catalogue";
import { COMPONENT_NAMES } from "../naming";
import {
  Fields,
  Section,
  SectionContext,
  isRecord,
  map,
  messages,
  numeric,
  plural,
  strict,
  structuredSection,
  text,
} from "./section";

export const EDGE_KEY = "platform:edge";

export const EDGE_DEFAULTS = {
  logRetentionDays: regionalEdgeDefaults.logRetentionDays,
  wafRateLimit: regionalEdgeDefaults.wafRateLimit,
} as const;

export interface EdgeConfig {
  /** The apex the stack's hosts are below (`kimkao.io`; dev: its own `dev.kimkao.io`). */
  domain: string;
  /** Whether this stack owns the public zone of `domain`: true on a primary, never on a secondary. */
  ownsZone: boolean;
  /** This region's share of the weighted records, 0 (drained) to 255: 70 Taipei, 30 Tokyo. */
  weight: number;
  /** Every application of the catalogue served at the edge, with its host, health path and port resolved. */
  applications: Record<string, EdgeApplication>;
  /** Requests per client IP per 5 minutes before WAF blocks it. @default 2000 */
  wafRateLimit: number;
  /** Retention of the WAF log group and the ALB access logs, days. @default 365 */
  logRetentionDays: number;
}

/** The catalogue's applications served at the edge, with their hosts below `domain`. */
export function catalogueEdgeApplications(domain: string): Record<string, EdgeApplication> {
  return Object.fromEntries(
    Object.entries(APPLICATIONS).flatMap(([app, access]) =>
      access.edge === undefined
        ? []
        : [
            [
              app,
              {
                host: `${access.edge.subdomain}.${domain}`,
                healthPath: access.edge.healthPath,
                port: access.edge.port,
              },
            ],
          ],
    ),
  );
}

const ApplicationSchema = strict(
  {
    host: text("the application's public host", "api.kimkao.io").optional(),
    healthPath: text("the path the health checks request", "/healthz").optional(),
    port: numeric("the port the application's pods serve HTTP on", "8080").optional(),
  },
  "an application's edge settings",
  "{host: api.kimkao.io, healthPath: /healthz, port: 8080}",
);

const EdgeSchema = strict(
  {
    domain: text("the domain the applications' hosts are below", "kimkao.io"),
    ownsZone: z
      .boolean(messages("a boolean", "whether this stack owns the domain's public zone", "true"))
      .optional(),
    weight: numeric(`this region's routing weight, 0 (drained) to ${MAX_ROUTING_WEIGHT}`, "70"),
    applications: map(
      ApplicationSchema,
      "what differs from the catalogue's defaults, by application",
      "{api: {healthPath: /health}}",
    ).default(() => ({})),
    wafRateLimit: numeric(
      `the requests per client IP per 5 minutes before WAF blocks it (${WAF_RATE_LIMIT_MIN} to ${WAF_RATE_LIMIT_MAX})`,
      String(EDGE_DEFAULTS.wafRateLimit),
    ).default(EDGE_DEFAULTS.wafRateLimit),
    logRetentionDays: numeric(
      "a CloudWatch Logs retention in days",
      String(EDGE_DEFAULTS.logRetentionDays),
    ).default(EDGE_DEFAULTS.logRetentionDays),
  },
  "the edge",
  "{domain: kimkao.io, ownsZone: true, weight: 70}",
);

type EdgeFields = Fields<(typeof EdgeSchema)["shape"]>;
type ApplicationOverrides = Readonly<Record<string, z.output<typeof ApplicationSchema>>>;

/** The catalogue's applications with the config's overrides, hosts below `domain`. */
function resolveApplications(
  domain: string,
  overrides: ApplicationOverrides,
): Record<string, EdgeApplication> {
  const defaults = catalogueEdgeApplications(domain);
  return Object.fromEntries(
    Object.entries(defaults).map(([app, served]) => [app, { ...served, ...definedOf(overrides[app]) }]),
  );
}

function definedOf<T extends object>(value: T | undefined): Partial<T> {
  return Object.fromEntries(
    Object.entries(value ?? {}).filter(([, field]) => field !== undefined),
  ) as Partial<T>;
}

/**
 * Validates `platform:edge` (absent: no edge): shapes with our messages, then the component's rules on every field
 * whose shape is valid, the catalogue (only its served applications take settings), the role (a primary owns the
 * zone of its domain, a secondary never does) and the network (edge subnets in two zones or more).
 */
export const checkEdge: Section<EdgeConfig> = structuredSection({
  key: EDGE_KEY,
  schema: EdgeSchema,
  whenAbsent: "optional",
  rules: (value, context, fields) => edgeProblems(value, fields, context),
  build: (data) => ({
    domain: data.domain,
    // The rules hold it true on a primary, left out or false on a secondary.
    ownsZone: data.ownsZone === true,
    weight: data.weight,
    applications: resolveApplications(data.domain, data.applications),
    wafRateLimit: data.wafRateLimit,
    logRetentionDays: data.logRetentionDays,
  }),
});

function at(path: string): string {
  return `${EDGE_KEY}.${path}`;
}

function edgeProblems(
  value: Record<string, unknown>,
  fields: EdgeFields,
  context: SectionContext,
): Problem[] {
  const problems: Problem[] = [];
  // Which applications are named does not depend on their settings' shapes.
  const named = isRecord(value.applications) ? Object.keys(value.applications) : [];
  const served = catalogueEdgeApplications("example.com");
  for (const app of named.sort()) {
    if (served[app] === undefined) {
      problems.push({
        path: at(`applications.${app}`),
        message:
          `${app} is not an application the catalogue serves at the edge (${Object.keys(served).join(", ")}); ` +
          "fix its name, or add it with its edge entry to APPLICATIONS in stacks/catalogue.ts",
      });
    }
  }
  // The component's rules on the valid fields; the ones the config does not set (the component's name, the region,
  // the environment, the subnets) are the composition's, so `onValid` leaves them out. The hosts are checked below a
  // valid domain only: the catalogue's would otherwise repeat the domain's problem once per application.
  const domain = fields.get("domain");
  const domainIsValid = domain !== undefined && domainNameProblem(domain) === undefined;
  const below = domainIsValid ? domain : "example.com";
  const component = regionalEdgeArgsProblems(COMPONENT_NAMES.edge, {
    domain: domain ?? below,
    region: context.region ?? "ap-east-2",
    environment: context.environment ?? "dev",
    applications: resolveApplications(below, fields.get("applications") ?? {}),
    weight: fields.get("weight") ?? 0,
    edgeSubnetCount: 2,
    logRetentionDays: fields.get("logRetentionDays") ?? EDGE_DEFAULTS.logRetentionDays,
    wafRateLimit: fields.get("wafRateLimit") ?? EDGE_DEFAULTS.wafRateLimit,
  });
  problems.push(
    ...fields
      .onValid(component)
      .filter((problem) => domainIsValid || !problem.path.endsWith(".host"))
      .map((problem) => ({ ...problem, path: at(problem.path) })),
  );
  // A shape problem of ownsZone is reported once, by its shape.
  if (value.ownsZone === undefined || fields.valid("ownsZone")) {
    problems.push(...ownerProblems(fields.get("ownsZone"), context));
  }
  if (context.edgeZoneCount !== undefined && context.edgeZoneCount < 2) {
    problems.push({
      path: EDGE_KEY,
      message:
        `${context.edgeZoneCount === 0 ? "the network has no edge tier" : `the network's edge tier has ${plural(context.edgeZoneCount, "zone")}`}; ` +
        "an internet-facing load balancer needs edge subnets in two zones or more: add platform:network.tiers.edge " +
        "(e.g. prefixLength 26) with two availability zones or more, or remove platform:edge",
    });
  }
  return problems;
}

/** A primary owns the zone of its domain (it reads no other stack); a secondary writes into its primary's. */
function ownerProblems(ownsZone: boolean | undefined, { role, stack }: SectionContext): Problem[] {
  if (role === "secondary" && ownsZone === true) {
    return [
      {
        path: at("ownsZone"),
        message:
          "is true on a secondary; the primary owns the zone and a secondary writes its records into it through " +
          `the stack reference: remove ownsZone from Pulumi.${stack}.yaml`,
      },
    ];
  }
  if (role === "primary" && ownsZone !== true) {
    return [
      {
        path: at("ownsZone"),
        message:
          `${ownsZone === undefined ? "missing" : "is false"}; a primary reads no other stack, so it owns the zone ` +
          `of its domain (dev its own, e.g. dev.kimkao.io): set ownsZone: true in Pulumi.${stack}.yaml`,
      },
    ];
  }
  return [];
}
