// Writes a cache file so that a reader never sees it half written: to a temp file of this process
// and thread, then renamed over the target (one rename is atomic on the same file system).
"use strict";
const fs = require("fs");
const { threadId } = require("worker_threads");

function writeAtomically(file, content) {
  const tmp = `${file}.${process.pid}-${threadId}.tmp`;
  fs.writeFileSync(tmp, content);
  fs.renameSync(tmp, file);
}

module.exports = { writeAtomically };
