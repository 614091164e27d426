/**
 * The creation-order graph of a planned stack, as the Pulumi engine would walk it, and longest paths over it.
 *
 * A resource is created when everything it waits for is created. What it waits for (Node SDK, runtime/resource.ts
 * `prepareResource`):
 * - `property`: every resource whose output it takes as an input (the registration's property dependencies);
 * - `dependsOn`: its explicit `dependsOn` (recorded dependencies that no input property accounts for);
 * - `parent`: a custom-resource parent (the SDK awaits the parent's URN, which resolves once it is created);
 * - `component-dependsOn`: the explicit dependencies of every component ancestor up to the nearest custom one (a
 *   component's URN resolves only after its own dependencies are created, and its children await that URN). A
 *   component parent by itself costs nothing: a child does not wait for its siblings;
 * - `provider`: the explicit provider it is created through.
 * Local components (the stack and `platform:*`) take no time; remote components (`eks:index:*`) block until their
 * children are created, so they are nodes with their own create time.
 */
import type { PlanResource, StackPlan } from "../plan/model";
import { createTimeOf, type SourceKey } from "./durations";

export type EdgeKind = "property" | "dependsOn" | "parent" | "component-dependsOn" | "provider";

export interface DeployNode {
  urn: string;
  type: string;
  name: string;
  minutes: number;
  source: SourceKey;
  /** False when the type is not in the create-time table (the default was used). */
  known: boolean;
}

/** One waiting relation between two resources: `to` is created after `from`. */
export interface DeployEdge {
  from: string;
  to: string;
  /** Every reason `to` waits for `from` (one pair may have several). */
  kinds: EdgeKind[];
  /** Input properties of `to` that carry `from`'s outputs (for `property`). */
  properties: string[];
  /** Whether AWS (or Kubernetes) needs this order for the create to succeed; see `isRequired`. */
  required: boolean;
  /** Why a non-data edge is required, or why a data edge is not. */
  reason?: string;
}

export interface DeployGraph {
  nodes: DeployNode[];
  edges: DeployEdge[];
}

const STACK_TYPE = "pulumi:pulumi:Stack";

/** Components of this project (type `platform:<module>:<Name>`) and the stack: containers with no create step. */
export function isLocalComponent(type: string): boolean {
  return type === STACK_TYPE || type.startsWith("platform:");
}

/**
 * Inputs that only label a resource. A dependency carried only by these could be removed by computing the label
 * from plain values, so it is never required.
 */
const LABEL_PROPERTIES = new Set(["tags", "tagsAll", "description"]);

/**
 * Explicit dependencies (`dependsOn`, a component's `dependsOn`, a custom parent) that are required for a
 * correct create although no input carries them. `dependent`/`dependency` are type tokens or prefixes ending in
 * ":" or "/". Each rule says why; docs/deploy-time.md lists them.
 */
