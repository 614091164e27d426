/**
 * What the computed state of a custom resource is made from (`MockedResource`) and of (`ComputedState`): the id the
 * provider would assign and the outputs it would compute beyond the inputs.
 */

/** One custom resource the mocks answer. */
export interface MockedResource {
  readonly type: string;
  readonly name: string;
  /** Stable per project, stack, type and logical name: every generated id and hash derives from it (ids.ts). */
  readonly seed: string;
  /** Plain inputs: secrets unwrapped, unknowns left out. */
  readonly inputs: Record<string, unknown>;
  /** The resource's region: its own `region` input, else its provider's, else the stack's. */
  readonly region: string;
}

/** The id and the computed outputs of one resource (the inputs are echoed beside them). */
export interface ComputedState {
  id: string;
  state: Record<string, unknown>;
}

/** A family's answer for one resource: the id, then its computed outputs. */
export function result(id: string, state: Record<string, unknown>): ComputedState {
  return { id, state };
}
