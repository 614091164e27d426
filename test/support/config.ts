/**
 * Config values in the shape `pulumi.runtime.setAllConfig` takes, as the Pulumi CLI passes them to a program:
 * scalars as strings, structured values (maps, lists) as JSON text.
 */
import * as pulumi from "@pulumi/pulumi";
import { expect } from "chai";
import { readFileSync } from "fs";
import * as path from "path";
import { parse } from "yaml";
import {
  ConfigDependencies,
  ConfigError,
  PlatformConfig,
  PrimaryFacts,
  loadPlatformConfig,
} from "../../stacks/config";
import type { Section, SectionContext } from "../../stacks/config-sections/section";

const ROOT = path.resolve(__dirname, "..", "..");

/** `{"platform:network": {...}}` → `{"platform:network": "{...}"}`; keys whose value is undefined are left out. */
export function configMap(values: Readonly<Record<string, unknown>>): Record<string, string> {
  const map: Record<string, string> = {};
  for (const [key, value] of Object.entries(values)) {
    if (value === undefined) {
      continue;
    }
    map[key] = typeof value === "object" && value !== null ? JSON.stringify(value) : String(value);
  }
  return map;
}

/** The parsed `config:` section of `Pulumi.<stack>.yaml`. */
export function stackFileValues(stack: string): Record<string, unknown> {
  const file = path.join(ROOT, `Pulumi.${stack}.yaml`);
  const document = parse(readFileSync(file, "utf8")) as { config?: Record<string, unknown> } | null;
  return document?.config ?? {};
}

/** The `config:` section of `Pulumi.<stack>.yaml` in the `setAllConfig` shape. */
export function stackFileConfig(stack: string): Record<string, string> {
  return configMap(stackFileValues(stack));
}

/** A config section on one value: the typed value it gives (`config`) and every problem, as `path: message` lines. */
export function checkSection<T>(
  section: Section<T>,
  raw: unknown,
  context: SectionContext,
): { config: T | undefined; problems: string[] } {
  const { value, problems } = section(raw, context);
  return { config: value, problems: problems.map((p) => `${p.path}: ${p.message}`) };
}

// ---------------------------------------------------------------------------------------------------------------
// The whole config door (loadPlatformConfig) on a prod-taipei-like stack, one change at a time

/** A valid prod-taipei-like configuration; every test changes one thing. */
export const PROD_TAIPEI: Readonly<Record<string, unknown>> = {
  "aws:region": "ap-east-2",
  "platform:accountId": "123456789012",
  "platform:environment": "prod",
  "platform:role": "primary",
  "platform:tags": { Owner: "platform-team", CostCenter: "CC-1001" },
  "platform:network": {
    cidr: "10.0.0.0/16",
    availabilityZones: ["ap-east-2a", "ap-east-2b", "ap-east-2c"],
    tiers: {
      data: {
        prefixLength: 24,
        cidrs: { "ap-east-2a": "10.0.1.0/24", "ap-east-2b": "10.0.2.0/24", "ap-east-2c": "10.0.3.0/24" },
      },
      workload: {
        prefixLength: 19,
        cidrs: { "ap-east-2a": "10.0.32.0/19", "ap-east-2b": "10.0.64.0/19", "ap-east-2c": "10.0.96.0/19" },
      },
      edge: {
        prefixLength: 26,
        cidrs: { "ap-east-2a": "10.0.0.0/26", "ap-east-2b": "10.0.0.64/26", "ap-east-2c": "10.0.0.128/26" },
      },
    },
    egress: "nat-per-az",
    interfaceEndpoints: ["ecr.api", "ecr.dkr", "sts", "logs", "ec2", "elasticloadbalancing", "eks"],
    flowLogRetentionDays: 365,
    workloadCapacity: { nodes: 60, podsPerNode: 110 },
  },
  "platform:kafka": {
    brokerInstanceType: "kafka.m7g.large",
    volumeSizeGiB: 500,
    maxVolumeSizeGiB: 4000,
    replicationSource: true,
  },
  "platform:database": {
    engineVersion: "17.5",
    minCapacity: 2,
    maxCapacity: 64,
    instanceCount: 2,
    backupRetentionDays: 35,
  },
  "platform:observability": { alarmEmails: ["platform-oncall@example.com"] },
  "platform:kubernetes": {
    version: "1.35",
    clusterAdmins: ["role/platform-admin"],
    nodeGroups: { graviton: { instanceTypes: ["m7g.xlarge"], minSize: 3, desiredSize: 3, maxSize: 12 } },
  },
};

