/**
 * ECR: repositories (named by their name, with the registry's URL), their lifecycle and repository policies, and the
 * registry-level replication and scanning configurations (one per account and region, identified by the account).
 */
import { MOCK_ACCOUNT_ID } from "../environment";
import { shortHash } from "../ids";
import { stringOr } from "../values";
import { result, type ComputedState, type MockedResource } from "./resource";

/** The state of an `aws:ecr/*` resource; undefined for a type this family does not know. */
export function ecrState({ type, name, seed, inputs, region }: MockedResource): ComputedState | undefined {
  switch (type) {
    case "aws:ecr/repository:Repository": {
      // A repository's id is its name; its URL is the registry's (the account's, in the region) plus the name.
      const repositoryName = stringOr(inputs["name"], `${name}-${shortHash(seed, 7)}`);
      return result(repositoryName, {
        name: repositoryName,
        arn: `arn:aws:ecr:${region}:${MOCK_ACCOUNT_ID}:repository/${repositoryName}`,
        registryId: MOCK_ACCOUNT_ID,
        repositoryUrl: `${MOCK_ACCOUNT_ID}.dkr.ecr.${region}.amazonaws.com/${repositoryName}`,
      });
    }
    case "aws:ecr/lifecyclePolicy:LifecyclePolicy":
    case "aws:ecr/repositoryPolicy:RepositoryPolicy":
      // Both are identified by the repository they belong to.
      return result(stringOr(inputs["repository"], name), { registryId: MOCK_ACCOUNT_ID });
    case "aws:ecr/replicationConfiguration:ReplicationConfiguration":
    case "aws:ecr/registryScanningConfiguration:RegistryScanningConfiguration":
      // One per registry (the account in the region): identified by the registry id.
      return result(MOCK_ACCOUNT_ID, { registryId: MOCK_ACCOUNT_ID });
    default:
      return undefined;
  }
}
