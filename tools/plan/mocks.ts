/**
 * Pulumi mocks shared by the offline plan (`npm run plan`) and every test that registers resources.
 *
 * `installPlanMocks` installs `pulumi.runtime.setMocks` with realistic, deterministic answers (ids, ARNs in the
 * region of the provider a resource uses, invoke results) and wraps the mock monitor so that every registration
 * request is recorded with what mocks never see: the parent, the resource options and the property dependencies.
 */
import * as crypto from "crypto";
import * as pulumi from "@pulumi/pulumi";
import { Callback as CallbackMessage } from "@pulumi/pulumi/proto/callback_pb";
import type * as resproto from "@pulumi/pulumi/proto/resource_pb";
import * as runtimeSettings from "@pulumi/pulumi/runtime/settings";
import * as runtimeState from "@pulumi/pulumi/runtime/state";
import { REGION_AZ_LETTERS } from "../../stacks/regions";
import { SECRET_PLACEHOLDER, UNKNOWN_PLACEHOLDER } from "./model";

export const MOCK_ACCOUNT_ID = "123456789012";

/** Every secret value in recorded inputs, state and outputs is "[secret]", every unknown one "[unknown]". */
export { SECRET_PLACEHOLDER, UNKNOWN_PLACEHOLDER };

/** Region used when neither the resource, its provider nor the config names one. */
const FALLBACK_REGION = "us-east-1";

export interface RecordedOptions {
  protect: boolean;
  retainOnDelete: boolean;
  ignoreChanges: string[];
  /** Every direct dependency the engine is told about: explicit `dependsOn` plus the input properties' ones. */
  dependsOn: string[];
  /** Provider reference `urn::id` of a custom resource (absent when the default provider is used). */
  provider?: string;
  deleteBeforeReplace: boolean;
  /** Tokens of the resource's `transforms` (run them with `PlanRecorder.transformsOf`). */
  transforms: string[];
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

export interface MockEnvironment {
  project: string;
  /** Short stack name, e.g. "prod-taipei". */
  stack: string;
  /** Full keys like "aws:region", "platform:network" (JSON string for structured values). */
  config: Record<string, string>;
  secretKeys?: string[];
  /** Outputs of other stacks by the exact name a StackReference is given. */
  stackOutputs?: Record<string, Record<string, unknown>>;
  /** Names of the outputs of `stackOutputs[name]` that are secrets (they read back as secret outputs). */
  stackSecretOutputs?: Record<string, string[]>;
  /** Default false. */
  preview?: boolean;
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
interface MockMonitorLike {
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

/** The runtime's feature flags and callback server, which `setMocks` leaves without transforms. */
interface RuntimeStore {
  supportsTransforms: boolean;
  callbacks?: unknown;
}
const runtimeStore = runtimeState as unknown as { getStore(): RuntimeStore };

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

    monitor.registerResource = (req, cb) => {
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
        },
        propertyDependencies: propertyDependenciesOf(req),
      };
      this.resources.push(recorded);
      return registerResource(req, (err, response) => {
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
    };

    monitor.readResource = (req, cb) => {
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
        },
        propertyDependencies: {},
      };
      this.resources.push(recorded);
      return readResource(req, (err, response) => {
        if (err !== null && err !== undefined) {
          this.fail(recorded, err);
        } else if (response !== undefined) {
          recorded.urn = response.getUrn();
          recorded.state = redact(structToJs(response.getProperties())) as Record<string, unknown>;
        }
        this.end(entry);
        cb(err, response);
      });
    };

    monitor.registerResourceOutputs = (req, cb) => {
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
      return registerResourceOutputs(req, (err, response) => {
        this.end(entry);
        cb(err, response);
      });
    };

