/**
 * The policy thread itself (started by thread.ts through thread-worker.cjs): serves the packs with the stack's
 * environment config as soon as it starts, analyzes the resources the plan streams in, and answers the final list
 * with every result.
 */
import { parentPort, workerData } from "worker_threads";
import { loadProject, loadStackConfig, policyEnvironmentOf } from "../plan/project";
import { StreamedPolicyEvaluation } from "./streaming";
import type { FromPolicyThread, PolicyThreadData, SerializedError, ToPolicyThread } from "./thread";

function serialize(error: unknown): SerializedError {
  if (error instanceof Error) {
    // Formatted here, where the project's source maps are known, as the main thread would print it.
    process.setSourceMapsEnabled(true);
    return {
      name: error.name,
      message: error.message,
      ...(error.stack !== undefined ? { stack: error.stack } : {}),
    };
  }
  return { name: "Error", message: String(error) };
}

export function runPolicyThread(hooks: { beforeReply(): void }): void {
  const port = parentPort;
  if (port === null) {
    throw new Error("tools/policy/thread-worker.ts runs as a worker thread (see tools/policy/thread.ts)");
  }
  const { projectRoot, stack } = workerData as PolicyThreadData;
  let evaluation: StreamedPolicyEvaluation | undefined;
  let startFailure: unknown;
  try {
    const project = loadProject(projectRoot);
    evaluation = new StreamedPolicyEvaluation({
      environment: policyEnvironmentOf(project, loadStackConfig(project, stack)),
    });
  } catch (error) {
    startFailure = error;
  }

  const reply = (message: FromPolicyThread) => {
    hooks.beforeReply();
    port.postMessage(message);
  };
  port.on("message", (message: ToPolicyThread) => {
    if (message.kind === "add") {
      evaluation?.add(message.resource);
      return;
    }
    const results =
      evaluation === undefined ? Promise.reject(startFailure) : evaluation.finish(message.resources);
    results.then(
      (found) => reply({ kind: "results", results: found }),
      (error: unknown) => reply({ kind: "error", error: serialize(error) }),
    );
  });
}
