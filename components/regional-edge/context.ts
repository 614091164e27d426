/**
 * The context `RegionalEdge`'s constructor hands to each of its steps (the modules beside it).
 */
import type { ComponentStepContext } from "../common/providers";
import type { ResolvedRegionalEdgeArgs } from "./args";
import type { PlannedApplication } from "./plan";

/** What every step of the constructor creates with. */
export interface Context extends ComponentStepContext {
  readonly resolved: ResolvedRegionalEdgeArgs;
  /** The applications in name order, with their regional hosts and rule priorities. */
  readonly applications: readonly PlannedApplication[];
}
