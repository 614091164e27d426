/**
 * Tags as AWS will apply them: the resource's own `tags` over its provider's `defaultTags.tags`.
 *
 * The engine hands a policy the resource's provider with the provider's inputs. The AWS provider's Node SDK sends
 * nested provider inputs JSON-encoded (`defaultTags: "{\"tags\":{...}}"`), other clients send objects: both are read.
 */
import type { PolicyProviderResource } from "@pulumi/policy";
import { isRecord, parseJsonDocument } from "./values";

export const AWS_PROVIDER_TYPE = "pulumi:providers:aws";

/**
 * The string-valued entries of a `tags` property (tag values are strings; anything else is ignored). Auto Scaling
 * groups take a list of `{ key, value, propagateAtLaunch }` instead of a map; it is read the same way.
 */
export function tagMap(tags: unknown): Record<string, string> {
  if (Array.isArray(tags)) {
    return Object.fromEntries(
      tags
        .filter((t): t is { key: string; value: string } => isRecord(t) && typeof t["key"] === "string")
        .map((t) => [t.key, String(t.value ?? "")]),
    );
  }
  if (!isRecord(tags)) {
    return {};
  }
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(tags)) {
    if (typeof value === "string") {
      out[key] = value;
    }
  }
  return out;
}

/** `defaultTags.tags` of an AWS provider, in either encoding; empty for other providers or no provider. */
export function providerDefaultTags(provider: PolicyProviderResource | undefined): Record<string, string> {
  if (provider === undefined || provider.type !== AWS_PROVIDER_TYPE) {
    return {};
  }
  const defaultTags = parseJsonDocument(provider.props["defaultTags"]);
  return isRecord(defaultTags) ? tagMap(defaultTags["tags"]) : {};
}

/** Types the AWS provider does not apply `defaultTags` to. */
export const NO_DEFAULT_TAGS: ReadonlySet<string> = new Set(["aws:autoscaling/group:Group"]);

/** The tags a resource ends up with: provider default tags, overridden by the resource's own. */
export function effectiveTags(
  type: string,
  props: Record<string, unknown>,
  provider: PolicyProviderResource | undefined,
): Record<string, string> {
  const defaults = NO_DEFAULT_TAGS.has(type) ? {} : providerDefaultTags(provider);
  return { ...defaults, ...tagMap(props["tags"]) };
}

/** `key=value` config strings, e.g. `platform:role=load-balancer` (the key may contain `:`, the value may not). */
export function parseTagSelector(selector: string): { key: string; value: string } {
  const at = selector.lastIndexOf("=");
  return at < 0
    ? { key: selector, value: "" }
    : { key: selector.slice(0, at), value: selector.slice(at + 1) };
}

/** Whether `tags` carries the `key=value` selector. */
export function hasTag(tags: Record<string, string>, selector: string): boolean {
  const { key, value } = parseTagSelector(selector);
  return tags[key] === value;
}
