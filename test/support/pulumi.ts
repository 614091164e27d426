/**
 * Small helpers for specs that run components under `installPlanMocks` (tools/plan/mocks).
 */
import * as pulumi from "@pulumi/pulumi";
import type { PlanRecorder, RecordedResource } from "../../tools/plan/mocks";

/**
 * The value of an Output (or any Input) once the mocks have resolved it; rejects when the Output does. Unknown
 * values (only during a preview) resolve to undefined.
 */
export function valueOf<T>(o: pulumi.Output<T> | pulumi.Input<T>): Promise<T> {
  const out = pulumi.output(o) as unknown as { promise(withUnknowns?: boolean): Promise<T> };
  return out.promise();
}

/** Whether an Output is marked secret. */
export function isSecret<T>(o: pulumi.Output<T>): Promise<boolean> {
  return pulumi.isSecret(o);
}

/** The recorded (redacted) inputs of the resource `type::name`; throws naming it when it was not registered. */
export function inputsOf(recorder: PlanRecorder, type: string, name: string): Record<string, unknown> {
  return recorder.find(type, name).inputs;
}

/** Recorded resources of `type`, by logical name. */
export function namesOf(recorder: PlanRecorder, type: string): string[] {
  return recorder.byType(type).map((r: RecordedResource) => r.name);
}
