/**
 * A policy pack served in-process by @pulumi/policy's own analyzer, without a socket.
 *
 * `new PolicyPack(...)` calls the SDK's `serve()`, which registers the gRPC AnalyzerService handlers (analyze,
 * analyzeStack, remediate, getAnalyzerInfo, configure …) on a `grpc.Server` and binds a port for the engine. Here
 * `serve()` runs with `addService` captured and `bindAsync` stubbed for the duration of the call, so we hold exactly
 * the handlers the engine talks to and call them with the same protobuf requests. Verdicts, messages, unknown-value
 * handling, enforcement levels and config lookups are therefore the SDK's, not a re-implementation.
 *
 * `serve()` keeps its state (the served pack, its config) in module scope and serves one pack per process, as the
 * engine runs one process per pack; each offline pack gets a fresh instance of the SDK's server module.
 *
 * This reaches into @pulumi/policy internals (the `server` module is @internal), so the SDK version is pinned and
 * checked: upgrading it means re-reading server.js and re-running test/tools/policy/evaluator.spec.ts.
 */
import { createRequire } from "module";
import type * as analyzerPb from "@pulumi/pulumi/proto/analyzer_pb";
import type { PolicyPackArgs } from "@pulumi/policy";

/** The @pulumi/policy version whose server module this file was written against. */
export const PINNED_POLICY_SDK_VERSION = "1.21.0";

const load = createRequire(__filename);
const SERVER_MODULE = load.resolve("@pulumi/policy/server");
/** Resolves modules the way the SDK's server does, so protos and gRPC are the very instances it uses. */
const sdkLoad = createRequire(SERVER_MODULE);

export const analyzerProto = sdkLoad("@pulumi/pulumi/proto/analyzer_pb") as typeof analyzerPb;
// The SDK's server module pulls in @pulumi/pulumi and gRPC: load it once up front; each served pack then gets a
// fresh instance of that one file (see freshServerModule).
load(SERVER_MODULE);

interface Call<Req> {
  request: Req;
}
type Callback<Res> = (error: unknown, response?: Res) => void;
type Handler<Req, Res> = (call: Call<Req>, callback: Callback<Res>) => unknown;

/** The AnalyzerService implementation `serve()` registers. */
interface AnalyzerImplementation {
  analyze: Handler<analyzerPb.AnalyzeRequest, analyzerPb.AnalyzeResponse>;
  analyzeStack: Handler<analyzerPb.AnalyzeStackRequest, analyzerPb.AnalyzeResponse>;
  remediate: Handler<analyzerPb.AnalyzeRequest, analyzerPb.RemediateResponse>;
  getAnalyzerInfo: Handler<unknown, analyzerPb.AnalyzerInfo>;
  configure: Handler<analyzerPb.ConfigureAnalyzerRequest, unknown>;
}

interface ServerModule {
  serve(
    name: string,
    version: string,
    enforcementLevel: string,
    args: PolicyPackArgs,
    initialConfig: Record<string, unknown> | undefined,
  ): void;
}

interface GrpcModule {
  Server: { prototype: { addService: unknown; bindAsync: unknown } };
}

/** The handlers of one served pack, as promises. */
export interface OfflineAnalyzer {
  readonly name: string;
  readonly version: string;
  analyze(request: analyzerPb.AnalyzeRequest): Promise<analyzerPb.AnalyzeResponse>;
  analyzeStack(request: analyzerPb.AnalyzeStackRequest): Promise<analyzerPb.AnalyzeResponse>;
  remediate(request: analyzerPb.AnalyzeRequest): Promise<analyzerPb.RemediateResponse>;
  getAnalyzerInfo(): Promise<analyzerPb.AnalyzerInfo>;
  configure(request: analyzerPb.ConfigureAnalyzerRequest): Promise<void>;
}

/** The installed @pulumi/policy version (its `version` module, without the "v" its package.json carries). */
export function installedPolicySdkVersion(): string {
  return (sdkLoad("./version") as { version: string }).version;
}

function assertPinnedSdk(): void {
  const installed = installedPolicySdkVersion();
  if (installed !== PINNED_POLICY_SDK_VERSION) {
    throw new Error(
      `@pulumi/policy ${installed} is installed, but the offline evaluator drives the internals of ` +
        `${PINNED_POLICY_SDK_VERSION}; pin @pulumi/policy to ${PINNED_POLICY_SDK_VERSION} or update tools/policy/analyzer.ts`,
    );
  }
}

/** A fresh instance of the SDK's server module (module-scoped state: served pack, config, stack tags). */
function freshServerModule(): ServerModule {
  const cache = load.cache;
  const cached = cache[SERVER_MODULE];
  delete cache[SERVER_MODULE];
  try {
    return load(SERVER_MODULE) as ServerModule;
  } finally {
    if (cached === undefined) {
      delete cache[SERVER_MODULE];
    } else {
      cache[SERVER_MODULE] = cached;
    }
  }
}

function promised<Req, Res>(handler: Handler<Req, Res>): (request: Req) => Promise<Res> {
  return (request) =>
    new Promise<Res>((resolve, reject) => {
      handler({ request }, (error, response) => {
        if (error !== null && error !== undefined) {
          reject(error instanceof Error ? error : new Error(String(error)));
        } else {
          resolve(response as Res);
        }
      });
    });
}

/**
 * Serves `args` as pack `name@version` the way `new PolicyPack(name, args)` does, minus the socket, and returns its
 * handlers. The pack-level enforcement level defaults to advisory, as in the SDK.
 */
export function serveOffline(name: string, version: string, args: PolicyPackArgs): OfflineAnalyzer {
  assertPinnedSdk();
  const server = freshServerModule();
  const grpcServer = (sdkLoad("@grpc/grpc-js") as GrpcModule).Server.prototype;
  const { addService, bindAsync } = grpcServer;
  const exit = process.exit;
  let implementation: AnalyzerImplementation | undefined;
  grpcServer.addService = (_service: unknown, handlers: AnalyzerImplementation) => {
    implementation = handlers;
  };
  grpcServer.bindAsync = () => undefined;
  // serve() reports an invalid pack on stderr and exits; offline that becomes an error.
  process.exit = ((code?: number) => {
    throw new Error(
      `@pulumi/policy refused to serve policy pack "${name}" (exit code ${code ?? 0}); see stderr`,
    );
  }) as typeof process.exit;
  try {
    server.serve(name, version, args.enforcementLevel ?? "advisory", args, undefined);
  } finally {
    grpcServer.addService = addService;
    grpcServer.bindAsync = bindAsync;
    process.exit = exit;
  }
  if (implementation === undefined) {
    throw new Error(`@pulumi/policy did not register an analyzer for policy pack "${name}"`);
  }
  const handlers = implementation;
  const configure = promised(handlers.configure);
  const getAnalyzerInfo = promised(handlers.getAnalyzerInfo);
  return {
    name,
    version,
    analyze: promised(handlers.analyze),
    analyzeStack: promised(handlers.analyzeStack),
    remediate: promised(handlers.remediate),
    getAnalyzerInfo: () => getAnalyzerInfo({}),
    configure: async (request) => {
      await configure(request);
    },
  };
}
