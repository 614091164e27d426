/**
 * Plan values to what the engine sends an analyzer, and the protobuf requests themselves.
 *
 * The offline plan redacts secrets as "[secret]" and unknown values as "[unknown]". The engine marshals resource
 * properties for analyzers with unknowns kept (as the unknown sentinel) and secrets kept (as a secret-signature
 * object around the plaintext), dropping internal `__` keys. So:
 * - "[unknown]" becomes the unknown sentinel: a policy that reads it stops with the SDK's "can't run during preview"
 *   advisory, exactly as at a real preview;
 * - "[secret]" becomes a secret whose plaintext is the placeholder itself (the plan never holds the real one): a
 *   policy sees a non-empty string where a real preview would see the secret's value.
 */
import type * as analyzerPb from "@pulumi/pulumi/proto/analyzer_pb";
import { createRequire } from "module";
import type { Struct as StructType } from "google-protobuf/google/protobuf/struct_pb";
import { SECRET_PLACEHOLDER, UNKNOWN_PLACEHOLDER } from "../plan/model";
import { analyzerProto } from "./analyzer";

/** Wire constants of the Pulumi RPC protocol (as in @pulumi/pulumi/runtime/rpc). */
export const UNKNOWN_VALUE = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
export const SPECIAL_SIG_KEY = "4dabf18193072939515e22adb298388d";
export const SPECIAL_SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

const sdkLoad = createRequire(createRequire(__filename).resolve("@pulumi/pulumi/proto/analyzer_pb"));
const { Struct } = sdkLoad("google-protobuf/google/protobuf/struct_pb") as { Struct: typeof StructType };

/** A plan value as the engine marshals it for an analyzer. */
export function toWire(value: unknown, skipInternalKeys = true): unknown {
  if (value === UNKNOWN_PLACEHOLDER) {
    return UNKNOWN_VALUE;
  }
  if (value === SECRET_PLACEHOLDER) {
    return { [SPECIAL_SIG_KEY]: SPECIAL_SECRET_SIG, value: SECRET_PLACEHOLDER };
  }
  if (Array.isArray(value)) {
    return value.map((v) => (v === undefined ? null : toWire(v, skipInternalKeys)));
  }
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value)) {
      if (inner !== undefined && !(skipInternalKeys && key.startsWith("__"))) {
        out[key] = toWire(inner, skipInternalKeys);
      }
    }
    return out;
  }
  return value;
}

export function struct(wire: Record<string, unknown>): StructType {
  return Struct.fromJavaScript(wire as Parameters<typeof Struct.fromJavaScript>[0]);
}

/** A provider reference `"<provider urn>::<provider id>"` split into its parts (URNs contain `::` themselves). */
export function parseProviderReference(reference: string): { urn: string; id: string } {
  const at = reference.lastIndexOf("::");
  return at < 0 ? { urn: reference, id: "" } : { urn: reference.slice(0, at), id: reference.slice(at + 2) };
}

export interface WireResource {
  readonly urn: string;
  readonly type: string;
  readonly name: string;
  readonly parent?: string;
  /** Properties in wire form (see toWire). */
  readonly properties: Record<string, unknown>;
  readonly options: {
    readonly protect: boolean;
    readonly ignoreChanges: readonly string[];
    readonly deleteBeforeReplace?: boolean;
    readonly additionalSecretOutputs: readonly string[];
    readonly aliases: readonly string[];
    readonly customTimeouts: { readonly create: number; readonly update: number; readonly delete: number };
  };
  readonly provider?: {
    readonly urn: string;
    readonly type: string;
    readonly name: string;
    readonly properties: Record<string, unknown>;
  };
  readonly dependencies: readonly string[];
  readonly propertyDependencies: Readonly<Record<string, readonly string[]>>;
}

function resourceOptions(resource: WireResource, withParent: boolean): analyzerPb.AnalyzerResourceOptions {
  const options = new analyzerProto.AnalyzerResourceOptions();
  options.setProtect(resource.options.protect);
  options.setIgnorechangesList([...resource.options.ignoreChanges]);
  if (resource.options.deleteBeforeReplace !== undefined) {
    options.setDeletebeforereplace(resource.options.deleteBeforeReplace);
    options.setDeletebeforereplacedefined(true);
  }
  options.setAdditionalsecretoutputsList([...resource.options.additionalSecretOutputs]);
  options.setAliasesList([...resource.options.aliases]);
  const timeouts = new analyzerProto.AnalyzerResourceOptions.CustomTimeouts();
  timeouts.setCreate(resource.options.customTimeouts.create);
  timeouts.setUpdate(resource.options.customTimeouts.update);
  timeouts.setDelete(resource.options.customTimeouts.delete);
  options.setCustomtimeouts(timeouts);
  // The engine sets the parent in the options of Analyze/Remediate requests, and separately for AnalyzeStack.
  if (withParent && resource.parent !== undefined) {
    options.setParent(resource.parent);
  }
  return options;
}

function providerResource(resource: WireResource): analyzerPb.AnalyzerProviderResource | undefined {
  if (resource.provider === undefined) {
    return undefined;
  }
  const provider = new analyzerProto.AnalyzerProviderResource();
  provider.setUrn(resource.provider.urn);
  provider.setType(resource.provider.type);
  provider.setName(resource.provider.name);
  provider.setProperties(struct(resource.provider.properties));
  return provider;
}

/** Serialized and parsed again, so the analyzer gets exactly what crosses the wire. */
function overTheWire<T extends { serializeBinary(): Uint8Array }>(
  message: T,
  parse: (bytes: Uint8Array) => T,
): T {
  return parse(message.serializeBinary());
}

/** The AnalyzeRequest (also used for Remediate) the engine sends for one resource. */
export function analyzeRequest(resource: WireResource): analyzerPb.AnalyzeRequest {
  const request = new analyzerProto.AnalyzeRequest();
  request.setUrn(resource.urn);
  request.setType(resource.type);
  request.setName(resource.name);
  request.setProperties(struct(resource.properties));
  request.setOptions(resourceOptions(resource, true));
  const provider = providerResource(resource);
  if (provider !== undefined) {
    request.setProvider(provider);
  }
  return overTheWire(request, (bytes) => analyzerProto.AnalyzeRequest.deserializeBinary(bytes));
}

/** The AnalyzeStackRequest the engine sends once every resource is known. */
export function analyzeStackRequest(resources: readonly WireResource[]): analyzerPb.AnalyzeStackRequest {
  const request = new analyzerProto.AnalyzeStackRequest();
  request.setResourcesList(
    resources.map((resource) => {
      const r = new analyzerProto.AnalyzerResource();
      r.setUrn(resource.urn);
      r.setType(resource.type);
      r.setName(resource.name);
      r.setProperties(struct(resource.properties));
      r.setOptions(resourceOptions(resource, false));
      const provider = providerResource(resource);
      if (provider !== undefined) {
        r.setProvider(provider);
      }
      if (resource.parent !== undefined) {
        r.setParent(resource.parent);
      }
      r.setDependenciesList([...resource.dependencies]);
      const dependencies = r.getPropertydependenciesMap();
      for (const [key, urns] of Object.entries(resource.propertyDependencies)) {
        // The engine leaves out properties without dependencies.
        if (urns.length > 0) {
          dependencies.set(key, new analyzerProto.AnalyzerPropertyDependencies().setUrnsList([...urns]));
        }
      }
      return r;
    }),
  );
  return overTheWire(request, (bytes) => analyzerProto.AnalyzeStackRequest.deserializeBinary(bytes));
}
