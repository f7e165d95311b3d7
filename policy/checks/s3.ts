// S3 buckets that hold state or logs: T32-T36 of the check catalog.
import { perResource, TerraformCheck } from "../check";
import {
  asArray,
  Attrs,
  block,
  referencedTypes,
  s3Backend,
  TerraformModel,
  TerraformResource,
} from "../terraform-model";

function companion(model: TerraformModel, type: string, bucket: TerraformResource): Attrs | undefined {
  return model.referencing(type, "bucket", bucket)[0]?.attrs;
}

export const T32: TerraformCheck = perResource({
  id: "T32",
  title: "S3 public access blocked",
  requirements: ["SEC-3"],
  types: ["aws_s3_bucket"],
  passText: "all four public access block settings are true",
  failures: (bucket, model) => {
    const pab = companion(model, "aws_s3_bucket_public_access_block", bucket);
    if (!pab) return ["no aws_s3_bucket_public_access_block"];
    return ["block_public_acls", "block_public_policy", "ignore_public_acls", "restrict_public_buckets"].map(
      (k) => pab[k] !== true && `${k} is not true`,
    );
  },
});

export const T33: TerraformCheck = perResource({
  id: "T33",
  title: "S3 versioning enabled",
  requirements: ["BAK-1"],
  types: ["aws_s3_bucket"],
  passText: "versioning Enabled",
  failures: (bucket, model) => {
    const versioning = companion(model, "aws_s3_bucket_versioning", bucket);
    return [
      block(versioning ?? {}, "versioning_configuration").status !== "Enabled" && "versioning is not Enabled",
    ];
  },
});

export const T34: TerraformCheck = perResource({
  id: "T34",
  title: "S3 default encryption with a customer-managed KMS key",
  requirements: ["SEC-3"],
  types: ["aws_s3_bucket"],
  passText: "SSE-KMS with a project key and a bucket key",
  failures: (bucket, model) => {
    const sse = companion(model, "aws_s3_bucket_server_side_encryption_configuration", bucket);
    if (!sse) return ["no default encryption configuration"];
    const rule = asArray(sse.rule)[0] ?? {};
    const byDefault = block(rule, "apply_server_side_encryption_by_default");
    return [
      byDefault.sse_algorithm !== "aws:kms" &&
        `sse_algorithm is ${String(byDefault.sse_algorithm)}, not aws:kms`,
      !referencedTypes(byDefault.kms_master_key_id).includes("aws_kms_key") &&
        "kms_master_key_id is not a project KMS key",
      rule.bucket_key_enabled !== true && "bucket_key_enabled is not true",
    ];
  },
});

export const T35: TerraformCheck = perResource({
  id: "T35",
  title: "S3 without ACLs or public principals, TLS only",
  requirements: ["SEC-3"],
  types: ["aws_s3_bucket"],
  passText: "BucketOwnerEnforced, TLS-only policy, no public Allow",
  failures: (bucket, model) => {
    const ownership = companion(model, "aws_s3_bucket_ownership_controls", bucket);
    const policyText = companion(model, "aws_s3_bucket_policy", bucket)?.policy;
    // Stryker disable next-line ArrayDeclaration: a fallback of non-objects is ignored alike (no Effect)
    const statements = typeof policyText === "string" ? asArray<Attrs>(JSON.parse(policyText).Statement) : [];
    const denyTls = statements.some(
      (s) =>
        s.Effect === "Deny" && JSON.stringify(s.Condition ?? {}).includes('"aws:SecureTransport":"false"'),
    );
    // "*" and {"AWS": "*"} alike: the JSON of the principal names "*". No Principal means a
    // NotPrincipal: everyone but those named.
    const publicAllow = statements.some(
      (s) =>
        s.Effect === "Allow" && (s.Principal === undefined || JSON.stringify(s.Principal).includes('"*"')),
    );
    return [
      block(ownership ?? {}, "rule").object_ownership !== "BucketOwnerEnforced" &&
        "object ownership is not BucketOwnerEnforced",
      !denyTls && "bucket policy does not deny aws:SecureTransport=false",
      publicAllow && "bucket policy allows a public principal",
    ];
  },
});

export const T36: TerraformCheck = perResource({
  id: "T36",
  title: "S3 lifecycle cleans up, state buckets replicate to the DR region",
  requirements: ["DR-1"],
  types: ["aws_s3_bucket"],
  passText: "lifecycle aborts incomplete uploads; replication where required",
  failures: (bucket, model) => {
    const lifecycle = companion(model, "aws_s3_bucket_lifecycle_configuration", bucket);
    const aborts = asArray<Attrs>(lifecycle?.rule).some(
      (r) => r.status === "Enabled" && asArray(r.abort_incomplete_multipart_upload).length > 0,
    );
    // A state bucket is one a backend of the model points at (by name, not by reference).
    const isStateBucket = model.stacks.some((s) => s3Backend(s)?.bucket === bucket.attrs.bucket);
    const replicated =
      model.referencing("aws_s3_bucket_replication_configuration", "bucket", bucket).length > 0;
    return [
      !aborts && "no enabled lifecycle rule aborts incomplete multipart uploads",
      isStateBucket && !replicated && "state bucket is not replicated to the DR region (R6)",
    ];
  },
});
