/**
 * `npm run db:switchover -- --stack <stack> --to <region> [--allow-data-loss]`: moves the writer of the stack's
 * Aurora global database to the cluster in `<region>`, waits until AWS reports the new topology, and prints what to
 * change in config so the next `pulumi up` agrees with it (docs/runbooks/database-failover.md).
 *
 * A switchover (SwitchoverGlobalCluster) loses nothing: AWS waits until the target has every committed write. A
 * failover (FailoverGlobalCluster with AllowDataLoss) promotes the target at once and loses what had not replicated
 * yet; it is only for a primary region that is down, and only with `--allow-data-loss` spelled out.
 *
 * Everything AWS-facing goes through an injected client with the SDK's `send`, so tests run it offline.
 */
import { existsSync, readdirSync, readFileSync } from "fs";
import * as path from "path";
import {
  DescribeGlobalClustersCommand,
  FailoverGlobalClusterCommand,
  type GlobalCluster,
  SwitchoverGlobalClusterCommand,
} from "@aws-sdk/client-rds";
import { parse } from "yaml";
import { globalClusterIdentifier } from "../../components/global-aurora/plan";
import { DATABASE_COMPONENT_NAME } from "../../stacks/naming";

/** The part of `RDSClient` the tool uses: tests pass a fake that records the commands. */
export interface RdsSender {
  send(command: DescribeGlobalClustersCommand): Promise<{ GlobalClusters?: GlobalCluster[] }>;
  send(command: SwitchoverGlobalClusterCommand | FailoverGlobalClusterCommand): Promise<unknown>;
}

export interface SwitchoverOptions {
  /** Short stack name (`prod-tokyo`) of any stack of the global database. */
  readonly stack: string;
  /** Region whose cluster becomes the writer. */
  readonly to: string;
  /** Failover with possible data loss instead of a switchover. */
  readonly allowDataLoss: boolean;
  /** Print what would happen and stop. */
  readonly dryRun: boolean;
  /** Give up waiting after this long (the operation itself continues in AWS). */
  readonly timeoutSeconds: number;
  /** Time between two DescribeGlobalClusters calls. */
  readonly pollSeconds: number;
  /** Directory of Pulumi.yaml and the stack files. */
  readonly projectDir: string;
}

export interface SwitchoverDependencies {
  /** Builds the RDS client for a region (the target's: it answers even when the writer's region is down). */
  readonly rds: (region: string) => RdsSender;
  readonly log: (line: string) => void;
  readonly sleep: (ms: number) => Promise<void>;
  readonly now: () => number;
}

/** A usage or precondition problem: printed without a stack trace, exit code 2. */
export class UsageError extends Error {
  name = "UsageError";
}

const USAGE =
  "usage: npm run db:switchover -- --stack <stack> --to <region> [--allow-data-loss] [--dry-run] " +
  "[--timeout-minutes <n>] [--poll-seconds <n>]";

/** Parses the command line (after `--`). Throws a UsageError naming the problem and the usage. */
export function parseArgs(argv: readonly string[], projectDir: string): SwitchoverOptions {
  const values: Record<string, string> = {};
  const flags = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--allow-data-loss" || arg === "--dry-run") {
      flags.add(arg);
    } else if (["--stack", "--to", "--timeout-minutes", "--poll-seconds"].includes(arg)) {
      const value = argv[i + 1];
      if (value === undefined || value.startsWith("--")) {
        throw new UsageError(`${arg} needs a value\n${USAGE}`);
      }
      values[arg] = value;
      i++;
    } else {
      throw new UsageError(`unknown argument ${JSON.stringify(arg)}\n${USAGE}`);
    }
  }
  const stack = values["--stack"];
  const to = values["--to"];
  if (stack === undefined || to === undefined) {
    throw new UsageError(`--stack and --to are required\n${USAGE}`);
  }
  const positive = (key: string, fallback: number): number => {
    const raw = values[key];
    if (raw === undefined) {
      return fallback;
    }
    const value = Number(raw);
    if (!Number.isFinite(value) || value <= 0) {
      throw new UsageError(`${key} must be a positive number, not ${JSON.stringify(raw)}\n${USAGE}`);
    }
    return value;
  };
  return {
    stack,
    to,
    allowDataLoss: flags.has("--allow-data-loss"),
    dryRun: flags.has("--dry-run"),
    timeoutSeconds: positive("--timeout-minutes", 30) * 60,
    pollSeconds: positive("--poll-seconds", 15),
    projectDir,
  };
}

