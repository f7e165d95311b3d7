// The IAM access engine (policy/access-*.ts, policy/policy-references.ts) on small hand-written
// models, one rule per case: how a request is decided (IAM's evaluation logic: the same account or
// across accounts, the key policy of KMS), which policies govern it (inline, managed, resource
// policies, AWS's default key policy), how the table's templates name principals and resources, the
// fake ARNs and ids Terraform references resolve to (the shapes AWS and the Terraform provider
// document), and the report's rows. Expected values come from those rules, never from the output.
import type * as AccessEvaluation from "../policy/access-evaluation";
import type * as AccessPoliciesModule from "../policy/access-policies";
import type * as AccessSimulation from "../policy/access-simulation";
import { AccessRow, Expected } from "../lib/access-table";
import { clusterName, nodeRoleName, roleArn } from "../lib/naming";
import { accessRequest, evaluateAccessTable } from "../policy/access-evaluation";
import { accessPolicies, resourcePolicyFor } from "../policy/access-policies";
import { accessTableSection } from "../policy/access-report";
import { loadEngine, simulate, simulateValidated } from "../policy/access-simulation";
import { AccessSubjects } from "../policy/access-subjects";
import { ReferenceResolver } from "../policy/policy-references";
import { Attrs, TerraformModel, TerraformStackModel } from "../policy/terraform-model";
import { exampleEnvs } from "./support/synth-output";

const engine = loadEngine()!;
const env = exampleEnvs().find((e) => e.name === "dev")!;
const ACCOUNT = env.aws.accountId;
const REGION = env.aws.region;
const OTHER_ACCOUNT = "222222222222";

// ---- Small Terraform models -------------------------------------------------------------------

type Resources = Record<string, Record<string, Attrs>>;

/** A stack of the dev env with its AWS providers (by default one, in the env's region) and outputs. */
function stack(
  name: string,
  resource: Resources,
  providers: Attrs[] = [{ region: REGION }],
  output: Attrs = {},
): TerraformStackModel {
  return { name, json: { provider: { aws: providers }, resource, output } };
}

const model = (...stacks: TerraformStackModel[]) => new TerraformModel(stacks);
const doc = (...Statement: object[]) => JSON.stringify({ Version: "2012-10-17", Statement });
const allow = (Action: string | string[], Resource: string | string[] = "*", more: object = {}) => ({
  Effect: "Allow",
  Action,
  Resource,
  ...more,
});
const rolePolicy = (role: string, ...statements: object[]) => ({ role, policy: doc(...statements) });

const role = (name: string) => `arn:aws:iam::${ACCOUNT}:role/apim-dev-${name}`;
const BUCKET = "arn:aws:s3:::apim-dev-b";

function row(
  principal: string,
  action: string,
  resource: string,
  expected: Expected = "allow",
  context?: AccessRow["context"],
): AccessRow {
  return { id: "R", principal, action, resource, context, expected, why: "a case", requirement: "GEN-1" };
}

/** The decision on one row, evaluated as the access table is. */
function decide(m: TerraformModel, r: AccessRow): string {
  const [outcome] = evaluateAccessTable(engine, env, m, [r]);
  if (outcome.error) throw new Error(outcome.error);
  return outcome.simulated!.decision;
}

function requestOf(m: TerraformModel, r: AccessRow) {
  const policies = accessPolicies(env, m);
  return accessRequest(r, new AccessSubjects(env, policies.resolver), policies);
}

/** The engine's modules loaded afresh inside the calling test, so their constants are built in it. */
function fresh(): {
  evaluation: typeof AccessEvaluation;
  policies: typeof AccessPoliciesModule;
  simulation: typeof AccessSimulation;
} {
  let modules: ReturnType<typeof fresh> | undefined;
  jest.isolateModules(() => {
    /* eslint-disable @typescript-eslint/no-require-imports */
    modules = {
      evaluation: require("../policy/access-evaluation"),
      policies: require("../policy/access-policies"),
      simulation: require("../policy/access-simulation"),
    };
    /* eslint-enable @typescript-eslint/no-require-imports */
  });
  return modules!;
}