    monitor.invoke = (req, cb) => {
      const entry = this.begin(`invoke ${req.getTok()}`);
      const args = structToJs(req.getArgs());
      this.invokes.push({
        token: req.getTok(),
        inputs: redact(args) as Record<string, unknown>,
        ...(req.getProvider() !== "" ? { provider: req.getProvider() } : {}),
      });
      return invoke(req, (err, response) => {
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
    };
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

/**
 * Installs the mocks for one program run or test: `pulumi.runtime.setMocks` with the project and stack, then the
 * config, then the recording wrapper around the mock monitor. Returns a fresh recorder on every call.
 */
export function installPlanMocks(env: MockEnvironment): PlanRecorder {
  const recorder = new PlanRecorder(env);
  const mocks = new PlanMocks(env, recorder);
  void pulumi.runtime.setMocks(mocks, env.project, env.stack, env.preview ?? false).catch((err: unknown) => {
    recorder.errors.push(asError(err));
  });
  pulumi.runtime.setAllConfig(env.config, env.secretKeys);
  // The real CLI supports resource transforms (they reach the children of multi-language components too); the
  // mock monitor does not, so the recorder stands in for the callback server that registers them.
  const store = runtimeStore.getStore();
  store.supportsTransforms = true;
  store.callbacks = recorder.callbackServer();
  const monitor = pulumi.runtime.getMonitor() as unknown as MockMonitorLike | undefined;
  if (monitor === undefined) {
    throw new Error("pulumi.runtime.setMocks did not install a mock monitor");
  }
  recorder.attach(monitor);
  return recorder;
}

/** Resource and invoke answers. */
class PlanMocks implements pulumi.runtime.Mocks {
  constructor(
    private readonly env: MockEnvironment,
    private readonly recorder: PlanRecorder,
  ) {}

  newResource(args: pulumi.runtime.MockResourceArgs): pulumi.runtime.MockResourceResult {
    const inputs = (args.inputs ?? {}) as Record<string, unknown>;
    if (args.type === "pulumi:pulumi:StackReference") {
      return this.stackReference(args);
    }
    if (args.type.startsWith("pulumi:providers:")) {
      return { id: uuidFrom(this.seed(args.type, args.name)), state: inputs };
    }
    if (args.type === "eks:index:Cluster") {
      // A multi-language component: offline it registers no children, so it answers with the outputs a real
      // cluster component resolves to (plain ones only; resource-typed outputs stay unset).
      const values = plain(inputs) as Record<string, unknown>;
      const region = this.recorder.regionFor(this.recorder.componentProvider(args.type, args.name, "aws"));
      return {
        id: undefined,
        state: {
          ...inputs,
          ...eksClusterOutputs(this.seed(args.type, args.name), args.name, values, region),
        },
      };
    }
    if (args.custom !== true) {
      return { id: undefined, state: inputs };
    }
    const values = plain(inputs) as Record<string, unknown>;
    const region = this.recorder.regionFor(args.provider, args.type.startsWith("aws:") ? values : undefined);
    const computed = this.computedState(args.type, args.name, values, region, args.provider, inputs);
    return { id: computed.id, state: { ...inputs, ...computed.state } };
  }

  call(args: pulumi.runtime.MockCallArgs): pulumi.runtime.MockCallResult {
    const inputs = plain(args.inputs ?? {}) as Record<string, unknown>;
    const region = this.recorder.regionFor(args.provider);
    switch (args.token) {
      case "aws:index/getCallerIdentity:getCallerIdentity":
        return {
          accountId: MOCK_ACCOUNT_ID,
          arn: `arn:aws:sts::${MOCK_ACCOUNT_ID}:assumed-role/offline-plan/offline-plan`,
          id: MOCK_ACCOUNT_ID,
          userId: "AROAOFFLINEPLAN000000:offline-plan",
        };
      case "aws:index/getRegion:getRegion": {
        const name = stringOr(inputs["region"], stringOr(inputs["name"], region));
        return {
          name,
          region: name,
          id: name,
          endpoint: `ec2.${name}.amazonaws.com`,
          description: name,
        };
      }
      case "aws:index/getPartition:getPartition":
        return { id: "aws", partition: "aws", dnsSuffix: "amazonaws.com", reverseDnsPrefix: "com.amazonaws" };
      case "aws:index/getAvailabilityZones:getAvailabilityZones":
        return availabilityZones(stringOr(inputs["region"], region), inputs);
      case "aws:iam/getPolicyDocument:getPolicyDocument": {
        const rendered = renderPolicyDocument(inputs as PolicyDocumentArgs);
        return { ...inputs, id: shortHash(rendered.minifiedJson, 10), ...rendered };
      }
      default:
        throw new Error(`unmocked invoke ${args.token}: add it to tools/plan/mocks.ts`);
    }
  }

  private stackReference(args: pulumi.runtime.MockResourceArgs): pulumi.runtime.MockResourceResult {
    const inputs = plain(args.inputs ?? {}) as Record<string, unknown>;
    const name = stringOr(inputs["name"], stringOr(args.id, args.name));
    const outputs = this.env.stackOutputs?.[name];
    if (outputs === undefined) {
      const known = Object.keys(this.env.stackOutputs ?? {});
      throw new Error(
        `stack ${name} has no outputs in the offline plan: plan it first (npm run plan -- ${shortStackName(name)})` +
          (known.length > 0 ? `; outputs are known for: ${known.join(", ")}` : ""),
      );
    }
    const secretNames = this.env.stackSecretOutputs?.[name] ?? [];
    const values: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(outputs)) {
      values[key] = secretNames.includes(key) ? pulumi.secret(value) : value;
    }
    return { id: name, state: { name, outputs: values, secretOutputNames: [...secretNames] } };
  }

  /** Deterministic seed of a resource: stable per project, stack, type and logical name. */
  private seed(type: string, name: string): string {
    return `${this.env.project}/${this.env.stack}::${type}::${name}`;
  }

  private computedState(
    type: string,
    name: string,
    inputs: Record<string, unknown>,
    region: string,
    provider: string | undefined,
    wireInputs: Record<string, unknown>,
  ): { id: string; state: Record<string, unknown> } {
    const seed = this.seed(type, name);
    const ec2 = (prefix: string) => `${prefix}-${shortHash(seed, 17)}`;
    const ec2Arn = (kind: string, id: string) => `arn:aws:ec2:${region}:${MOCK_ACCOUNT_ID}:${kind}/${id}`;
    const common: Record<string, unknown> = {};
    if (type.startsWith("aws:") && !type.startsWith("aws:iam/")) {
      common["region"] = region;
    }
    if (isRecord(inputs["tags"])) {
      // The provider's default tags merged with the resource's own; secret when any tag is.
      const tagsAll = { ...this.recorder.defaultTagsFor(provider), ...inputs["tags"] };
      common["tagsAll"] = containsSecret(wireInputs["tags"]) ? pulumi.secret(tagsAll) : tagsAll;
    }
    const result = (id: string, state: Record<string, unknown>) => ({ id, state: { ...common, ...state } });

    switch (type) {
      case "aws:ec2/vpc:Vpc": {
        const id = ec2("vpc");
        const routeTable = `rtb-${shortHash(`${seed}/main-route-table`, 17)}`;
        return result(id, {
          arn: ec2Arn("vpc", id),
          ownerId: MOCK_ACCOUNT_ID,
          defaultSecurityGroupId: `sg-${shortHash(`${seed}/default-sg`, 17)}`,
          defaultNetworkAclId: `acl-${shortHash(`${seed}/default-acl`, 17)}`,
          defaultRouteTableId: routeTable,
          mainRouteTableId: routeTable,
          dhcpOptionsId: `dopt-${shortHash(`${seed}/dhcp`, 17)}`,
        });
      }
      case "aws:ec2/subnet:Subnet": {
        const id = ec2("subnet");
        const az = inputs["availabilityZone"];
        return result(id, {
          arn: ec2Arn("subnet", id),
          ownerId: MOCK_ACCOUNT_ID,
          ...(typeof az === "string" ? { availabilityZoneId: zoneIdOf(az) } : {}),
        });
      }
      case "aws:ec2/routeTable:RouteTable": {
        const id = ec2("rtb");
        return result(id, { arn: ec2Arn("route-table", id), ownerId: MOCK_ACCOUNT_ID });
      }
      case "aws:ec2/internetGateway:InternetGateway": {
        const id = ec2("igw");
        return result(id, { arn: ec2Arn("internet-gateway", id), ownerId: MOCK_ACCOUNT_ID });
      }
      case "aws:ec2/eip:Eip": {
        const id = ec2("eipalloc");
        return result(id, {
          allocationId: id,
          publicIp: `203.0.113.${(parseInt(shortHash(`${seed}/ip`, 4), 16) % 254) + 1}`,
          arn: ec2Arn("elastic-ip", id),
          domain: stringOr(inputs["domain"], "vpc"),
        });
      }
      case "aws:ec2/natGateway:NatGateway": {
        const id = ec2("nat");
        return result(id, { networkInterfaceId: `eni-${shortHash(`${seed}/eni`, 17)}` });
      }
      case "aws:ec2/securityGroup:SecurityGroup": {
        const id = ec2("sg");
        return result(id, { arn: ec2Arn("security-group", id), ownerId: MOCK_ACCOUNT_ID });
      }
      case "aws:ec2/vpcEndpoint:VpcEndpoint":
        return result(...vpcEndpointState(seed, inputs, region, ec2("vpce"), ec2Arn));
      case "aws:ec2/flowLog:FlowLog": {
        const id = ec2("fl");
        return result(id, { arn: ec2Arn("vpc-flow-log", id) });
      }
      case "aws:ec2/vpcPeeringConnection:VpcPeeringConnection": {
        const id = ec2("pcx");
        return result(id, {
          acceptStatus: inputs["autoAccept"] === true ? "active" : "pending-acceptance",
          peerOwnerId: stringOr(inputs["peerOwnerId"], MOCK_ACCOUNT_ID),
          peerRegion: stringOr(inputs["peerRegion"], region),
        });
      }
      case "aws:ec2/vpcPeeringConnectionAccepter:VpcPeeringConnectionAccepter": {
        const id = stringOr(inputs["vpcPeeringConnectionId"], ec2("pcx"));
        return result(id, { acceptStatus: "active", peerOwnerId: MOCK_ACCOUNT_ID });
      }
      case "aws:cloudwatch/logGroup:LogGroup": {
        const groupName = stringOr(inputs["name"], name);
        return result(groupName, {
          name: groupName,
          arn: `arn:aws:logs:${region}:${MOCK_ACCOUNT_ID}:log-group:${groupName}`,
        });
      }
      case "aws:kms/key:Key": {
        const keyId = uuidFrom(seed);
        return result(keyId, { keyId, arn: `arn:aws:kms:${region}:${MOCK_ACCOUNT_ID}:key/${keyId}` });
      }
      case "aws:kms/alias:Alias": {
        const aliasName = stringOr(inputs["name"], `alias/${name}`);
        const target = inputs["targetKeyId"];
        return result(aliasName, {
          name: aliasName,
          arn: `arn:aws:kms:${region}:${MOCK_ACCOUNT_ID}:${aliasName}`,
          ...(typeof target === "string"
            ? {
                targetKeyArn: target.startsWith("arn:")
                  ? target
                  : `arn:aws:kms:${region}:${MOCK_ACCOUNT_ID}:key/${target}`,
              }
            : {}),
        });
      }
      case "aws:iam/role:Role": {
        const roleName = stringOr(inputs["name"], name);
        return result(roleName, {
          name: roleName,
          arn: `arn:aws:iam::${MOCK_ACCOUNT_ID}:role${stringOr(inputs["path"], "/")}${roleName}`,
          uniqueId: `AROA${upperId(seed, 17)}`,
        });
      }
      case "aws:iam/openIdConnectProvider:OpenIdConnectProvider": {
        // IAM names an OIDC provider after its issuer URL without the scheme (one provider per URL and account).
        const issuer = stringOr(inputs["url"], name).replace(/^https:\/\//, "");
        const arn = `arn:aws:iam::${MOCK_ACCOUNT_ID}:oidc-provider/${issuer}`;
        return result(arn, { arn });
      }
      case "aws:ec2/launchTemplate:LaunchTemplate": {
        const id = ec2("lt");
        return result(id, { arn: ec2Arn("launch-template", id), latestVersion: 1, defaultVersion: 1 });
      }
      case "aws:eks/addon:Addon": {
        const cluster = stringOr(inputs["clusterName"], "cluster");
        const addon = stringOr(inputs["addonName"], name);
        return result(`${cluster}:${addon}`, {
          arn: `arn:aws:eks:${region}:${MOCK_ACCOUNT_ID}:addon/${cluster}/${addon}/${uuidFrom(seed)}`,
        });
      }
      case "aws:eks/accessEntry:AccessEntry": {
        const cluster = stringOr(inputs["clusterName"], "cluster");
        const principal = stringOr(inputs["principalArn"], name);
        return result(`${cluster}:${principal}`, {
          accessEntryArn: `arn:aws:eks:${region}:${MOCK_ACCOUNT_ID}:access-entry/${cluster}/${uuidFrom(seed)}`,
          userName: principal,
        });
      }
      case "aws:eks/podIdentityAssociation:PodIdentityAssociation": {
        const cluster = stringOr(inputs["clusterName"], "cluster");
        const associationId = `a-${shortHash(seed, 17)}`;
        return result(`${cluster},${associationId}`, {
          associationId,
          associationArn: `arn:aws:eks:${region}:${MOCK_ACCOUNT_ID}:podidentityassociation/${cluster}/${associationId}`,
        });
      }
      case "aws:iam/policy:Policy": {
        const policyName = stringOr(inputs["name"], name);
        const arn = `arn:aws:iam::${MOCK_ACCOUNT_ID}:policy${stringOr(inputs["path"], "/")}${policyName}`;
        return result(arn, { name: policyName, arn, policyId: `ANPA${upperId(seed, 17)}` });
      }
      case "aws:rds/subnetGroup:SubnetGroup": {
        const groupName = stringOr(inputs["name"], name);
        return result(groupName, {
          name: groupName,
          arn: `arn:aws:rds:${region}:${MOCK_ACCOUNT_ID}:subgrp:${groupName}`,
        });
      }
      case "aws:msk/cluster:Cluster":
        return result(...mskClusterState(seed, name, inputs, region));
      case "aws:msk/configuration:Configuration": {
        const configurationName = stringOr(inputs["name"], name);
        const arn = `arn:aws:kafka:${region}:${MOCK_ACCOUNT_ID}:configuration/${configurationName}/${mskUuid(seed)}`;
        return result(arn, { arn, name: configurationName, latestRevision: 1 });
      }
      case "aws:msk/topic:Topic": {
        // Topics are identified by `<cluster ARN>,<topic name>` (the import id) and their ARN sits beside the cluster's.
        const clusterArn = stringOr(
          inputs["clusterArn"],
          `arn:aws:kafka:${region}:${MOCK_ACCOUNT_ID}:cluster/x/y`,
        );
        const topicName = stringOr(inputs["name"], name);
        return result(`${clusterArn},${topicName}`, {
          name: topicName,
          arn: `${clusterArn.replace(":cluster/", ":topic/")}/${topicName}`,
          configsActual: stringOr(inputs["configs"], "{}"),
        });
      }
      case "aws:msk/replicator:Replicator": {
        const replicatorName = stringOr(inputs["replicatorName"], name);
        const arn = `arn:aws:kafka:${region}:${MOCK_ACCOUNT_ID}:replicator/${replicatorName}/${mskUuid(seed)}`;
        return result(arn, { arn, currentVersion: `K${upperId(`${seed}/version`, 13)}` });
      }
      case "aws:msk/clusterPolicy:ClusterPolicy":
        return result(stringOr(inputs["clusterArn"], name), {
          currentVersion: `K${upperId(`${seed}/version`, 13)}`,
        });
      case "aws:appautoscaling/target:Target": {
        const resourceId = stringOr(inputs["resourceId"], name);
        return result(resourceId, {
          arn: `arn:aws:application-autoscaling:${region}:${MOCK_ACCOUNT_ID}:scalable-target/${shortHash(seed, 28)}`,
          roleArn: `arn:aws:iam::${MOCK_ACCOUNT_ID}:role/aws-service-role/kafka.application-autoscaling.amazonaws.com/AWSServiceRoleForApplicationAutoScaling_KafkaCluster`,
        });
      }
      case "aws:appautoscaling/policy:Policy": {
        const policyName = stringOr(inputs["name"], name);
        return result(policyName, {
          name: policyName,
          arn:
            `arn:aws:autoscaling:${region}:${MOCK_ACCOUNT_ID}:scalingPolicy:${uuidFrom(seed)}:resource/` +
            `${stringOr(inputs["serviceNamespace"], "kafka")}/${stringOr(inputs["resourceId"], name)}:policyName/${policyName}`,
          alarmArns: [],
        });
      }
      case "aws:rds/globalCluster:GlobalCluster":
      case "aws:rds/cluster:Cluster":
      case "aws:rds/clusterInstance:ClusterInstance":
        return result(...rdsState(type, seed, name, inputs, region));
      case "aws:sns/topic:Topic": {
        // Topics are identified by their ARN, which ends in the (auto-)name.
        const topicName = stringOr(inputs["name"], `${name}-${shortHash(seed, 7)}`);
        const arn = `arn:aws:sns:${region}:${MOCK_ACCOUNT_ID}:${topicName}`;
        return result(arn, { arn, name: topicName, owner: MOCK_ACCOUNT_ID });
      }
      case "aws:sns/topicPolicy:TopicPolicy":
        return result(stringOr(inputs["arn"], name), { owner: MOCK_ACCOUNT_ID });
      case "aws:sns/topicSubscription:TopicSubscription": {
        // E-mail and HTTP(S) subscriptions stay pending until the recipient confirms them.
        const topicArn = stringOr(inputs["topic"], `arn:aws:sns:${region}:${MOCK_ACCOUNT_ID}:topic`);
        const arn = `${topicArn}:${uuidFrom(seed)}`;
        const protocol = stringOr(inputs["protocol"], "email");
        return result(arn, {
          arn,
          ownerId: MOCK_ACCOUNT_ID,
          pendingConfirmation: ["email", "email-json", "http", "https"].includes(protocol),
        });
      }
      case "aws:amp/workspace:Workspace": {
        const id = `ws-${uuidFrom(seed)}`;
        return result(id, {
          arn: `arn:aws:aps:${region}:${MOCK_ACCOUNT_ID}:workspace/${id}`,
          prometheusEndpoint: `https://aps-workspaces.${region}.amazonaws.com/workspaces/${id}/`,
        });
      }
      case "aws:amp/workspaceConfiguration:WorkspaceConfiguration":
      case "aws:amp/alertManagerDefinition:AlertManagerDefinition":
        return result(stringOr(inputs["workspaceId"], name), {});
      case "aws:amp/ruleGroupNamespace:RuleGroupNamespace": {
        const arn = `arn:aws:aps:${region}:${MOCK_ACCOUNT_ID}:rulegroupsnamespace/${stringOr(inputs["workspaceId"], "ws")}/${stringOr(inputs["name"], name)}`;
        return result(arn, { arn });
      }
      case "aws:amp/scraper:Scraper": {
        const id = `s-${uuidFrom(seed)}`;
        return result(id, {
          arn: `arn:aws:aps:${region}:${MOCK_ACCOUNT_ID}:scraper/${id}`,
          roleArn:
            `arn:aws:iam::${MOCK_ACCOUNT_ID}:role/aws-service-role/scraper.aps.amazonaws.com/` +
            `AWSServiceRoleForAmazonPrometheusScraper_${shortHash(`${seed}/role`, 15)}`,
        });
      }
      case "aws:grafana/workspace:Workspace": {
        const id = `g-${shortHash(seed, 10)}`;
        return result(id, {
          arn: `arn:aws:grafana:${region}:${MOCK_ACCOUNT_ID}:/workspaces/${id}`,
          endpoint: `${id}.grafana-workspace.${region}.amazonaws.com`,
          grafanaVersion: stringOr(inputs["grafanaVersion"], "10.4"),
        });
      }
      case "aws:cloudwatch/metricAlarm:MetricAlarm": {
        const alarmName = stringOr(inputs["name"], `${name}-${shortHash(seed, 7)}`);
        return result(alarmName, {
          name: alarmName,
          arn: `arn:aws:cloudwatch:${region}:${MOCK_ACCOUNT_ID}:alarm:${alarmName}`,
        });
      }
      case "aws:cloudwatch/dashboard:Dashboard": {
        // Dashboards belong to the account, not a region: no region in the ARN.
        const dashboardName = stringOr(inputs["dashboardName"], name);
        return result(dashboardName, {
          dashboardArn: `arn:aws:cloudwatch::${MOCK_ACCOUNT_ID}:dashboard/${dashboardName}`,
        });
      }
      case "aws:xray/samplingRule:SamplingRule": {
        const ruleName = stringOr(inputs["ruleName"], name);
        return result(ruleName, {
          arn: `arn:aws:xray:${region}:${MOCK_ACCOUNT_ID}:sampling-rule/${ruleName}`,
        });
      }
      case "aws:rds/clusterParameterGroup:ClusterParameterGroup": {
        const groupName = stringOr(inputs["name"], `${name}-${shortHash(seed, 7)}`);
        return result(groupName, {
          name: groupName,
          arn: `arn:aws:rds:${region}:${MOCK_ACCOUNT_ID}:cluster-pg:${groupName}`,
        });
      }
      case "aws:secretsmanager/secret:Secret": {
        // Secrets Manager appends six random characters to the name in the ARN; the ARN is the id.
        const secretName = stringOr(inputs["name"], `${name}-${shortHash(seed, 8)}`);
        const arn = `arn:aws:secretsmanager:${region}:${MOCK_ACCOUNT_ID}:secret:${secretName}-${upperId(`${seed}/arn`, 6)}`;
        return result(arn, { arn, name: secretName });
      }
      case "aws:secretsmanager/secretVersion:SecretVersion": {
        const versionId = uuidFrom(`${seed}/version`);
        const secretId = stringOr(inputs["secretId"], "secret");
        return result(`${secretId}|${versionId}`, {
          arn: secretId,
          versionId,
          versionStages: ["AWSCURRENT"],
        });
      }
      case "random:index/randomPassword:RandomPassword": {
        // The provider marks the result and its hash secret; so must the mock, or plans would print them.
        const length = typeof inputs["length"] === "number" ? inputs["length"] : 16;
        const value = passwordFrom(seed, length);
        return result(`${name}-${shortHash(seed, 8)}`, {
          result: pulumi.secret(value),
          bcryptHash: pulumi.secret(`$2a$10$${shortHash(`${seed}/bcrypt`, 53)}`),
        });
      }
      case "random:index/randomString:RandomString": {
        const length = typeof inputs["length"] === "number" ? inputs["length"] : 16;
        const value = passwordFrom(seed, length);
        return result(`${name}-${shortHash(seed, 8)}`, {
          result: inputs["upper"] === false ? value.toLowerCase() : value,
        });
      }
      default:
        return result(
          `${name}-${shortHash(seed, 8)}`,
          type.startsWith("aws:") ? { arn: genericArn(type, name, region) } : {},
        );
    }
  }
}

/** Default port of an RDS engine. */
function enginePort(engine: unknown): number {
  return typeof engine === "string" && engine.includes("mysql") ? 3306 : 5432;
}

/**
 * Global clusters, clusters and instances: the identifier is the id (auto-named when absent), ARNs in RDS's
 * formats (global clusters have no region), endpoints in the shapes RDS gives them.
 */
function rdsState(
  type: string,
  seed: string,
  name: string,
  inputs: Record<string, unknown>,
  region: string,
): [string, Record<string, unknown>] {
  const host = shortHash(`${seed}/host`, 12);
  const engineVersion = inputs["engineVersion"];
  const actual = typeof engineVersion === "string" ? { engineVersionActual: engineVersion } : {};
  switch (type) {
    case "aws:rds/globalCluster:GlobalCluster": {
      const id = stringOr(inputs["globalClusterIdentifier"], `${name}-${shortHash(seed, 8)}`);
      return [
        id,
        {
          globalClusterIdentifier: id,
          arn: `arn:aws:rds::${MOCK_ACCOUNT_ID}:global-cluster:${id}`,
          globalClusterResourceId: `cluster-${upperId(seed, 26)}`,
          endpoint: `${id}.global-${host}.global.rds.amazonaws.com`,
          globalClusterMembers: [],
          ...actual,
        },
      ];
    }
    case "aws:rds/cluster:Cluster": {
      const id = stringOr(inputs["clusterIdentifier"], `${name}-${shortHash(seed, 8)}`);
      return [
        id,
        {
          clusterIdentifier: id,
          arn: `arn:aws:rds:${region}:${MOCK_ACCOUNT_ID}:cluster:${id}`,
          clusterResourceId: `cluster-${upperId(seed, 26)}`,
          endpoint: `${id}.cluster-${host}.${region}.rds.amazonaws.com`,
          readerEndpoint: `${id}.cluster-ro-${host}.${region}.rds.amazonaws.com`,
          port: typeof inputs["port"] === "number" ? inputs["port"] : enginePort(inputs["engine"]),
          hostedZoneId: `Z${upperId(`${seed}/zone`, 13)}`,
          ...actual,
        },
      ];
    }
    default: {
      const id = stringOr(inputs["identifier"], `${name}-${shortHash(seed, 8)}`);
      return [
        id,
        {
          identifier: id,
          arn: `arn:aws:rds:${region}:${MOCK_ACCOUNT_ID}:db:${id}`,
          dbiResourceId: `db-${upperId(seed, 26)}`,
          endpoint: `${id}.${host}.${region}.rds.amazonaws.com`,
          port: enginePort(inputs["engine"]),
          ...actual,
        },
      ];
    }
  }
}

/**
 * What the mocks return as the `result` of a `random` RandomPassword of this project, stack and name: lets a test
 * check that the plaintext never appears in a plan (it is only ever known to the mock).
 */
export function mockRandomResult(
  project: string,
  stack: string,
  type: string,
  name: string,
  length: number,
): string {
  return passwordFrom(`${project}/${stack}::${type}::${name}`, length);
}

/**
 * What an `eks:index:Cluster` resolves to: the kubeconfig (exec-based, like `@pulumi/eks` generates it), the
 * cluster security group (also the node security group when the component creates no security groups of its own),
 * the OIDC issuer and provider, and the plain parts of `core`.
 */
function eksClusterOutputs(
  seed: string,
  name: string,
  inputs: Record<string, unknown>,
  region: string,
): Record<string, unknown> {
  const clusterName = stringOr(inputs["name"], `${name}-eksCluster-${shortHash(seed, 7)}`);
  const issuer = `oidc.eks.${region}.amazonaws.com/id/${shortHash(`${seed}/oidc`, 32).toUpperCase()}`;
  const endpoint = `https://${shortHash(`${seed}/endpoint`, 32).toUpperCase()}.gr7.${region}.eks.amazonaws.com`;
  const clusterSecurityGroupId = `sg-${shortHash(`${seed}/cluster-sg`, 17)}`;
  const certificateAuthority = Buffer.from(
    `-----BEGIN CERTIFICATE-----\nOFFLINE-PLAN-${shortHash(`${seed}/ca`, 32)}\n-----END CERTIFICATE-----\n`,
  ).toString("base64");
  const kubeconfig = {
    apiVersion: "v1",
    kind: "Config",
    clusters: [
      {
        name: "kubernetes",
        cluster: { server: endpoint, "certificate-authority-data": certificateAuthority },
      },
    ],
    contexts: [{ name: "aws", context: { cluster: "kubernetes", user: "aws" } }],
    "current-context": "aws",
    users: [
      {
        name: "aws",
        user: {
          exec: {
            apiVersion: "client.authentication.k8s.io/v1beta1",
            command: "aws",
            args: ["--region", region, "eks", "get-token", "--cluster-name", clusterName, "--output", "json"],
          },
        },
      },
    ],
  };
  const subnetIds = [
    ...stringList(inputs["subnetIds"]),
    ...stringList(inputs["publicSubnetIds"]),
    ...stringList(inputs["privateSubnetIds"]),
  ];
  return {
    kubeconfig,
    kubeconfigJson: JSON.stringify(kubeconfig),
    clusterSecurityGroupId,
    nodeSecurityGroupId:
      inputs["skipDefaultSecurityGroups"] === true
        ? clusterSecurityGroupId
        : `sg-${shortHash(`${seed}/node-sg`, 17)}`,
    oidcIssuer: issuer,
    oidcProviderUrl: `https://${issuer}`,
    oidcProviderArn:
      inputs["createOidcProvider"] === true ? `arn:aws:iam::${MOCK_ACCOUNT_ID}:oidc-provider/${issuer}` : "",
    core: {
      endpoint,
      vpcId: inputs["vpcId"],
      subnetIds,
      ...(inputs["privateSubnetIds"] !== undefined
        ? { privateSubnetIds: stringList(inputs["privateSubnetIds"]) }
        : {}),
    },
  };
}

function vpcEndpointState(
  seed: string,
  inputs: Record<string, unknown>,
  region: string,
  id: string,
  ec2Arn: (kind: string, id: string) => string,
): [string, Record<string, unknown>] {
  const endpointType = stringOr(inputs["vpcEndpointType"], "Gateway");
  const state: Record<string, unknown> = {
    arn: ec2Arn("vpc-endpoint", id),
    ownerId: MOCK_ACCOUNT_ID,
    state: "available",
    vpcEndpointType: endpointType,
  };
  if (endpointType === "Gateway") {
    state["prefixListId"] = `pl-${shortHash(`${seed}/prefix-list`, 8)}`;
    state["dnsEntries"] = [];
    state["networkInterfaceIds"] = [];
  } else {
    const serviceName = stringOr(inputs["serviceName"], "service");
    const service = serviceName.startsWith(`com.amazonaws.${region}.`)
      ? serviceName.slice(`com.amazonaws.${region}.`.length)
      : serviceName;
    const subnets = Array.isArray(inputs["subnetIds"]) ? inputs["subnetIds"] : [];
    state["dnsEntries"] = [
      {
        dnsName: `${id}-${shortHash(`${seed}/dns`, 8)}.${service}.${region}.vpce.amazonaws.com`,
        hostedZoneId: `Z${upperId(`${seed}/zone`, 13)}`,
      },
    ];
    state["networkInterfaceIds"] = subnets.map(
      (subnet) => `eni-${shortHash(`${seed}/${String(subnet)}`, 17)}`,
    );
  }
  return [id, state];
}

/** MSK's resource suffix: a UUID and a revision number, e.g. `1b2c…-3`. */
function mskUuid(seed: string): string {
  return `${uuidFrom(seed)}-${(parseInt(shortHash(`${seed}/revision`, 2), 16) % 25) + 1}`;
}

/**
 * An MSK cluster as the provider reports it: its ARN is its id; bootstrap strings list one broker per node (IAM on
 * 9098, TLS on 9094, multi-VPC IAM on 14001+ when turned on); ZooKeeper strings only for ZooKeeper-mode versions.
 */
function mskClusterState(
  seed: string,
  name: string,
  inputs: Record<string, unknown>,
  region: string,
): [string, Record<string, unknown>] {
  const clusterName = stringOr(inputs["clusterName"], name);
  const uuid = mskUuid(seed);
  const arn = `arn:aws:kafka:${region}:${MOCK_ACCOUNT_ID}:cluster/${clusterName}/${uuid}`;
  const brokers = typeof inputs["numberOfBrokerNodes"] === "number" ? inputs["numberOfBrokerNodes"] : 3;
  const domain = `${clusterName.toLowerCase()}.${shortHash(`${seed}/dns`, 6)}.c2.kafka.${region}.amazonaws.com`;
  const hosts = (prefix: string, count: number, port: (index: number) => number) =>
    Array.from({ length: count }, (_, index) => `${prefix}-${index + 1}.${domain}:${port(index)}`).join(",");
  const info = isRecord(inputs["brokerNodeGroupInfo"]) ? inputs["brokerNodeGroupInfo"] : {};
  const connectivity = isRecord(info["connectivityInfo"]) ? info["connectivityInfo"] : {};
  const vpcConnectivity = isRecord(connectivity["vpcConnectivity"]) ? connectivity["vpcConnectivity"] : {};
  const vpcAuth = isRecord(vpcConnectivity["clientAuthentication"])
    ? vpcConnectivity["clientAuthentication"]
    : {};
  const vpcSasl = isRecord(vpcAuth["sasl"]) ? vpcAuth["sasl"] : {};
  const version = stringOr(inputs["kafkaVersion"], "3.8.x");
  const zookeeper = !version.endsWith(".kraft") && Number(version.split(".")[0]) < 4;
  return [
    arn,
    {
      arn,
      clusterName,
      clusterUuid: uuid,
      currentVersion: `K${upperId(`${seed}/version`, 13)}`,
      bootstrapBrokers: "",
      bootstrapBrokersSaslIam: hosts("b", brokers, () => 9098),
      bootstrapBrokersTls: hosts("b", brokers, () => 9094),
      bootstrapBrokersVpcConnectivitySaslIam:
        vpcSasl["iam"] === true ? hosts("b", brokers, (index) => 14001 + index) : "",
      zookeeperConnectString: zookeeper ? hosts("z", 3, () => 2181) : "",
      zookeeperConnectStringTls: zookeeper ? hosts("z", 3, () => 2182) : "",
      storageMode: "LOCAL",
    },
  ];
}

function availabilityZones(region: string, inputs: Record<string, unknown>): Record<string, unknown> {
  const letters = REGION_AZ_LETTERS[region];
  if (letters === undefined) {
    throw new Error(
      `no availability zones are known for region ${region}: add it to REGION_AZ_LETTERS in stacks/regions.ts`,
    );
  }
  const excludeNames = stringList(inputs["excludeNames"]);
  const excludeZoneIds = stringList(inputs["excludeZoneIds"]);
  const zones = letters
    .map((letter) => ({ name: `${region}${letter}`, zoneId: zoneIdOf(`${region}${letter}`) }))
    .filter((zone) => !excludeNames.includes(zone.name) && !excludeZoneIds.includes(zone.zoneId));
  return {
    ...inputs,
    id: region,
    region,
    names: zones.map((zone) => zone.name),
    zoneIds: zones.map((zone) => zone.zoneId),
    groupNames: [region],
  };
}

const DIRECTION_ABBREVIATIONS: Readonly<Record<string, string>> = {
  north: "n",
  south: "s",
  east: "e",
  west: "w",
  central: "c",
  northeast: "ne",
  northwest: "nw",
  southeast: "se",
  southwest: "sw",
};

/** Zone id of a zone name, e.g. `ap-northeast-1a` -> `apne1-az1`, `ap-east-2c` -> `ape2-az3`. */
export function zoneIdOf(zoneName: string): string {
  const match = /^([a-z]+)-([a-z]+)-(\d+)([a-z])$/.exec(zoneName);
  if (match === null) {
    return `${zoneName}-az1`;
  }
  const [, area, direction, number, letter] = match;
  const short = `${area}${DIRECTION_ABBREVIATIONS[direction] ?? direction}${number}`;
  return `${short}-az${letter.charCodeAt(0) - "a".charCodeAt(0) + 1}`;
}

function genericArn(type: string, name: string, region: string): string {
  const [, module = "", resource = ""] = type.split(":");
  const service = module.split("/")[0];
  const kind = kebab(resource);
  const arnRegion = service === "iam" ? "" : region;
  return `arn:aws:${service}:${arnRegion}:${MOCK_ACCOUNT_ID}:${kind}/${name}`;
}

// ---------------------------------------------------------------------------------------------------------------
// IAM policy documents, rendered like the provider's aws.iam.getPolicyDocument.

export interface PolicyDocumentPrincipal {
  type: string;
  identifiers: string[];
}

export interface PolicyDocumentCondition {
  test: string;
  variable: string;
  values: string[];
}

export interface PolicyDocumentStatement {
  sid?: string;
  effect?: string;
  actions?: string[];
  notActions?: string[];
  resources?: string[];
  notResources?: string[];
  principals?: PolicyDocumentPrincipal[];
  notPrincipals?: PolicyDocumentPrincipal[];
  conditions?: PolicyDocumentCondition[];
}

export interface PolicyDocumentArgs {
  version?: string;
  policyId?: string;
  statements?: PolicyDocumentStatement[];
  sourcePolicyDocuments?: string[];
  overridePolicyDocuments?: string[];
}

type IamStatement = Record<string, unknown>;

/**
 * Renders the arguments of `aws.iam.getPolicyDocument` to IAM JSON the way the provider does: `Effect` defaults to
 * `Allow`; a list with one element renders as a string; principals of type `*` with identifier `*` render as
 * `"Principal": "*"`; conditions group by test then variable. Statements with a `Sid` from `statements` replace
 * those of `sourcePolicyDocuments`, and `overridePolicyDocuments` replace both.
 */
export function renderPolicyDocument(args: PolicyDocumentArgs): { json: string; minifiedJson: string } {
  let statements: IamStatement[] = [];
  for (const source of args.sourcePolicyDocuments ?? []) {
    statements = mergeStatements(statements, statementsOf(source));
  }
  statements = mergeStatements(statements, (args.statements ?? []).map(renderStatement));
  for (const override of args.overridePolicyDocuments ?? []) {
    statements = mergeStatements(statements, statementsOf(override));
  }
  const document: Record<string, unknown> = { Version: args.version ?? "2012-10-17" };
  if (args.policyId !== undefined && args.policyId !== "") {
    document["Id"] = args.policyId;
  }
  document["Statement"] = statements;
  return { json: JSON.stringify(document, null, 2), minifiedJson: JSON.stringify(document) };
}

function renderStatement(statement: PolicyDocumentStatement): IamStatement {
  const out: IamStatement = {};
  if (statement.sid !== undefined && statement.sid !== "") {
    out["Sid"] = statement.sid;
  }
  out["Effect"] = statement.effect ?? "Allow";
  const lists: [string, string[] | undefined][] = [
    ["Action", statement.actions],
    ["NotAction", statement.notActions],
    ["Resource", statement.resources],
    ["NotResource", statement.notResources],
  ];
  for (const [key, values] of lists) {
    if (values !== undefined && values.length > 0) {
      out[key] = oneOrMany(values);
    }
  }
  if (statement.principals !== undefined && statement.principals.length > 0) {
    out["Principal"] = renderPrincipals(statement.principals);
  }
  if (statement.notPrincipals !== undefined && statement.notPrincipals.length > 0) {
    out["NotPrincipal"] = renderPrincipals(statement.notPrincipals);
  }
  if (statement.conditions !== undefined && statement.conditions.length > 0) {
    const conditions: Record<string, Record<string, string | string[]>> = {};
    for (const condition of statement.conditions) {
      const byVariable = (conditions[condition.test] ??= {});
      const previous = byVariable[condition.variable];
      const values = [...(previous === undefined ? [] : [previous].flat()), ...condition.values];
      byVariable[condition.variable] = oneOrMany(values);
    }
    out["Condition"] = conditions;
  }
  return out;
}

function renderPrincipals(principals: PolicyDocumentPrincipal[]): unknown {
  if (principals.length === 1 && principals[0].type === "*") {
    const ids = principals[0].identifiers;
    if (ids.length === 1 && ids[0] === "*") {
      return "*";
    }
  }
  const byType: Record<string, string[]> = {};
  for (const principal of principals) {
    (byType[principal.type] ??= []).push(...principal.identifiers);
  }
  return Object.fromEntries(Object.entries(byType).map(([type, ids]) => [type, oneOrMany(ids)]));
}

function statementsOf(json: string): IamStatement[] {
  const parsed: unknown = JSON.parse(json);
  const statement = isRecord(parsed) ? parsed["Statement"] : undefined;
  if (statement === undefined) {
    return [];
  }
  return (Array.isArray(statement) ? statement : [statement]) as IamStatement[];
}

/** Later statements replace earlier ones with the same `Sid`; statements without one are appended. */
function mergeStatements(base: IamStatement[], later: IamStatement[]): IamStatement[] {
  const merged = [...base];
  for (const statement of later) {
    const sid = statement["Sid"];
    const index = typeof sid === "string" && sid !== "" ? merged.findIndex((s) => s["Sid"] === sid) : -1;
    if (index >= 0) {
      merged[index] = statement;
    } else {
      merged.push(statement);
    }
  }
  return merged;
}

function oneOrMany(values: string[]): string | string[] {
  return values.length === 1 ? values[0] : values;
}

// ---------------------------------------------------------------------------------------------------------------
// Values on the wire: secrets, unknowns and resource references.

function structToJs(struct: { toJavaScript(): unknown } | undefined): Record<string, unknown> {
  const value = struct?.toJavaScript();
  return isRecord(value) ? value : {};
}

function propertyDependenciesOf(req: resproto.RegisterResourceRequest): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [key, deps] of req.getPropertydependenciesMap().entries()) {
    out[key] = [...deps.getUrnsList()];
  }
  return out;
}

/** A wire value with every secret replaced by "[secret]", unknowns by "[unknown]", references by id or URN. */
export function redact(value: unknown): unknown {
  if (value === pulumi.runtime.unknownValue) {
    return UNKNOWN_PLACEHOLDER;
  }
  if (Array.isArray(value)) {
    return value.map(redact);
  }
  if (!isRecord(value)) {
    return value;
  }
  switch (value[pulumi.runtime.specialSigKey]) {
    case pulumi.runtime.specialSecretSig:
      return SECRET_PLACEHOLDER;
    case pulumi.runtime.specialResourceSig:
      return redact(resourceReference(value));
    case pulumi.runtime.specialOutputValueSig:
      if (value["secret"] === true) {
        return SECRET_PLACEHOLDER;
      }
      return "value" in value ? redact(value["value"]) : UNKNOWN_PLACEHOLDER;
    case pulumi.runtime.specialAssetSig:
    case pulumi.runtime.specialArchiveSig:
      return withoutSignature(value);
    default:
      return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, redact(inner)]));
  }
}

