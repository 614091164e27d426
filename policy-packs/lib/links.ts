/**
 * Linking resources in stack policies: which VPC a flow log belongs to, which subnets a subnet group uses, which
 * bucket a versioning configuration configures. Two sources, both as the engine presents a stack:
 *
 * - property dependencies: `propertyDependencies[key]` lists the resources a property's value was computed from.
 *   They are known even when the value is not (a preview that creates a VPC and its flow log together), but they
 *   can over-approximate: a list of subnet ids computed from one output that carries every subnet of a VPC depends on
 *   all of them.
 * - literal ids or names: a property holding `vpc-…` or a bucket name that equals a candidate's `id` (or name
 *   property). Exact, but only once the values are known.
 *
 * Single references (`vpcId`, `bucket`, `securityGroupId`) use both. Lists whose members matter one by one (the
 * subnets of a data store) use the literal ids; the dependencies only when no candidate has a known id (an offline
 * plan without ids) and only when they cannot be an over-approximation.
 */
import type { PolicyResource } from "@pulumi/policy";
import { isUnknown, knownStrings, peek } from "./values";

function literalKeysMatch(
  candidate: PolicyResource,
  keys: readonly string[],
  literals: ReadonlySet<string>,
): boolean {
  return keys.some((k) => knownStrings(peek(candidate.props, k)).some((v) => literals.has(v)));
}

/**
 * The candidates a single reference in property `key` of `resource` points at: through its property dependencies,
 * or by a literal value equal to a candidate's `candidateKeys` (default `id`).
 */
export function linkedResources(
  resource: PolicyResource,
  key: string,
  candidates: readonly PolicyResource[],
  options: { candidateKeys?: readonly string[] } = {},
): PolicyResource[] {
  const candidateKeys = options.candidateKeys ?? ["id"];
  const literals = new Set(knownStrings(peek(resource.props, key)));
  const viaDependencies = new Set((resource.propertyDependencies[key] ?? []).map((r) => r.urn));
  return candidates.filter(
    (candidate) => viaDependencies.has(candidate.urn) || literalKeysMatch(candidate, candidateKeys, literals),
  );
}

export interface ListReference {
  /** Candidates the list refers to. */
  readonly matched: PolicyResource[];
  /** Values that match no candidate of the stack (only reported when candidates have known ids to compare with). */
  readonly unmatched: string[];
}

/**
 * What a list of ids (`values`, read by the caller through the unknown-checking proxy, so an unknown list stops the
 * policy with the engine's "can't run during preview" note) refers to among `candidates`. Exact by id when the
 * candidates' ids are known; otherwise (ids not yet assigned) by the property dependencies of `dependencyKey`.
 */
export function listReference(
  resource: PolicyResource,
  dependencyKey: string,
  values: readonly string[],
  candidates: readonly PolicyResource[],
): ListReference {
  requireKnownIds(candidates);
  const idsKnown = candidates.some((c) => knownStrings(peek(c.props, "id")).length > 0);
  if (!idsKnown) {
    return { matched: dependencyMembers(resource, dependencyKey, values.length, candidates), unmatched: [] };
  }
  const byId = new Map(
    candidates.flatMap((c) => knownStrings(peek(c.props, "id")).map((id) => [id, c] as const)),
  );
  return {
    matched: [...new Set(values.flatMap((v) => byId.get(v) ?? []))],
    unmatched: values.filter((v) => !byId.has(v)),
  };
}

/**
 * The candidates a list of `count` values depends on through `dependencyKey`, when the dependencies can tell its
 * members: no more candidates than values. More means the list was computed from an output carrying other
 * candidates too (e.g. every subnet of a VPC, filtered in an `apply`), and nothing can be concluded from it.
 */
export function dependencyMembers(
  resource: PolicyResource,
  dependencyKey: string,
  count: number,
  candidates: readonly PolicyResource[],
): PolicyResource[] {
  const urns = new Set((resource.propertyDependencies[dependencyKey] ?? []).map((r) => r.urn));
  const members = candidates.filter((c) => urns.has(c.urn));
  return members.length <= count ? members : [];
}

/** Strings of a list property read through the unknown-checking proxy (an unknown element stops the policy). */
export function stringList(value: unknown): string[] {
  if (value === undefined || value === null) {
    return [];
  }
  const values: unknown[] = Array.isArray(value) ? Array.from(value as unknown[]) : [value];
  return values.filter((v): v is string => typeof v === "string");
}

/**
 * Stops the policy, the way the engine does for any unknown it reads, when a candidate's id is not known yet (a
 * preview that creates it): nothing can be matched by id until `up`, where the policy runs for real.
 */
export function requireKnownIds(candidates: readonly PolicyResource[]): void {
  const pending = candidates.find((c) => isUnknown(peek(c.props, "id")));
  if (pending !== undefined) {
    // Reading it through the unknown-checking proxy throws the engine's UnknownValueError.
    void pending.props["id"];
  }
}

/**
 * Stops the policy with the engine's "can't run during preview" note when the reference in `key` is not known yet and
 * its property dependencies name none of the candidates: until `up` nothing can tell what it refers to (it may be an
 * output of a component wrapping one of them, or a resource outside the stack).
 */
export function requireKnownReference(resource: PolicyResource, key: string): void {
  if (isUnknown(peek(resource.props, key))) {
    // Reading it through the unknown-checking proxy throws the engine's UnknownValueError.
    void resource.props[key];
  }
}