// A reader role, a bucket whose policy lets any principal of the account read it, and a role with
// an AWS managed policy the project does not keep as data.
const READER = {
  aws_iam_role_policy: {
    reader: rolePolicy("apim-dev-reader", allow(["secretsmanager:GetSecretValue", "iam:GetPolicy"])),
  },
  aws_s3_bucket: { b: { bucket: "apim-dev-b" } },
  aws_s3_bucket_policy: {
    b: {
      bucket: "${aws_s3_bucket.b.id}",
      policy: doc({
        Effect: "Allow",
        Principal: "*",
        Action: "s3:GetObject",
        Resource: `${BUCKET}/*`,
        Condition: { StringEquals: { "aws:PrincipalAccount": ACCOUNT } },
      }),
    },
  },
  aws_iam_role_policy_attachment: {
    admin: { role: "apim-dev-admin", policy_arn: "arn:aws:iam::aws:policy/AdministratorAccess" },
    admin2: { role: "apim-dev-admin", policy_arn: "arn:aws:iam::aws:policy/PowerUserAccess" },
  },
};
const readerModel = model(stack("dev-a", READER));

describe("requests: who asks what of which account (access-evaluation)", () => {
  test("in its own account an identity policy suffices; across accounts the resource's policy must allow too", () => {
    const secret = (account: string) => `arn:aws:secretsmanager:${REGION}:${account}:secret:apim/x-AbCdEf`;
    expect(decide(readerModel, row(role("reader"), "secretsmanager:GetSecretValue", secret(ACCOUNT)))).toBe(
      "allow",
    );
    // Another account's secret has no policy of ours that lets the reader in.
    expect(
      decide(readerModel, row(role("reader"), "secretsmanager:GetSecretValue", secret(OTHER_ACCOUNT))),
    ).toBe("deny");
  });

  test("an ARN without a 12-digit account (S3, an AWS-owned document or policy) is in the env's account", () => {
    // AWS managed policies have no resource policy: whoever IAM lets read them reads them.
    expect(
      decide(readerModel, row(role("reader"), "iam:GetPolicy", "arn:aws:iam::aws:policy/ReadOnlyAccess")),
    ).toBe("allow");
    const accountOf = (resource: string) =>
      requestOf(readerModel, row(role("reader"), "s3:GetObject", resource)).resourceAccount;
    expect(accountOf(`arn:aws:secretsmanager:${REGION}:${OTHER_ACCOUNT}:secret:x`)).toBe(OTHER_ACCOUNT);
    expect(accountOf(`${BUCKET}/k`)).toBe(ACCOUNT);
    expect(accountOf(`arn:aws:ssm:${REGION}::document/AWS-StartSSHSession`)).toBe(ACCOUNT);
    expect(accountOf("arn:aws:iam::aws:policy/ReadOnlyAccess")).toBe(ACCOUNT);
    // An account ID is exactly 12 digits: 13 or 11 name no account.
    expect(accountOf(`arn:aws:secretsmanager:${REGION}:${OTHER_ACCOUNT}3:secret:x`)).toBe(ACCOUNT);
    expect(accountOf(`arn:aws:secretsmanager:${REGION}:${OTHER_ACCOUNT.slice(1)}:secret:x`)).toBe(ACCOUNT);
    expect(accountOf("*")).toBe(ACCOUNT);
  });

  test("a role's request carries aws:PrincipalArn and aws:PrincipalAccount, as AWS sets them", () => {
    // The bucket lets in any principal of the account, by aws:PrincipalAccount: a role with no policy.
    const read = row(role("nobody"), "s3:GetObject", `${BUCKET}/k`);
    expect(decide(readerModel, read)).toBe("allow");
    expect(requestOf(readerModel, read).context).toEqual({
      "aws:PrincipalArn": role("nobody"),
      "aws:PrincipalAccount": ACCOUNT,
    });
    // A service principal is no IAM principal: neither key.
    const service = row("logdelivery.elasticloadbalancing.amazonaws.com", "s3:GetObject", `${BUCKET}/k`);
    expect(requestOf(readerModel, service).context).toEqual({});
    expect(decide(readerModel, service)).toBe("deny");
  });

  test("a principal is a role only by its exact ARN: text around one names no role", () => {
    for (const principal of [` ${role("reader")}`, `${role("reader")}\n`]) {
      const request = requestOf(readerModel, row(principal, "secretsmanager:GetSecretValue", "*"));
      expect(request.identityPolicies).toEqual([]);
      expect(request.context).toEqual({});
    }
    expect(
      requestOf(readerModel, row(role("reader"), "secretsmanager:GetSecretValue", "*")).identityPolicies,
    ).toHaveLength(1);
  });

  test("a role with an AWS managed policy not kept as data is not evaluated: its row says why, with the stack", () => {
    const [outcome] = evaluateAccessTable(engine, env, readerModel, [
      row(role("admin"), "s3:GetObject", `${BUCKET}/k`),
    ]);
    expect(outcome.simulated).toBeUndefined();
    const [first, ...frames] = outcome.error!.split("\n");
    expect(first).toBe(
      "Error: apim-dev-admin has managed policies not kept as data: arn:aws:iam::aws:policy/AdministratorAccess, arn:aws:iam::aws:policy/PowerUserAccess",
    );
    // The stack shows where, for the failing test's message.
    expect(frames.length).toBeGreaterThan(0);
    expect(frames[0]).toMatch(/^\s+at /);
  });

  test("ELB's delivery role is granted by ELB's account s3:PutObject only; the bucket policy decides where", async () => {
    const { evaluation, simulation } = fresh();
    const m = model(
      stack("dev-a", {
        aws_s3_bucket: { b: { bucket: "apim-dev-b" } },
        aws_s3_bucket_policy: {
          b: {
            bucket: "${aws_s3_bucket.b.id}",
            policy: doc({
              Effect: "Allow",
              Principal: { AWS: "arn:aws:iam::156460612806:root" },
              Action: ["s3:PutObject", "s3:GetObject"],
              Resource: "${aws_s3_bucket.b.arn}/logs/*",
            }),
          },
        },
      }),
    );
    const outcomes = evaluation.evaluateAccessTable(engine, env, m, [
      row("{elb-log-delivery}", "s3:PutObject", `${BUCKET}/logs/x.gz`),
      row("{elb-log-delivery}", "s3:PutObject", `${BUCKET}/other/x.gz`, "deny"),
      // The bucket would let it read, but ELB's account grants its role only PutObject.
      row("{elb-log-delivery}", "s3:GetObject", `${BUCKET}/logs/x.gz`, "deny"),
    ]);
    expect(outcomes.map((o) => o.error ?? o.simulated!.decision)).toEqual(["allow", "deny", "deny"]);
    const request = outcomes[0].request!;
    expect(request.principal).toBe("arn:aws:iam::156460612806:role/elb-access-log-delivery");
    expect(request.identityPolicies.map((p) => p.name)).toEqual([expect.stringContaining("ELB")]);
    // What ELB's account grants is a valid identity policy: the validated path agrees.
    expect((await simulation.simulateValidated(engine, request)).decision).toBe("allow");
  });
});

