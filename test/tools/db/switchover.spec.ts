import {
  DescribeGlobalClustersCommand,
  FailoverGlobalClusterCommand,
  type GlobalCluster,
  SwitchoverGlobalClusterCommand,
} from "@aws-sdk/client-rds";
import { expect } from "chai";
import { mkdtempSync, rmSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import * as path from "path";
import { runSwitchoverCli } from "../../../tools/db/cli";
import {
  RdsSender,
  SwitchoverOptions,
  UsageError,
  followUp,
  parseArgs,
  readTopology,
  regionOfArn,
  runSwitchover,
} from "../../../tools/db/switchover";

const ROOT = path.resolve(__dirname, "..", "..", "..");
const ACCOUNT = "123456789012";
const TAIPEI = `arn:aws:rds:ap-east-2:${ACCOUNT}:cluster:database-prod-ap-east-2`;
const TOKYO = `arn:aws:rds:ap-northeast-1:${ACCOUNT}:cluster:database-prod-ap-northeast-1`;

function global(writer: string, extra: Partial<GlobalCluster> = {}): GlobalCluster {
  return {
    GlobalClusterIdentifier: "database-prod",
    Status: "available",
    GlobalClusterMembers: [
      { DBClusterArn: TAIPEI, IsWriter: writer === TAIPEI, SynchronizationStatus: "connected" },
      { DBClusterArn: TOKYO, IsWriter: writer === TOKYO, SynchronizationStatus: "connected" },
    ],
    ...extra,
  };
}

const SWITCHING: Partial<GlobalCluster> = {
  Status: "switching-over",
  FailoverState: {
    Status: "failing-over",
    FromDbClusterArn: TAIPEI,
    ToDbClusterArn: TOKYO,
    IsDataLossAllowed: false,
  },
};

/** A fake RDS client: answers DescribeGlobalClusters from a script and records every command. */
class FakeRds implements RdsSender {
  readonly commands: unknown[] = [];
  readonly regions: string[] = [];
  constructor(
    private readonly describes: GlobalCluster[],
    private readonly fail?: Error,
  ) {}

  send(command: DescribeGlobalClustersCommand): Promise<{ GlobalClusters?: GlobalCluster[] }>;
  send(command: SwitchoverGlobalClusterCommand | FailoverGlobalClusterCommand): Promise<unknown>;
  send(command: unknown): Promise<unknown> {
    this.commands.push(command);
    if (command instanceof DescribeGlobalClustersCommand) {
      const next = this.describes.length > 1 ? this.describes.shift()! : this.describes[0];
      return Promise.resolve({ GlobalClusters: next === undefined ? [] : [next] });
    }
    return this.fail !== undefined ? Promise.reject(this.fail) : Promise.resolve({});
  }
}

interface Run {
  code: number;
  lines: string[];
  rds: FakeRds;
}

async function run(
  argv: string[],
  describes: GlobalCluster[],
  fail?: Error,
  projectDir = ROOT,
): Promise<Run> {
  const rds = new FakeRds(describes, fail);
  const lines: string[] = [];
  let clock = 0;
  const options: SwitchoverOptions = parseArgs(argv, projectDir);
  const code = await runSwitchover(options, {
    rds: (region) => {
      rds.regions.push(region);
      return rds;
    },
    log: (line) => lines.push(line),
    sleep: (ms) => {
      clock += ms;
      return Promise.resolve();
    },
    now: () => clock,
  });
  return { code, lines, rds };
}

function commandNames(rds: FakeRds): string[] {
  return rds.commands.map((c) => (c as { constructor: { name: string } }).constructor.name);
}

describe("db:switchover", () => {
  describe("arguments", () => {
    it("reads the stack, the target region, the flags and the timings", () => {
      expect(parseArgs(["--stack", "prod-tokyo", "--to", "ap-northeast-1"], "/p")).to.deep.equal({
        stack: "prod-tokyo",
        to: "ap-northeast-1",
        allowDataLoss: false,
        dryRun: false,
        timeoutSeconds: 1800,
        pollSeconds: 15,
        projectDir: "/p",
      });
      expect(
        parseArgs(
          [
            "--to",
            "ap-east-2",
            "--stack",
            "prod-taipei",
            "--allow-data-loss",
            "--dry-run",
            "--timeout-minutes",
            "5",
            "--poll-seconds",
            "2",
          ],
          "/p",
        ),
      ).to.include({ allowDataLoss: true, dryRun: true, timeoutSeconds: 300, pollSeconds: 2 });
    });

    it("rejects missing, unknown and malformed arguments with the usage", () => {
      const usage =
        "usage: npm run db:switchover -- --stack <stack> --to <region> [--allow-data-loss] [--dry-run] [--timeout-minutes <n>] [--poll-seconds <n>]";
      expect(() => parseArgs(["--stack", "prod-tokyo"], "/p")).to.throw(
        UsageError,
        `--stack and --to are required\n${usage}`,
      );
      expect(() => parseArgs(["--stack", "prod-tokyo", "--to", "x", "--force"], "/p")).to.throw(
        UsageError,
        `unknown argument "--force"\n${usage}`,
      );
      expect(() => parseArgs(["--stack", "--to", "x"], "/p")).to.throw(
        UsageError,
        `--stack needs a value\n${usage}`,
      );
      expect(() => parseArgs(["--stack", "a", "--to", "b", "--poll-seconds", "0"], "/p")).to.throw(
        UsageError,
        `--poll-seconds must be a positive number, not "0"\n${usage}`,
      );
    });
  });

  describe("topology from the stack files", () => {
    it("finds the global cluster and every stack of it from either stack", () => {
      for (const stack of ["prod-taipei", "prod-tokyo"]) {
        const topology = readTopology(ROOT, stack);
        expect(topology.globalClusterIdentifier).to.equal("database-prod");
        expect(topology.primary.stack).to.equal("prod-taipei");
        expect(topology.stacks.map((s) => `${s.stack} ${s.region} ${s.role}`)).to.deep.equal([
          "prod-taipei ap-east-2 primary",
          "prod-tokyo ap-northeast-1 secondary",
        ]);
      }
      expect(readTopology(ROOT, "dev").stacks.map((s) => s.stack)).to.deep.equal(["dev"]);
      expect(readTopology(ROOT, "dev").globalClusterIdentifier).to.equal("database-dev");
    });

    it("fails for a stack without a stack file, or a secondary whose primary has none", () => {
      expect(() => readTopology(ROOT, "prod-mars")).to.throw(
        UsageError,
        /no stack file Pulumi\.prod-mars\.yaml/,
      );
      const dir = mkdtempSync(path.join(tmpdir(), "switchover-"));
      try {
        writeFileSync(
          path.join(dir, "Pulumi.orphan.yaml"),
          "config:\n  aws:region: ap-northeast-1\n  platform:role: secondary\n  platform:primaryStack: o/p/gone\n  platform:environment: prod\n",
        );
        expect(() => readTopology(dir, "orphan")).to.throw(
          UsageError,
          "stack orphan names the primary o/p/gone, which has no stack file here",
        );
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });

    it("reads regions from RDS ARNs", () => {
      expect(regionOfArn(TOKYO)).to.equal("ap-northeast-1");
    });
  });

  describe("a switchover", () => {
    it("calls SwitchoverGlobalCluster for the target's ARN in the target region, waits, then says what to change", async () => {
      const { code, lines, rds } = await run(
        ["--stack", "prod-tokyo", "--to", "ap-northeast-1", "--poll-seconds", "10"],
        [global(TAIPEI), global(TAIPEI, SWITCHING), global(TAIPEI, SWITCHING), global(TOKYO)],
      );
      expect(code).to.equal(0);
      expect(rds.regions).to.deep.equal(["ap-northeast-1"]);
      expect(commandNames(rds)).to.deep.equal([
        "DescribeGlobalClustersCommand",
        "SwitchoverGlobalClusterCommand",
        "DescribeGlobalClustersCommand",
        "DescribeGlobalClustersCommand",
        "DescribeGlobalClustersCommand",
      ]);
      expect((rds.commands[0] as DescribeGlobalClustersCommand).input).to.deep.equal({
        GlobalClusterIdentifier: "database-prod",
      });
      expect((rds.commands[1] as SwitchoverGlobalClusterCommand).input).to.deep.equal({
        GlobalClusterIdentifier: "database-prod",
        TargetDbClusterIdentifier: TOKYO,
      });
      expect(lines).to.deep.equal([
        "global database database-prod: status available; writer ap-east-2; no operation in progress; members: ap-east-2 (writer) connected, ap-northeast-1 connected",
        "starting switchover (no data loss) of database-prod to database-prod-ap-northeast-1",
        "[00:10] status switching-over; writer ap-east-2; failing-over (switchover) from ap-east-2 to ap-northeast-1; members: ap-east-2 (writer) connected, ap-northeast-1 connected",
        "[00:30] status available; writer ap-northeast-1; no operation in progress; members: ap-east-2 connected, ap-northeast-1 (writer) connected",
        "Done: ap-northeast-1 (database-prod-ap-northeast-1) is the writer of database-prod.",
        ...followUp(readTopology(ROOT, "prod-tokyo"), "ap-northeast-1", false),
      ]);
    });

    it("tells the operator exactly which config to set and what to run, in every stack, keeping the roles", () => {
      expect(followUp(readTopology(ROOT, "prod-taipei"), "ap-northeast-1", false)).to.deep.equal([
        "Make the stacks agree with the new topology (writer: ap-northeast-1):",
        "  1. Record the writer region in every stack of the global database:",
        "       pulumi config set --path 'platform:database.writerRegion' ap-northeast-1 --stack prod-taipei",
        "       pulumi config set --path 'platform:database.writerRegion' ap-northeast-1 --stack prod-tokyo",
        "  2. Read the new replication links into state (the clusters ignore them, so nothing is changed):",
        "       pulumi refresh --yes --stack prod-taipei",
        "       pulumi refresh --yes --stack prod-tokyo",
        "  3. Preview every stack: no aws:rds resource may be replaced or deleted, and no cluster updated:",
        "       pulumi preview --diff --stack prod-taipei",
        "       pulumi preview --diff --stack prod-tokyo",
        "  Leave platform:role and platform:primaryStack as they are: prod-taipei still owns the global cluster. Roles say which stack owns it, not which region writes; flipping them would replace clusters.",
      ]);
    });

    it("does nothing but the follow-up when the target already writes", async () => {
      const { code, lines, rds } = await run(
        ["--stack", "prod-taipei", "--to", "ap-east-2"],
        [global(TAIPEI)],
      );
      expect(code).to.equal(0);
      expect(commandNames(rds)).to.deep.equal(["DescribeGlobalClustersCommand"]);
      expect(lines[1]).to.equal(
        "ap-east-2 (database-prod-ap-east-2) is already the writer; nothing to switch.",
      );
    });

    it("only describes in a dry run", async () => {
      const { code, lines, rds } = await run(
        ["--stack", "prod-taipei", "--to", "ap-northeast-1", "--dry-run"],
        [global(TAIPEI)],
      );
      expect(code).to.equal(0);
      expect(commandNames(rds)).to.deep.equal(["DescribeGlobalClustersCommand"]);
      expect(lines[1]).to.equal(
        "would start switchover (no data loss) of database-prod to database-prod-ap-northeast-1",
      );
    });

    it("refuses a region outside the global database, a missing member and an operation in progress", async () => {
      let error: unknown;
      try {
        await run(["--stack", "prod-taipei", "--to", "eu-west-1"], [global(TAIPEI)]);
      } catch (caught) {
        error = caught;
      }
      expect((error as Error).message).to.equal(
        "eu-west-1 is not a region of the global database database-prod; its stacks are in ap-east-2, ap-northeast-1",
      );
      const taipeiOnly = global(TAIPEI, { GlobalClusterMembers: [{ DBClusterArn: TAIPEI, IsWriter: true }] });
      await run(["--stack", "prod-taipei", "--to", "ap-northeast-1"], [taipeiOnly]).then(
        () => expect.fail("expected a UsageError"),
        (err: Error) =>
          expect(err.message).to.equal(
            "the global database database-prod has no cluster in ap-northeast-1 (members: ap-east-2); run pulumi up on the stack of ap-northeast-1 first",
          ),
      );
      await run(["--stack", "prod-taipei", "--to", "ap-northeast-1"], [global(TAIPEI, SWITCHING)]).then(
        () => expect.fail("expected a UsageError"),
        (err: Error) =>
          expect(err.message).to.equal(
            "an operation is already in progress (failing-over (switchover) from ap-east-2 to ap-northeast-1); wait for it to finish",
          ),
      );
      await run(["--stack", "prod-taipei", "--to", "ap-northeast-1"], []).then(
        () => expect.fail("expected a UsageError"),
        (err: Error) =>
          expect(err.message).to.equal(
            "AWS knows no global cluster database-prod; check the stack and the account of your credentials",
          ),
      );
    });

    it("reports AWS's refusal and points to the runbook instead of failing over", async () => {
      const { code, lines, rds } = await run(
        ["--stack", "prod-taipei", "--to", "ap-northeast-1"],
        [global(TAIPEI)],
        new Error("InvalidGlobalClusterStateFault: the primary is unavailable"),
      );
      expect(code).to.equal(1);
      expect(commandNames(rds)).to.deep.equal([
        "DescribeGlobalClustersCommand",
        "SwitchoverGlobalClusterCommand",
      ]);
      expect(lines.slice(2)).to.deep.equal([
        "AWS refused the switchover: InvalidGlobalClusterStateFault: the primary is unavailable",
        "If the writer's region is down, a switchover cannot complete; see docs/runbooks/database-failover.md before considering --allow-data-loss.",
      ]);
    });

    it("stops waiting at the timeout, saying how to watch the operation", async () => {
      const { code, lines } = await run(
        [
          "--stack",
          "prod-taipei",
          "--to",
          "ap-northeast-1",
          "--timeout-minutes",
          "1",
          "--poll-seconds",
          "20",
        ],
        [global(TAIPEI), global(TAIPEI, SWITCHING)],
      );
      expect(code).to.equal(1);
      expect(lines.at(-1)).to.equal(
        "Stopped waiting after 1 minutes; the operation continues in AWS. Watch it with: aws rds describe-global-clusters --global-cluster-identifier database-prod --region ap-northeast-1",
      );
      expect(lines.filter((l) => l.startsWith("["))).to.have.length(1);
    });
  });

  describe("a failover", () => {
    it("calls FailoverGlobalCluster with AllowDataLoss only when --allow-data-loss is given", async () => {
      const failing: Partial<GlobalCluster> = {
        Status: "failing-over",
        FailoverState: {
          Status: "failing-over",
          FromDbClusterArn: TAIPEI,
          ToDbClusterArn: TOKYO,
          IsDataLossAllowed: true,
        },
      };
      const { code, lines, rds } = await run(
        ["--stack", "prod-tokyo", "--to", "ap-northeast-1", "--allow-data-loss"],
        [global(TAIPEI), global(TAIPEI, failing), global(TOKYO)],
      );
      expect(code).to.equal(0);
      expect(rds.commands[1]).to.be.instanceOf(FailoverGlobalClusterCommand);
      expect((rds.commands[1] as FailoverGlobalClusterCommand).input).to.deep.equal({
        GlobalClusterIdentifier: "database-prod",
        TargetDbClusterIdentifier: TOKYO,
        AllowDataLoss: true,
      });
      expect(lines[1]).to.equal(
        "starting failover (writes not yet replicated are LOST) of database-prod to database-prod-ap-northeast-1",
      );
      expect(lines.slice(-3)).to.deep.equal([
        "  After a failover, check that the old writer rejoined as a secondary:",
        "       aws rds describe-global-clusters --global-cluster-identifier database-prod --region ap-northeast-1",
        '  If it is not a member any more, follow "Rejoining a detached cluster" in docs/runbooks/database-failover.md.',
      ]);
    });

    it("never fails over without the flag", async () => {
      const { rds } = await run(
        ["--stack", "prod-tokyo", "--to", "ap-northeast-1"],
        [global(TAIPEI), global(TOKYO)],
      );
      expect(rds.commands.some((c) => c instanceof FailoverGlobalClusterCommand)).to.equal(false);
      expect(rds.commands.some((c) => c instanceof SwitchoverGlobalClusterCommand)).to.equal(true);
    });
  });

  describe("the command (npm run db:switchover)", () => {
    async function cli(argv: string[], rds: RdsSender): Promise<{ code: number; out: string; err: string }> {
      let out = "";
      let err = "";
      const code = await runSwitchoverCli(
        argv,
        ROOT,
        { out: (t) => (out += t), err: (t) => (err += t) },
        { rds: () => rds, log: (line) => (out += `${line}\n`), sleep: () => Promise.resolve(), now: () => 0 },
      );
      return { code, out, err };
    }

    it("prints the progress on stdout and exits with the switchover's code", async () => {
      const dryRun = await cli(
        ["--stack", "prod-taipei", "--to", "ap-northeast-1", "--dry-run"],
        new FakeRds([global(TAIPEI)]),
      );
      expect(dryRun.code).to.equal(0);
      expect(dryRun.err).to.equal("");
      expect(dryRun.out.split("\n")[1]).to.equal(
        "would start switchover (no data loss) of database-prod to database-prod-ap-northeast-1",
      );
      const refused = await cli(
        ["--stack", "prod-taipei", "--to", "ap-northeast-1"],
        new FakeRds([global(TAIPEI)], new Error("InvalidGlobalClusterStateFault")),
      );
      expect(refused.code).to.equal(1);
      expect(refused.out).to.contain("AWS refused the switchover: InvalidGlobalClusterStateFault\n");
    });

    it("exits 2 for a precondition with the message only, and 1 with the error for anything unexpected", async () => {
      const outside = await cli(
        ["--stack", "prod-taipei", "--to", "eu-west-1"],
        new FakeRds([global(TAIPEI)]),
      );
      expect(outside).to.deep.equal({
        code: 2,
        out: "",
        err: "eu-west-1 is not a region of the global database database-prod; its stacks are in ap-east-2, ap-northeast-1\n",
      });
      // What the SDK does without credentials: every call rejects.
      const broken = {
        send: () => Promise.reject(new Error("could not load credentials")),
      } as unknown as RdsSender;
      const unexpected = await cli(["--stack", "prod-taipei", "--to", "ap-northeast-1"], broken);
      expect(unexpected.code).to.equal(1);
      expect(unexpected.err).to.match(/^Error: could not load credentials\n {4}at /);
    });
  });
});
