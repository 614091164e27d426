import { expect } from "chai";
import { validatePlatformConfig } from "../../stacks/config";
import { EDGE_DEFAULTS, EdgeConfig, checkEdge } from "../../stacks/config-sections/edge";
import type { SectionContext } from "../../stacks/config-sections/section";
import { checkSection, configMap, stackFileValues } from "../support/config";

const TAIPEI: SectionContext = {
  stack: "prod-taipei",
  environment: "prod",
  region: "ap-east-2",
  role: "primary",
  edgeZoneCount: 3,
};
const TOKYO: SectionContext = { ...TAIPEI, stack: "prod-tokyo", region: "ap-northeast-1", role: "secondary" };

/** `checkEdge` on one value: what it returns and every problem, as `path: message` lines. */
function check(
  raw: unknown,
  context: SectionContext = TAIPEI,
): { config: EdgeConfig | undefined; problems: string[] } {
  return checkSection(checkEdge, raw, context);
}

const KNOWN_KEYS = "domain, ownsZone, weight, applications, wafRateLimit, logRetentionDays";
const CATALOGUE = (domain: string) => ({
  api: { host: `api.${domain}`, healthPath: "/healthz", port: 8080 },
  shop: { host: `shop.${domain}`, healthPath: "/healthz", port: 8080 },
  cmc: { host: `cmc.${domain}`, healthPath: "/healthz", port: 8080 },
});
const OWNER_FIX =
  "a primary reads no other stack, so it owns the zone of its domain (dev its own, e.g. dev.kimkao.io): set ownsZone: true in Pulumi.prod-taipei.yaml";

