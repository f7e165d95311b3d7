// Terraform references in synthesized policies ("${aws_kms_key.x.arn}") resolved to stable fake
// ARNs and ids, so the policies can be evaluated offline. Each is built from the env's account, the
// resource's provider region and its names: the same resource always gets the same value.
import { createHash } from "crypto";
import { EnvironmentConfig } from "../envs/schema";
import { providerRegions, TerraformModel, TerraformResource } from "./terraform-model";

const REFERENCE = /(\$?)\$\{([^}]+)\}/g;

function digest(text: string, length: number): string {
  return createHash("sha256").update(text).digest("hex").slice(0, length);
}

export class ReferenceResolver {
  constructor(
    readonly model: TerraformModel,
    readonly env: EnvironmentConfig,
  ) {}

  regionOf(r: TerraformResource): string {
    const stack = this.model.stacks.find((s) => s.name === r.stack)!;
    const alias =
      // Stryker disable next-line Regex: cdktf writes every AWS provider reference as "aws.<alias>"
      typeof r.attrs.provider === "string" ? r.attrs.provider.replace(/^aws\./, "") : "";
    return providerRegions(stack).get(alias) ?? this.env.aws.region;
  }

  /** A fake physical id of the shape AWS uses for the type. */
  idOf(r: TerraformResource): string {
    const h = digest(r.address, 17);
    switch (r.type) {
      case "aws_kms_key":
        return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(12, 15)}-8${h.slice(15, 17)}0-${digest(h, 12)}`;
      case "aws_efs_file_system":
        return `fs-${h}`;
      case "aws_efs_access_point":
        return `fsap-${h}`;
      case "aws_instance":
        return `i-${h}`;
      case "aws_route53_zone":
        return `Z${h.toUpperCase()}`;
      case "aws_s3_bucket":
        return String(r.attrs.bucket);
      case "aws_secretsmanager_secret":
        return this.arnOf(r);
      default:
        return String(r.attrs.name ?? r.attrs.identifier ?? h);
    }
  }

  arnOf(r: TerraformResource): string {
    const region = this.regionOf(r);
    const account = this.env.aws.accountId;
    const a = r.attrs;
    const regional = (service: string, resource: string) =>
      `arn:aws:${service}:${region}:${account}:${resource}`;
    switch (r.type) {
      case "aws_s3_bucket":
        return `arn:aws:s3:::${String(a.bucket)}`;
      case "aws_kms_key":
        return regional("kms", `key/${this.idOf(r)}`);
      case "aws_kms_alias":
        return regional("kms", String(a.name));
      case "aws_iam_role":
        return `arn:aws:iam::${account}:role/${String(a.name)}`;
      case "aws_iam_policy":
        return `arn:aws:iam::${account}:policy/${String(a.name)}`;
      case "aws_secretsmanager_secret":
        // Secrets Manager appends "-" and six characters to every secret's ARN.
        return regional("secretsmanager", `secret:${String(a.name)}-${digest(r.address, 6)}`);
      case "aws_efs_file_system":
        return regional("elasticfilesystem", `file-system/${this.idOf(r)}`);
      case "aws_efs_access_point":
        return regional("elasticfilesystem", `access-point/${this.idOf(r)}`);
      case "aws_cloudwatch_log_group":
        return regional("logs", `log-group:${String(a.name)}`);
      case "aws_route53_zone":
        return `arn:aws:route53:::hostedzone/${this.idOf(r)}`;
      case "aws_instance":
        return regional("ec2", `instance/${this.idOf(r)}`);
      case "aws_eks_cluster":
        return regional("eks", `cluster/${String(a.name)}`);
      case "aws_db_instance":
        return regional("rds", `db:${String(a.identifier)}`);
      case "aws_ecr_repository":
        return regional("ecr", `repository/${String(a.name)}`);
      default:
        throw new Error(`no fake ARN for ${r.address}`);
    }
  }

  /** The value of one attribute of a resource. */
  attribute(r: TerraformResource, attribute: string): string {
    switch (attribute) {
      case "arn":
        return this.arnOf(r);
      case "id":
      case "key_id":
      case "zone_id":
        return this.idOf(r);
      case "name":
      case "bucket":
      case "identifier":
        return String(r.attrs[attribute]);
      default:
        throw new Error(`no fake value for ${r.address}.${attribute}`);
    }
  }

  /** One "${...}" reference: a resource attribute of this stack or another stack's output. */
  reference(stack: string, ref: string): string {
    const target = this.model.resolve(stack, `\${${ref}}`);
    if (!target) throw new Error(`${stack}: cannot resolve \${${ref}}`);
    // Another stack's output ("data.terraform_remote_state.cross-stack-reference-input-<stack>.outputs.<name>",
    // which model.resolve found): the text of its value in that stack.
    const remote = "data.terraform_remote_state.cross-stack-reference-input-";
    if (ref.startsWith(remote)) {
      const [upstream, name] = ref.slice(remote.length).split(".outputs.");
      const outputs = this.model.stacks.find((s) => s.name === upstream)!.json.output;
      return this.text(upstream, (outputs as Record<string, { value: string }>)[name].value);
    }
    return this.attribute(target, ref.split(".").pop()!);
  }

  /** Every reference in a text replaced; "$${...}" (an escaped IAM policy variable) becomes "${...}". */
  text(stack: string, value: string): string {
    return value.replace(REFERENCE, (_m, escaped: string, ref: string) =>
      escaped ? `\${${ref}}` : this.reference(stack, ref),
    );
  }
}
