/**
 * Secrets Manager: a deleted secret stays recoverable for a while.
 */
import type * as aws from "@pulumi/aws";
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { configWithDefaults, Inputs, schema, validateType } from "../lib/policy";
import { setTo } from "../lib/values";

export const SECRET = "aws:secretsmanager/secret:Secret";

const recoveryDefaults = { minimumDays: 7 };

export const secretRecoveryWindow: ResourceValidationPolicy = {
  name: "secret-recovery-window",
  description:
    "Deleted Secrets Manager secrets stay recoverable for at least 7 days (0 deletes them at once).",
  enforcementLevel: "mandatory",
  configSchema: schema({
    minimumDays: {
      type: "integer",
      minimum: 7,
      maximum: 30,
      default: recoveryDefaults.minimumDays,
      description: "Smallest accepted recoveryWindowInDays.",
    },
  }),
  validateResource: validateType<Inputs<aws.secretsmanager.SecretArgs>>(SECRET, (secret, args, report) => {
    const { minimumDays } = configWithDefaults(args, recoveryDefaults);
    // Unset means AWS's default of 30 days.
    if ((secret.recoveryWindowInDays ?? 30) < minimumDays) {
      report(
        setTo(
          "recoveryWindowInDays",
          secret.recoveryWindowInDays,
          `${minimumDays} or more (or leave it unset for 30)`,
        ),
      );
    }
  }),
};
