/**
 * The recording side of the mocks: `PlanRecorder` wraps the mock monitor so that every registration, read, output
 * registration and invoke is recorded in order, with what mocks never see (the parent, the resource options, the
 * property dependencies), and knows when the program's registrations have settled.
 */
import * as pulumi from "@pulumi/pulumi";
import { Callback as CallbackMessage } from "@pulumi/pulumi/proto/callback_pb";
import type * as resproto from "@pulumi/pulumi/proto/resource_pb";
import * as runtimeSettings from "@pulumi/pulumi/runtime/settings";
import type { PlanResource, PlanResourceOptions } from "../model";
import { FALLBACK_REGION, type MockEnvironment } from "./environment";
import { asError, containsSecret, isRecord, plain, redact, structToJs } from "./values";

/** The options of a recorded resource: the plan's, and what the plan leaves out. */
export interface RecordedOptions extends PlanResourceOptions {
  deleteBeforeReplace: boolean;
  /** Tokens of the resource's `transforms` (run them with `PlanRecorder.transformsOf`). */
  transforms: string[];
  /** The URNs the resource's `aliases` name, resolved like the monitor resolves URNs (`aliasUrnsOf`). */
  aliases: string[];
}

export interface RecordedResource {
  urn: string;
  type: string;
  name: string;
  custom: boolean;
  /** True when registered through readResource (e.g. a StackReference). */
  read: boolean;
  /** Parent URN, from the registration request (mocks never see it). */
  parent?: string;
  id?: string;
  /** Deserialized inputs; every secret value replaced by "[secret]", unknowns by "[unknown]". */
  inputs: Record<string, unknown>;
  /** What the mock returned, redacted the same way. */
  state: Record<string, unknown>;
  options: RecordedOptions;
  /** Input property -> URNs it depends on. */
  propertyDependencies: Record<string, string[]>;
  /** Outputs passed to `registerOutputs` (components and the stack), redacted the same way. */
  outputs?: Record<string, unknown>;
}

/** An invoke the program made, with its redacted arguments. */
export interface RecordedInvoke {
  token: string;
  inputs: Record<string, unknown>;
  provider?: string;
}

/** Outputs registered by one resource (see `PlanRecorder.registeredOutputs`). */
export interface RegisteredOutputs {
  /** Redacted: secrets "[secret]", unknowns "[unknown]". */
  redacted: Record<string, unknown>;
  /** Secrets unwrapped, unknowns undefined: only for feeding another in-process run, never for printing. */
  plain: Record<string, unknown>;
  /** Top-level keys whose value is (or contains) a secret. */
  secretKeys: string[];
}

type Callback<T> = (err: unknown, response?: T) => void;

/** The part of Pulumi's MockMonitor that the recorder wraps. */
export interface MockMonitorLike {
  registerResource(
    req: resproto.RegisterResourceRequest,
    cb: Callback<resproto.RegisterResourceResponse>,
  ): unknown;
  readResource(req: resproto.ReadResourceRequest, cb: Callback<resproto.ReadResourceResponse>): unknown;
  registerResourceOutputs(req: resproto.RegisterResourceOutputsRequest, cb: Callback<unknown>): unknown;
  invoke(req: resproto.ResourceInvokeRequest, cb: Callback<unknown>): unknown;
}

interface ProviderInfo {
  type: string;
  inputs: Record<string, unknown>;
}

const runtimeInternals = runtimeSettings as unknown as { waitForRPCs?: () => Promise<void> };

/**
 * What a program registered under `installPlanMocks`, in the order the registrations reached the monitor.
 */
export class PlanRecorder {
  readonly resources: RecordedResource[] = [];
  readonly invokes: RecordedInvoke[] = [];
  /** Failures of mocked operations (registration, read, invoke), e.g. a missing stack or an unmocked invoke. */
  readonly errors: Error[] = [];