/** One stack of the global database, as its stack file describes it. */
export interface DatabaseStack {
  /** Short name (`prod-taipei`). */
  readonly stack: string;
  readonly region: string;
  readonly role: string;
  readonly environment: string;
  /** `platform:database.writerRegion` as configured (absent: the primary's region). */
  readonly writerRegion?: string;
}

/** The stacks of one global database: the primary and every secondary that names it. */
export interface DatabaseTopology {
  readonly globalClusterIdentifier: string;
  readonly primary: DatabaseStack;
  readonly stacks: readonly DatabaseStack[];
}

interface StackFile {
  readonly stack: string;
  readonly config: Record<string, unknown>;
}

function readStackFiles(projectDir: string): StackFile[] {
  return readdirSync(projectDir)
    .filter((file) => /^Pulumi\.[^.]+\.yaml$/.test(file))
    .sort()
    .map((file) => {
      const document = parse(readFileSync(path.join(projectDir, file), "utf8")) as {
        config?: Record<string, unknown>;
      } | null;
      return { stack: file.slice("Pulumi.".length, -".yaml".length), config: document?.config ?? {} };
    });
}

function describeStack(file: StackFile): DatabaseStack {
  const c = file.config;
  const database = c["platform:database"];
  const writerRegion =
    typeof database === "object" && database !== null
      ? (database as Record<string, unknown>)["writerRegion"]
      : undefined;
  return {
    stack: file.stack,
    region: String(c["aws:region"] ?? ""),
    role: String(c["platform:role"] ?? ""),
    environment: String(c["platform:environment"] ?? ""),
    ...(typeof writerRegion === "string" ? { writerRegion } : {}),
  };
}

/** The global database `stack` belongs to, from the stack files: its primary and the primary's secondaries. */
export function readTopology(projectDir: string, stack: string): DatabaseTopology {
  if (!existsSync(path.join(projectDir, `Pulumi.${stack}.yaml`))) {
    throw new UsageError(`no stack file Pulumi.${stack}.yaml in ${projectDir}; pass a stack of this project`);
  }
  const files = readStackFiles(projectDir);
  const own = files.find((f) => f.stack === stack)!;
  const primaryName =
    own.config["platform:role"] === "secondary"
      ? String(own.config["platform:primaryStack"] ?? "")
          .split("/")
          .pop()
      : stack;
  const primaryFile = files.find((f) => f.stack === primaryName);
  if (primaryFile === undefined) {
    throw new UsageError(
      `stack ${stack} names the primary ${String(own.config["platform:primaryStack"])}, which has no stack file here`,
    );
  }
  const secondaries = files.filter(
    (f) =>
      f.config["platform:role"] === "secondary" &&
      String(f.config["platform:primaryStack"] ?? "")
        .split("/")
        .pop() === primaryFile.stack,
  );
  const primary = describeStack(primaryFile);
  return {
    globalClusterIdentifier: globalClusterIdentifier(
      DATABASE_COMPONENT_NAME,
      primary.environment.replace(/_/g, "-"),
    ),
    primary,
    stacks: [primary, ...secondaries.map(describeStack)],
  };
}

/** The region of an RDS ARN (`arn:aws:rds:<region>:<account>:cluster:<id>`). */
export function regionOfArn(arn: string): string {
  return arn.split(":")[3] ?? "";
}

