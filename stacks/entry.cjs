"use strict";
// The program's entry point for the Pulumi CLI (package.json "main"; the program is stacks/index.ts). The CLI's
// Node.js language host registers ts-node before loading it, with the project's tsconfig.json: by default ts-node
// type-checks the program as it loads it, as a `pulumi preview` on a workstation does. With
// PULUMI_NODEJS_TRANSPILE_ONLY=true, what CI sets once `npm run typecheck` has passed, there is nothing left to check,
// and the project's TypeScript loader takes over from ts-node (tools/register.cjs: the tests' esbuild transform,
// cached, and Node.js's compile cache), which loads the program in about a third of ts-node's time (docs/adr/0023).
if (process.env.PULUMI_NODEJS_TRANSPILE_ONLY === "true") {
  require("../tools/register.cjs").replaceTsNode();
}
module.exports = require("./index.ts");