export const REQUIRED_ORDERINGS: readonly { dependent: string[]; dependency: string[]; why: string }[] = [
  {
    dependent: ["aws:ec2/natGateway:NatGateway", "aws:ec2/eip:Eip"],
    dependency: ["aws:ec2/internetGateway:InternetGateway"],
    why: "a public NAT gateway and its EIP need the VPC's internet gateway attached (provider docs: use dependsOn on the IGW)",
  },
  {
    dependent: ["aws:", "eks:", "kubernetes:"],
    dependency: [
      "aws:iam/rolePolicy:RolePolicy",
      "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
      "aws:iam/policy:Policy",
      "aws:sns/topicPolicy:TopicPolicy",
      "aws:msk/clusterPolicy:ClusterPolicy",
      "aws:kms/keyPolicy:KeyPolicy",
      "aws:secretsmanager/secretPolicy:SecretPolicy",
      "aws:s3/bucketPolicy:BucketPolicy",
      "aws:cloudwatch/logResourcePolicy:LogResourcePolicy",
    ],
    why: "a service that uses a role or a resource policy needs those permissions in place when it is created (IAM is eventually consistent)",
  },
  {
    dependent: ["aws:", "eks:"],
    dependency: ["aws:cloudwatch/logGroup:LogGroup"],
    why: "a service that creates its own log group when none exists must find ours (retention, KMS) first",
  },
  {
    dependent: ["eks:index:ManagedNodeGroup", "eks:index:NodeGroupV2", "aws:eks/nodeGroup:NodeGroup"],
    dependency: ["aws:eks/addon:Addon"],
    why: "without the self-managed add-ons bootstrapped, nodes become Ready only once the vpc-cni and kube-proxy add-ons exist",
  },
  {
    dependent: ["aws:ec2/route:Route"],
    dependency: ["aws:ec2/vpcPeeringConnectionAccepter:VpcPeeringConnectionAccepter"],
    why: "a route to a peering connection needs the connection active (accepted)",
  },
  {
    dependent: ["aws:eks/addon:Addon", "kubernetes:"],
    dependency: ["eks:index:ManagedNodeGroup", "eks:index:NodeGroupV2", "aws:eks/nodeGroup:NodeGroup"],
    why: "add-ons and charts that run pods only become ready once nodes have joined",
  },
  {
    dependent: ["kubernetes:"],
    dependency: [
      "aws:eks/addon:Addon",
      "aws:eks/accessEntry:AccessEntry",
      "aws:eks/accessPolicyAssociation:AccessPolicyAssociation",
      "aws:eks/podIdentityAssociation:PodIdentityAssociation",
    ],
    why: "pods need the VPC CNI, CoreDNS and storage add-ons and their pod identities; the deployer needs its access entry before it can call the Kubernetes API",
  },
  {
    dependent: ["aws:", "eks:"],
    dependency: [
      "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
      "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule",
      "aws:ec2/securityGroupRule:SecurityGroupRule",
    ],
    why: "a service that connects to its peers while it is created (replicator, cluster, scraper) needs its security-group rules in place",
  },
  {
    dependent: ["aws:msk/replicator:Replicator"],
    dependency: ["aws:msk/topic:Topic"],
    why: "the replicated topics must exist with our settings first, or the replicator creates them with the source's and the Topic create fails",
  },
  {
    dependent: ["aws:rds/cluster:Cluster"],
    dependency: ["aws:rds/clusterInstance:ClusterInstance"],
    why: "a secondary cluster joins a global database only once the primary cluster has an available writer",
  },
];

function matches(type: string, patterns: readonly string[]): boolean {
  return patterns.some((p) => (p.endsWith(":") || p.endsWith("/") ? type.startsWith(p) : type === p));
}

/** Why an ordering without a data reference is required, or undefined when it is not. */
export function requiredOrdering(dependentType: string, dependencyType: string): string | undefined {
  return REQUIRED_ORDERINGS.find(
    (rule) => matches(dependentType, rule.dependent) && matches(dependencyType, rule.dependency),
  )?.why;
}

/** The provider's URN from a provider reference `urn::id`. */
function providerUrn(reference: string): string {
  const at = reference.lastIndexOf("::");
  return at < 0 ? reference : reference.slice(0, at);
}

/** The creation-order graph of a plan: one node per resource that takes time, one edge per waiting pair. */
export function extractDeployGraph(plan: Pick<StackPlan, "resources">): DeployGraph {
  const byUrn = new Map<string, PlanResource>();
  for (const resource of plan.resources) {
    byUrn.set(resource.urn, resource);
  }
  const nodes: DeployNode[] = [];
  for (const resource of plan.resources) {
    if (!isLocalComponent(resource.type)) {
      const time = createTimeOf(resource);
      nodes.push({
        urn: resource.urn,
        type: resource.type,
        name: resource.name,
        minutes: time.minutes,
        source: time.source,
        known: time.known,
      });
    }
  }
  const timed = new Set(nodes.map((n) => n.urn));
  const edges = new Map<string, DeployEdge>();
  const add = (from: string, to: string, kind: EdgeKind, property?: string) => {
    if (from === to || !timed.has(from)) {
      return;
    }
    const key = `${from}\n${to}`;
    let edge = edges.get(key);
    if (edge === undefined) {
      edge = { from, to, kinds: [], properties: [], required: false };
      edges.set(key, edge);
    }
    if (!edge.kinds.includes(kind)) {
      edge.kinds.push(kind);
    }
    if (property !== undefined && !edge.properties.includes(property)) {
      edge.properties.push(property);
    }
  };

  for (const resource of plan.resources) {
    if (!timed.has(resource.urn)) {
      continue;
    }
    const viaProperty = new Set<string>();
    for (const [property, urns] of Object.entries(resource.propertyDependencies)) {
      for (const urn of urns) {
        viaProperty.add(urn);
        add(urn, resource.urn, "property", property);
      }
    }
    // The recorded dependencies are the explicit ones plus the properties' ones.
    for (const urn of resource.options.dependsOn) {
      if (!viaProperty.has(urn)) {
        add(urn, resource.urn, "dependsOn");
      }
    }
    if (resource.options.provider !== undefined) {
      add(providerUrn(resource.options.provider), resource.urn, "provider");
    }
    const seen = new Set<string>();
    let ancestor = resource.parent === undefined ? undefined : byUrn.get(resource.parent);
    // The seen set guards against a malformed plan whose parents loop.
    while (ancestor !== undefined && isLocalComponent(ancestor.type) && !seen.has(ancestor.urn)) {
      seen.add(ancestor.urn);
      for (const urn of ancestor.options.dependsOn) {
        add(urn, resource.urn, "component-dependsOn");
      }
      ancestor = ancestor.parent === undefined ? undefined : byUrn.get(ancestor.parent);
    }
    if (ancestor !== undefined) {
      add(ancestor.urn, resource.urn, "parent");
    }
  }

  for (const edge of edges.values()) {
    classify(edge, byUrn);
  }
  return { nodes, edges: [...edges.values()] };
}

