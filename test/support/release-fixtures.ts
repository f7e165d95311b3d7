// Release downloads as the boot scripts fetch them: a real gzipped tarball with one top folder
// (as Apache publishes), and the SHA-256 file published next to it.
import { execFileSync } from "child_process";
import * as crypto from "crypto";
import * as fs from "fs";
import * as path from "path";

/** The Apache Cassandra release layout the boot scripts rely on: conf/ has sub-folders. */
export const CASSANDRA_RELEASE_FILES: Readonly<Record<string, string>> = {
  "bin/cassandra": "#!/bin/sh\n",
  "bin/nodetool": "#!/bin/sh\n",
  "conf/cassandra.yaml": "cluster_name: 'Test Cluster'\n",
  "conf/jvm-server.options": "-ea\n",
  "conf/logback.xml": "<configuration/>\n",
  "conf/triggers/README.txt": "Place triggers to be loaded in this directory\n",
};

/** A .tar.gz of `files` under one top folder, built with the real tar. */
export function tarball(dir: string, top: string, files: Readonly<Record<string, string>>): Buffer {
  const tree = fs.mkdtempSync(path.join(dir, "release-"));
  for (const [rel, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(tree, top, rel)), { recursive: true });
    fs.writeFileSync(path.join(tree, top, rel), content);
  }
  const file = path.join(tree, "release.tar.gz");
  execFileSync("tar", ["--create", "--gzip", "--file", file, "--directory", tree, top]);
  return fs.readFileSync(file);
}

/** The checksum file published beside a download: "<sha256>  <name>". */
export function sha256File(content: Buffer, name: string): string {
  return `${crypto.createHash("sha256").update(content).digest("hex")}  ${name}\n`;
}
