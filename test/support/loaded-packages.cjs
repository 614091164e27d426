"use strict";
// Preloaded into the program and pack processes by test/cli-path.spec.ts (NODE_OPTIONS=--require <this file>): at
// exit, or when stopped with SIGTERM, appends the folder of every package the process loaded to LOADED_PACKAGES_FILE.
const file = process.env.LOADED_PACKAGES_FILE;
if (file) {
  const fs = process.getBuiltinModule("node:fs");
  const path = process.getBuiltinModule("node:path");
  let written = false;
  const write = () => {
    if (written) {
      return;
    }
    written = true;
    const packages = new Set();
    for (const loaded of Object.keys(require.cache)) {
      const parts = loaded.split(path.sep);
      const at = parts.lastIndexOf("node_modules");
      if (at >= 0) {
        const name = parts[at + 1]?.startsWith("@")
          ? parts.slice(at + 1, at + 3)
          : parts.slice(at + 1, at + 2);
        packages.add([...parts.slice(0, at + 1), ...name].join(path.sep));
      }
    }
    fs.appendFileSync(file, [...packages].map((p) => `${p}\n`).join(""));
  };
  process.on("exit", write);
  const onTerm = () => {
    write();
    process.off("SIGTERM", onTerm);
    process.kill(process.pid, "SIGTERM");
  };
  process.on("SIGTERM", onTerm);
}