  /** Provider references (`urn::id`) registered so far, with their plain inputs. */
  private readonly providers = new Map<string, ProviderInfo>();
  /** The `providers` map (package -> `urn::id`) of each component registration, by `type::name`. */
  private readonly componentProviders = new Map<string, Map<string, string>>();
  /** Transforms registered through the offline callback server, by token. */
  private readonly transformsByToken = new Map<string, pulumi.ResourceTransform>();
  private readonly outputsByUrn = new Map<string, RegisteredOutputs>();
  private readonly inFlight = new Map<number, string>();
  private nextRequest = 0;
  private completedRequests = 0;

  constructor(readonly environment: MockEnvironment) {}

  /**
   * Resolves once every registration the program has started has completed: no request is in flight at the
   * monitor, the runtime's outstanding RPCs (which include registrations still waiting for their inputs) have
   * drained, and nothing new started for a few event-loop turns. Rejects when nothing progresses for 10 seconds.
   */
  async settled(): Promise<void> {
    const stallLimitMs = 10_000;
    let lastProgress = -1;
    let lastProgressAt = Date.now();
    for (;;) {
      const started = this.nextRequest;
      const drained = await drainedWithin(200);
      await macrotask();
      await macrotask();
      if (drained && this.inFlight.size === 0 && this.nextRequest === started) {
        await macrotask();
        if (this.inFlight.size === 0 && this.nextRequest === started) {
          return;
        }
      }
      const progress = this.completedRequests + this.nextRequest;
      if (progress !== lastProgress) {
        lastProgress = progress;
        lastProgressAt = Date.now();
      } else if (Date.now() - lastProgressAt > stallLimitMs) {
        const pending = [...this.inFlight.values()];
        throw new Error(
          `registrations did not settle within ${stallLimitMs / 1000} s` +
            (pending.length > 0
              ? `; still in flight at the monitor: ${pending.join(", ")}`
              : "; a resource is waiting for an input that never resolves"),
        );
      }
    }
  }

  byType(type: string): RecordedResource[] {
    return this.resources.filter((r) => r.type === type);
  }

  /** The resource of this type and logical name; throws naming `type::name` when it was not registered. */
  find(type: string, name: string): RecordedResource {
    const found = this.resources.find((r) => r.type === type && r.name === name);
    if (found === undefined) {
      const names = this.byType(type).map((r) => r.name);
      throw new Error(
        `no resource ${type}::${name} was registered` +
          (names.length > 0 ? ` (registered ${type}: ${names.join(", ")})` : ` (no ${type} was registered)`),
      );
    }
    return found;
  }

  byUrn(urn: string): RecordedResource | undefined {
    return this.resources.find((r) => r.urn === urn);
  }

  /** Direct children of the resource with this URN. */
  childrenOf(urn: string): RecordedResource[] {
    return this.resources.filter((r) => r.parent === urn);
  }

  /** Outputs the resource with this URN registered with `registerOutputs`, if any. */
  registeredOutputs(urn: string): RegisteredOutputs | undefined {
    return this.outputsByUrn.get(urn);
  }

  /** The stack's outputs: what the root `pulumi:pulumi:Stack` resource registered, if anything. */
  stackOutputs(): RegisteredOutputs | undefined {
    const root = this.resources.find((r) => r.type === "pulumi:pulumi:Stack" && r.parent === undefined);
    return root === undefined ? undefined : this.registeredOutputs(root.urn);
  }

  /**
   * The `transforms` a resource was registered with. Offline, a multi-language component has no children for them
   * to change; a test runs them on the child it expects (e.g. the `aws:eks/cluster:Cluster` of an `eks.Cluster`).
   */
  transformsOf(resource: RecordedResource): pulumi.ResourceTransform[] {
    return resource.options.transforms.map((token) => {
      const transform = this.transformsByToken.get(token);
      if (transform === undefined) {
        throw new Error(`transform ${token} of ${resource.type}::${resource.name} was not registered`);
      }
      return transform;
    });
  }