describe("the policies that govern a request (access-policies)", () => {
  // One resource of each type that holds a resource policy, each policy allowing an action of its own.
  const holders = model(
    stack("dev-a", {
      aws_s3_bucket: { b: { bucket: "apim-dev-b" } },
      aws_s3_bucket_policy: { b: { bucket: "${aws_s3_bucket.b.id}", policy: doc(allow("s3:GetObject")) } },
      aws_kms_key: { k: { policy: doc(allow("kms:Decrypt")) } },
      aws_efs_file_system: { fs: { creation_token: "apim-dev-events" } },
      aws_efs_file_system_policy: {
        fs: { file_system_id: "${aws_efs_file_system.fs.id}", policy: doc(allow("elasticfilesystem:*")) },
      },
      aws_secretsmanager_secret: { s: { name: "apim/dev/x" } },
      aws_secretsmanager_secret_policy: {
        s: { secret_arn: "${aws_secretsmanager_secret.s.arn}", policy: doc(allow("secretsmanager:*")) },
      },
      aws_ecr_repository: { e: { name: "apim/anm" } },
      aws_ecr_repository_policy: {
        e: { repository: "${aws_ecr_repository.e.name}", policy: doc(allow("ecr:BatchGetImage")) },
      },
    }),
  );

  test("each resource policy governs the resource it names: bucket, key, file system, secret, repository", () => {
    const { policies } = fresh();
    const all = policies.accessPolicies(env, holders);
    const arn = (type: string) => all.resolver.arnOf(holders.ofType(type)[0]);
    // Each policy allows one action: its holder's policy, not another's nor AWS's default key policy.
    const governing = (resource: string) => {
      const found = policies.resourcePolicyFor(all, resource);
      return found && [found.name, (found.policy as { Statement: { Action: string }[] }).Statement[0].Action];
    };
    expect(governing(BUCKET)).toEqual(["dev-a/aws_s3_bucket_policy.b", "s3:GetObject"]);
    expect(governing(arn("aws_kms_key"))).toEqual(["dev-a/aws_kms_key.k", "kms:Decrypt"]);
    expect(governing(arn("aws_efs_file_system"))).toEqual([
      "dev-a/aws_efs_file_system_policy.fs",
      "elasticfilesystem:*",
    ]);
    expect(governing(arn("aws_secretsmanager_secret"))).toEqual([
      "dev-a/aws_secretsmanager_secret_policy.s",
      "secretsmanager:*",
    ]);
    expect(governing(arn("aws_ecr_repository"))).toEqual([
      "dev-a/aws_ecr_repository_policy.e",
      "ecr:BatchGetImage",
    ]);
    expect(all.resource.size).toBe(5);
  });

  test("an S3 object is governed by its bucket's policy; any other ARN by its own resource's only", () => {
    const all = accessPolicies(env, holders);
    const key = all.resolver.arnOf(holders.ofType("aws_kms_key")[0]);
    expect(resourcePolicyFor(all, `${BUCKET}/a/b/c.gz`)?.name).toBe("dev-a/aws_s3_bucket_policy.b");
    expect(resourcePolicyFor(all, BUCKET)?.name).toBe("dev-a/aws_s3_bucket_policy.b");
    expect(resourcePolicyFor(all, key)?.name).toBe("dev-a/aws_kms_key.k");
    expect(resourcePolicyFor(all, `${key}/x`)).toBeUndefined();
    expect(resourcePolicyFor(all, "arn:aws:s3:::apim-dev-other/k")).toBeUndefined();
  });

  test("a KMS key created without a policy gets AWS's default key policy: the account's IAM policies decide", async () => {
    const m = model(
      stack("dev-a", {
        aws_kms_key: { k: { description: "no policy of its own" } },
        aws_kms_alias: { k: { name: "alias/apim-dev-plain", target_key_id: "${aws_kms_key.k.key_id}" } },
        aws_iam_role_policy: { user: rolePolicy("apim-dev-user", allow("kms:Decrypt")) },
      }),
    );
    expect(decide(m, row(role("user"), "kms:Decrypt", "{key:plain}"))).toBe("allow");
    // The key policy trusts the account, not everyone: without an IAM grant nothing.
    expect(decide(m, row(role("nobody"), "kms:Decrypt", "{key:plain}"))).toBe("deny");
    // Another account's role is not trusted by the default policy, whatever its own policies say.
    const key = accessPolicies(env, m).resolver.arnOf(m.ofType("aws_kms_key")[0]);
    const outsider = {
      principal: `arn:aws:iam::${OTHER_ACCOUNT}:role/user`,
      action: "kms:Decrypt",
      resource: key,
      resourceAccount: ACCOUNT,
      context: {},
      identityPolicies: [{ name: "outsider", policy: JSON.parse(doc(allow("kms:Decrypt"))) }],
      resourcePolicy: resourcePolicyFor(accessPolicies(env, m), key),
    };
    expect(simulate(engine, outsider).decision).toBe("deny");
    // AWS's default key policy is a valid key policy.
    const request = requestOf(m, row(role("user"), "kms:Decrypt", "{key:plain}"));
    expect((await simulateValidated(engine, request)).decision).toBe("allow");
  });

  test("inline, customer managed (by reference or literal ARN) and AWS managed policies all govern a role", () => {
    const m = model(
      stack("dev-a", {
        aws_iam_role_policy: { inline: rolePolicy("apim-dev-app", allow("sqs:SendMessage")) },
        aws_iam_policy: { p: { name: "apim-dev-p", policy: doc(allow("sns:Publish")) } },
        aws_iam_role_policy_attachment: {
          byReference: { role: "apim-dev-app", policy_arn: "${aws_iam_policy.p.arn}" },
          byArn: { role: "apim-dev-other", policy_arn: `arn:aws:iam::${ACCOUNT}:policy/apim-dev-p` },
          managed: {
            role: "apim-dev-app",
            policy_arn: "arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly",
          },
        },
      }),
    );
    const { identity, unknownManaged } = accessPolicies(env, m);
    expect(identity.get("apim-dev-app")!.map((p) => p.name)).toEqual([
      "dev-a/aws_iam_role_policy.inline",
      "dev-a/aws_iam_policy.p",
      "arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly",
    ]);
    expect(identity.get("apim-dev-other")!.map((p) => p.name)).toEqual(["dev-a/aws_iam_policy.p"]);
    expect(unknownManaged.size).toBe(0);
    const repo = `arn:aws:ecr:${REGION}:${ACCOUNT}:repository/apim/anm`;
    expect(decide(m, row(role("app"), "ecr:BatchGetImage", repo))).toBe("allow");
    expect(decide(m, row(role("other"), "sns:Publish", `arn:aws:sns:${REGION}:${ACCOUNT}:t`))).toBe("allow");
    expect(decide(m, row(role("other"), "ecr:BatchGetImage", repo))).toBe("deny");
  });

  test("a resource policy other than a key's without its document is an error, not AWS's default key policy", () => {
    const m = model(
      stack("dev-a", {
        aws_s3_bucket: { b: { bucket: "apim-dev-b" } },
        aws_s3_bucket_policy: { b: { bucket: "${aws_s3_bucket.b.id}" } },
      }),
    );
    expect(() => accessPolicies(env, m)).toThrow("dev-a/aws_s3_bucket_policy.b: no policy");
  });

  test("a resource policy whose resource is not in the model is an error that names the policy", () => {
    const m = model(
      stack("dev-a", {
        aws_s3_bucket_policy: { p: { bucket: "${aws_s3_bucket.gone.id}", policy: doc(allow("s3:*")) } },
      }),
    );
    expect(() => accessPolicies(env, m)).toThrow(
      "dev-a/aws_s3_bucket_policy.p: cannot find the resource its policy belongs to",
    );
  });
});