function clusterIdOfArn(arn: string): string {
  return arn.split(":").pop() ?? arn;
}

/** What one DescribeGlobalClusters answer says, for decisions and progress lines. */
interface GlobalView {
  readonly status: string;
  readonly writerArn?: string;
  readonly members: readonly { arn: string; region: string; writer: boolean; sync?: string }[];
  readonly operation?: string;
}

function viewOf(global: GlobalCluster): GlobalView {
  const members = (global.GlobalClusterMembers ?? []).flatMap((m) =>
    m.DBClusterArn === undefined
      ? []
      : [
          {
            arn: m.DBClusterArn,
            region: regionOfArn(m.DBClusterArn),
            writer: m.IsWriter === true,
            ...(m.SynchronizationStatus !== undefined ? { sync: m.SynchronizationStatus } : {}),
          },
        ],
  );
  const failover = global.FailoverState;
  const operation =
    failover?.Status !== undefined
      ? `${failover.Status} ${failover.IsDataLossAllowed === true ? "(failover, data loss allowed)" : "(switchover)"} ` +
        `from ${regionOfArn(failover.FromDbClusterArn ?? "")} to ${regionOfArn(failover.ToDbClusterArn ?? "")}`
      : undefined;
  const writer = members.find((m) => m.writer);
  return {
    status: global.Status ?? "unknown",
    ...(writer !== undefined ? { writerArn: writer.arn } : {}),
    members,
    ...(operation !== undefined ? { operation } : {}),
  };
}

function progressLine(view: GlobalView): string {
  const writer = view.writerArn === undefined ? "none" : regionOfArn(view.writerArn);
  const members = view.members
    .map((m) => `${m.region}${m.writer ? " (writer)" : ""}${m.sync !== undefined ? ` ${m.sync}` : ""}`)
    .join(", ");
  return `status ${view.status}; writer ${writer}; ${view.operation ?? "no operation in progress"}; members: ${members}`;
}

async function describe(rds: RdsSender, id: string): Promise<GlobalCluster> {
  const answer = await rds.send(new DescribeGlobalClustersCommand({ GlobalClusterIdentifier: id }));
  const global = answer.GlobalClusters?.[0];
  if (global === undefined) {
    throw new UsageError(
      `AWS knows no global cluster ${id}; check the stack and the account of your credentials`,
    );
  }
  return global;
}

/** What to change and run after the writer moved to `to`, for every stack of the global database. */
export function followUp(topology: DatabaseTopology, to: string, dataLoss: boolean): string[] {
  const lines = [
    `Make the stacks agree with the new topology (writer: ${to}):`,
    "  1. Record the writer region in every stack of the global database:",
    ...topology.stacks.map(
      (s) => `       pulumi config set --path 'platform:database.writerRegion' ${to} --stack ${s.stack}`,
    ),
    "  2. Read the new replication links into state (the clusters ignore them, so nothing is changed):",
    ...topology.stacks.map((s) => `       pulumi refresh --yes --stack ${s.stack}`),
    "  3. Preview every stack: no aws:rds resource may be replaced or deleted, and no cluster updated:",
    ...topology.stacks.map((s) => `       pulumi preview --diff --stack ${s.stack}`),
    `  Leave platform:role and platform:primaryStack as they are: ${topology.primary.stack} still owns the global ` +
      "cluster. Roles say which stack owns it, not which region writes; flipping them would replace clusters.",
  ];
  if (dataLoss) {
    lines.push(
      "  After a failover, check that the old writer rejoined as a secondary:",
      `       aws rds describe-global-clusters --global-cluster-identifier ${topology.globalClusterIdentifier} --region ${to}`,
      '  If it is not a member any more, follow "Rejoining a detached cluster" in docs/runbooks/database-failover.md.',
    );
  }
  return lines;
}

