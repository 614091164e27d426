/**
 * The `random` provider: passwords (secret, as the provider marks them) and strings, derived from the resource's seed
 * so a test can know the value only the mocks ever hold (`mockRandomResult`).
 */
import * as pulumi from "@pulumi/pulumi";
import { passwordFrom, seedOf, shortHash } from "../ids";
import { result, type ComputedState, type MockedResource } from "./resource";

/** The state of a `random:index/*` resource; undefined for a type this family does not know. */
export function randomState({ type, name, seed, inputs }: MockedResource): ComputedState | undefined {
  switch (type) {
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
      return undefined;
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
  return passwordFrom(seedOf(project, stack, type, name), length);
}
