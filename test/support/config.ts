/**
 * Config values in the shape `pulumi.runtime.setAllConfig` takes, as the Pulumi CLI passes them to a program:
 * scalars as strings, structured values (maps, lists) as JSON text.
 */
import { readFileSync } from "fs";
import * as path from "path";
import { parse } from "yaml";
import type { Section, SectionContext } from "../../stacks/config-sections/section";

const ROOT = path.resolve(__dirname, "..", "..");

/** `{"platform:network": {...}}` → `{"platform:network": "{...}"}`; keys whose value is undefined are left out. */
export function configMap(values: Readonly<Record<string, unknown>>): Record<string, string> {
  const map: Record<string, string> = {};
  for (const [key, value] of Object.entries(values)) {
    if (value === undefined) {
      continue;
    }
    map[key] = typeof value === "object" && value !== null ? JSON.stringify(value) : String(value);
  }
  return map;
}

/** The parsed `config:` section of `Pulumi.<stack>.yaml`. */
export function stackFileValues(stack: string): Record<string, unknown> {
  const file = path.join(ROOT, `Pulumi.${stack}.yaml`);
  const document = parse(readFileSync(file, "utf8")) as { config?: Record<string, unknown> } | null;
  return document?.config ?? {};
}

/** The `config:` section of `Pulumi.<stack>.yaml` in the `setAllConfig` shape. */
export function stackFileConfig(stack: string): Record<string, string> {
  return configMap(stackFileValues(stack));
}

/** A config section on one value: the typed value it gives (`config`) and every problem, as `path: message` lines. */
export function checkSection<T>(
  section: Section<T>,
  raw: unknown,
  context: SectionContext,
): { config: T | undefined; problems: string[] } {
  const { value, problems } = section(raw, context);
  return { config: value, problems: problems.map((p) => `${p.path}: ${p.message}`) };
}
