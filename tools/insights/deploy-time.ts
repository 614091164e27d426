/**
 * Estimated `pulumi up` time of a fresh stack: the critical path through the creation-order graph, the inherent
 * lower bound (the critical path over the orderings AWS needs, see docs/deploy-time.md) and the edges that make
 * the difference. Assumes unbounded engine parallelism (the CLI default) and the typical create times of
 * tools/insights/durations.ts.
 */
import type { StackPlan } from "../plan/model";
import { extractDeployGraph, longestPath, type DeployEdge, type DeployNode, type EdgeKind } from "./graph";

export interface PathStep {
  urn: string;
  type: string;
  name: string;
  minutes: number;
  /** Minutes from the start of the update until this resource is created. */
  doneAtMinutes: number;
}

export interface AvoidableEdge {
  from: { urn: string; type: string; name: string };
  to: { urn: string; type: string; name: string };
  kinds: EdgeKind[];
  reason: string;
  /** How much shorter the critical path becomes when this and the other avoidable orderings found with it go. */
  savesMinutes: number;
}

export interface DeployTimeSummary {
  /** The estimated total: minutes until the last resource is created. */
  criticalPathMinutes: number;
  criticalPath: PathStep[];
  /** The longest chain over required orderings only: no code change can make the update shorter. */
  lowerBoundMinutes: number;
  lowerBoundPath: PathStep[];
  /** criticalPathMinutes / lowerBoundMinutes (1 when both are 0). */
  ratio: number;
  /** Orderings on the critical path that nothing requires, each with the minutes it costs. */
  avoidableEdges: AvoidableEdge[];
  /** Types not in the create-time table (estimated with the default). */
  unknownTypes: string[];
  resources: number;
  edges: number;
  requiredEdges: number;
}

/** Rounds minutes for reports: tenths of a minute are well inside the precision of the table. */
export function roundMinutes(minutes: number): number {
  return Math.round(minutes * 10) / 10;
}

export function summarizeDeployTime(plan: Pick<StackPlan, "resources">): DeployTimeSummary {
  const graph = extractDeployGraph(plan);
  const byUrn = new Map(graph.nodes.map((n) => [n.urn, n]));
  const weighted = graph.nodes.map((n) => ({ id: n.urn, minutes: n.minutes }));
  const full = longestPath(weighted, graph.edges);
  const required = graph.edges.filter((e) => e.required);
  const bound = longestPath(weighted, required);

  // The orderings that lengthen the update without being required: those on a critical path (no slack) that
  // nothing requires. Dropping them can reveal the next ones, so repeat until the critical path is required
  // orderings only (then it equals the lower bound).
  const avoidable: AvoidableEdge[] = [];
  let kept = graph.edges;
  for (let round = 0; round < 10; round++) {
    const current = longestPath(weighted, kept);
    const critical = criticalEdges(weighted, kept, current.finish, current.minutes).filter(
      (e) => !e.required,
    );
    if (critical.length === 0) {
      break;
    }
    const dropped = new Set(critical);
    kept = kept.filter((e) => !dropped.has(e));
    const saves = current.minutes - longestPath(weighted, kept).minutes;
    avoidable.push(...critical.map((e) => describeAvoidable(e, byUrn, saves)));
  }
  const ratio = bound.minutes === 0 ? 1 : full.minutes / bound.minutes;
  return {
    criticalPathMinutes: roundMinutes(full.minutes),
    criticalPath: steps(full.path, byUrn, full.finish),
    lowerBoundMinutes: roundMinutes(bound.minutes),
    lowerBoundPath: steps(bound.path, byUrn, bound.finish),
    ratio: Math.round(ratio * 100) / 100,
    avoidableEdges: avoidable,
    unknownTypes: [...new Set(graph.nodes.filter((n) => !n.known).map((n) => n.type))].sort(),
    resources: graph.nodes.length,
    edges: graph.edges.length,
    requiredEdges: required.length,
  };
}

function steps(
  path: readonly string[],
  byUrn: ReadonlyMap<string, DeployNode>,
  finish: ReadonlyMap<string, number>,
) {
  return path
    .map((urn) => byUrn.get(urn))
    .filter((n): n is DeployNode => n !== undefined)
    .map((n) => ({
      urn: n.urn,
      type: n.type,
      name: n.name,
      minutes: roundMinutes(n.minutes),
      doneAtMinutes: roundMinutes(finish.get(n.urn) ?? 0),
    }));
}

function describeAvoidable(
  edge: DeployEdge,
  byUrn: ReadonlyMap<string, DeployNode>,
  saves: number,
): AvoidableEdge {
  const ref = (urn: string) => {
    const node = byUrn.get(urn);
    return { urn, type: node?.type ?? "", name: node?.name ?? "" };
  };
  return {
    from: ref(edge.from),
    to: ref(edge.to),
    kinds: [...edge.kinds],
    reason: edge.reason ?? "",
    savesMinutes: roundMinutes(saves),
  };
}

/**
 * Edges on some critical path: both ends have no slack and the later one starts exactly when the earlier ends.
 * Slack comes from a backward pass: the latest a resource may finish without delaying the total.
 */
function criticalEdges(
  nodes: readonly { id: string; minutes: number }[],
  edges: readonly DeployEdge[],
  finish: ReadonlyMap<string, number>,
  total: number,
): DeployEdge[] {
  const minutes = new Map(nodes.map((n) => [n.id, n.minutes]));
  const start = (id: string) => (finish.get(id) ?? 0) - (minutes.get(id) ?? 0);
  const successors = new Map<string, string[]>();
  for (const e of edges) {
    const list = successors.get(e.from);
    if (list === undefined) {
      successors.set(e.from, [e.to]);
    } else {
      list.push(e.to);
    }
  }
  const latestFinish = new Map<string, number>();
  // Latest finish in decreasing order of finish time: every successor finishes later, so it is known first.
  const order = [...nodes].sort((a, b) => (finish.get(b.id) ?? 0) - (finish.get(a.id) ?? 0));
  for (const n of order) {
    let latest = total;
    for (const s of successors.get(n.id) ?? []) {
      latest = Math.min(latest, (latestFinish.get(s) ?? total) - (minutes.get(s) ?? 0));
    }
    latestFinish.set(n.id, latest);
  }
  const EPSILON = 1e-9;
  const tight = (id: string) => Math.abs((latestFinish.get(id) ?? total) - (finish.get(id) ?? 0)) < EPSILON;
  return edges.filter(
    (e) => tight(e.from) && tight(e.to) && Math.abs((finish.get(e.from) ?? 0) - start(e.to)) < EPSILON,
  );
}
