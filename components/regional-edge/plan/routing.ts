/**
 * How a region's health is measured and routed on: the target groups' health checks (inside the region, per pod),
 * the Route 53 health check of each application's regional host (from the internet, through the ALB, WAF and
 * TLS), and the routing weight.
 */

/** Route 53 weights: 0 to 255 (ChangeResourceRecordSets, Weight). */
export const MAX_ROUTING_WEIGHT = 255;

/**
 * The Route 53 health check of an application in one region: HTTPS to `<app>.<region>.<domain>` on 443 with SNI, so
 * it passes the same listener, certificate, WAF and host rule as clients do, and fails when any of them, the target
 * group or the pods fail.
 * - `requestInterval` 30 s, the standard interval: the fast one (10 s) is a paid option and only shortens detection
 *   by a minute, while DNS caching (60 s for alias answers) dominates anyway.
 * - `failureThreshold` 3: three consecutive failures from a checker (about 90 s) mark the endpoint unhealthy, so one
 *   dropped request or a rolling deploy does not move traffic; a region drops out of the weighted answers within
 *   about three minutes of failing. Both are Route 53's defaults, written out so they are reviewed, not inherited.
 * - No string matching and no latency measurement (each a paid option, and neither adds to a 2xx/3xx check).
 */
export const ROUTE53_HEALTH_CHECK = {
  type: "HTTPS",
  port: 443,
  requestInterval: 30,
  failureThreshold: 3,
  enableSni: true,
  measureLatency: false,
} as const;

/**
 * The target groups' health checks, inside the region: every pod on its own port and health path, often enough that
 * a failed pod leaves rotation in about 45 s (3 × 15 s) and a new one joins in about 30 s (2 × 15 s); any 2xx or
 * 3xx is healthy, as for Route 53.
 */
export const TARGET_HEALTH_CHECK = {
  enabled: true,
  protocol: "HTTP",
  port: "traffic-port",
  matcher: "200-399",
  interval: 15,
  timeout: 5,
  healthyThreshold: 2,
  unhealthyThreshold: 3,
} as const;

/**
 * Seconds a deregistered pod keeps its in-flight requests: 30 instead of ALB's 300, so a rollout or a scale-in does
 * not wait five minutes per pod (pods are expected to drain within their own termination grace period).
 */
export const DEREGISTRATION_DELAY_SECONDS = 30;
