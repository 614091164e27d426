/**
 * What the installed @pulumi/aws documents for a property: the doc comment above its declaration in a `.d.ts` of the
 * SDK. The provider generates these from the AWS provider's schema on every release, so a test that compares the
 * platform's lists of allowed values with them fails when an upgrade changes what AWS accepts.
 */
import * as fs from "fs";
import * as path from "path";

/** The installed SDK, where Node resolves it from (a Stryker sandbox or a git worktree links another node_modules). */
const SDK = path.dirname(require.resolve("@pulumi/aws/package.json"));

/**
 * The doc comment of the first declaration of `property` (`retentionInDays?:`) in `file` (relative to the SDK, e.g.
 * `cloudwatch/logGroup.d.ts`), after the line `after` when given (an interface name in `types/input.d.ts`), as one
 * line of text. Throws when it is not there, so a renamed property fails the test rather than passing it.
 */
export function providerDoc(file: string, property: string, after?: string): string {
  const text = fs.readFileSync(path.join(SDK, file), "utf8");
  const from = after === undefined ? 0 : text.indexOf(after);
  if (from < 0) {
    throw new Error(`${after} is not in @pulumi/aws/${file}`);
  }
  const at = text.slice(from).search(new RegExp(`\\n\\s+${property}\\??:`));
  if (at < 0) {
    throw new Error(`${property} is not declared in @pulumi/aws/${file}`);
  }
  const before = text.slice(0, from + at);
  const open = before.lastIndexOf("/**");
  const close = before.lastIndexOf("*/");
  if (open < 0 || close < open) {
    throw new Error(`${property} in @pulumi/aws/${file} has no doc comment`);
  }
  return before
    .slice(open + 3, close)
    .split("\n")
    .map((line) => line.replace(/^\s*\*\s?/, ""))
    .join(" ")
    .replace(/\s+/g, " ")
    .trim();
}

/** The numbers of a text, in order (`1, 3, 5 and 0` → [1, 3, 5, 0]). */
export function numbersIn(text: string): number[] {
  return [...text.matchAll(/\d+(?:\.\d+)?/g)].map((match) => Number(match[0]));
}

/** The back-quoted values of a text (`` `ON_DEMAND`, `SPOT` `` → [ON_DEMAND, SPOT]). */
export function quotedIn(text: string): string[] {
  return [...text.matchAll(/`([^`]+)`/g)].map((match) => match[1]);
}
