/**
 * Generates `components/common/aws-enums.json`: the values AWS enumerates that the platform's config takes, as the
 * installed `@pulumi/aws` lists them in its enums (`types/enums`), which the provider generates from AWS's own
 * models on every release. The components' plans check config against the JSON, so they stay free of provider SDKs
 * (test/components/layering.spec.ts) and the lists follow the SDK instead of being kept by hand:
 * - `regions`: the `Region` enum, every region of every partition;
 * - `ec2InstanceTypes`: the `ec2.InstanceType` enum, every EC2 instance type in any region. Which types a region
 *   offers (ap-east-2 offers far fewer than us-east-1) is not in the SDK: `aws ec2
 *   describe-instance-type-offerings --region <r>` needs credentials, so config cannot check it offline.
 *
 *   npm run aws-enums                # rewrite the JSON
 *   npm run aws-enums -- --check     # exit 1 when the JSON is stale
 *
 * A test regenerates it and compares, so upgrading @pulumi/aws without regenerating fails the suite.
 */
import * as fs from "fs";
import * as path from "path";

export interface AwsEnums {
  /** The package (and version) the lists were taken from. */
  generatedFrom: Record<string, string>;
  /** Region names (`ap-east-2`), sorted. */
  regions: string[];
  /** EC2 instance type names (`m7g.large`), sorted. */
  ec2InstanceTypes: string[];
}

export const SOURCE_PACKAGE = "@pulumi/aws";

const ROOT = path.resolve(__dirname, "..", "..");
export const AWS_ENUMS_FILE = path.join(ROOT, "components", "common", "aws-enums.json");

/** The string values of an enum object of the SDK, sorted and without duplicates. */
export function enumValues(values: Readonly<Record<string, unknown>>): string[] {
  const strings = Object.values(values).filter((value): value is string => typeof value === "string");
  return [...new Set(strings)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

export function generateAwsEnums(nodeModules: string = path.join(ROOT, "node_modules")): AwsEnums {
  const dir = path.join(nodeModules, SOURCE_PACKAGE);
  const manifest = JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8")) as { version: string };
  // Only the generated enum modules: plain objects, no Pulumi runtime.
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a package directory chosen at run time
  const enums = require(path.join(dir, "types", "enums")) as {
    Region: Record<string, unknown>;
    ec2: { InstanceType: Record<string, unknown> };
  };
  return {
    generatedFrom: { [SOURCE_PACKAGE]: manifest.version },
    regions: enumValues(enums.Region),
    ec2InstanceTypes: enumValues(enums.ec2.InstanceType),
  };
}

export function renderAwsEnums(awsEnums: AwsEnums): string {
  return `${JSON.stringify(awsEnums, null, 2)}\n`;
}

export const HELP = `npm run aws-enums [-- --check]

Rewrites components/common/aws-enums.json from the installed @pulumi/aws: the regions (its Region enum) and the
EC2 instance types (its ec2.InstanceType enum) that config is checked against. Run it after upgrading @pulumi/aws.

Options:
  --check      write nothing; report whether the file is what the installed SDK gives
  -h, --help   print this help and exit

Exit codes:
  0  written, or (--check) up to date
  1  (--check) the file is stale: run npm run aws-enums
  2  bad arguments

Example:
  npm run aws-enums -- --check
`;

/** Where the command writes. */
export interface AwsEnumsIo {
  out(text: string): void;
  err(text: string): void;
}

const CONSOLE: AwsEnumsIo = {
  out: (text) => void process.stdout.write(text),
  err: (text) => void process.stderr.write(text),
};

/** `npm run aws-enums`: the exit code. */
export function runAwsEnumsCli(argv: readonly string[], io: AwsEnumsIo = CONSOLE): number {
  if (argv.includes("--help") || argv.includes("-h")) {
    io.out(HELP);
    return 0;
  }
  const unknown = argv.filter((arg) => arg !== "--check");
  if (unknown.length > 0) {
    io.err(
      `unknown argument ${JSON.stringify(unknown[0])}\nusage: npm run aws-enums [-- --check]\n` +
        'Run "npm run aws-enums -- --help" for the options and exit codes.\n',
    );
    return 2;
  }
  const generated = generateAwsEnums();
  const rendered = renderAwsEnums(generated);
  const file = path.relative(ROOT, AWS_ENUMS_FILE);
  if (argv.includes("--check")) {
    const current = fs.existsSync(AWS_ENUMS_FILE) ? fs.readFileSync(AWS_ENUMS_FILE, "utf8") : "";
    if (current !== rendered) {
      io.err(`${file} is stale; run npm run aws-enums\n`);
      return 1;
    }
    return 0;
  }
  fs.writeFileSync(AWS_ENUMS_FILE, rendered);
  io.out(
    `wrote ${file} (${generated.regions.length} regions, ${generated.ec2InstanceTypes.length} EC2 instance types)\n`,
  );
  return 0;
}

if (require.main === module) {
  process.exitCode = runAwsEnumsCli(process.argv.slice(2));
}
