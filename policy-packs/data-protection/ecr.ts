/**
 * ECR: an image tag always names the same image (a pushed tag cannot be overwritten by a later push), and every image
 * is scanned for vulnerabilities when pushed, by the repository's own scan on push or by the registry's scanning rules,
 * and old images expire under a lifecycle policy.
 */
import type * as aws from "@pulumi/aws";
import type { PolicyResource, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { ECR_REGISTRY_SCANNING_CONFIGURATION, ECR_REPOSITORY, repositoryFilterMatches } from "../lib/ecr";
import { linkedResources } from "../lib/links";
import { Inputs, resourcesOfType, validateType } from "../lib/policy";
import { listOf, setTo } from "../lib/values";

export const ecrImageTagsImmutable: ResourceValidationPolicy = {
  name: "ecr-image-tags-immutable",
  description:
    "ECR repositories make image tags immutable, so a tag always names the image first pushed with it.",
  enforcementLevel: "mandatory",
  validateResource: validateType<Inputs<aws.ecr.RepositoryArgs>>(
    ECR_REPOSITORY,
    (repository, _args, report) => {
      // IMMUTABLE_WITH_EXCLUSION leaves the excluded tags mutable: only IMMUTABLE keeps every tag.
      if (repository.imageTagMutability !== "IMMUTABLE") {
        report(setTo("imageTagMutability", repository.imageTagMutability, '"IMMUTABLE" (unset is MUTABLE)'));
      }
    },
  ),
};

interface ScanningRule {
  scanFrequency?: string;
  repositoryFilters?: { filter?: string; filterType?: string }[];
}

/** Whether one of the registry configuration's rules scans the repository on push (or continuously). */
function registryScans(configuration: PolicyResource, repository: PolicyResource): boolean {
  const rules = listOf(configuration.props["rules"] as ScanningRule[] | undefined);
  return rules.some(
    (rule) =>
      ["SCAN_ON_PUSH", "CONTINUOUS_SCAN"].includes(String(rule.scanFrequency)) &&
      listOf(rule.repositoryFilters).some(
        (f) =>
          f.filterType === "WILDCARD" &&
          // "*" matches every name: the repository's name is only read (and must be known) for other filters.
          (f.filter === "*" || repositoryFilterMatches(String(f.filter), String(repository.props["name"]))),
      ),
  );
}

export const ecrScanOnPush: StackValidationPolicy = {
  name: "ecr-scan-on-push",
  description:
    "ECR images are scanned when pushed: the repository's scan on push, or a registry scanning rule that covers it.",
  enforcementLevel: "mandatory",
  validateStack: (args, report) => {
    const configurations = resourcesOfType(args, ECR_REGISTRY_SCANNING_CONFIGURATION);
    const enhanced = configurations.filter((c) => c.props["scanType"] === "ENHANCED");
    for (const repository of resourcesOfType(args, ECR_REPOSITORY)) {
      if (enhanced.length > 0) {
        // With enhanced scanning (Amazon Inspector) the registry's rules decide; a repository's scanOnPush is ignored.
        if (!enhanced.some((c) => registryScans(c, repository))) {
          report(
            `the registry's enhanced scanning (${enhanced.map((c) => c.name).join(", ")}) has no rule that covers ` +
              "this repository, and a repository's own scanOnPush is ignored under enhanced scanning; add a rule " +
              "with scanFrequency SCAN_ON_PUSH or CONTINUOUS_SCAN and a WILDCARD filter that matches it.",
            repository.urn,
          );
        }
        continue;
      }
      const scanning = repository.props["imageScanningConfiguration"] as { scanOnPush?: unknown } | undefined;
      if (scanning?.scanOnPush === true || configurations.some((c) => registryScans(c, repository))) {
        continue;
      }
      report(
        setTo(
          "imageScanningConfiguration.scanOnPush",
          scanning?.scanOnPush,
          "true (or add a registry scanning configuration rule that scans it on push)",
        ),
        repository.urn,
      );
    }
  },
};

export const ECR_LIFECYCLE_POLICY = "aws:ecr/lifecyclePolicy:LifecyclePolicy";

export const ecrLifecyclePolicy: StackValidationPolicy = {
  name: "ecr-lifecycle-policy",
  description:
    "Every ECR repository has a lifecycle policy, so untagged and old images expire instead of piling up unscanned.",
  enforcementLevel: "mandatory",
  validateStack: (args, report) => {
    const policies = resourcesOfType(args, ECR_LIFECYCLE_POLICY);
    for (const repository of resourcesOfType(args, ECR_REPOSITORY)) {
      const linked = policies.filter(
        (p) => linkedResources(p, "repository", [repository], { candidateKeys: ["name", "id"] }).length > 0,
      );
      if (linked.length === 0) {
        report(
          "repository has no lifecycle policy; add an aws.ecr.LifecyclePolicy for it (e.g. expire untagged images " +
            "after 14 days, keep the last N tagged ones).",
          repository.urn,
        );
      }
    }
  },
};