  /**
   * @internal The callback server the runtime registers transforms with: it keeps each transform under a token
   * (the real CLI calls it back for every child; offline, nothing does).
   */
  callbackServer(): {
    registerTransform(transform: pulumi.ResourceTransform): Promise<CallbackMessage>;
    registerStackTransform(transform: pulumi.ResourceTransform): void;
    awaitStackRegistrations(): Promise<void>;
    shutdown(): void;
  } {
    return {
      registerTransform: async (transform) => {
        const token = `transform-${this.transformsByToken.size + 1}`;
        this.transformsByToken.set(token, transform);
        const callback = new CallbackMessage();
        callback.setTarget("offline-plan");
        callback.setToken(token);
        return callback;
      },
      registerStackTransform: () => {
        throw new Error("stack transforms are not supported by the offline plan; use resource transforms");
      },
      awaitStackRegistrations: async () => undefined,
      shutdown: () => undefined,
    };
  }

  /** Region of a resource: its own `region` input, else its provider's `region`, else config `aws:region`. */
  regionFor(provider: string | undefined, inputs?: Record<string, unknown>): string {
    const own = inputs?.["region"];
    if (typeof own === "string" && own !== "") {
      return own;
    }
    const providerRegion =
      provider === undefined ? undefined : this.providers.get(provider)?.inputs["region"];
    if (typeof providerRegion === "string" && providerRegion !== "") {
      return providerRegion;
    }
    return this.environment.config["aws:region"] ?? FALLBACK_REGION;
  }

  /**
   * The provider reference a component was given for a package (`providers: { aws }` or `provider`): the region of
   * a multi-language component's children. Undefined when it was given none.
   */
  componentProvider(type: string, name: string, pkg: string): string | undefined {
    return this.componentProviders.get(`${type}::${name}`)?.get(pkg);
  }

  /** `defaultTags.tags` of the provider with this reference (providers receive it as a JSON string). */
  defaultTagsFor(provider: string | undefined): Record<string, string> {
    const raw = provider === undefined ? undefined : this.providers.get(provider)?.inputs["defaultTags"];
    let parsed: unknown = raw;
    if (typeof raw === "string") {
      try {
        parsed = JSON.parse(raw);
      } catch {
        return {};
      }
    }
    const tags = isRecord(parsed) ? parsed["tags"] : undefined;
    return isRecord(tags) ? (tags as Record<string, string>) : {};
  }

  /** @internal Wraps the mock monitor so that every request is recorded. */
  attach(monitor: MockMonitorLike): void {
    const registerResource = monitor.registerResource.bind(monitor);
    const readResource = monitor.readResource.bind(monitor);
    const registerResourceOutputs = monitor.registerResourceOutputs.bind(monitor);
    const invoke = monitor.invoke.bind(monitor);
    monitor.registerResource = (req, cb) => this.recordRegistration(req, registerResource, cb);
    monitor.readResource = (req, cb) => this.recordRead(req, readResource, cb);
    monitor.registerResourceOutputs = (req, cb) => this.recordOutputs(req, registerResourceOutputs, cb);
    monitor.invoke = (req, cb) => this.recordInvoke(req, invoke, cb);
  }

  /**
   * A registration: recorded (in order) when it reaches the monitor, with its parent, options and property
   * dependencies; completed with the monitor's answer (URN, id, state), or dropped when it failed.
   */
  private recordRegistration(
    req: resproto.RegisterResourceRequest,
    forward: MockMonitorLike["registerResource"],
    cb: Callback<resproto.RegisterResourceResponse>,
  ): unknown {
    const entry = this.begin(`${req.getType()}::${req.getName()}`);
    if (!req.getCustom()) {
      this.componentProviders.set(
        `${req.getType()}::${req.getName()}`,
        new Map(req.getProvidersMap().entries()),
      );
    }
    const rawInputs = structToJs(req.getObject());
    const recorded: RecordedResource = {
      urn: "",
      type: req.getType(),
      name: req.getName(),
      custom: req.getCustom(),
      read: false,
      ...(req.getParent() !== "" ? { parent: req.getParent() } : {}),
      inputs: redact(rawInputs) as Record<string, unknown>,
      state: {},
      options: {
        protect: req.getProtect() === true,
        retainOnDelete: req.getRetainondelete() === true,
        ignoreChanges: [...req.getIgnorechangesList()],
        dependsOn: [...req.getDependenciesList()],
        ...(req.getProvider() !== "" ? { provider: req.getProvider() } : {}),
        deleteBeforeReplace: req.getDeletebeforereplace(),
        transforms: req.getTransformsList().map((callback) => callback.getToken()),
        aliases: aliasUrnsOf(req, this.environment),
      },
      propertyDependencies: propertyDependenciesOf(req),
    };
    this.resources.push(recorded);
    return forward(req, (err, response) => {
      if (err !== null && err !== undefined) {
        this.fail(recorded, err);
      } else if (response !== undefined) {
        recorded.urn = response.getUrn();
        const id = response.getId();
        if (id !== "") {
          recorded.id = id;
        }
        recorded.state = redact(structToJs(response.getObject())) as Record<string, unknown>;
        if (recorded.type.startsWith("pulumi:providers:")) {
          this.providers.set(`${recorded.urn}::${id}`, {
            type: recorded.type,
            inputs: plain(rawInputs) as Record<string, unknown>,
          });
        }
      }
      this.end(entry);
      cb(err, response);
    });
  }

