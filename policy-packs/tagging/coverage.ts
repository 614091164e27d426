/**
 * Which resource types the tagging policies check, from `taggable-types.json` (generated from the installed
 * @pulumi/aws and @pulumi/eks by tools/policy/generate-taggable-types.ts) plus the families that are not cloud
 * resources. Every type a stack can create is either checked or exempt with a reason.
 */
import taggable from "./taggable-types.json";

export type TagCoverage =
  | { readonly kind: "checked" }
  | { readonly kind: "exempt"; readonly reason: string }
  | { readonly kind: "unknown" };

const TYPES: Readonly<Record<string, boolean>> = taggable.types;

/** Families of types that are exempt by what they are, with the reason. */
export const EXEMPT_FAMILIES: readonly { readonly prefix: string; readonly reason: string }[] = [
  { prefix: "pulumi:providers:", reason: "a provider configures resources and is not one" },
  { prefix: "pulumi:pulumi:", reason: "the stack (and stack references) are not cloud resources" },
  { prefix: "platform:", reason: "a platform component: its children carry the tags" },
  { prefix: "kubernetes:", reason: "Kubernetes objects carry labels, not AWS tags" },
  { prefix: "random:", reason: "random values are not cloud resources" },
];

export function tagCoverage(type: string): TagCoverage {
  const taggableType = TYPES[type];
  if (taggableType === true) {
    return { kind: "checked" };
  }
  if (taggableType === false) {
    const pkg = type.startsWith("eks:") ? "@pulumi/eks" : "@pulumi/aws";
    return {
      kind: "exempt",
      reason: `its Args have no tags property in ${pkg} ${taggable.generatedFrom[pkg]}`,
    };
  }
  const family = EXEMPT_FAMILIES.find((f) => type.startsWith(f.prefix));
  return family === undefined ? { kind: "unknown" } : { kind: "exempt", reason: family.reason };
}

/**
 * `eks:index:*` components do not receive the AWS provider's default tags (the component passes its `tags` to its
 * children itself), so only their own `tags` count.
 */
export function usesProviderDefaultTags(type: string): boolean {
  return type.startsWith("aws:");
}
