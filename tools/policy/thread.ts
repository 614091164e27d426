/**
 * The offline plan's policy evaluation on a worker thread (`npm run plan`): the worker starts before the plan
 * loads anything heavy, loads @pulumi/policy and serves and configures the packs while the main thread loads and runs
 * the program, analyzes each resource as the plan streams it in, and analyzes the stack once the plan hands it the
 * final resource list. The results are those of `evaluatePolicyPacks` over that list (see streaming.ts); the worker
 * only moves the work to the second core.
 *
 * This module is light on purpose (no Pulumi import): the plan CLI loads it first.
 */
import * as fs from "fs";
import * as path from "path";
import { Worker } from "worker_threads";
import type { PlanResourceLike, PolicyResult } from "../plan/model";

/** What the worker needs to know: which stack's environment config the packs run with. */
export interface PolicyThreadData {
  projectRoot: string;
  stack: string;
}

/** An error as it crosses the thread boundary. */
export interface SerializedError {
  name: string;
  message: string;
  stack?: string;
}

export type ToPolicyThread =
  { kind: "add"; resource: PlanResourceLike } | { kind: "finish"; resources: readonly PlanResourceLike[] };

export type FromPolicyThread =
  { kind: "results"; results: PolicyResult[] } | { kind: "error"; error: SerializedError };

const WORKER_SCRIPT = path.join(__dirname, "thread-worker.cjs");

export class PolicyThread {
  private readonly worker: Worker;
  private readonly outcome: Promise<PolicyResult[]>;

  private constructor(data: PolicyThreadData) {
    this.worker = new Worker(WORKER_SCRIPT, { workerData: data });
    this.outcome = new Promise<PolicyResult[]>((resolve, reject) => {
      this.worker.on("message", (message: FromPolicyThread) => {
        if (message.kind === "results") {
          resolve(message.results);
        } else {
          reject(Object.assign(new Error(message.error.message), message.error));
        }
      });
      this.worker.on("error", reject);
      this.worker.on("exit", (code) => reject(new Error(`the policy thread stopped (exit code ${code})`)));
    });
    // When the plan fails first, nobody asks for the outcome.
    this.outcome.catch(() => undefined);
  }

  /**
   * Starts the thread for `stack` of the project at `projectRoot`, or returns undefined when the project has no
   * policy packs (the plan then evaluates none).
   */
  static start(projectRoot: string, stack: string): PolicyThread | undefined {
    const root = path.resolve(projectRoot);
    return fs.existsSync(path.join(root, "policy-packs"))
      ? new PolicyThread({ projectRoot: root, stack })
      : undefined;
  }

  /** The next registered resource, in registration order. */
  add(resource: PlanResourceLike): void {
    this.post({ kind: "add", resource });
  }

  /** Every policy result over the final resource list. */
  finish(resources: readonly PlanResourceLike[]): Promise<PolicyResult[]> {
    this.post({ kind: "finish", resources });
    return this.outcome;
  }

  /** Stops the thread (after `finish`, or when the plan failed). */
  async close(): Promise<void> {
    await this.worker.terminate();
  }

  private post(message: ToPolicyThread): void {
    this.worker.postMessage(message);
  }
}
