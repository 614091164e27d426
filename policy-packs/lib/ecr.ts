/** ECR: repositories and the registry's scanning configuration (one per region, a resource of its own). */
import { matchesWildcard } from "./values";

export const ECR_REPOSITORY = "aws:ecr/repository:Repository";
export const ECR_REGISTRY_SCANNING_CONFIGURATION =
  "aws:ecr/registryScanningConfiguration:RegistryScanningConfiguration";

/**
 * Whether a registry scanning rule's repository filter matches a repository name, as ECR matches them: a filter with
 * `*` matches names where each `*` stands for zero or more characters; a filter without one matches every name that
 * contains it.
 */
export function repositoryFilterMatches(filter: string, name: string): boolean {
  if (!filter.includes("*")) {
    return name.includes(filter);
  }
  return matchesWildcard(filter, name);
}