describe("the engine's two paths (access-simulation)", () => {
  const request = {
    principal: role("reader"),
    action: "s3:GetObject",
    resource: `${BUCKET}/k`,
    resourceAccount: ACCOUNT,
    context: {},
    identityPolicies: [{ name: "reader", policy: JSON.parse(doc(allow("s3:*"))) }],
  };

  test("the validated path refuses an action AWS does not have, naming the request", async () => {
    await expect(simulateValidated(engine, { ...request, action: "s3:FlyToTheMoon" })).rejects.toThrow(
      `s3:FlyToTheMoon on ${BUCKET}/k: `,
    );
    expect((await simulateValidated(engine, request)).decision).toBe("allow");
  });

  test("the validated path checks the resource policy too: a Version IAM does not know is refused", async () => {
    // IAM knows two policy language versions, 2012-10-17 and 2008-10-17.
    const resourcePolicy = {
      name: "bucket",
      policy: {
        Version: "2099-01-01",
        Statement: [allow("s3:GetObject", `${BUCKET}/*`, { Principal: "*" })],
      },
    };
    await expect(simulateValidated(engine, { ...request, resourcePolicy })).rejects.toThrow(/Version/);
    expect(simulate(engine, { ...request, resourcePolicy }).decision).toBe("allow");
  });
});