function classify(edge: DeployEdge, byUrn: ReadonlyMap<string, PlanResource>): void {
  if (edge.kinds.includes("provider")) {
    edge.required = true;
    return;
  }
  const dataProperties = edge.properties.filter((p) => !LABEL_PROPERTIES.has(p));
  if (dataProperties.length > 0) {
    edge.required = true;
    return;
  }
  const dependent = byUrn.get(edge.to)?.type ?? "";
  const dependency = byUrn.get(edge.from)?.type ?? "";
  const why = requiredOrdering(dependent, dependency);
  if (why !== undefined) {
    edge.required = true;
    edge.reason = why;
    return;
  }
  edge.required = false;
  edge.reason =
    edge.properties.length > 0
      ? `only labels (${edge.properties.join(", ")}) carry it: compute them from plain values`
      : `no input needs it (${edge.kinds.join(", ")})`;
}

/** The result of a longest-path search. */
export interface LongestPath {
  /** Finish time of the last resource on the path (the total). */
  minutes: number;
  /** Node ids from the first to the last resource on the path. */
  path: string[];
  /** Finish time per node id. */
  finish: Map<string, number>;
}

/**
 * Longest path (critical path) through a DAG of weighted nodes: a node starts when all its predecessors have
 * finished and takes `minutes`. Ties go to the node listed first. Throws when the edges form a cycle.
 */
export function longestPath(
  nodes: readonly { id: string; minutes: number }[],
  edges: readonly { from: string; to: string }[],
): LongestPath {
  const index = new Map<string, number>();
  nodes.forEach((node, i) => index.set(node.id, i));
  const successors: number[][] = nodes.map(() => []);
  const indegree = nodes.map(() => 0);
  for (const edge of edges) {
    const from = index.get(edge.from);
    const to = index.get(edge.to);
    if (from === undefined || to === undefined) {
      throw new Error(`edge ${edge.from} -> ${edge.to} names a node that is not in the graph`);
    }
    successors[from].push(to);
    indegree[to]++;
  }
  const start = nodes.map(() => 0);
  const via = nodes.map(() => -1);
  const finish = nodes.map(() => 0);
  // Kahn's algorithm over a queue in node order keeps the result deterministic.
  const queue: number[] = [];
  indegree.forEach((d, i) => {
    if (d === 0) {
      queue.push(i);
    }
  });
  let visited = 0;
  for (let head = 0; head < queue.length; head++) {
    const i = queue[head];
    visited++;
    finish[i] = start[i] + nodes[i].minutes;
    for (const j of successors[i]) {
      if (finish[i] > start[j] || (finish[i] === start[j] && via[j] >= 0 && i < via[j])) {
        start[j] = finish[i];
        via[j] = i;
      }
      if (--indegree[j] === 0) {
        queue.push(j);
      }
    }
  }
  if (visited !== nodes.length) {
    const stuck = nodes.filter((_, i) => indegree[i] > 0).map((n) => n.id);
    throw new Error(`the dependency graph has a cycle through ${stuck.join(", ")}`);
  }
  let last = -1;
  finish.forEach((f, i) => {
    if (last < 0 || f > finish[last]) {
      last = i;
    }
  });
  const path: number[] = [];
  for (let i = last; i >= 0; i = via[i]) {
    path.push(i);
  }
  path.reverse();
  return {
    minutes: last < 0 ? 0 : finish[last],
    path: path.map((i) => nodes[i].id),
    finish: new Map(nodes.map((n, i) => [n.id, finish[i]])),
  };
}
