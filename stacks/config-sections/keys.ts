/**
 * The config keys themselves: a key of a namespace the program reads (`platform:`, `aws:`) that it does not read is
 * an error naming the nearest key it does read, and so is a namespace one typo away from those. A misspelt optional
 * section would otherwise plan cleanly without that section, and the next `pulumi up` would delete what it created.
 */
import { closest, distance } from "fastest-levenshtein";
import type { Problem } from "../../components/common/validation";

/** The keys the program reads, by namespace (`stacks/config.ts` keeps them with the fields they fill). */
export type KnownKeys = Readonly<Record<string, readonly string[]>>;

/** How far a misspelling may be from the key it meant: two edits, or a third of the key for long keys. */
function near(wrong: string, candidate: string): boolean {
  return (
    distance(wrong.toLowerCase(), candidate.toLowerCase()) <= Math.max(2, Math.floor(candidate.length / 3))
  );
}

/** Every problem of the set of keys: keys of a read namespace that are not read, namespaces that are typos. */
export function unknownKeyProblems(
  keys: readonly string[],
  known: KnownKeys,
  notes: Readonly<Record<string, string>> = {},
): Problem[] {
  const namespaces = Object.keys(known);
  const everyKnown = Object.entries(known).flatMap(([namespace, names]) =>
    names.map((n) => `${namespace}:${n}`),
  );
  const problems: Problem[] = [];
  for (const key of [...keys].sort()) {
    const colon = key.indexOf(":");
    const namespace = colon < 0 ? "" : key.slice(0, colon);
    const name = colon < 0 ? key : key.slice(colon + 1);
    const names = known[namespace];
    if (names !== undefined) {
      if (names.includes(name)) {
        continue;
      }
      const suggestion = closest(name, [...names]);
      problems.push({
        path: key,
        message: near(name, suggestion)
          ? `is not a key this program reads; did you mean ${namespace}:${suggestion}? Rename it in ` +
            "Pulumi.<stack>.yaml (a misspelt key is otherwise ignored, and `pulumi up` would delete what it made)"
          : `is not a key this program reads; remove it${notes[namespace] ? ` (${notes[namespace]})` : ""}, or use ` +
            `one of ${names.map((n) => `${namespace}:${n}`).join(", ")}`,
      });
      continue;
    }
    // Namespaces of other providers (k8s, tls, …) are left alone: only one edit away from a short name counts.
    const meant = namespaces.find(
      (candidate) => namespace !== "" && distance(namespace, candidate) <= (candidate.length <= 4 ? 1 : 2),
    );
    if (meant !== undefined) {
      const suggestion = closest(`${meant}:${name}`, everyKnown);
      problems.push({
        path: key,
        message:
          `nothing reads the namespace ${namespace}; did you mean ${suggestion}? Rename it in Pulumi.<stack>.yaml ` +
          "(a misspelt key is otherwise ignored, and `pulumi up` would delete what it made)",
      });
    }
  }
  return problems;
}
