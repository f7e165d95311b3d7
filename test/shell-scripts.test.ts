// Every shell script this repository ships passes shellcheck: the Cassandra nodes' user data as
// rendered for each env, the operator scripts, and CI's entry point.
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { cassandraHosts } from "../lib/naming";
import { secretName } from "../lib/naming";
import { cassandraUserData, CASSANDRA_VERSION } from "../modules/cassandra-ring";
import { exampleEnvs } from "./support/synth-output";
import { describeWithTools, locate } from "./support/tools";
import { testDir } from "./support/synth-output";

const REPO = path.join(__dirname, "..");

function shellcheck(file: string): void {
  execFileSync(locate("shellcheck")!, ["--severity=style", "--external-sources", file], { stdio: "pipe" });
}

describeWithTools("shell scripts", ["shellcheck"], () => {
  test.each(exampleEnvs().map((e) => [e.name, e] as const))(
    "%s: Cassandra user data passes shellcheck, placeholders filled",
    (_n, env) => {
      const script = cassandraUserData({
        clusterName: `apim-${env.name}-apim`,
        seeds: cassandraHosts(env).slice(0, 2),
        datacenter: env.aws.region,
        rack: env.aws.availabilityZones[0],
        instanceType: env.cassandra.instanceType,
        region: env.aws.region,
        tlsSecretName: secretName(env, "cassandra-tls"),
        adminSecretName: secretName(env, "cassandra-admin"),
        logGroupName: `/apim/apim-${env.name}/cassandra`,
      });
      const file = path.join(fs.mkdtempSync(path.join(testDir(), "apim-sh-")), "cassandra.sh");
      fs.writeFileSync(file, script);
      shellcheck(file);
      expect(script).not.toMatch(/@[A-Z_]+@/);
      expect(script).toContain(`CASSANDRA_VERSION="${CASSANDRA_VERSION}"`);
      expect(script).toMatch(/MAX_HEAP_MB="4096"/); // half of an m5.large's 8 GiB
      expect(script).not.toMatch(/password\s*[:=]\s*['"]?[A-Za-z0-9]{8,}/i); // no literal credentials
    },
  );

  /** Every shell script under scripts/, found by walking it, and CI's entry point. */
  const scripts = [
    ...fs
      .readdirSync(path.join(REPO, "scripts"), { recursive: true, encoding: "utf8" })
      .filter((f) => f.endsWith(".sh"))
      .map((f) => path.join("scripts", f))
      .sort(),
    ".ci/run",
  ];
  test("finds the operator, account and tunnel scripts", () => {
    expect(scripts).toEqual(
      expect.arrayContaining([
        "scripts/cassandra/post-bootstrap.sh",
        "scripts/mysql/create-metrics-user.sh",
        "scripts/prepare-account.sh",
        "scripts/cluster-tunnel.sh",
      ]),
    );
  });

  test.each(scripts)("%s passes shellcheck", (rel) => {
    shellcheck(path.join(REPO, rel));
  });
});