describe("the table's templates (access-subjects)", () => {
  const subjectsOf = (m: TerraformModel, e = env) => new AccessSubjects(e, new ReferenceResolver(m, e));
  const empty = model(stack("dev-a", {}));

  test("{account} {region} {env} {prefix} {cluster} are the env's own values", () => {
    // lib/access-table.ts: prefix is apim-<env>; the cluster is named by lib/naming.ts.
    expect(subjectsOf(empty).fill("{account}:{region}:{env}:{prefix}:{cluster}")).toBe(
      `${ACCOUNT}:${REGION}:dev:apim-dev:${clusterName(env)}`,
    );
  });

  test("{role:<name>} is the role {prefix}-<name>; {role:node} is the cluster's node role", () => {
    expect(subjectsOf(empty).fill("{role:fluent-bit}")).toBe(
      `arn:aws:iam::${ACCOUNT}:role/apim-dev-fluent-bit`,
    );
    expect(subjectsOf(empty).fill("{role:node}")).toBe(roleArn(env, nodeRoleName(env)));
  });

  test("{elb-log-delivery}: a role of ELB's account where ELB delivers from one, else ELB's service principal", () => {
    // ELB user guide, "Enable access logs": eu-west-1 delivers from account 156460612806; regions
    // opened after August 2022 (eu-south-2) deliver as logdelivery.elasticloadbalancing.amazonaws.com.
    expect(subjectsOf(empty).fill("{elb-log-delivery}")).toBe(
      "arn:aws:iam::156460612806:role/elb-access-log-delivery",
    );
    const spain = { ...env, aws: { ...env.aws, region: "eu-south-2" } };
    expect(subjectsOf(empty, spain).fill("{elb-log-delivery}")).toBe(
      "logdelivery.elasticloadbalancing.amazonaws.com",
    );
  });

  test("a template names exactly one resource: none or two of them is an error", () => {
    const secret = { name: "apim/dev/x" };
    const two = model(stack("dev-a", { aws_secretsmanager_secret: { s1: secret, s2: secret } }));
    expect(() => subjectsOf(two).fill("{secret:x}")).toThrow(
      "dev: 2 aws_secretsmanager_secret for apim/dev/x",
    );
    expect(() => subjectsOf(empty).fill("{secret:x}")).toThrow(
      "dev: 0 aws_secretsmanager_secret for apim/dev/x",
    );
    const one = model(stack("dev-a", { aws_secretsmanager_secret: { s1: secret } }));
    expect(subjectsOf(one).fill("{secret:x}")).toMatch(
      new RegExp(`^arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:apim/dev/x-`),
    );
  });

  test("{key:<purpose>} is the key its alias points at; an alias pointing at no key is an error", () => {
    const m = model(
      stack("dev-a", {
        aws_kms_key: { k: { policy: doc(allow("kms:*")) } },
        aws_kms_alias: {
          good: { name: "alias/apim-dev-good", target_key_id: "${aws_kms_key.k.key_id}" },
          lost: { name: "alias/apim-dev-lost", target_key_id: "${aws_kms_key.gone.key_id}" },
        },
      }),
    );
    const resolver = new ReferenceResolver(m, env);
    expect(subjectsOf(m).fill("{key:good}")).toBe(resolver.arnOf(m.ofType("aws_kms_key")[0]));
    expect(() => subjectsOf(m).fill("{key:lost}")).toThrow("alias/apim-dev-lost: no key");
  });

  test("an unknown token is an error that shows it as written", () => {
    expect(() => subjectsOf(empty).fill("{nope}")).toThrow("unknown access table token {nope}");
    expect(() => subjectsOf(empty).fill("{nope:x}")).toThrow("unknown access table token {nope:x}");
  });
});