/** A wire or deserialized value with secrets unwrapped and unknowns dropped (undefined). */
function plain(value: unknown): unknown {
  if (value === pulumi.runtime.unknownValue || pulumi.isUnknown(value)) {
    return undefined;
  }
  if (Array.isArray(value)) {
    return value.map(plain);
  }
  if (!isRecord(value) || pulumi.Resource.isInstance(value)) {
    return value;
  }
  switch (value[pulumi.runtime.specialSigKey]) {
    case pulumi.runtime.specialSecretSig:
    case pulumi.runtime.specialOutputValueSig:
      return plain(value["value"]);
    case pulumi.runtime.specialResourceSig:
      return plain(resourceReference(value));
    case pulumi.runtime.specialAssetSig:
    case pulumi.runtime.specialArchiveSig:
      return withoutSignature(value);
    default:
      return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, plain(inner)]));
  }
}

function containsSecret(value: unknown): boolean {
  if (Array.isArray(value)) {
    return value.some(containsSecret);
  }
  if (!isRecord(value)) {
    return false;
  }
  const sig = value[pulumi.runtime.specialSigKey];
  if (sig === pulumi.runtime.specialSecretSig) {
    return true;
  }
  if (sig === pulumi.runtime.specialOutputValueSig) {
    return value["secret"] === true;
  }
  return Object.values(value).some(containsSecret);
}

