"use strict";
// The policy thread's entry (see thread.ts). Worker threads only start .js/.cjs/.mjs files: register the project's
// TypeScript loader (a no-op when the process preloaded it, as workers inherit the parent's --require), defer what
// the plan never uses of @pulumi/pulumi (see lazy-closure.ts) and run the worker's TypeScript. The plan stops the
// thread once it has the results, before the thread's exit handlers could run, so the thread saves its compiled code
// right before it answers.
const { flushCodeCache } = require("../register.cjs");
require("../plan/lazy-closure.ts").deferClosureSerialization();
require("./thread-worker.ts").runPolicyThread({ beforeReply: flushCodeCache });
