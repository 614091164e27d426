/**
 * Defers @pulumi/pulumi's closure serialization until something serializes a function.
 *
 * `require("@pulumi/pulumi")` loads `runtime/closure/serializeClosure.js` (which loads the whole TypeScript compiler
 * to parse functions) and `runtime/closure/codePaths.js` (which loads @npmcli/arborist with pacote, sigstore,
 * postcss-selector-parser and ~200 more modules to find a function's packages) only so that `runtime/index.js` can
 * re-export `serializeFunction`, `serializeFunctionAsync` and `computeCodePaths`. They serve dynamic providers and
 * callback functions, which the offline plan runs none of, yet loading them took about a third of loading
 * @pulumi/pulumi (in the plan's thread and again in the policy thread).
 *
 * Each module is replaced in the module cache by one whose exports are the same functions, each loading the real
 * module on its first call and calling through, so anything that does serialize a function still gets the SDK's own
 * code. The stand-in is installed only when the module's source still exports exactly those functions (checked on
 * the file, so an SDK upgrade that changes them just loads the modules as before), and only before @pulumi/pulumi is
 * loaded.
 */
import * as fs from "fs";
import Module from "module";
import * as path from "path";

/** Module of @pulumi/pulumi -> the functions it exports. */
const DEFERRED: Readonly<Record<string, readonly string[]>> = {
  "runtime/closure/serializeClosure.js": ["serializeFunction", "serializeFunctionAsync"],
  "runtime/closure/codePaths.js": ["computeCodePaths", "findWorkspaceRoot"],
};

type Exports = Record<string, (...args: unknown[]) => unknown>;

/** Whether `source` (compiled CommonJS) exports exactly `names`, each a function declared in the file. */
function exportsExactly(source: string, names: readonly string[]): boolean {
  const exported = new Set([...source.matchAll(/^exports\.(\w+) = /gm)].map((m) => m[1]));
  return (
    exported.size === names.length &&
    names.every(
      (name) => exported.has(name) && new RegExp(`^(async )?function\\*? ?${name}\\(`, "m").test(source),
    )
  );
}

/** Installs the stand-ins (see the file comment); a no-op once @pulumi/pulumi is loaded. */
export function deferClosureSerialization(): void {
  const load = Module.createRequire(__filename);
  let sdkRoot: string;
  try {
    sdkRoot = path.dirname(load.resolve("@pulumi/pulumi/package.json"));
  } catch {
    return;
  }
  if (load.cache[path.join(sdkRoot, "index.js")] !== undefined) {
    return;
  }
  for (const [relative, names] of Object.entries(DEFERRED)) {
    const file = path.join(sdkRoot, relative);
    let source: string;
    try {
      source = fs.readFileSync(file, "utf8");
    } catch {
      continue;
    }
    if (load.cache[file] !== undefined || !exportsExactly(source, names)) {
      continue;
    }
    let real: Exports | undefined;
    const loadReal = (): Exports => {
      if (real === undefined) {
        delete load.cache[file];
        real = load(file) as Exports;
      }
      return real;
    };
    const exports: Exports = {};
    Object.defineProperty(exports, "__esModule", { value: true });
    for (const name of names) {
      // A named function, like the SDK's, that defers to it.
      exports[name] = {
        [name]: (...args: unknown[]) => loadReal()[name](...args),
      }[name];
    }
    const standIn = new Module(file);
    standIn.filename = file;
    standIn.exports = exports;
    standIn.loaded = true;
    load.cache[file] = standIn;
  }
}
