// Entry point of the pack for `pulumi preview --policy-pack policy-packs/encryption`: only assembles the pack.
// Never import this file elsewhere: the PolicyPack constructor reads ./package.json and starts the analyzer server.
import { PolicyPack } from "@pulumi/policy";
import { encryptionPack } from "./pack";

new PolicyPack(encryptionPack.name, encryptionPack.args);
