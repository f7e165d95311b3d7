// Fills the templates of the access table (lib/access-table.ts) for one env: names from
// lib/naming.ts, ARNs of Terraform resources from the fake ARNs their references resolve to.
import { EnvironmentConfig } from "../envs/schema";
import { elbLogDeliveryPrincipal } from "../lib/alb-log-prefixes";
import {
  albLogBucketName,
  autoScalingServiceRoleArn,
  clusterName,
  logBucketName,
  nodeRoleName,
  KeyPurpose,
  kmsKeyAlias,
  resourcePrefix,
  roleArn,
  secretName,
  stateBucketName,
} from "../lib/naming";
import { ReferenceResolver } from "./policy-references";
import { TerraformResource } from "./terraform-model";

/** ELB delivers from its own account: the bucket policy names the account, ELB's role is ours to fake. */
export const ELB_DELIVERY_ROLE = "elb-access-log-delivery";

export class AccessSubjects {
  constructor(
    readonly env: EnvironmentConfig,
    readonly resolver: ReferenceResolver,
  ) {}

  private only(type: string, predicate: (r: TerraformResource) => boolean, what: string): TerraformResource {
    const found = this.resolver.model.ofType(type).filter(predicate);
    if (found.length !== 1) throw new Error(`${this.env.name}: ${found.length} ${type} for ${what}`);
    return found[0];
  }

  private keyArn(purpose: string): string {
    const name = kmsKeyAlias(this.env, purpose as KeyPurpose);
    const alias = this.only("aws_kms_alias", (r) => r.attrs.name === name, name);
    const key = this.resolver.model.resolve(alias.stack, alias.attrs.target_key_id);
    if (!key) throw new Error(`${name}: no key`);
    return this.resolver.arnOf(key);
  }

  private token(name: string, arg: string | undefined): string {
    const env = this.env;
    const { accountId: account, region } = env.aws;
    const named = (type: string, attr: string, value: string) =>
      this.resolver.arnOf(this.only(type, (r) => r.attrs[attr] === value, value));
    switch (name) {
      case "account":
        return account;
      case "region":
        return region;
      case "env":
        return env.name;
      // Stryker disable next-line ConditionalExpression: falls through to {cluster}, which is apim-<env> as well (lib/naming.ts)
      case "prefix":
        return resourcePrefix(env);
      case "cluster":
        return clusterName(env);
      case "role":
        // The node role by its own name (lib/naming.ts); any other by the prefix.
        // Stryker disable next-line ConditionalExpression: nodeRoleName is <cluster>-node, and the cluster is named like the prefix
        return roleArn(env, arg === "node" ? nodeRoleName(env) : `${resourcePrefix(env)}-${arg}`);
      case "admin-role":
        return roleArn(env, env.access.adminRoleNames[0]);
      case "instance":
        return this.resolver.arnOf(this.only("aws_instance", (r) => r.name.startsWith(`${arg}_`), arg!));
      case "autoscaling-slr":
        return autoScalingServiceRoleArn(account);
      case "elb-log-delivery": {
        // ELB's account (its root in the bucket policy: a role of it is ours to fake) or its service principal.
        const principal = elbLogDeliveryPrincipal(region) as { AWS?: string; Service?: string };
        return principal.AWS
          ? principal.AWS.replace(":root", `:role/${ELB_DELIVERY_ROLE}`)
          : String(principal.Service);
      }
      case "key":
        return this.keyArn(arg!);
      case "alias":
        return kmsKeyAlias(env, arg as KeyPurpose);
      case "secret":
        return named("aws_secretsmanager_secret", "name", secretName(env, arg!));
      case "rds-master-secret":
        // RDS names the secret it manages rds!db-<uuid>; it is not a Terraform resource.
        return `arn:aws:secretsmanager:${region}:${account}:secret:rds!db-0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0-AbCdEf`;
      case "db":
        return named("aws_db_instance", "identifier", `${resourcePrefix(env)}-${arg}`);
      case "fs":
        return named("aws_efs_file_system", "creation_token", `${resourcePrefix(env)}-${arg}`);
      case "access-point":
        // The CSI driver provisions one access point per claim: any of them, not a Terraform one.
        return `arn:aws:elasticfilesystem:${region}:${account}:access-point/fsap-0123456789abcdef0`;
      case "zone":
        return named("aws_route53_zone", "name", env.dns.domain);
      case "log-group":
        return named("aws_cloudwatch_log_group", "name", `/apim/${resourcePrefix(env)}/${arg}`);
      case "cluster-arn":
        return `arn:aws:eks:${region}:${account}:cluster/${clusterName(env)}`;
      case "bucket":
        return `arn:aws:s3:::${{ "alb-logs": albLogBucketName, logs: logBucketName, state: stateBucketName }[arg!]!(env)}`;
      case "repo":
        return named("aws_ecr_repository", "name", env.apim.anm.imageRepository);
      default:
        throw new Error(`unknown access table token {${name}${arg ? `:${arg}` : ""}}`);
    }
  }

  fill(template: string): string {
    return template.replace(/\{([a-z-]+)(?::([a-z0-9-]+))?\}/g, (_m, name: string, arg?: string) =>
      this.token(name, arg),
    );
  }

  fillContext(
    context: Readonly<Record<string, string | readonly string[]>> = {},
  ): Record<string, string | string[]> {
    return Object.fromEntries(
      Object.entries(context).map(([k, v]) => [
        this.fill(k),
        typeof v === "string" ? this.fill(v) : v.map((x) => this.fill(x)),
      ]),
    );
  }
}
