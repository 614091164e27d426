// Entry point of the Pulumi program (Pulumi.yaml `main: stacks/`). The Node.js language host calls an exported
// function and turns the object it resolves to into the stack's outputs.
import { runPlatform } from "./program";

export = runPlatform;
