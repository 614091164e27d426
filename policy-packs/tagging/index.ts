// Entry point of the pack for `pulumi preview --policy-pack policy-packs/tagging`: only assembles the pack.
// Never import this file elsewhere: the PolicyPack constructor reads ./package.json and starts the analyzer server.
import { PolicyPack } from "@pulumi/policy";
import { taggingPack } from "./pack";

new PolicyPack(taggingPack.name, taggingPack.args);
