// The init containers' wait scripts, taken from the manifests Flux applies and run with bash:
// `timeout` (which opens the TCP connection) answers from a list of reachable hosts, `sleep` ends
// the run after a few rounds. A gateway must start with one Cassandra node down (RF 3 and QUORUM
// survive it) and without the single ANM or API Manager, and keep waiting without a quorum or MySQL.
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { K8sObject } from "../tools/kustomize/kustomize-lite";
import { clusterObjects, testDir } from "./support/synth-output";

type Json = Record<string, unknown>;

function waitScript(objects: readonly K8sObject[], deployment: string): string {
  const d = objects.find((o) => o.kind === "Deployment" && o.metadata.name === deployment)!;
  const init = ((((d.spec as Json).template as Json).spec as Json).initContainers as Json[])[0];
  return (init.args as string[])[0];
}

/** Runs the script; `up` lists the host names that accept connections. */
function run(script: string, up: readonly string[]): { status: number | null; output: string } {
  const dir = fs.mkdtempSync(path.join(testDir(), "wait-for-"));
  const bin = path.join(dir, "bin");
  fs.mkdirSync(bin);
  fs.writeFileSync(path.join(dir, "up"), up.map((h) => `${h}\n`).join(""));
  // timeout 3 bash -c "exec 3<>/dev/tcp/<host>/<port>": succeed when <host> is listed.
  fs.writeFileSync(
    path.join(bin, "timeout"),
    `#!/bin/bash\nhost=$(echo "$4" | sed -n 's|.*/dev/tcp/\\([^/]*\\)/.*|\\1|p')\ngrep -qxF "$host" "${dir}/up"\n`,
    { mode: 0o755 },
  );
  // Three rounds of waiting are enough to show the script would wait forever.
  fs.writeFileSync(
    path.join(bin, "sleep"),
    `#!/bin/bash\necho x >>"${dir}/sleeps"\n[ "$(wc -l <"${dir}/sleeps")" -lt 3 ] || kill -TERM $PPID\n`,
    { mode: 0o755 },
  );
  const result = spawnSync("/bin/bash", ["-c", script], {
    encoding: "utf8",
    env: { PATH: `${bin}:/usr/bin:/bin`, HOME: dir },
  });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

describe("the gateways' wait for their dependencies, executed", () => {
  const objects = clusterObjects("prod");
  const script = waitScript(objects, "gateway-public");
  const cassandra = [0, 1, 2].map((i) => `cassandra-${i}.prod.apim.internal`);
  const others = ["mysql.prod.apim.internal"];

  test("the script names each data service (after Flux's substitution), not the single ANM or API Manager", () => {
    for (const host of [...cassandra, ...others]) expect(script).toContain(host);
    expect(script).not.toContain("${");
    expect(script).not.toMatch(/admin-node-manager|api-manager/);
  });

  test("everything up: the pod starts", () => {
    expect(run(script, [...cassandra, ...others])).toEqual({ status: 0, output: "" });
  });

  test("one Cassandra node (one zone) down: a quorum answers, the pod starts", () => {
    expect(run(script, [cassandra[0], cassandra[2], ...others]).status).toBe(0);
  });

  test("two Cassandra nodes down: no quorum, the pod keeps waiting", () => {
    const result = run(script, [cassandra[0], ...others]);
    expect(result.status).not.toBe(0);
    expect(result.output).toContain(`waiting for 2 of: ${cassandra.map((h) => `${h} 9042`).join(" ")}`);
  });

  test("MySQL down: the pod keeps waiting for it", () => {
    const result = run(script, cassandra);
    expect(result.status).not.toBe(0);
    expect(result.output).toContain("waiting for mysql.prod.apim.internal:3306");
  });

  test("ANM and the API Manager down: a gateway still starts (they are single pods)", () => {
    expect(run(script, [...cassandra, ...others]).status).toBe(0);
  });
});