describe("Terraform references as fake ARNs and ids (policy-references)", () => {
  const DR = "eu-central-1";
  const refs = model(
    stack(
      "dev-a",
      {
        aws_kms_key: { k: {}, k2: {}, kDr: { provider: "aws.dr" } },
        aws_kms_alias: { al: { name: "alias/apim-dev-x", target_key_id: "${aws_kms_key.k.key_id}" } },
        aws_efs_file_system: { fs: { creation_token: "apim-dev-events" } },
        aws_efs_access_point: { ap: { file_system_id: "${aws_efs_file_system.fs.id}" } },
        aws_instance: { i: { instance_type: "t3.micro" } },
        aws_route53_zone: { z: { name: "dev.apim.example.com" } },
        aws_s3_bucket: { b: { bucket: "apim-dev-b" } },
        aws_secretsmanager_secret: { s: { name: "apim/dev/x" } },
        aws_iam_role: { r: { name: "apim-dev-r" } },
        aws_iam_policy: { p: { name: "apim-dev-p" } },
        aws_ecr_repository: { e: { name: "apim/anm" } },
        aws_cloudwatch_log_group: { lg: { name: "/apim/apim-dev/containers" } },
        aws_eks_cluster: { c: { name: "apim-dev" } },
        aws_db_instance: { d: { identifier: "apim-dev-metrics" } },
        aws_sns_topic: { t: { name: "t" } },
      },
      [{ region: REGION }, { alias: "dr", region: DR }],
      { key_arn: { value: "${aws_kms_key.k.arn}" } },
    ),
    // The DR stack: its default provider is in the DR region.
    stack("dev-dr", { aws_kms_key: { k: {}, dr: {} } }, [{ region: DR }], {
      key_arn: { value: "${aws_kms_key.dr.arn}" },
    }),
    stack("dev-none", { aws_kms_key: { k: {} } }, []),
    stack("dev-b", {}),
  );
  const resolver = () => new ReferenceResolver(refs, env);
  const one = (stackName: string, type: string, name: string) =>
    refs.resources.find((r) => r.stack === stackName && r.type === type && r.name === name)!;
  const arn = (type: string, name: string, stackName = "dev-a") =>
    resolver().arnOf(one(stackName, type, name));
  const text = (value: string, stackName = "dev-a") => resolver().text(stackName, value);
  const regional = (service: string) => `arn:aws:${service}:${REGION}:${ACCOUNT}:`;
  const UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

  test("a fake ARN has the shape AWS documents for its type, in the env's account and the resource's region", () => {
    const shapes: [string, string, RegExp | string][] = [
      ["aws_kms_key", "k", new RegExp(`^${regional("kms")}key/${UUID}$`)],
      ["aws_kms_alias", "al", `${regional("kms")}alias/apim-dev-x`],
      ["aws_iam_role", "r", `arn:aws:iam::${ACCOUNT}:role/apim-dev-r`],
      ["aws_iam_policy", "p", `arn:aws:iam::${ACCOUNT}:policy/apim-dev-p`],
      // Secrets Manager ends each secret's ARN with "-" and six characters.
      [
        "aws_secretsmanager_secret",
        "s",
        new RegExp(`^${regional("secretsmanager")}secret:apim/dev/x-\\w{6}$`),
      ],
      [
        "aws_efs_file_system",
        "fs",
        new RegExp(`^${regional("elasticfilesystem")}file-system/fs-[0-9a-f]{8,40}$`),
      ],
      [
        "aws_efs_access_point",
        "ap",
        new RegExp(`^${regional("elasticfilesystem")}access-point/fsap-[0-9a-f]{8,40}$`),
      ],
      ["aws_cloudwatch_log_group", "lg", `${regional("logs")}log-group:/apim/apim-dev/containers`],
      ["aws_route53_zone", "z", /^arn:aws:route53:::hostedzone\/Z[0-9A-Z]+$/],
      ["aws_instance", "i", new RegExp(`^${regional("ec2")}instance/i-[0-9a-f]{17}$`)],
      ["aws_eks_cluster", "c", `${regional("eks")}cluster/apim-dev`],
      ["aws_db_instance", "d", `${regional("rds")}db:apim-dev-metrics`],
      ["aws_ecr_repository", "e", `${regional("ecr")}repository/apim/anm`],
      ["aws_s3_bucket", "b", "arn:aws:s3:::apim-dev-b"],
    ];
    for (const [type, name, shape] of shapes) {
      if (typeof shape === "string") expect(arn(type, name)).toBe(shape);
      else expect(arn(type, name)).toMatch(shape);
    }
    expect(() => arn("aws_sns_topic", "t")).toThrow("no fake ARN for dev-a/aws_sns_topic.t");
  });

  test("a resource is in its provider's region: its stack's default provider, or the aliased one it names", () => {
    expect(arn("aws_kms_key", "k")).toContain(`:kms:${REGION}:`);
    expect(arn("aws_kms_key", "kDr")).toContain(`:kms:${DR}:`);
    expect(arn("aws_kms_key", "k", "dev-dr")).toContain(`:kms:${DR}:`);
    // A stack without a provider block: the env's region.
    expect(arn("aws_kms_key", "k", "dev-none")).toContain(`:kms:${REGION}:`);
  });

  test("the same resource always gets the same fake id, and two resources two different ones", () => {
    expect(arn("aws_kms_key", "k")).toBe(arn("aws_kms_key", "k"));
    expect(arn("aws_kms_key", "k")).not.toBe(arn("aws_kms_key", "k2"));
    expect(arn("aws_efs_file_system", "fs")).toBe(
      resolver().arnOf(one("dev-a", "aws_efs_file_system", "fs")),
    );
  });

  test("an attribute is Terraform's: id and key_id of a key, zone_id, a bucket's name, a secret's ARN, names", () => {
    const last = (value: string) => value.split("/").pop()!;
    const keyId = last(arn("aws_kms_key", "k"));
    expect(text("${aws_kms_key.k.id}")).toBe(keyId);
    expect(text("${aws_kms_key.k.key_id}")).toBe(keyId);
    expect(text("${aws_route53_zone.z.zone_id}")).toBe(last(arn("aws_route53_zone", "z")));
    expect(text("${aws_route53_zone.z.id}")).toBe(last(arn("aws_route53_zone", "z")));
    expect(text("${aws_s3_bucket.b.id}")).toBe("apim-dev-b");
    expect(text("${aws_s3_bucket.b.bucket}")).toBe("apim-dev-b");
    expect(text("${aws_secretsmanager_secret.s.id}")).toBe(arn("aws_secretsmanager_secret", "s"));
    expect(text("${aws_efs_file_system.fs.id}")).toBe(last(arn("aws_efs_file_system", "fs")));
    expect(text("${aws_efs_access_point.ap.id}")).toBe(last(arn("aws_efs_access_point", "ap")));
    expect(text("${aws_instance.i.id}")).toBe(last(arn("aws_instance", "i")));
    expect(text("${aws_iam_role.r.id}")).toBe("apim-dev-r");
    expect(text("${aws_iam_role.r.name}")).toBe("apim-dev-r");
    expect(text("${aws_ecr_repository.e.id}")).toBe("apim/anm");
    expect(text("${aws_cloudwatch_log_group.lg.id}")).toBe("/apim/apim-dev/containers");
    expect(text("${aws_db_instance.d.identifier}")).toBe("apim-dev-metrics");
    expect(text("${aws_iam_role.r.arn}")).toBe(arn("aws_iam_role", "r"));
    expect(() => text("${aws_kms_key.k.rotation_period_in_days}")).toThrow(
      "no fake value for dev-a/aws_kms_key.k.rotation_period_in_days",
    );
  });

  test("a reference to another stack's output is what that output holds in its own stack", () => {
    const output = (stackName: string) =>
      `\${data.terraform_remote_state.cross-stack-reference-input-${stackName}.outputs.key_arn}`;
    // Both stacks have an output key_arn, of different keys: each reference gets its own stack's.
    expect(text(`key ${output("dev-dr")}!`, "dev-b")).toBe(`key ${arn("aws_kms_key", "dr", "dev-dr")}!`);
    expect(text(output("dev-a"), "dev-b")).toBe(arn("aws_kms_key", "k"));
  });

  test('an escaped "$${...}" stays the IAM policy variable "${...}"; a reference to nothing is an error', () => {
    expect(text("${aws_s3_bucket.b.arn}/home/$${aws:username}/*")).toBe(
      "arn:aws:s3:::apim-dev-b/home/${aws:username}/*",
    );
    expect(() => text("${aws_kms_key.gone.arn}")).toThrow("dev-a: cannot resolve ${aws_kms_key.gone.arn}");
  });
});

