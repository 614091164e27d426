/**
 * Pulumi mocks shared by the offline plan (`npm run plan`) and every test that registers resources.
 *
 * `installPlanMocks` installs `pulumi.runtime.setMocks` with realistic, deterministic answers (ids, ARNs in the
 * region of the provider a resource uses, invoke results) and wraps the mock monitor so that every registration
 * request is recorded with what mocks never see: the parent, the resource options and the property dependencies.
 *
 * - environment.ts: what the mocks are given (`MockEnvironment`) and the account they answer as;
 * - recorder.ts: `PlanRecorder`, what the program registered;
 * - state/: the computed state of custom resources, one file per AWS service family;
 * - invokes.ts: the answers to provider functions;
 * - values.ts: secrets, unknowns and references on the wire; ids.ts: deterministic ids from seeds.
 *
 * The mocks import nothing of the program (stacks/): what they need of the project comes in the environment.
 */
import * as pulumi from "@pulumi/pulumi";
import * as runtimeState from "@pulumi/pulumi/runtime/state";
import { SECRET_PLACEHOLDER, UNKNOWN_PLACEHOLDER } from "../model";
import type { MockEnvironment } from "./environment";
import { seedOf, uuidFrom } from "./ids";
import { answerInvoke } from "./invokes";
import { PlanRecorder, type MockMonitorLike } from "./recorder";
import { computedState, eksClusterOutputs } from "./state";
import { asError, containsSecret, plain, stringOr } from "./values";

export { MOCK_ACCOUNT_ID, type MockEnvironment, type RegionZones } from "./environment";
export { shortHash } from "./ids";
export {
  PlanRecorder,
  planResourceOf,
  type RecordedInvoke,
  type RecordedOptions,
  type RecordedResource,
  type RegisteredOutputs,
} from "./recorder";
export { mockRandomResult, zoneIdOf } from "./state";
export { redact } from "./values";
/** Every secret value in recorded inputs, state and outputs is "[secret]", every unknown one "[unknown]". */
export { SECRET_PLACEHOLDER, UNKNOWN_PLACEHOLDER };

/** The runtime's feature flags and callback server, which `setMocks` leaves without transforms. */
interface RuntimeStore {
  supportsTransforms: boolean;
  callbacks?: unknown;
}
const runtimeStore = runtimeState as unknown as { getStore(): RuntimeStore };

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
    const computed = computedState(
      {
        type: args.type,
        name: args.name,
        seed: this.seed(args.type, args.name),
        inputs: values,
        region: this.recorder.regionFor(args.provider, args.type.startsWith("aws:") ? values : undefined),
      },
      this.recorder.defaultTagsFor(args.provider),
      containsSecret(inputs["tags"]),
    );
    return { id: computed.id, state: { ...inputs, ...computed.state } };
  }

  call(args: pulumi.runtime.MockCallArgs): pulumi.runtime.MockCallResult {
    const inputs = plain(args.inputs ?? {}) as Record<string, unknown>;
    return answerInvoke(args.token, inputs, this.recorder.regionFor(args.provider), this.env.regions);
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
    return seedOf(this.env.project, this.env.stack, type, name);
  }
}

function shortStackName(name: string): string {
  return name.split("/").pop() ?? name;
}
