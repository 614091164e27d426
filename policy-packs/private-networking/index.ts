// Entry point of the pack for `pulumi preview --policy-pack policy-packs/private-networking`: only assembles the pack.
// Never import this file elsewhere: the PolicyPack constructor reads ./package.json and starts the analyzer server.
import { PolicyPack } from "@pulumi/policy";
import { privateNetworkingPack } from "./pack";

new PolicyPack(privateNetworkingPack.name, privateNetworkingPack.args);
