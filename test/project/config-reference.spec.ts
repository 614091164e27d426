/**
 * The README's configuration reference against the config contract, the way terraform-docs keeps module inputs
 * honest: every row names a key the program reads, with the type of the value it yields and the default it
 * applies (or the problem it reports when a required key is missing), and every key the program reads has a row.
 */
import { expect } from "chai";
import { readFileSync } from "fs";
import * as path from "path";
import { parse } from "yaml";
import { NodeGroupSpec, planNodeGroups } from "../../components/eks-platform/plan";
import { READ_KEYS } from "../../stacks/config";
import { PROD_TAIPEI, keepPulumiConfig, load, problemLines } from "../support/config";

const ROOT = path.resolve(__dirname, "..", "..");

interface Row {
  key: string;
  type: string;
  default: string;
}

/** The rows of the README's configuration reference table. */
function referenceRows(): Row[] {
  const readme = readFileSync(path.join(ROOT, "README.md"), "utf8");
  const section = readme.slice(readme.indexOf("## Configuration reference"));
  const table = section.slice(0, section.indexOf("\n## "));
  return table
    .split("\n")
    .filter((line) => line.startsWith("| `"))
    .map((line) => line.split("|").map((cell) => cell.trim()))
    .map(([, key, type, defaultValue]) => ({
      key: key.replace(/^`|`$/g, ""),
      type,
      default: defaultValue,
    }));
}

/** Placeholders in row keys, as the fixture names them. */
function concrete(key: string): string {
  return key.replace("<tier>", "data").replace("<key>", "graviton").replace("<app>", "api");
}

/** Every optional parent present, so that each field can be left out on its own. */
const BASE: Record<string, unknown> = {
  ...PROD_TAIPEI,
  "platform:ciAccess": { repository: "kimkao/platform" },
  "platform:edge": {
    domain: "kimkao.io",
    ownsZone: true,
    weight: 70,
    applications: { api: { host: "api.kimkao.io", healthPath: "/healthz", port: 8080 } },
  },
  "platform:observability": {
    alarmEmails: ["platform-oncall@example.com"],
    tracing: {},
    grafana: {},
    kubernetes: {},
  },
  "platform:registries": { keepReleases: {} },
  "platform:cost": { monthlyLimitUsd: 2800, thresholds: {} },
  "platform:security": { guardDuty: { features: {} }, securityHub: {}, accountDefaults: {} },
  "platform:audit": { trail: {}, config: {} },
  "platform:backup": {
    dailyRetentionDays: 35,
    weeklyRetentionDays: 90,
    continuousRetentionDays: 35,
    copyToRegion: "ap-northeast-1",
    vaultLock: { changeableForDays: 7, minRetentionDays: 7, maxRetentionDays: 365 },
    restoreTesting: {},
  },
  "platform:storage": {
    archive: { objectLock: { mode: "GOVERNANCE", days: 365 } },
    assets: {},
    accessLogs: {},
  },
};

/** Where a key's typed value is in PlatformConfig. */
function valueAt(config: unknown, key: string): unknown {
  const [namespace, rest] = key.split(":");
  const parts = rest.split(".");
  if (namespace === "aws") {
    return (config as Record<string, unknown>)[parts[0]];
  }
  return parts.reduce<unknown>(
    (value, part) => (value as Record<string, unknown> | undefined)?.[part],
    config,
  );
}

function typeOf(value: unknown): string {
  if (Array.isArray(value)) {
    return "list";
  }
  if (value !== null && typeof value === "object") {
    return "map";
  }
  return typeof value;
}

/** Defaults that are not a literal, each computed from something else (the README says from what). */
const DERIVED: Readonly<Record<string, string>> = {
  "platform:kafka.maxVolumeSizeGiB": "volumeSizeGiB",
  "platform:database.writerRegion": "the primary's region",
  "platform:observability": "all defaults",
  "platform:registries": "all defaults",
  "platform:storage": "all defaults",
  "platform:observability.grafana.enabled": "the region's Managed Grafana",
  "platform:edge.applications": "the catalogue",
  "platform:edge.applications.<app>.host": "the catalogue and the domain",
  "platform:kubernetes.nodeGroups.<key>.amiType": "the instance types",
  // The planner fills a node group's defaults (planNodeGroups, tested in test/components/eks-platform).
  "platform:kubernetes.nodeGroups.<key>.capacityType": "EksPlatform's planner",
  "platform:kubernetes.nodeGroups.<key>.labels": "EksPlatform's planner",
  "platform:kubernetes.nodeGroups.<key>.taints": "EksPlatform's planner",
  "platform:kubernetes.nodeGroups.<key>.diskSizeGiB": "EksPlatform's planner",
  "platform:security": "all defaults",
  "platform:security.guardDuty.features": "the region offers",
  "platform:security.securityHub.aggregateFindings": "the stack's role",
  "platform:security.accountDefaults.s3AccountPublicAccessBlock": "the stack's role",
};

/**
 * The config without `key`, or its problems. As a dev stack: prod's rules on values (alarm addresses, two database
 * instances) would hide some defaults.
 */
async function without(key: string): Promise<{ config?: unknown; problems?: string[] }> {
  const changes = { "platform:environment": "dev", [concrete(key)]: undefined };
  try {
    return { config: await loadWith(changes) };
  } catch {
    return { problems: await problemLines(withBase(changes)) };
  }
}

