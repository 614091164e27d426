/**
 * `platform:primaryStack`: the primary a secondary joins through its stack reference (required there, refused on a
 * primary), and the rules between stacks: what a secondary must share with its primary, checked against the
 * primary's outputs (`primaryProblems`).
 */
import { Validator } from "ip-num";
import type { Problem } from "../../components/common/validation";
import { cidrsOverlap } from "../../components/regional-vpc/plan";
import type { PrimaryFacts } from "../contract";
import { ACCOUNT_ID_KEY } from "./account";
import { DATABASE_KEY } from "./database";
import { EDGE_KEY } from "./edge";
import { NETWORK_KEY } from "./network";
import { Section } from "./section";
import { Scalar, isBlank } from "./stack";

const PATH = "platform:primaryStack";
const STACK_NAME_EXAMPLE = "acme/platform/prod-taipei";
/** One part of `<organization>/<project>/<stack>`: what Pulumi accepts in names, never `.` or `..`. */
const NAME_PART = /^[A-Za-z0-9_.-]{1,100}$/;

/** Validates `platform:primaryStack` against `platform:role`: a secondary's fully qualified primary, or nothing. */
export const checkPrimaryStack: Section<string, Scalar> = (value, { role, project, stack }) => {
  if (role === "primary") {
    if (!isBlank(value)) {
      return {
        problems: [
          {
            path: PATH,
            message:
              "is set, but a primary never references another stack; remove it " +
              "(`pulumi config rm platform:primaryStack`) or set platform:role to secondary",
          },
        ],
      };
    }
    return { problems: [] };
  }
  if (isBlank(value)) {
    if (role === "secondary") {
      return {
        problems: [
          {
            path: PATH,
            message:
              "missing; a secondary joins its primary through a stack reference: run " +
              `\`pulumi config set platform:primaryStack <organization>/<project>/<stack>\`, e.g. ${STACK_NAME_EXAMPLE}`,
          },
        ],
      };
    }
    return { problems: [] };
  }
  const parts = value.split("/");
  if (parts.length !== 3 || parts.some((part) => !NAME_PART.test(part) || part === "." || part === "..")) {
    return {
      problems: [
        {
          path: PATH,
          message:
            `${JSON.stringify(value)} is not a fully qualified stack name; write it as ` +
            `<organization>/<project>/<stack>, e.g. ${STACK_NAME_EXAMPLE}`,
        },
      ],
    };
  }
  const [organization, primaryProject, primaryName] = parts;
  if (project !== undefined && primaryProject !== project) {
    return {
      problems: [
        {
          path: PATH,
          message:
            `${JSON.stringify(value)} names a stack of the project ${primaryProject}; a secondary joins a primary ` +
            `of its own project: write ${organization}/${project}/<stack>`,
        },
      ],
    };
  }
  if (primaryName === stack) {
    return {
      problems: [
        {
          path: PATH,
          message: `${JSON.stringify(value)} is this stack itself; name the primary it joins, e.g. ${STACK_NAME_EXAMPLE}`,
        },
      ],
    };
  }
  return { value, problems: [] };
};

/**
 * Reads the facts of the primary stack `primaryStack` (rejects when an output is missing or unreadable); with
 * `wanted.edge`, also its edge zone (`PrimaryFacts.edge`, absent when the primary exports none).
 */
export type PrimaryFactsReader = (primaryStack: string, wanted?: PrimaryFactsWanted) => Promise<PrimaryFacts>;

/** The facts only some secondaries need, read only then. */
export interface PrimaryFactsWanted {
  /** The primary's edge zone (`edgeZoneId`, `edgeDomain`): the secondary has `platform:edge`. */
  readonly edge?: boolean;
}

/** What of the secondary's own config is compared with its primary. */
export interface SecondarySide {
  readonly region?: string;
  readonly environment?: string;
  readonly accountId?: string;
  readonly cidr?: string;
  readonly databaseEngineVersion?: string;
  /** `platform:edge.domain`, when the secondary has a valid `platform:edge`: its records go into the primary's zone. */
  readonly edgeDomain?: string;
}

/**
 * Reads the primary with `read` and checks the secondary against it: the primary must be readable, its VPC must not
 * overlap the secondary's (they are peered), and the two must run in one account (a global database and MSK
 * Replicator join clusters of one account), one environment, different regions, the same Aurora engine version (every
 * cluster of a global database runs the primary's), and the primary's Kafka cluster must be a replication source.
 * Each comparison runs only when the secondary's own value is valid.
 */
