/**
 * AWS Backup: vaults (named by their name, ARN `backup-vault:<name>`), plans (a UUID id, ARN `backup-plan:<id>`, a
 * version), selections (`<plan id>|<selection id>` as the provider's import id), vault lock configurations and
 * notifications (by the vault's name), restore testing plans and selections (by name).
 */
import { MOCK_ACCOUNT_ID } from "../environment";
import { shortHash, uuidFrom } from "../ids";
import { stringOr } from "../values";
import { result, type ComputedState, type MockedResource } from "./resource";

/** The state of an `aws:backup/*` resource; undefined for another type. */
export function backupState({ type, name, seed, inputs, region }: MockedResource): ComputedState | undefined {
  const arn = (resource: string) => `arn:aws:backup:${region}:${MOCK_ACCOUNT_ID}:${resource}`;
  switch (type) {
    case "aws:backup/vault:Vault": {
      const vaultName = stringOr(inputs["name"], name);
      return result(vaultName, { name: vaultName, arn: arn(`backup-vault:${vaultName}`), recoveryPoints: 0 });
    }
    case "aws:backup/plan:Plan": {
      const planId = uuidFrom(seed);
      return result(planId, { arn: arn(`backup-plan:${planId}`), version: shortHash(`${seed}/version`, 32) });
    }
    case "aws:backup/selection:Selection": {
      const selectionId = uuidFrom(seed);
      return result(`${stringOr(inputs["planId"], "plan")}|${selectionId}`, {});
    }
    case "aws:backup/vaultLockConfiguration:VaultLockConfiguration":
    case "aws:backup/vaultNotifications:VaultNotifications": {
      const vaultName = stringOr(inputs["backupVaultName"], name);
      return result(vaultName, { backupVaultArn: arn(`backup-vault:${vaultName}`) });
    }
    case "aws:backup/restoreTestingPlan:RestoreTestingPlan": {
      const planName = stringOr(inputs["name"], name);
      return result(planName, {
        name: planName,
        arn: arn(`restore-testing-plan:${planName}-${uuidFrom(seed)}`),
      });
    }
    case "aws:backup/restoreTestingSelection:RestoreTestingSelection": {
      const selectionName = stringOr(inputs["name"], name);
      return result(`${selectionName}:${stringOr(inputs["restoreTestingPlanName"], "plan")}`, {
        name: selectionName,
      });
    }
    default:
      return undefined;
  }
}
