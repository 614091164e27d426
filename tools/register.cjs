"use strict";
/**
 * Preloaded by the tools that run the program in a fresh process (`npm run plan`:
 * `node --require ./tools/register.cjs tools/plan/cli.ts`), and by their worker threads (which inherit it):
 *
 * 1. A CommonJS loader for the project's own `.ts` files, instead of `--require tsx/cjs`. tsx also hooks every
 *    `.js` file and every module resolution (it lexes each package file for ESM syntax) and turns source maps on for
 *    the whole process (Node then reads and parses the `.map` of every package file it loads): for the plan, which
 *    loads ~1,600 modules, that overhead alone took as long as loading @pulumi/pulumi and @pulumi/aws. The transform
 *    is tsx's own (the esbuild tsx depends on, with the options tsx gives it: CommonJS, the running Node.js as target,
 *    `keepNames`, the project's tsconfig compiler options), so a program behaves as under the test suite's tsx hook.
 *    Transformed files are cached by content, so esbuild only starts for a file that changed.
 * 2. Source maps for the project's `.ts` files only, so errors still point at TypeScript lines.
 * 3. A V8 code cache for every other CommonJS module (what `module.enableCompileCache()` does from Node.js 22.1; this
 *    was written for Node.js 20): compiling the ~1,600 modules' JavaScript again on every run was about a quarter of
 *    the plan's time. Entries are keyed by file name and content; V8 rejects an entry made by another V8 version or
 *    with other flags, and a rejected or missing entry is written again when the process exits.
 *
 * Caches live in node_modules/.cache/register (disposable; delete it any time; a run that transformed a file drops
 * the transforms not written for two weeks). Set `PLATFORM_NO_COMPILE_CACHE=1` to run without the code cache (e.g.
 * to compare). Like the project's build (tsconfig `module: commonjs`), the loader serves `require` only: a dynamic
 * `import()` of a `.ts` file is not supported.
 */
const crypto = require("node:crypto");
const fs = require("node:fs");
const Module = require("node:module");
const path = require("node:path");
const vm = require("node:vm");

const ROOT = path.resolve(__dirname, "..");
const CACHE_ROOT = path.join(ROOT, "node_modules", ".cache", "register");
const TS_CACHE = path.join(CACHE_ROOT, "ts");
// V8 rejects code cached with other flags: one directory per command line, so that runs with other flags (e.g.
// --inspect) do not keep replacing each other's entries.
const CODE_CACHE = path.join(
  CACHE_ROOT,
  `v8-${process.version}-${process.arch}-${hash(...process.execArgv).slice(0, 12)}`,
);
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

const tsxRequire = Module.createRequire(require.resolve("tsx/package.json", { paths: [ROOT] }));
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
  esbuildVersion ??= JSON.parse(fs.readFileSync(tsxRequire.resolve("esbuild/package.json"), "utf8")).version;
  const options = transformOptions();
  const key = hash(TRANSFORM_VERSION, esbuildVersion, JSON.stringify(options), filename, source);
  const file = path.join(TS_CACHE, `${key}.js`);
  const cached = readEntry(file, "utf8");
  if (cached !== undefined) {
    return cached;
  }
  esbuild ??= tsxRequire("esbuild");
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

// --- 3. Code cache ---------------------------------------------------------------------------------------------

/** Scripts whose code cache is missing or was rejected: written at exit, with every function compiled by then. */
const toCache = [];
/** Modules compiled through the code cache in this thread: with an accepted entry, and without one. */
const stats = { cached: 0, compiled: 0 };

/** Node's `require` for a module (lib/internal/modules/helpers.js makeRequireFunction, without policy redirects). */
function makeRequire(mod) {
  const require = function require(id) {
    return mod.require(id);
  };
  const resolve = function resolve(request, options) {
    if (typeof request !== "string") {
      throw new TypeError(`The "request" argument must be of type string. Received ${typeof request}`);
    }
    return Module._resolveFilename(request, mod, false, options);
  };
  resolve.paths = function paths(request) {
    if (typeof request !== "string") {
      throw new TypeError(`The "request" argument must be of type string. Received ${typeof request}`);
    }
    return Module._resolveLookupPaths(request, mod);
  };
  require.resolve = resolve;
  require.main = process.mainModule;
  require.extensions = Module._extensions;
  require.cache = Module._cache;
  return require;
}

/** The module's wrapper function, compiled with its cached code when there is any; undefined to let Node do it. */
function compileCached(content, filename) {
  const file = path.join(CODE_CACHE, `${hash(filename, content)}.bin`);
  const cachedData = readEntry(file);
  let script;
  try {
    script = new vm.Script(Module.wrap(content), {
      filename,
      cachedData,
      importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
    });
  } catch {
    // E.g. ESM syntax in a .js file, which Node's own compile detects and loads as ES module.
    return undefined;
  }
  if (cachedData === undefined || script.cachedDataRejected === true) {
    toCache.push({ file, script });
    stats.compiled++;
  } else {
    stats.cached++;
  }
  return script.runInThisContext({ displayErrors: true });
}

// --- Registration ----------------------------------------------------------------------------------------------

const extensions = Module._extensions;
if (extensions[".ts"] === undefined) {
  extensions[".ts"] = function loadTypeScript(module, filename) {
    module._compile(transformTypeScript(fs.readFileSync(filename, "utf8"), filename), filename);
  };

  const useCodeCache = process.env.PLATFORM_NO_COMPILE_CACHE !== "1";
  const compile = Module.prototype._compile;
  Module.prototype._compile = function compileModule(content, filename, format) {
    const ownTypeScript = isOwnTypeScript(filename);
    if (!ownTypeScript && useCodeCache && format !== "module") {
      const wrapper = compileCached(content, filename);
      if (wrapper !== undefined) {
        return wrapper.call(
          this.exports,
          this.exports,
          makeRequire(this),
          this,
          filename,
          path.dirname(filename),
        );
      }
    }
    // Node records a module's source map when it compiles the module with source maps on: on for our TypeScript
    // (errors point at .ts lines), off for everything else (no reading every package's .map).
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
    writeCodeCache();
    pruneTypeScriptCache();
  });
}

/** Writes the code cache of the scripts compiled without one, with every function compiled so far. */
function writeCodeCache() {
  for (const { file, script } of toCache.splice(0)) {
    writeEntry(file, script.createCachedData());
  }
}

module.exports = { writeCodeCache, stats };
