// Entry point of the pack for `pulumi preview --policy-pack policy-packs/data-protection`: only assembles the pack.
// Never import this file elsewhere: the PolicyPack constructor reads ./package.json and starts the analyzer server.
import { PolicyPack } from "@pulumi/policy";
import { dataProtectionPack } from "./pack";

new PolicyPack(dataProtectionPack.name, dataProtectionPack.args);
