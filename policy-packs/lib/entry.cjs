"use strict";
// How the Pulumi CLI loads a pack (each pack's index.js, its package.json "main"). The CLI's pack runner
// (@pulumi/pulumi/cmd/run-policy-pack) registers ts-node with type-checking, always: PULUMI_NODEJS_TRANSPILE_ONLY does
// not reach it, and each pack would type-check its own copy of the SDK and the @pulumi/aws types (5-15 s and ~0.8 GB
// per pack, 4-5 GB for a preview with the four packs). The packs' types are checked by `npm run typecheck` (tsc with
// the project's options, in CI before any preview), so here they are only transpiled, by the project's TypeScript
// loader (tools/register.cjs: the tests' esbuild transform, cached, and Node.js's compile cache) in place of the
// runner's ts-node. PLATFORM_POLICY_TYPECHECK=true keeps the runner's type-checking.
const path = require("path");

exports.load = function load(packDirectory) {
  if (process.env.PLATFORM_POLICY_TYPECHECK !== "true") {
    require("../../tools/register.cjs").replaceTsNode();
  }
  return require(path.join(packDirectory, "index.ts"));
};
