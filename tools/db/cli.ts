/**
 * Entry point of `npm run db:switchover`: parses the arguments, builds the RDS client of the target region with the
 * caller's AWS credentials, runs the switchover and exits with its code.
 */
import { RDSClient } from "@aws-sdk/client-rds";
import { UsageError, parseArgs, runSwitchover } from "./switchover";

async function main(): Promise<number> {
  const options = parseArgs(process.argv.slice(2), process.cwd());
  return runSwitchover(options, {
    rds: (region) => new RDSClient({ region }),
    log: (line) => console.log(line),
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    now: () => Date.now(),
  });
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    if (err instanceof UsageError) {
      console.error(err.message);
      process.exitCode = 2;
    } else {
      console.error(err);
      process.exitCode = 1;
    }
  },
);
