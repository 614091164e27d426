"use strict";
// The pack's entry for the Pulumi CLI (package.json "main"): loads index.ts transpile-only (../lib/entry.cjs).
require("../lib/entry.cjs").load(__dirname);