  /** A read (a StackReference): recorded like a registration, with the id it reads. */
  private recordRead(
    req: resproto.ReadResourceRequest,
    forward: MockMonitorLike["readResource"],
    cb: Callback<resproto.ReadResourceResponse>,
  ): unknown {
    const entry = this.begin(`${req.getType()}::${req.getName()}`);
    const recorded: RecordedResource = {
      urn: "",
      type: req.getType(),
      name: req.getName(),
      custom: true,
      read: true,
      ...(req.getParent() !== "" ? { parent: req.getParent() } : {}),
      id: req.getId(),
      inputs: redact(structToJs(req.getProperties())) as Record<string, unknown>,
      state: {},
      options: {
        protect: false,
        retainOnDelete: false,
        ignoreChanges: [],
        dependsOn: [...req.getDependenciesList()],
        ...(req.getProvider() !== "" ? { provider: req.getProvider() } : {}),
        deleteBeforeReplace: false,
        transforms: [],
        aliases: [],
      },
      propertyDependencies: {},
    };
    this.resources.push(recorded);
    return forward(req, (err, response) => {
      if (err !== null && err !== undefined) {
        this.fail(recorded, err);
      } else if (response !== undefined) {
        recorded.urn = response.getUrn();
        recorded.state = redact(structToJs(response.getProperties())) as Record<string, unknown>;
      }
      this.end(entry);
      cb(err, response);
    });
  }

  /** The outputs a component or the stack registers: redacted on the resource, plain for a later run. */
  private recordOutputs(
    req: resproto.RegisterResourceOutputsRequest,
    forward: MockMonitorLike["registerResourceOutputs"],
    cb: Callback<unknown>,
  ): unknown {
    const entry = this.begin(`outputs of ${req.getUrn()}`);
    const raw = structToJs(req.getOutputs());
    const outputs: RegisteredOutputs = {
      redacted: redact(raw) as Record<string, unknown>,
      plain: plain(raw) as Record<string, unknown>,
      secretKeys: Object.keys(raw).filter((key) => containsSecret(raw[key])),
    };
    this.outputsByUrn.set(req.getUrn(), outputs);
    const resource = this.byUrn(req.getUrn());
    if (resource !== undefined) {
      resource.outputs = outputs.redacted;
    }
    return forward(req, (err, response) => {
      this.end(entry);
      cb(err, response);
    });
  }

  /** An invoke with its redacted arguments; a failed one is an error of the run, as the CLI would report it. */
  private recordInvoke(
    req: resproto.ResourceInvokeRequest,
    forward: MockMonitorLike["invoke"],
    cb: Callback<unknown>,
  ): unknown {
    const entry = this.begin(`invoke ${req.getTok()}`);
    const args = structToJs(req.getArgs());
    this.invokes.push({
      token: req.getTok(),
      inputs: redact(args) as Record<string, unknown>,
      ...(req.getProvider() !== "" ? { provider: req.getProvider() } : {}),
    });
    return forward(req, (err, response) => {
      if (err !== null && err !== undefined) {
        const error = asError(err);
        this.errors.push(error);
        // The runtime rejects a failed invoke with `new Error(err.details)`, the gRPC error's text.
        const withDetails = error as Error & { details?: string };
        withDetails.details ??= error.message;
        this.end(entry);
        cb(withDetails, response);
      } else {
        this.end(entry);
        cb(err, response);
      }
    });
  }

