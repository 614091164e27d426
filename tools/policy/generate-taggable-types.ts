/**
 * Generates `policy-packs/tagging/taggable-types.json`: for every resource class of the installed `@pulumi/aws` and
 * `@pulumi/eks`, its type token and whether its Args interface has a `tags` property. The tagging pack checks tags
 * exactly on the types marked true, so the list follows the SDK instead of being kept by hand.
 *
 *   npx tsx tools/policy/generate-taggable-types.ts           # rewrite the JSON
 *   npx tsx tools/policy/generate-taggable-types.ts --check   # exit 1 when the JSON is stale
 *
 * A test regenerates it and compares, so upgrading @pulumi/aws without regenerating fails the suite.
 */
import * as fs from "fs";
import * as path from "path";

export interface TaggableTypes {
  /** Versions of the packages the list was generated from. */
  generatedFrom: Record<string, string>;
  /** Type token -> whether the resource's Args interface has `tags`. */
  types: Record<string, boolean>;
}

export const SCANNED_PACKAGES = ["@pulumi/aws", "@pulumi/eks"] as const;

const ROOT = path.resolve(__dirname, "..", "..");
export const TAGGABLE_TYPES_FILE = path.join(ROOT, "policy-packs", "tagging", "taggable-types.json");

/** `.js` files of a package, outside nested node_modules. */
function javaScriptFiles(dir: string): string[] {
  const files: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== "node_modules") {
        files.push(...javaScriptFiles(full));
      }
    } else if (entry.name.endsWith(".js")) {
      files.push(full);
    }
  }
  return files;
}

const CLASS_DECLARATION =
  /class (\w+) extends pulumi\.(CustomResource|ComponentResource|ProviderResource)\b/g;
const TOKEN_MARK = "__pulumiType = '";

/** `[className, token]` for every resource class (not providers) a compiled module declares. */
export function resourceClasses(source: string): [string, string][] {
  const classes = [...source.matchAll(CLASS_DECLARATION)].map((m) => ({
    name: m[1] as string,
    base: m[2] as string,
    at: m.index ?? 0,
  }));
  const out: [string, string][] = [];
  // `static __pulumiType = '…'` inside the class (aws), or `Cluster.__pulumiType = '…'` after it (eks).
  for (let at = source.indexOf(TOKEN_MARK); at >= 0; at = source.indexOf(TOKEN_MARK, at + 1)) {
    const start = at + TOKEN_MARK.length;
    const token = source.slice(start, source.indexOf("'", start));
    const before = source.slice(Math.max(0, at - 80), at);
    const owner = before.endsWith("static ")
      ? [...classes].reverse().find((c) => c.at < at)?.name
      : /(\w+)\.$/.exec(before)?.[1];
    const declared = classes.find((c) => c.name === owner);
    if (
      owner !== undefined &&
      declared !== undefined &&
      declared.base !== "ProviderResource" &&
      token.includes(":")
    ) {
      out.push([owner, token]);
    }
  }
  return out;
}

/** Whether `export interface <className>Args { … }` in a declaration file has a `tags` property. */
export function argsHaveTags(declarations: string | Buffer, className: string): boolean {
  const text = typeof declarations === "string" ? Buffer.from(declarations) : declarations;
  const start = text.indexOf(`export interface ${className}Args {`);
  if (start < 0) {
    return false;
  }
  const found = (property: string) => {
    const at = text.indexOf(`\n    ${property}`, start);
    const end = text.indexOf("\n}", start);
    return at >= 0 && (end < 0 || at < end);
  };
  return found("tags?:") || found("tags:");
}

/**
 * The node_modules directory the installed SDKs resolve from, as Node resolves them (not necessarily the project's own:
 * a Stryker sandbox or a git worktree links to another one).
 */
function installedNodeModules(): string {
  return path.resolve(path.dirname(require.resolve("@pulumi/aws/package.json")), "..", "..");
}

export function generateTaggableTypes(nodeModules: string = installedNodeModules()): TaggableTypes {
  const generatedFrom: Record<string, string> = {};
  const types: Record<string, boolean> = {};
  for (const pkg of SCANNED_PACKAGES) {
    const dir = path.join(nodeModules, pkg);
    const manifest = JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8")) as {
      version: string;
    };
    generatedFrom[pkg] = manifest.version;
    for (const file of javaScriptFiles(dir)) {
      // Searched as bytes and decoded only when it declares a resource: the SDKs hold thousands of modules.
      const bytes = fs.readFileSync(file);
      if (!bytes.includes("__pulumiType")) {
        continue;
      }
      const classes = resourceClasses(bytes.toString("utf8"));
      if (classes.length === 0) {
        continue;
      }
      const declarations = fs.readFileSync(file.replace(/\.js$/, ".d.ts"));
      for (const [className, token] of classes) {
        types[token] = argsHaveTags(declarations, className);
      }
    }
  }
  const sorted = Object.fromEntries(Object.entries(types).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return { generatedFrom, types: sorted };
}

export function renderTaggableTypes(taggable: TaggableTypes): string {
  return `${JSON.stringify(taggable, null, 2)}\n`;
}

const USAGE = `usage: npm run taggable-types [-- --check]

Rewrites policy-packs/tagging/taggable-types.json from the installed @pulumi/aws and @pulumi/eks.
  --check   write nothing; exit 1 when the file is stale`;

function main(argv: string[]): number {
  if (argv.includes("--help") || argv.includes("-h")) {
    console.log(USAGE);
    return 0;
  }
  const unknown = argv.filter((arg) => arg !== "--check");
  if (unknown.length > 0) {
    console.error(`unknown argument ${unknown[0]}\n${USAGE}`);
    return 2;
  }
  const rendered = renderTaggableTypes(generateTaggableTypes());
  if (argv.includes("--check")) {
    const current = fs.existsSync(TAGGABLE_TYPES_FILE) ? fs.readFileSync(TAGGABLE_TYPES_FILE, "utf8") : "";
    if (current !== rendered) {
      console.error(`${path.relative(ROOT, TAGGABLE_TYPES_FILE)} is stale; run npm run taggable-types`);
      return 1;
    }
    return 0;
  }
  fs.writeFileSync(TAGGABLE_TYPES_FILE, rendered);
  const count = Object.keys(JSON.parse(rendered).types as object).length;
  console.log(`wrote ${path.relative(ROOT, TAGGABLE_TYPES_FILE)} (${count} types)`);
  return 0;
}

if (require.main === module) {
  process.exitCode = main(process.argv.slice(2));
}
