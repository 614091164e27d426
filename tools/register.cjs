"use strict";
/**
 * Preloaded by every npm script that runs the project's TypeScript (`npm run plan`:
 * `node --require ./tools/register.cjs tools/plan/cli.ts`), and by their worker threads (which inherit it):
 *
 * 1. A CommonJS loader for the project's own `.ts` files, instead of `--require tsx/cjs`. tsx also hooks every
 *    `.js` file and every module resolution (it lexes each package file for ESM syntax) and turns source maps on for
 *    the whole process (Node then reads and parses the `.map` of every package file it loads): for the plan, which
 *    loads ~1,600 modules, that overhead alone took as long as loading @pulumi/pulumi and @pulumi/aws. The transform
 *    is tsx's own (the esbuild tsx depends on, with the options tsx gives it: CommonJS, the running Node.js as target,
 *    `keepNames`, the project's tsconfig compiler options), so a program behaves as under the test suite's tsx hook.
 *    Transformed files are cached by content, so esbuild only starts for a file that changed.
 * 2. Source maps for the project's `.ts` files only, so errors still point at TypeScript lines. Node.js's source-map
 *    support stays off (it would read every package's `.map`) until a script prints an error: an uncaught one turns
 *    it on by itself; a command that prints an error it caught turns it on first (`process.setSourceMapsEnabled`).
 * 3. Node.js's compile cache (`module.enableCompileCache`) for every CommonJS module loaded after it: compiling
 *    the ~1,600 modules' JavaScript again on every run was about a quarter of the plan's time.
 *
 * The Pulumi CLI's program (with PULUMI_NODEJS_TRANSPILE_ONLY=true) and policy packs call `replaceTsNode()` from their
 * entry points (stacks/entry.cjs, policy-packs/lib/entry.cjs): the ts-node the CLI registered is switched off and this
 * loader takes its place, with its stack-trace mapper fed this loader's source maps (docs/adr/0023).
 *
 * Caches live in node_modules/.cache/register (disposable; delete it any time; a run that transformed a file drops
 * the transforms not written for two weeks). Set `PLATFORM_NO_COMPILE_CACHE=1` to run without Node.js's compile cache
 * (e.g. to compare). Like the project's build (tsconfig `module: commonjs`), the loader serves `require` only: a dynamic
 * `import()` of a `.ts` file is not supported.
 */
const crypto = require("node:crypto");
const fs = require("node:fs");
const Module = require("node:module");
const path = require("node:path");

const ROOT = path.resolve(__dirname, "..");
const CACHE_ROOT = path.join(ROOT, "node_modules", ".cache", "register");
const TS_CACHE = path.join(CACHE_ROOT, "ts");
// Node.js's compile cache (it keeps a subdirectory per Node.js version, architecture and V8 flags).
const CODE_CACHE = path.join(CACHE_ROOT, "v8");
/** Bump when the TypeScript transform below changes, so stale entries are not reused. */
const TRANSFORM_VERSION = "1";

function hash(...parts) {
  return crypto.createHash("sha1").update(parts.join("\0")).digest("hex");
}

const isOwnFile = (filename) => !filename.split(path.sep).includes("node_modules");
const isOwnTypeScript = (filename) => filename.endsWith(".ts") && isOwnFile(filename);

/** Reads a cache entry; undefined when there is none. */
function readEntry(file, encoding) {
  try {
    return fs.readFileSync(file, encoding);
  } catch {
    return undefined;
  }
}

/** Writes a cache entry under a unique name and renames it, so a concurrent run never reads half a file. */
function writeEntry(file, data) {
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const partial = `${file}.${process.pid}-${crypto.randomBytes(4).toString("hex")}`;
    fs.writeFileSync(partial, data);
    fs.renameSync(partial, file);
  } catch {
    // A read-only checkout still runs, just without the cache.
  }
}

// --- 1. TypeScript ---------------------------------------------------------------------------------------------

const rootRequire = Module.createRequire(path.join(ROOT, "package.json"));
let esbuild;
let esbuildVersion;
let baseTransformOptions;
let transformedThisRun = false;

/** esbuild's options as tsx 4 sets them for a CommonJS `.ts` file (without the file name). */
function transformOptions() {
  if (baseTransformOptions === undefined) {
    const tsconfig = JSON.parse(fs.readFileSync(path.join(ROOT, "tsconfig.json"), "utf8"));
    baseTransformOptions = {
      target: `node${process.versions.node}`,
      loader: "ts",
      format: "cjs",
      platform: "node",
      sourcemap: true,
      sourcesContent: false,
      minifyWhitespace: true,
      keepNames: true,
      tsconfigRaw: { compilerOptions: tsconfig.compilerOptions ?? {} },
    };
  }
  return baseTransformOptions;
}

