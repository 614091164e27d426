/** Facts about AWS that several components validate against. */

/** The only values CloudWatch Logs accepts for a log group's `retentionInDays` (PutRetentionPolicy). */
export const CLOUDWATCH_LOG_RETENTION_DAYS: readonly number[] = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
];

/** Problem text for a retention that CloudWatch Logs would refuse, or undefined when it is accepted. */
export function retentionProblem(days: number): string | undefined {
  if (CLOUDWATCH_LOG_RETENTION_DAYS.includes(days)) {
    return undefined;
  }
  const next = CLOUDWATCH_LOG_RETENTION_DAYS.find((allowed) => allowed > days) ?? 3653;
  return `${days} is not a CloudWatch Logs retention; use one of ${CLOUDWATCH_LOG_RETENTION_DAYS.join(", ")} (e.g. ${next})`;
}
