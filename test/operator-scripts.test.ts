// The operator scripts run from the bastion, executed in the sandbox with AWS, cqlsh, nodetool,
// mysql and curl as recording stubs. They must do their job (the statements reach the database)
// without ever putting a password on a command line, where every user of the host sees it in ps.
import * as fs from "fs";
import * as path from "path";
import { groupKeyspaces } from "../lib/cassandra-keyspaces";
import { runInSandbox, SandboxRun } from "./support/boot-sandbox";
import { terraformModel, testDir } from "./support/synth-output";
import { describeWithTools } from "./support/tools";

const REPO = path.join(__dirname, "..");
const PASSWORDS = {
  admin: "Adm1nSecretValue",
  app: "AppSecretValue42",
  metrics: "MetricsSecretValue7",
  master: "MasterSecretValue9",
};
const SECRETS: Record<string, string> = {
  "apim_prod_cassandra-admin": JSON.stringify({ username: "apim_admin", password: PASSWORDS.admin }),
  "apim_prod_cassandra-app": JSON.stringify({ username: "apim_app", password: PASSWORDS.app }),
  "apim_prod_cassandra-tls": JSON.stringify({
    ca_pem: "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----",
  }),
  "apim_prod_metrics-db": JSON.stringify({ username: "metrics", password: PASSWORDS.metrics }),
  "rds-master": JSON.stringify({ username: "admin", password: PASSWORDS.master }),
};

const RDS_ENDPOINT = "apim-prod-metrics.c1a2b3c4d5e6.eu-west-1.rds.amazonaws.com";

const STUBS: Record<string, string> = {
  aws: `
case "$1 $2" in
  "secretsmanager get-secret-value")
    while (($#)); do [[ $1 == --secret-id ]] && id=$2; shift; done
    cat "/fixtures/secrets/\${id//\\//_}" ;;
  "rds describe-db-instances") printf 'rds-master\t%s\n' "$RDS_ENDPOINT" ;;
  *) echo "aws stub: unexpected $*" >&2; exit 2 ;;
esac`,
  curl: `while (($#)); do [[ $1 == --output ]] && echo CA >"$2"; shift; done`,
  // The admin role does not exist before the first run; afterwards it answers.
  cqlsh: `
while (($#)); do case $1 in --cqlshrc) rc=$2 ;; --file) file=$2 ;; esac; shift; done
user=$(sed -n 's/^username = //p' "$rc")
password=$(sed -n 's/^password = //p' "$(sed -n 's/^credentials = //p' "$rc")" | head -1)
stmt=$(cat "$file")
if [[ $user == apim_admin && ! -f /fixtures/admin-created ]]; then
  [[ $stmt == SELECT* ]] && exit 1
fi
[[ $stmt == "CREATE ROLE IF NOT EXISTS apim_admin"* ]] && touch /fixtures/admin-created
printf '%s:%s\\t%s\\n' "$user" "$password" "$stmt" >>/fixtures/cql.log`,
  nodetool: `while (($#)); do [[ $1 == --password-file ]] && cat "$2" >>/fixtures/jmx.log; shift; done`,
  mysql: `for a in "$@"; do [[ $a == --defaults-extra-file=* ]] && cat "\${a#*=}" >>/fixtures/mysql-login.log; done
cat >>/fixtures/mysql.log`,
};

function run(name: string, script: string, args: string[] = ["prod", "eu-west-1"]): SandboxRun {
  const dir = fs.mkdtempSync(path.join(testDir(), `operator-${name}-`));
  return runInSandbox(dir, fs.readFileSync(path.join(REPO, script), "utf8"), {
    stubs: STUBS,
    args,
    env: { RDS_ENDPOINT },
    files: Object.fromEntries(Object.entries(SECRETS).map(([k, v]) => [`/fixtures/secrets/${k}`, v])),
  });
}

function expectSuccess(result: SandboxRun): void {
  if (result.status !== 0) throw new Error(`script exited ${result.status}:\n${result.output}`);
}

/** No recorded command line holds any of the passwords. */
function expectNoPasswordInArguments(result: SandboxRun): void {
  expect(result.calls.length).toBeGreaterThan(0);
  for (const call of result.calls) {
    for (const password of Object.values(PASSWORDS)) {
      expect({ call: call.command, args: call.args.join(" ") }).not.toEqual(
        expect.objectContaining({ args: expect.stringContaining(password) }),
      );
    }
  }
}