function transformTypeScript(source, filename) {
  esbuildVersion ??= JSON.parse(fs.readFileSync(rootRequire.resolve("esbuild/package.json"), "utf8")).version;
  const options = transformOptions();
  const key = hash(TRANSFORM_VERSION, esbuildVersion, JSON.stringify(options), filename, source);
  const file = path.join(TS_CACHE, `${key}.js`);
  const cached = readEntry(file, "utf8");
  if (cached !== undefined) {
    return cached;
  }
  esbuild ??= rootRequire("esbuild");
  const { code, map } = esbuild.transformSync(source, { ...options, sourcefile: filename });
  const compiled = `${code}//# sourceMappingURL=data:application/json;base64,${Buffer.from(map).toString("base64")}\n`;
  writeEntry(file, compiled);
  transformedThisRun = true;
  return compiled;
}

/** Entries of files edited since are never read again: when a run added entries, it drops those not written lately. */
const TS_CACHE_MAX_AGE_MS = 14 * 24 * 60 * 60 * 1000;

function pruneTypeScriptCache() {
  if (!transformedThisRun) {
    return;
  }
  transformedThisRun = false;
  try {
    const oldest = Date.now() - TS_CACHE_MAX_AGE_MS;
    for (const name of fs.readdirSync(TS_CACHE)) {
      const file = path.join(TS_CACHE, name);
      if (fs.statSync(file).mtimeMs < oldest) {
        fs.rmSync(file, { force: true });
      }
    }
  } catch {
    // Pruning is housekeeping only.
  }
}

// --- Registration ----------------------------------------------------------------------------------------------

const extensions = Module._extensions;
let registered = false;

/** The compiled form of each `.ts` file loaded, for the stack-trace mapper that ts-node leaves behind. */
const compiledByFile = new Map();

function loadTypeScript(module, filename) {
  const compiled = transformTypeScript(fs.readFileSync(filename, "utf8"), filename);
  compiledByFile.set(filename, compiled);
  module._compile(compiled, filename);
}

const INLINE_MAP = "//# sourceMappingURL=data:application/json;base64,";

/** The source map of a `.ts` file this loader compiled, as @cspotcode/source-map-support expects it; else null. */
function retrieveSourceMap(source) {
  const compiled = compiledByFile.get(source);
  const at = compiled === undefined ? -1 : compiled.lastIndexOf(INLINE_MAP);
  if (at < 0) {
    return null;
  }
  const map = Buffer.from(compiled.slice(at + INLINE_MAP.length).trim(), "base64").toString("utf8");
  return { url: source, map };
}

/** Installs the loader: the `.ts` hook (replacing any other), the code cache and project-only source maps. Once. */
function register() {
  extensions[".ts"] = loadTypeScript;
  if (registered) {
    return;
  }
  registered = true;
  if (process.env.PLATFORM_NO_COMPILE_CACHE !== "1") {
    Module.enableCompileCache?.(CODE_CACHE);
  }
  const compile = Module.prototype._compile;
  Module.prototype._compile = function compileModule(content, filename, format) {
    // Node records a module's source map when it compiles the module with source maps on: on for our TypeScript
    // (errors point at .ts lines), off for everything else (no reading every package's .map).
    const ownTypeScript = isOwnTypeScript(filename);
    const before = process.sourceMapsEnabled;
    if (ownTypeScript === before) {
      return compile.call(this, content, filename, format);
    }
    process.setSourceMapsEnabled(ownTypeScript);
    try {
      return compile.call(this, content, filename, format);
    } finally {
      process.setSourceMapsEnabled(before);
    }
  };
  process.on("exit", () => {
    flushCodeCache();
    pruneTypeScriptCache();
  });
}

/**
 * Takes over `.ts` files from the ts-node the Pulumi CLI registered (the program with PULUMI_NODEJS_TRANSPILE_ONLY,
 * the policy packs): that ts-node is switched off, as ts-node chains its require hooks and would otherwise still
 * compile every file, and this loader registers in its place.
 */
function replaceTsNode() {
  const tsNode = process[Symbol.for("ts-node.register.instance")];
  if (tsNode !== undefined) {
    tsNode.enabled(false);
    // ts-node's stack-trace mapper stays installed and maps only what ts-node compiled: hand it this loader's maps,
    // so errors still point at TypeScript lines.
    const tsNodeRequire = Module.createRequire(rootRequire.resolve("ts-node"));
    tsNodeRequire("@cspotcode/source-map-support").install({ environment: "node", retrieveSourceMap });
  }
  register();
}

// Preloaded (`--require`), it registers unless something already handles `.ts` (tsx in the tests).
if (extensions[".ts"] === undefined) {
  register();
  // A script's uncaught error prints with TypeScript lines: Node.js formats its stack after this monitor ran.
  process.on("uncaughtExceptionMonitor", () => process.setSourceMapsEnabled(true));
}

/** Writes the code cache of what this thread compiled so far (a worker thread may be stopped without `exit`). */
function flushCodeCache() {
  Module.flushCompileCache?.();
}

module.exports = { flushCodeCache, replaceTsNode };