  private begin(label: string): number {
    const id = this.nextRequest++;
    this.inFlight.set(id, label);
    return id;
  }

  private end(id: number): void {
    this.inFlight.delete(id);
    this.completedRequests++;
  }

  private fail(recorded: RecordedResource, err: unknown): void {
    this.errors.push(asError(err));
    const index = this.resources.indexOf(recorded);
    if (index >= 0) {
      this.resources.splice(index, 1);
    }
  }
}

/** A recorded resource as the plan lists it (tools/plan/model.ts). */
export function planResourceOf(r: RecordedResource): PlanResource {
  return {
    urn: r.urn,
    type: r.type,
    name: r.name,
    ...(r.parent !== undefined ? { parent: r.parent } : {}),
    custom: r.custom,
    read: r.read,
    ...(r.id !== undefined ? { id: r.id } : {}),
    inputs: r.inputs,
    state: r.state,
    ...(r.outputs !== undefined ? { outputs: r.outputs } : {}),
    options: {
      protect: r.options.protect,
      retainOnDelete: r.options.retainOnDelete,
      ignoreChanges: r.options.ignoreChanges,
      dependsOn: r.options.dependsOn,
      ...(r.options.provider !== undefined ? { provider: r.options.provider } : {}),
      ...(r.options.aliases.length > 0 ? { aliases: r.options.aliases } : {}),
    },
    propertyDependencies: r.propertyDependencies,
  };
}

/**
 * The URN of a resource as the mock monitor computes it (`MockMonitor.newUrn` of @pulumi/pulumi's runtime/mocks.js):
 * the parent's last type, `$`, the type. The engine chains every ancestor's type instead; the mocks' URNs, and so
 * the aliases resolved here, use the monitor's form throughout, so an alias compares with a URN a plan recorded.
 */
export function mockUrn(stack: string, project: string, parent: string, type: string, name: string): string {
  const qualified = parent === "" ? type : `${parent.split("::")[2].split("$").pop()}$${type}`;
  return `urn:pulumi:${stack}::${project}::${qualified}::${name}`;
}

/**
 * The URNs a registration's `aliases` name. The SDK sends alias specs to a monitor that supports them (the mock one
 * does): an unset name, type, stack or project is the resource's own, an unset parent its current parent, and
 * `noParent` the stack's root (the engine's rules, pulumi/pulumi sdk/proto/alias.proto).
 */
function aliasUrnsOf(req: resproto.RegisterResourceRequest, env: MockEnvironment): string[] {
  return req.getAliasesList().map((alias) => {
    const spec = alias.getSpec();
    if (alias.hasUrn() || spec === undefined) {
      return alias.getUrn();
    }
    const parent = spec.getNoparent() ? "" : spec.getParenturn() || req.getParent();
    return mockUrn(
      spec.getStack() || env.stack,
      spec.getProject() || env.project,
      parent,
      spec.getType() || req.getType(),
      spec.getName() || req.getName(),
    );
  });
}

function propertyDependenciesOf(req: resproto.RegisterResourceRequest): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [key, deps] of req.getPropertydependenciesMap().entries()) {
    out[key] = [...deps.getUrnsList()];
  }
  return out;
}

function macrotask(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Whether the runtime's outstanding RPCs drain within `ms` (the timer never outlives the answer). */
function drainedWithin(ms: number): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    (runtimeInternals.waitForRPCs?.() ?? Promise.resolve()).then(
      () => {
        clearTimeout(timer);
        resolve(true);
      },
      () => {
        clearTimeout(timer);
        resolve(true);
      },
    );
  });
}