function resourceReference(value: Record<string, unknown>): unknown {
  const id = value["id"];
  if (typeof id === "string") {
    return id === "" ? pulumi.runtime.unknownValue : id;
  }
  return value["urn"];
}

function withoutSignature(value: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(value).filter(([key]) => key !== pulumi.runtime.specialSigKey));
}

// ---------------------------------------------------------------------------------------------------------------
// Small helpers.

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function stringOr(value: unknown, fallback: string): string {
  return typeof value === "string" && value !== "" ? value : fallback;
}

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
}

function kebab(value: string): string {
  return value.replace(/([a-z0-9])([A-Z])/g, "$1-$2").toLowerCase();
}

function asError(err: unknown): Error {
  return err instanceof Error ? err : new Error(String(err));
}

function shortStackName(name: string): string {
  return name.split("/").pop() ?? name;
}

/** `length` lowercase hex characters derived from `seed`. */
export function shortHash(seed: string, length: number): string {
  let out = "";
  for (let round = 0; out.length < length; round++) {
    out += crypto.createHash("sha256").update(`${round}:${seed}`).digest("hex");
  }
  return out.slice(0, length);
}

function uuidFrom(seed: string): string {
  const hex = shortHash(seed, 32);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

function upperId(seed: string, length: number): string {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  const hex = shortHash(seed, length * 2);
  let out = "";
  for (let i = 0; i < length; i++) {
    out += alphabet[parseInt(hex.slice(i * 2, i * 2 + 2), 16) % alphabet.length];
  }
  return out;
}

function passwordFrom(seed: string, length: number): string {
  const alphabet = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
  const hex = shortHash(`${seed}/result`, length * 2);
  let out = "";
  for (let i = 0; i < length; i++) {
    out += alphabet[parseInt(hex.slice(i * 2, i * 2 + 2), 16) % alphabet.length];
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