describeWithTools("operator scripts, executed", ["sandbox"], () => {
  test("Cassandra post-bootstrap: replication, roles and repair, with no password in any argument", () => {
    // prod's gateway groups, one with a dash in its name.
    const groups = ["public", "b2b-partner"];
    const result = run("cassandra", "scripts/cassandra/post-bootstrap.sh", ["prod", "eu-west-1", ...groups]);
    expectSuccess(result);
    expectNoPasswordInArguments(result);

    const cql = result.read("/fixtures/cql.log")!.trim().split("\n");
    const statement = (line: string) => line.split("\t")[1];
    const login = (line: string) => line.split("\t")[0];
    // First run: the default superuser sets up replication and creates the admin role ...
    expect(cql[0]).toBe(
      "cassandra:cassandra\tALTER KEYSPACE system_auth WITH replication = {'class': 'NetworkTopologyStrategy', 'eu-west-1': 3};",
    );
    expect(cql[1]).toBe(
      `cassandra:cassandra\tCREATE ROLE IF NOT EXISTS apim_admin WITH SUPERUSER = true AND LOGIN = true AND PASSWORD = '${PASSWORDS.admin}';`,
    );
    // ... then everything else runs as the admin role, reading its password from the file.
    expect(cql.slice(2).map(login)).toEqual(cql.slice(2).map(() => `apim_admin:${PASSWORDS.admin}`));
    expect(cql.map(statement)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /^ALTER ROLE cassandra WITH SUPERUSER = false AND LOGIN = false AND PASSWORD = '[0-9a-f]{48}';$/,
        ),
        `CREATE ROLE IF NOT EXISTS apim_app WITH LOGIN = true AND PASSWORD = '${PASSWORDS.app}';`,
      ]),
    );
    // A keyspace and a throttling keyspace per group, each replicated x3 and granted to the app role.
    const keyspaces = groups.flatMap((g) => [groupKeyspaces(g).keyspace, groupKeyspaces(g).throttling]);
    expect(keyspaces).toContain("axway_apim_b2b_partner");
    for (const keyspace of keyspaces) {
      expect(cql.map(statement)).toContain(
        `CREATE KEYSPACE IF NOT EXISTS ${keyspace} WITH replication = {'class': 'NetworkTopologyStrategy', 'eu-west-1': 3};`,
      );
      expect(cql.map(statement)).toContain(`GRANT ALL PERMISSIONS ON KEYSPACE ${keyspace} TO apim_app;`);
    }
    expect(cql.filter((l) => statement(l).startsWith("CREATE KEYSPACE"))).toHaveLength(keyspaces.length);
    // system_auth repaired on the three nodes with the JMX password from a file.
    const repairs = result.callsOf("nodetool");
    expect(repairs.map((c) => c.args[1])).toEqual([0, 1, 2].map((i) => `cassandra-${i}.prod.apim.internal`));
    expect(result.read("/fixtures/jmx.log")).toBe(`apim_admin ${PASSWORDS.admin}\n`.repeat(3));
    // The files holding credentials are gone.
    expect(fs.readdirSync(path.join(result.root, "tmp"))).toEqual([]);
  });

  test("MySQL metrics user: created over TLS, master password from an option file", () => {
    const result = run("mysql", "scripts/mysql/create-metrics-user.sh");
    expectSuccess(result);
    expectNoPasswordInArguments(result);
    expect(result.read("/fixtures/mysql-login.log")).toBe(
      `[client]\nuser = admin\npassword = "${PASSWORDS.master}"\n`,
    );
    const sql = result.read("/fixtures/mysql.log")!;
    expect(sql).toContain(
      `CREATE USER IF NOT EXISTS 'metrics'@'%' IDENTIFIED BY '${PASSWORDS.metrics}' REQUIRE SSL;`,
    );
    const mysql = result.callsOf("mysql")[0].args;
    // The certificate names the RDS endpoint, not the private-zone alias: that is the host the
    // client must connect to for --ssl-verify-server-cert to pass.
    expect(mysql).toEqual(expect.arrayContaining(["--host", RDS_ENDPOINT, "--ssl-verify-server-cert"]));
    expect(fs.readdirSync(path.join(result.root, "tmp"))).toEqual([]);
  });
});

describeWithTools("post-bootstrap refuses to run without the env's gateway groups", ["sandbox"], () => {
  test("no group given: a usage message, nothing done", () => {
    const result = run("no-groups", "scripts/cassandra/post-bootstrap.sh");
    expect(result.status).toBe(2);
    expect(result.output).toContain("usage: post-bootstrap.sh <env> <region> <gateway-group>...");
    expect(result.calls).toEqual([]);
  });
});

describeWithTools("account preparation, executed", ["sandbox"], () => {
  // get-role answers from a file: present, or NoSuchEntity as IAM says for a missing role.
  const IAM_STUBS = {
    aws: `
case "$1 $2" in
  "iam get-role") [[ -f /fixtures/role-exists ]] || { echo "NoSuchEntity" >&2; exit 254; } ;;
  "iam create-service-linked-role") echo '{"Role": {}}' ;;
  *) echo "aws stub: unexpected $*" >&2; exit 2 ;;
esac`,
  };
  const prepare = (name: string, files: Record<string, string>) =>
    runInSandbox(
      fs.mkdtempSync(path.join(testDir(), `prepare-${name}-`)),
      fs.readFileSync(path.join(REPO, "scripts/prepare-account.sh"), "utf8"),
      { stubs: IAM_STUBS, files },
    );

  test("creates the Auto Scaling service-linked role the node key names when the account lacks it", () => {
    const result = prepare("fresh", {});
    expectSuccess(result);
    expect(result.callsOf("aws").map((c) => c.args.join(" "))).toEqual([
      "iam get-role --role-name AWSServiceRoleForAutoScaling",
      "iam create-service-linked-role --aws-service-name autoscaling.amazonaws.com",
    ]);
    expect(result.output).toContain("AWSServiceRoleForAutoScaling: created");
  });

  test("leaves an existing role alone", () => {
    const result = prepare("existing", { "/fixtures/role-exists": "" });
    expectSuccess(result);
    expect(result.callsOf("aws").map((c) => c.args[1])).toEqual(["get-role"]);
  });

  test("names the role the node key's policy names", () => {
    const key = terraformModel()
      .ofType("aws_kms_key")
      .find(
        (k) => k.stack === "prod-cluster" && String(k.attrs.policy).includes("autoscaling.amazonaws.com"),
      )!;
    expect(String(key.attrs.policy)).toContain(
      "role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling",
    );
    expect(fs.readFileSync(path.join(REPO, "scripts/prepare-account.sh"), "utf8")).toContain(
      "ensure_service_linked_role AWSServiceRoleForAutoScaling autoscaling.amazonaws.com",
    );
  });
});
