/**
 * The load balancer's access-log bucket: a `SecureBucket` with SSE-S3 (the only encryption ALB log delivery
 * supports), written by Elastic Load Balancing of the region, expiring after the retention. A log sink (data class
 * `logs`): it writes no server access logs of its own. The component built it by hand before; `formerParent` keeps
 * every resource's identity (same names, aliases to the URNs under the edge), so adopting `SecureBucket` replaces and
 * deletes nothing in an existing stack.
 */
import { SecureBucket } from "../secure-bucket";
import type { Context } from "./context";
import {
  ACCESS_LOG_SSE_S3_REASON,
  accessLogBucketPrefix,
  accessLogLifecycle,
  elbAccessLogDelivery,
} from "./plan";

/**
 * The bucket (`bucket.id` for the load balancer) and its `policy`: the load balancer may enable access logs only once
 * Elastic Load Balancing may write.
 */
export function createAccessLogBucket({ name, resolved, provider, childOpts }: Context): SecureBucket {
  return new SecureBucket(
    // The name the hand-built bucket and its configuration had: with `formerParent`, their identities.
    `${name}-access-logs`,
    {
      bucketPrefix: accessLogBucketPrefix(resolved.environment, resolved.region),
      dataClass: "logs",
      sseS3Reason: ACCESS_LOG_SSE_S3_REASON,
      // The data-protection pack's s3-bucket-replication: a region's load-balancer logs stay in the region.
      replication: "none: ALB access logs of this region's load balancer stay in the region",
      lifecycle: accessLogLifecycle(resolved.logRetentionDays),
      policyStatements: (ctx) => [elbAccessLogDelivery(ctx)],
      protect: resolved.protect,
      tags: resolved.tags,
      formerParent: childOpts.parent,
    },
    { parent: childOpts.parent, provider },
  );
}