describe("config: platform:edge", () => {
  it("is optional: absent means the stack has no edge", () => {
    expect(check(undefined)).to.deep.equal({ config: undefined, problems: [] });
  });

  it("serves the catalogue's applications below the domain, with the component's defaults", () => {
    expect(check({ domain: "kimkao.io", ownsZone: true, weight: 70 })).to.deep.equal({
      config: {
        domain: "kimkao.io",
        ownsZone: true,
        weight: 70,
        applications: CATALOGUE("kimkao.io"),
        wafRateLimit: 2000,
        logRetentionDays: 365,
      },
      problems: [],
    });
    expect(EDGE_DEFAULTS).to.deep.equal({ logRetentionDays: 365, wafRateLimit: 2000 });
  });

  it("reads JSON text, keeps explicit values and zeros, and overrides only what an application sets", () => {
    const raw = JSON.stringify({
      domain: "dev.kimkao.io",
      ownsZone: true,
      weight: 0,
      applications: { api: { healthPath: "/health", port: 9000 }, cmc: { host: "dev.kimkao.io" } },
      wafRateLimit: 10,
      logRetentionDays: 30,
    });
    expect(check(raw).config).to.deep.equal({
      domain: "dev.kimkao.io",
      ownsZone: true,
      weight: 0,
      applications: {
        ...CATALOGUE("dev.kimkao.io"),
        api: { host: "api.dev.kimkao.io", healthPath: "/health", port: 9000 },
        cmc: { host: "dev.kimkao.io", healthPath: "/healthz", port: 8080 },
      },
      wafRateLimit: 10,
      logRetentionDays: 30,
    });
  });

  it("reports shapes with our messages: not a map, unknown keys, wrong types, each field once", () => {
    expect(check([]).problems).to.deep.equal([
      "platform:edge: is a list, not a map; set the edge, e.g. {domain: kimkao.io, ownsZone: true, weight: 70}",
    ]);
    expect(
      check({
        domain: 7,
        ownsZone: "yes",
        weight: "70",
        applications: [],
        wafRateLimit: "x",
        logRetentionDays: null,
        dns: 1,
      }).problems,
    ).to.deep.equal([
      "platform:edge.domain: is the number 7, not a string; set the domain the applications' hosts are below, e.g. kimkao.io",
      'platform:edge.ownsZone: is the string "yes", not a boolean; set whether this stack owns the domain\'s public zone, e.g. true',
      'platform:edge.weight: is the string "70", not a number; set this region\'s routing weight, 0 (drained) to 255, e.g. 70',
      "platform:edge.applications: is a list, not a map; set what differs from the catalogue's defaults, by application, e.g. {api: {healthPath: /health}}",
      'platform:edge.wafRateLimit: is the string "x", not a number; set the requests per client IP per 5 minutes before WAF blocks it (10 to 2000000000), e.g. 2000',
      "platform:edge.logRetentionDays: is null, not a number; set a CloudWatch Logs retention in days, e.g. 365",
      `platform:edge.dns: unknown key; fix its spelling or remove it (the known keys are ${KNOWN_KEYS})`,
    ]);
    expect(check({ domain: "kimkao.io" }).problems).to.deep.equal([
      "platform:edge.weight: missing; set this region's routing weight, 0 (drained) to 255, e.g. 70",
      `platform:edge.ownsZone: missing; ${OWNER_FIX}`,
    ]);
  });

  it("applies RegionalEdge's rules to the domain, weight, rate limit and retention", () => {
    expect(
      check({ domain: "Kimkao.io", ownsZone: true, weight: 256, wafRateLimit: 5, logRetentionDays: 100 })
        .problems,
    ).to.deep.equal([
      'platform:edge.domain: "Kimkao.io" is not a domain name; use two or more dot-separated labels of 1 to 63 lowercase letters, digits and inner hyphens, at most 253 characters, without a trailing dot (e.g. kimkao.io)',
      "platform:edge.weight: 256 is not a Route 53 weight; use a whole number from 0 (drains this region) to 255",
      "platform:edge.logRetentionDays: 100 is not a CloudWatch Logs retention; use one of 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653 (e.g. 120)",
      "platform:edge.wafRateLimit: 5 is below WAF's minimum rate limit of 10 requests per 5 minutes; use a whole number from 10 (e.g. 2000)",
    ]);
    const long = `${"a".repeat(62)}.io`;
    expect(check({ domain: long, ownsZone: true, weight: 1 }).problems).to.deep.equal([
      `platform:edge.domain: ${long} has 65 characters; ACM takes at most 64 for a certificate's first name, so use a shorter domain`,
    ]);
  });

  it("applies RegionalEdge's rules to the applications: hosts in the certificate, paths from the root, TCP ports", () => {
    expect(
      check({
        domain: "kimkao.io",
        ownsZone: true,
        weight: 70,
        applications: {
          api: { host: "api.example.com", healthPath: "healthz", port: 0 },
          shop: { host: "a.b.kimkao.io" },
          cmc: { host: "shop.kimkao.io" },
        },
      }).problems,
    ).to.deep.equal([
      "platform:edge.applications.api.host: api.example.com is outside kimkao.io; use kimkao.io or a name one label below it (e.g. api.kimkao.io)",
      'platform:edge.applications.api.healthPath: "healthz" does not start with /; write the path from the root (e.g. /healthz)',
      "platform:edge.applications.api.port: 0 is not a TCP port; use a whole number from 1 to 65535 (the port the application's pods listen on)",
      "platform:edge.applications.shop.host: a.b.kimkao.io is more than one label below kimkao.io, which the certificate's *.kimkao.io does not cover; use a name one label below it (e.g. shop.kimkao.io)",
    ]);
    // With a broken domain, the catalogue's hosts below it are not reported again.
    expect(
      check({ domain: "kimkao", ownsZone: true, weight: 70, applications: { api: { port: 70000 } } })
        .problems,
    ).to.deep.equal([
      'platform:edge.domain: "kimkao" is not a domain name; use two or more dot-separated labels of 1 to 63 lowercase letters, digits and inner hyphens, at most 253 characters, without a trailing dot (e.g. kimkao.io)',
      "platform:edge.applications.api.port: 70000 is not a TCP port; use a whole number from 1 to 65535 (the port the application's pods listen on)",
    ]);
  });

  it("takes settings only for the catalogue's served applications, whatever their shape", () => {
    expect(
      check({
        domain: "kimkao.io",
        ownsZone: true,
        weight: 70,
        applications: { api: { port: "80" }, web: { hosts: "x" } },
      }).problems,
    ).to.deep.equal([
      'platform:edge.applications.api.port: is the string "80", not a number; set the port the application\'s pods serve HTTP on, e.g. 8080',
      "platform:edge.applications.web.hosts: unknown key; fix its spelling or remove it (the known keys are host, healthPath, port)",
      "platform:edge.applications.web: web is not an application the catalogue serves at the edge (api, shop, cmc); fix its name, or add it with its edge entry to APPLICATIONS in stacks/catalogue.ts",
    ]);
  });

  it("lets a primary own the zone and never a secondary, which writes into its primary's", () => {
    expect(check({ domain: "kimkao.io", weight: 30 }, TOKYO).config?.ownsZone).to.equal(false);
    expect(check({ domain: "kimkao.io", ownsZone: false, weight: 30 }, TOKYO).problems).to.deep.equal([]);
    expect(check({ domain: "kimkao.io", ownsZone: true, weight: 30 }, TOKYO).problems).to.deep.equal([
      "platform:edge.ownsZone: is true on a secondary; the primary owns the zone and a secondary writes its records into it through the stack reference: remove ownsZone from Pulumi.prod-tokyo.yaml",
    ]);
    expect(check({ domain: "kimkao.io", ownsZone: false, weight: 70 }).problems).to.deep.equal([
      `platform:edge.ownsZone: is false; ${OWNER_FIX}`,
    ]);
  });

  it("needs edge subnets in two zones or more (checked on a valid network)", () => {
    const edge = { domain: "kimkao.io", ownsZone: true, weight: 70 };
    const fix =
      "an internet-facing load balancer needs edge subnets in two zones or more: add platform:network.tiers.edge (e.g. prefixLength 26) with two availability zones or more, or remove platform:edge";
    expect(check(edge, { ...TAIPEI, edgeZoneCount: 0 }).problems).to.deep.equal([
      `platform:edge: the network has no edge tier; ${fix}`,
    ]);
    expect(check(edge, { ...TAIPEI, edgeZoneCount: 1 }).problems).to.deep.equal([
      `platform:edge: the network's edge tier has 1 zone; ${fix}`,
    ]);
    expect(check(edge, { ...TAIPEI, edgeZoneCount: undefined }).problems).to.deep.equal([]);
  });

  describe("in the stack files", () => {
    it("serves kimkao.io 70/30 from prod (Taipei owns the zone) and dev.kimkao.io from dev's own zone", async () => {
      const edges: Record<string, unknown> = {};
      for (const stack of ["dev", "prod-taipei", "prod-tokyo"]) {
        const { config, problems } = await validatePlatformConfig({
          project: "platform",
          stack,
          ...rawOf(stack),
        });
        expect(problems, stack).to.deep.equal([]);
        const edge = config?.edge;
        edges[stack] = edge && [edge.domain, edge.ownsZone, edge.weight, edge.applications.api.host];
      }
      expect(edges).to.deep.equal({
        dev: ["dev.kimkao.io", true, 100, "api.dev.kimkao.io"],
        "prod-taipei": ["kimkao.io", true, 70, "api.kimkao.io"],
        "prod-tokyo": ["kimkao.io", false, 30, "api.kimkao.io"],
      });
    });

    it("fails the whole config when the network has no edge tier", async () => {
      const raw = rawOf("dev");
      const network = raw.network as {
        tiers: Record<string, unknown>;
        egress: string;
        interfaceEndpoints?: unknown;
      };
      delete network.tiers.edge;
      // Without edge subnets there is no NAT: the VPC reaches AWS through its default interface endpoints.
      network.egress = "none";
      delete network.interfaceEndpoints;
      const { config, problems } = await validatePlatformConfig({
        project: "platform",
        stack: "dev",
        ...raw,
      });
      expect(config).to.equal(undefined);
      expect(problems.map((p) => p.path)).to.deep.equal(["platform:edge"]);
    });
  });
});

/** The raw config of a stack file, in the shape `validatePlatformConfig` reads (what `loadPlatformConfig` builds). */
function rawOf(stack: string): Record<string, unknown> {
  const values = configMap(stackFileValues(stack));
  const raw: Record<string, unknown> = { region: values["aws:region"] };
  for (const [key, value] of Object.entries(values)) {
    if (key.startsWith("platform:")) {
      // Structured values parsed, so that a test can change them.
      raw[key.slice("platform:".length)] = value.startsWith("{") ? (JSON.parse(value) as unknown) : value;
    }
  }
  return raw;
}
