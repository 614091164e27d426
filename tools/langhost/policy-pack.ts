/**
 * Starts a policy pack the way `pulumi preview --policy-pack <dir>` starts it (pulumi-language-nodejs `RunPlugin`
 * for an analyzer): `node <@pulumi/pulumi/cmd/run-policy-pack> <engine address> <pack dir>` from the pack's folder,
 * with `PULUMI_NODEJS_TYPESCRIPT` and the stack's config in the environment. The SDK's runner registers ts-node and
 * requires the folder; `new PolicyPack` serves the analyzer on a loopback port and prints the port, which is how the
 * engine finds it. The returned analyzer talks to that process over gRPC, with the same interface as the in-process
 * one (tools/policy/analyzer.ts), so the same evaluation code runs against both.
 */
import { ChildProcess, spawn } from "child_process";
import { createRequire } from "module";
import * as path from "path";
import { performance } from "perf_hooks";
import type * as grpcTypes from "@grpc/grpc-js";
import type * as analyzerGrpc from "@pulumi/pulumi/proto/analyzer_grpc_pb";
import type * as analyzerPb from "@pulumi/pulumi/proto/analyzer_pb";
import type { OfflineAnalyzer } from "../policy/analyzer";
import { configVariable } from "./program";

const sdkLoad = createRequire(require.resolve("@pulumi/pulumi"));
const grpc = sdkLoad("@grpc/grpc-js") as typeof grpcTypes;
const analyzerService = sdkLoad("./proto/analyzer_grpc_pb") as typeof analyzerGrpc;
const emptyProto = sdkLoad("google-protobuf/google/protobuf/empty_pb") as {
  Empty: new () => import("google-protobuf/google/protobuf/empty_pb").Empty;
};

export interface PackLaunchOptions {
  /** The pack's folder (where PulumiPolicy.yaml is). */
  readonly directory: string;
  /** The stack's config by full key (`PULUMI_CONFIG`), as the host hands it to packs. */
  readonly config?: Readonly<Record<string, string>>;
  /** More environment for the pack process (e.g. the bench's memory reporter). */
  readonly env?: Readonly<Record<string, string>>;
  /** Gives up when the pack has not printed its port after this long (default 2 minutes). */
  readonly timeoutMs?: number;
}

/** A pack process serving its analyzer. */
export interface RunningPack {
  readonly analyzer: OfflineAnalyzer;
  /** From start until the pack printed its port (its start-up: loading, then serving). */
  readonly startupMs: number;
  readonly process: ChildProcess;
  /** What the process wrote to stderr so far. */
  stderr(): string;
  /** Stops the process (as the engine does when the preview ends) and waits for it to exit. */
  stop(): Promise<void>;
}

/** The node command line the host runs for a pack, after the node executable. */
export function packLaunchArgs(directory: string, engineAddress: string): string[] {
  // The host resolves the runner from the pack's folder (`locateModule`), as Node.js would.
  const runPath = require.resolve("@pulumi/pulumi/cmd/run-policy-pack", { paths: [directory] });
  return [runPath, engineAddress, path.resolve(directory)];
}

/** Starts the pack in `options.directory`; resolves once it serves, rejects if it exits or times out first. */
export function startPolicyPackAsTheCli(options: PackLaunchOptions): Promise<RunningPack> {
  const directory = path.resolve(options.directory);
  // Packs never call the engine back in these tests; the address only has to be there.
  const args = packLaunchArgs(directory, "127.0.0.1:0");
  const env: Record<string, string | undefined> = {
    ...process.env,
    PULUMI_NODEJS_TYPESCRIPT: "true",
    ...(options.config === undefined ? {} : { PULUMI_CONFIG: configVariable(options.config) }),
    ...options.env,
  };
  const started = performance.now();
  const child = spawn(process.execPath, args, { cwd: directory, env, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = new Promise<void>((resolve) => child.once("close", () => resolve()));

  return new Promise<RunningPack>((resolve, reject) => {
    let serving = false;
    const fail = (reason: string) => {
      if (serving) {
        return;
      }
      clearTimeout(timer);
      child.kill("SIGKILL");
      reject(
        new Error(`policy pack ${path.basename(directory)} ${reason}${stderr === "" ? "" : `:\n${stderr}`}`),
      );
    };
    const timer = setTimeout(() => fail("printed no port in time"), options.timeoutMs ?? 120_000);
    child.once("error", (error) => fail(`could not start: ${error.message}`));
    child.once("close", (code) => fail(`exited with code ${code ?? "(signal)"} before serving`));
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
      const port = /^(\d+)\s*$/m.exec(stdout)?.[1];
      if (serving || port === undefined) {
        return;
      }
      serving = true;
      clearTimeout(timer);
      const startupMs = performance.now() - started;
      const client = new analyzerService.AnalyzerClient(
        `127.0.0.1:${port}`,
        grpc.credentials.createInsecure(),
      );
      resolve({
        analyzer: remoteAnalyzer(path.basename(directory), client),
        startupMs,
        process: child,
        stderr: () => stderr,
        stop: async () => {
          client.close();
          child.kill("SIGTERM");
          await exited;
        },
      });
    });
  });
}

type Unary<Req, Res> = (
  request: Req,
  callback: (error: grpcTypes.ServiceError | null, response: Res) => void,
) => unknown;

function promised<Req, Res>(client: analyzerGrpc.AnalyzerClient, method: Unary<Req, Res>) {
  return (request: Req) =>
    new Promise<Res>((resolve, reject) => {
      method.call(client, request, (error, response) => (error === null ? resolve(response) : reject(error)));
    });
}

/** The analyzer of a pack process, behind the interface of the in-process one. */
function remoteAnalyzer(directoryName: string, client: analyzerGrpc.AnalyzerClient): OfflineAnalyzer {
  const info = promised<import("google-protobuf/google/protobuf/empty_pb").Empty, analyzerPb.AnalyzerInfo>(
    client,
    client.getAnalyzerInfo as Unary<unknown, analyzerPb.AnalyzerInfo>,
  );
  let name = directoryName;
  let version = "";
  return {
    get name() {
      return name;
    },
    get version() {
      return version;
    },
    analyze: promised(client, client.analyze as Unary<analyzerPb.AnalyzeRequest, analyzerPb.AnalyzeResponse>),
    analyzeStack: promised(
      client,
      client.analyzeStack as Unary<analyzerPb.AnalyzeStackRequest, analyzerPb.AnalyzeResponse>,
    ),
    remediate: promised(
      client,
      client.remediate as Unary<analyzerPb.AnalyzeRequest, analyzerPb.RemediateResponse>,
    ),
    getAnalyzerInfo: async () => {
      const answer = await info(new emptyProto.Empty());
      name = answer.getName();
      version = answer.getVersion();
      return answer;
    },
    configure: async (request) => {
      await promised(
        client,
        client.configure as Unary<analyzerPb.ConfigureAnalyzerRequest, unknown>,
      )(request);
    },
  };
}
