"use strict";
// Loaded into every Node.js process the bench starts (NODE_OPTIONS=--require <this file>), and so into their child
// processes. When a process exits it appends "<pid> <peak resident set size in KiB> <ms>" to the file named by
// BENCH_MAXRSS_FILE, where <ms> is when (after the process started) it finished loading the module BENCH_ENTRY names
// (the program's entry point: its start-up), or "-" if it never did. A process stopped with SIGTERM (policy packs, as
// the engine stops them) reports first, then dies of the same signal.
const file = process.env.BENCH_MAXRSS_FILE;
if (file) {
  const fs = process.getBuiltinModule("node:fs");
  const entry = process.env.BENCH_ENTRY;
  let entryLoadedMs = "-";
  if (entry) {
    const Module = process.getBuiltinModule("node:module");
    const load = Module.prototype.load;
    Module.prototype.load = function loadAndTime(filename, ...rest) {
      const result = load.call(this, filename, ...rest);
      if (filename === entry && entryLoadedMs === "-") {
        entryLoadedMs = performance.now().toFixed(0);
      }
      return result;
    };
  }
  let reported = false;
  const report = () => {
    if (reported) {
      return;
    }
    reported = true;
    try {
      fs.appendFileSync(file, `${process.pid} ${process.resourceUsage().maxRSS} ${entryLoadedMs}\n`);
    } catch {
      // Reporting must never change how the measured process exits.
    }
  };
  process.on("exit", report);
  const onTerm = () => {
    report();
    process.off("SIGTERM", onTerm);
    process.kill(process.pid, "SIGTERM");
  };
  process.on("SIGTERM", onTerm);
}
