import { RunError } from "@pulumi/pulumi/errors";

/**
 * One problem found in user input: `path` names the argument or config key (e.g. `tiers.data.cidrs.ap-east-2a`),
 * `message` says what is wrong and how to fix it.
 */
export interface Problem {
  readonly path: string;
  readonly message: string;
}

/**
 * Every problem of one input, thrown once and before any resource is registered, so that a user fixes them all in
 * one go instead of one per `pulumi up`. A Pulumi `RunError`: the CLI prints its message alone, without a stack trace
 * or a dump of the error object (any other error reaches the user through `util.inspect`).
 */
export class ValidationError extends RunError {
  readonly problems: readonly Problem[];

  constructor(subject: string, problems: readonly Problem[]) {
    super(`${subject}:\n${problems.map((p) => `  - ${p.path}: ${p.message}`).join("\n")}`);
    this.name = "ValidationError";
    this.problems = problems;
  }
}

/** Prefixes every problem's path, e.g. `network.` + `cidr`, keeping a single dot between the parts. */
export function prefixProblems(prefix: string, problems: readonly Problem[]): Problem[] {
  return problems.map((p) => ({ path: p.path === "" ? prefix : `${prefix}.${p.path}`, message: p.message }));
}

/** Throws one `ValidationError` when `problems` is not empty. */
export function throwIfProblems(subject: string, problems: readonly Problem[]): void {
  if (problems.length > 0) {
    throw new ValidationError(subject, problems);
  }
}
