// The bastion's user data, decoded from the synthesized network stack and executed with bash in
// the sandbox (downloads, dnf and pip stubbed; a real release tarball for nodetool). It must reach
// its end with the admin tools and the operator scripts installed, byte for byte as in scripts/.
import * as fs from "fs";
import * as path from "path";
import { clusterName } from "../lib/naming";
import { OPERATOR_SCRIPTS } from "../lib/operator-scripts";
import { CASSANDRA_VERSION } from "../modules/cassandra-ring";
import { hostPath, runInSandbox, SandboxRun } from "./support/boot-sandbox";
import { CASSANDRA_RELEASE_FILES, sha256File, tarball } from "./support/release-fixtures";
import { exampleEnvs, terraformModel, testDir } from "./support/synth-output";
import { describeWithTools } from "./support/tools";

const REPO = path.join(__dirname, "..");
/** EC2 refuses user data above 16 KB (before base64). */
const USER_DATA_LIMIT = 16 * 1024;

const STUBS: Record<string, string> = {
  curl: `
url=\${*: -1}; out=
while (($#)); do [[ $1 == --output ]] && out=$2; shift; done
case "$url" in
  *.sha256) cp "/fixtures/$(basename "\${url%.sha256}").sha256" "$out" ;;
  *) cp "/fixtures/$(basename "$url")" "$out" ;;
esac`,
  dnf: "exit 0",
  python3: "exit 0",
};

function bastionScript(env: string): string {
  const instance = terraformModel()
    .ofType("aws_instance")
    .find((r) => r.stack === `${env}-network` && r.name.startsWith("bastion"))!;
  return Buffer.from(String(instance.attrs.user_data_base64), "base64").toString("utf8");
}

function fixtures(dir: string): Record<string, Buffer | string> {
  const files: Record<string, Buffer | string> = {};
  const add = (name: string, content: Buffer) => {
    files[`/fixtures/${name}`] = content;
    files[`/fixtures/${name}.sha256`] = sha256File(content, name);
  };
  add("kubectl", Buffer.from("#!/bin/sh\necho kubectl\n"));
  add(
    `apache-cassandra-${CASSANDRA_VERSION}-bin.tar.gz`,
    tarball(dir, "apache-cassandra", CASSANDRA_RELEASE_FILES),
  );
  return files;
}

describeWithTools("bastion user data, executed", ["sandbox"], () => {
  describe.each(exampleEnvs().map((e) => [e.name, e] as const))("%s", (name, env) => {
    let run: SandboxRun;
    let script: string;
    beforeAll(() => {
      const dir = fs.mkdtempSync(path.join(testDir(), `bastion-${name}-`));
      script = bastionScript(name);
      run = runInSandbox(dir, script, { stubs: STUBS, files: fixtures(dir) });
    });

    test("fits EC2's user-data limit and reaches its end", () => {
      expect(Buffer.byteLength(script)).toBeLessThanOrEqual(USER_DATA_LIMIT);
      if (run.status !== 0) throw new Error(`script exited ${run.status}:\n${run.output}`);
      expect(run.output).toMatch(/bastion-init: done/);
    });

    test("installs every operator script as it is in scripts/, executable", () => {
      expect(OPERATOR_SCRIPTS.length).toBe(2);
      for (const operator of OPERATOR_SCRIPTS) {
        expect(run.read(operator.installedAs)).toBe(
          fs.readFileSync(path.join(REPO, operator.source), "utf8"),
        );
        expect(run.mode(operator.installedAs)).toBe(0o755);
      }
    });

    test("installs a kubectl within one minor version of the cluster, verified by checksum", () => {
      const url = run.callsOf("curl").find((c) => /\/bin\/linux\/amd64\/kubectl$/.test(c.args.at(-1)!))!;
      const [, major, minor] = /\/release\/v(\d+)\.(\d+)\.\d+\//.exec(url.args.at(-1)!)!;
      const [clusterMajor, clusterMinor] = env.kubernetes.version.split(".").map(Number);
      expect(Number(major)).toBe(clusterMajor);
      expect(Math.abs(Number(minor) - clusterMinor)).toBeLessThanOrEqual(1);
      expect(run.mode("/usr/local/bin/kubectl")).toBe(0o755);
      expect(fs.readlinkSync(hostPath(run.root, "/usr/local/bin/nodetool"))).toBe(
        "/opt/cassandra-tools/bin/nodetool",
      );
    });

    test("points the kubeconfig alias at the env's cluster and region", () => {
      const profile = run.read("/etc/profile.d/apim-bastion.sh")!;
      expect(profile).toContain(`--region ${env.aws.region} --name ${clusterName(env)}'`);
    });
  });
});

describeWithTools("bastion user data, a download that fails its checksum", ["sandbox"], () => {
  test("stops the boot before the tampered kubectl is installed", () => {
    const dir = fs.mkdtempSync(path.join(testDir(), "bastion-tampered-"));
    const files = fixtures(dir);
    // The published checksum is of other bytes than those served: a tampered or truncated download.
    files["/fixtures/kubectl.sha256"] = sha256File(Buffer.from("#!/bin/sh\necho other\n"), "kubectl");
    const run = runInSandbox(dir, bastionScript(exampleEnvs()[0].name), { stubs: STUBS, files });
    expect(run.status).not.toBe(0);
    expect(run.output).not.toMatch(/bastion-init: done/);
    expect(run.callsOf("curl").some((c) => /\/kubectl\.sha256$/.test(c.args.at(-1)!))).toBe(true);
    expect(run.read("/usr/local/bin/kubectl")).toBeUndefined();
  });
});

test.each(exampleEnvs().map((e) => [e.name, e] as const))(
  "%s: the bastion's instance role (what its kubeconfig alias uses) may view the cluster, nothing more",
  (name, env) => {
    const model = terraformModel();
    const profile = model
      .ofType("aws_iam_instance_profile")
      .find((p) => p.stack === `${name}-network` && String(p.attrs.name).endsWith("-bastion"))!;
    const role = model.resolve(profile.stack, profile.attrs.role)!;
    const roleArn = `arn:aws:iam::${env.aws.accountId}:role/${String(role.attrs.name)}`;
    const entries = model
      .ofType("aws_eks_access_entry")
      .filter((e) => e.stack === `${name}-cluster` && e.attrs.principal_arn === roleArn);
    expect(entries).toHaveLength(1);
    const policies = model
      .ofType("aws_eks_access_policy_association")
      .filter(
        (a) => a.stack === `${name}-cluster` && model.resolve(a.stack, a.attrs.principal_arn) === entries[0],
      )
      .map((a) => String(a.attrs.policy_arn).split("/").pop());
    expect(policies).toEqual(["AmazonEKSViewPolicy"]);
  },
);
