/**
 * Every policy pack of the project, in the order the offline evaluator runs them (the order CI passes them to
 * `pulumi preview --policy-pack`). Importing this never starts a pack: only each pack's index.ts does.
 */
import { dataProtectionPack } from "./data-protection/pack";
import { encryptionPack } from "./encryption/pack";
import type { PackDefinition } from "./lib/policy";
import { privateNetworkingPack } from "./private-networking/pack";
import { taggingPack } from "./tagging/pack";

export const POLICY_PACKS: readonly PackDefinition[] = [
  encryptionPack,
  privateNetworkingPack,
  taggingPack,
  dataProtectionPack,
];