function withBase(changes: Record<string, unknown>): Record<string, unknown> {
  // problemLines applies changes to PROD_TAIPEI: give it BASE's parents first, as a copy (withChanges edits the
  // nested maps it is given).
  return structuredClone({
    ...Object.fromEntries(Object.entries(BASE).filter(([k]) => !(k in PROD_TAIPEI))),
    ...overrides(),
    ...changes,
  });
}

function overrides(): Record<string, unknown> {
  return { "platform:observability": BASE["platform:observability"] };
}

async function loadWith(changes: Record<string, unknown>): Promise<unknown> {
  return load(withBase(changes));
}

describe("README configuration reference", () => {
  keepPulumiConfig();
  const rows = referenceRows();

  it("has a row for every key the program reads, and names only those", () => {
    const topLevel = Object.entries(READ_KEYS).flatMap(([namespace, names]) =>
      names.map((n) => `${namespace}:${n}`),
    );
    const documented = rows.map((row) => row.key.split(".")[0]);
    expect([...new Set(documented)].sort()).to.deep.equal([...topLevel].sort());
  });

  it("has a row for every field of every section the config yields", async () => {
    const config = (await loadWith({})) as unknown as Record<string, Record<string, unknown>>;
    const keys = rows.map((row) => row.key);
    const sections = [
      "network",
      "ciAccess",
      "kafka",
      "database",
      "observability",
      "kubernetes",
      "registries",
      "edge",
      "cost",
      "security",
      "audit",
      "backup",
      "storage",
    ];
    const undocumented = sections.flatMap((section) =>
      Object.keys(config[section] ?? {})
        .map((field) => `platform:${section}.${field}`)
        .filter((key) => !keys.some((documented) => documented === key || documented.startsWith(`${key}.`))),
    );
    expect(undocumented).to.deep.equal([]);
  });

  it("names fields the config accepts (a misspelt row would be an unknown key)", async () => {
    for (const row of rows.filter((r) => r.key.includes(".") && !r.key.includes("` /"))) {
      const key = concrete(row.key);
      // No value is a list holding a map for a field of any type, so every known field reports a problem at its path.
      const lines = await problemLines(withBase({ [key]: [{ readmeDriftCheck: true }] }));
      expect(
        lines.filter(
          (line) => line.startsWith(`${key}: unknown key`) || line.startsWith(`${key}: is not a key`),
        ),
        row.key,
      ).to.deep.equal([]);
      expect(
        lines.some((line) => [":", ".", "["].some((next) => line.startsWith(`${key}${next}`))),
        `${row.key}: ${lines.join(" | ")}`,
      ).to.equal(true);
    }
  });

  it("gives each key's default: the literal it documents, absent, derived, or a missing-key problem", async () => {
    const derived: string[] = [];
    for (const row of rows.filter((r) => !r.key.includes("` /"))) {
      const result = await without(row.key);
      const literal = /^`([^`]*)`(?: \(.*\))?$/.exec(row.default);
      if (row.default.startsWith("— (required)")) {
        expect(result.problems, row.key).to.not.equal(undefined);
        expect(
          result.problems!.some((line) => line.startsWith(`${concrete(row.key)}: missing`)),
          `${row.key}: ${result.problems!.join(" | ")}`,
        ).to.equal(true);
      } else if (row.default === "—" || row.default.startsWith("absent")) {
        // Optional: nothing is wrong with the key itself (a rule between keys may still want it, as egress does).
        const own = (result.problems ?? []).filter((line) => line.startsWith(`${concrete(row.key)}`));
        expect(own, row.key).to.deep.equal([]);
        if (result.config !== undefined) {
          expect(valueAt(result.config, concrete(row.key)), row.key).to.equal(undefined);
        }
      } else if (literal !== null && !(row.key in DERIVED)) {
        expect(result.problems, `${row.key}: ${String(result.problems)}`).to.equal(undefined);
        // A string's literal is the text itself (`10.4`, `"1.35"`); other literals are YAML, as in a stack file.
        const expected = row.type.startsWith("string")
          ? literal[1].replace(/^"(.*)"$/, "$1")
          : parse(literal[1]);
        expect(valueAt(result.config, concrete(row.key)), row.key).to.deep.equal(expected);
      } else {
        derived.push(row.key);
      }
    }
    expect(derived.sort()).to.deep.equal(Object.keys(DERIVED).sort());
  });

  it("gives a node group's defaults as EksPlatform's planner applies them", async () => {
    const config = (await loadWith({})) as { kubernetes: { nodeGroups: Record<string, NodeGroupSpec> } };
    const [planned] = planNodeGroups(config.kubernetes.nodeGroups);
    const documented = (field: string) => {
      const row = rows.find((r) => r.key === `platform:kubernetes.nodeGroups.<key>.${field}`)!;
      return parse(/^`([^`]*)`/.exec(row.default)![1]);
    };
    for (const field of ["capacityType", "labels", "taints", "diskSizeGiB"] as const) {
      expect(planned[field], field).to.deep.equal(documented(field));
    }
  });

  it("gives each key the type it documents", async () => {
    const config = await loadWith({});
    for (const row of rows.filter((r) => !r.key.includes("` /"))) {
      const value = valueAt(config, concrete(row.key));
      if (value === undefined) {
        continue;
      }
      const documented = row.type.split(/[ (]/)[0];
      expect(typeOf(value), `${row.key}: documented ${row.type}`).to.equal(documented);
    }
  });
});
