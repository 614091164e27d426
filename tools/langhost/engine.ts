/**
 * The engine's side of a Pulumi program run, served over gRPC on loopback the way the CLI serves it to the Node.js
 * language host's program process: a `ResourceMonitor` that answers from the offline plan's mocks and an `Engine`
 * that collects the diagnostics the program logs (what the CLI would print). Only the answers are offline; the
 * program process, its SDK, its ts-node registration and its error reporting are the real ones.
 */
import { createRequire } from "module";
import type * as grpcTypes from "@grpc/grpc-js";
import type * as enginePb from "@pulumi/pulumi/proto/engine_pb";
import type * as resourcePb from "@pulumi/pulumi/proto/resource_pb";

/** Loads modules as the SDK resolves them, so protos and gRPC are the instances its serializers check against. */
const sdkLoad = createRequire(require.resolve("@pulumi/pulumi"));
const grpc = sdkLoad("@grpc/grpc-js") as typeof grpcTypes;
const resourceGrpc = sdkLoad("./proto/resource_grpc_pb") as {
  ResourceMonitorService: grpcTypes.ServiceDefinition;
};
const engineGrpc = sdkLoad("./proto/engine_grpc_pb") as { EngineService: grpcTypes.ServiceDefinition };
const resourceProto = sdkLoad("./proto/resource_pb") as typeof resourcePb;
const engineProto = sdkLoad("./proto/engine_pb") as typeof enginePb;
const emptyProto = sdkLoad("google-protobuf/google/protobuf/empty_pb") as {
  Empty: new () => unknown;
};

export type Severity = "debug" | "info" | "warning" | "error";

/** One message the program logged through the engine (`pulumi.log.*`, and the SDK's report of a failed program). */
export interface Diagnostic {
  severity: Severity;
  message: string;
  /** The resource the message is about, if any. */
  urn?: string;
}

const SEVERITIES: Record<number, Severity> = { 0: "debug", 1: "info", 2: "warning", 3: "error" };

type Callback = (error: unknown, response?: unknown) => void;
type MonitorMethod = (request: unknown, callback: Callback) => unknown;

/** The monitor the answers come from: the SDK's MockMonitor, as `pulumi.runtime.setMocks` installs it. */
export type MonitorLike = Partial<Record<string, MonitorMethod>>;

/** Monitor methods whose mock answers are already the protobuf messages the service serializes. */
const PASSED_THROUGH = [
  "getDeploymentInfo",
  "invoke",
  "readResource",
  "existsResource",
  "registerResource",
  "registerPackage",
] as const;

/** Monitor methods the mock answers with a plain object where the wire needs `google.protobuf.Empty`. */
const ANSWERED_EMPTY = [
  "registerResourceOutputs",
  "registerStackTransform",
  "registerStackInvokeTransform",
] as const;

export interface RunningEngine {
  /** `127.0.0.1:<port>` of the resource monitor (the language host's `--monitor`). */
  readonly monitorAddress: string;
  /** `127.0.0.1:<port>` of the engine (the language host's `--engine`). */
  readonly engineAddress: string;
  /** Everything logged so far, in order. */
  readonly diagnostics: Diagnostic[];
  /** The root resource the program registered (its `pulumi:pulumi:Stack`). */
  rootResource(): string;

  close(): Promise<void>;
}

/** Serves `monitor` as the resource monitor and a diagnostics-collecting engine, each on its own loopback port. */
export async function startEngine(monitor: MonitorLike): Promise<RunningEngine> {
  const diagnostics: Diagnostic[] = [];
  let root = "";

  const monitorHandlers: Record<string, grpcTypes.handleUnaryCall<unknown, unknown>> = {};
  for (const method of PASSED_THROUGH) {
    const answer = monitor[method];
    if (answer !== undefined) {
      monitorHandlers[method] = (call, callback) => {
        void answer.call(monitor, call.request, callback as Callback);
      };
    }
  }
  for (const method of ANSWERED_EMPTY) {
    const answer = monitor[method];
    if (answer !== undefined) {
      monitorHandlers[method] = (call, callback) => {
        void answer.call(monitor, call.request, (error) =>
          error === null || error === undefined
            ? callback(null, new emptyProto.Empty())
            : callback(error as Error),
        );
      };
    }
  }
  const supportsFeature = monitor["supportsFeature"];
  if (supportsFeature !== undefined) {
    monitorHandlers["supportsFeature"] = (call, callback) => {
      void supportsFeature.call(monitor, call.request, (error, answer) => {
        if (error !== null && error !== undefined) {
          callback(error as Error);
          return;
        }
        const response = new resourceProto.SupportsFeatureResponse();
        response.setHassupport((answer as { getHassupport(): boolean }).getHassupport());
        callback(null, response);
      });
    };
  }
  // Nothing is pending once the program's registrations have been answered.
  monitorHandlers["signalAndWaitForShutdown"] = (_call, callback) => callback(null, new emptyProto.Empty());

  const engineHandlers: Record<string, grpcTypes.handleUnaryCall<unknown, unknown>> = {
    log: (call, callback) => {
      const request = call.request as enginePb.LogRequest;
      const urn = request.getUrn();
      diagnostics.push({
        severity: SEVERITIES[request.getSeverity()] ?? "info",
        message: request.getMessage(),
        ...(urn !== "" ? { urn } : {}),
      });
      callback(null, new emptyProto.Empty());
    },
    getRootResource: (_call, callback) => {
      const response = new engineProto.GetRootResourceResponse();
      response.setUrn(root);
      callback(null, response);
    },
    setRootResource: (call, callback) => {
      root = (call.request as enginePb.SetRootResourceRequest).getUrn();
      callback(null, new engineProto.SetRootResourceResponse());
    },
    startDebugging: (_call, callback) => callback(null, new emptyProto.Empty()),
  };

  const monitorServer = new grpc.Server();
  monitorServer.addService(resourceGrpc.ResourceMonitorService, monitorHandlers);
  const engineServer = new grpc.Server();
  engineServer.addService(engineGrpc.EngineService, engineHandlers);
  const [monitorPort, enginePort] = await Promise.all([bind(monitorServer), bind(engineServer)]);

  return {
    monitorAddress: `127.0.0.1:${monitorPort}`,
    engineAddress: `127.0.0.1:${enginePort}`,
    diagnostics,
    rootResource: () => root,
    close: async () => {
      await Promise.all([shutdown(monitorServer), shutdown(engineServer)]);
    },
  };
}

function bind(server: grpcTypes.Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (error, port) => {
      if (error !== null) {
        reject(error);
      } else {
        resolve(port);
      }
    });
  });
}

function shutdown(server: grpcTypes.Server): Promise<void> {
  return new Promise((resolve) => {
    server.tryShutdown(() => resolve());
  });
}
