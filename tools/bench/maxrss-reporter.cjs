"use strict";
// Loaded into every Node.js process the bench starts (NODE_OPTIONS=--require <this file>): when the process exits,
// it appends "<pid> <peak resident set size in KiB>" to the file named by BENCH_MAXRSS_FILE.
const file = process.env.BENCH_MAXRSS_FILE;
if (file) {
  const fs = process.getBuiltinModule("node:fs");
  process.on("exit", () => {
    try {
      fs.appendFileSync(file, `${process.pid} ${process.resourceUsage().maxRSS}\n`);
    } catch {
      // Reporting must never change how the measured process exits.
    }
  });
}
