// What the reference architecture sizes and names: storage minimums (STO-2, STO-3), the log
// bucket's lifecycle (STO-5, BAK-2, LOG-1) and the secret inventory (SEC-5).
import { Finding, perResource, TerraformCheck } from "../check";
import { REFERENCE_MINIMUMS } from "../../envs/rules";
import { SECRETS } from "../../lib/secret-inventory";
import { asArray, Attrs, envOfStack, TerraformModel } from "../terraform-model";

export const P6: TerraformCheck = perResource({
  id: "P6",
  title: "Storage at the reference sizes: 50 GB per Cassandra node, 20 GB for MySQL",
  requirements: ["STO-2", "STO-3", "SIZ-2"],
  types: ["aws_ebs_volume", "aws_db_instance"],
  passText: "at or above the reference size",
  failures: (r) =>
    r.type === "aws_ebs_volume"
      ? [
          Number(r.attrs.size) < REFERENCE_MINIMUMS.cassandraVolumeGb &&
            `${String(r.attrs.size)} GB < ${REFERENCE_MINIMUMS.cassandraVolumeGb} GB`,
        ]
      : [
          Number(r.attrs.allocated_storage) < REFERENCE_MINIMUMS.mysqlStorageGb &&
            `${String(r.attrs.allocated_storage)} GB < ${REFERENCE_MINIMUMS.mysqlStorageGb} GB`,
          !(Number(r.attrs.max_allocated_storage) > Number(r.attrs.allocated_storage)) &&
            "no storage autoscaling cap above the allocation",
        ],
});

function logBuckets(model: TerraformModel) {
  return model.ofType("aws_s3_bucket").filter((b) => /-logs-/.test(String(b.attrs.bucket)));
}

export const P7: TerraformCheck = {
  id: "P7",
  title: "Log buckets move old logs to cheaper storage and expire them",
  requirements: ["STO-5", "BAK-2", "LOG-1"],
  evaluate: (model) =>
    logBuckets(model).map((bucket): Finding => {
      const rules = model
        .referencing("aws_s3_bucket_lifecycle_configuration", "bucket", bucket)
        .flatMap((l) => asArray<Attrs>(l.attrs.rule));
      const transitions = rules.some((r) => r.status === "Enabled" && asArray(r.transition).length > 0);
      const expires = rules.some((r) => r.status === "Enabled" && asArray(r.expiration).length > 0);
      const ok = transitions && expires;
      return {
        subject: bucket.address,
        ok,
        message: ok ? "transition and expiry rules" : "no transition or no expiry rule",
      };
    }),
};

export const P8: TerraformCheck = {
  id: "P8",
  title: "Every secret of the inventory exists under apim/<env>/",
  requirements: ["SEC-5", "SEC-3"],
  evaluate: (model) => {
    const stacks = [...new Set(model.ofType("aws_secretsmanager_secret").map((s) => s.stack))];
    return stacks.flatMap((stack) => {
      const env = envOfStack(stack);
      const names = new Set(
        model
          .ofType("aws_secretsmanager_secret")
          .filter((s) => s.stack === stack)
          .map((s) => String(s.attrs.name)),
      );
      return SECRETS.map((spec): Finding => {
        const name = `apim/${env}/${spec.key}`;
        return {
          subject: `${stack}/secret.${spec.key}`,
          ok: names.has(name),
          message: names.has(name) ? name : `${name} is missing`,
        };
      });
    });
  },
};
