/**
 * Policy evaluation fed while the program runs: each resource is remediated and analyzed as soon as it has
 * registered (as the engine does during a preview), the stack once every resource is known. The results are exactly
 * those of `evaluatePolicyPacks` over the final resource list; when that cannot be guaranteed (a streamed resource
 * differs from the final one at its position, a provider that was not streamed before its resource, duplicate URNs),
 * the final list is evaluated again from scratch.
 */
import type { PlanResourceLike, PolicyResult } from "../plan/model";
import {
  evaluatePolicyPacks,
  startPolicyEvaluation,
  type EvaluateOptions,
  type PolicyEvaluation,
} from "./evaluate";
import { parseProviderReference } from "./wire";

/** What the analysis of one resource reads of it (see toWireResource in evaluate.ts). */
function analyzedPart(resource: PlanResourceLike): string {
  const { urn, type, name, parent, read, inputs, options } = resource;
  return JSON.stringify([urn, type, name, parent, read, inputs, options]);
}

export class StreamedPolicyEvaluation {
  private readonly started: Promise<PolicyEvaluation>;
  /** Resources analyzed (or queued for analysis) so far, in order. */
  private readonly added: PlanResourceLike[] = [];
  private readonly known = new Map<string, PlanResourceLike>();
  /** False once a resource could not be analyzed ahead (the rest waits for `finish`). */
  private streaming = true;
  private queue: Promise<void>;
  private finished = false;

  constructor(private readonly options: EvaluateOptions) {
    // Serving and configuring the packs starts right away, before the first resource.
    this.started = startPolicyEvaluation(options);
    this.queue = this.started.then(() => undefined);
    // Failures surface from `finish`, not as unhandled rejections in between.
    this.queue.catch(() => undefined);
  }

  /** The next registered resource, in registration order. */
  add(resource: PlanResourceLike): void {
    if (!this.streaming || this.finished) {
      return;
    }
    const provider = resource.options.provider;
    if (
      this.known.has(resource.urn) ||
      (provider !== undefined && provider !== "" && !this.known.has(parseProviderReference(provider).urn))
    ) {
      // Its analysis could differ from the one over the final list: leave it, and the rest, to `finish`.
      this.streaming = false;
      return;
    }
    this.added.push(resource);
    this.known.set(resource.urn, resource);
    this.queue = this.queue.then(async () => (await this.started).add(resource, this.known));
    this.queue.catch(() => undefined);
  }

  /** Resolves once every resource streamed so far has been analyzed (or the evaluation failed). */
  async analyzed(): Promise<void> {
    await this.queue.catch(() => undefined);
  }

  /** Every result over `resources`, the final list (the streamed resources first). */
  async finish(resources: readonly PlanResourceLike[]): Promise<PolicyResult[]> {
    this.finished = true;
    const urns = new Set(resources.map((r) => r.urn));
    const prefixHolds =
      urns.size === resources.length &&
      this.added.length <= resources.length &&
      this.added.every((resource, i) => analyzedPart(resource) === analyzedPart(resources[i]));
    if (!prefixHolds) {
      await this.queue.catch(() => undefined);
      return evaluatePolicyPacks(resources, this.options);
    }
    await this.queue;
    const evaluation = await this.started;
    const byUrn = new Map(resources.map((r) => [r.urn, r]));
    for (const resource of resources.slice(this.added.length)) {
      await evaluation.add(resource, byUrn);
    }
    return evaluation.finish(resources);
  }
}
