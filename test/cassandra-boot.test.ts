// The Cassandra nodes' user data, taken from the synthesized Terraform (decoded, not the source
// template), executed with bash in a sandbox: AWS, IMDS, the package manager, the disks and
// systemd are stubs; the release tarball is a real tarball with the release's conf/ layout.
// It must reach its end and leave a configured node behind, wait for the operator's TLS secret,
// and never reformat a volume that holds data.
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { cassandraHosts, privateZoneName } from "../lib/naming";
import { secretName } from "../lib/naming";
import { CASSANDRA_VERSION } from "../modules/cassandra-ring";
import { runInSandbox, SandboxRun } from "./support/boot-sandbox";
import { CASSANDRA_RELEASE_FILES, sha256File, tarball } from "./support/release-fixtures";
import { exampleEnvs, terraformModel, testDir } from "./support/synth-output";
import { describeWithTools } from "./support/tools";

const NODE_ADDRESS = "10.30.40.11";
// YAML-significant characters: the configuration must carry the password as it is.
const STORE_PASSWORD = "store: pw #1 'q' \"d\"";
const ADMIN = { username: "apim_admin", password: "admin-pw-from-secret" };
const KEYSTORE = Buffer.from("fake PKCS12 keystore bytes");
const TRUSTSTORE = Buffer.from("fake PKCS12 truststore bytes");

// Stubs: each records its arguments (boot-sandbox.ts) and then behaves as below.
const STUBS: Record<string, string> = {
  // IMDSv2 and the release download, served from the fake tree.
  curl: `
url=\${*: -1}; out=
while (($#)); do [[ $1 == --output ]] && out=$2; shift; done
case "$url" in
  */latest/api/token) echo imds-token ;;
  */meta-data/local-ipv4) echo ${NODE_ADDRESS} ;;
  *.tar.gz) cp /fixtures/release.tar.gz "$out" ;;
  *.tar.gz.sha256) cp /fixtures/release.tar.gz.sha256 "$out" ;;
  *) echo "curl stub: unexpected $url" >&2; exit 22 ;;
esac`,
  // Secrets Manager: a secret without a current value fails as the real API does.
  aws: `
[[ "$1 $2" == "secretsmanager get-secret-value" ]] || { echo "aws stub: unexpected $*" >&2; exit 2; }
while (($#)); do [[ $1 == --secret-id ]] && id=$2; shift; done
file=/fixtures/secrets/\${id//\\//_}
[[ -f $file ]] || { echo "ResourceNotFoundException: no value for AWSCURRENT" >&2; exit 254; }
cat "$file"`,
  // The operator sets a pending secret while the node waits: after /fixtures/pending-after sleeps.
  // Bash builtins only: the long-wait case polls 150 times.
  sleep: `n=0; after=1
[[ -f /fixtures/sleeps ]] && read -r n </fixtures/sleeps
[[ -f /fixtures/pending-after ]] && read -r after </fixtures/pending-after
n=$((n + 1)); echo "$n" >/fixtures/sleeps
if (( n >= after )); then
  for f in /fixtures/pending/*; do [[ -e $f ]] && mv "$f" /fixtures/secrets/; done
fi
exit 0`,
  dnf: `mkdir -p /opt/aws/amazon-cloudwatch-agent/etc /opt/aws/amazon-cloudwatch-agent/bin
cp /stubs/amazon-cloudwatch-agent-ctl /opt/aws/amazon-cloudwatch-agent/bin/`,
  "amazon-cloudwatch-agent-ctl": "exit 0",
  useradd: `echo "cassandra:x:990:990::/var/lib/cassandra:/sbin/nologin" >>/etc/passwd
echo "cassandra:x:990:" >>/etc/group`,
  blkid: `[[ -f /fixtures/volume-formatted ]] || exit 2; echo "$1: LABEL=cassandra-data TYPE=xfs"`,
  "mkfs.xfs": "touch /fixtures/volume-formatted",
  mount: "exit 0",
  systemctl: "exit 0",
};

/** Exit 0, or fail showing what the script printed. */
function expectSuccess(run: SandboxRun): void {
  if (run.status !== 0) throw new Error(`script exited ${run.status}:\n${run.output}`);
}

interface NodeUnderTest {
  readonly env: string;
  readonly address: string;
  readonly script: string;
  readonly logGroup: string;
}

/** Every Cassandra instance of every env, with its decoded user data and its stack's log group. */
function cassandraNodes(): NodeUnderTest[] {
  const model = terraformModel();
  return exampleEnvs().flatMap((env) => {
    const stack = `${env.name}-data`;
    const groups = model
      .ofType("aws_cloudwatch_log_group")
      .filter((r) => r.stack === stack && String(r.attrs.name).endsWith("/cassandra"));
    return model
      .ofType("aws_instance")
      .filter((r) => r.stack === stack && r.name.startsWith("cassandra_node"))
      .map((r) => ({
        env: env.name,
        address: r.address,
        script: Buffer.from(String(r.attrs.user_data_base64), "base64").toString("utf8"),
        logGroup: String(groups[0]?.attrs.name),
      }));
  });
}