/**
 * Runs the switchover (or failover) and waits for it. Returns the process exit code: 0 done (or nothing to do),
 * 1 AWS refused or the wait timed out. Throws UsageError for arguments and preconditions.
 */
export async function runSwitchover(
  options: SwitchoverOptions,
  deps: SwitchoverDependencies,
): Promise<number> {
  const topology = readTopology(options.projectDir, options.stack);
  const id = topology.globalClusterIdentifier;
  const regions = topology.stacks.map((s) => s.region);
  if (!regions.includes(options.to)) {
    throw new UsageError(
      `${options.to} is not a region of the global database ${id}; its stacks are in ${regions.join(", ")}`,
    );
  }
  const rds = deps.rds(options.to);
  const before = viewOf(await describe(rds, id));
  deps.log(`global database ${id}: ${progressLine(before)}`);
  if (before.operation !== undefined) {
    throw new UsageError(`an operation is already in progress (${before.operation}); wait for it to finish`);
  }
  const target = before.members.find((m) => m.region === options.to);
  if (target === undefined) {
    const members = before.members.length > 0 ? before.members.map((m) => m.region).join(", ") : "none";
    throw new UsageError(
      `the global database ${id} has no cluster in ${options.to} (members: ${members}); ` +
        `run pulumi up on the stack of ${options.to} first`,
    );
  }
  if (target.writer) {
    deps.log(`${options.to} (${clusterIdOfArn(target.arn)}) is already the writer; nothing to switch.`);
    for (const line of followUp(topology, options.to, false)) {
      deps.log(line);
    }
    return 0;
  }
  const kind = options.allowDataLoss
    ? "failover (writes not yet replicated are LOST)"
    : "switchover (no data loss)";
  deps.log(
    `${options.dryRun ? "would start" : "starting"} ${kind} of ${id} to ${clusterIdOfArn(target.arn)}`,
  );
  if (options.dryRun) {
    return 0;
  }

  try {
    await rds.send(
      options.allowDataLoss
        ? new FailoverGlobalClusterCommand({
            GlobalClusterIdentifier: id,
            TargetDbClusterIdentifier: target.arn,
            AllowDataLoss: true,
          })
        : new SwitchoverGlobalClusterCommand({
            GlobalClusterIdentifier: id,
            TargetDbClusterIdentifier: target.arn,
          }),
    );
  } catch (err) {
    deps.log(
      `AWS refused the ${options.allowDataLoss ? "failover" : "switchover"}: ${(err as Error).message}`,
    );
    if (!options.allowDataLoss) {
      deps.log(
        "If the writer's region is down, a switchover cannot complete; see docs/runbooks/database-failover.md " +
          "before considering --allow-data-loss.",
      );
    }
    return 1;
  }

  const started = deps.now();
  let last = "";
  for (;;) {
    await deps.sleep(options.pollSeconds * 1000);
    const view = viewOf(await describe(rds, id));
    const elapsed = Math.round((deps.now() - started) / 1000);
    const line = progressLine(view);
    if (line !== last) {
      deps.log(
        `[${String(Math.floor(elapsed / 60)).padStart(2, "0")}:${String(elapsed % 60).padStart(2, "0")}] ${line}`,
      );
      last = line;
    }
    const done = view.operation === undefined && view.status === "available" && view.writerArn === target.arn;
    if (done) {
      deps.log(`Done: ${options.to} (${clusterIdOfArn(target.arn)}) is the writer of ${id}.`);
      for (const followUpLine of followUp(topology, options.to, options.allowDataLoss)) {
        deps.log(followUpLine);
      }
      return 0;
    }
    if (deps.now() - started >= options.timeoutSeconds * 1000) {
      deps.log(
        `Stopped waiting after ${Math.round(options.timeoutSeconds / 60)} minutes; the operation continues in AWS. ` +
          `Watch it with: aws rds describe-global-clusters --global-cluster-identifier ${id} --region ${options.to}`,
      );
      return 1;
    }
  }
}