describe("the report's access table section (access-report)", () => {
  const rows: AccessRow[] = [
    {
      ...row(role("reader"), "s3:GetObject", `${BUCKET}/k`, "allow", { "aws:SecureTransport": "true" }),
      id: "A-1",
    },
    {
      ...row(role("nobody"), "s3:PutObject", `${BUCKET}/a|b`, "allow", {
        "aws:SecureTransport": "true",
        "aws:TagKeys": ["a", "b"],
      }),
      id: "A-2",
      why: "writes | reads",
    },
    { ...row(role("admin"), "s3:GetObject", `${BUCKET}/k`, "deny"), id: "A-3" },
  ];

  test("a heading, what was simulated, how many rows agree, then a table of nine columns, set apart by blank lines", () => {
    const lines = accessTableSection(env, readerModel, rows);
    expect(lines[0]).toBe("## Access table (simulated with an IAM policy engine)");
    expect(lines[1]).toBe("");
    const paragraph = lines.slice(2, 5).join(" ");
    for (const named of ["`lib/access-table.ts`", "`@cloud-copilot/iam-simulate`", "fake ARNs"]) {
      expect(paragraph).toContain(named);
    }
    expect(lines.slice(5, 8)).toEqual(["", "1 of 3 rows as expected.", ""]);
    const cells = (line: string) => line.split(/(?<!\\)\|/).slice(1, -1);
    expect(cells(lines[8]).map((c) => c.trim())).toEqual([
      "Row",
      "Principal",
      "Action",
      "Resource",
      "Context",
      "Expected",
      "Simulated",
      "Why",
      "Requirement",
    ]);
    expect(cells(lines[9])).toEqual(Array(9).fill("---"));
    expect(lines.slice(10, -1).map((l) => cells(l).length)).toEqual([9, 9, 9]);
    expect(lines.at(-1)).toBe("");
    expect(lines).toHaveLength(14);
  });

  test("each row shows its expected and simulated result: a disagreement is marked, an error shows its first line", () => {
    const lines = accessTableSection(env, readerModel, rows);
    expect(lines[10]).toBe(
      `| A-1 | \`${role("reader")}\` | s3:GetObject | \`${BUCKET}/k\` | aws:SecureTransport=true | allow | allow | a case | GEN-1 |`,
    );
    // A pipe in a cell is escaped; a list in the context is joined with commas, the keys with "; ".
    expect(lines[11]).toBe(
      `| A-2 | \`${role("nobody")}\` | s3:PutObject | \`${BUCKET}/a\\|b\` | aws:SecureTransport=true; aws:TagKeys=a,b | allow | deny (MISMATCH) | writes \\| reads | GEN-1 |`,
    );
    expect(lines[12]).toBe(
      `| A-3 | \`${role("admin")}\` | s3:GetObject | \`${BUCKET}/k\` |  | deny | error: Error: apim-dev-admin has managed policies not kept as data: arn:aws:iam::aws:policy/AdministratorAccess, arn:aws:iam::aws:policy/PowerUserAccess | a case | GEN-1 |`,
    );
  });

  test("an env whose policies cannot be read is not simulated: the section says why", () => {
    const broken = model(
      stack("dev-a", {
        aws_s3_bucket_policy: { p: { bucket: "${aws_s3_bucket.gone.id}", policy: doc(allow("s3:*")) } },
      }),
    );
    const lines = accessTableSection(env, broken, rows);
    expect(lines.slice(0, 6)).toEqual(accessTableSection(env, readerModel, rows).slice(0, 6));
    expect(lines.slice(6)).toEqual([
      "Not simulated: dev-a/aws_s3_bucket_policy.p: cannot find the resource its policy belongs to",
      "",
    ]);
  });
});