/** The release as Apache publishes it, under its versioned top folder. */
function releaseTarballOf(dir: string): Buffer {
  return tarball(dir, `apache-cassandra-${CASSANDRA_VERSION}`, CASSANDRA_RELEASE_FILES);
}

describeWithTools("Cassandra user data, executed", ["sandbox"], () => {
  const envs = new Map(exampleEnvs().map((e) => [e.name, e]));
  const nodes = cassandraNodes();
  let work: string;
  let release: Buffer;
  beforeAll(() => {
    work = fs.mkdtempSync(path.join(testDir(), "cassandra-boot-"));
    release = releaseTarballOf(work);
  });

  function secrets(env: string): Record<string, string> {
    const e = envs.get(env)!;
    const tls = {
      keystore: KEYSTORE.toString("base64"),
      truststore: TRUSTSTORE.toString("base64"),
      password: STORE_PASSWORD,
      ca_pem: "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n",
    };
    return {
      [secretName(e, "cassandra-tls").replace(/\//g, "_")]: JSON.stringify(tls),
      [secretName(e, "cassandra-admin").replace(/\//g, "_")]: JSON.stringify(ADMIN),
    };
  }

  function boot(
    node: NodeUnderTest,
    name: string,
    opts: { pending?: string[]; pendingAfter?: number; formatted?: boolean; setSecrets?: boolean } = {},
  ): SandboxRun {
    const all = opts.setSecrets === false ? {} : secrets(node.env);
    const files: Record<string, string | Buffer> = {
      "/fixtures/release.tar.gz": release,
      "/fixtures/release.tar.gz.sha256": sha256File(release, "apache-cassandra-bin.tar.gz"),
    };
    for (const [key, value] of Object.entries(all)) {
      const pending = (opts.pending ?? []).some((p) => key.endsWith(p));
      files[`/fixtures/${pending ? "pending" : "secrets"}/${key}`] = value;
    }
    if (opts.formatted) files["/fixtures/volume-formatted"] = "";
    if (opts.pendingAfter) files["/fixtures/pending-after"] = String(opts.pendingAfter);
    const dir = fs.mkdtempSync(path.join(work, `${name}-`));
    fs.mkdirSync(path.join(dir, "root", "fixtures", "secrets"), { recursive: true });
    return runInSandbox(dir, node.script, { stubs: STUBS, files, blockDevices: ["/dev/sdf"] });
  }

  test("every env has three Cassandra instances to boot", () => {
    for (const env of envs.values()) {
      expect(nodes.filter((n) => n.env === env.name)).toHaveLength(env.cassandra.nodeCount);
    }
  });

  describe.each(exampleEnvs().map((e) => [e.name] as const))("%s", (envName) => {
    const env = exampleEnvs().find((e) => e.name === envName)!;
    const envNodes = nodes.filter((n) => n.env === envName);

    test.each(envNodes.map((n, i) => [n.address, i] as const))(
      "%s boots to the end on a new volume and configures the node",
      (_address, i) => {
        const node = envNodes[i];
        const run = boot(node, `${envName}-${i}`);
        expectSuccess(run);
        expect(run.output).toMatch(/Cassandra started/);

        // The release's whole conf/ tree, sub-folders included, is in the config directory.
        expect(run.read("/etc/cassandra/triggers/README.txt")).toMatch(/triggers/);
        expect(run.read("/etc/cassandra/jvm-server.options")).toBe("-ea\n");

        const yaml = parse(run.read("/etc/cassandra/cassandra.yaml")!);
        expect(yaml.cluster_name).toBe(`apim-${envName}-apim`);
        const seeds = yaml.seed_provider[0].parameters[0].seeds.split(",");
        expect(seeds).toEqual([`cassandra-0.${privateZoneName(env)}`, `cassandra-1.${privateZoneName(env)}`]);
        expect(cassandraHosts(env)).toEqual(expect.arrayContaining(seeds));
        expect(yaml.listen_address).toBe(NODE_ADDRESS);
        expect(yaml.rpc_address).toBe(NODE_ADDRESS);
        expect(yaml.authenticator).toBe("PasswordAuthenticator");
        expect(yaml.client_encryption_options).toMatchObject({ enabled: true, optional: false });
        expect(yaml.client_encryption_options.keystore_password).toBe(STORE_PASSWORD);
        expect(yaml.server_encryption_options).toMatchObject({ internode_encryption: "all" });
        expect(run.read("/etc/cassandra/keystore.p12")).toBe(KEYSTORE.toString());
        expect(run.read("/etc/cassandra/truststore.p12")).toBe(TRUSTSTORE.toString());
        // Key material and the configuration holding its password are the owner's only.
        expect(run.mode("/etc/cassandra/keystore.p12")).toBe(0o600);
        expect(run.mode("/etc/cassandra/cassandra.yaml")).toBe(0o600);
        expect(run.read("/etc/cassandra/cassandra-rackdc.properties")).toBe(
          `dc=${env.aws.region}\nrack=${env.aws.availabilityZones[i]}\n`,
        );
        expect(run.read("/etc/cassandra/jmxremote.password")).toBe(`${ADMIN.username} ${ADMIN.password}\n`);
        expect(run.mode("/etc/cassandra/jmxremote.password")).toBe(0o400);

        // Heap for an m5.large (8 GiB): half of the memory, as Cassandra's own sizing rule gives.
        const unit = run.read("/etc/systemd/system/cassandra.service")!;
        expect(env.cassandra.instanceType).toBe("m5.large");
        expect(unit).toMatch(/^Environment=MAX_HEAP_SIZE=4096M$/m);

        // Logs go to the log group the data stack creates, by its real name.
        const agent = JSON.parse(
          run.read("/opt/aws/amazon-cloudwatch-agent/etc/amazon-cloudwatch-agent.json")!,
        );
        const groups = agent.logs.logs_collected.files.collect_list.map(
          (f: { log_group_name: string }) => f.log_group_name,
        );
        expect(groups).toEqual([node.logGroup, node.logGroup]);
        expect(node.logGroup).toBe(`/apim/apim-${envName}/cassandra`);

        // A new volume is formatted once, mounted by label, and the service enabled.
        expect(run.callsOf("mkfs.xfs")).toEqual([
          { command: "mkfs.xfs", args: ["-L", "cassandra-data", "/dev/sdf"] },
        ]);
        expect(run.read("/etc/fstab")).toBe(
          "LABEL=cassandra-data /var/lib/cassandra xfs defaults,noatime,nofail 0 2\n",
        );
        expect(run.callsOf("systemctl").map((c) => c.args.join(" "))).toEqual([
          "daemon-reload",
          "enable --now cassandra",
        ]);
      },
    );
  });

  const first = () => nodes.find((n) => n.env === "prod")!;

  test("a replaced instance finds its volume formatted: never reformatted", () => {
    const run = boot(first(), "reattached", { formatted: true });
    expectSuccess(run);
    expect(run.callsOf("mkfs.xfs")).toEqual([]);
  });

  test("a node booting before the operator set the TLS secret waits for it, then configures", () => {
    const run = boot(first(), "waits", { pending: ["cassandra-tls"] });
    expectSuccess(run);
    expect(run.output).toMatch(/waiting for apim\/prod\/cassandra-tls/);
    expect(run.callsOf("sleep").length).toBeGreaterThanOrEqual(1);
    expect(run.read("/etc/cassandra/keystore.p12")).toBe(KEYSTORE.toString());
  });

  test("a secret set hours later: the node keeps waiting (no limit), then configures", () => {
    // 150 polls of a minute: past the two hours an apply of the data stack can take.
    const run = boot(first(), "waits-long", { pending: ["cassandra-tls"], pendingAfter: 150 });
    expectSuccess(run);
    expect(run.callsOf("sleep")).toHaveLength(150);
    expect(run.callsOf("sleep").every((c) => c.args[0] === "60")).toBe(true);
    expect(run.output).toMatch(/waiting for apim\/prod\/cassandra-tls to hold .* 8940s so far/);
    expect(run.read("/etc/cassandra/keystore.p12")).toBe(KEYSTORE.toString());
  });

  test("running the script again (after a failure) is idempotent", () => {
    const node = first();
    const dir = fs.mkdtempSync(path.join(work, "rerun-"));
    const script = `${node.script}\n`;
    // Run twice in one root: the second run must succeed and not duplicate the fstab entry.
    const twice = script.replace(/^main "\$@"$/m, 'main "$@"\nmain "$@"');
    expect(twice).not.toBe(script);
    const run = runInSandbox(dir, twice, {
      stubs: STUBS,
      blockDevices: ["/dev/sdf"],
      files: {
        "/fixtures/release.tar.gz": release,
        "/fixtures/release.tar.gz.sha256": sha256File(release, "apache-cassandra-bin.tar.gz"),
        ...Object.fromEntries(Object.entries(secrets("prod")).map(([k, v]) => [`/fixtures/secrets/${k}`, v])),
      },
    });
    expectSuccess(run);
    expect(run.read("/etc/fstab")!.split("\n").filter(Boolean)).toHaveLength(1);
    expect(run.callsOf("mkfs.xfs")).toHaveLength(1);
  });
});
