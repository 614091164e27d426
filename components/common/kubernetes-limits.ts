/** Facts about Kubernetes that several components validate against. */

/** Namespace names: RFC 1123 labels, 1 to 63 lowercase letters, digits and inner hyphens. */
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

/** Problem text for a name Kubernetes refuses for a namespace, or undefined when it is one. */
export function namespaceNameProblem(name: string): string | undefined {
  if (typeof name === "string" && DNS_LABEL.test(name)) {
    return undefined;
  }
  return `${JSON.stringify(name)} is not a Kubernetes namespace name; use 1 to 63 lowercase letters, digits and inner hyphens`;
}
