/**
 * The project's import graph, for the layering specs: its TypeScript files, the project files each imports (type-only
 * imports too, resolved as Node resolves them), and the cycles of a graph.
 */
import * as fs from "fs";
import * as path from "path";
import * as ts from "typescript";

export const ROOT = path.resolve(__dirname, "..", "..");

/** Every TypeScript file below `dir` (relative to the project root), as project-relative paths. */
export function sources(dir: string): string[] {
  return fs
    .readdirSync(path.join(ROOT, dir), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith(".ts") && !entry.name.endsWith(".d.ts"))
    .map((entry) => path.relative(ROOT, path.join(entry.parentPath, entry.name)))
    .sort();
}

/** The project files `file` imports or re-exports (type-only ones too); packages are left out. */
export function localImports(file: string): string[] {
  const text = fs.readFileSync(path.join(ROOT, file), "utf8");
  return ts
    .preProcessFile(text, true, true)
    .importedFiles.map((imported) => imported.fileName)
    .filter((specifier) => specifier.startsWith("."))
    .map((specifier) => {
      const base = path.join(path.dirname(file), specifier);
      const found = [`${base}.ts`, path.join(base, "index.ts"), base].find((candidate) =>
        fs.existsSync(path.join(ROOT, candidate)),
      );
      if (found === undefined) {
        throw new Error(`${file} imports ${specifier}, which resolves to no file`);
      }
      return found;
    });
}

/** The import graph of `files`: each file's imports among them. */
export function importGraph(files: readonly string[]): Map<string, string[]> {
  const inScope = new Set(files);
  return new Map(files.map((file) => [file, localImports(file).filter((to) => inScope.has(to))]));
}

/** The cycles of an import graph, each as the files around it (the first repeated at the end). */
export function cycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  const found: string[][] = [];
  const state = new Map<string, "open" | "done">();
  const trail: string[] = [];
  const visit = (file: string): void => {
    state.set(file, "open");
    trail.push(file);
    for (const next of graph.get(file) ?? []) {
      if (state.get(next) === "open") {
        found.push([...trail.slice(trail.indexOf(next)), next]);
      } else if (!state.has(next)) {
        visit(next);
      }
    }
    trail.pop();
    state.set(file, "done");
  };
  [...graph.keys()].forEach((file) => state.has(file) || visit(file));
  return found;
}
