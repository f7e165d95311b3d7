// The operator scripts the bastion carries (scripts/), as data: where they are installed and the
// AWS calls each makes. The bastion's role is granted exactly these calls (modules/bastion.ts) and
// the access table proves them against the synthesized policies (lib/access-table.ts).
import * as fs from "fs";
import * as path from "path";

/** One AWS call of a script: a secret of the env (by inventory key), the RDS-managed master
 * secret of the metrics database, or a describe of the metrics database. */
export type OperatorCall =
  | { readonly action: "secretsmanager:GetSecretValue"; readonly secret: string }
  | { readonly action: "secretsmanager:GetSecretValue"; readonly rdsMasterSecret: true }
  | { readonly action: "rds:DescribeDBInstances"; readonly database: "metrics" };

export interface OperatorScript {
  /** Path in this repository. */
  readonly source: string;
  /** Where the bastion's user data writes it. */
  readonly installedAs: string;
  readonly calls: readonly OperatorCall[];
}

export const OPERATOR_SCRIPTS: readonly OperatorScript[] = [
  {
    source: "scripts/cassandra/post-bootstrap.sh",
    installedAs: "/usr/local/bin/apim-cassandra-post-bootstrap",
    calls: [
      { action: "secretsmanager:GetSecretValue", secret: "cassandra-tls" },
      { action: "secretsmanager:GetSecretValue", secret: "cassandra-admin" },
      { action: "secretsmanager:GetSecretValue", secret: "cassandra-app" },
    ],
  },
  {
    source: "scripts/mysql/create-metrics-user.sh",
    installedAs: "/usr/local/bin/apim-mysql-create-metrics-user",
    calls: [
      { action: "rds:DescribeDBInstances", database: "metrics" },
      { action: "secretsmanager:GetSecretValue", rdsMasterSecret: true },
      { action: "secretsmanager:GetSecretValue", secret: "metrics-db" },
    ],
  },
];

/** The env secrets (inventory keys) the operator scripts read. */
export function operatorSecretKeys(): string[] {
  return [
    ...new Set(OPERATOR_SCRIPTS.flatMap((s) => s.calls.flatMap((c) => ("secret" in c ? [c.secret] : [])))),
  ];
}

const ROOT = path.join(__dirname, "..");

export function operatorScriptText(script: OperatorScript): string {
  return fs.readFileSync(path.join(ROOT, script.source), "utf8");
}
