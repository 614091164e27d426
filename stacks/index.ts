// The Pulumi program (loaded by stacks/entry.cjs, package.json `main`). The Node.js language host calls an exported
// function and turns the object it resolves to into the stack's outputs.
import { runPlatform } from "./program";

export = runPlatform;