export const PRIMARY = "kimkao/platform/prod-taipei";
export const AS_SECONDARY = { "platform:role": "secondary", "platform:primaryStack": PRIMARY };

/**
 * PROD_TAIPEI with changes keyed by dotted path (`platform:network.tiers.data.prefixLength`); `undefined` removes
 * the key.
 */
export function withChanges(changes: Readonly<Record<string, unknown>> = {}): Record<string, unknown> {
  const values = structuredClone(PROD_TAIPEI) as Record<string, unknown>;
  for (const [path, value] of Object.entries(changes)) {
    const parts = path.split(".");
    let target = values;
    for (const part of parts.slice(0, -1)) {
      target = target[part] as Record<string, unknown>;
    }
    const last = parts[parts.length - 1];
    if (value === undefined) {
      delete target[last];
    } else {
      target[last] = value;
    }
  }
  return values;
}

export async function load(
  changes: Readonly<Record<string, unknown>> = {},
  deps?: ConfigDependencies,
): Promise<PlatformConfig> {
  pulumi.runtime.setAllConfig(configMap(withChanges(changes)));
  return loadPlatformConfig(deps);
}

/** The problem lines (`<key>.<path>: message`) of the one ConfigError that loading throws. */
export async function problemLines(
  changes: Readonly<Record<string, unknown>>,
  deps?: ConfigDependencies,
): Promise<string[]> {
  let error: unknown;
  try {
    await load(changes, deps);
  } catch (caught) {
    error = caught;
  }
  expect(error).to.be.instanceOf(ConfigError);
  const configError = error as ConfigError;
  expect(configError.name).to.equal("ConfigError");
  const [subject, ...lines] = configError.message.split("\n");
  expect(subject).to.equal(`Invalid configuration for stack ${pulumi.getStack()}:`);
  expect(lines).to.have.length(configError.problems.length);
  for (const line of lines) {
    expect(line.startsWith("  - "), line).to.equal(true);
  }
  return lines.map((line) => line.slice("  - ".length));
}

/**
 * The facts of a primary a PROD_TAIPEI-like secondary agrees with (another region; same account, environment and
 * engine version; a replication source), with `vpcCidr` and any `overrides`.
 */
export function primaryFacts(vpcCidr: string, overrides: Partial<PrimaryFacts> = {}): PrimaryFacts {
  return {
    region: "ap-northeast-1",
    environment: "prod",
    accountId: "123456789012",
    vpcCidr,
    privateRouteTableIds: { data: { "ap-northeast-1a": "rtb-1" }, workload: { "ap-northeast-1a": "rtb-2" } },
    databaseEngineVersion: "17.5",
    kafkaReplicationSource: true,
    monitoredResources: {},
    ...overrides,
  };
}

/** The zone prod-taipei owns, as a secondary with `platform:edge` reads it. */
export const PRIMARY_EDGE_ZONE = { zoneId: "Z0PRIMARYZONE", domain: "kimkao.io" } as const;

/**
 * A `primary` reader that answers `primaryFacts(vpcCidr, overrides)` and records its calls; asked for the edge, it
 * answers PRIMARY_EDGE_ZONE unless `overrides` sets `edge` (to undefined: the primary exports none).
 */
export function primaryReturning(
  vpcCidr: string,
  overrides: Partial<PrimaryFacts> = {},
): ConfigDependencies & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    primary: async (primaryStack, wanted) => {
      calls.push(primaryStack);
      return primaryFacts(vpcCidr, {
        ...(wanted?.edge === true ? { edge: PRIMARY_EDGE_ZONE } : {}),
        ...overrides,
      });
    },
  };
}

/** Keeps the Pulumi config of the test run around the specs of the calling `describe`, which set their own. */
export function keepPulumiConfig(): void {
  let savedConfig: Record<string, string>;
  before(() => {
    savedConfig = pulumi.runtime.allConfig();
    // The stack files name their primary in this project: run as it, also when no other spec set mocks before.
    if (pulumi.getProject() !== "platform") {
      pulumi.runtime.setMocks(
        { newResource: (args) => ({ id: args.name, state: args.inputs }), call: (args) => args.inputs },
        "platform",
        "stack",
      );
    }
  });
  after(() => {
    pulumi.runtime.setAllConfig(savedConfig);
  });
}