export async function primaryProblems(
  primaryStack: string,
  mine: SecondarySide,
  read: PrimaryFactsReader | undefined,
): Promise<{ facts?: PrimaryFacts; problems: Problem[] }> {
  if (read === undefined) {
    return { problems: [] };
  }
  let facts: PrimaryFacts;
  try {
    facts = await read(primaryStack, { edge: mine.edgeDomain !== undefined });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return {
      problems: [
        {
          path: PATH,
          message:
            `cannot read the outputs of ${primaryStack} (${reason}); deploy the primary first, ` +
            "and check the stack name and your access to it",
        },
      ],
    };
  }
  const problems: Problem[] = [];
  const primary = `the primary ${primaryStack}`;
  const cidrProblem = overlapProblem(primaryStack, mine.cidr, facts.vpcCidr);
  if (cidrProblem !== undefined) {
    problems.push(cidrProblem);
  }
  if (mine.region !== undefined && mine.region === facts.region) {
    problems.push({
      path: "aws:region",
      message:
        `${mine.region} is the region of ${primary}; a secondary runs in another region: set aws:region to the ` +
        "region this stack adds",
    });
  }
  if (mine.accountId !== undefined && mine.accountId !== facts.accountId) {
    problems.push({
      path: ACCOUNT_ID_KEY,
      message:
        `${mine.accountId} is not ${facts.accountId}, the account of ${primary}; the global database and MSK ` +
        `Replicator join clusters of one account, so deploy the secondary to ${facts.accountId}`,
    });
  }
  if (mine.environment !== undefined && mine.environment !== facts.environment) {
    problems.push({
      path: "platform:environment",
      message:
        `${mine.environment} is not ${facts.environment}, the environment of ${primary}; a secondary extends its ` +
        `primary's environment: set ${facts.environment}, or name a primary of ${mine.environment}`,
    });
  }
  if (
    mine.databaseEngineVersion !== undefined &&
    mine.databaseEngineVersion !== facts.databaseEngineVersion
  ) {
    problems.push({
      path: `${DATABASE_KEY}.engineVersion`,
      message:
        `${JSON.stringify(mine.databaseEngineVersion)} is not ${JSON.stringify(facts.databaseEngineVersion)}, ` +
        `the engine version of ${primary}; every cluster of a global database runs the same version: set ` +
        `${JSON.stringify(facts.databaseEngineVersion)} (upgrade the primary's, which upgrades the whole global database)`,
    });
  }
  if (facts.kafkaReplicationSource !== true) {
    problems.push({
      path: PATH,
      message:
        `the Kafka cluster of ${primaryStack} is not a replication source; MSK Replicator reads it from here only ` +
        "with multi-VPC connectivity: set platform:kafka.replicationSource to true in its stack file and run " +
        "`pulumi up` there first",
    });
  }
  if (mine.edgeDomain !== undefined) {
    problems.push(...edgeZoneProblems(primaryStack, mine.edgeDomain, facts.edge));
  }
  return problems.length > 0 ? { problems } : { facts, problems };
}

/** A secondary's edge against its primary's zone: there must be one, of the same domain. */
function edgeZoneProblems(primaryStack: string, domain: string, zone: PrimaryFacts["edge"]): Problem[] {
  if (zone === undefined) {
    return [
      {
        path: EDGE_KEY,
        message:
          `${primaryStack} exports no edge zone (edgeZoneId, edgeDomain), and a secondary writes its records into ` +
          "its primary's zone: set platform:edge with ownsZone: true in the primary's stack file and run `pulumi up` " +
          "there first, or remove platform:edge here",
      },
    ];
  }
  if (zone.domain !== domain) {
    return [
      {
        path: `${EDGE_KEY}.domain`,
        message:
          `${domain} is not ${zone.domain}, the domain of the zone of the primary ${primaryStack}; every region ` +
          `serves the same hosts, weighted, from that zone: set ${zone.domain}`,
      },
    ];
  }
  return [];
}

function overlapProblem(
  primaryStack: string,
  cidr: string | undefined,
  primaryCidr: string,
): Problem | undefined {
  if (
    typeof primaryCidr !== "string" ||
    !Validator.isValidIPv4CidrNotation(primaryCidr)[0] ||
    !Validator.isValidIPv4CidrRange(primaryCidr)[0]
  ) {
    return {
      path: PATH,
      message: `${primaryStack} reports the VPC CIDR ${JSON.stringify(primaryCidr)}, which is not an IPv4 CIDR; check the primary's outputs`,
    };
  }
  if (cidr !== undefined && cidrsOverlap(cidr, primaryCidr)) {
    return {
      path: `${NETWORK_KEY}.cidr`,
      message:
        `${cidr} overlaps ${primaryCidr}, the VPC CIDR of the primary ${primaryStack}; the VPCs are peered, ` +
        `so they must not overlap: pick a block outside ${primaryCidr}`,
    };
  }
  return undefined;
}
