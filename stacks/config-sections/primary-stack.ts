/**
 * `platform:primaryStack`: the primary a secondary joins through its stack reference (required there, refused on a
 * primary), and the one rule between stacks: a secondary's VPC must not overlap its primary's, which it peers with.
 */
import { Validator } from "ip-num";
import type { Problem } from "../../components/common/validation";
import { cidrsOverlap } from "../../components/regional-vpc/plan";
import { NETWORK_KEY } from "./network";
import { Section } from "./section";
import { Scalar, isBlank } from "./stack";

const PATH = "platform:primaryStack";
const STACK_NAME_EXAMPLE = "acme/platform/prod-taipei";
const FULLY_QUALIFIED_STACK = /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/;

/** Validates `platform:primaryStack` against `platform:role`: a secondary's fully qualified primary, or nothing. */
export const checkPrimaryStack: Section<string, Scalar> = (value, { role }) => {
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
  if (!FULLY_QUALIFIED_STACK.test(value)) {
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
  return { value, problems: [] };
};

/** Reads the primary stack's VPC CIDR (through its StackReference). */
export type PrimaryVpcCidrReader = (primaryStack: string) => Promise<string>;

/**
 * A secondary's VPC CIDR against its primary's, read with `read` (no check without it): the primary must be readable
 * and report a CIDR, and the two must not overlap.
 */
export async function primaryCidrProblems(
  primaryStack: string,
  cidr: string,
  read: PrimaryVpcCidrReader | undefined,
): Promise<Problem[]> {
  if (read === undefined) {
    return [];
  }
  let primaryCidr: string;
  try {
    primaryCidr = await read(primaryStack);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return [
      {
        path: PATH,
        message:
          `cannot read the VPC CIDR of ${primaryStack} (${reason}); deploy the primary first, ` +
          "and check the stack name and your access to it",
      },
    ];
  }
  if (
    typeof primaryCidr !== "string" ||
    !Validator.isValidIPv4CidrNotation(primaryCidr)[0] ||
    !Validator.isValidIPv4CidrRange(primaryCidr)[0]
  ) {
    return [
      {
        path: PATH,
        message: `${primaryStack} reports the VPC CIDR ${JSON.stringify(primaryCidr)}, which is not an IPv4 CIDR; check the primary's outputs`,
      },
    ];
  }
  if (cidrsOverlap(cidr, primaryCidr)) {
    return [
      {
        path: `${NETWORK_KEY}.cidr`,
        message:
          `${cidr} overlaps ${primaryCidr}, the VPC CIDR of the primary ${primaryStack}; the VPCs are peered, ` +
          `so they must not overlap: pick a block outside ${primaryCidr}`,
      },
    ];
  }
  return [];
}
