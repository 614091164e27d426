/**
 * Entry point of `npm run db:switchover`: answers `--help`, parses the arguments, builds the RDS client of the target
 * region with the caller's AWS credentials, runs the switchover and exits with its code.
 *
 * Exit codes: 0 done, nothing to do, or a dry run; 1 AWS refused, the wait timed out or an AWS call failed;
 * 2 bad arguments or a precondition (unknown stack, region outside the global database, operation in progress).
 */
import Module from "module";
import { inspect } from "util";
import type { SwitchoverDependencies, SwitchoverOptions } from "./switchover";

const MORE = 'Run "npm run db:switchover -- --help" for the options and exit codes.';

export const HELP = `npm run db:switchover -- --stack <stack> --to <region> [--allow-data-loss] [--dry-run]
                        [--timeout-minutes <n>] [--poll-seconds <n>]

Moves the writer of the stack's Aurora global database to its cluster in <region>: a switchover
(SwitchoverGlobalCluster, no data loss), or with --allow-data-loss a failover. Waits until AWS reports the new
writer, printing progress, then prints the pulumi config set, refresh and preview commands for every stack of the
global database. Uses the caller's AWS credentials against the RDS API of <region>.
Runbook: docs/runbooks/database-failover.md.

Options:
  --stack <stack>          any stack of the global database, with a Pulumi.<stack>.yaml (prod-taipei, prod-tokyo);
                           required
  --to <region>            the region whose cluster becomes the writer (ap-east-2, ap-northeast-1); required
  --allow-data-loss        fail over instead (FailoverGlobalCluster with AllowDataLoss): promotes <region> at once
                           and loses the writes not yet replicated; only when the writer's region is down
  --dry-run                print the global database's state and what would start, then stop
  --timeout-minutes <n>    stop waiting after n minutes (default 30; the operation continues in AWS)
  --poll-seconds <n>       seconds between two DescribeGlobalClusters calls (default 15)
  -h, --help               print this help and exit

Exit codes:
  0  the writer is in <region> (or already was), or a dry run
  1  AWS refused, the wait timed out, or an AWS call failed
  2  bad arguments or a precondition: unknown stack, region outside the global database, an operation in progress

Example:
  npm run db:switchover -- --stack prod-tokyo --to ap-northeast-1 --dry-run
`;

/** Where the CLI writes; the real process, or a capture in tests. */
export interface SwitchoverCliIo {
  out(line: string): void;
  err(line: string): void;
}

/**
 * Runs the CLI with `argv` (after `--`) in `projectDir`; returns the exit code. `deps` are the AWS-facing
 * dependencies (default: the SDK's RDS client of the target region, real time).
 */
export async function runSwitchoverCli(
  argv: readonly string[],
  projectDir: string,
  io: SwitchoverCliIo,
  deps?: SwitchoverDependencies,
): Promise<number> {
  if (argv.includes("--help") || argv.includes("-h")) {
    io.out(HELP);
    return 0;
  }
  // Loaded only now: the AWS SDK and the project's database config take a while to load.
  const load = Module.createRequire(__filename);
  const { UsageError, parseArgs, runSwitchover } = load("./switchover") as typeof import("./switchover");
  let options: SwitchoverOptions;
  try {
    options = parseArgs(argv, projectDir);
  } catch (err) {
    // parseArgs names the problem and prints the usage line.
    io.err(`${err instanceof UsageError ? err.message : inspectError(err)}\n${MORE}\n`);
    return 2;
  }
  try {
    return await runSwitchover(options, deps ?? defaultDependencies(io));
  } catch (err) {
    if (err instanceof UsageError) {
      io.err(`${err.message}\n`);
      return 2;
    }
    io.err(`${inspectError(err)}\n`);
    return 1;
  }
}

/** An unexpected error as Node.js prints it, its stack at the project's TypeScript lines (tools/register.cjs). */
function inspectError(err: unknown): string {
  process.setSourceMapsEnabled(true);
  return inspect(err);
}

function defaultDependencies(io: SwitchoverCliIo): SwitchoverDependencies {
  const { RDSClient } = Module.createRequire(__filename)(
    "@aws-sdk/client-rds",
  ) as typeof import("@aws-sdk/client-rds");
  return {
    rds: (region) => new RDSClient({ region }),
    log: (line) => io.out(`${line}\n`),
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    now: () => Date.now(),
  };
}

if (require.main === module) {
  void runSwitchoverCli(process.argv.slice(2), process.cwd(), {
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
  }).then((code) => {
    process.exitCode = code;
  });
}
